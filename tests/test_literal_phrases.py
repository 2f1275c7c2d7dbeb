"""Literal phrases searched through an automaton: the same match as the phrase pattern's own search."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from provlint.literal_phrases import LiteralPhrases, literal_alternatives
from provlint.patterns import PATTERN_TIMEOUT, phrase_pattern
from provlint.rules.attribution.names import attribution_verb_pattern, attribution_verbs
from tests.conftest import SEEDS

REAL_PAGES = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"


def _spans(found: object) -> tuple[int, int, str] | None:
    return None if found is None else (found.start(), found.end(), found.group())  # type: ignore[attr-defined]


def test_literal_alternatives_of_groups_and_words() -> None:
    assert literal_alternatives(["(?:said|says)", "according to", "(?:in a statement|put it)"]) == (
        "according to",
        "in a statement",
        "put it",
        "said",
        "says",
    )


@pytest.mark.parametrize("fragment", [r"share \w+", "(?:said|says?)", "Said", "in  a", "(?:a|(?:b|c))", "x[0-9]"])
def test_a_fragment_that_is_not_literal_words_is_refused(fragment: str) -> None:
    with pytest.raises(ValueError, match="not a list of lower-case literal words"):
        literal_alternatives([fragment])


def test_search_finds_the_leftmost_match_with_the_patterns_boundaries() -> None:
    phrases = LiteralPhrases(phrase_pattern(["said", "say", "according to"]), ["said", "say", "according to"])
    assert _spans(phrases.search("He resaid it, then SAID so")) == (19, 23, "SAID")
    assert _spans(phrases.search("Accordingly to ACCORDING TO them")) == (15, 27, "ACCORDING TO")
    assert phrases.search("according  to the sayer, unsaid") is None
    # "ſ" (long s) and the Kelvin sign fold to one ASCII letter each: positions stay aligned.
    assert _spans(phrases.search("x ſaid y")) == (2, 6, "ſaid")
    # "ß" folds to two letters: the text is searched by the pattern itself, with the same answer.
    assert _spans(phrases.search("Straße, she said")) == (12, 16, "said")


def _windows() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        for i, row in enumerate(handle):
            if i % 4 == 0:
                texts.append(json.loads(row)["text"])
    rng = random.Random(19)
    out: list[str] = []
    for text in texts:
        for line in text.split("\n"):
            if len(line) > 20:
                cut = rng.randrange(0, len(line) // 2)
                out.extend((line, line[cut:], line[: len(line) - cut]))
    return out


def test_attribution_verbs_search_as_their_pattern_on_real_lines() -> None:
    pattern, phrases = attribution_verb_pattern(), attribution_verbs()
    found = 0
    for window in _windows():
        expected = _spans(pattern.search(window, timeout=PATTERN_TIMEOUT))
        assert _spans(phrases.search(window)) == expected, window
        found += expected is not None
    assert found > 1000


def test_attribution_verbs_search_as_their_pattern_on_mangled_text() -> None:
    """Verbs run together, cut in half, in other cases and next to characters whose folding changes length."""
    pattern, phrases = attribution_verb_pattern(), attribution_verbs()
    pieces = ["said", "SAYS", "according", "to", "in a statement", "put it", "ß", "ſ", "İ", "K", "x", " ", ", ", "-"]
    rng = random.Random(3)
    for _ in range(5000):
        window = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 9)))
        assert _spans(phrases.search(window)) == _spans(pattern.search(window, timeout=PATTERN_TIMEOUT)), window
