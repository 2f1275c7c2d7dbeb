"""Prepare a document once: normalised text split into lines, paragraphs,
sentences and words, each with offsets, plus offset -> (line, column) mapping.

Every rule reads this shared view; none re-splits the text. Splits that not
every rule needs (sentences, words) are computed on first use and cached, so a
run with only line rules does not pay for them.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from functools import cached_property
from itertools import accumulate, groupby, islice, repeat
from operator import itemgetter
from typing import NamedTuple

from .measures import Measures
from .model import Document
from .normalize import Normalized, normalize
from .sentence_ends import sentence_ends
from .word_tokens import word_tokens


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
        """Empty or only whitespace (``str.isspace``, which is what ``str.strip`` removes; no copy is made)."""
        text = self.text
        return not text or text.isspace()


_new_span = tuple.__new__  # Span's fields, positionally, without the NamedTuple __new__ frame
_first = itemgetter(0)  # a span's start
_third = itemgetter(2)  # a span's text
_plus_one = (1).__add__
_minus_one = (-1).__add__


# Abbreviations that end in a full stop without ending a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr vs etc e.g i.e u.s u.k u.n no fig gen gov sen rep "
    "col lt sgt capt mt inc ltd co corp jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))


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
        """Every line (without its newline), blank ones included; ``index`` is line number - 1.

        Built without a Python step per line: the starts are the running sums
        of the lines' lengths plus their newlines (real pages have thousands of
        short lines)."""
        texts = self.text.split("\n")
        starts = list(accumulate(map(_plus_one, map(len, texts)), initial=0))
        ends = map(_minus_one, islice(starts, 1, None))
        numbers = range(len(texts))
        return tuple(map(_new_span, repeat(Span), zip(starts, ends, texts, numbers, numbers)))

    @property
    def code_lines(self) -> frozenset[int]:
        """Indexes of the lines inside a code listing (an HTML page's ``<pre>`` block, a fenced block, a run
        of code lines): article content, not page furniture or prose. Rules that judge a line or paragraph
        as furniture or prose pass these lines over; computed once per document, empty for most."""
        from .analyses.code_listings import code_lines  # the analyses import this module

        return code_lines(self)

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        return tuple(map(_first, self.lines))

    @cached_property
    def paragraphs(self) -> tuple[Span, ...]:
        """Runs of non-blank lines separated by blank lines, stripped of surrounding blanks."""
        lines = self.lines
        text = self.text
        out: list[Span] = []
        first = 0
        for filled, run in groupby(map(bool, map(str.strip, map(_third, lines)))):
            size = len(list(run))
            if filled:
                start, end = lines[first].start, lines[first + size - 1].end
                out.append(_new_span(Span, (start, end, text[start:end], len(out), first)))
            first += size
        return tuple(out)

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        """Sentences, never crossing a line break (scraped text puts one block per line).

        One pass over the text's stops finds every sentence end
        (``provlint.sentence_ends``; an end never spans a newline, and the
        newline after a line's end is the whitespace an end needs); the ends that are not abbreviations
        cut the lines into pieces, and each piece stripped of surrounding
        whitespace is a sentence unless nothing is left. Spans are built as
        plain tuples, and a line without an end inside it (most lines of a
        real page) is one piece, its own text when nothing is stripped.
        """
        text = self.text
        stops = []
        for dot, stop in sentence_ends(text):
            if stop - dot == 1 and text[dot] == "." and _is_abbreviation(text, dot):
                continue
            stops.append(stop)
        out: list[Span] = []
        add = out.append
        stops.append(len(text) + 1)  # a sentinel past every line's end
        stops_left = iter(stops)
        pending = next(stops_left)
        for start, end, line_text, index, _ in self.lines:
            begin = 0
            while pending <= end:  # the stops inside this line (each is after the line's start)
                piece = line_text[begin : pending - start]
                stripped = piece.strip()
                if stripped:
                    first = start + begin + len(piece) - len(piece.lstrip())
                    add(_new_span(Span, (first, first + len(stripped), stripped, len(out), index)))
                begin = pending - start
                pending = next(stops_left)
            piece = line_text[begin:] if begin else line_text
            stripped = piece.strip()
            if stripped:
                lead = 0 if stripped is piece else len(piece) - len(piece.lstrip())
                first = start + begin + lead
                add(_new_span(Span, (first, first + len(stripped), stripped, len(out), index)))
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
        """(texts, start offsets) of the word tokens: ``WORD.finditer`` over the text, done
        by one ``re`` split or a few large ``regex`` match calls (see ``provlint.word_tokens``)."""
        texts, starts = word_tokens(self.text)
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
        for word, start in zip(self.lower_words, self.word_offsets):
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
    def lower_words(self) -> tuple[str, ...]:
        """Every word token lower-cased (``str.lower``), in order: the keys of ``word_starts``, one per token.

        Phrase look-ups compare these with the few hundred words their phrases
        can start with (``word_index``, ``word_numbers_starting``), where the
        full ``word_starts`` index costs a Python step and a list entry for
        every token of the page. "İ" (U+0130) is read as "i" first: the
        phrases' patterns match their "i" to it case-insensitively, while its
        ``str.lower`` is "i" and a combining dot ("İt is said" was not the word
        "it" here, so no phrase was tried where the pattern matches).
        """
        if "İ" in self.text:
            return tuple([word.replace("İ", "i").lower() for word in self.word_texts])
        return tuple(map(str.lower, self.word_texts))

    def word_index(self, words: frozenset[str]) -> dict[str, tuple[int, ...]]:
        """The numbers (indexes into ``word_texts``) of the tokens whose lower-cased text is one of ``words``,
        by word, in order; only the words that occur are keys.

        Every caller's words join one process-wide set (``WANTED_WORDS``), and a
        document finds the tokens of that whole set in one C pass over
        ``lower_words``, kept for the document: each phrase rule then pays only
        for its own words' tokens, not for a pass over every token.
        """
        wanted = WANTED_WORDS.cover(words)
        if wanted is None:  # more words than the shared set holds: this call's own pass
            index = _index_of(self.lower_words, words)
        else:
            kept: tuple[frozenset[str], dict[str, tuple[int, ...]]] | None = self.__dict__.get("_wanted_index")
            if kept is None or not words <= kept[0]:
                kept = wanted, _index_of(self.lower_words, wanted)
                self.__dict__["_wanted_index"] = kept
            index = kept[1]
        return {word: index[word] for word in index.keys() & words}

    def word_numbers_starting(self, prefixes: Iterable[str]) -> list[int]:
        """The numbers of the tokens whose lower-cased text starts with one of ``prefixes``, in order.

        Found by substring searches of the lower-cased tokens joined by spaces
        (a token holds no whitespace), so a prefix that no token starts with
        costs one search rather than a test per token. Each prefix must be
        non-empty and hold no whitespace.
        """
        joined = self._lower_words_joined
        found: set[int] = set()
        for prefix in prefixes:
            if not prefix or prefix != "".join(prefix.split()):
                raise ValueError(f"a word prefix must be non-empty and hold no whitespace: {prefix!r}")
            needle = " " + prefix
            at = joined.find(needle)
            while at >= 0:
                found.add(at)
                at = joined.find(needle, at + 1)
        numbers: list[int] = []
        spaces = 0
        last = 0
        for at in sorted(found):  # a token's number is the count of spaces before it, less the leading one
            spaces += joined.count(" ", last, at + 1)
            last = at + 1
            numbers.append(spaces - 1)
        return numbers

    @cached_property
    def _lower_words_joined(self) -> str:
        """`` " " + " ".join(lower_words)``: each token preceded by exactly one space."""
        return " " + " ".join(self.lower_words)

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
        return tuple(map(_first, self.sentences))

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


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` ends an abbreviation or an initial, not a sentence."""
    if dot >= _LONGEST_ABBREVIATION + 1 and text[dot - _LONGEST_ABBREVIATION - 1 : dot].isalpha():
        return False  # the word before the stop is longer than any abbreviation (the common case)
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith", "U.S."
    return word in _ABBREVIATIONS


class WantedWords:
    """The lower-cased words that phrase look-ups ask ``PreparedDocument.word_index`` for, in this process.

    The set only grows (phrase lists are static: it settles once every rule
    has asked) and is bounded: a request that would take it past ``limit``
    words gets a pass of its own instead.
    """

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self.words: frozenset[str] = frozenset()

    def cover(self, words: frozenset[str]) -> frozenset[str] | None:
        """The shared set, grown to hold ``words``; ``None`` when that would pass the limit."""
        current = self.words
        if words <= current:
            return current
        grown = current | words
        if len(grown) > self.limit:
            return None
        self.words = grown
        return grown


#: The process's wanted words (see ``PreparedDocument.word_index``).
WANTED_WORDS = WantedWords()


def _index_of(lower_words: tuple[str, ...], words: frozenset[str]) -> dict[str, tuple[int, ...]]:
    """The numbers of the tokens in ``words``, by word: one C pass marks them, a Python step per marked token."""
    marks = bytes(map(words.__contains__, lower_words))
    index: dict[str, list[int]] = {}
    at = marks.find(1)
    while at >= 0:
        word = lower_words[at]
        found = index.get(word)
        if found is None:
            index[word] = [at]
        else:
            found.append(at)
        at = marks.find(1, at + 1)
    return {word: tuple(numbers) for word, numbers in index.items()}


def prepare(document: Document) -> PreparedDocument:
    return PreparedDocument(document)


def line_span(doc: PreparedDocument, index: int) -> tuple[int, int]:
    """Normalised offsets of a line's text without surrounding whitespace."""
    line = doc.lines[index]
    lead = len(line.text) - len(line.text.lstrip())
    return line.start + lead, line.start + len(line.text.rstrip())
