"""One keyword scan per document: on which lines each rule's keywords occur.

Line rules try large patterns (a comment thread's headings and action bars, a
credit, a phrase list) on every short line, and almost every try fails. Each
such pattern can only match a line that holds one of a few literal words
("comment", "repl", "join" for a thread's heading). A rule declares those words
as data, a :class:`KeywordSet`; every declared set goes into one Aho-Corasick
automaton (pyahocorasick), built once per process, which runs once over the
document's case-folded text. :func:`keyword_lines` gives, per line, the sets
that hit it, and a rule tries its pattern only on those lines. The answer is the
pattern's own on every line: a set's words must be *necessary*, each match of the
pattern it gates contains one of them (tests/test_keyword_lines.py checks the
rules' sets against their patterns).

Case: the rules' patterns fold case fully (``patterns.FLAGS``) or simply
(``VERSION0``). Keywords are lower-case ASCII, or symbols and punctuation that
have no case ("©", "»"), and the text is folded with
``str.casefold``, which agrees with the regex module on every character that
matches an ASCII letter except "İ" (U+0130): the pattern's "i" matches it, while
its case fold is "i" plus a combining dot, so it is mapped to "i" first. A fold
that lengthens the text ("ß" -> "ss") never creates or removes a newline, so
lines are found by the newlines of the folded text.

pyahocorasick is imported on the first scan, never by ``import provlint``. Where
it is missing (an environment installed before it became a dependency) the same
sets are found by one regular-expression scan, with the same answer, slower.
"""

from __future__ import annotations

import bisect
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import regex

from ..patterns import PATTERN_TIMEOUT
from ..prepare import PreparedDocument
from .per_document import per_document

__all__ = ["KeywordLines", "KeywordSet", "declare", "fold", "keyword_lines"]


class KeywordSet:
    """Words a rule's pattern needs: a line holds a match only if one of them occurs in it, case-folded.

    Declared once per process at module level with :func:`declare`; ``bit`` is
    its place in every line's mask.
    """

    __slots__ = ("bit", "name", "words")

    def __init__(self, name: str, words: tuple[str, ...], bit: int) -> None:
        self.name = name
        self.words = words
        self.bit = bit

    def __repr__(self) -> str:
        return f"KeywordSet({self.name!r}, {len(self.words)} words)"


_lock = threading.Lock()
_declared: list[KeywordSet] = []


def _caseless_symbol(char: str) -> bool:
    """A symbol or punctuation mark outside ASCII that case mapping leaves alone ("©", "»"; not "Ⓐ")."""
    return unicodedata.category(char)[0] in "SP" and char.casefold() == char == char.upper() == char.lower()


def _keyword_char(char: str) -> bool:
    if char.isascii():
        return not char.isspace() and not char.isupper() and char.isprintable()
    return _caseless_symbol(char)


def declare(name: str, words: Iterable[str]) -> KeywordSet:
    """Declare a rule's keyword set: at least one word, each of lower-case ASCII and caseless symbols, no spaces."""
    found = tuple(sorted(set(words)))
    if not found:
        raise ValueError(f"keyword set {name!r} has no words")
    for word in found:
        if not word or not all(_keyword_char(c) for c in word):
            raise ValueError(
                f"keyword {word!r} of {name!r}: keywords are lower-case ASCII or caseless symbols, without spaces"
            )
    with _lock:
        for known in _declared:
            if known.name == name:
                raise ValueError(f"keyword set {name!r} is declared twice")
        kw = KeywordSet(name, found, 1 << len(_declared))
        _declared.append(kw)
    return kw


def fold(text: str) -> str:
    """The text keywords are looked for in: case-folded, "İ" read as "i" (see the module's docstring)."""
    if "İ" in text:
        text = text.replace("İ", "i")
    return text.casefold()


@dataclass(frozen=True)
class KeywordLines:
    """Per line of a document, the bits of the keyword sets found on it (``masks[i]`` for line ``i``)."""

    masks: tuple[int, ...]

    def hit(self, kw: KeywordSet, line: int) -> bool:
        """True when one of ``kw``'s words occurs on line ``line`` (0-based)."""
        return bool(self.masks[line] & kw.bit)

    def lines(self, kw: KeywordSet) -> list[int]:
        """The lines (0-based, in order) on which one of ``kw``'s words occurs."""
        bit = kw.bit
        return [i for i, mask in enumerate(self.masks) if mask & bit]


class _Scanner(Protocol):
    def hits(self, folded: str) -> Iterator[tuple[int, int]]:
        """(end offset of an occurrence, bits of the sets holding that word) for every occurrence of a word."""
        ...  # pragma: no cover


def _word_masks(sets: list[KeywordSet]) -> dict[str, int]:
    """Each word's bits: its own sets' and those of every word that starts it.

    The regular-expression scanner reports the longest word starting at a
    position only; a shorter word starting there is a prefix of it, whose bits
    it carries. (The automaton reports every word; the extra bits change nothing.)
    """
    own: dict[str, int] = {}
    for kw in sets:
        for word in kw.words:
            own[word] = own.get(word, 0) | kw.bit
    return {
        word: bits | _or(own[word[:n]] for n in range(1, len(word)) if word[:n] in own) for word, bits in own.items()
    }


def _or(values: Iterable[int]) -> int:
    out = 0
    for value in values:
        out |= value
    return out


class _AutomatonScanner:
    def __init__(self, masks: dict[str, int]) -> None:
        import ahocorasick  # a C extension: loaded on the first scan, not by ``import provlint``

        automaton: Any = ahocorasick.Automaton()
        for word, bits in masks.items():
            automaton.add_word(word, bits)
        automaton.make_automaton()
        self._automaton = automaton

    def hits(self, folded: str) -> Iterator[tuple[int, int]]:
        result: Iterator[tuple[int, int]] = self._automaton.iter(folded)
        return result


class _PatternScanner:
    """The same hits from one overlapped scan of a word alternation (longest word first at each position)."""

    def __init__(self, masks: dict[str, int]) -> None:
        words = sorted(masks, key=lambda w: (-len(w), w))
        self._masks = masks
        self._pattern = regex.compile("(?=(" + "|".join(regex.escape(w) for w in words) + "))")

    def hits(self, folded: str) -> Iterator[tuple[int, int]]:
        masks = self._masks
        for m in self._pattern.finditer(folded, overlapped=True, timeout=PATTERN_TIMEOUT):
            word = m.group(1)
            yield m.start() + len(word) - 1, masks[word]


_scanner: tuple[int, _Scanner] | None = None


def _current_scanner() -> _Scanner:
    """The scanner of every set declared so far (rebuilt only when a set was declared since)."""
    global _scanner
    known = _scanner
    count = len(_declared)
    if known is not None and known[0] == count:
        return known[1]
    masks = _word_masks(list(_declared[:count]))
    scanner: _Scanner
    try:
        scanner = _AutomatonScanner(masks)
    except ImportError:
        scanner = _PatternScanner(masks)
    _scanner = (count, scanner)
    return scanner


def scan(text: str, line_starts: tuple[int, ...] | None = None, scanner: _Scanner | None = None) -> KeywordLines:
    """The keyword lines of ``text`` (``line_starts``: its lines' start offsets, when known)."""
    folded = fold(text)
    if line_starts is None or len(folded) != len(text):
        starts = [0]
        find = folded.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        line_starts = tuple(starts)
    masks = [0] * len(line_starts)
    last = len(line_starts) - 1
    line, first, after = 0, 0, (line_starts[1] if last else len(folded) + 1)
    for end, bits in (scanner or _current_scanner()).hits(folded):
        # A word never spans a newline: the line holding its last character holds it. Hits mostly come in
        # order, so the line of the previous hit is tried before a bisection.
        if not first <= end < after:
            line = bisect.bisect_right(line_starts, end) - 1
            first = line_starts[line]
            after = line_starts[line + 1] if line < last else len(folded) + 1
        masks[line] |= bits
    return KeywordLines(tuple(masks))


def keyword_lines(doc: PreparedDocument) -> KeywordLines:
    """The keyword lines of ``doc`` for every declared set, scanned once per document (kept on it, see
    :mod:`.per_document`; scanned again if a set was declared since)."""
    count = len(_declared)
    return per_document(doc, f"analysis:keyword-lines:{count}", lambda: scan(doc.text, doc.line_starts))
