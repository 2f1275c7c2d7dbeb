"""The Markdown report, for a pull request or a wiki.

Text from documents is made inert once: ``<``, ``>`` and ``&`` become
entities and Markdown's own syntax is backslash-escaped (an apostrophe stays
an apostrophe: ``Italy's``, not ``Italy&\\#x27;s``). Each worst document shows
an excerpt once, however many findings share it.
"""

from __future__ import annotations

from ..formatters.base import escape_controls
from ..scorecard import MEASURES, Scorecard, settings
from .base import ScorecardFormat, score_delta, score_text
from .report import ScorecardReport

_MARKDOWN_SPECIAL = "\\`*_{}[]()#+!|~"


def md(text: str) -> str:
    """Document text made inert in Markdown: one line, control and bidirectional characters shown as escapes
    (:func:`~provlint.formatters.base.escape_controls`), HTML's ``& < >`` as entities, Markdown syntax escaped."""
    out = escape_controls(" ".join(str(text).split())).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in out)


def _score(card: Scorecard, report: ScorecardReport) -> str:
    v = card.verdict(report.weights)
    return f"{v.score:.1f}" if v.score is not None else v.grade


def how_it_works(report: ScorecardReport) -> list[str]:
    w = settings(report.weights)
    lines = [
        "## How the score works",
        "",
        "100 minus the points each measure costs; a measure costs "
        "`max x (1 - exp(-weight x value / max))`: `weight` points per unit at first, never more than `max`. "
        f"Sources under {int(w['min-words']):,} words are too small to grade; sources with no linted words are n/a.",
        "",
        "| measure | rules | value | weight | max |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    for m in MEASURES:
        lines.append(
            f"| {m.key} | {m.codes} | {m.unit} {md(m.what)} | {float(w[f'weight-{m.key}']):g} | "
            f"{float(w[f'ceiling-{m.key}']):g} |"
        )
    return lines


def render_markdown(report: ScorecardReport) -> str:
    total = report.total
    tv = total.verdict(report.weights)
    overall = f"**{tv.score:.1f} ({tv.grade})**" if tv.score is not None else f"**{tv.grade}** ({md(tv.reason)})"
    lines = [
        "# provlint scorecard",
        "",
        f"Overall: {overall} over {total.documents} documents and {total.words:,} words from "
        f"{len(report.cards)} sources. Sources worst first; each measure cell is the measured value and the points "
        "it cost.",
        "",
    ]
    head = ["source", "docs", "words"] + [f"{m.key} ({'%' if m.unit == '%' else 'per 1k words'})" for m in MEASURES]
    head += ["score", "grade"]
    lines += ["| " + " | ".join(head) + " |", "| --- | " + " | ".join("---:" for _ in head[1:]) + " |"]
    for card in [*report.worst_first(), total]:
        cells = [md(card.source), str(card.documents), f"{card.words:,}"]
        for c in card.costs(report.weights):
            value = f"{c.value:.1f}%" if c.measure.unit == "%" else f"{c.value:.2f}"
            cells.append(f"{value} (-{c.points:.1f})" if c.points else value)
        cells += [_score(card, report), card.grade(report.weights)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", *how_it_works(report), "", "## Why each score", ""]
    for card in report.worst_first():
        v = card.verdict(report.weights)
        if v.score is None:
            lines.append(f"- **{md(card.source)}** {v.grade}: {md(v.reason)}")
            continue
        costs = [c for c in card.costs(report.weights) if c.points]
        why = "; ".join(c.describe() for c in sorted(costs, key=lambda c: -c.points)) or "no measure cost points"
        lines.append(f"- **{md(card.source)}** {v.score:.1f}: {why}")
    if report.comparison is not None:
        lines += [
            "",
            f"## Change since {md(report.comparison.baseline)} (changed first)",
            "",
            "| source | before | now | change |",
            "| --- | ---: | ---: | ---: |",
        ]
        for ch in report.comparison.changes:
            lines.append(f"| {md(ch.source)} | {score_text(ch.old)} | {score_text(ch.new)} | {score_delta(ch.delta)} |")
    if report.worst:
        lines += ["", "## Worst documents", ""]
        for doc in report.worst:
            where = f" `{md(doc.path)}`" if doc.path and doc.path != doc.document_id else ""
            lines.append(f"- **{md(doc.label)}**{where} ({md(doc.source)}, {doc.total_findings} findings)")
            quoted: set[str] = set()
            for f in doc.findings:
                excerpt = f.get("excerpt") or ""
                fresh = excerpt and excerpt not in quoted and excerpt not in f["message"]
                quote = f" (“{md(excerpt)}”)" if fresh else ""
                quoted.add(excerpt)
                lines.append(f"  - {f['line']}:{f['column']} {f['code']} {md(f['message'])}{quote}")
    return "\n".join(lines) + "\n"


class MarkdownFormat(ScorecardFormat):
    name = "markdown"
    description = "Markdown: the table worst first, how the score works, why each score, the worst documents."

    def render(self, report: ScorecardReport, color: bool = False) -> str:
        return render_markdown(report)
