from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ...analyses.code_listings import code_lines
from ...analyses.page_layout import Kind, layout
from ...analyses.page_lines import (
    CONSENT_MAX_CHARS,
    LABEL_MAX_CHARS,
    NAVIGATION_LANGUAGES,
    consent_pattern,
    may_be_consent,
    navigation_pattern,
    strip_glyphs,
)
from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument
from ...rule import DocumentRule


class NavigationResidue(DocumentRule):
    """
    ## What it does
    Reports lines that are nothing but a navigation or interface label left by
    the page the text was scraped from: "Skip to content", "Read also:",
    "Previous Article", "Share on Facebook", "Subscribe", "Advertisement",
    breadcrumb trails ("Home > News > World"), comment counters ("12
    Comments"), share bars ("Facebook Twitter Email"), photo credit lines
    ("Photo: Jane Doe / Getty Images") and cookie or consent notices.

    Labels come from phrase lists, one per language family
    (``data/navigation-LANG.txt``; English, German, French, Spanish/Italian),
    and must fill the whole short line (bullets or arrows in front are
    ignored), so "read more about it" inside a sentence is never reported.
    Cookie notices are matched at the start of a line. Add your own labels with
    the ``extra-phrases`` option (regex fragments); ``languages`` selects the
    lists. The fix deletes the line.

    ## Why it matters
    Interface text is not content. It pads the document, pollutes training
    data with the same few strings, and shows that the extraction kept parts of
    the page around the article.

    ## Example
    ```
    Skip to content          <- PL101 navigation residue "Skip to content"
    Macron visits Meloni in Rome.
    Read also:               <- PL101
    ```
    """

    code = "PL101"
    name = "navigation-residue"
    category = Category.SCRAPING
    severity = Severity.WARNING
    summary = "A line is a navigation or interface label left over from the scraped page."
    options = {"languages": list(NAVIGATION_LANGUAGES), "extra_phrases": [], "max_chars": LABEL_MAX_CHARS}
    fixable = True

    def __init__(self, options: Mapping[str, Any] | None = None, severity: Severity | None = None) -> None:
        super().__init__(options, severity)
        self._pattern = navigation_pattern(tuple(self.opts["languages"]), tuple(self.opts["extra_phrases"]))
        self._max_chars = int(self.opts["max_chars"])

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        for index, what in self._residue(doc):
            line = doc.lines[index]
            text = line.text
            shown = " ".join(text.split())
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            yield self.line_finding(doc, line.index, f'{what} "{shown}"', f"delete the {what} line")

    def _residue(self, doc: PreparedDocument) -> Iterable[tuple[int, str]]:
        """(line index, kind of residue) of each residue line."""
        if self._pattern is navigation_pattern() and self._max_chars == LABEL_MAX_CHARS:
            # Built-in lists: the shared page layout has classified every line already.
            for index, kind in enumerate(layout(doc).kinds):
                if kind is Kind.NAV:
                    yield index, "navigation residue"
                elif kind is Kind.CONSENT:
                    yield index, "cookie or consent notice"
            return
        consent = consent_pattern()
        code = code_lines(doc)
        for line in doc.lines:
            if line.index in code:
                continue  # as the shared layout: a listing's lines are code, not labels
            text = line.text
            if not text or text.isspace() or len(text) > CONSENT_MAX_CHARS:
                continue
            label = strip_glyphs(text) if len(text) <= self._max_chars else ""
            if label and self._pattern.match(label, timeout=PATTERN_TIMEOUT):
                yield line.index, "navigation residue"
            elif may_be_consent(text) and consent.match(text, timeout=PATTERN_TIMEOUT):
                yield line.index, "cookie or consent notice"
