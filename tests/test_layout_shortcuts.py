"""The page layout's and the line rules' shortcuts give the answers of the plain computations they replace."""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Callable
from pathlib import Path

from provlint.analyses import page_layout, page_lines
from provlint.analyses.keyword_lines import keyword_lines, scan
from provlint.analyses.label_gate import GatedLabels
from provlint.analyses.page_layout import Kind, article_body, classify_line, line_kinds
from provlint.analyses.page_lines import CONSENT_WORDS_SET, Headline, headline, page_labels
from provlint.model import Document
from provlint.prepare import PreparedDocument, prepare
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
    assert doc.__dict__["analysis:article-body:3"] is first
    assert article_body(doc, 1) == (4, 8)  # another min_block: computed again
    other = prepare(Document(id="b", text=text))
    assert article_body(other) == (4, 8) and "analysis:article-body:1" in doc.__dict__
    assert page_layout.layout(doc) is page_layout.layout(doc) is doc.__dict__["analysis:layout:3:3"]
    assert page_layout.layout(doc, 1, 3) is not page_layout.layout(doc)  # other options: their own layout


def test_line_kinds_as_classify_line() -> None:
    lines = [*_LINES, "   ", "\t»  Home", "•", " 12 ", "x" * 1501, *_real_lines(30000)]
    masks = scan("\n".join(lines)).masks
    assert line_kinds(lines, masks) == tuple(classify_line(t, m) for t, m in zip(lines, masks))
    assert line_kinds(_LINES, scan("\n".join(_LINES)).masks) == (
        Kind.CONSENT,
        Kind.TEXT,
        Kind.TEXT,
        Kind.CONSENT,
        Kind.TEXT,
        Kind.NAV,
        Kind.NAV,
        Kind.BLANK,
    )


def _pages(limit: int) -> list[str]:
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        return [json.loads(row)["text"] for row, _ in zip(handle, range(limit))]


def test_headline_with_keyword_bits_as_without() -> None:
    texts = [*_pages(120), "Skip to content\n© 2024 The Paper\nCouncil votes to keep the library open\nText."]
    for i, text in enumerate(texts):
        doc = prepare(Document(id=str(i), text=text))
        assert page_lines._headline(doc, keyword_lines(doc).masks) == page_lines._headline(doc, None)
    doc = prepare(Document(id="x", text=texts[-1]))
    assert headline(doc, keyword_lines(doc).masks) == Headline("council votes to keep the library open", 2)


def test_headline_once_per_document() -> None:
    doc = prepare(Document(id="a", text="Home\nCouncil votes to keep the library open\nThe council met."))
    first = headline(doc)
    assert first == Headline("council votes to keep the library open", 1)
    assert headline(doc) is first and doc.__dict__["analysis:headline"] is first
    titled = prepare(Document(id="b", text="Home\nText.", title="  The Title  "))
    assert headline(titled) == Headline("the title", None)
    none = prepare(Document(id="c", text="Home\nShort one"))
    assert headline(none) is None and doc.__dict__.get("analysis:headline") is first
    assert "analysis:headline" in none.__dict__  # a None is remembered too


def _plain_runs(doc: PreparedDocument, min_block: int, max_orphan_run: int) -> tuple[frozenset[int], tuple]:
    """Orphans and blocks as the layout found them row by row, before it read runs off a string of kind codes."""
    from provlint.analyses.page_layout import NAVLIKE, NAVLIKE_LABELS, _introduced_list, article_head

    kinds = page_layout.layout(doc, min_block, max_orphan_run).kinds
    head = headline(doc)
    head_index = head.line_index if head is not None else None
    rows = [i for i, k in enumerate(kinds) if k is not Kind.BLANK]
    article = article_head(doc, kinds, rows, min_block)
    orphans: set[int] = set()
    j = 0
    while j < len(rows):
        if kinds[rows[j]] is not Kind.LABEL:
            j += 1
            continue
        k = j
        while k < len(rows) and kinds[rows[k]] is Kind.LABEL:
            k += 1
        before = kinds[rows[j - 1]] if j > 0 else None
        after = kinds[rows[k]] if k < len(rows) else None
        bounded = (before is None or before in NAVLIKE) and (after is None or after in NAVLIKE)
        if bounded and (before in NAVLIKE_LABELS or after in NAVLIKE_LABELS) and k - j <= max_orphan_run:
            orphans.update(i for i in rows[j:k] if i != head_index and i not in article)
        j = k
    blocks = []
    j = 0 if Kind.TEXT in kinds else len(rows)
    while j < len(rows):
        if kinds[rows[j]] is Kind.TEXT:
            j += 1
            continue
        k = j
        while k < len(rows) and kinds[rows[k]] is not Kind.TEXT:
            k += 1
        if k - j >= min_block and not _introduced_list(doc, kinds, rows, j, k):
            labels: list[int] = []
            for i in [*rows[j:k], None]:
                if i is None or i in article:
                    if labels:
                        blocks.append((labels[0], labels[-1], len(labels)))
                    labels = []
                elif kinds[i] is Kind.LABEL and i not in orphans and i != head_index:
                    labels.append(i)
        j = k
    return frozenset(orphans), tuple(blocks)


def test_layout_runs_as_row_by_row() -> None:
    rng = random.Random(102)
    pieces = ["Home", "News", "Skip to content", "Sport", "Weather", "", "12", "•", "Read more", "Short label"]
    pieces += ["The council met on Tuesday and agreed to look again at the plans.", "You will need:"]
    texts = ["\n".join(rng.choice(pieces) for _ in range(rng.randint(1, 25))) for _ in range(1500)]
    texts += _pages(150)
    found = 0
    for i, text in enumerate(texts):
        for min_block, max_orphan_run in ((3, 3), (2, 1)):
            doc = prepare(Document(id=str(i), text=text))
            got = page_layout.layout(doc, min_block, max_orphan_run)
            assert (got.orphans, got.blocks) == _plain_runs(doc, min_block, max_orphan_run), text
            found += len(got.orphans) + len(got.blocks)
    assert found > 5000


def test_long_words_as_the_regex_matches_folded() -> None:
    """The headline's and article's words, read off the word tokens, are the folded matches of ``\\w{4,}``."""
    doc = prepare(
        Document(id="w", text="The Straße of Köln, 2024: a TÜV-test ¹²³⁴ x_y_z\nrock-n-roll maß\n\ndon’t stop")
    )
    assert page_layout.long_words(doc, (0,)) == {"strasse", "köln", "2024", "test", "x_y_z"}
    assert page_layout.long_words(doc, (1, 3)) == {"rock", "roll", "stop"}  # "maß" has three letters
    assert page_layout.long_words(doc, (2,)) == set()
    assert page_layout.long_words(doc, ()) == set()
    texts = [*_real_lines(3000), "ǅungla Ǆ", "İstanbul İSTANBUL", "x\u0301yz\u0301 abc\u200dd", "①②③④ ¹²³⁴ ﬁﬁﬁ"]
    doc = prepare(Document(id="r", text="\n".join(texts)))
    for i, line in enumerate(doc.lines):
        expected = {w.casefold() for w in page_layout._WORD.findall(line.text)}
        assert page_layout.long_words(doc, (i,)) == expected, line.text


def _runs(codes: str, inside: Callable[[str], bool]) -> list[tuple[int, int]]:
    """The maximal runs of letters ``inside`` accepts, by a step per letter."""
    out: list[tuple[int, int]] = []
    start = None
    for at, letter in enumerate([*codes, None]):
        if letter is not None and inside(letter):
            start = at if start is None else start
        elif start is not None:
            out.append((start, at))
            start = None
    return out


def test_run_searches_find_the_runs_a_step_per_letter_finds() -> None:
    """The layout searches only for the label runs that can be orphans and the non-sentence runs long enough for
    a block; on random rows of kind letters those are exactly the runs a walk over the letters keeps."""
    from provlint.analyses.page_layout import _long_non_text_runs, _orphan_runs

    navlike = set("nwco")
    rng = random.Random(19)
    for _ in range(3000):
        codes = "".join(rng.choice("nwcolllttt") for _ in range(rng.randrange(0, 40)))
        for max_run in (1, 2, 3, 5):
            expected = [
                (j, k)
                for j, k in _runs(codes, lambda c: c == "l")
                if k - j <= max_run and (j == 0 or codes[j - 1] in navlike) and (k == len(codes) or codes[k] in navlike)
            ]
            assert [m.span() for m in _orphan_runs(max_run).finditer(codes)] == expected, (codes, max_run)
        for min_run in (1, 3, 4):
            expected = [(j, k) for j, k in _runs(codes, lambda c: c != "t") if k - j >= min_run]
            assert [m.span() for m in _long_non_text_runs(min_run).finditer(codes)] == expected, (codes, min_run)
