"""Per-source scorecards: mergeable values built per document.

A :class:`Scorecard` holds only integer counts (and fixed-bin histograms), so
``merge`` is associative and commutative and exact: scorecards built in any
order, in any number of processes or on a cluster, merge to exactly the
serial result. Severity weights are applied when the score is asked for, not
while counting, so no float sum depends on merge order. Derived figures
(rates, shares, readability quantiles, the score and grade) are computed from
the counts when asked for, never stored.

The score (0-100) starts at 100 and loses, per category, its weight times the
severity-weighted findings per 1,000 words, capped per category; see
docs/scorecard.md. Weights live in ``[tool.provlint.scorecard]``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .config import ScorecardSection
from .model import Category, DocumentOutcome, Finding
from .span_store import SpanStore

#: The weights' defaults, keyed as in TOML; ``[tool.provlint.scorecard]`` is declared in :mod:`provlint.config`.
SCORECARD_DEFAULTS: dict[str, Any] = ScorecardSection().as_table()

BOILERPLATE_CATEGORIES = frozenset({Category.SCRAPING.value, Category.DUPLICATION.value})
GRADES = ((90.0, "A"), (80.0, "B"), (70.0, "C"), (60.0, "D"))
#: Flesch reading ease histogram: one-point bins, values clamped to this range.
READABILITY_RANGE = (-100, 150)
_INT_FIELDS = (
    "documents",
    "linted",
    "skipped",
    "failed",
    "words",
    "chars",
    "boilerplate_chars",
    "findings",
    "readability_documents",
    "readability_sum_centi",
)
_COUNTER_FIELDS = ("by_code", "by_category", "by_severity", "by_category_severity", "documents_affected", "languages")


def readability_bin(value: float) -> int:
    """The histogram bin of a Flesch value: its floor, clamped to :data:`READABILITY_RANGE`."""
    lo, hi = READABILITY_RANGE
    return max(lo, min(hi, math.floor(value)))


@dataclass
class Scorecard:
    source: str
    documents: int = 0
    linted: int = 0
    skipped: int = 0
    failed: int = 0
    words: int = 0
    chars: int = 0
    #: characters covered by scraping/duplication findings (overlaps counted once)
    boilerplate_chars: int = 0
    findings: int = 0
    by_code: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)
    #: "category:severity" -> findings; the score weighs these when asked
    by_category_severity: Counter[str] = field(default_factory=Counter)
    #: documents with at least one finding in the category
    documents_affected: Counter[str] = field(default_factory=Counter)
    #: documents per detected language ("und": too short to tell)
    languages: Counter[str] = field(default_factory=Counter)
    #: Flesch reading ease histogram: bin (floor of the value) -> documents
    readability: Counter[int] = field(default_factory=Counter)
    readability_documents: int = 0
    #: sum of Flesch values in hundredths (integers: the mean is exact in any merge order)
    readability_sum_centi: int = 0

    # -- building -----------------------------------------------------------------

    @classmethod
    def from_outcome(cls, outcome: DocumentOutcome, weights: Mapping[str, Any] | None = None) -> Scorecard:
        """One document's scorecard. ``weights`` is accepted for compatibility and unused:
        counts are weight-free, the score applies weights when asked."""
        card = cls(source=outcome.source, documents=1)
        if outcome.status == "linted":
            card.linted = 1
        elif outcome.status == "skipped":
            card.skipped = 1
        else:
            card.failed = 1
        card.words = outcome.words
        card.chars = outcome.chars
        card.add_findings(outcome.findings, per_document=True)
        card.boilerplate_chars = min(card.chars, covered_chars(boilerplate_spans(outcome.findings)))
        card.add_metrics(outcome.metrics)
        return card

    def add_metrics(self, metrics: Mapping[str, Any]) -> None:
        """Count one document's recorded language and readability."""
        lang = metrics.get("language")
        if isinstance(lang, str) and lang:
            self.languages[lang] += 1
        flesch = metrics.get("flesch_reading_ease")
        if isinstance(flesch, (int, float)) and math.isfinite(flesch):
            self.readability[readability_bin(float(flesch))] += 1
            self.readability_documents += 1
            self.readability_sum_centi += round(float(flesch) * 100)

    def add_findings(
        self, findings: Iterable[Finding], weights: Mapping[str, Any] | None = None, per_document: bool = False
    ) -> None:
        """Count findings. ``per_document``: they all belong to one document (affects shares).
        ``weights`` is accepted for compatibility and unused (see :meth:`from_outcome`)."""
        categories: set[str] = set()
        for f in findings:
            self.findings += 1
            self.by_code[f.code] += 1
            self.by_category[f.category] += 1
            self.by_severity[f.severity.value] += 1
            self.by_category_severity[f"{f.category}:{f.severity.value}"] += 1
            categories.add(f.category)
        if per_document:
            for c in categories:
                self.documents_affected[c] += 1

    def merge(self, other: Scorecard) -> Scorecard:
        """Add ``other`` into this scorecard (same source) and return self."""
        if other.source != self.source:
            raise ValueError(f"cannot merge scorecards of {self.source!r} and {other.source!r}")
        for name in _INT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in (*_COUNTER_FIELDS, "readability"):
            mine: Counter[Any] = getattr(self, name)
            mine.update(getattr(other, name))
        return self

    def copy(self, source: str | None = None) -> Scorecard:
        return Scorecard.from_dict({**self.to_dict(), "source": source or self.source})

    @classmethod
    def total(cls, cards: Iterable[Scorecard], source: str = "(all)") -> Scorecard:
        """All ``cards`` merged into one, under ``source``."""
        out = cls(source=source)
        for card in cards:
            out.merge(card.copy(source))
        return out

    # -- derived figures ----------------------------------------------------------

    def per_1000_words(self, count: float) -> float:
        return 1000.0 * count / self.words if self.words else 0.0

    @property
    def boilerplate_share(self) -> float:
        return min(1.0, self.boilerplate_chars / self.chars) if self.chars else 0.0

    def weighted(self, weights: Mapping[str, Any] | None = None) -> dict[str, float]:
        """Severity-weighted finding counts by category."""
        w = {**SCORECARD_DEFAULTS, **(weights or {})}
        out: dict[str, float] = {}
        for key, n in sorted(self.by_category_severity.items()):
            category, severity = key.rsplit(":", 1)
            out[category] = out.get(category, 0.0) + n * float(w.get(f"severity-{severity}", 1.0))
        return out

    def penalties(self, weights: Mapping[str, Any] | None = None) -> list[tuple[str, float, float]]:
        """(category, points lost, weighted findings per 1,000 words), largest loss first."""
        w = {**SCORECARD_DEFAULTS, **(weights or {})}
        out = []
        words = max(self.words, int(w["min-words"]))
        for category, amount in self.weighted(weights).items():
            rate = 1000.0 * amount / words if words else amount
            loss = min(float(w["category-cap"]), float(w.get(f"weight-{category}", 1.0)) * rate)
            if loss > 0:
                out.append((category, round(loss, 1), rate))
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
        """One line per category that cost points, e.g. ``-12.0: PL3xx attribution, 4.1 per 1,000 words``."""
        lines = []
        known = {c.value for c in Category}
        for category, loss, rate in self.penalties(weights):
            prefix = Category(category).code_prefix + "xx " if category in known else ""
            lines.append(f"-{loss:.1f}: {prefix}{category}, {rate:.1f} per 1,000 words")
        return lines

    def readability_summary(self) -> dict[str, float] | None:
        """Mean (exact) and median, p10, p90 (bin midpoints) of Flesch reading ease."""
        n = self.readability_documents
        if not n:
            return None
        return {
            "documents": n,
            "mean": round(self.readability_sum_centi / 100 / n, 2),
            "median": self._quantile(0.5),
            "p10": self._quantile(0.1),
            "p90": self._quantile(0.9),
        }

    def _quantile(self, q: float) -> float:
        """The bin (its midpoint) holding the nearest-rank ``q`` quantile."""
        rank = max(1, math.ceil(q * self.readability_documents))
        seen = 0
        for b in sorted(self.readability):
            seen += self.readability[b]
            if seen >= rank:
                return b + 0.5
        return float(max(self.readability)) + 0.5  # pragma: no cover - counts always reach rank

    # -- serialisation ------------------------------------------------------------

    def to_dict(self, weights: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Counts (what :meth:`from_dict` reads) plus derived figures (for people and reports)."""
        data: dict[str, Any] = {"source": self.source}
        for name in _INT_FIELDS:
            data[name] = getattr(self, name)
        for name in _COUNTER_FIELDS:
            data[name] = dict(sorted(getattr(self, name).items()))
        data["readability_histogram"] = {str(k): v for k, v in sorted(self.readability.items())}
        data.update(
            boilerplate_share=round(self.boilerplate_share, 4),
            findings_per_1000_words=round(self.per_1000_words(self.findings), 2),
            share_affected={c: round(n / self.documents, 4) for c, n in sorted(self.documents_affected.items())}
            if self.documents
            else {},
            weighted={k: round(v, 4) for k, v in self.weighted(weights).items()},
            readability_summary=self.readability_summary(),
            score=self.score(weights),
            grade=self.grade(weights),
            explanation=self.explain(weights),
        )
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scorecard:
        card = cls(source=data["source"])
        for name in _INT_FIELDS:
            setattr(card, name, int(data.get(name, 0)))
        for name in _COUNTER_FIELDS:
            setattr(card, name, Counter({k: int(v) for k, v in data.get(name, {}).items()}))
        card.readability = Counter({int(k): int(v) for k, v in data.get("readability_histogram", {}).items()})
        return card


def boilerplate_spans(findings: Iterable[Finding]) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in findings if f.category in BOILERPLATE_CATEGORIES and f.end > f.start]


def covered_chars(spans: Iterable[tuple[int, int]]) -> int:
    """Characters covered by the union of the spans."""
    return sum(e - s for s, e in union(spans))


def union(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint intervals covering the same characters as ``spans``."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


class ScorecardSet:
    """Scorecards keyed by source, merged as outcomes and late findings arrive.

    To count boilerplate characters once when a source rule's finding (decided
    at the end of the run) overlaps a document's own findings, the set keeps
    the covered intervals of each document that has boilerplate findings.
    """

    def __init__(self, weights: Mapping[str, Any] | None = None) -> None:
        self.weights = dict(weights or {})
        self.cards: dict[str, Scorecard] = {}
        # (source, doc id) -> (chars, intervals); bounded in memory, see span_store.py
        self._covered = SpanStore()

    def add_outcome(self, outcome: DocumentOutcome) -> None:
        spans = union(boilerplate_spans(outcome.findings))
        if spans:  # only documents with boilerplate findings are remembered
            self._covered[(outcome.source, outcome.document_id)] = (outcome.chars, spans)
        self._merge(Scorecard.from_outcome(outcome))

    def add_source_findings(self, findings: Iterable[Finding]) -> None:
        """Findings decided at the end of the run (source rules).

        Their characters count toward the boilerplate share, minus what the
        document's findings already covered and never beyond the document's
        length. They do not change the documents-affected counts.
        """
        by_source: dict[str, list[Finding]] = {}
        for f in findings:
            by_source.setdefault(f.source, []).append(f)
        for source, items in by_source.items():
            card = Scorecard(source=source)
            card.add_findings(items)
            by_document: dict[str, list[Finding]] = {}
            for f in items:
                if f.category in BOILERPLATE_CATEGORIES and f.end > f.start:
                    by_document.setdefault(f.document_id, []).append(f)
            for document_id, late in by_document.items():
                card.boilerplate_chars += self._newly_covered(source, document_id, late)
            self._merge(card)

    def _newly_covered(self, source: str, document_id: str, late: list[Finding]) -> int:
        """Characters that ``late`` (one document's findings) cover beyond what was covered already.

        One look-up and one union per document: a site-boilerplate rule reports dozens of lines of
        a scraped page, and the covered spans may live in the span store's database.
        """
        key = (source, document_id)
        chars, spans = self._covered.get(key, (-1, []))  # -1: length unknown, each span is its own bound
        before = covered_chars(spans)
        added = []
        for f in late:
            limit = chars if chars >= 0 else f.end
            added.append((min(f.start, limit), min(f.end, limit)))
        spans = union([*spans, *added])
        self._covered[key] = (chars, spans)
        return covered_chars(spans) - before

    def merge(self, other: ScorecardSet) -> None:
        for card in other.cards.values():
            self._merge(card)
        self._covered.update(other._covered)

    def _merge(self, card: Scorecard) -> None:
        if card.source in self.cards:
            self.cards[card.source].merge(card)
        else:
            self.cards[card.source] = card

    def sorted(self) -> list[Scorecard]:
        return [self.cards[k] for k in sorted(self.cards)]
