"""The scorecard table: ``provlint scorecard --format table`` and the table after ``provlint check``'s findings.

One table for both. Each measure's column shows the measured value and the
points it cost (``46.0% -32.1``); the caption gives each measure's weight and
ceiling; an ungraded source shows "n/a" or "too small" and the reason.
Source names come from scraped data: control characters are shown as
escapes, never sent to the terminal.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from ..formatters.base import terminal_safe
from ..scorecard import MEASURES, Scorecard, settings, worst_first
from .base import ScorecardFormat, score_delta, score_text
from .plain_table import TableData, plain_table
from .report import ScorecardReport

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import JustifyMethod
    from rich.table import Table

_GRADE_STYLE = {"A": "green", "B": "green", "C": "yellow", "D": "red", "F": "bold red"}
#: Columns of ``provlint scorecard --format table`` (a table printed after ``check``'s findings fits its stream).
TABLE_WIDTH = 180


def _cell(value: float, unit: str, points: float) -> str:
    shown = f"{value:.1f}%" if unit == "%" else f"{value:.2f}"
    return f"{shown} -{points:.1f}" if points else shown


def _languages(card: Scorecard, limit: int = 3) -> str:
    items = sorted(card.languages.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"{lang} {n}" for lang, n in items[:limit])
    return shown + (" …" if len(items) > limit else "")


def _flesch(card: Scorecard) -> str:
    r = card.readability_summary()
    return f"{r['median']:.1f}" if r else "-"


def caption(weights: Mapping[str, Any] | None) -> str:
    """What each measure column holds and what a unit costs."""
    w = settings(weights)
    parts = [
        f"{m.key} {m.unit if m.unit == '%' else '/1k words'} x{float(w[f'weight-{m.key}']):g} "
        f"(max {float(w[f'ceiling-{m.key}']):g})"
        for m in MEASURES
    ]
    return (
        "Cells: measured value, then points lost. Points = max x (1 - exp(-weight x value / max)): "
        + "; ".join(parts)
        + f". Under {int(w['min-words']):,} words: too small to grade. See docs/scorecard.md."
    )


def scorecard_data(cards: Iterable[Scorecard], weights: Mapping[str, Any] | None, total: Scorecard | None) -> TableData:
    """The table's text: sources worst first, then the total row (when given)."""
    columns: list[tuple[str, str]] = [("source", "left"), ("docs", "right"), ("words", "right")]
    columns += [(m.key + (" %" if m.unit == "%" else " /1k"), "right") for m in MEASURES]
    columns += [("Flesch", "right"), ("languages", "left"), ("score", "right"), ("grade", "center"), ("note", "left")]
    rows = worst_first(cards, weights)
    if total is not None:
        rows.append(total)
    out = []
    for card in rows:
        verdict = card.verdict(weights)
        score = f"{verdict.score:.1f}" if verdict.score is not None else "-"
        cells = (
            terminal_safe(card.source),
            str(card.documents),
            f"{card.words:,}",
            *(_cell(c.value, c.measure.unit, c.points) for c in card.costs(weights)),
            _flesch(card),
            terminal_safe(_languages(card)),
            score,
            verdict.grade,
            verdict.reason,
        )
        out.append((cells, total is not None and len(rows) > 1 and card is rows[-2]))
    return TableData("Scorecard per source (worst first)", caption(weights), tuple(columns), tuple(out))


def scorecard_table(cards: Iterable[Scorecard], weights: Mapping[str, Any] | None, total: Scorecard | None) -> Table:
    """The table as a rich ``Table`` (see :func:`scorecard_data`).

    rich is imported here, not with the module: the module is imported with
    every registry (it is the built-in ``table`` format), and plain text that
    fits is drawn without rich (:func:`draw_scorecard`).
    """
    return _rich_table(scorecard_data(cards, weights, total))


def _rich_table(data: TableData) -> Table:
    from rich.markup import escape as rich_escape
    from rich.table import Table

    table = Table(title=rich_escape(data.title), title_justify="left", caption=rich_escape(data.caption))
    table.caption_justify = "left"
    for column, justify in data.columns:
        # a source name is folded, never cut short; the note wraps
        wrap = column in ("note", "source")
        table.add_column(
            rich_escape(column),
            justify=cast("JustifyMethod", justify),
            no_wrap=not wrap,
            overflow="fold" if column == "source" else "ellipsis",
        )
    names = [name for name, _ in data.columns]
    grade_at = names.index("grade") if "grade" in names else None
    for cells, section_ends in data.rows:
        shown = [rich_escape(c) for c in cells]
        style = _GRADE_STYLE.get(cells[grade_at], "") if grade_at is not None else ""
        if grade_at is not None and style:
            shown[grade_at] = f"[{style}]{cells[grade_at]}[/{style}]"
        table.add_row(*shown, end_section=section_ends)
    return table


def draw_scorecard(
    cards: Iterable[Scorecard], weights: Mapping[str, Any] | None, total: Scorecard | None, width: int, color: bool
) -> str:
    """The table as text ``width`` columns wide: drawn plainly when it is plain text that fits, else by rich."""
    data = scorecard_data(cards, weights, total)
    if not color:
        plain = plain_table(data, width)
        if plain is not None:
            return plain
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, highlight=False, width=width, soft_wrap=False)
    console.print(_rich_table(data))
    return buf.getvalue()


def render_table(report: ScorecardReport, color: bool = False) -> str:
    out = draw_scorecard(report.cards.values(), report.weights, report.total, TABLE_WIDTH, color)
    if report.comparison is None:
        return out
    from rich.console import Console
    from rich.markup import escape as rich_escape
    from rich.table import Table

    buf = io.StringIO()
    console = Console(
        file=buf, force_terminal=color, no_color=not color, highlight=False, width=TABLE_WIDTH, soft_wrap=False
    )
    comp = Table(
        title=f"Change since {rich_escape(terminal_safe(report.comparison.baseline))} (changed first)",
        title_justify="left",
    )
    for column in ("source", "before", "now", "change"):
        comp.add_column(column, justify="left" if column == "source" else "right")
    for c in report.comparison.changes:
        comp.add_row(rich_escape(terminal_safe(c.source)), score_text(c.old), score_text(c.new), score_delta(c.delta))
    console.print(comp)
    return out + buf.getvalue()


class TableFormat(ScorecardFormat):
    name = "table"
    description = "A table per source, worst first: each measure's value and cost, score and grade (default)."

    def render(self, report: ScorecardReport, color: bool = False) -> str:
        return render_table(report, color)
