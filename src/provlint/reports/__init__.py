"""Scorecard reports people read: a table, JSON, CSV, Markdown and a self-contained HTML page.

:mod:`.model` gathers what a report shows (scorecards, the overall card, the
worst documents, a comparison with an earlier report); :mod:`.text` and
:mod:`.html` render it. ``provlint scorecard`` drives them.
"""

from __future__ import annotations

from .model import Comparison, ReportBuilder, ScorecardReport, compare, load_report

FORMATS = ("table", "json", "csv", "markdown", "html")

__all__ = ["FORMATS", "Comparison", "ReportBuilder", "ScorecardReport", "compare", "load_report", "render"]


def render(report: ScorecardReport, fmt: str, color: bool = False) -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`) as a string."""
    from . import html, text

    if fmt == "html":
        return html.render_html(report)
    renderers = {
        "table": lambda: text.render_table(report, color),
        "json": lambda: text.render_json(report),
        "csv": lambda: text.render_csv(report),
        "markdown": lambda: text.render_markdown(report),
    }
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")
    return renderers[fmt]()
