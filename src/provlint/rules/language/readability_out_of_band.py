from __future__ import annotations

from collections.abc import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule
from .detection import document_language, primary
from .preload import UsesLanguageData
from .readability import document_readability


class ReadabilityOutOfBand(UsesLanguageData, DocumentRule):
    """
    ## What it does
    Scores the document's readability with textstat on its first sentences
    (up to 1,000 characters, at least 80 words): Flesch reading ease, the
    Flesch-Kincaid grade and words per sentence, recorded for the scorecard.
    Reports the document (once) when reading ease falls outside
    [``min-flesch``, ``max-flesch``] (with textstat's constants for the
    language), or else, for English only (the grade formula is English),
    when the grade exceeds ``max-grade``. Only
    languages textstat has constants for (en, de, es, fr, it, nl, ru, hu) are
    scored; others are skipped. Bands can differ per source with
    ``[tool.provlint.sources."host".rules.PL504]``.

    ## Why it matters
    A source whose texts suddenly read like legal boilerplate (very low
    reading ease) or like keyword lists and captions (implausibly high) has
    changed what it publishes, or the scraper is extracting the wrong part of
    the page.

    ## Example
    A document of 60-word legal sentences full of long words gives
    ``PL504 Flesch reading ease -12.4 is below the minimum 0.0``.
    """

    code = "PL504"
    name = "readability-out-of-band"
    category = Category.LANGUAGE
    severity = Severity.INFO
    summary = "Readability falls outside the configured bands."
    options = {"min_flesch": 0.0, "max_flesch": 110.0, "max_grade": 22.0, "declared_language": ""}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        guess = document_language(doc)
        lang = guess.lang if guess else primary(doc.document.lang or self.opts["declared_language"] or "") or None
        result = document_readability(doc, lang)
        if result is None:
            return
        end = doc.sentences[0].end if doc.sentences else 0
        lo, hi = float(self.opts["min_flesch"]), float(self.opts["max_flesch"])
        if result.flesch_reading_ease < lo:
            yield self.finding(
                doc, 0, end, f"Flesch reading ease {result.flesch_reading_ease:.1f} is below the minimum {lo:.1f}"
            )
        elif result.flesch_reading_ease > hi:
            yield self.finding(
                doc, 0, end, f"Flesch reading ease {result.flesch_reading_ease:.1f} is above the maximum {hi:.1f}"
            )
        elif lang == "en" and result.grade_level > float(
            self.opts["max_grade"]
        ):  # one finding per document: the grade only when ease is in band
            yield self.finding(
                doc,
                0,
                end,
                f"grade level {result.grade_level:.1f} is above the maximum {float(self.opts['max_grade']):.1f}",
            )
