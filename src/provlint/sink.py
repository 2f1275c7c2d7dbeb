"""The sink protocol: where a run's results go.

Every consumer of a run (an output format, a scorecard report, the library's
result collector, fix planning, a progress line) is a sink that
:meth:`provlint.pipeline.Pipeline.run` drives the same way:

1. ``start()`` once, before the first document;
2. ``document(outcome)`` for each input item, in input order (findings the
   baseline holds already removed);
3. ``finish(summary)`` once, with what only the end of the run knows: the
   source rules' findings, the scorecards and the accounting.

A sink that must see findings before the baseline filter (the one that writes
a new baseline) sets ``before_baseline = True``. Finding formatters
(:class:`provlint.formatters.base.Formatter`) are sinks as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from .model import DocumentOutcome

if TYPE_CHECKING:  # pragma: no cover
    from .pipeline import RunSummary


@runtime_checkable
class Sink(Protocol):
    """Receives one run: ``start``, ``document`` per input item in input order, ``finish``."""

    def start(self) -> None:
        """Called once before the first document."""

    def document(self, outcome: DocumentOutcome) -> None:
        """One input item's outcome, in input order."""

    def finish(self, summary: RunSummary) -> None:
        """The end of the run: late findings, scorecards, accounting."""


def before_baseline(sink: object) -> bool:
    """Whether ``sink`` wants findings the baseline hides (see the module docstring)."""
    return bool(getattr(sink, "before_baseline", False))


__all__ = ["Sink", "before_baseline"]
