"""Per-source scorecards: mergeable values built per document.

A :class:`Scorecard` holds only counts and sums (and fixed-bin histograms), so
``merge`` is associative and commutative: scorecards built in any order, in
any number of processes or on a cluster, merge to exactly the serial result.
Derived figures (rates, the score, the grade) are computed from those counts
when asked for, never stored.

The score (0-100) starts at 100 and loses, per category, its weight times the
severity-weighted findings per 1,000 words, capped per category; see
docs/scorecard.md. Weights live in ``[tool.provlint.scorecard]``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .config import register_section
from .engine import DocumentOutcome
from .model import Category, Finding

SCORECARD_DEFAULTS: dict[str, Any] = {
    # points lost per severity-weighted finding per 1,000 words, by category
    "weight-engine": 2.0,
    "weight-scraping": 1.5,
    "weight-duplication": 1.5,
    "weight-attribution": 2.0,
    "weight-rewrite": 2.5,
    "weight-language": 1.0,
    # most points one category can cost
    "category-cap": 30.0,
    # how much one finding of each severity counts
    "severity-error": 2.0,
    "severity-warning": 1.0,
    "severity-info": 0.25,
}
register_section("scorecard", SCORECARD_DEFAULTS)

BOILERPLATE_CATEGORIES = frozenset({Category.SCRAPING.value, Category.DUPLICATION.value})
GRADES = ((90.0, "A"), (80.0, "B"), (70.0, "C"), (60.0, "D"))


@dataclass
class Scorecard:
    source: str
    documents: int = 0
    linted: int = 0
    skipped: int = 0
    failed: int = 0
    words: int = 0
    chars: int = 0
    boilerplate_chars: int = 0
    findings: int = 0
    by_code: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)
    #: documents with at least one finding in the category
    documents_affected: Counter[str] = field(default_factory=Counter)
    #: severity-weighted finding counts by category (sums of fixed weights)
    weighted: dict[str, float] = field(default_factory=dict)

    # -- building -----------------------------------------------------------------

    @classmethod
    def from_outcome(cls, outcome: DocumentOutcome, weights: Mapping[str, Any] | None = None) -> Scorecard:
        card = cls(source=outcome.source, documents=1)
        if outcome.status == "linted":
            card.linted = 1
        elif outcome.status == "skipped":
            card.skipped = 1
        else:
            card.failed = 1
        card.words = outcome.words
        card.chars = outcome.chars
        card.add_findings(outcome.findings, weights, per_document=True)
        card.boilerplate_chars = _covered_chars(f for f in outcome.findings if f.category in BOILERPLATE_CATEGORIES)
        return card

    def add_findings(self, findings: Iterable[Finding], weights: Mapping[str, Any] | None = None, per_document: bool = False) -> None:
        """Count findings. ``per_document``: they all belong to one document (affects shares)."""
        w = {**SCORECARD_DEFAULTS, **(weights or {})}
        categories: set[str] = set()
        for f in findings:
            self.findings += 1
            self.by_code[f.code] += 1
            self.by_category[f.category] += 1
            self.by_severity[f.severity.value] += 1
            self.weighted[f.category] = self.weighted.get(f.category, 0.0) + float(w[f"severity-{f.severity.value}"])
            categories.add(f.category)
        if per_document:
            for c in categories:
                self.documents_affected[c] += 1

    def merge(self, other: Scorecard) -> Scorecard:
        """Add ``other`` into this scorecard (same source) and return self."""
        if other.source != self.source:
            raise ValueError(f"cannot merge scorecards of {self.source!r} and {other.source!r}")
        for name in ("documents", "linted", "skipped", "failed", "words", "chars", "boilerplate_chars", "findings"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("by_code", "by_category", "by_severity", "documents_affected"):
            mine: Counter[Any] = getattr(self, name)
            mine.update(getattr(other, name))
        for category, value in other.weighted.items():
            self.weighted[category] = self.weighted.get(category, 0.0) + value
        return self

    # -- derived figures ----------------------------------------------------------

    def per_1000_words(self, count: float) -> float:
        return 1000.0 * count / self.words if self.words else 0.0

    def penalties(self, weights: Mapping[str, Any] | None = None) -> list[tuple[str, float, float]]:
        """(category, points lost, weighted findings per 1,000 words), largest loss first."""
        w = {**SCORECARD_DEFAULTS, **(weights or {})}
        out = []
        for category in sorted(self.weighted):
            rate = self.per_1000_words(self.weighted[category])
            if not self.words:
                rate = float(self.weighted[category])
            loss = min(float(w["category-cap"]), float(w.get(f"weight-{category}", 1.0)) * rate)
            if loss > 0:
                out.append((category, loss, rate))
        return sorted(out, key=lambda t: (-t[1], t[0]))

    def score(self, weights: Mapping[str, Any] | None = None) -> float:
        if not self.documents:
            return 100.0
        return round(max(0.0, 100.0 - sum(loss for _, loss, _ in self.penalties(weights))), 1)

    def grade(self, weights: Mapping[str, Any] | None = None) -> str:
        s = self.score(weights)
        for floor, letter in GRADES:
            if s >= floor:
                return letter
        return "F"

    def explain(self, weights: Mapping[str, Any] | None = None) -> list[str]:
        """One line per category that cost points, e.g. ``-12.3: PL3xx attribution, 4.1 per 1,000 words``."""
        lines = []
        for category, loss, rate in self.penalties(weights):
            prefix = Category(category).code_prefix + "xx" if category in {c.value for c in Category} else category
            lines.append(f"-{loss:.1f}: {prefix} {category}, {rate:.1f} weighted findings per 1,000 words")
        return lines

    # -- serialisation ------------------------------------------------------------

    def to_dict(self, weights: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return {
            "source": self.source,
            "documents": self.documents,
            "linted": self.linted,
            "skipped": self.skipped,
            "failed": self.failed,
            "words": self.words,
            "chars": self.chars,
            "boilerplate_chars": self.boilerplate_chars,
            "boilerplate_share": round(self.boilerplate_chars / self.chars, 4) if self.chars else 0.0,
            "findings": self.findings,
            "findings_per_1000_words": round(self.per_1000_words(self.findings), 2),
            "by_code": dict(sorted(self.by_code.items())),
            "by_category": dict(sorted(self.by_category.items())),
            "by_severity": dict(sorted(self.by_severity.items())),
            "documents_affected": dict(sorted(self.documents_affected.items())),
            "share_affected": {
                c: round(n / self.documents, 4) for c, n in sorted(self.documents_affected.items())
            } if self.documents else {},
            "weighted": {k: v for k, v in sorted(self.weighted.items())},
            "score": self.score(weights),
            "grade": self.grade(weights),
            "explanation": self.explain(weights),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scorecard:
        card = cls(source=data["source"])
        for name in ("documents", "linted", "skipped", "failed", "words", "chars", "boilerplate_chars", "findings"):
            setattr(card, name, int(data.get(name, 0)))
        for name in ("by_code", "by_category", "by_severity", "documents_affected"):
            setattr(card, name, Counter(data.get(name, {})))
        card.weighted = {k: float(v) for k, v in data.get("weighted", {}).items()}
        return card


def _covered_chars(findings: Iterable[Finding]) -> int:
    """Characters covered by the union of the findings' spans."""
    spans = sorted((f.start, f.end) for f in findings if f.end > f.start)
    total = 0
    cur_start = cur_end = -1
    for s, e in spans:
        if s > cur_end:
            total += max(0, cur_end - cur_start)
            cur_start, cur_end = s, e
        else:
            cur_end = max(cur_end, e)
    total += max(0, cur_end - cur_start)
    return total


class ScorecardSet:
    """Scorecards keyed by source, merged as outcomes and late findings arrive."""

    def __init__(self, weights: Mapping[str, Any] | None = None) -> None:
        self.weights = dict(weights or {})
        self.cards: dict[str, Scorecard] = {}

    def add_outcome(self, outcome: DocumentOutcome) -> None:
        self._merge(Scorecard.from_outcome(outcome, self.weights))

    def add_source_findings(self, findings: Iterable[Finding]) -> None:
        """Findings decided at the end of the run (source rules).

        Their characters count toward the boilerplate share; they do not change
        the documents-affected counts, which are per document.
        """
        by_source: dict[str, list[Finding]] = {}
        for f in findings:
            by_source.setdefault(f.source, []).append(f)
        for source, items in by_source.items():
            card = Scorecard(source=source)
            card.add_findings(items, self.weights)
            card.boilerplate_chars = sum(f.end - f.start for f in items if f.category in BOILERPLATE_CATEGORIES)
            self._merge(card)

    def merge(self, other: ScorecardSet) -> None:
        for card in other.cards.values():
            self._merge(card)

    def _merge(self, card: Scorecard) -> None:
        if card.source in self.cards:
            self.cards[card.source].merge(card)
        else:
            self.cards[card.source] = card

    def sorted(self) -> list[Scorecard]:
        return [self.cards[k] for k in sorted(self.cards)]
