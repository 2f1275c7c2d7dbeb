"""``word_tokens`` gives ``WORD.finditer``'s tokens exactly, by ``re`` where the engines agree and by ``regex`` elsewhere."""

from __future__ import annotations

import re

import pytest
import regex

from provlint import word_tokens as module
from provlint.word_tokens import WORD, AgreedCharacters, word_tokens


def _finditer(text: str) -> tuple[list[str], list[int]]:
    matches = list(WORD.finditer(text))
    return [m.group() for m in matches], [m.start() for m in matches]


@pytest.mark.parametrize(
    ("text", "texts", "starts"),
    [
        ("", [], []),
        ("   \n\t ", [], []),
        ("\r\n\r\n", [], []),
        ("one two\r\nthree", ["one", "two", "three"], [0, 4, 9]),
        (
            "don’t rock-n-roll -x y- a--b 'q'",
            ["don’t", "rock-n-roll", "x", "y", "a", "b", "q"],
            [0, 6, 19, 21, 24, 27, 30],
        ),
        ("İstanbul ß é __init__ 12,5", ["İstanbul", "ß", "é", "__init__", "12", "5"], [0, 9, 11, 13, 22, 25]),
        # combining marks and Devanagari vowel signs are word characters for regex, not for re
        ("e\u0301t\u00e9 \u0915\u094d\u0937\u093f", ["e\u0301t\u00e9", "\u0915\u094d\u0937\u093f"], [0, 5]),
        # superscripts and fractions are word characters for re, not for regex
        ("x\u00b2 \u00bd km\u00b3", ["x", "km"], [0, 5]),
        ("a\u200db \u203fx\u2040", ["a\u200db", "\u203fx\u2040"], [0, 4]),
        ("\U0001d400\U0001d401 \U0001f600 ok", ["\U0001d400\U0001d401", "ok"], [0, 5]),
    ],
)
def test_tokens_and_starts(text: str, texts: list[str], starts: list[int]) -> None:
    assert word_tokens(text) == (texts, starts)
    assert _finditer(text) == (texts, starts)


def test_a_very_long_line() -> None:
    text = "w" * 300_000 + " " + "x-" * 100_000 + "y\u00b2 end"
    assert word_tokens(text) == (["w" * 300_000, "x-" * 100_000 + "y", "end"], [0, 300_001, 500_004])


def test_the_regex_path_cuts_long_text_into_pieces_with_the_same_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "CHUNK", 16)
    # "²" makes the engines disagree, so the text goes to regex, in pieces of about 16 characters
    text = "one two-three\nfour’s five² six seven\nnine ten eleven twelve thirteen fourteen " * 5 + "x" * 40
    assert len(module.chunks(text)) > 5
    assert word_tokens(text) == _finditer(text)


def test_agreement_is_learned_block_by_block() -> None:
    agreed = AgreedCharacters()
    assert sorted(agreed.blocks) == [0]
    assert agreed.agree_on("plain ASCII, Latin-1 é and ß")
    assert not agreed.agree_on("x\u00b2")  # a superscript: regex says no word character, re says yes
    assert not agreed.agree_on("e\u0301")  # a combining mark: the other way round
    assert agreed.agree_on("日本語のテキスト")  # kana U+3000-U+3FFF, kanji U+6000-U+6FFF and U+8000-U+8FFF
    assert sorted(agreed.blocks) == [0, 3, 6, 8]
    assert agreed.agree_on("日本")
    assert agreed.agree_on("\U0001f600")  # an emoji: no word character for either
    assert 0x1F in agreed.blocks


@pytest.mark.parametrize("block", [0, 1, 2, 3, 0xA, 0x1D, 0x1F])
def test_agreed_characters_are_exactly_those_the_engines_agree_on(block: int) -> None:
    agreed = AgreedCharacters()
    first = block * 4096
    chars = [chr(c) for c in range(first, first + 4096)]
    disputed = [c for c in chars if (regex.match(r"\w", c) is None) != (re.match(r"\w", c) is None)]
    assert [c for c in chars if not agreed.agree_on(c)] == disputed
