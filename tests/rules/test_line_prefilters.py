"""The cheap first-character tests before PL104's and the page layout's line patterns leave out only lines
the patterns cannot match."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from provlint.analyses.page_layout import LEFTOVER, may_be_leftover
from provlint.model import Document
from provlint.patterns import PATTERN_TIMEOUT
from provlint.prepare import PreparedDocument, prepare
from provlint.rules.scraping.layout_leftover import _CELL, LayoutLeftover, _may_be_cell

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


def _plain_pl104(doc: PreparedDocument, numbers: bool) -> list[tuple[int, str]]:
    """PL104's (line, message) pairs as its three passes over every non-blank line computed them."""
    from provlint.rules.scraping import layout_leftover as ll

    rows = [line for line in doc.lines if line.text and not line.text.isspace()]
    leftover = [len(r.text) <= 40 and may_be_leftover(r.text) and ll._is_leftover(r.text) for r in rows]
    numeric = [hit and any(ch.isdigit() for ch in r.text) for hit, r in zip(leftover, rows)]
    cell = [
        hit or (len(r.text) <= 20 and _may_be_cell(r.text) and ll._is_cell(r.text)) for hit, r in zip(numeric, rows)
    ]
    out = []
    for k, line in enumerate(rows):
        if not leftover[k]:
            continue
        is_number = numeric[k]
        if is_number and (not numbers or (k > 0 and cell[k - 1]) or (k + 1 < len(rows) and cell[k + 1])):
            continue
        if not is_number and k > 0 and ll._is_section_break(line.text) and ll._is_prose(rows[k - 1].text):
            continue
        out.append((line.index + 1, "lone number or counter" if is_number else "stray list glyph or separator"))
    return out


def test_pl104_on_the_leftover_lines_only_as_over_every_line() -> None:
    rng = random.Random(1041)
    pieces = ["12", " 3 ", "•", "", "  ", "85%", "$3.20", "Name", "2 of 9", "***", "* * *", "---", "٣", "\u00a0•"]
    pieces += ["The council approved the budget on Monday.", "Score", "1:23", "x" * 45, "4" * 41]
    texts = ["\n".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        texts += [json.loads(row)["text"] for row, _ in zip(handle, range(150))]
    found = 0
    for numbers in (True, False):
        rule = LayoutLeftover({"numbers": numbers})
        for i, text in enumerate(texts):
            doc = prepare(Document(id=str(i), text=text))
            got = [(f.line, f.message) for f in rule.check(doc)]
            assert got == _plain_pl104(doc, numbers), text
            found += len(got)
    assert found > 3000  # the texts hold plenty of leftovers, reported and passed over


def test_pl104_neighbours_skip_blank_lines() -> None:
    rule = LayoutLeftover()
    doc = prepare(Document(id="t", text="Goals\n\n12\n  \n85%\nThe end of the season came early this year.\n\n***\n7"))
    assert [(f.line, f.column, f.message) for f in rule.check(doc)] == [(9, 1, "lone number or counter")]
