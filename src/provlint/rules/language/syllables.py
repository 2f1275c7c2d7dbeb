"""Syllable counts per word, counted as textstat counts them and remembered per process.

Readability figures need the syllables of every word of a document's opening
sentences. textstat counts a word's syllables from its CMU pronunciation (English
only: the stressed phones) and otherwise as its hyphenation points plus one, with
pyphen's patterns (Liang's algorithm, the one TeX uses) and pyphen's defaults of at
least two letters before the first and after the last point. Doing that through
textstat costs a Python call chain per word and a pattern look-up per substring
of every word not seen before; pyphen also keeps every hyphenated word for the
life of the process, so on a long run its memory grows with the vocabulary.

A :class:`SyllableCounter` gives the same count per word from the same data
(readability.py loads it: the CMU table and the hyphenation patterns in
provlint's cache), remembers at most :data:`MEMO_WORDS` words per language
(cleared whole when full: bounded memory whatever the input) and, once it has
counted :data:`LOAD_AFTER_WORDS` new words (a long run, not a one-file check),
indexes the patterns in an Aho-Corasick automaton, so that a new word costs one
pass instead of a look-up per substring. When an earlier process left that
automaton in the build cache, it is read at the first new word instead: reading
it costs what a few dozen substring-searched words do (0.2-0.4 ms each).
tests/test_syllables.py holds the counts equal to textstat's on real pages.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable, Iterable
from typing import Any

from ...sorted_table import SortedTable

#: Distinct words remembered per language before the memo is cleared (a few MB of short words).
MEMO_WORDS = 50_000
#: New words counted with the mapped pattern table before the table is read whole into a dict.
LOAD_AFTER_WORDS = 200
#: pyphen's defaults, which textstat keeps: no hyphenation point within two letters of either end.
LEFT_MIN = 2
RIGHT_MIN = 2


class HyphenationPatterns:
    """Liang hyphenation patterns: substring -> bytes (the first digit's offset, then the pattern's digits).

    ``table`` holds them (mapped, searched); ``maxlen`` is the longest pattern's length.
    Until :meth:`load`, a word's patterns are found by looking up each of its
    substrings up to ``maxlen`` characters (35 in German) in the table; after it,
    by one pass of an Aho-Corasick automaton over the word (pyahocorasick, a
    base dependency), which reports every pattern that occurs and nothing else:
    about a fifth of the time per new word, for a build of 0.05 s and 1 MB
    (English) to 0.26 s and 15 MB (German, 66,000 patterns) once per process.
    """

    __slots__ = ("_automaton", "_cache_key", "_find", "_table", "maxlen")

    def __init__(self, maxlen: int, table: SortedTable, cache_key: str | None = None) -> None:
        """``cache_key``: where the built automaton is kept in provlint's build cache (None: built in every process)."""
        self.maxlen = maxlen
        self._table: SortedTable | None = table
        self._find: Callable[[str], bytes | None] = table.find
        self._automaton: Any = None
        self._cache_key = cache_key

    def index_is_cached(self) -> bool:
        """True when the automaton of these patterns is in the build cache: loading it costs less than
        a few dozen words' substring look-ups (0.002 CPU s for English, 0.06 for German, the largest)."""
        if self._table is None or self._cache_key is None:
            return False
        from ...cache import entry_path

        path = entry_path("hyphenation-automaton", self._automaton_key())
        return path is not None and path.is_file()

    def _automaton_key(self) -> str:
        try:
            import ahocorasick
        except ImportError:  # pragma: no cover - a base dependency
            return "?"
        return f"{getattr(ahocorasick, '__version__', '?')}:{self._cache_key}"

    def load(self) -> None:
        """Index every pattern for whole-word matching (a long run: a new word then costs one pass)."""
        table = self._table
        if table is None:
            return
        self._table = None
        try:
            import ahocorasick  # noqa: F401  (the automaton needs it)
        except ImportError:  # pragma: no cover - a base dependency; a dict look-up per substring then
            self._find = table.as_dict().get
            return
        if not len(table):
            return  # nothing to index: the (empty) table answers
        if self._cache_key is None:
            self._automaton = _index(table)
            return
        from ...cache import cached

        key = self._automaton_key()
        # Unpickling a German automaton takes a quarter of the time building it does (0.06 against 0.26 s).
        self._automaton = cached("hyphenation-automaton", key, lambda: _index(table), _dump_automaton, _load_automaton)

    def points(self, word: str) -> int:
        """How many hyphenation points ``word`` has at least two letters from either end (pyphen's count)."""
        pointed = f".{word.lower()}."
        size = len(pointed)
        # weights[i]: the highest digit any pattern puts before pointed[i]; odd is a point.
        weights = [0] * (size + 1)
        if self._automaton is not None:
            for end, (shift, digits) in self._automaton.iter(pointed):
                at = end + shift
                for digit in digits:
                    if digit > weights[at]:
                        weights[at] = digit
                    at += 1
        else:
            find, maxlen = self._find, self.maxlen
            for i in range(size - 1):
                for j in range(i + 1, min(i + maxlen, size) + 1):
                    found = find(pointed[i:j])
                    if found is None:
                        continue
                    at = i + found[0]
                    for k in range(1, len(found)):
                        if found[k] > weights[at]:
                            weights[at] = found[k]
                        at += 1
        # An odd weight at index i is a point after the word's (i - 1)th letter (the leading dot shifts by one).
        last = len(word) - RIGHT_MIN
        return sum(1 for i in range(LEFT_MIN + 1, min(last + 1, size) + 1) if weights[i] & 1)


def _index(table: SortedTable) -> Any:
    """An Aho-Corasick automaton of the table's patterns, each reported with (shift, digits) at its last character."""
    import ahocorasick

    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    shared: dict[tuple[int, bytes], tuple[int, bytes]] = {}  # a few thousand distinct values among 66,000 patterns
    for pattern, value in table.items():
        # Reported at the pattern's last character: its first digit goes ``1 - len + offset`` from there.
        entry = (1 - len(pattern) + value[0], value[1:])
        automaton.add_word(pattern, shared.setdefault(entry, entry))
    automaton.make_automaton()
    return automaton


def _dump_automaton(automaton: Any) -> bytes:
    return pickle.dumps(automaton, protocol=pickle.HIGHEST_PROTOCOL)


class _AutomatonUnpickler(pickle.Unpickler):
    """Unpickles a pyahocorasick automaton and nothing else: a tampered cache entry cannot name another callable."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("ahocorasick", "Automaton"):
            import ahocorasick

            return ahocorasick.Automaton
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in an automaton cache entry")


def _load_automaton(data: bytes) -> Any:
    import ahocorasick

    automaton = _AutomatonUnpickler(io.BytesIO(data)).load()
    if not isinstance(automaton, ahocorasick.Automaton) or automaton.kind != ahocorasick.AHOCORASICK:
        raise ValueError("cache entry holds no built automaton")
    return automaton


class SyllableCounter:
    """Syllables per word for one language: the CMU count (``pronunciations``, English) else hyphenation points + 1."""

    __slots__ = ("_hyphenation", "_memo", "_misses", "_pronunciations")

    def __init__(self, hyphenation: HyphenationPatterns, pronunciations: SortedTable | None = None) -> None:
        self._hyphenation = hyphenation
        self._pronunciations = pronunciations
        self._memo: dict[str, int] = {}
        self._misses = 0

    def count(self, word: str) -> int:
        """The syllables of one (lower-case) word."""
        known = self._memo.get(word)
        if known is not None:
            return known
        return self._remember(word)

    def total(self, words: Iterable[str]) -> int:
        """The syllables of every word in ``words`` (textstat's ``count_syllables`` of their text)."""
        memo = self._memo
        total = 0
        for word in words:
            known = memo.get(word)
            total += known if known is not None else self._remember(word)
        return total

    def _remember(self, word: str) -> int:
        count: int | None = None
        if self._pronunciations is not None:
            found = self._pronunciations.find(word)
            count = found[0] if found else None
        if count is None:
            self._misses += 1
            misses = self._misses
            if misses == LOAD_AFTER_WORDS or (misses == 1 and self._hyphenation.index_is_cached()):
                self._hyphenation.load()
            count = self._hyphenation.points(word) + 1
        memo = self._memo
        if len(memo) >= MEMO_WORDS:
            memo.clear()
        memo[word] = count
        return count

    def load(self) -> None:
        """Read the hyphenation patterns whole now (before ``--jobs`` workers fork, so that they share them).

        The pronunciations stay mapped: each distinct word is searched once
        (the memo remembers it), and the table reads itself whole after
        :data:`provlint.sorted_table.LOAD_AFTER_SEARCHES` searches.
        """
        self._hyphenation.load()
