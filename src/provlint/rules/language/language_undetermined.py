from __future__ import annotations

from collections.abc import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule
from .detection import MIN_LETTERS, document_language, letter_count
from .preload import UsesLanguageData


class LanguageUndetermined(UsesLanguageData, DocumentRule):
    """
    ## What it does
    Reports a document that has some text but too little to tell its
    language: fewer than 60 letters, or a langdetect verdict less sure than
    ``min-probability``. By default only documents with a declared language
    (their ``lang`` field, their source's ``language``, or this rule's
    ``declared-language``) are reported, since only then is there something
    PL501 could not verify; set ``require-declared = false`` to report every
    short text. Documents without any letters are left alone.

    ## Why it matters
    Such documents are usually scraping failures (a title and a byline, a
    "subscribe to continue" stub). Language filters and readability figures
    cannot say anything about them, so they are better counted than trusted.

    ## Example
    ```
    Read more.
    ```
    gives ``PL503 text too short to tell its language (8 letters, 60 needed)``.
    """

    code = "PL503"
    name = "language-undetermined"
    category = Category.LANGUAGE
    severity = Severity.INFO
    summary = "The text is too short (or too ambiguous) to tell its language."
    options = {"min_probability": 0.5, "require_declared": True, "declared_language": ""}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        if self.opts["require_declared"] and not (doc.document.lang or self.opts["declared_language"]):
            document_language(doc)  # still recorded for the scorecard
            return
        letters = letter_count(doc.text[:2000]) if len(doc.text) < 2000 else MIN_LETTERS
        if letters == 0:
            return
        end = len(doc.text.rstrip())
        if letters < MIN_LETTERS:
            document_language(doc)  # records "und" for the scorecard
            yield self.finding(
                doc, 0, end, f"text too short to tell its language ({letters} letters, {MIN_LETTERS} needed)"
            )
            return
        guess = document_language(doc)
        if guess is None or (guess.method == "langdetect" and guess.probability < float(self.opts["min_probability"])):
            prob = guess.probability if guess else 0.0
            yield self.finding(
                doc, 0, min(end, 200), f"language could not be told with confidence (best guess probability {prob:.2f})"
            )
