from __future__ import annotations

from collections.abc import Iterable

import regex

from ...analyses.code_listings import inside_listing
from ...analyses.keyword_lines import declare, keyword_lines
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import FLAGS, PATTERN_TIMEOUT
from ...prepare import PreparedDocument
from ...rule import DocumentRule

#: Picture agencies and stock libraries named in credits after a slash ("Jane Doe/Getty Images").
_AGENCIES = (
    r"getty(?:\s+images)?|reuters|ap|afp|dpa|epa|shutterstock|istock(?:photo)?|picture[\s-]alliance|imago(?:\s+images)?"
    r"|alamy|unsplash|pexels|pixabay|keystone|anadolu|xinhua|sipa|invision|rex\s+features|pa\s+images|zuma\s+press"
)
#: A picture credit at the end of a line (the caption before it, if any, goes with it).
_CREDIT = lazy_compile(
    rf"""
    (?:
      \(\s*(?:ap\s+|afp\s+)?(?:photo(?:graph)?|foto|image|picture|bild|credit)s?(?:\s+(?:by|credit|von))?
        \s*[:/]?\s*[^()\n]{{1,80}}\)
    | \(\s*[^()\n]{{1,60}}/\s*(?:{_AGENCIES})\b[^()\n]{{0,30}}\)
    | (?:^|(?<=[.!?”"')\s]))(?:photo(?:graph)?|foto|image|picture|bild|fotos?)(?:\s+(?:credit|source|copyright))?
        \s*(?::|\bcopyright\b)\s*[^.\n]{{2,80}}
    | (?:^|(?<=[.!?”"')\s]))credit\s*:\s*[^.\n]{{2,80}}
    | ©\s*[^.\n©]{{2,60}}
    | (?:^|(?<=[\s.]))[\w\-]+(?:\s[\w\-]+){{0,3}}\s?/\s?(?:[\w\-]+(?:\s[\w\-]+){{0,2}}\s?/\s?)?(?:{_AGENCIES})\b
        (?:\s+(?:files?|for\s+[\w .]{{1,40}}))?
    )
    \s*$
    """,
    # Simple case folding (VERSION0), not FLAGS' full folding: under full folding "ß" also matches "ss" (in
    # "press", "images"), and a run of "ß" made this search exponential (30 of them: 85 s; found by scripts/fuzz.py).
    regex.IGNORECASE | regex.VERSION0 | regex.VERBOSE,
)
#: What every "/" credit ("(Jane Doe/Getty Images)", "Mike Blake/Reuters") has: an agency right after a slash.
_SLASH_AGENCY = lazy_compile(rf"/\s*(?:{_AGENCIES})\b", regex.IGNORECASE | regex.VERSION0)
#: The words every other credit names (photograph, fotos, images and pictures contain one of them).
_CREDIT_WORDS = ("photo", "foto", "image", "picture", "bild", "credit")
#: What :func:`may_hold_credit` needs on a line, as a keyword set of the shared scan: "©", a slash or a credit
#: word. A line without any is passed over before the filter (most lines of a page).
CREDIT_KEYWORDS = declare("PL107 credits", ("©", "/", *_CREDIT_WORDS))
#: Longest caption reported: a caption is a sentence or two, an article paragraph with a credit is not.
_MAX_CHARS = 400
#: Words that make a trailing "©" line a site's copyright footer, which PL206 reports.
_FOOTER = lazy_compile(r"all\s+rights\s+reserved|alle\s+rechte|\b(?:19|20)\d\d\b", FLAGS)


class ImageCaption(DocumentRule):
    """
    ## What it does
    Reports a line that ends in a picture credit: the caption of a picture
    that the extraction dropped, or the credit line alone. Credits are
    "(Photo: Jane Doe)", "(AP Photo/John Roe)", "(Jane Doe/Getty Images)",
    "Photo: Reuters", "Image copyright EPA", "Credit: NASA", "© Jane Doe"
    and "Jane Doe/Reuters" at the end of a line of at most 400 characters.
    A "©" line that names a year or "all rights reserved" is a copyright
    footer (PL206), not a credit. Info level: some corpora keep captions.
    The fix deletes the line.

    ## Why it matters
    A caption describes a picture that is no longer there, and its credit
    names an agency, not the article's author. Captions read like prose, so
    length and punctuation filters keep them, and a wire photo's caption
    recurs on every site that printed the picture.

    ## Example
    ```
    The council approved the budget on Tuesday.
    The mayor opens the new bridge. (Photo: Jane Doe/Reuters)   <- PL107 image caption
    ```
    """

    code = "PL107"
    name = "image-caption"
    category = Category.SCRAPING
    severity = Severity.INFO
    summary = 'A line is a picture\'s caption or credit ("... (Photo: Jane Doe/Reuters)").'
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        bit = CREDIT_KEYWORDS.bit
        lines = doc.lines
        for index in [i for i, mask in enumerate(keyword_lines(doc).masks) if mask & bit]:
            line = lines[index]
            text = line.text.strip()
            if not text or len(text) > _MAX_CHARS:
                continue
            if not may_hold_credit(text):
                continue
            found = _CREDIT.search(text, timeout=PATTERN_TIMEOUT)
            if found is None:
                continue
            credit = found.group().strip()
            if credit.startswith("©") and _FOOTER.search(credit, timeout=PATTERN_TIMEOUT):
                continue
            if inside_listing(doc, line.start, line.end):
                continue  # a listing's ``image: rust:latest`` (a CI file) credits no picture
            yield self.line_finding(doc, line.index, f'image caption with credit "{credit}"', "delete the caption")


def may_hold_credit(text: str) -> bool:
    """False when :data:`_CREDIT` cannot match the stripped, non-blank ``text``: an exact pre-filter.

    Searching the credit pattern from every position of every line was a tenth of a
    real-page run, and about one line in a hundred can hold a credit. Each
    alternative of the pattern ends at the end of the line (``\\s*$``, and the line
    is stripped) and needs: "©"; or a slash followed by an agency; or one of
    :data:`_CREDIT_WORDS` together with a closing ")" at the end (the bracketed
    credit), a ":" or the word "copyright". The pattern folds case simply
    (``VERSION0``): of the letters of those words and of "copyright" only "i"
    has a case partner outside ASCII ("İ", U+0130, which ``str.lower`` would
    turn into two characters), so it is mapped to "i" before lowering.

    :data:`CREDIT_KEYWORDS` holds the "©", the slash and the words this filter needs, so a line it lets
    through always has one of them in the shared keyword scan (which folds "İ" to "i" too, and
    ``str.casefold`` gives the same ASCII letters as ``str.lower`` for every other character).
    """
    if "©" in text:
        return True
    if "/" in text and _SLASH_AGENCY.search(text, timeout=PATTERN_TIMEOUT) is not None:
        return True
    low = text.lower() if text.isascii() else text.replace("İ", "i").lower()
    if not (text.endswith(")") or ":" in text or "copyright" in low):
        return False
    return any(word in low for word in _CREDIT_WORDS)
