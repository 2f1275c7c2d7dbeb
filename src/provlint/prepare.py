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

from .measures import Measures
from .model import Document
from .normalize import Normalized, normalize
from .patterns import PATTERN_TIMEOUT


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
#: The tokens of ``_WORD.finditer`` in one match: each repetition skips non-word
#: characters and captures one token (group 1), whose texts and starts come back
#: as ``captures(1)`` and ``starts(1)``. Possessive, so it never backtracks; a
#: call costs a few microseconds plus the scan, where ``finditer`` pays about a
#: microsecond per word for the match object and the timeout clock.
_WORDS = regex.compile(r"(?:\W*+(\w++(?:[-'’]\w++)*+))*+\W*+")
#: Text longer than this is tokenised in pieces cut at a newline or space (no token crosses one).
_CHUNK = 1 << 18
# Abbreviations that end in a full stop without ending a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr vs etc e.g i.e u.s u.k u.n no fig gen gov sen rep "
    "col lt sgt capt mt inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


class PreparedDocument:
    """The read-only, shared view of one document that rules receive."""

    __slots__ = ("document", "raw", "text", "offsets", "steps", "measures", "__dict__")

    def __init__(self, document: Document) -> None:
        self.document = document
        self.raw = document.text
        norm: Normalized = normalize(document.text)
        self.text: str = norm.text
        self.offsets = norm.offsets
        self.steps = norm.steps
        #: Typed measurements shared by rules and the scorecard (language, readability),
        #: filled in by whoever asks first (see provlint.measures).
        self.measures = Measures()

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
        """Sentences, never crossing a line break (scraped text puts one block per line).

        One scan of the whole text finds every sentence end (an end never
        spans a newline, and the look-ahead sees the newline as the
        whitespace a line end gives it), then the ends are dealt to lines.
        """
        out: list[Span] = []
        text = self.text
        lines = self.lines
        ends = _SENTENCE_END.finditer(text, timeout=PATTERN_TIMEOUT)
        pending = next(ends, None)
        for line in lines:
            line_text = line.text
            line_start, line_end = line.start, line.end
            begin = 0
            while pending is not None and pending.start() < line_end:
                m = pending
                pending = next(ends, None)
                dot, stop = m.start() - line_start, m.end() - line_start
                if stop - dot == 1 and line_text[dot] == "." and _is_abbreviation(line_text, dot):
                    continue
                self._add_sentence(out, line, begin, stop)
                begin = stop
            if begin < len(line_text) and not line_text.isspace():
                self._add_sentence(out, line, begin, len(line_text))
        return tuple(out)

    @cached_property
    def word_texts(self) -> tuple[str, ...]:
        """Every word token's text, in order (the texts of ``words``, without spans)."""
        return self._word_tokens[0]

    @cached_property
    def word_offsets(self) -> tuple[int, ...]:
        """Start offset of every word token, in order (``word_texts[i]`` starts at ``word_offsets[i]``)."""
        return self._word_tokens[1]

    @cached_property
    def _word_tokens(self) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """(texts, start offsets) of the word tokens: ``_WORD.finditer`` over the text, done
        as a few large match calls rather than one match object per word (see ``_WORDS``)."""
        texts: list[str] = []
        starts: list[int] = []
        text = self.text
        for lo, hi in _chunks(text):
            m = _WORDS.match(text, lo, hi, timeout=PATTERN_TIMEOUT)
            if m is None:  # cannot happen (every part of the pattern is optional); keep the types honest
                continue
            texts.extend(m.captures(1))
            starts.extend(m.starts(1))
        return tuple(texts), tuple(starts)

    @cached_property
    def words(self) -> tuple[Span, ...]:
        """Word tokens (letters, digits, inner hyphens and apostrophes) as spans.

        Rules that need only the texts or the starts read ``word_texts`` and
        ``word_offsets``, which cost no per-word object.
        """
        return tuple(
            [
                _new_span(Span, (s, s + len(w), w, i, 0))
                for i, (w, s) in enumerate(zip(self.word_texts, self.word_offsets))
            ]
        )

    @cached_property
    def word_starts(self) -> dict[str, list[int]]:
        """Start offsets of every word, keyed by the lower-cased word.

        Built once and shared: phrase rules look up the words a phrase can
        start with instead of each walking every word (see ``anchored.py``).
        """
        index: dict[str, list[int]] = {}
        for word, start in zip(map(str.lower, self.word_texts), self.word_offsets):
            found = index.get(word)
            if found is None:
                index[word] = [start]
            else:
                found.append(start)
        return index

    @cached_property
    def sorted_words(self) -> tuple[str, ...]:
        """The keys of ``word_starts`` in sorted order, for prefix look-ups by bisection."""
        return tuple(sorted(self.word_starts))

    @cached_property
    def word_count(self) -> int:
        """The number of word tokens."""
        return len(self.word_texts)

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
        windows = [text[:third], text[middle : middle + third], text[len(text) - third :]]
        out = []
        for i, window in enumerate(windows):
            if i > 0 and " " in window:
                window = window[window.index(" ") + 1 :]
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
        """The raw-text offset of a normalised-text ``offset``."""
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


def _chunks(text: str) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text`` of at most about ``_CHUNK`` characters, cut at a
    newline or space, so that tokenising the pieces gives the tokens of the whole."""
    out = []
    lo, n = 0, len(text)
    while n - lo > _CHUNK:
        hi = text.rfind("\n", lo + 1, lo + _CHUNK)
        if hi < 0:
            hi = text.rfind(" ", lo + 1, lo + _CHUNK)
        if hi < 0:
            break
        out.append((lo, hi))
        lo = hi
    out.append((lo, n))
    return out


def prepare(document: Document) -> PreparedDocument:
    return PreparedDocument(document)


def line_span(doc: PreparedDocument, index: int) -> tuple[int, int]:
    """Normalised offsets of a line's text without surrounding whitespace."""
    line = doc.lines[index]
    lead = len(line.text) - len(line.text.lstrip())
    return line.start + lead, line.start + len(line.text.rstrip())
