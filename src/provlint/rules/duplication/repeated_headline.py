from __future__ import annotations

from collections.abc import Iterable

from ...analyses.code_listings import inside_listing
from ...analyses.page_lines import headline, headline_repeats
from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule


class RepeatedHeadline(DocumentRule):
    """
    ## What it does
    Reports lines that repeat the document's headline: its ``title`` field
    when it has one, else its first line that is not navigation or widget
    residue and has 3 to 30 words. Whitespace and case are ignored. Each
    repeat is one finding (PL201 leaves these lines to this rule). The fix
    deletes the repeat.

    ## Why it matters
    Page templates print the headline several times (page title, article
    heading, share box), and scrapers keep every copy. The repeat is
    boilerplate, and a text that opens with its own title twice reads as a
    broken extraction.

    ## Example
    ```
    Macron visits Meloni in Rome.       <- line 3, the headline
    ...
    Macron visits Meloni in Rome.       <- line 12: PL202 headline repeated from line 3
    ```
    """

    code = "PL202"
    name = "repeated-headline"
    category = Category.DUPLICATION
    severity = Severity.WARNING
    summary = "The document's title or first heading appears again further down."
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        repeats = headline_repeats(doc)
        if not repeats:
            return
        head = headline(doc)
        origin = "the title" if head is None or head.line_index is None else f"line {head.line_index + 1}"
        for index in repeats:
            if inside_listing(doc, doc.lines[index].start, doc.lines[index].end):
                continue
            yield self.line_finding(doc, index, f"headline repeated from {origin}", "delete the repeated headline")
