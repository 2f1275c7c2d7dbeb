"""Scorecards: exact, order-independent merging; serialisation; the score and its explanation."""

from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from provlint.model import DocumentOutcome, Finding, Severity
from provlint.scorecard import Scorecard, ScorecardSet

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
    i: int, source: str, words: int, findings: list[Finding], metrics: dict[str, object] | None = None
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
        metrics=metrics or {},
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
        metrics: dict[str, object] = {"language": draw(st.sampled_from(["en", "de", "und"]))}
        if draw(st.booleans()):
            metrics["flesch_reading_ease"] = draw(st.floats(-150, 160, allow_nan=False))
        out.append(outcome(i, source, words, fs, metrics))
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


def test_score_explanation_and_grade() -> None:
    card = Scorecard.from_outcome(
        outcome(
            0,
            "a.com",
            2000,
            [
                finding("PL301", "d0", "a.com", 0, 5),
                finding("PL301", "d0", "a.com", 9, 12, Severity.ERROR),
                finding("PL501", "d0", "a.com", 0, 5, Severity.INFO),
            ],
        )
    )
    # attribution: (1 + 2) weighted / 2,000 words = 1.5 per 1,000 words, x2.0 = -3.0
    # language: 0.25 / 2 = 0.125 per 1,000 words, x1.0 = -0.1
    assert card.explain() == [
        "-3.0: PL3xx attribution, 1.5 per 1,000 words",
        "-0.1: PL5xx language, 0.1 per 1,000 words",
    ]
    assert card.score() == 96.9
    assert card.grade() == "A"
    assert card.score({"weight-attribution": 10.0}) == 84.9
    assert card.grade({"weight-attribution": 10.0}) == "B"
    assert card.score({"category-cap": 1.0}) == 98.9


def test_short_documents_do_not_swing_the_score() -> None:
    card = Scorecard.from_outcome(outcome(0, "a.com", 6, [finding("PL501", "d0", "a.com", 0, 5, Severity.INFO)]))
    assert card.score() == 99.8  # 0.25 per max(6, 1,000) words


def test_readability_distribution_and_languages() -> None:
    cards = ScorecardSet()
    for i, value in enumerate([10.2, 20.7, 30.1, 40.9, 55.5, 60.0, 61.2, 70.4, 80.8, 99.9]):
        cards.add_outcome(
            outcome(i, "a.com", 300, [], {"language": "en" if i < 8 else "de", "flesch_reading_ease": value})
        )
    card = cards.cards["a.com"]
    assert card.readability_summary() == {"documents": 10, "mean": 52.97, "median": 55.5, "p10": 10.5, "p90": 80.5}
    assert dict(card.languages) == {"en": 8, "de": 2}


def test_total_merges_every_source() -> None:
    a = Scorecard.from_outcome(outcome(0, "a.com", 100, [finding("PL301", "d0", "a.com", 0, 5)]))
    b = Scorecard.from_outcome(outcome(1, "b.org", 300, []))
    total = Scorecard.total([a, b])
    assert (total.source, total.documents, total.words, total.findings) == ("(all)", 2, 400, 1)
    assert a.source == "a.com" and a.documents == 1  # inputs untouched
