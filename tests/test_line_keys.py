"""line_keys(doc): every line's line_key, from one case fold of the whole text."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from provlint.analyses.page_lines import line_key, line_keys
from provlint.model import Document
from provlint.prepare import prepare

REAL_PAGES = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"


def test_case_folding_keeps_whitespace_apart() -> None:
    """Folding first is the same as folding the whitespace first: whitespace folds to itself, nothing else to
    whitespace, and only a newline folds to a newline."""
    for code in range(0x110000):
        char = chr(code)
        folded = char.casefold()
        if char.isspace():
            assert folded == char, hex(code)
        else:
            assert not any(c.isspace() for c in folded), hex(code)


def test_line_keys_are_the_line_keys() -> None:
    text = "  Straße\u00a0 CLOSED \n\nİstanbul\tΣΊΣΥΦΟΣ\n ﬁle  x \r"
    doc = prepare(Document(id="a", text=text))
    assert line_keys(doc) == tuple(line_key(line.text) for line in doc.lines)
    assert line_keys(doc) is line_keys(doc)
    assert line_keys(doc)[0] == "strasse closed"
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        for _, row in zip(range(80), handle):
            doc = prepare(Document(id="p", text=json.loads(row)["text"]))
            assert line_keys(doc) == tuple(line_key(line.text) for line in doc.lines)
