"""PL106's gate (``has_suspect``) answers as a search of its suspect pattern does, on every kind of text."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import regex

from provlint.patterns import PATTERN_TIMEOUT
from provlint.rules.scraping.broken_encoding import (
    _CONTINUATION_CLASS,
    _SUSPECT,
    CONTINUATIONS,
    LEAD_TRIES,
    has_suspect,
)

REAL_PAGES = Path(__file__).resolve().parent.parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"


def _searched(text: str) -> bool:
    return _SUSPECT.search(text, timeout=PATTERN_TIMEOUT) is not None


def test_continuations_are_the_class() -> None:
    matched = regex.compile(f"[{_CONTINUATION_CLASS}]")
    assert CONTINUATIONS == {chr(c) for c in range(0x3000) if matched.match(chr(c))}
    assert len(CONTINUATIONS) == 92


def test_known_texts() -> None:
    assert has_suspect("The cafÃ© reopened.")
    assert has_suspect("donâ€™t")
    assert has_suspect("lost \ufffd here")
    assert not has_suspect("Café, Größe, naïve: “quoted” — fine…")
    assert not has_suspect("")
    assert not has_suspect("é")  # a lead at the very end


def test_past_the_lead_tries_the_pattern_decides() -> None:
    leads = "é" * (LEAD_TRIES + 10)
    assert not has_suspect(leads + " plain")
    assert has_suspect(leads + " Ã©")  # found by the search after the tries
    assert has_suspect("é" * (LEAD_TRIES - 1) + "Ã©")  # found by the last try
    assert has_suspect("é" * LEAD_TRIES + "Ã©")


def test_random_texts_agree_with_the_search() -> None:
    rng = random.Random(106)
    alphabet = "aaaaaaaaaa      xxxxxé\nÂÃâô\u00c1\u00f5\u0080\u00a9\u00bf\u00c0’“”—–…€™\u0152\u2122\ufffd"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    texts += ["é" * rng.randint(0, 3 * LEAD_TRIES) + rng.choice(["", "Ã©", "x", "Ã", "©"]) for _ in range(500)]
    found = [has_suspect(t) for t in texts]
    assert found == [_searched(t) for t in texts]
    assert 500 < sum(found) < len(texts) - 500, sum(found)  # both answers are common: the test has teeth


def test_real_pages_agree_with_the_search() -> None:
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        texts = [json.loads(row)["text"] for row in handle]
    assert [has_suspect(t) for t in texts] == [_searched(t) for t in texts]
