"""Output files of the commands (check ``-o``, ``--write-baseline``, scorecard ``-o``): opened before linting.

Each is an :class:`~provlint.atomic_write.AtomicFile`; a path that cannot be
written ends the command with exit code 2 and a message naming the option and
the path, before any document is linted.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

from ..atomic_write import AtomicFile, OutputError
from .main import EXIT_ERROR


@contextmanager
def open_output(path: str, option: str) -> Iterator[AtomicFile]:
    """The output file for ``option`` (``-o``, ``--write-baseline``); removed unless committed."""
    try:
        out = AtomicFile(path, label=f"{option} {path}")
    except OutputError as exc:
        _fail(exc)
    try:
        yield out
    finally:
        out.discard()  # no-op once committed


def commit_output(out: AtomicFile) -> None:
    try:
        out.commit()
    except OutputError as exc:
        _fail(exc)


def _fail(exc: OutputError) -> NoReturn:
    click.echo(f"provlint: error: {exc}", err=True)
    sys.exit(EXIT_ERROR)
