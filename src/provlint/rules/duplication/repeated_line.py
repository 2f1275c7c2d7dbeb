from __future__ import annotations

from collections.abc import Iterable

from ...analyses.page_lines import headline_repeats, is_label, line_key, lines_of, paragraph_repeats
from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule

__all__ = ["RepeatedLine", "line_key"]


class RepeatedLine(DocumentRule):
    """
    ## What it does
    Reports every line that repeats an earlier line of the same document,
    compared with whitespace folded and case ignored. Lines shorter than
    ``min-chars`` characters are passed over. Repeats that a more specific
    rule reports are left to it: a repeated headline (PL202) and the lines of
    a repeated multi-line paragraph (PL204). A sentence-length line (at least
    ``prose-words`` words) whose first copy stands between short label lines
    and whose later copy has other neighbours is passed over too: that is an
    article's lead shown first in a teaser box and then in the body, and the
    later copy is the article text. Boilerplate repeats bring their
    surroundings along (a footer, a widget), sit right after the first copy,
    or interrupt the prose both times (a newsletter promotion). The fix
    deletes the repeat.

    ## Why it matters
    Scrapers and syndication pipelines duplicate widgets, teasers and
    headlines. Repeats inflate the document, bias training data toward
    boilerplate and read as sloppy to a human reader.

    ## Example
    ```
    No time to read?        <- line 3
    Get a summary
    ...
    No time to read?        <- line 16: PL201 repeats line 3
    ```
    """

    code = "PL201"
    name = "repeated-line"
    category = Category.DUPLICATION
    severity = Severity.WARNING
    summary = "A line repeats an earlier line of the same document."
    options = {"min_chars": 10, "prose_words": 20}
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        first_seen: dict[str, int] = {}
        min_chars = int(self.opts["min_chars"])
        prose_words = int(self.opts["prose_words"])
        skip: set[int] | None = None
        for line in doc.lines:
            stripped = line.text.strip()
            if len(stripped) < min_chars:
                continue
            key = line_key(stripped)
            if key not in first_seen:
                first_seen[key] = line.index
                continue
            if skip is None:  # only documents with a repeat pay for this
                skip = set(headline_repeats(doc)) | lines_of(doc, [p for p, _ in paragraph_repeats(doc)])
            if line.index in skip:
                continue
            if len(stripped.split()) >= prose_words and _lead_repeat(doc, first_seen[key], line.index, key):
                continue
            lead = len(line.text) - len(line.text.lstrip())
            yield self.finding(
                doc,
                line.start + lead,
                line.start + lead + len(stripped),
                f"line repeats line {first_seen[key] + 1}",
                fix=self.delete_line_fix(doc, line.index, "delete the repeated line"),
            )


def _neighbours(doc: PreparedDocument, index: int) -> tuple[str | None, str | None]:
    """The nearest non-blank lines before and after line ``index`` (stripped)."""
    lines = doc.lines
    before = next((lines[i].text.strip() for i in range(index - 1, -1, -1) if not lines[i].is_blank), None)
    after = next((lines[i].text.strip() for i in range(index + 1, len(lines)) if not lines[i].is_blank), None)
    return before, after


def _lead_repeat(doc: PreparedDocument, first: int, index: int, key: str) -> bool:
    """True when line ``first`` stands among short labels (a teaser) and its copy at ``index`` (both
    with line key ``key``) elsewhere.

    The copy must not follow the first copy directly (a doubled line) and neither of its neighbours may
    match the first copy's (a block repeated with its surroundings, such as a footer).
    """
    first_before, first_after = _neighbours(doc, first)
    if not all(text is None or is_label(text) for text in (first_before, first_after)):
        return False
    before, after = _neighbours(doc, index)
    keys = [None if text is None else line_key(text) for text in (first_before, first_after, before, after)]
    if keys[2] == key:
        return False
    return keys[2] != keys[0] and keys[3] != keys[1]
