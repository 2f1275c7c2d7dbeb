"""``--format json``: one JSON document with every finding, the scorecards,
the accounting and provlint's version."""

from __future__ import annotations

import json
from typing import Any

from ..engine import DocumentOutcome
from ..pipeline import RunSummary
from .base import Formatter


class JsonFormatter(Formatter):
    name = "json"
    description = "One JSON document: findings (all fields), per-source scorecards, accounting, version."

    def start(self) -> None:
        self.findings: list[dict[str, Any]] = []

    def document(self, outcome: DocumentOutcome) -> None:
        self.findings.extend(f.to_dict() for f in outcome.findings)

    def finish(self, summary: RunSummary) -> None:
        self.findings.extend(f.to_dict() for f in summary.source_findings)
        report = {
            "tool": "provlint",
            "version": self.context.version,
            "findings": self.findings,
            "scorecards": {s: c.to_dict(self.context.weights) for s, c in summary.scorecards.items()},
            "stats": summary.stats.to_dict(),
        }
        if self.context.statistics:
            counts: dict[str, int] = {}
            for f in self.findings:
                counts[f["code"]] = counts.get(f["code"], 0) + 1
            report["statistics"] = dict(sorted(counts.items()))
        # ensure_ascii keeps the output valid JSON and 7-bit whatever the text holds.
        json.dump(report, self.stream, indent=2, ensure_ascii=True)
        self.stream.write("\n")
