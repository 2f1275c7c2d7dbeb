"""What reads as program code: symbol counts at the thresholds, and the plain count on real lines."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from provlint.rules.attribution.text_shape import _CODE_CHARS, looks_like_code

REAL_PAGES = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", False),
        ("if (a) { b = c; }", True),  # 7 symbols in 17 characters
        ("(a) (b) (c)", True),  # 6 symbols, 55%
        ("(a) (b) c" + " word" * 20, False),  # 4 symbols
        ("var x = 1; return x", True),  # two code tokens
        ("He said: “We will (maybe) win.”", False),
    ],
)
def test_looks_like_code(text: str, expected: bool) -> None:
    assert looks_like_code(text) is expected


def test_the_symbol_share_threshold() -> None:
    assert looks_like_code("{}()=;" + "x" * 143) is True  # 6 of 149: 4.03%
    assert looks_like_code("{}()=;" + "x" * 144) is False  # 6 of 150: exactly 4%
    assert looks_like_code("{}()=" + "x" * 20) is False  # 5 symbols


def test_symbol_count_as_a_character_walk_on_real_lines() -> None:
    """The count by ``str.count`` per symbol is the old walk over every character."""
    lines = []
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        for i, row in enumerate(handle):
            if i % 2 == 0:
                lines.extend(json.loads(row)["text"].split("\n"))
    coded = 0
    for line in lines:
        symbols = sum(1 for c in line if c in _CODE_CHARS)
        walked = (symbols >= 6 and symbols / len(line) > 0.04) or sum(
            line.count(t)
            for t in ("function(", "function ", "var ", "=>", "return ", "://", "};", "&&", "||", "!==", "===")
        ) >= 2
        assert looks_like_code(line) is bool(line and walked), line
        coded += walked
    assert coded >= 5
