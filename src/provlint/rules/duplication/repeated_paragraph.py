from __future__ import annotations

from collections.abc import Iterable

from ...analyses.code_listings import inside_listing
from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule
from .paragraph_keys import repeated_paragraphs


class RepeatedParagraph(DocumentRule):
    """
    ## What it does
    Reports a paragraph of two or more lines (a run of non-blank lines) that
    repeats an earlier paragraph of the same document, whitespace (line breaks
    included) and case ignored. The whole repeat is one finding; PL201 does
    not report its lines again. One-line paragraphs are repeated lines
    (PL201). The fix deletes the repeated paragraph.

    ## Why it matters
    Widgets, pull quotes and syndication pipelines paste whole blocks twice.
    A repeated block is pure padding and skews any statistic computed on the
    text.

    ## Example
    ```
    Key facts
    The summit lasted two days.

    Key facts                     <- PL204 paragraph repeats the paragraph at line 1
    The summit lasted two days.
    ```
    """

    code = "PL204"
    name = "repeated-paragraph"
    category = Category.DUPLICATION
    severity = Severity.WARNING
    summary = "A multi-line paragraph repeats an earlier paragraph of the same document."
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        for index, earlier in repeated_paragraphs(doc):
            para = doc.paragraphs[index]
            if inside_listing(doc, para.start, para.end):
                continue  # a tutorial's listing repeats an earlier example on purpose
            first_line = doc.paragraphs[earlier].line + 1
            last = para.line + para.text.count("\n")
            end = doc.lines[last].end + 1 if last + 1 < len(doc.lines) else para.end
            yield self.finding(
                doc,
                para.start,
                para.end,
                f"paragraph repeats the paragraph at line {first_line}",
                fix=self.delete_fix(doc, para.start, end, "delete the repeated paragraph"),
            )
