"""Language detection for the PL5xx rules: seeded, sampled, cached.

langdetect is random by design (it samples n-grams); seeding its factory once
makes every run give the same answer. Its cost grows with the text, so the
document is detected on a *sample*: the first paragraphs, up to
:data:`SAMPLE_CHARS` characters. Paragraph checks use at most
:data:`PARAGRAPH_CHARS` characters of each paragraph. Texts with fewer than
:data:`MIN_LETTERS` letters are not detected at all (too short to tell).

Before langdetect runs, a fast check counts function words ("the", "und",
"les", ...; src/provlint/data/language_function_words.txt) among the sample's
words: when one language's function words make up at least
:data:`QUICK_MIN_SHARE` of the words and :data:`QUICK_MARGIN` times more than
any other language's, that language is taken without the statistical
detector (``method = "function-words"``). Everything less clear, every other
language, and every mismatch a rule is about to report is decided by
langdetect.

The profiles are loaded once per process (``DetectorFactory`` is cached at
module level, guarded by a lock), from provlint's build cache after the first
process (:mod:`.profiles`); nothing is downloaded, langdetect ships its
profiles in the wheel.
"""

from __future__ import annotations

import bisect
import functools
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ...measures import UNDETERMINED, LanguageMeasure
from ...patterns import load_phrases
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

#: Fast check: the winning language's function words are at least this share of the words ...
QUICK_MIN_SHARE = 0.2
#: ... and this many times the runner-up's share ...
QUICK_MARGIN = 3.0
#: ... in a text of at least this many words.
QUICK_MIN_WORDS = 15

_lock = threading.Lock()
_factory: Any = None


@dataclass(frozen=True)
class Guess:
    """The most probable language (primary subtag, lower case) and its probability.

    ``method`` says who decided: ``langdetect`` or the ``function-words`` fast
    check (whose probability is the function-word share, not a posterior).
    """

    lang: str
    probability: float
    method: str = "langdetect"


@functools.lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    """Word -> the languages it is a function word of."""
    table: dict[str, set[str]] = {}
    for entry in load_phrases("language_function_words"):
        lang, *words = entry.split()
        for word in words:
            table.setdefault(word, set()).add(lang)
    return {w: frozenset(langs) for w, langs in table.items()}


def quick_language(words: Iterable[str]) -> Guess | None:
    """The language whose function words clearly dominate ``words``, or None when unclear."""
    table = function_words()
    hits: dict[str, int] = {}
    n = 0
    for word in words:
        n += 1
        for lang in table.get(word.lower(), ()):
            hits[lang] = hits.get(lang, 0) + 1
    if n < QUICK_MIN_WORDS or not hits:
        return None
    ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
    best, count = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    share = count / n
    if share >= QUICK_MIN_SHARE and count >= QUICK_MARGIN * runner_up:
        return Guess(best, round(share, 4), "function-words")
    return None


def words_between(doc: PreparedDocument, start: int, end: int) -> list[str]:
    """The prepared words that start in normalised ``[start, end)`` (read from the
    shared word arrays: no per-word object is built)."""
    starts = doc.word_offsets
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    return list(doc.word_texts[lo:hi])


def language_profiles() -> Any:
    """langdetect's detector factory with every profile loaded (once per process, seeded; see :mod:`.profiles`)."""
    global _factory
    if _factory is None:
        with _lock:
            if _factory is None:
                from langdetect.detector_factory import DetectorFactory

                from .profiles import load_factory

                factory = load_factory(SEED)
                DetectorFactory.seed = SEED
                _factory = factory
    return _factory


def primary(lang: str) -> str:
    """``en-US`` / ``en_GB`` / ``zh-cn`` -> ``en`` / ``en`` / ``zh``."""
    return lang.replace("_", "-").split("-")[0].strip().lower()


def letter_count(text: str) -> int:
    return sum(map(str.isalpha, text))


#: Distinct samples whose language is remembered: the pages of a site often open with the same menu
#: (the same document sample), and boilerplate paragraphs recur.
DETECT_CACHE = 4096


@functools.lru_cache(maxsize=DETECT_CACHE)
def detect(text: str, trials: int = DOCUMENT_TRIALS) -> Guess | None:
    """The language of ``text`` (already sampled by the caller), or None when undecidable.

    Seeded, so the same text always gets the same answer: answers are remembered per text.
    """
    if letter_count(text) < MIN_LETTERS:
        return None
    from langdetect.lang_detect_exception import LangDetectException

    from .fast_detector import detector_class

    detector = detector_class()(language_profiles())
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


def _sample_end(doc: PreparedDocument, limit: int = SAMPLE_CHARS) -> int:
    size = 0
    end = 0
    for para in doc.paragraphs:
        if size >= limit:
            break
        take = min(len(para.text), limit - size)
        end = para.start + take
        size += take + 1
    return end


def document_language(doc: PreparedDocument) -> Guess | None:
    """Detect the document's language once and record it in ``doc.measures``.

    Every PL5xx rule calls this; the first does the work, the others read the
    recorded result, so enabling several language rules costs one detection.
    The fast function-word check is tried first (see the module docstring).
    """
    known = doc.measures.language
    if known is not None:
        if known.lang == UNDETERMINED:
            return None
        return Guess(known.lang, known.probability, known.method)
    guess = quick_language(words_between(doc, 0, _sample_end(doc))) or detect(document_sample(doc))
    _record(doc, guess)
    return guess


def confirmed_language(doc: PreparedDocument) -> Guess | None:
    """The document's language as langdetect sees it (what a rule reports a mismatch on)."""
    guess = document_language(doc)
    if guess is not None and guess.method == "langdetect":
        return guess
    guess = detect(document_sample(doc))
    _record(doc, guess)
    return guess


#: A paragraph whose words are at least this share function words of the document's language is taken to be in it.
SAME_LANGUAGE_SHARE = 0.1


def paragraph_language(doc: PreparedDocument, start: int, end: int, text: str, main: str | None = None) -> Guess | None:
    """A paragraph's language: the fast check on its words, else langdetect on its first characters.

    With ``main`` (the document's language, when it has a function-word
    list), a paragraph that is at least :data:`SAME_LANGUAGE_SHARE` function
    words of ``main`` is taken to be in it without further detection.
    """
    words = words_between(doc, start, end)
    guess = quick_language(words)
    if guess is not None:
        return guess
    if main is not None and words:
        table = function_words()
        share = sum(1 for w in words if main in table.get(w.lower(), ())) / len(words)
        if share >= SAME_LANGUAGE_SHARE:
            return Guess(main, round(share, 4), "function-words")
    return detect(text[:PARAGRAPH_CHARS], trials=PARAGRAPH_TRIALS)


def _record(doc: PreparedDocument, guess: Guess | None) -> None:
    doc.measures.language = (
        LanguageMeasure(guess.lang, guess.probability, guess.method) if guess else LanguageMeasure(UNDETERMINED)
    )
