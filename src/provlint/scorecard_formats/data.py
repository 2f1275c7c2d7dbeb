"""Machine-readable scorecard reports: JSON (everything) and CSV (one row per source).

CSV cells that a spreadsheet would run as a formula get a leading apostrophe:
source names come from scraped data.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..model import Category
from ..scorecard import MEASURES, worst_first
from .base import ScorecardFormat
from .report import ScorecardReport

CATEGORIES = [c.value for c in Category]


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
    header = ["source", "status", "reason", "documents", "linted", "skipped", "failed", "words", "findings"]
    for m in MEASURES:
        header += [f"{m.key}_value", f"{m.key}_weight", f"{m.key}_ceiling", f"{m.key}_points"]
    header += [f"findings_{c}" for c in CATEGORIES] + [f"share_affected_{c}" for c in CATEGORIES]
    header += ["flesch_mean", "flesch_median", "flesch_p10", "flesch_p90", "languages", "score", "grade"]
    changes = {c.source: c for c in report.comparison.changes} if report.comparison else None
    if changes is not None:
        header += ["previous_score", "change"]
    writer.writerow(header)
    for card in [*worst_first(report.cards.values(), report.weights), report.total]:
        data = card.to_dict(report.weights)
        r = data["readability_summary"] or {}
        row: list[Any] = [
            _cell(card.source),
            data["status"],
            data["reason"],
            card.documents,
            card.linted,
            card.skipped,
            card.failed,
            card.words,
            card.findings,
        ]
        for c in data["costs"]:
            row += [c["value"], c["weight"], c["ceiling"], c["points"]]
        row += [card.by_category.get(c, 0) for c in CATEGORIES]
        row += [data["share_affected"].get(c, 0.0) for c in CATEGORIES]
        row += [r.get("mean", ""), r.get("median", ""), r.get("p10", ""), r.get("p90", "")]
        row += [_cell(";".join(f"{k}:{v}" for k, v in sorted(card.languages.items())))]
        row += ["" if data["score"] is None else data["score"], data["grade"]]
        if changes is not None:
            change = changes.get(card.source)
            row += [
                change.old if change and change.old is not None else "",
                change.delta if change and change.delta is not None else "",
            ]
        writer.writerow(row)
    return buf.getvalue()


class JsonFormat(ScorecardFormat):
    name = "json"
    description = "Counts, measured values, costs, scores and the worst documents as one JSON object."

    def render(self, report: ScorecardReport, color: bool = False) -> str:
        return render_json(report)


class CsvFormat(ScorecardFormat):
    name = "csv"
    description = "One spreadsheet-safe row per source (worst first), then the total."

    def render(self, report: ScorecardReport, color: bool = False) -> str:
        return render_csv(report)
