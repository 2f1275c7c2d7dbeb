"""The CLI's last line of defence: an error nobody expected becomes one line and exit code 2.

A traceback ends a Python program with exit code 1, which provlint's
convention (and every CI gate built on it) reads as "findings". So
:func:`provlint.cli.main.main` catches whatever a command let through and
reports it here: what went wrong, which input was being read when it did
(commands pass their inputs through :func:`tracked`), and how to see the
traceback (``--verbose``).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

#: The input most recently handed to the pipeline (a path or a document label), for the crash message.
_current: str | None = None


def note_input(label: str | None) -> None:
    global _current
    _current = label


def current_input() -> str | None:
    return _current


def label_of(item: object) -> str | None:
    """How a read item (a Document or a ReadProblem) names its input."""
    path = getattr(item, "path", None)
    if path:
        return str(path)
    ident = getattr(item, "id", None) or getattr(item, "document_id", None)
    return str(ident) if ident else None


def tracked(paths: Iterable[str], read: Callable[[list[str]], Iterable[T]]) -> Iterator[T]:
    """``read(paths)``, one path argument at a time, remembering which one is being read.

    While a path's items are produced the path is the input named by
    :func:`report_crash` (the folder, for a file inside it: the item last
    produced may belong to another file); while the consumer works on an
    item, that item's own label is.
    """
    for path in paths:
        note_input(path)
        for item in read([path]):
            note_input(label_of(item))
            yield item
            note_input(path)


class NoteInputs:
    """A sink, first in a run's list, naming the document being reported (and none once the run ends).

    Parallel runs read ahead of what is reported, so while sinks handle an
    outcome, that outcome's own path is the input a crash message names.
    """

    def start(self) -> None:
        pass

    def document(self, outcome: object) -> None:
        note_input(label_of(outcome) or getattr(outcome, "document_id", None))

    def finish(self, summary: object) -> None:
        note_input(None)


def wants_traceback(args: Iterable[str]) -> bool:
    """``--verbose``/``-v`` on the command line (before ``--``), or ``PROVLINT_TRACEBACK=1``."""
    if os.environ.get("PROVLINT_TRACEBACK", "").strip() not in ("", "0"):
        return True
    for arg in args:
        if arg == "--":
            break
        if arg in ("-v", "--verbose"):
            return True
    return False


def describe(exc: BaseException) -> str:
    """``Type: message``, even when the exception's ``str()`` itself fails or is empty."""
    try:
        text = str(exc)
    except Exception:
        text = "(its message could not be shown)"
    text = " ".join(text.split())
    if len(text) > 300:
        text = text[:297] + "..."
    name = type(exc).__name__
    if isinstance(exc, RecursionError):
        return f"{name}: the input is nested too deeply to process"
    return f"{name}: {text}" if text else name


def report_crash(exc: BaseException, verbose: bool) -> None:
    """Write the one-line message (and, with ``verbose``, the traceback) to standard error."""
    where = _current
    filename = getattr(exc, "filename", None)
    if isinstance(filename, str) and filename:
        where = filename
    message = f"provlint: error: unexpected {describe(exc)}"
    if where:
        message += f" (while reading {where!r})"
    if verbose:
        try:
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
        except Exception:
            pass
    else:
        message += "; rerun with --verbose for the traceback"
    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except Exception:
        pass
