"""Word tokens of a text, with the standard library's ``re`` wherever it gives ``regex``'s tokens.

A word token is a match of ``\\w+(?:[-'’]\\w+)*`` as the ``regex`` module
reads it. Tokenising is the largest step of preparation, and ``re`` runs that
pattern about twice as fast, but the two engines disagree on what ``\\w`` is
for some characters: ``regex`` follows a newer Unicode version and the
Unicode definition of a word character (combining marks, connector
punctuation, ZWJ/ZWNJ, some symbols are word characters; superscript digits
and vulgar fractions are not), ``re`` calls a character a word character when
``str.isalnum()`` says so. So ``re`` tokenises a text only when every character
in it is one the engines agree on; the same pattern then makes the same
matches. The characters are learned as texts bring them, a 4,096-code-point
block at a time (each character asked of both engines), and one ``re`` search
for a character outside the agreed ones decides a text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import accumulate

import regex

from .patterns import PATTERN_TIMEOUT

#: A word token, for ``regex``: the definition every tokeniser here must reproduce.
WORD = regex.compile(r"\w+(?:[-'’]\w+)*")
#: The tokens of ``WORD.finditer`` in one match: each repetition skips non-word characters and captures
#: one token (group 1), whose texts and starts come back as ``captures(1)`` and ``starts(1)``.
#: Possessive, so it never backtracks; a call costs a few microseconds plus the scan, where
#: ``finditer`` pays about a microsecond per word for the match object and the timeout clock.
_WORDS = regex.compile(r"(?:\W*+(\w++(?:[-'’]\w++)*+))*+\W*+")
#: ``WORD`` for ``re``, captured so that ``split`` returns the gaps and the tokens alternately.
_RE_WORD_SPLIT = re.compile(r"(\w+(?:[-'’]\w+)*)")
#: Text longer than this is tokenised by ``regex`` in pieces cut at a newline or space (no token crosses one).
CHUNK = 1 << 18
_BLOCK = 4096
_REGEX_WORD_RUN = regex.compile(r"\w+")
_RE_WORD_RUN = re.compile(r"\w+")


class AgreedCharacters:
    """The characters on which ``re``'s and ``regex``'s ``\\w`` agree, learned block by block.

    ``agree_on(text)`` is one ``re`` search when the text's characters are all
    known; a character from a block not seen yet classifies its whole block
    (so a script's texts settle the set after a few documents) and rebuilds
    the search pattern.
    """

    def __init__(self) -> None:
        #: The ``re`` character-class items of the agreed characters of each block learned.
        self.blocks: dict[int, str] = {}
        self._outside: re.Pattern[str] = re.compile(".", re.DOTALL)
        self._learn({0})

    def agree_on(self, text: str) -> bool:
        """True when every character of ``text`` is a word character for both engines or for neither."""
        found = self._outside.search(text)
        if found is None:
            return True
        new = {ord(c) // _BLOCK for c in set(text)}.difference(self.blocks)
        if not new:
            return False  # the character found is one the engines disagree on
        self._learn(new)
        return self._outside.search(text, found.start()) is None

    def _learn(self, blocks: set[int]) -> None:
        for block in blocks:
            first = block * _BLOCK
            chars = "".join(map(chr, range(first, first + _BLOCK)))
            by_regex = _word_char_flags(_REGEX_WORD_RUN.finditer(chars))
            by_re = _word_char_flags(_RE_WORD_RUN.finditer(chars))
            agreed = [first + i for i in range(_BLOCK) if by_regex[i] == by_re[i]]
            self.blocks[block] = "".join(_class_item(lo, hi) for lo, hi in _runs(agreed))
        outside = "".join(self.blocks[block] for block in sorted(self.blocks))
        self._outside = re.compile(f"[^{outside}]")


def _word_char_flags(runs: Iterable[regex.Match[str] | re.Match[str]]) -> bytearray:
    """One flag per character of a block: 1 inside one of the word-character ``runs`` found in it."""
    flags = bytearray(_BLOCK)
    for m in runs:
        flags[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return flags


def _runs(codes: list[int]) -> list[tuple[int, int]]:
    """The sorted ``codes`` as (first, last) runs of consecutive code points."""
    out: list[tuple[int, int]] = []
    for code in codes:
        if out and out[-1][1] == code - 1:
            out[-1] = (out[-1][0], code)
        else:
            out.append((code, code))
    return out


def _class_item(first: int, last: int) -> str:
    return f"\\U{first:08x}" if first == last else f"\\U{first:08x}-\\U{last:08x}"


_agreed: AgreedCharacters | None = None  # made on first use: importing compiles nothing


def word_tokens(text: str) -> tuple[list[str], list[int]]:
    """The texts and start offsets of ``WORD``'s matches in ``text``, in order."""
    global _agreed
    if _agreed is None:
        _agreed = AgreedCharacters()
    if _agreed.agree_on(text):
        parts = _RE_WORD_SPLIT.split(text)  # gap, token, gap, token, ..., gap
        ends = list(accumulate(map(len, parts)))
        return parts[1::2], ends[0:-1:2]
    texts: list[str] = []
    starts: list[int] = []
    for lo, hi in chunks(text):
        m = _WORDS.match(text, lo, hi, timeout=PATTERN_TIMEOUT)
        if m is None:  # cannot happen (every part of the pattern is optional); keep the types honest
            continue
        texts.extend(m.captures(1))
        starts.extend(m.starts(1))
    return texts, starts


def chunks(text: str) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text`` of at most about ``CHUNK`` characters, cut at a
    newline or space, so that tokenising the pieces gives the tokens of the whole."""
    out = []
    lo, n = 0, len(text)
    while n - lo > CHUNK:
        hi = text.rfind("\n", lo + 1, lo + CHUNK)
        if hi < 0:
            hi = text.rfind(" ", lo + 1, lo + CHUNK)
        if hi < 0:
            break
        out.append((lo, hi))
        lo = hi
    out.append((lo, n))
    return out
