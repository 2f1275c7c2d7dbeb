"""Scorecards: exact, order-independent merging; serialisation; the score and its explanation."""

from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from provlint.model import DocumentMeasures, DocumentOutcome, Finding, Severity
from provlint.scorecard import Scorecard, ScorecardSet, cost, worst_first

SOURCES = ("a.com", "b.org", "c.net")
CATEGORIES = {
    "PL101": "scraping",
    "PL201": "duplication",
    "PL301": "attribution",
    "PL401": "rewrite",
    "PL501": "language",
}


def finding(
    code: str, doc_id: str, source: str, start: int, end: int, severity: Severity = Severity.WARNING
) -> Finding:
    return Finding(
        code=code,
        name="x",
        category=CATEGORIES[code],
        severity=severity,
        message="m",
        document_id=doc_id,
        source=source,
        path=doc_id,
        line=1,
        column=start + 1,
        end_line=1,
        end_column=end + 1,
        start=start,
        end=end,
        excerpt="",
    )


def outcome(
    i: int, source: str, words: int, findings: list[Finding], measures: DocumentMeasures | None = None
) -> DocumentOutcome:
    return DocumentOutcome(
        index=i,
        document_id=f"d{i}",
        source=source,
        path=f"d{i}",
        status="linted",
        findings=tuple(findings),
        words=words,
        chars=words * 6,
        measures=measures or DocumentMeasures(),
    )


@st.composite
def outcomes(draw: st.DrawFn) -> list[DocumentOutcome]:
    out = []
    for i in range(draw(st.integers(0, 25))):
        source = draw(st.sampled_from(SOURCES))
        words = draw(st.integers(0, 800))
        fs = []
        for _ in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, max(0, words * 6 - 1)))
            fs.append(
                finding(
                    draw(st.sampled_from(sorted(CATEGORIES))),
                    f"d{i}",
                    source,
                    start,
                    start + draw(st.integers(0, 400)),
                    draw(st.sampled_from(list(Severity))),
                )
            )
        flesch = draw(st.floats(-150, 160, allow_nan=False)) if draw(st.booleans()) else None
        measures = DocumentMeasures(draw(st.sampled_from(["en", "de", "und"])), flesch)
        out.append(outcome(i, source, words, fs, measures))
    return out


def serial(items: list[DocumentOutcome]) -> dict[str, dict[str, object]]:
    cards = ScorecardSet()
    for o in items:
        cards.add_outcome(o)
    return {k: v.to_dict() for k, v in sorted(cards.cards.items())}


@settings(max_examples=60, deadline=None)
@given(outcomes(), st.randoms(use_true_random=False), st.integers(1, 5))
def test_shuffled_and_split_merges_equal_serial(items: list[DocumentOutcome], rnd: random.Random, parts: int) -> None:
    expected = serial(items)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    chunks = [shuffled[i::parts] for i in range(parts)]
    partials = []
    for chunk in chunks:
        s = ScorecardSet()
        for o in chunk:
            s.add_outcome(o)
        partials.append(s)
    rnd.shuffle(partials)
    total = ScorecardSet()
    for p in partials:
        # each partial travels as JSON, as it would between processes
        for card in p.cards.values():
            total._merge(Scorecard.from_dict(json.loads(json.dumps(card.to_dict()))))
    assert {k: v.to_dict() for k, v in sorted(total.cards.items())} == expected


@settings(max_examples=40, deadline=None)
@given(outcomes())
def test_to_dict_from_dict_round_trip(items: list[DocumentOutcome]) -> None:
    cards = ScorecardSet()
    for o in items:
        cards.add_outcome(o)
    for card in cards.cards.values():
        again = Scorecard.from_dict(json.loads(json.dumps(card.to_dict())))
        assert again == card
        assert again.to_dict() == card.to_dict()
        assert 0.0 <= card.boilerplate_share <= 1.0


def test_boilerplate_share_never_exceeds_one_with_overlapping_source_findings() -> None:
    cards = ScorecardSet()
    cards.add_outcome(outcome(0, "a.com", 10, [finding("PL101", "d0", "a.com", 0, 60)]))  # 60 chars, all boilerplate
    cards.add_source_findings([finding("PL201", "d0", "a.com", 0, 60), finding("PL201", "d0", "a.com", 10, 50)])
    card = cards.cards["a.com"]
    assert card.boilerplate_chars == 60
    assert card.boilerplate_share == 1.0


def test_source_findings_add_only_uncovered_characters() -> None:
    cards = ScorecardSet()
    cards.add_outcome(outcome(0, "a.com", 100, [finding("PL101", "d0", "a.com", 0, 100)]))
    cards.add_outcome(outcome(1, "a.com", 100, []))
    cards.add_source_findings(
        [
            finding("PL201", "d0", "a.com", 50, 150),  # 50 new
            finding("PL201", "d1", "a.com", 0, 30),
            finding("PL201", "d1", "a.com", 20, 40),  # 10 new on d1
        ]
    )
    card = cards.cards["a.com"]
    assert card.boilerplate_chars == 100 + 50 + 30 + 10
    assert card.to_dict()["boilerplate_share"] == round(190 / 1200, 4)


def test_worked_example_of_docs_scorecard_md() -> None:
    """The worked example in docs/scorecard.md, figure for figure."""
    card = Scorecard(source="example.com", documents=2, linted=2, words=3000, chars=18000, boilerplate_chars=4500)
    card.add_findings(
        [
            finding("PL301", "d0", "example.com", 0, 5),
            finding("PL301", "d0", "example.com", 9, 12),
            finding("PL301", "d1", "example.com", 0, 5),
            finding("PL301", "d1", "example.com", 20, 25, Severity.ERROR),
        ]
    )
    costs = {c.measure.key: c for c in card.costs()}
    assert round(costs["boilerplate"].value, 4) == 25.0 and costs["boilerplate"].points == 20.4
    assert round(costs["attribution"].value, 4) == round(5 / 3, 4) and costs["attribution"].points == 5.4
    assert [costs[k].points for k in ("rewrite", "language", "engine")] == [0.0, 0.0, 0.0]
    assert card.score() == 74.2 and card.grade() == "C"
    assert card.explain() == [
        "boilerplate (PL1xx+PL2xx): 25.0% x 1, ceiling 60 -> -20.4",
        "attribution (PL3xx): 1.67 per 1,000 words x 4, ceiling 15 -> -5.4",
    ]
    # weights apply when asked: a heavier attribution weight costs more, a lower ceiling caps lower
    assert card.score({"weight-attribution": 10.0}) == round(100 - 20.4 - 10.1, 1)
    assert card.score({"ceiling-boilerplate": 30.0}) == round(100 - 17.0 - 5.4, 1)


def test_cost_is_strictly_increasing_and_saturates() -> None:
    values = [cost(v, 1.0, 60.0) for v in (0, 1, 10, 40, 80, 86, 99, 100)]
    assert values == sorted(values) and len(set(values)) == len(values)
    assert values[0] == 0.0 and values[-1] < 60.0
    assert cost(10, 0.0, 60.0) == 0.0 and cost(-1, 1.0, 60.0) == 0.0


def _boilerplate_card(share: float) -> Scorecard:
    return Scorecard(
        source=f"s{share}", documents=1, linted=1, words=1000, chars=10000, boilerplate_chars=int(share * 10000)
    )


def test_no_cap_flattens_sources_with_different_boilerplate() -> None:
    scores = [_boilerplate_card(share).score() for share in (0.3, 0.46, 0.6, 0.75, 0.86, 0.95, 1.0)]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)
    assert scores[1] is not None and scores[4] is not None and scores[1] - scores[4] > 10  # 46% vs 86%


def test_no_grade_without_evidence() -> None:
    assert Scorecard(source="x").verdict().reason == "no documents"
    failed = Scorecard(source="x", documents=3, failed=3)
    assert (failed.score(), failed.grade(), failed.verdict().reason) == (None, "n/a", "all 3 documents failed")
    skipped = Scorecard(source="x", documents=2, skipped=1, failed=1)
    assert skipped.verdict().reason == "all 2 documents failed or were skipped"
    assert Scorecard(source="x", documents=1, skipped=1).verdict().reason == "all 1 document were skipped"
    empty = Scorecard(source="x", documents=2, linted=2)
    assert (empty.verdict().status, empty.verdict().reason) == ("n/a", "no words in the 2 linted documents")
    small = Scorecard(source="x", documents=1, linted=1, words=499, chars=3000)
    assert (small.score(), small.grade(), small.verdict().reason) == (
        None,
        "too small",
        "too small to grade: 499 words (minimum 500)",
    )
    assert small.score({"min-words": 400}) == 100.0
    assert Scorecard(source="x", documents=1, linted=1, words=500, chars=3000).score() == 100.0
    data = failed.to_dict()
    assert (data["status"], data["score"], data["grade"], data["reason"]) == (
        "n/a",
        None,
        "n/a",
        "all 3 documents failed",
    )


def test_worst_first_puts_ungraded_sources_last() -> None:
    cards = [_boilerplate_card(0.1), _boilerplate_card(0.5), Scorecard(source="a-empty", documents=1, linted=1)]
    assert [c.source for c in worst_first(cards)] == ["s0.5", "s0.1", "a-empty"]


def test_readability_distribution_and_languages() -> None:
    cards = ScorecardSet()
    for i, value in enumerate([10.2, 20.7, 30.1, 40.9, 55.5, 60.0, 61.2, 70.4, 80.8, 99.9]):
        cards.add_outcome(outcome(i, "a.com", 300, [], DocumentMeasures("en" if i < 8 else "de", value)))
    card = cards.cards["a.com"]
    assert card.readability_summary() == {"documents": 10, "mean": 52.97, "median": 55.5, "p10": 10.5, "p90": 80.5}
    assert dict(card.languages) == {"en": 8, "de": 2}


def test_total_merges_every_source() -> None:
    a = Scorecard.from_outcome(outcome(0, "a.com", 100, [finding("PL301", "d0", "a.com", 0, 5)]))
    b = Scorecard.from_outcome(outcome(1, "b.org", 300, []))
    total = Scorecard.total([a, b])
    assert (total.source, total.documents, total.words, total.findings) == ("(all)", 2, 400, 1)
    assert a.source == "a.com" and a.documents == 1  # inputs untouched
