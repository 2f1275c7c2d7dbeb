from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ...analyses.code_listings import inside_listing
from ...analyses.keyword_lines import keyword_lines
from ...analyses.line_memo import LineMemo
from ...analyses.page_layout import NO_LIST_LABEL, known_kinds
from ...analyses.page_lines import GLYPHS, LABEL_MAX_CHARS, strip_glyphs, widget_labels
from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument
from ...rule import DocumentRule


def _plain(text: str) -> bool:
    """True when ``text`` is its own label for the layout and for this rule alike: no glyph in front, no space
    at either end, only single spaces inside (:func:`strip_glyphs` leaves it as it is, and so does the
    layout's label of its stripped line)."""
    return text[0] not in GLYPHS and text == " ".join(text.split())


class WidgetBoilerplate(DocumentRule):
    """
    ## What it does
    Reports lines injected by page widgets: summary buttons ("No time to
    read?", "Get a summary"), audio players ("Listen to this article"),
    paywall prompts ("To read the full story"), feedback boxes ("Was this
    article helpful?"), account prompts ("Don't have an account? Register
    now for free"), ad notices ("AdChoices"), share prompts, copyright
    footers ("All rights reserved", "may not be reproduced"), comment
    metadata ("Report abuse", "Posted on DATE by NAME"), page numbers
    ("Page 2 of 5") and the like. The lines come from
    ``data/widgets-en.txt`` and must fill the whole line; add your own with
    the ``extra-phrases`` option (regex fragments). Every occurrence is
    reported; a second copy is also a repeated line (PL201). The fix deletes
    the line.

    ## Why it matters
    Widget text is the same on every page of a site and says nothing about
    the article. It is easy to remove once recognised, and a common source
    of near-identical strings in web corpora.

    ## Example
    ```
    No time to read?     <- PL206 widget boilerplate "No time to read?"
    Get a summary        <- PL206
    France's president indicated that ...
    ```
    """

    code = "PL206"
    name = "widget-boilerplate"
    category = Category.DUPLICATION
    severity = Severity.WARNING
    summary = "A line is text injected by a known page widget (summary button, player, paywall)."
    options = {"extra_phrases": []}
    fixable = True

    def __init__(self, options: Mapping[str, Any] | None = None, severity: Severity | None = None) -> None:
        super().__init__(options, severity)
        self._labels = widget_labels(tuple(self.opts["extra_phrases"]))
        self._widget_label = LineMemo(self._label)

    def _label(self, text: str, keywords: int = -1) -> str | None:
        """The line's label when the whole line is widget boilerplate, else None (``keywords``: the line's
        keyword bits, which spare the pattern lines it cannot match)."""
        label = strip_glyphs(text)
        if not label or not self._labels.match(label, timeout=PATTERN_TIMEOUT, keywords=keywords):
            return None
        return label

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        widget_label = self._widget_label
        masks = keyword_lines(doc).masks
        # The page layout's kinds, when a rule computed them and this rule reads the built-in list alone.
        kinds = known_kinds(doc) if not self.opts["extra_phrases"] else None
        for line in doc.lines:
            text = line.text
            if not text or len(text) > LABEL_MAX_CHARS:
                continue
            if kinds is not None and kinds[line.index] in NO_LIST_LABEL and _plain(text):
                continue  # the layout found no navigation or widget phrase filling this very label
            label = widget_label.hinted(text, masks[line.index])
            if label is None or inside_listing(doc, line.start, line.end):
                continue
            yield self.line_finding(doc, line.index, f'widget boilerplate "{label}"', "delete the widget line")
