"""Per-source scorecards: mergeable counts, and a score that follows measured prevalence.

A :class:`Scorecard` holds only integer counts (and fixed-bin histograms), so
``merge`` is associative and commutative and exact: scorecards built in any
order, in any number of processes or on a cluster, merge to exactly the
serial result. Weights are applied when the score is asked for, not while
counting, so no float sum depends on merge order and changing a weight never
needs a re-run.

The score measures how much of a source is affected rather than counting
findings: a 30-line menu costs thirty lines' worth of characters, not one
finding. :data:`MEASURES` and :func:`cost` are the whole formula (documented
with a worked example in docs/scorecard.md):

* boilerplate: the share of the source's characters covered by scraping (PL1xx)
  and duplication (PL2xx) findings, as a union of spans (overlaps count once);
* attribution, rewrite, language: severity-weighted findings per 1,000 words;
* engine: the share of documents with an engine problem (unreadable, skipped,
  crashed rule, ...).

Each measure costs ``ceiling * (1 - exp(-weight * value / ceiling))`` points:
``weight`` points per unit at first, never more than ``ceiling``, and strictly
more for a larger value, so two sources that measure differently never score
the same. The default ceilings add up to 100.

A source with no linted words gets no score ("n/a", with the reason); one
below ``min-words`` words is "too small to grade".
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .config import ScorecardSection
from .model import Category, DocumentMeasures, DocumentOutcome, Finding
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

#: Scorecard statuses: graded, no evidence at all, or too little of it.
GRADED, UNGRADED, TOO_SMALL = "graded", "n/a", "too small"


@dataclass(frozen=True)
class Measure:
    """One thing the score measures: the findings it reads and the unit of its value."""

    key: str  # weight-KEY, ceiling-KEY
    codes: str  # the rule families it reads, for people
    unit: str  # "%" or "per 1,000 words"
    what: str  # what the value is a share or rate of


MEASURES = (
    Measure("boilerplate", "PL1xx+PL2xx", "%", "of characters covered by scraping and duplication findings"),
    Measure("attribution", "PL3xx", "per 1,000 words", "severity-weighted attribution findings"),
    Measure("rewrite", "PL4xx", "per 1,000 words", "severity-weighted rewrite findings"),
    Measure("language", "PL5xx", "per 1,000 words", "severity-weighted language findings"),
    Measure("engine", "PL0xx", "%", "of documents with an engine problem (unreadable, skipped, crashed rule)"),
)


def cost(value: float, weight: float, ceiling: float) -> float:
    """Points a measured ``value`` costs: ``weight`` per unit at first, saturating below ``ceiling``.

    Strictly increasing in ``value`` (for positive weight and ceiling), so a
    source that measures worse always loses more; no cap flattens sources.
    """
    if value <= 0 or weight <= 0 or ceiling <= 0:
        return 0.0
    return ceiling * (1.0 - math.exp(-weight * value / ceiling))


@dataclass(frozen=True)
class Cost:
    """One measure of one scorecard: the measured value, its weight and ceiling, the points it cost."""

    measure: Measure
    value: float
    weight: float
    ceiling: float
    points: float  # rounded to 0.1; the score is 100 minus the sum of these

    @property
    def shown_value(self) -> str:
        return f"{self.value:.1f}%" if self.measure.unit == "%" else f"{self.value:.2f} per 1,000 words"

    def describe(self) -> str:
        """``boilerplate (PL1xx+PL2xx): 46.0% x 1.0, ceiling 60 -> -32.1``."""
        return (
            f"{self.measure.key} ({self.measure.codes}): {self.shown_value} x {self.weight:g}, "
            f"ceiling {self.ceiling:g} -> -{self.points:.1f}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure.key,
            "codes": self.measure.codes,
            "value": round(self.value, 4),
            "unit": self.measure.unit,
            "weight": self.weight,
            "ceiling": self.ceiling,
            "points": self.points,
        }


@dataclass(frozen=True)
class Verdict:
    """A scorecard's score and grade, or why it has none."""

    status: str  # GRADED, UNGRADED or TOO_SMALL
    score: float | None
    grade: str  # A-F, "n/a" or "too small"
    reason: str  # empty when graded


def readability_bin(value: float) -> int:
    """The histogram bin of a Flesch value: its floor, clamped to :data:`READABILITY_RANGE`."""
    lo, hi = READABILITY_RANGE
    return max(lo, min(hi, math.floor(value)))


def settings(weights: Mapping[str, Any] | None) -> dict[str, Any]:
    """The scorecard settings: defaults overridden by ``weights`` (the [scorecard] section)."""
    return {**SCORECARD_DEFAULTS, **(weights or {})}


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
    def from_outcome(cls, outcome: DocumentOutcome, spans: list[tuple[int, int]] | None = None) -> Scorecard:
        """One document's scorecard (counts only: the score applies weights when asked).

        ``spans``: ``union(document_boilerplate_spans(outcome))`` when the caller has it already.
        """
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
        if spans is None:
            spans = union(document_boilerplate_spans(outcome))
        card.boilerplate_chars = min(card.chars, sum(e - s for s, e in spans))
        card.add_measures(outcome.measures)
        return card

    def add_measures(self, measures: DocumentMeasures) -> None:
        """Count one document's measured language and readability."""
        if measures.language:
            self.languages[measures.language] += 1
        flesch = measures.flesch_reading_ease
        if flesch is not None and math.isfinite(flesch):
            self.readability[readability_bin(float(flesch))] += 1
            self.readability_documents += 1
            self.readability_sum_centi += round(float(flesch) * 100)

    def add_findings(self, findings: Iterable[Finding], per_document: bool = False) -> None:
        """Count findings. ``per_document``: they all belong to one document (affects shares)."""
        categories: set[str] = set()
        by_code, by_category, by_severity = self.by_code, self.by_category, self.by_severity
        by_category_severity = self.by_category_severity
        count = 0
        for f in findings:
            count += 1
            severity = f.severity._value_  # the plain attribute: ``.value`` is a Python-level descriptor call
            by_code[f.code] += 1
            by_category[f.category] += 1
            by_severity[severity] += 1
            by_category_severity[f"{f.category}:{severity}"] += 1
            categories.add(f.category)
        self.findings += count
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
        """An independent copy (optionally for another source name)."""
        return Scorecard.from_dict({**self.to_dict(), "source": source or self.source})

    @classmethod
    def total(cls, cards: Iterable[Scorecard], source: str = "(all)") -> Scorecard:
        """All ``cards`` merged into one, under ``source``."""
        out = cls(source=source)
        for card in cards:
            out.merge(card.copy(source))
        return out

    # -- measured values ----------------------------------------------------------

    def per_1000_words(self, count: float) -> float:
        """``count`` per 1,000 words of this source (the rate the score is built from)."""
        return 1000.0 * count / self.words if self.words else 0.0

    @property
    def boilerplate_share(self) -> float:
        """The share of characters covered by boilerplate findings (0 to 1)."""
        return min(1.0, self.boilerplate_chars / self.chars) if self.chars else 0.0

    def weighted(self, weights: Mapping[str, Any] | None = None) -> dict[str, float]:
        """Severity-weighted finding counts by category."""
        w = settings(weights)
        out: dict[str, float] = {}
        for key, n in sorted(self.by_category_severity.items()):
            category, severity = key.rsplit(":", 1)
            out[category] = out.get(category, 0.0) + n * float(w.get(f"severity-{severity}", 1.0))
        return out

    def measured(self, weights: Mapping[str, Any] | None = None) -> dict[str, float]:
        """Each measure's value (see :data:`MEASURES`): a percentage or a rate per 1,000 words."""
        weighted = self.weighted(weights)
        return {
            "boilerplate": 100.0 * self.boilerplate_share,
            "attribution": self.per_1000_words(weighted.get(Category.ATTRIBUTION.value, 0.0)),
            "rewrite": self.per_1000_words(weighted.get(Category.REWRITE.value, 0.0)),
            "language": self.per_1000_words(weighted.get(Category.LANGUAGE.value, 0.0)),
            "engine": 100.0 * self.documents_affected.get(Category.ENGINE.value, 0) / self.documents
            if self.documents
            else 0.0,
        }

    # -- the score ----------------------------------------------------------------

    def costs(self, weights: Mapping[str, Any] | None = None) -> list[Cost]:
        """Every measure's value, weight, ceiling and points cost, in :data:`MEASURES` order."""
        w = settings(weights)
        values = self.measured(w)
        out = []
        for m in MEASURES:
            weight, ceiling = float(w[f"weight-{m.key}"]), float(w[f"ceiling-{m.key}"])
            value = values[m.key]
            out.append(Cost(m, value, weight, ceiling, round(cost(value, weight, ceiling), 1)))
        return out

    def verdict(self, weights: Mapping[str, Any] | None = None) -> Verdict:
        """The score and grade, or "n/a" / "too small" with the reason: no grade without evidence."""
        w = settings(weights)
        if not self.documents:
            return Verdict(UNGRADED, None, UNGRADED, "no documents")
        if not self.linted:
            what = "failed" if not self.skipped else "were skipped" if not self.failed else "failed or were skipped"
            n = self.documents
            return Verdict(UNGRADED, None, UNGRADED, f"all {n} document{'s' if n != 1 else ''} {what}")
        if not self.words:
            n = self.linted
            return Verdict(UNGRADED, None, UNGRADED, f"no words in the {n} linted document{'s' if n != 1 else ''}")
        minimum = int(w["min-words"])
        if self.words < minimum:
            return Verdict(
                TOO_SMALL, None, TOO_SMALL, f"too small to grade: {self.words:,} words (minimum {minimum:,})"
            )
        score = round(max(0.0, 100.0 - sum(c.points for c in self.costs(w))), 1)
        return Verdict(GRADED, score, letter(score), "")

    def score(self, weights: Mapping[str, Any] | None = None) -> float | None:
        """0-100, or None when the source is not graded (see :meth:`verdict`)."""
        return self.verdict(weights).score

    def grade(self, weights: Mapping[str, Any] | None = None) -> str:
        """The letter grade, or "n/a" / "too small" (see :meth:`verdict`)."""
        return self.verdict(weights).grade

    def explain(self, weights: Mapping[str, Any] | None = None) -> list[str]:
        """One line per measure with a value, largest cost first (see :meth:`Cost.describe`)."""
        shown = [c for c in self.costs(weights) if c.value > 0]
        return [c.describe() for c in sorted(shown, key=lambda c: -c.points)]

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
        verdict = self.verdict(weights)
        data.update(
            boilerplate_share=round(self.boilerplate_share, 4),
            findings_per_1000_words=round(self.per_1000_words(self.findings), 2),
            share_affected={c: round(n / self.documents, 4) for c, n in sorted(self.documents_affected.items())}
            if self.documents
            else {},
            weighted={k: round(v, 4) for k, v in self.weighted(weights).items()},
            readability_summary=self.readability_summary(),
            status=verdict.status,
            reason=verdict.reason,
            score=verdict.score,
            grade=verdict.grade,
            costs=[c.to_dict() for c in self.costs(weights)],
            explanation=self.explain(weights),
        )
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scorecard:
        """The scorecard :meth:`to_dict` gave."""
        card = cls(source=data["source"])
        for name in _INT_FIELDS:
            setattr(card, name, int(data.get(name, 0)))
        for name in _COUNTER_FIELDS:
            setattr(card, name, Counter({k: int(v) for k, v in data.get(name, {}).items()}))
        card.readability = Counter({int(k): int(v) for k, v in data.get("readability_histogram", {}).items()})
        return card


def letter(score: float) -> str:
    """The grade of a score: A >= 90, B >= 80, C >= 70, D >= 60, else F."""
    for floor, grade in GRADES:
        if score >= floor:
            return grade
    return "F"


def worst_first(cards: Iterable[Scorecard], weights: Mapping[str, Any] | None = None) -> list[Scorecard]:
    """Graded sources from the lowest score up, then the ungraded ones; ties by name."""

    def key(card: Scorecard) -> tuple[int, float, str]:
        score = card.score(weights)
        return (0, score, card.source) if score is not None else (1, 0.0, card.source)

    return sorted(cards, key=key)


def boilerplate_spans(findings: Iterable[Finding]) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in findings if f.category in BOILERPLATE_CATEGORIES and f.end > f.start]


def document_boilerplate_spans(outcome: DocumentOutcome) -> list[tuple[int, int]]:
    """A document's boilerplate spans: its scraping and duplication findings' and the scorecard's own measurement's."""
    return [*boilerplate_spans(outcome.findings), *outcome.measures.boilerplate_spans]


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
        spans = union(document_boilerplate_spans(outcome))
        if spans:  # only documents with boilerplate findings are remembered
            self._covered[(outcome.source, outcome.document_id)] = (outcome.chars, spans)
        self._merge(Scorecard.from_outcome(outcome, spans))

    def add_source_findings(self, findings: Iterable[Finding]) -> None:
        """Findings decided at the end of the run (source rules).

        Their characters count toward the boilerplate share, minus what the
        document's findings already covered and never beyond the document's
        length. They do not change the documents-affected counts.
        """
        self._add_late(findings, counted=True)

    def add_measured_findings(self, findings: Iterable[Finding]) -> None:
        """Source-rule findings the scorecard measured but the run does not report (scorecard_measures.py).

        Only their characters count, toward the boilerplate share (as for :meth:`add_source_findings`);
        they are not findings of the run, so no finding count changes.
        """
        self._add_late(findings, counted=False)

    def _add_late(self, findings: Iterable[Finding], counted: bool) -> None:
        by_source: dict[str, list[Finding]] = {}
        for f in findings:
            by_source.setdefault(f.source, []).append(f)
        for source, items in by_source.items():
            card = Scorecard(source=source)
            if counted:
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
