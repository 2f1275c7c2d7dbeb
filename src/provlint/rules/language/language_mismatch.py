from __future__ import annotations

from collections.abc import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule
from .detection import confirmed_language, document_language, primary
from .preload import UsesLanguageData


class LanguageMismatch(UsesLanguageData, DocumentRule):
    """
    ## What it does
    Detects the document's language (a function-word check, then langdetect,
    seeded, on the first 600 characters of its first paragraphs) and reports it when it differs from
    the declared language: the document's own ``lang`` field, else the
    source's ``[tool.provlint.sources."host"] language``, else this rule's
    ``declared-language`` option. Only the primary subtag is compared
    (``en-GB`` is ``en``). Nothing is reported without a declared language,
    for texts too short to tell, or when the detector is less sure than
    ``min-probability``.

    ## Why it matters
    A page declared German that holds English text is a wrong scrape (a
    consent wall, a fallback page, the wrong edition) or a mislabelled feed;
    either way it pollutes a per-language corpus.

    ## Example
    A document with ``lang = "de"`` whose text is an English news report gives
    ``PL501 detected language en differs from declared de (probability 1.00)``.
    """

    code = "PL501"
    name = "language-mismatch"
    category = Category.LANGUAGE
    severity = Severity.WARNING
    summary = "The detected language differs from the declared one."
    options = {"declared_language": "", "min_probability": 0.9}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        guess = document_language(doc)
        declared = primary(doc.document.lang or self.opts["declared_language"] or "")
        if not declared or guess is None or guess.lang == declared:
            return
        guess = confirmed_language(doc)  # a mismatch is always decided by langdetect
        if guess is None or guess.probability < float(self.opts["min_probability"]):
            return
        if guess.lang != declared:
            first = doc.paragraphs[0] if doc.paragraphs else None
            start, end = (first.start, first.end) if first else (0, 0)
            yield self.finding(
                doc,
                start,
                end,
                f"detected language {guess.lang} differs from declared {declared} (probability {guess.probability:.2f})",
            )
