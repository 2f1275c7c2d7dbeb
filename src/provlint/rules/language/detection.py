"""Language detection for the PL5xx rules: seeded, sampled, cached.

langdetect is random by design (it samples n-grams); seeding its factory once
makes every run give the same answer. Its cost grows with the text, so the
document is detected on a *sample*: the first paragraphs, up to
:data:`SAMPLE_CHARS` characters. Paragraph checks use at most
:data:`PARAGRAPH_CHARS` characters of each paragraph. Texts with fewer than
:data:`MIN_LETTERS` letters are not detected at all (too short to tell).

The profiles are loaded once per process (``DetectorFactory`` is cached at
module level, guarded by a lock); nothing is downloaded, langdetect ships its
profiles in the wheel.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from ...prepare import PreparedDocument

#: Characters of the document sampled for its language (first paragraphs).
SAMPLE_CHARS = 600
#: Characters of one paragraph sampled when comparing paragraphs.
PARAGRAPH_CHARS = 250
#: Below this many letters a text is too short to tell its language.
MIN_LETTERS = 60
#: langdetect's seed: fixed so that detection is deterministic.
SEED = 0
#: Random trials per detection (langdetect's default is 7; the answer is seeded either way).
DOCUMENT_TRIALS = 4
PARAGRAPH_TRIALS = 3

_lock = threading.Lock()
_factory: Any = None


@dataclass(frozen=True)
class Guess:
    """The most probable language (primary subtag, lower case) and its probability."""

    lang: str
    probability: float


def _get_factory() -> Any:
    global _factory
    if _factory is None:
        with _lock:
            if _factory is None:
                from langdetect.detector_factory import DetectorFactory, PROFILES_DIRECTORY

                factory = DetectorFactory()
                factory.load_profile(PROFILES_DIRECTORY)
                factory.set_seed(SEED)
                DetectorFactory.seed = SEED
                _factory = factory
    return _factory


def primary(lang: str) -> str:
    """``en-US`` / ``en_GB`` / ``zh-cn`` -> ``en`` / ``en`` / ``zh``."""
    return lang.replace("_", "-").split("-")[0].strip().lower()


def letter_count(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def detect(text: str, trials: int = DOCUMENT_TRIALS) -> Guess | None:
    """The language of ``text`` (already sampled by the caller), or None when undecidable."""
    if letter_count(text) < MIN_LETTERS:
        return None
    from langdetect.lang_detect_exception import LangDetectException

    detector = _get_factory().create()
    detector.n_trial = trials
    detector.append(text)
    try:
        best = detector.get_probabilities()
    except LangDetectException:
        return None
    if not best:
        return None
    return Guess(primary(best[0].lang), round(float(best[0].prob), 4))


def document_sample(doc: PreparedDocument, limit: int = SAMPLE_CHARS) -> str:
    """The first paragraphs of the document, up to ``limit`` characters."""
    parts: list[str] = []
    size = 0
    for para in doc.paragraphs:
        if size >= limit:
            break
        piece = para.text[: limit - size]
        parts.append(piece)
        size += len(piece) + 1
    return "\n".join(parts)


def document_language(doc: PreparedDocument) -> Guess | None:
    """Detect the document's language once and record it in ``doc.metrics``.

    Every PL5xx rule calls this; the first does the work, the others read the
    recorded result, so enabling several language rules costs one detection.
    """
    if "language" in doc.metrics:
        lang = doc.metrics["language"]
        prob = doc.metrics.get("language_probability", 0.0)
        return Guess(str(lang), float(prob)) if lang != "und" else None  # type: ignore[arg-type]
    guess = detect(document_sample(doc))
    doc.metrics["language"] = guess.lang if guess else "und"
    doc.metrics["language_probability"] = guess.probability if guess else 0.0
    return guess
