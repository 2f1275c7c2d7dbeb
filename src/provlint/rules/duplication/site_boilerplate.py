from __future__ import annotations

import math
from collections.abc import Iterable

from ...analyses.page_lines import line_key, line_span
from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import Candidate, SourceRule
from .line_sketch import LineSketch, line_hash


class SiteBoilerplate(SourceRule[LineSketch]):
    """
    ## What it does
    Learns, per source, which lines recur across its documents, and reports a
    line in every document it appears in when it recurs in at least
    ``min-documents`` documents of the source, or in at least ``min-share``
    of them (and in two at least). Nothing is reported for a source with fewer than
    ``min-source-documents`` documents. Lines are compared with whitespace
    folded and case ignored; lines shorter than ``min-chars`` or longer than
    ``max-chars`` characters are not counted.

    The counts are kept in a count-min sketch of hashed lines (at most
    ``sketch-width`` x 4 counters per source, stored sparsely) that merges by
    addition, so the findings are the same whether the documents were linted
    in one process, in several or on a cluster. The fix deletes the line.

    ## Why it matters
    Headers, footers, menus, copyright lines and "follow us" bars are printed
    on every page of a site. Within one page they look like text; across the
    site they are plainly template. Removing them is the single largest
    clean-up of a scraped site.

    ## Example
    Thirty pages of one site all end with
    ```
    © 2024 Example Media. All rights reserved.
    ```
    Each copy gives ``PL207 line recurs in 30 of 30 documents of this source``.
    """

    code = "PL207"
    name = "site-boilerplate"
    category = Category.DUPLICATION
    severity = Severity.WARNING
    summary = "A line recurs across many documents of the same source: site template."
    options = {
        "min_documents": 10,
        "min_share": 0.3,
        "min_source_documents": 5,
        "min_chars": 2,
        "max_chars": 200,
        "sketch_width": 1 << 16,
    }
    fixable = True

    def new_state(self) -> LineSketch:
        return LineSketch(int(self.opts["sketch_width"]))

    def observe(self, doc: PreparedDocument, state: LineSketch) -> Iterable[Candidate]:
        min_chars, max_chars = int(self.opts["min_chars"]), int(self.opts["max_chars"])
        seen: set[int] = set()
        candidates = []
        for line in doc.lines:
            text = line.text.strip()
            if not (min_chars <= len(text) <= max_chars):
                continue
            h = line_hash(line_key(text))
            seen.add(h)
            start, end = line_span(doc, line.index)
            finding = self.finding(
                doc, start, end, "", fix=self.delete_line_fix(doc, line.index, "delete the site boilerplate line")
            )
            candidates.append(Candidate(h, finding))
        state.add_document(seen)
        return candidates

    def decide(self, candidate: Candidate, state: LineSketch) -> Finding | None:
        total = state.documents
        if total < int(self.opts["min_source_documents"]):
            return None
        count = state.count(candidate.key)
        needed = min(int(self.opts["min_documents"]), math.ceil(float(self.opts["min_share"]) * total))
        if count < max(needed, 2):
            return None
        return _reworded(
            candidate.finding, f"line recurs in {count} of {total} documents of this source (site boilerplate)"
        )


def _reworded(finding: Finding, message: str) -> Finding:
    from dataclasses import replace

    return replace(finding, message=message)
