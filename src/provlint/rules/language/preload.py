"""The language data a ``--jobs`` run loads whole before its workers fork.

Every worker process needs langdetect's profiles (mapped from the build
cache, :mod:`.profiles`, plus a dict of their 87,598 n-grams), textstat, and
the syllable data of each language it meets (pyphen's patterns, read whole
after a few hundred new words). Loaded lazily, each worker pays for them again
and holds its own copy. Loaded once in the parent right before a fork, they
are in the workers from the start, in memory pages the workers share. The
engine's warm-up cannot do this: it runs in every process, and a one-file
``provlint check`` on English text never needs the profiles (the function-word
check decides), so it must not load them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .language_mismatch import LanguageMismatch
from .language_undetermined import LanguageUndetermined
from .mixed_language_paragraphs import MixedLanguageParagraphs
from .readability_out_of_band import ReadabilityOutOfBand

#: The rules that read the document's language or readability (``doc.measures``).
LANGUAGE_RULES = (LanguageMismatch, MixedLanguageParagraphs, LanguageUndetermined, ReadabilityOutOfBand)


def preload_before_fork(rule_classes: Iterable[type], measuring: bool) -> bool:
    """Load the language data now when the run uses it: a language rule runs, or scorecards are measured.

    Returns whether anything was loaded.
    """
    if not measuring and not any(issubclass(cls, LANGUAGE_RULES) for cls in rule_classes):
        return False
    from .detection import language_profiles
    from .readability import preload

    language_profiles()
    preload()
    return True
