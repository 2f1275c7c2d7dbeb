"""Typed per-document measurements shared by rules and the scorecard.

A document's language and readability are analyses, not findings: the PL5xx
rules read them to decide what to report, and the scorecard reads them to
describe a source, whatever rules are selected. :class:`Measures` is the
typed record a :class:`~provlint.prepare.PreparedDocument` carries
(``doc.measures``); whoever asks first computes a value and everyone else
reads it, so enabling several language rules, or a rule and the scorecard,
costs one detection. :class:`DocumentMeasures` is the frozen summary that
travels with a document's outcome to the scorecard (across processes too).

It imports only the model, where :class:`~provlint.model.DocumentMeasures` lives
(outcomes carry it and the model imports nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import DocumentMeasures

__all__ = ["UNDETERMINED", "DocumentMeasures", "LanguageMeasure", "Measures", "ReadabilityMeasure"]

#: The language code recorded for a document too short (or too mixed) to tell.
UNDETERMINED = "und"


@dataclass(frozen=True)
class LanguageMeasure:
    """A document's detected language: ``lang`` (ISO 639-1, or ``und``), how sure, and how it was found."""

    lang: str
    probability: float = 0.0
    method: str = "none"  # "function-words", "langdetect" or "none"


@dataclass(frozen=True)
class ReadabilityMeasure:
    """Flesch reading ease, Flesch-Kincaid grade and words per sentence of a document's opening sentences."""

    flesch_reading_ease: float
    grade_level: float
    avg_sentence_length: float
    words: int


@dataclass
class Measures:
    """The measurements of one prepared document, filled in on first use.

    ``language`` None: not measured yet. ``readability_measured`` tells a
    measured "no figure" (unsupported language, too few words) from "not
    measured yet".
    """

    language: LanguageMeasure | None = None
    readability: ReadabilityMeasure | None = None
    readability_measured: bool = False

    def absorb(self, other: Measures) -> None:
        """Take what ``other`` (the same document measured in another process) measured and this did not."""
        if self.language is None:
            self.language = other.language
        if not self.readability_measured and other.readability_measured:
            self.readability, self.readability_measured = other.readability, True

    def summary(self) -> DocumentMeasures:
        """The frozen values the scorecard counts."""
        return DocumentMeasures(
            language=self.language.lang if self.language is not None else None,
            flesch_reading_ease=self.readability.flesch_reading_ease if self.readability is not None else None,
        )
