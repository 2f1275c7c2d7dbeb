from __future__ import annotations

from collections.abc import Iterable

import regex

from ...analyses.code_listings import code_lines
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import FLAGS, PATTERN_TIMEOUT
from ...prepare import PreparedDocument
from ...rule import DocumentRule
from .names import attribution_verbs, name_spans
from .text_shape import looks_like_code, reads_as_english

# A quotation on one line: curly, straight or guillemet quotes, paired left to right.
_QUOTE = lazy_compile(r"“[^”\n]{1,2000}”|\"[^\"\n]{1,2000}\"|«[^»\n]{1,2000}»")
_WORD = lazy_compile(r"\w+(?:[-'’]\w+)*")
_COLON_INTRO = lazy_compile(r":\s*$")
# "…” — Velcrow Ripper": a credit after the quotation.
_DASH_CREDIT = lazy_compile(r"^\s*[—–~-]+\s*\p{Lu}")
# A quotation that names a work: "a paper titled “...”", "thoughts on “...”".
_TITLE_INTRO = lazy_compile(
    r"(?<!\w)(?:titled|entitled|called|named|article|book|paper|report|study|essay|song|film|album|headline|thoughts on|comments on)\s*$",
    FLAGS,
)
# Words that may open a sentence before its subject ("But Smith ...").
_OPENER = lazy_compile(r"^(?:(?:but|and|so|yet|then|still|later|now)\s*,?\s+)?", FLAGS)


class UnattributedQuote(DocumentRule):
    """
    ## What it does
    Reports a direct quotation (at least ``min-words`` words, opening with a
    capital, not all of its longer words capitalised: so not a title, a
    scare-quoted term or a partial quote woven into a sentence, and not a
    line of its own such as a pull quote) when no attribution
    verb ("said", "told", "according to", ...) stands outside the quotation
    in its sentence, the sentence after it, or the sentence before it (a
    quote that continues an attributed one), and no colon introduces it
    ("Meloni put it plainly: ..."), and it does not name a work ("a paper
    titled ..."). Only sentences of the same paragraph
    line count, with two exceptions that news writing relies on: a quotation
    continues the speaker of the previous paragraph when that paragraph's
    quotation was attributed (a speaker named once, each following paragraph
    reopening the quote), and the sentence before the quotation may name its
    speaker as its subject ("Aderholt returned to the issue. “What ...?”"). Lines that read as program code or sit in a code listing (an HTML
    page's ``<pre>``, a fenced or plainly code-shaped block of plain text:
    string literals, not quotations), and documents that do not
    read as English (the verbs are English), are skipped.

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
    severity = Severity.INFO
    summary = "A direct quotation has no speaker or attribution verb in or next to its sentence."
    options = {"min_words": 6}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        text = doc.text
        if '"' not in text and "“" not in text and "«" not in text:
            return
        if not reads_as_english(doc):
            return  # the attribution verbs are English; elsewhere the rule cannot tell
        sentences = doc.sentences
        verbs = attribution_verbs()
        min_words = int(self.opts["min_words"])
        lines = doc.lines
        # The line whose attributed quotation carries its speaker forward to the next non-blank line, if any.
        open_line = -1
        surnames = _Surnames(text)
        code = code_lines(doc)
        for index in _quote_lines(doc):
            line = lines[index]
            previous = index - 1  # the previous non-blank line
            while previous >= 0 and not lines[previous].text.strip():
                previous -= 1
            carried = previous >= 0 and previous == open_line
            quotes = list(_QUOTE.finditer(line.text, timeout=PATTERN_TIMEOUT))
            if not quotes or index in code or looks_like_code(line.text):
                continue  # a listing's string literals are no quotations
            # The line with every quotation blanked out: verbs must stand outside quotes.
            blanked = _blanked(line.text, quotes)
            for q in quotes:
                if not q.group()[1:2].isupper():
                    continue  # a partial quote woven into its sentence
                words = _WORD.findall(q.group()[1:-1], timeout=PATTERN_TIMEOUT)
                if len(words) < min_words or _is_title(words):
                    continue  # short, or a title
                if not line.text[: q.start()].strip() and not line.text[q.end() :].strip():
                    continue  # a line that is only a quotation: a pull quote, epigraph or dialogue
                if any(c in q.group()[1:-1] for c in '"“”') or _DASH_CREDIT.match(
                    line.text[q.end() :], timeout=PATTERN_TIMEOUT
                ):
                    continue  # mismatched quotation marks, or "…" — Name
                before = line.text[max(0, q.start() - 30) : q.start()]
                if _COLON_INTRO.search(before, timeout=PATTERN_TIMEOUT) or _TITLE_INTRO.search(
                    before, timeout=PATTERN_TIMEOUT
                ):
                    continue
                start = line.start + q.start()
                end = line.start + q.end()
                first = doc.sentence_index_at(start)
                last = doc.sentence_index_at(end - 1)
                lo = first - 1 if first > 0 and sentences[first - 1].line == line.index else first
                hi = last + 1 if last + 1 < len(sentences) and sentences[last + 1].line == line.index else last
                window = blanked[sentences[lo].start - line.start : sentences[hi].end - line.start]
                if verbs.search(window):
                    open_line = index
                    continue
                if carried and not line.text[: q.start()].strip():
                    open_line = index
                    continue  # the paragraph reopens the quote: the previous paragraph's speaker goes on
                if lo < first and _names_subject(sentences[lo].text, surnames):
                    continue  # the sentence before names the speaker: "Aderholt returned to the issue."
                yield self.finding(doc, start, end, "direct quote has no speaker or attribution verb nearby")


def _quote_lines(doc: PreparedDocument) -> list[int]:
    """The indices of the lines holding a quotation mark ('"', "“" or "«"), in order: found from the text's
    quotation marks, so a long page's other lines cost nothing."""
    text = doc.text
    found: set[int] = set()
    for mark in '"“«':
        at = text.find(mark)
        while at >= 0:
            line = doc.line_of(at)
            found.add(line)
            after = doc.lines[line].end  # the rest of this line holds nothing new
            at = text.find(mark, after)
    return sorted(found)


def _blanked(text: str, quotes: list[regex.Match[str]]) -> str:
    """``text`` with every quotation replaced by as many spaces."""
    pieces = []
    done = 0
    for q in quotes:
        pieces.append(text[done : q.start()])
        pieces.append(" " * (q.end() - q.start()))
        done = q.end()
    pieces.append(text[done:])
    return "".join(pieces)


class _Surnames:
    """Last words of the names in a document ("Jim Bridenstine" -> "Bridenstine"), found on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = {self.text[s:e].split()[-1] for s, e in name_spans(self.text)}
        return word in self._words


def _names_subject(sentence: str, surnames: _Surnames) -> bool:
    """True when the sentence opens with a name (its subject), outside any quotation: a full name, or a
    surname the document names in full elsewhere ("Bridenstine expects ..." after "Jim Bridenstine")."""
    if any(q in sentence for q in '"“«'):
        return False
    opener = _OPENER.match(sentence, timeout=PATTERN_TIMEOUT)
    start = opener.end() if opener else 0
    if any(s == start for s, _ in name_spans(sentence)):
        return True
    first = _WORD.match(sentence, start, timeout=PATTERN_TIMEOUT)
    return first is not None and first.group()[:1].isupper() and first.group() in surnames


def _is_title(words: list[str]) -> bool:
    """True when every word of four or more letters is capitalised: a title, not speech."""
    long_words = [w for w in words if len(w) >= 4]
    return all(w[0].isupper() for w in long_words)
