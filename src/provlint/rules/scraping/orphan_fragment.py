from __future__ import annotations

from collections.abc import Iterable

from ...analyses.page_layout import layout
from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule


class OrphanFragment(DocumentRule):
    """
    ## What it does
    Reports short lines that are not sentences (at most ten words, no closing
    full stop) and sit among navigation lines: the lines just before and after
    them (blank lines skipped) are navigation or interface labels, stray
    glyphs or the edge of the document, and at least one is a navigation label.
    Up to ``max-run`` such lines in a row are reported. These are the titles
    of the previous and next article, teaser fragments and link texts that a
    scraper kept with the navigation around them. The document's headline is
    never reported. The fix deletes the line.

    Navigation labels are those of the built-in phrase lists (see PL101).

    ## Why it matters
    A fragment such as "for Policy Negotiations on Border Security" reads as
    part of the article but belongs to a link to another page. It adds text
    the author never wrote for this document.

    ## Example
    ```
    Previous Article
    for Policy Negotiations on Border Security and Ukraine Aid   <- PL102
    Next Article
    Asset Seizures, Sanctions, and the Stakes in US-Russia Relations   <- PL102
    ```
    """

    code = "PL102"
    name = "orphan-fragment"
    category = Category.SCRAPING
    severity = Severity.WARNING
    summary = "A short non-sentence line sits among navigation lines: a link text or teaser fragment."
    options = {"max_run": 3}
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        for index in sorted(layout(doc, max_orphan_run=int(self.opts["max_run"])).orphans):
            yield self.line_finding(
                doc,
                index,
                "fragment among navigation lines (link text or teaser, not article text)",
                "delete the fragment",
            )
