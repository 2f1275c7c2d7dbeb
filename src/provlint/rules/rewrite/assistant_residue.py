from __future__ import annotations

import functools
from collections.abc import Iterable

from ...analyses.code_listings import inside_listing
from ...anchored import AnchoredPhrases, leading_words
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT, load_phrases, phrase_source
from ...prepare import PreparedDocument
from ...rule import DocumentRule

# "Certainly!" / "Sure!" opening a line: an assistant accepting a request.
_ACCEPTANCE = lazy_compile(r"^\s*(?:Certainly|Sure|Absolutely|Of course)!(?=\s|$)")


@functools.cache
def _pattern() -> AnchoredPhrases:
    phrases = load_phrases("assistant_residue")
    unanchored = [p for p in phrases if leading_words(p) is None]  # "[Your Name]"
    fallback = phrase_source(unanchored, word_boundary=False) if unanchored else None
    return AnchoredPhrases(phrase_source(phrases, word_boundary=False), phrases, fallback)


class AssistantResidue(DocumentRule):
    """
    ## What it does
    Reports what a chat assistant says to its user and a publisher never says
    to a reader: "As an AI language model", "I hope this helps", "Here is a
    summary of the article", "Let me know if you need", "as of my last
    knowledge update", template slots such as "[Your Name]", and a line that
    opens with "Certainly!" or "Sure!". The phrases are data
    (``assistant_residue.txt``); the span is the phrase.

    ## Why it matters
    These sentences prove the text was generated and pasted without review.
    Whatever else the document claims about its origin, it was not written
    (or read) by the publisher before it went out.

    ## Example
    ```
    Certainly! Here is a summary of the article:
    ```
    gives ``PL403 assistant residue "Certainly!"`` and ``PL403 assistant
    residue "Here is a summary of the article"``.
    """

    code = "PL403"
    name = "assistant-residue"
    category = Category.REWRITE
    severity = Severity.ERROR
    summary = 'A chat assistant\'s words to its user are left in the text ("As an AI language model").'

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        text = doc.text
        taken: list[tuple[int, int]] = []
        for line in doc.lines:
            m = _ACCEPTANCE.match(line.text, timeout=PATTERN_TIMEOUT) if "!" in line.text else None
            if m:
                start = line.start + m.start() + (len(m.group()) - len(m.group().lstrip()))
                taken.append((start, line.start + m.end()))
        for m in _pattern().finditer(doc):
            if m.group()[-1].isalnum() and m.end() < len(text) and text[m.end()].isalnum():
                continue  # the phrase ends inside a longer word
            if m.start() > 0 and text[m.start() - 1].isalnum():
                continue
            taken.append(m.span())
        for start, end in sorted(taken):
            if inside_listing(doc, start, end):
                continue  # a listing that quotes a chat reply (a test's expected string) is code, not residue
            yield self.finding(doc, start, end, f'assistant residue "{" ".join(text[start:end].split())}"')
