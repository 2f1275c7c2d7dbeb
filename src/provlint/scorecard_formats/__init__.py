"""Scorecard formats: how ``provlint scorecard`` writes a report (table, JSON, CSV, Markdown, HTML).

The counterpart of :mod:`provlint.formatters`, which write findings. Formats
are plugins: built-ins register through the same
``provlint_register_scorecard_formats`` hook a third party's do, and
``--format`` offers whatever the registry holds. :mod:`.report` gathers what a
report shows (scorecards, the overall card, the worst documents, a comparison
with an earlier report).
"""

from __future__ import annotations

from collections.abc import Callable

from ..hookspecs import hookimpl
from .base import ScorecardFormat
from .data import CsvFormat, JsonFormat
from .html import HtmlFormat
from .markdown import MarkdownFormat
from .report import Comparison, ReportBuilder, ScorecardReport, compare, load_report
from .table import TableFormat

__all__ = [
    "Comparison",
    "CsvFormat",
    "HtmlFormat",
    "JsonFormat",
    "MarkdownFormat",
    "ReportBuilder",
    "ScorecardFormat",
    "ScorecardReport",
    "TableFormat",
    "compare",
    "load_report",
    "render",
]


@hookimpl
def provlint_register_scorecard_formats(register: Callable[[type], None]) -> None:
    for cls in (TableFormat, JsonFormat, CsvFormat, MarkdownFormat, HtmlFormat):
        register(cls)


def render(report: ScorecardReport, fmt: str, color: bool = False) -> str:
    """The report in the registered scorecard format ``fmt`` as a string."""
    from ..registry import get_registry

    formats = get_registry().scorecard_formats
    if fmt not in formats:
        raise ValueError(f"unknown scorecard format {fmt!r}; choose from {', '.join(sorted(formats))}")
    instance: ScorecardFormat = formats[fmt].obj()
    return instance.render(report, color)
