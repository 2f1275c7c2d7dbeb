"""``--format jsonl``: one JSON object per line, written as each document is linted.

Each finding is ``{"type": "finding", ...every field, "fingerprint": ...}``;
the last line is ``{"type": "summary", ...}`` with the accounting, the counts
per severity and per rule, the scorecards and provlint's version. A consumer
can process findings while the run goes on and knows the run completed when
the summary arrives.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..fingerprint import Fingerprinter
from ..model import DocumentOutcome, Finding
from ..pipeline import RunSummary
from .base import Formatter


class JsonLinesFormatter(Formatter):
    name = "jsonl"
    description = "One JSON object per finding per line (streamed), then a summary record with the counts."

    def start(self) -> None:
        self.fingerprint = Fingerprinter()
        self.by_severity: Counter[str] = Counter()
        self.by_rule: Counter[str] = Counter()

    def _write(self, record: dict[str, Any]) -> None:
        # ensure_ascii: a U+2028 or a stray control character in scraped text
        # can never split or break a line.
        self.stream.write(json.dumps(record, ensure_ascii=True, sort_keys=False) + "\n")

    def _finding(self, f: Finding) -> None:
        self.by_severity[f.severity.value] += 1
        self.by_rule[f.code] += 1
        self._write({"type": "finding", **f.to_dict(), "fingerprint": self.fingerprint(f)})

    def document(self, outcome: DocumentOutcome) -> None:
        for f in outcome.findings:
            self._finding(f)
        self.stream.flush()

    def finish(self, summary: RunSummary) -> None:
        for f in summary.source_findings:
            self._finding(f)
        self._write(
            {
                "type": "summary",
                "tool": "provlint",
                "version": self.context.version,
                "findings": sum(self.by_severity.values()),
                "severities": {s: self.by_severity[s] for s in ("error", "warning", "info")},
                "rules": dict(sorted(self.by_rule.items())),
                "stats": summary.stats.to_dict(),
                "scorecards": {s: c.to_dict(self.context.weights) for s, c in summary.scorecards.items()},
            }
        )
        self.stream.flush()
