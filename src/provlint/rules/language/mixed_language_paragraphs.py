from __future__ import annotations

from collections.abc import Iterable

from ...analyses.code_listings import inside_listing
from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument, Span
from ...rule import DocumentRule
from .detection import PARAGRAPH_CHARS, PARAGRAPH_TRIALS, Guess, detect, document_language, paragraph_language
from .preload import UsesLanguageData


class MixedLanguageParagraphs(UsesLanguageData, DocumentRule):
    """
    ## What it does
    Compares the language of individual paragraphs with the document's
    language. To bound the cost it checks at most ``max-paragraphs`` long
    paragraphs (at least ``min-chars`` characters each), chosen from the
    second half of the document, where appended foreign text ends up, and
    detects each (a function-word check, else langdetect on its first 250
    characters). A paragraph confidently in another language
    (``min-probability``) is reported; documents whose own language is
    unsure (as with a language langdetect has no profile for) are skipped.

    ## Why it matters
    Scrapers glue together an article and a block in another language (a
    cookie notice, a translated teaser, a comment section); machine-rewritten
    text sometimes leaves untranslated paragraphs. Either breaks a
    single-language corpus.

    ## Example
    An English article whose last paragraph is in German gives
    ``PL502 paragraph is in de, the document is in en``.
    """

    code = "PL502"
    name = "mixed-language-paragraphs"
    category = Category.LANGUAGE
    severity = Severity.WARNING
    summary = "A paragraph is in a different language from the rest of the document."
    options = {"min_chars": 120, "max_paragraphs": 2, "min_probability": 0.95}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        paragraphs = doc.paragraphs
        if len(paragraphs) < 2:
            return
        candidates = _pick(paragraphs, int(self.opts["min_chars"]), int(self.opts["max_paragraphs"]))
        if not candidates:
            return
        main = document_language(doc)
        if main is None or (main.method == "langdetect" and main.probability < float(self.opts["min_probability"])):
            return  # the document's own language is unsure (a language langdetect lacks): nothing to compare with
        for para in candidates:
            guess = paragraph_language(doc, para.start, para.end, para.text, main.lang)
            if guess is None or guess.lang == main.lang:
                continue
            if guess.method != "langdetect":  # a reported difference is always langdetect's verdict
                guess = paragraph_language_confirmed(para.text)
            if guess is None or guess.lang == main.lang or guess.probability < float(self.opts["min_probability"]):
                continue
            if inside_listing(doc, para.start, para.end):
                continue  # a listing is in a programming language
            yield self.finding(
                doc, para.start, para.end, f"paragraph is in {guess.lang}, the document is in {main.lang}"
            )


def _pick(paragraphs: tuple[Span, ...], min_chars: int, limit: int) -> list[Span]:
    """Up to ``limit`` long paragraphs of the second half (never the first), last first, returned in order."""
    later = paragraphs[max(1, len(paragraphs) // 2) :]
    chosen = [p for p in reversed(later) if len(p.text) >= min_chars][:limit]
    return sorted(chosen, key=lambda p: p.start)


def paragraph_language_confirmed(text: str) -> Guess | None:
    return detect(text[:PARAGRAPH_CHARS], trials=PARAGRAPH_TRIALS)
