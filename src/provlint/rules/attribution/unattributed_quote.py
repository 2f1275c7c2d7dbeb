from __future__ import annotations

from typing import Iterable

import regex

from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument
from ...rule import DocumentRule
from .names import attribution_verb_pattern

# A quotation on one line: curly, straight or guillemet quotes, paired left to right.
_QUOTE = regex.compile(r"“[^”\n]{1,2000}”|\"[^\"\n]{1,2000}\"|«[^»\n]{1,2000}»")
_WORD = regex.compile(r"\w+(?:[-'’]\w+)*")
_COLON_INTRO = regex.compile(r":\s*$")


class UnattributedQuote(DocumentRule):
    """
    ## What it does
    Reports a direct quotation (at least ``min-words`` words, not all of its
    longer words capitalised, so not a title or a scare-quoted term) when no attribution
    verb ("said", "told", "according to", ...) stands outside the quotation
    in its sentence, the sentence after it, or the sentence before it (a
    quote that continues an attributed one), and no colon introduces it
    ("Meloni put it plainly: ..."). Only sentences of the same paragraph
    line count.

    ## Why it matters
    A quotation carries a person's exact words. Without a speaker it cannot be
    checked, and rewriting tools that drop attributions leave exactly this
    behind: words in quotes that nobody said.

    ## Example
    ```
    The summit ended early. "What truly matters is that we converse, even when we differ."
    ```
    gives ``PL305 direct quote has no speaker or attribution verb nearby``;
    ``"We share commonalities, but we also have differences," Meloni remarked.``
    gives nothing.
    """

    code = "PL305"
    name = "unattributed-quote"
    category = Category.ATTRIBUTION
    severity = Severity.WARNING
    summary = "A direct quotation has no speaker or attribution verb in or next to its sentence."
    options = {"min_words": 6}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        text = doc.text
        if '"' not in text and "“" not in text and "«" not in text:
            return
        sentences = doc.sentences
        verbs = attribution_verb_pattern()
        min_words = int(self.opts["min_words"])
        for line in doc.lines:
            if not any(q in line.text for q in '"“«'):
                continue
            quotes = list(_QUOTE.finditer(line.text, timeout=PATTERN_TIMEOUT))
            if not quotes:
                continue
            # The line with every quotation blanked out: verbs must stand outside quotes.
            outside = list(line.text)
            for q in quotes:
                outside[q.start() : q.end()] = " " * (q.end() - q.start())
            blanked = "".join(outside)
            for q in quotes:
                words = _WORD.findall(q.group()[1:-1], timeout=PATTERN_TIMEOUT)
                if len(words) < min_words or _is_title(words):
                    continue
                if _COLON_INTRO.search(line.text[: q.start()], timeout=PATTERN_TIMEOUT):
                    continue
                start = line.start + q.start()
                end = line.start + q.end()
                first = doc.sentence_index_at(start)
                last = doc.sentence_index_at(end - 1)
                lo = first - 1 if first > 0 and sentences[first - 1].line == line.index else first
                hi = last + 1 if last + 1 < len(sentences) and sentences[last + 1].line == line.index else last
                window = blanked[sentences[lo].start - line.start : sentences[hi].end - line.start]
                if verbs.search(window, timeout=PATTERN_TIMEOUT):
                    continue
                yield self.finding(doc, start, end, "direct quote has no speaker or attribution verb nearby")


def _is_title(words: list[str]) -> bool:
    """True when every word of four or more letters is capitalised: a title, not speech."""
    long_words = [w for w in words if len(w) >= 4]
    return all(w[0].isupper() for w in long_words)
