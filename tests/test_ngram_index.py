"""The n-gram rows found with array operations are langdetect's n-grams, in langdetect's order."""

from __future__ import annotations

import pytest

from provlint.rules.language import detection
from provlint.rules.language.fast_detector import detector_class, extract_ngrams, ngram_index

pytest.importorskip("numpy")  # the fast extra

from provlint.rules.language.ngram_index import NgramIndex

from .test_fast_detector import MIXED, _texts


def test_rows_of_a_short_text() -> None:
    grams = ["a", "b", " a", "ab", "b ", " b", "c", "D", "ab ", " ab", "Dc", "cb"]
    index = NgramIndex({gram: row for row, gram in enumerate(grams)})
    # as extract_ngrams lists them: the second capital of a run ("D") gives nothing, a space restarts the
    # window, a second space gives nothing, and a 3-gram needs two characters after the space before it
    assert index.rows("ab  CDc b").tolist() == [0, 2, 1, 3, 9, 4, 8, 6, 10, 1, 5]
    assert [grams[r] for r in index.rows("ab  CDc b")] == extract_ngrams("ab  CDc b", set(grams))
    assert index.rows("").tolist() == []
    assert index.rows("   ").tolist() == []
    assert index.rows("ZZ").tolist() == []  # characters the profiles lack: no row


def test_the_profiles_do_not_fit_unless_a_space_is_among_their_characters() -> None:
    with pytest.raises(ValueError):
        NgramIndex({"a": 0, "ab": 1})


def test_rows_are_langdetects_ngrams_on_real_pages_and_mixed_scripts() -> None:
    factory = detection.language_profiles()
    table = factory.word_lang_prob_map
    index = ngram_index(table)
    assert index is not None and ngram_index(table) is index  # built once per mapping
    fast = detector_class()
    texts = [*_texts(), *MIXED, "\ud800 lone surrogate and emoji \U0001f600 text", "x"]
    seen = 0
    for text in texts:
        detector = fast(factory)
        detector.append(text)
        detector.cleaning_text()
        expected = [table[gram] for gram in extract_ngrams(detector.text, table)]
        assert index.rows(detector.text).tolist() == expected, text[:80]
        seen += len(expected)
    assert seen > 50_000
