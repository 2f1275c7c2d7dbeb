"""The page layout's and the line rules' shortcuts give the answers of the plain computations they replace."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from provlint.analyses import page_layout
from provlint.analyses.keyword_lines import scan
from provlint.analyses.label_gate import GatedLabels
from provlint.analyses.page_layout import Kind, article_body, classify_line
from provlint.analyses.page_lines import CONSENT_WORDS_SET, page_labels
from provlint.model import Document
from provlint.prepare import prepare
from provlint.rules.duplication import teaser_list
from provlint.rules.duplication.teaser_list import skeleton

REAL_PAGES = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"

_LONG = "The council met on Tuesday and agreed to look again at the plans for the new library, " * 2
_LINES = [
    "We use cookies to improve your experience. By continuing to browse the site you agree to our use of cookies. "
    "Read our privacy policy to find out more about how we use them and how to manage them.",
    _LONG.strip(),
    "The council met on Tuesday and discussed the plans for the new library at length, without a vote on them, "
    "and the mayor will report on them next month.",
    "WE USE COOKIES to improve your experience. By continuing to browse the site you agree to our use of them "
    "on this and every other page of the site.",
    "prİvacy policy: we use cookİes to improve your experience on this site and on every other site that we run "
    "for the council.",
    "Skip to content",
    "12 Comments",
    "",
]


def _reference_skeleton(text: str) -> str:
    out: list[str] = []
    for c in text.strip():
        if c.isdigit():
            if not out or out[-1] != "9":
                out.append("9")
        elif not c.isalpha() and not c.isspace():
            out.append(c)
    return "".join(out)


def _real_lines(limit: int) -> list[str]:
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        return [line for row in handle for line in json.loads(row)["text"].split("\n")][:limit]


def test_skeleton_cases() -> None:
    assert skeleton("June 17 -- Arena, City, ST") == "9--,,"
    assert skeleton("  1 and 2, then 3.  ") == "9,9."  # digits with only letters and spaces between: one 9
    assert skeleton("²³ – ٣٤ (x)") == "9–9()"  # every digit str.isdigit knows, any script
    assert skeleton("99 Luftballons!") == "9!"
    assert skeleton("Library hours to be cut") == ""


def test_skeleton_as_per_character_loop() -> None:
    rng = random.Random(209)
    made = [
        "".join(chr(rng.choice((rng.randrange(0x20, 0x80), rng.randrange(0x80, 0x3000)))) for _ in range(30))
        for _ in range(5000)
    ]
    texts = made + _real_lines(20000)
    assert [skeleton(t) for t in texts] == [_reference_skeleton(t) for t in texts]


def test_skeleton_memo_is_bounded() -> None:
    wide = "".join(chr(c) for c in range(0x4E00, 0x4E00 + teaser_list._SKELETON_CHARS + 500))
    assert skeleton(wide + "7.") == "9."
    assert len(teaser_list._SKELETON) <= teaser_list._SKELETON_CHARS


def test_long_lines_need_the_consent_words() -> None:
    masks = scan("\n".join(_LINES)).masks
    assert [bool(mask & CONSENT_WORDS_SET.bit) for mask in masks] == [
        True,
        True,
        False,
        True,
        True,
        False,
        False,
        False,
    ]
    # "agreed" holds "agree": the long second line is tried, and is text.
    assert [classify_line(t, mask) for t, mask in zip(_LINES, masks)] == [
        Kind.CONSENT,
        Kind.TEXT,
        Kind.TEXT,
        Kind.CONSENT,
        Kind.TEXT,  # "İ" folds to "i" plus a dot for the plain consent test: not tried, as before
        Kind.NAV,
        Kind.NAV,
        Kind.BLANK,
    ]
    assert classify_line(_LINES[0], 0) is Kind.TEXT  # the gate is used: no consent word, no try


def test_classify_with_and_without_masks_agree_on_real_lines() -> None:
    lines = _real_lines(30000)
    masks = scan("\n".join(lines)).masks
    assert [classify_line(t, m) for t, m in zip(lines, masks)] == [classify_line(t) for t in lines]


def _plain_may_match(labels: GatedLabels, label: str) -> bool:
    head = label[: labels.longest].casefold()
    return any(head[:size] in labels.words for size in labels.sizes)


def test_first_character_sizes_as_every_size() -> None:
    labels = page_labels()
    texts = ["Skip to content", "STRASSE", "ßtraße", "read more", "Home", "x", "Ünd", *_real_lines(5000)]
    assert [labels.may_match(t.strip()) for t in texts if t.strip()] == [
        _plain_may_match(labels, t.strip()) for t in texts if t.strip()
    ]
    assert GatedLabels([("nav", ["straße"]), ("widget", [])]).may_match("STRASSE")


def test_article_body_once_per_document() -> None:
    text = "Menu\nHome\nNews\n\n" + "\n".join(f"Paragraph {i} says what happened in the town hall." for i in range(5))
    doc = prepare(Document(id="a", text=text))
    first = article_body(doc)
    assert first == (4, 8)
    assert article_body(doc) is first
    assert page_layout._last_body is not None and page_layout._last_body[0] is doc
    assert article_body(doc, 1) == (4, 8)  # another min_block: computed again
    other = prepare(Document(id="b", text=text))
    assert article_body(other) == (4, 8) and page_layout._last_body[0] is other
