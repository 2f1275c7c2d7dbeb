"""The per-document keyword scan: which lines hold which declared words, and the rules' sets held to their patterns."""

from __future__ import annotations

import gzip
import json
import string
from pathlib import Path

import pytest
import regex

from provlint.analyses import keyword_lines as kl
from provlint.analyses.keyword_lines import KeywordSet, declare, fold, keyword_lines, scan
from provlint.model import Document
from provlint.patterns import FLAGS, PATTERN_TIMEOUT
from provlint.prepare import prepare
from provlint.rules.duplication import comment_thread as ct

REAL_PAGES = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"

_TEST_SETS: dict[str, KeywordSet] = {}


def _set(name: str, words: tuple[str, ...]) -> KeywordSet:
    """A set declared once per test process (declarations are for the life of the process)."""
    if name not in _TEST_SETS:
        _TEST_SETS[name] = declare(name, words)
    return _TEST_SETS[name]


def _real_lines(limit: int = 400) -> list[str]:
    out: list[str] = []
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        for row in handle:
            out.extend(json.loads(row)["text"].split("\n"))
            if len(out) > 40000:
                break
    return [line for line in out if line.strip() and len(line) <= limit]


def test_lines_of_each_set() -> None:
    thread = _set("test thread", ("comment", "repl"))
    joins = _set("test joins", ("join", "post", "re"))
    text = "Comments\nnothing here\nJOIN us\nREPLY\n\nStraße reposts\nİMAGE"
    found = scan(text)
    assert found.lines(thread) == [0, 3]
    assert found.lines(joins) == [1, 2, 3, 5]
    assert found.hit(joins, 1) and not found.hit(thread, 1)
    assert len(found.masks) == 7


def test_folding_lengthens_the_text_and_lines_stay_put() -> None:
    """ "ß" folds to "ss" and "ﬁ" to "fi": the folded text is longer, and hits land on their own lines."""
    words = _set("test folds", ("strasse", "file", "image"))
    found = scan("ßßßß\nSTRAßE\nthe ﬁle\nno\nİmage")
    assert found.lines(words) == [1, 2, 4]


def test_both_scanners_agree_on_real_pages() -> None:
    pytest.importorskip("ahocorasick")
    masks = kl._word_masks(list(kl._declared))
    automaton, pattern = kl._AutomatonScanner(masks), kl._PatternScanner(masks)
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        texts = [json.loads(row)["text"] for _, row in zip(range(60), handle)]
    for text in texts:
        assert scan(text, scanner=automaton).masks == scan(text, scanner=pattern).masks


def test_one_scan_per_document() -> None:
    doc = prepare(Document(id="a", text="3 Comments\nReply"))
    assert keyword_lines(doc) is keyword_lines(doc)
    assert keyword_lines(doc).hit(ct._HEADING_WORDS, 0)
    # Kept on each document, not in one "last document" slot: asking about another document in between
    # neither rescans the first nor hands it the other's lines.
    other = prepare(Document(id="b", text="Nothing here\n3 Comments"))
    first = keyword_lines(doc)
    assert keyword_lines(other) is not first and keyword_lines(doc) is first
    assert not keyword_lines(other).hit(ct._HEADING_WORDS, 0) and keyword_lines(other).hit(ct._HEADING_WORDS, 1)


@pytest.mark.parametrize("words", [(), ("Comment",), ("two words",), ("répondre",)])
def test_keywords_are_lower_case_ascii_words(words: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="keyword"):
        declare(f"test bad {words!r}", words)


def test_a_name_is_declared_once() -> None:
    _set("test once", ("once",))
    with pytest.raises(ValueError, match="declared twice"):
        declare("test once", ("once",))


def test_case_folding_agrees_with_the_patterns() -> None:
    """Every character the patterns' case folding matches to an ASCII letter folds to that letter, but "İ"."""
    letters = regex.compile("[a-z]", FLAGS)
    simple = regex.compile("[a-z]", regex.IGNORECASE | regex.VERSION0)
    for code in range(0x80, 0x110000):
        char = chr(code)
        if letters.fullmatch(char) or simple.fullmatch(char):
            assert len(fold(char)) == 1 and fold(char) in string.ascii_lowercase, hex(code)
    for char in "ßﬁﬀﬃﬅŉ":  # characters that fold to several letters match them under full folding
        assert regex.fullmatch(regex.escape(fold(char)), char, FLAGS), char


def _needed(pattern: regex.Pattern[str], texts: list[str], words: KeywordSet, extra: str = "") -> int:
    """Assert that every text ``pattern`` matches holds one of ``words`` (or starts with one of ``extra``)."""
    matched = 0
    for text in texts:
        label = ct.strip_glyphs(text.strip())
        if not label or pattern.search(label, timeout=PATTERN_TIMEOUT) is None:
            continue
        matched += 1
        folded = fold(label)
        assert any(w in folded for w in words.words) or label[0] in extra, label
    return matched


_THREAD_LINES = [
    "12 Comments", "Comments (3)", "Leave a Reply", "LEAVE A RESPONSE", "Join the discussion", "3 thoughts on “A title”",
    "Comments are closed.", "Sign in to comment", "Log in with your account to post", "Kommentar schreiben",
    "Hinterlasse einen Kommentar", "Laisser un commentaire", "Deja un comentario", "Reply", "Report abuse",
    "Like (3)", "+3", "−12", "#4", "12 likes", "Comment number 108.", "Répondre", "RÉPONDRE", "Permalink",
    "Rate this", "Flag as inappropriate", "Upvote", "Recommended (2)", "Jane Doe says:", "Michael sagt:",
    "posted by jdoe", "SUBMITTED BY Jane", "3 hours ago", "Yesterday at 4:15 pm", "heute", "March 3, 2019",
    "13.11.2019, 23:06", "vor 3 Stunden", "٣ hours ago", "2019-03-03", "İyi yorum 12", "REPLİES",
]  # fmt: skip


@pytest.mark.parametrize(
    ("pattern", "words", "extra"),
    [
        (ct._HEADING, ct._HEADING_WORDS, ""),
        (ct._ACTION, ct._ACTION_WORDS, ct._COUNT_START),
        (ct._SAYS, ct._SAYS_WORDS, ""),
    ],
    ids=["heading", "action", "says"],
)
def test_comment_thread_words_are_needed(pattern: regex.Pattern[str], words: KeywordSet, extra: str) -> None:
    texts = _THREAD_LINES + _real_lines()
    assert _needed(pattern, texts, words, extra) >= 5


def test_comment_thread_stamps_need_a_day_word_or_a_digit() -> None:
    for text in _THREAD_LINES + _real_lines():
        label = ct.strip_glyphs(text.strip())
        if label and ct._STAMP.search(label, timeout=PATTERN_TIMEOUT):
            folded = fold(label)
            assert any(w in folded for w in ct._DAY_WORDS.words) or ct._has_digit(label), label


def test_classify_with_and_without_keywords_agree() -> None:
    texts = _THREAD_LINES + _real_lines(200)
    found = scan("\n".join(texts))
    assert [ct.classify(t.strip(), mask) for t, mask in zip(texts, found.masks)] == [
        ct.classify(t.strip()) for t in texts
    ]
    assert ct.classify("12 Comments", 0) is None  # the gate is used: no keyword, no try


def test_symbol_keywords_have_no_case_partners() -> None:
    """ "©", "»" and "›" (keywords of the page labels) match only themselves under the patterns' folding."""
    for symbol in "©»›":
        pattern = regex.compile(regex.escape(symbol), FLAGS)
        assert [hex(c) for c in range(0x110000) if pattern.fullmatch(chr(c))] == [hex(ord(symbol))]
    declare("test symbols", ("©", "»x"))
    with pytest.raises(ValueError, match="keyword"):
        declare("test circled", ("ⓐ",))  # a symbol with a case partner ("Ⓐ")
