"""The cheap tests in front of the duplication rules' per-line work leave out only lines that work cannot use."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

from provlint import Document
from provlint.analyses.keyword_lines import keyword_lines
from provlint.patterns import PATTERN_TIMEOUT
from provlint.prepare import PreparedDocument, prepare
from provlint.rules.duplication.comment_thread import _ALL, Meta, classify, may_classify
from provlint.rules.duplication.near_duplicate_paragraph import _paragraphs_sharing_a_sample
from provlint.rules.duplication.teaser_list import _WORD, _body_words

REAL_PAGES = Path(__file__).resolve().parent.parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"
#: Glyphs, signs, digits of three scripts, letters and the words of PL208's keyword sets.
_PIECES = [*" •·*|»>-–—+\u2212#:0123456789٣४aé", " reply", " comments", " says", " today", " 3 hours ago", " like"]


def _lines_and_masks() -> list[tuple[str, int]]:
    rng = random.Random(208)
    made = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 6))).strip() for _ in range(6000)]
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        pages = [json.loads(row)["text"] for _, row in zip(range(120), handle)]
    out: list[tuple[str, int]] = []
    for i, text in enumerate([*pages, "\n".join(made)]):
        doc = prepare(Document(id=str(i), text=text))
        masks = keyword_lines(doc).masks
        out.extend((line.text.strip(), masks[line.index]) for line in doc.lines if line.text.strip())
    return out


def test_may_classify_never_drops_a_line_classify_gives_a_role() -> None:
    lines = _lines_and_masks()
    # classify with every keyword bit tries every pattern (may_classify passes whatever the text holds).
    roles = [(text, mask) for text, mask in lines if classify(text, _ALL) is not None]
    assert len(roles) > 1000
    assert [text for text, mask in roles if not may_classify(text, mask)] == []
    assert sum(not may_classify(text, mask) for text, mask in lines) > len(lines) // 2  # and it does drop lines


def test_may_classify_cases() -> None:
    assert not may_classify("Great piece, thanks for writing it.", 0)
    assert may_classify("+3", 0) and may_classify("\u22121", 0) and may_classify("#12", 0)
    assert may_classify("March ٣, 2019", 0) and may_classify("x 4 y", 0)
    assert not may_classify("— Jane Doe (@jdoe)", 0) and not may_classify("- • Home", 0)
    assert classify("+3", 0) is Meta.ACTION and classify("\u22121", 0) is Meta.ACTION
    assert classify("March 3, 2019 at 4:15 pm", 0) is Meta.STAMP
    assert (
        classify("Reply", _ALL) is Meta.ACTION and classify("Reply", 0) is None
    )  # a hint of no keyword hits is trusted
    assert may_classify("Reply", _ALL) and not may_classify("Reply", 0)


def _searched_body_words(doc: PreparedDocument, body: tuple[int, int]) -> frozenset[str]:
    """PL209's body words as a search per body finds them: ``\\w{4,}`` case-folded word by word."""
    text = doc.text[doc.lines[body[0]].start : doc.lines[body[1]].end]
    return frozenset(w.casefold() for w in _WORD.findall(text, timeout=PATTERN_TIMEOUT))


def test_body_words_from_the_word_tokens_are_the_words_a_search_finds() -> None:
    rng = random.Random(209)
    pieces = [*"abcXYZßİŉǅ_0٣-'’ .,\n\t", "Straße", "İstanbul", "don't", "state-of-the-art", "naïve", "x’y"]
    made = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(300)]
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        pages = [json.loads(row)["text"] for _, row in zip(range(150), handle)]
    compared = 0
    for i, text in enumerate([*pages, *made]):
        doc = prepare(Document(id=str(i), text=text))
        last = len(doc.lines) - 1
        for body in ((0, last), (last // 3, last), (0, last // 2)):
            assert _body_words(doc, body) == _searched_body_words(doc, body), (i, body)
            compared += 1
    assert compared == 3 * 450
    doc = prepare(Document(id="x", text="Straße state-of-the-art don't\nİstanbul naïve ßen"))
    assert _body_words(doc, (0, 1)) == {"strasse", "state", "i̇stanbul", "naïve"}


def test_only_paragraphs_sharing_a_sampled_hash_go_through_pl205s_index() -> None:
    base = "the minister said on monday that the new border rules would take effect in june after a vote"
    other = "a completely different paragraph about the weather in the mountains during a long cold winter"
    third = "yet another unrelated line that talks about football results from the weekend and the league"
    text = "\n".join([base, other, base.replace("june", "july"), third, base])
    doc = prepare(Document(id="p", text=text))
    shared = _paragraphs_sharing_a_sample(doc, 12, 4)
    assert [line for line, _, _ in shared] == [0, 2, 4]  # the unrelated lines share none of their smallest
    assert all(smallest == sorted(shingles)[:16] for _, shingles, smallest in shared)
    assert shared[0][1] == shared[2][1] and shared[0][1] != shared[1][1]
    assert _paragraphs_sharing_a_sample(prepare(Document(id="q", text="\n".join([base, other, third]))), 12, 4) == []
    assert _paragraphs_sharing_a_sample(prepare(Document(id="r", text=base)), 12, 4) == []
