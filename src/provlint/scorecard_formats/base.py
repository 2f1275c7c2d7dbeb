"""The scorecard format interface: a whole report in, one string out.

Scorecard formats are plugins like finding formatters: a class with a
``name`` (the ``provlint scorecard --format`` choice), a ``description`` and
``render(report, color)``, contributed through the
``provlint_register_scorecard_formats`` hook (built-ins included).

Every format embeds text from scraped data (source names, ids, URLs,
messages, excerpts) and must make it inert for its medium.
"""

from __future__ import annotations

from typing import ClassVar

from .report import ScorecardReport


class ScorecardFormat:
    """One way to write a :class:`~provlint.scorecard_formats.report.ScorecardReport`."""

    name: ClassVar[str]
    description: ClassVar[str]

    def render(self, report: ScorecardReport, color: bool = False) -> str:
        """The whole report as text (``color``: the terminal understands ANSI styles)."""
        raise NotImplementedError


def score_text(value: float | None) -> str:
    """A score as the text formats print it: one decimal, or ``n/a`` for an ungraded source."""
    return "n/a" if value is None else f"{value:.1f}"


def score_delta(value: float | None) -> str:
    """A score's change between two reports, signed, or ``-`` when either side has no score."""
    return "-" if value is None else f"{value:+.1f}"
