from __future__ import annotations

import bisect
from collections.abc import Iterable

from ...analyses.code_listings import inside_listing
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument, Span
from ...rule import DocumentRule

_ITEM = lazy_compile(r"^\s*(\d{1,2})[.)]\s+\S")


class RecapList(DocumentRule):
    """
    ## What it does
    Reports a numbered list whose items mostly repeat what the document has
    already said. For each item of at least ``min-item-words`` words it
    measures the share of its word pairs (consecutive words, case folded)
    that already occur above the list; an item with at least
    ``min-pair-overlap`` of them restates. The list is reported when it has
    at least ``min-items`` items and at least ``min-restating-share`` of them
    restate. A list of new information, however long, is left alone.

    ## Why it matters
    Generated "summaries" appended to an article stitch its own phrases back
    together as numbered points. They add no information, double-count the
    article's claims for anyone mining the text, and mark it as rewritten.

    ## Example
    ```
    ... the leaders hold opposing views on sending troops to support Ukraine ...
      1. Despite their shared commitment to European strategic autonomy, the
         leaders continue to hold opposing views on sending troops to support
         Ukraine post-ceasefire ...
      2. ...
    ```
    gives ``PL402 recap list restates the article: 2 of 2 items repeat
    earlier text (46% of their word pairs appear above)``.
    """

    code = "PL402"
    name = "recap-list"
    category = Category.REWRITE
    severity = Severity.WARNING
    summary = "A numbered list restates sentences the article already made."
    options = {"min_items": 2, "min_item_words": 8, "min_pair_overlap": 0.3, "min_restating_share": 0.6}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        lists = _numbered_lists(doc)
        if not lists:
            return
        words = doc.word_texts
        starts = doc.word_offsets
        min_words = int(self.opts["min_item_words"])
        seen: set[tuple[str, str]] = set()  # word pairs of words[:paired]: grown list by list, never rebuilt
        paired = 0
        for items in lists:
            if len(items) < int(self.opts["min_items"]):
                continue
            first = bisect.bisect_left(starts, items[0].start)
            if first > paired:
                seen |= _pairs(words[max(paired - 1, 0) : first])
                paired = first
            restating = 0
            measured = 0
            shared_total = 0
            pairs_total = 0
            for item in items:
                marker = _ITEM.match(item.text, timeout=PATTERN_TIMEOUT)
                body_start = item.start + (marker.end() - 1 if marker else 0)
                lo = bisect.bisect_left(starts, body_start)
                hi = bisect.bisect_left(starts, item.end)
                item_words = words[lo:hi]
                if len(item_words) < min_words:
                    continue
                measured += 1
                pairs = _pairs(item_words)
                shared = len(pairs & seen)
                shared_total += shared
                pairs_total += len(pairs)
                if shared / len(pairs) >= float(self.opts["min_pair_overlap"]):
                    restating += 1
            if measured == 0 or restating / len(items) < float(self.opts["min_restating_share"]):
                continue
            if inside_listing(doc, items[0].start, items[-1].end):
                continue
            lead = len(items[0].text) - len(items[0].text.lstrip())
            share = round(100 * shared_total / pairs_total)
            yield self.finding(
                doc,
                items[0].start + lead,
                items[-1].end,
                f"recap list restates the article: {restating} of {len(items)} items repeat earlier text "
                f"({share}% of their word pairs appear above)",
            )


def _pairs(words: Iterable[str]) -> set[tuple[str, str]]:
    folded = list(map(str.casefold, words))
    return set(zip(folded, folded[1:]))


def _numbered_lists(doc: PreparedDocument) -> list[list[Span]]:
    """Runs of lines numbered 1., 2., 3. ... (blank lines between items allowed)."""
    out: list[list[Span]] = []
    current: list[Span] = []
    expected = 0
    for line in doc.lines:
        if line.is_blank:
            continue
        m = _ITEM.match(line.text, timeout=PATTERN_TIMEOUT) if line.text.lstrip()[:1].isdigit() else None
        number = int(m.group(1)) if m else None
        if number is not None and current and number == expected:
            current.append(line)
            expected += 1
            continue
        if current:
            out.append(current)
            current = []
        if number is not None:
            current = [line]
            expected = number + 1
    if current:
        out.append(current)
    return out
