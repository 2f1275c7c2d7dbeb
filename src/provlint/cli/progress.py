"""A progress line for long runs, on standard error, only on a terminal.

The input is a stream of unknown length, so the bar shows what is known:
documents and megabytes linted so far, the rate and the elapsed time. It is
off when standard error is not a terminal (CI, pipes), with ``--quiet``, and
for machine-readable formats, whose readers do not want terminal noise.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from ..model import DocumentOutcome

#: Formats meant for people; every other format is treated as machine-readable.
HUMAN_FORMATS = frozenset({"text", "grouped"})


def wants_progress(fmt: str, quiet: bool, stream: TextIO | None = None) -> bool:
    stream = stream if stream is not None else sys.stderr
    return not quiet and fmt in HUMAN_FORMATS and bool(getattr(stream, "isatty", lambda: False)())


class ProgressSink:
    """A sink (:mod:`provlint.sink`) showing a transient progress line on standard error."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None
        self._count = 0
        self._chars = 0

    def start(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        columns = (
            SpinnerColumn(),
            TextColumn("linted {task.completed:,.0f} documents"),
            TextColumn("{task.fields[mb]:.1f} MB"),
            TextColumn("{task.fields[rate]:,.0f} docs/s"),
            TimeElapsedColumn(),
        )
        # No refresh thread (auto_refresh=False): the line is redrawn as documents
        # arrive, and --jobs may fork its workers from a single-threaded process.
        self._progress = Progress(*columns, console=Console(file=sys.stderr), transient=True, auto_refresh=False)
        self._progress.start()
        self._task = self._progress.add_task("lint", total=None, mb=0.0, rate=0.0)

    def document(self, outcome: DocumentOutcome) -> None:
        self._count += 1
        self._chars += outcome.chars
        if self._count % 16 == 0 and self._progress is not None:
            elapsed = self._progress.tasks[0].elapsed or 0.0
            rate = self._count / elapsed if elapsed else 0.0
            self._progress.update(self._task, completed=self._count, mb=self._chars / 1e6, rate=rate, refresh=True)

    def finish(self, summary: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def with_progress(outcomes: Iterable[DocumentOutcome], enabled: bool) -> Iterator[DocumentOutcome]:
    """Yield ``outcomes`` unchanged, updating a transient progress line when ``enabled``."""
    if not enabled:
        yield from outcomes
        return
    sink = ProgressSink()
    sink.start()
    try:
        for outcome in outcomes:
            sink.document(outcome)
            yield outcome
    finally:
        sink.finish(None)
