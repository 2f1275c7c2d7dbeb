"""Output files of the commands (check ``-o``, ``--write-baseline``, scorecard ``-o``): opened before linting.

Each is an :class:`~provlint.atomic_write.AtomicFile`; a path that cannot be
written ends the command with exit code 2 and a message naming the option and
the path, before any document is linted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

from ..atomic_write import AtomicFile, OutputError
from .main import EXIT_ERROR


@contextmanager
def open_output(path: str, option: str, inputs: tuple[str, ...] = ()) -> Iterator[AtomicFile]:
    """The output file for ``option`` (``-o``, ``--write-baseline``); removed unless committed.

    Refused when it is one of ``inputs`` (the files named on the command line): the report would replace
    the document it is about.
    """
    for name in inputs:
        if name != "-" and _same_file(path, name):
            _fail(OutputError(f"cannot write {option} {path}: it is an input of this run"))
    try:
        out = AtomicFile(path, label=f"{option} {path}")
    except OutputError as exc:
        _fail(exc)
    try:
        yield out
    finally:
        out.discard()  # no-op once committed


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def commit_output(out: AtomicFile) -> None:
    try:
        out.commit()
    except OutputError as exc:
        _fail(exc)


def _fail(exc: OutputError) -> NoReturn:
    click.echo(f"provlint: error: {exc}", err=True)
    sys.exit(EXIT_ERROR)
