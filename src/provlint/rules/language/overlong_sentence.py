from __future__ import annotations

import bisect
from collections.abc import Iterable

from ...analyses.code_listings import inside_listing
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument
from ...rule import DocumentRule

_SOFT_HYPHEN_JOINS = lazy_compile(r"(?<=\w)\u00ad+(?=\w)")


class OverlongSentence(DocumentRule):
    """
    ## What it does
    Reports sentences with more than ``max-words`` words (default 120, about
    six times a news sentence; long but real sentences of transcribed speech
    or essayistic prose stay below it). Soft hyphens do not split words.
    Sentences never cross a line break, so a whole scraped block without any
    full stop counts as one sentence.

    ## Why it matters
    Sentences this long are rarely written on purpose: they are blocks whose
    punctuation was lost in extraction, menus and tag clouds run together, or
    machine output that never stops. They also wreck readability figures.

    ## Example
    A 150-word line of menu entries with no full stop gives
    ``PL505 sentence has 150 words (maximum 120)``.
    """

    code = "PL505"
    name = "overlong-sentence"
    category = Category.LANGUAGE
    severity = Severity.WARNING
    summary = "A sentence is far longer than the configured maximum."
    options = {"max_words": 120}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        limit = int(self.opts["max_words"])
        if doc.word_count <= limit:
            return
        starts = doc.word_offsets
        for sentence in doc.sentences:
            if sentence.end - sentence.start <= limit:  # fewer characters than words allowed: cannot exceed
                continue
            n = bisect.bisect_left(starts, sentence.end) - bisect.bisect_left(starts, sentence.start)
            if "\u00ad" in sentence.text:  # "Jahr\u00adhun\u00adderts" is one word, not three
                n -= len(_SOFT_HYPHEN_JOINS.findall(sentence.text, timeout=PATTERN_TIMEOUT))
            if n > limit and not inside_listing(doc, sentence.start, sentence.end):
                yield self.finding(doc, sentence.start, sentence.end, f"sentence has {n} words (maximum {limit})")
