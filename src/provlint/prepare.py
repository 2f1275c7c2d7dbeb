"""Prepare a document once: normalised text split into lines, paragraphs,
sentences and words, each with offsets, plus offset -> (line, column) mapping.

Every rule reads this shared view; none re-splits the text. Splits that not
every rule needs (sentences, words) are computed on first use and cached, so a
run with only line rules does not pay for them.
"""

from __future__ import annotations

import bisect
from functools import cached_property
from typing import NamedTuple

import regex

from .model import Document
from .normalize import Normalized, normalize


class Span(NamedTuple):
    """A piece of the normalised text: ``text == prepared.text[start:end]``.

    ``index`` is the span's position in its list (line number - 1 for lines).
    ``line`` is the 0-based index of the line the span starts on.

    A named tuple rather than a frozen dataclass: a document has thousands of
    word spans, and a tuple is built about three times faster.
    """

    start: int
    end: int
    text: str
    index: int  # type: ignore[assignment]  # shadows tuple.index, deliberately
    line: int

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


_new_span = tuple.__new__  # Span's fields, positionally, without the NamedTuple __new__ frame


# A sentence ends at ., !, ? or … (possibly repeated, possibly followed by
# closing quotes or brackets) followed by whitespace, or at the end of the line.
_SENTENCE_END = regex.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+|$)""")
_WORD = regex.compile(r"\w+(?:[-'’]\w+)*")
# Abbreviations that end in a full stop without ending a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr vs etc e.g i.e u.s u.k u.n no fig gen gov sen rep "
    "col lt sgt capt mt inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


class PreparedDocument:
    """The read-only, shared view of one document that rules receive."""

    __slots__ = ("document", "raw", "text", "offsets", "steps", "metrics", "__dict__")

    def __init__(self, document: Document) -> None:
        self.document = document
        self.raw = document.text
        norm: Normalized = normalize(document.text)
        self.text: str = norm.text
        self.offsets = norm.offsets
        self.steps = norm.steps
        #: Per-document measurements rules record for the scorecard
        #: (e.g. ``language``, ``flesch_reading_ease``). Plain values only.
        self.metrics: dict[str, object] = {}

    # -- splits ---------------------------------------------------------------

    @cached_property
    def lines(self) -> tuple[Span, ...]:
        """Every line (without its newline), blank ones included; ``index`` is line number - 1."""
        out = []
        pos = 0
        for i, text in enumerate(self.text.split("\n")):
            end = pos + len(text)
            out.append(Span(pos, end, text, i, i))
            pos = end + 1
        return tuple(out)

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        return tuple(line.start for line in self.lines)

    @cached_property
    def paragraphs(self) -> tuple[Span, ...]:
        """Runs of non-blank lines separated by blank lines, stripped of surrounding blanks."""
        out: list[Span] = []
        first: Span | None = None
        last: Span | None = None
        for line in self.lines:
            if line.is_blank:
                if first is not None and last is not None:
                    out.append(self._span(first.start, last.end, len(out), first.index))
                first = last = None
            else:
                if first is None:
                    first = line
                last = line
        if first is not None and last is not None:
            out.append(self._span(first.start, last.end, len(out), first.index))
        return tuple(out)

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        """Sentences, never crossing a line break (scraped text puts one block per line)."""
        out: list[Span] = []
        for line in self.lines:
            text = line.text
            if not text.strip():
                continue
            begin = 0
            for m in _SENTENCE_END.finditer(text):
                if m.group().startswith(".") and len(m.group()) == 1 and _is_abbreviation(text, m.start()):
                    continue
                self._add_sentence(out, line, begin, m.end())
                begin = m.end()
            if begin < len(text):
                self._add_sentence(out, line, begin, len(text))
        return tuple(out)

    @cached_property
    def words(self) -> tuple[Span, ...]:
        """Word tokens (letters, digits, inner hyphens and apostrophes)."""
        text = self.text
        return tuple(
            [_new_span(Span, (m.start(), m.end(), m.group(), i, 0)) for i, m in enumerate(_WORD.finditer(text))]
        )

    @cached_property
    def word_starts(self) -> dict[str, list[int]]:
        """Start offsets of every word, keyed by the lower-cased word.

        Built once and shared: phrase rules look up the words a phrase can
        start with instead of each walking every word (see ``anchored.py``).
        """
        index: dict[str, list[int]] = {}
        for m in _WORD.finditer(self.text):  # same tokens as ``words``, without building spans
            index.setdefault(m.group().lower(), []).append(m.start())
        return index

    @cached_property
    def word_count(self) -> int:
        """The number of words; counted without building spans when no rule asked for them."""
        if "words" in self.__dict__:
            return len(self.words)
        return len(_WORD.findall(self.text))

    def sample(self, limit: int = 3000) -> str:
        """At most about ``limit`` characters of the text, for checks too costly to run
        on all of it (language identification, readability formulas).

        The whole text when it is short enough; otherwise three windows of
        ``limit // 3`` characters, from the start, the middle and the end, each
        trimmed to whole words and joined by newlines. Deterministic, and a
        long document costs no more than a short one.
        """
        text = self.text
        if len(text) <= limit:
            return text
        third = max(limit // 3, 1)
        middle = (len(text) - third) // 2
        windows = [text[:third], text[middle:middle + third], text[len(text) - third:]]
        out = []
        for i, window in enumerate(windows):
            if i > 0 and " " in window:
                window = window[window.index(" ") + 1:]
            if i < 2 and " " in window:
                window = window[: window.rindex(" ")]
            out.append(window.strip())
        return "\n".join(out)

    # -- positions ------------------------------------------------------------

    def line_of(self, offset: int) -> int:
        """0-based index of the line holding normalised ``offset``."""
        return max(bisect.bisect_right(self.line_starts, offset) - 1, 0)

    def sentence_index_at(self, offset: int) -> int:
        """Index of the sentence holding normalised ``offset`` (or the nearest before it)."""
        starts = self._sentence_starts
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    @cached_property
    def _sentence_starts(self) -> tuple[int, ...]:
        return tuple(s.start for s in self.sentences)

    def to_raw(self, offset: int) -> int:
        return self.offsets.to_raw(offset)

    @cached_property
    def _raw_line_starts(self) -> tuple[int, ...]:
        if self.offsets.is_identity:
            return self.line_starts
        return tuple(self.to_raw(s) for s in self.line_starts)

    def raw_position(self, raw_offset: int) -> tuple[int, int]:
        """1-based (line, column) of a raw offset, columns counted in code points."""
        starts = self._raw_line_starts
        i = max(bisect.bisect_right(starts, raw_offset) - 1, 0)
        return i + 1, raw_offset - starts[i] + 1

    # -- helpers --------------------------------------------------------------

    def _span(self, start: int, end: int, index: int, line: int) -> Span:
        return Span(start, end, self.text[start:end], index, line)

    def _add_sentence(self, out: list[Span], line: Span, begin: int, end: int) -> None:
        piece = line.text[begin:end]
        stripped = piece.strip()
        if not stripped:
            return
        lead = len(piece) - len(piece.lstrip())
        start = line.start + begin + lead
        out.append(Span(start, start + len(stripped), stripped, len(out), line.index))


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an initial, not a sentence."""
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith", "U.S."
    return word in _ABBREVIATIONS


def prepare(document: Document) -> PreparedDocument:
    return PreparedDocument(document)
