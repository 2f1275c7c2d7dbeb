from __future__ import annotations

import bisect
from collections.abc import Iterable

from ...analyses.code_listings import inside_listing
from ...analyses.page_lines import line_key, line_keys
from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule

_ELLIPSES = ("...", "…")
#: The last code point: no string that starts with a prefix sorts after ``prefix + _TOP``, except longer runs of it.
_TOP = chr(0x10FFFF)


def first_extensions(teasers: list[tuple[int, str]], blocks: list[tuple[int, str]]) -> list[int | None]:
    """For each teaser ``(line, prefix)``, the line of the first block (in ``blocks`` order) on another
    line whose key starts with the prefix and is at least two characters longer; None when there is none.

    Comparing every teaser with every block is quadratic (a listing page of a thousand teasers). Here the
    distinct block keys are sorted, so the keys that start with a prefix form one range; each key holds its
    earliest block. Teasers are answered longest prefix first, and a key enters a minimum segment tree over
    the sorted keys once it is long enough for the teaser at hand, so each answer is one range-minimum
    query: O((teasers + blocks) log blocks) in all.
    """
    earliest: dict[str, list[int]] = {}  # key -> its blocks' positions in ``blocks``, ascending
    for position, (_, key) in enumerate(blocks):
        earliest.setdefault(key, []).append(position)
    keys = sorted(earliest)
    where = {key: slot for slot, key in enumerate(keys)}
    tree = _MinTree(len(keys), len(blocks))
    by_length = sorted(keys, key=len, reverse=True)
    entered = 0
    answers: list[int | None] = [None] * len(teasers)
    for t in sorted(range(len(teasers)), key=lambda t: -len(teasers[t][1])):
        index, prefix = teasers[t]
        while entered < len(by_length) and len(by_length[entered]) >= len(prefix) + 2:
            key = by_length[entered]
            tree.set(where[key], earliest[key][0])
            entered += 1
        lo, hi = _prefix_range(keys, prefix)
        position = tree.min(lo, hi)
        skipped: list[str] = []
        while position < len(blocks) and blocks[position][0] == index:
            # A block on the teaser's own line (a paragraph that starts with it) does not count: its key
            # offers its next block on another line, if any, and the query is asked again.
            key = blocks[position][1]
            skipped.append(key)
            following = [p for p in earliest[key] if blocks[p][0] != index]
            tree.set(where[key], following[0] if following else len(blocks))
            position = tree.min(lo, hi)
        for key in skipped:
            tree.set(where[key], earliest[key][0])
        if position < len(blocks):
            answers[t] = blocks[position][0]
    return answers


def _prefix_range(keys: list[str], prefix: str) -> tuple[int, int]:
    """The slots ``[lo, hi)`` of the sorted ``keys`` that start with ``prefix``."""
    lo = bisect.bisect_left(keys, prefix)
    stem = prefix.rstrip(_TOP)
    if not stem:
        return lo, len(keys)
    return lo, bisect.bisect_left(keys, stem[:-1] + chr(ord(stem[-1]) + 1), lo)


class _MinTree:
    """Point assignment and range minimum over ``size`` slots, each ``empty`` until set."""

    def __init__(self, size: int, empty: int) -> None:
        self.half = 1 << max(size - 1, 0).bit_length()
        self.cells = [empty] * (2 * self.half)

    def set(self, slot: int, value: int) -> None:
        cells = self.cells
        i = slot + self.half
        cells[i] = value
        i >>= 1
        while i:
            cells[i] = min(cells[2 * i], cells[2 * i + 1])
            i >>= 1

    def min(self, lo: int, hi: int) -> int:
        cells = self.cells
        best = cells[0]  # slot 0 of the array is never a node: it keeps the empty value
        lo += self.half
        hi += self.half
        while lo < hi:
            if lo & 1:
                best = min(best, cells[lo])
                lo += 1
            if hi & 1:
                hi -= 1
                best = min(best, cells[hi])
            lo >>= 1
            hi >>= 1
        return best


class TruncatedTeaser(DocumentRule):
    """
    ## What it does
    Reports a line ending in "..." or "…" whose text before the ellipsis
    (at least ``min-chars`` characters, whitespace and case ignored) is the
    beginning of another, longer line or paragraph of the same document, before
    or after it. That is a teaser (a cut-off preview) of text the document
    also carries in full. The fix deletes the teaser.

    ## Why it matters
    Listing pages and article templates show a shortened preview of the
    article next to the article itself. Kept together, the start of the text
    appears twice, once cut off mid-sentence.

    ## Example
    ```
    Macron and Meloni haven't exactly been buddy-buddy. In a...            <- PL203 truncated teaser of line 2
    Macron and Meloni haven't exactly been buddy-buddy. In a recent visit to Rome, ...
    ```
    """

    code = "PL203"
    name = "truncated-teaser"
    category = Category.DUPLICATION
    severity = Severity.WARNING
    summary = "A line cut off with an ellipsis repeats the start of a longer line or paragraph."
    options = {"min_chars": 20}
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        min_chars = int(self.opts["min_chars"])
        if not any(ellipsis in doc.text for ellipsis in _ELLIPSES):
            return  # no line can end in one (one search of the text instead of a look at every line)
        teasers: list[tuple[int, str]] = []
        for line in doc.lines:
            text = line.text.rstrip()
            if not text.endswith(_ELLIPSES):
                continue
            prefix = line_key(text.rstrip(".… "))
            if len(prefix) >= min_chars:
                teasers.append((line.index, prefix))
        if not teasers:
            return
        keys = line_keys(doc)
        blocks = [
            (line.index, keys[line.index])
            for line in doc.lines
            if len(line.text) > min_chars and not line.text.rstrip().endswith(_ELLIPSES)
        ]
        blocks += [(p.line, line_key(p.text)) for p in doc.paragraphs if "\n" in p.text]
        found = first_extensions(teasers, blocks)
        for (index, _), full in zip(teasers, found):
            if full is None or inside_listing(doc, doc.lines[index].start, doc.lines[index].end):
                continue
            yield self.line_finding(doc, index, f"truncated teaser of line {full + 1}", "delete the teaser")
