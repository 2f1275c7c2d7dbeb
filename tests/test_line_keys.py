"""line_keys(doc): every line's line_key, from one case fold of the whole text."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from provlint.analyses.page_lines import _ASCII_OTHER_SPACES, _OTHER_SPACES, _line_keys, line_key, line_keys
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


def test_the_other_spaces_are_every_whitespace_but_space_and_newline() -> None:
    spaces = {chr(code) for code in range(0x110000) if chr(code).isspace()}
    assert set(_OTHER_SPACES) == spaces - {" ", "\n"} and len(_OTHER_SPACES) == len(set(_OTHER_SPACES)) == 27
    assert set(_ASCII_OTHER_SPACES) == {c for c in _OTHER_SPACES if c.isascii()}


def test_clean_and_unclean_texts_get_the_split_and_joined_keys() -> None:
    """The fast path (a text whose lines are their own keys) and the slow one agree, whatever breaks it."""
    base = "straße closed\n\ni̇stanbul σίσυφος\nfile x\nx"
    texts = [base, "", "\n", "a", " a", "a ", "a  b", "a \nb", "a\n b", "a\u00a0b", "a\tb", "a\u3000b", "a\rb"]
    texts += [base + c for c in (" ", "\u2028", "\x1f", "\x85")] + [c + base for c in _OTHER_SPACES]
    texts += ["\U0001f600 " + base.replace(" ", c) for c in _OTHER_SPACES]  # wide strings too
    for text in texts:
        assert _line_keys(text) == tuple(" ".join(part.split()) for part in text.split("\n")), repr(text)
    assert _line_keys("a b\n\nc") == ("a b", "", "c") and _line_keys("a\u00a0b\n c ") == ("a b", "c")
