from __future__ import annotations

from collections.abc import Iterable

from ...lazy_pattern import lazy_compile
from ...model import Category, Edit, Finding, Fix, Severity
from ...patterns import PATTERN_TIMEOUT, finditer_each
from ...prepare import PreparedDocument
from ...rule import DocumentRule

# A UTF-8 lead byte read as Latin-1/Windows-1252 (Â..ô) followed by a continuation byte read the same way,
# or U+FFFD. Clean text, including accented French or German, almost never has such a pair, so ftfy only
# runs on the few lines that do.
_LEADS = "\u00c2-\u00f4"
_CONTINUATION_CLASS = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_LEAD = lazy_compile(f"[{_LEADS}]")
_SUSPECT = lazy_compile(f"[{_LEADS}][{_CONTINUATION_CLASS}]+|\ufffd+")
#: Lead characters looked at one by one before the rest of a text is left to :data:`_SUSPECT`'s search.
LEAD_TRIES = 64


def _class_chars(items: str) -> frozenset[str]:
    """The characters of a character class's items (single characters and ``a-b`` ranges, no escapes)."""
    out: set[str] = set()
    i = 0
    while i < len(items):
        if items[i + 1 : i + 2] == "-" and i + 2 < len(items):
            out.update(map(chr, range(ord(items[i]), ord(items[i + 2]) + 1)))
            i += 3
        else:
            out.add(items[i])
            i += 1
    return frozenset(out)


#: The continuation characters as a set, for a look at the one character after a lead.
CONTINUATIONS = _class_chars(_CONTINUATION_CLASS)


def has_suspect(text: str) -> bool:
    """``_SUSPECT.search(text) is not None``, found faster: a lead followed by a continuation, or U+FFFD.

    The two-character pattern is searched at about 15 MB/s, a single class at about 200 MB/s, and
    most pages with a lead character (any "é" or "ö" is one) have no suspect pair. So each lead is
    found by the single class and the character after it looked up in :data:`CONTINUATIONS`; after
    ``LEAD_TRIES`` leads (a page in a script written with them) the pattern searches the rest, so
    no text costs more than the pattern alone plus those tries.
    """
    if "\ufffd" in text:
        return True
    search = _LEAD.search
    found = search(text, timeout=PATTERN_TIMEOUT)
    tries = 0
    while found is not None:
        end = found.end()
        if text[end : end + 1] in CONTINUATIONS:
            return True
        tries += 1
        if tries >= LEAD_TRIES:
            return _SUSPECT.search(text, end, timeout=PATTERN_TIMEOUT) is not None
        found = search(text, end, timeout=PATTERN_TIMEOUT)
    return False


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
        if not has_suspect(text):  # most pages, also those with accented letters
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
