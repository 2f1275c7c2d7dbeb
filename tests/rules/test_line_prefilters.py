"""The cheap first-character tests before PL104's and the page layout's line patterns leave out only lines
the patterns cannot match."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from provlint.analyses.page_layout import LEFTOVER, may_be_leftover
from provlint.patterns import PATTERN_TIMEOUT
from provlint.rules.scraping.layout_leftover import _CELL, _may_be_cell

REAL_PAGES = Path(__file__).resolve().parent.parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"
#: Spaces of several kinds, glyphs, signs, currencies, digits of three scripts, letters.
_CHARS = " \t\u00a0\u2003\u3000•·*|»>~_=-–—+\u2212$€£¥0123456789٣४/of.,:%kmAbé"


def _lines() -> list[str]:
    rng = random.Random(104)
    made = ["".join(rng.choice(_CHARS) for _ in range(rng.randint(1, 8))) for _ in range(20000)]
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        real = [line for row in handle for line in json.loads(row)["text"].split("\n") if len(line) <= 40]
    return made + real[:20000]


def test_prefilters_never_drop_a_line_the_patterns_match() -> None:
    lines = _lines()
    leftovers = [t for t in lines if LEFTOVER.match(t, timeout=PATTERN_TIMEOUT)]
    cells = [t for t in lines if _CELL.match(t, timeout=PATTERN_TIMEOUT)]
    assert len(leftovers) > 500 and len(cells) > 500
    assert [t for t in leftovers if not may_be_leftover(t)] == []
    assert [t for t in cells if not _may_be_cell(t)] == []
    assert sum(not may_be_leftover(t) for t in lines) > 10000  # and they do leave lines out
    assert sum(not _may_be_cell(t) for t in lines) > 10000


def test_prefilter_cases() -> None:
    assert may_be_leftover("  \u00a0• ") and may_be_leftover("٣") and may_be_leftover("2 of 9")
    assert not may_be_leftover("Home") and not may_be_leftover("  a • b")
    assert _may_be_cell(" \u22123.5") and _may_be_cell("€12") and _may_be_cell("85%")
    assert not _may_be_cell("x12") and not _may_be_cell("")
