"""PL5xx: the document's language and readability.

Shared, sample-bounded measurements live in :mod:`.detection` (langdetect,
seeded) and :mod:`.readability` (textstat fed the bundled CMU dictionary);
each is computed once per document and recorded in ``doc.measures`` (typed,
see provlint.measures), where the scorecard reads it too.
"""

from __future__ import annotations

from collections.abc import Callable

from ...hookspecs import hookimpl
from .language_mismatch import LanguageMismatch
from .language_undetermined import LanguageUndetermined
from .mixed_language_paragraphs import MixedLanguageParagraphs
from .overlong_sentence import OverlongSentence
from .readability_out_of_band import ReadabilityOutOfBand

RULES = (LanguageMismatch, MixedLanguageParagraphs, LanguageUndetermined, ReadabilityOutOfBand, OverlongSentence)


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    for rule in RULES:
        register(rule)
