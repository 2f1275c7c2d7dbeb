"""Table (rich), JSON, CSV and Markdown renderings of a scorecard report.

Source names and document text come from scraped data: the table strips
control characters, CSV cells that a spreadsheet would run as a formula are
quoted with a leading apostrophe, Markdown escapes its own syntax and HTML.
"""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

from rich.console import Console
from rich.markup import escape as rich_escape
from rich.table import Table

from ..formatters.base import escape_controls, terminal_safe
from ..model import Category
from ..scorecard import Scorecard
from .model import ScorecardReport

CATEGORIES = [c.value for c in Category]
_GRADE_STYLE = {"A": "green", "B": "green", "C": "yellow", "D": "red", "F": "bold red"}


def _rows(report: ScorecardReport) -> list[Scorecard]:
    return [*report.cards.values(), report.total]


def _languages(card: Scorecard, limit: int = 3) -> str:
    items = sorted(card.languages.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"{lang} {n}" for lang, n in items[:limit])
    return shown + (" …" if len(items) > limit else "")


def _flesch(card: Scorecard) -> str:
    r = card.readability_summary()
    return f"{r['median']:.1f}" if r else "-"


def render_table(report: ScorecardReport, color: bool = False) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, highlight=False, width=160, soft_wrap=False)
    table = Table(title="Scorecard per source", title_justify="left")
    for column, justify in (
        ("source", "left"),
        ("docs", "right"),
        ("words", "right"),
        ("findings", "right"),
        ("per 1k words", "right"),
        ("boilerplate", "right"),
        ("Flesch (median)", "right"),
        ("languages", "left"),
        ("score", "right"),
        ("grade", "center"),
        ("largest penalty", "left"),
    ):
        table.add_column(column, justify=justify, no_wrap=column != "largest penalty")  # type: ignore[arg-type]
    for card in _rows(report):
        data = card.to_dict(report.weights)
        grade = data["grade"]
        style = _GRADE_STYLE.get(grade, "")
        explanation = data["explanation"]
        table.add_row(
            rich_escape(terminal_safe(card.source)),
            str(card.documents),
            f"{card.words:,}",
            str(card.findings),
            f"{data['findings_per_1000_words']:.1f}",
            f"{100 * data['boilerplate_share']:.1f}%",
            _flesch(card),
            rich_escape(terminal_safe(_languages(card))),
            f"{data['score']:.1f}",
            f"[{style}]{grade}[/{style}]" if style else grade,
            rich_escape(explanation[0]) if explanation else "",
            end_section=card.source == next(reversed(report.cards), None),
        )
    console.print(table)
    if report.comparison is not None:
        comp = Table(
            title=f"Change since {rich_escape(terminal_safe(report.comparison.baseline))}", title_justify="left"
        )
        for column in ("source", "before", "now", "change"):
            comp.add_column(column, justify="left" if column == "source" else "right")
        for c in report.comparison.changes:
            comp.add_row(rich_escape(terminal_safe(c.source)), _num(c.old), _num(c.new), _delta(c.delta))
        console.print(comp)
    return buf.getvalue()


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _delta(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}"


def render_json(report: ScorecardReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=True) + "\n"


def _cell(value: Any) -> Any:
    """Spreadsheet-safe: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def render_csv(report: ScorecardReport) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    header = ["source", "documents", "words", "findings", "findings_per_1000_words", "boilerplate_share"]
    header += [f"findings_{c}" for c in CATEGORIES] + [f"share_affected_{c}" for c in CATEGORIES]
    header += ["flesch_mean", "flesch_median", "flesch_p10", "flesch_p90", "languages", "score", "grade"]
    changes = {c.source: c for c in report.comparison.changes} if report.comparison else None
    if changes is not None:
        header += ["previous_score", "change"]
    writer.writerow(header)
    for card in _rows(report):
        data = card.to_dict(report.weights)
        r = data["readability_summary"] or {}
        row: list[Any] = [
            _cell(card.source),
            card.documents,
            card.words,
            card.findings,
            data["findings_per_1000_words"],
            data["boilerplate_share"],
        ]
        row += [card.by_category.get(c, 0) for c in CATEGORIES]
        row += [data["share_affected"].get(c, 0.0) for c in CATEGORIES]
        row += [r.get("mean", ""), r.get("median", ""), r.get("p10", ""), r.get("p90", "")]
        row += [_cell(";".join(f"{k}:{v}" for k, v in sorted(card.languages.items()))), data["score"], data["grade"]]
        if changes is not None:
            change = changes.get(card.source)
            row += [
                change.old if change and change.old is not None else "",
                change.delta if change and change.delta is not None else "",
            ]
        writer.writerow(row)
    return buf.getvalue()


def md(text: str) -> str:
    """Document text made inert in Markdown: control and bidirectional characters shown as escapes
    (:func:`~provlint.formatters.base.escape_controls`), HTML escaped, Markdown syntax backslash-escaped."""
    out = html.escape(escape_controls(" ".join(str(text).split())), quote=True)
    for ch in "\\`*_{}[]()#+!|~>":
        out = out.replace(ch, "\\" + ch)
    return out


def render_markdown(report: ScorecardReport) -> str:
    lines = ["# provlint scorecard", ""]
    total = report.total
    lines.append(
        f"Overall: **{total.score(report.weights):.1f} ({total.grade(report.weights)})** over "
        f"{total.documents} documents and {total.words:,} words."
    )
    lines += [
        "",
        "| source | docs | words | findings | per 1k words | boilerplate | Flesch (median) | languages | score | grade |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | :---: |",
    ]
    for card in _rows(report):
        d = card.to_dict(report.weights)
        lines.append(
            f"| {md(card.source)} | {card.documents} | {card.words:,} | {card.findings} | "
            f"{d['findings_per_1000_words']:.1f} | {100 * d['boilerplate_share']:.1f}% | {_flesch(card)} | "
            f"{md(_languages(card))} | {d['score']:.1f} | {d['grade']} |"
        )
    lines += ["", "## Why each score", ""]
    for card in report.cards.values():
        explanation = card.explain(report.weights)
        lines.append(
            f"- **{md(card.source)}** {card.score(report.weights):.1f}: "
            + ("; ".join(md(e) for e in explanation) if explanation else "no penalties")
        )
    if report.comparison is not None:
        lines += [
            "",
            f"## Change since {md(report.comparison.baseline)}",
            "",
            "| source | before | now | change |",
            "| --- | ---: | ---: | ---: |",
        ]
        for c in report.comparison.changes:
            lines.append(f"| {md(c.source)} | {_num(c.old)} | {_num(c.new)} | {_delta(c.delta)} |")
    if report.worst:
        lines += ["", "## Worst documents", ""]
        for doc in report.worst:
            lines.append(f"- **{md(doc.path or doc.document_id)}** ({md(doc.source)}, {doc.total_findings} findings)")
            for f in doc.findings:
                quote = f" (“{md(f['excerpt'])}”)" if f.get("excerpt") else ""
                lines.append(f"  - {f['line']}:{f['column']} {f['code']} {md(f['message'])}{quote}")
    return "\n".join(lines) + "\n"
