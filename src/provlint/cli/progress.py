"""A progress line for long runs, on standard error, only on a terminal.

The input is a stream of unknown length, so the bar shows what is known:
documents and megabytes linted so far, the rate and the elapsed time. It is
off when standard error is not a terminal (CI, pipes), with ``--quiet``, and
for machine-readable formats, whose readers do not want terminal noise.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from ..model import DocumentOutcome

#: Formats meant for people; every other format is treated as machine-readable.
HUMAN_FORMATS = frozenset({"text"})


def wants_progress(fmt: str, quiet: bool, stream: TextIO | None = None) -> bool:
    stream = stream if stream is not None else sys.stderr
    return not quiet and fmt in HUMAN_FORMATS and bool(getattr(stream, "isatty", lambda: False)())


def with_progress(outcomes: Iterable[DocumentOutcome], enabled: bool) -> Iterator[DocumentOutcome]:
    """Yield ``outcomes`` unchanged, updating a transient progress line when ``enabled``."""
    if not enabled:
        yield from outcomes
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(file=sys.stderr)
    columns = (
        SpinnerColumn(),
        TextColumn("linted {task.completed:,.0f} documents"),
        TextColumn("{task.fields[mb]:.1f} MB"),
        TextColumn("{task.fields[rate]:,.0f} docs/s"),
        TimeElapsedColumn(),
    )
    # No refresh thread (auto_refresh=False): the line is redrawn as documents
    # arrive, and --jobs may fork its workers from a single-threaded process.
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("lint", total=None, mb=0.0, rate=0.0)
        chars = 0
        for n, outcome in enumerate(outcomes, start=1):
            chars += outcome.chars
            if n % 16 == 0:
                elapsed = progress.tasks[0].elapsed or 0.0
                progress.update(task, completed=n, mb=chars / 1e6, rate=n / elapsed if elapsed else 0.0, refresh=True)
            yield outcome
