from __future__ import annotations

from collections.abc import Iterable

from ...lazy_pattern import lazy_compile
from ...model import Category, Edit, Finding, Fix, Severity
from ...patterns import PATTERN_TIMEOUT, finditer_each
from ...prepare import PreparedDocument
from ...rule import DocumentRule

# The cheap gate: a UTF-8 lead byte read as Latin-1/Windows-1252 (Â..ô) followed
# by a continuation byte read the same way, or U+FFFD. Clean text, including
# accented French or German, almost never has such a pair, so ftfy only runs on
# the few lines that do.
_LEAD = lazy_compile("[\u00c2-\u00f4\ufffd]")
_SUSPECT = lazy_compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+|\ufffd+"
)


class BrokenEncoding(DocumentRule):
    """
    ## What it does
    Reports lines whose text was decoded with the wrong character encoding
    (mojibake such as "cafÃ©" for "café" or "donâ€™t" for "don't") and lines
    holding U+FFFD replacement characters, where characters were lost. A
    cheap pattern gates each line; only suspect lines are judged by ftfy's
    mojibake detector, so clean text costs one search. One finding per line,
    at the first broken sequence; when ftfy can repair the line the fix
    replaces it with the repaired text.

    ## Why it matters
    Mojibake corrupts names and words: search misses them, language models
    learn the garbage, and readers stumble. Replacement characters mean the
    original characters are gone and must be fetched again.

    ## Example
    ```
    The cafÃ© reopened on Monday.     <- PL106 broken encoding "Ã©" (should read "é")
    ```
    """

    code = "PL106"
    name = "broken-encoding"
    category = Category.SCRAPING
    severity = Severity.WARNING
    summary = "Text shows mojibake or replacement characters from a wrong character decoding."
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        text = doc.text
        # Two cheap gates: a possible lead character at all (one character class,
        # absent from most English text), then a lead-continuation pair.
        if not _LEAD.search(text, timeout=PATTERN_TIMEOUT) or not _SUSPECT.search(text, timeout=PATTERN_TIMEOUT):
            return
        # Every suspect sequence in one scan (none spans a newline), the first of each line taken: what a
        # search of each line holding a lead character finds, without a search per line.
        last_line = -1
        for first in finditer_each(_SUSPECT, text):  # a timeout per search, not one for the page
            index = doc.line_of(first.start())
            if index == last_line:
                continue
            last_line = index
            line = doc.lines[index]
            start, end = first.start(), first.end()
            token = first.group()
            if token.startswith("\ufffd"):
                yield self.finding(doc, start, end, "replacement character U+FFFD: characters were lost in decoding")
                continue
            import ftfy  # on the first suspect line only: a clean run never imports it (0.1 s)
            from ftfy.badness import is_bad

            if not is_bad(line.text):
                continue
            repaired = ftfy.fix_encoding(line.text)
            if repaired == line.text:
                continue
            should = ftfy.fix_encoding(token)
            message = f'broken encoding (mojibake) "{token}"' + (
                f' (should read "{should}")' if should != token else ""
            )
            fix = Fix(
                "repair the encoding of the line", (Edit(doc.to_raw(line.start), doc.to_raw(line.end), repaired),)
            )
            yield self.finding(doc, start, end, message, fix=fix)
