"""What a scorecard report holds, built while documents stream past.

Only bounded state is kept besides the scorecards themselves: the
``worst`` documents (highest severity-weighted findings per 1,000 words,
then most findings), each with at most :data:`MAX_FINDINGS_SHOWN` findings.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import DocumentOutcome, Finding
from ..scorecard import MEASURES, SCORECARD_DEFAULTS, Scorecard, worst_first

MAX_FINDINGS_SHOWN = 20
REPORT_VERSION = 2
OVERALL = "(all)"


@dataclass(frozen=True)
class DocumentEntry:
    """One of the worst documents, with the findings shown for it."""

    document_id: str
    source: str
    path: str | None
    words: int
    badness: float
    findings: tuple[Mapping[str, Any], ...]
    total_findings: int
    url: str | None = None

    @property
    def label(self) -> str:
        """How reports name the document: its id, and its URL when it has one."""
        return f"{self.document_id} ({self.url})" if self.url and self.url != self.document_id else self.document_id

    def to_dict(self) -> dict[str, Any]:
        return {
            "document_id": self.document_id,
            "url": self.url,
            "source": self.source,
            "path": self.path,
            "words": self.words,
            "badness": round(self.badness, 2),
            "total_findings": self.total_findings,
            "findings": list(self.findings),
        }


def _finding_view(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "category": f.category,
        "severity": f.severity.value,
        "line": f.line,
        "column": f.column,
        "message": f.message,
        "excerpt": f.excerpt,
    }


@dataclass
class ScorecardReport:
    cards: dict[str, Scorecard]
    weights: Mapping[str, Any]
    worst: list[DocumentEntry] = field(default_factory=list)
    version: str = ""
    comparison: Comparison | None = None

    @property
    def total(self) -> Scorecard:
        return Scorecard.total(self.cards.values())

    def worst_first(self) -> list[Scorecard]:
        """The sources from the lowest score up, ungraded ones last."""
        return worst_first(self.cards.values(), self.weights)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "tool": "provlint",
            "report": "scorecard",
            "report_version": REPORT_VERSION,
            "version": self.version,
            "weights": dict(sorted({**SCORECARD_DEFAULTS, **self.weights}.items())),
            "measures": {m.key: {"codes": m.codes, "unit": m.unit, "what": m.what} for m in MEASURES},
            "overall": self.total.to_dict(self.weights),
            "sources": {s: c.to_dict(self.weights) for s, c in sorted(self.cards.items())},
            "worst_documents": [d.to_dict() for d in self.worst],
        }
        if self.comparison is not None:
            data["comparison"] = self.comparison.to_dict()
        return data


class ReportBuilder:
    """Collects the worst documents while outcomes stream past (bounded memory)."""

    def __init__(self, weights: Mapping[str, Any] | None = None, worst: int = 10) -> None:
        self.weights = {**SCORECARD_DEFAULTS, **(weights or {})}
        self.limit = worst
        self._heap: list[tuple[float, int, int, DocumentEntry]] = []

    def add(self, outcome: DocumentOutcome) -> None:
        if not outcome.findings or self.limit <= 0:
            return
        weighted = sum(float(self.weights.get(f"severity-{f.severity.value}", 1.0)) for f in outcome.findings)
        badness = 1000.0 * weighted / max(outcome.words, 100)
        key = (badness, len(outcome.findings), -outcome.index)
        if len(self._heap) >= self.limit and key <= self._heap[0][:3]:
            return
        entry = DocumentEntry(
            outcome.document_id,
            outcome.source,
            outcome.path,
            outcome.words,
            badness,
            tuple(_finding_view(f) for f in outcome.findings[:MAX_FINDINGS_SHOWN]),
            len(outcome.findings),
            outcome.url,
        )
        item = (*key, entry)
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, item)
        else:
            heapq.heapreplace(self._heap, item)

    def build(self, cards: Mapping[str, Scorecard], version: str = "") -> ScorecardReport:
        worst = [e for *_, e in sorted(self._heap, key=lambda t: t[:3], reverse=True)]
        return ScorecardReport(dict(sorted(cards.items())), self.weights, worst, version)


# -- comparison -------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    source: str
    old: float | None
    new: float | None

    @property
    def delta(self) -> float | None:
        return None if self.old is None or self.new is None else round(self.new - self.old, 1)

    @property
    def changed(self) -> bool:
        """The score moved, or the source gained or lost its score."""
        return self.old != self.new


@dataclass(frozen=True)
class Comparison:
    baseline: str
    #: changed sources first (largest move first), then unchanged ones, the overall score last
    changes: tuple[Change, ...]

    def drops_over(self, threshold: float) -> list[Change]:
        return [c for c in self.changes if c.delta is not None and -c.delta > threshold]

    def to_dict(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline,
            "changes": [{"source": c.source, "old": c.old, "new": c.new, "delta": c.delta} for c in self.changes],
        }


class ReportError(Exception):
    """An earlier report that cannot be read."""


def load_report(path: str | Path) -> dict[str, float | None]:
    """Scores by source (and ``(all)``) from an earlier ``provlint scorecard --format json``
    report, or from ``provlint check --format json`` output (its ``scorecards``).
    An ungraded source (score null) maps to None."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"{path}: cannot read report: {exc}") from exc
    if not isinstance(data, dict):
        raise ReportError(f"{path}: not a provlint JSON report")
    sources = data.get("sources", data.get("scorecards"))
    if not isinstance(sources, dict):
        raise ReportError(f"{path}: not a provlint JSON report (no 'sources' or 'scorecards')")
    scores: dict[str, float | None] = {}
    for name, card in sources.items():
        if isinstance(card, dict) and isinstance(card.get("score"), (int, float)):
            scores[str(name)] = float(card["score"])
        elif isinstance(card, dict) and "score" in card and card["score"] is None:
            scores[str(name)] = None
    overall = data.get("overall")
    if isinstance(overall, dict) and isinstance(overall.get("score"), (int, float)):
        scores[OVERALL] = float(overall["score"])
    return scores


def compare(report: ScorecardReport, baseline: Mapping[str, float | None], label: str) -> Comparison:
    now: dict[str, float | None] = {s: c.score(report.weights) for s, c in report.cards.items()}
    now[OVERALL] = report.total.score(report.weights)
    names: Iterable[str] = set(now) | set(baseline)
    changes = [Change(s, baseline.get(s), now.get(s)) for s in names]

    def order(c: Change) -> tuple[int, int, float, str]:
        if c.source == OVERALL:
            return (3, 0, 0.0, c.source)
        if c.delta is not None and c.delta != 0:
            return (0, 0, -abs(c.delta), c.source)
        if c.changed:  # appeared, disappeared, gained or lost a score
            return (1, 0, 0.0, c.source)
        return (2, 0, 0.0, c.source)

    return Comparison(label, tuple(sorted(changes, key=order)))
