"""The array-based langdetect trials must give langdetect's probabilities bit for bit."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from provlint.rules.language import detection
from provlint.rules.language.fast_detector import detector_class

pytest.importorskip("numpy")  # the fast extra: without it langdetect's own detector runs

REAL_PAGES = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"


def _texts() -> list[str]:
    """Document samples and paragraphs of every 12th real page, in many languages and scripts."""
    out: list[str] = []
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        for n, record in enumerate(handle):
            if n % 12:
                continue
            text = json.loads(record)["text"]
            out.append(text[: detection.SAMPLE_CHARS])
            out.extend([p[: detection.PARAGRAPH_CHARS] for p in text.split("\n") if len(p) > 150][:2])
    out.append("Ceci est un texte   avec    des espaces   répétés, https://example.org/a et a@b.org, assez long.")
    return out


@pytest.fixture(scope="module")
def plain_factory() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(detection.SEED)
    return factory


def _probabilities(detector: Detector, text: str, trials: int) -> list[tuple[str, float]] | None:
    detector.n_trial = trials
    detector.append(text)
    try:
        return [(found.lang, found.prob) for found in detector.get_probabilities()]
    except LangDetectException:
        return None


@pytest.mark.parametrize("trials", [detection.DOCUMENT_TRIALS, detection.PARAGRAPH_TRIALS])
def test_same_probabilities_as_langdetect(plain_factory: DetectorFactory, trials: int) -> None:
    fast = detector_class()
    factory = detection.language_profiles()
    assert hasattr(factory, "weight_rows")  # numpy installed: the profiles were compacted
    texts = _texts()
    assert len(texts) > 60
    answered = 0
    for text in texts:
        expected = _probabilities(plain_factory.create(), text, trials)
        assert _probabilities(fast(factory), text, trials) == expected, text[:80]
        answered += expected is not None
    assert answered > 50


def test_no_features_raises_as_langdetect_does() -> None:
    detector = detector_class()(detection.language_profiles())
    detector.append("12345 67890 !!!")
    with pytest.raises(LangDetectException):
        detector.get_probabilities()


def test_append_folds_space_runs_as_langdetect_does(plain_factory: DetectorFactory) -> None:
    text = "  two  spaces   and\tthree    more  "
    plain = plain_factory.create()
    plain.append(text)
    fast = detector_class()(detection.language_profiles())
    fast.append(text)
    assert fast.text == plain.text == " two spaces and\tthree more "


def test_detect_remembers_answers_per_text() -> None:
    text = "Die Regierung hat am Montag neue Regeln für den Verkehr in der Stadt beschlossen, sagte der Sprecher."
    first = detection.detect(text)
    assert first is not None and first.lang == "de"
    assert detection.detect(text) is first


def _langdetect_ngrams(plain_factory: DetectorFactory, text: str) -> tuple[str, list[str]]:
    detector = plain_factory.create()
    detector.append(text)
    detector.cleaning_text()
    return detector.text, detector._extract_ngrams()


MIXED = [
    "ABC Nachrichten: DIE Regierung tagt. NATO-Gipfel in Brüssel. Ärger über die USA?",
    "Москва — столица России. Это Test mit EINIGEN lateinischen WÖRTERN und 2024 Zahlen.",
    "東京タワーとひらがな、カタカナ。한국어 문장입니다. Bopomofo ㄅㄆㄇ and Vietnamese Tiếng Việt.",
    "Arabic یک ی and Romanian știință, țară; punctuation — “quotes” … end",
    "A  B  C  d e f   GHI jkl MNOp QrS tUV",
]


def test_cleaning_and_ngrams_are_langdetects(plain_factory: DetectorFactory) -> None:
    """The same cleaned text and the same n-grams, in order, as langdetect's own per-character loops."""
    fast = detector_class()
    factory = detection.language_profiles()
    texts = _texts() + MIXED
    cleaned = 0
    for text in texts:
        expected_text, expected = _langdetect_ngrams(plain_factory, text)
        detector = fast(factory)
        detector.append(text)
        cleaned += len(expected_text) < len(detector.text)
        detector.cleaning_text()
        assert detector.text == expected_text, text[:80]
        assert detector._extract_ngrams() == expected, text[:80]
    assert cleaned >= 1  # a mostly Cyrillic text lost its Latin letters


def test_ngrams_of_a_short_text() -> None:
    from provlint.rules.language.fast_detector import extract_ngrams

    known = {"a", "b", " a", "ab", "b ", " b", "c", "D"}
    # the second capital of a run ("D") gives nothing; a space restarts the window, a second space is skipped
    assert extract_ngrams("ab  CDc b", known) == ["a", " a", "b", "ab", "b ", "c", "b", " b"]
