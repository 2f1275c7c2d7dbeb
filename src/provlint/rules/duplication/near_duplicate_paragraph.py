from __future__ import annotations

import bisect
from typing import Iterable

from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule
from ..page_lines import line_key, line_span

#: A shingle shared by more earlier paragraphs than this is a stock phrase, not evidence.
_MAX_POSTINGS = 32


class NearDuplicateParagraph(DocumentRule):
    """
    ## What it does
    Reports a paragraph that is nearly the same as an earlier one of the
    same document: the Jaccard similarity of their sets of word ``shingle``-grams
    (words case-folded) is at least ``threshold``, but the two are not
    identical (identical ones are PL201's and PL204's). Scraped text holds one
    paragraph per line, so each non-blank line of at least ``min-words`` words
    is a paragraph. Candidates are found through an index of shingles, so the
    cost grows with the text, not with the square of its paragraphs. No fix:
    which version to keep is an editorial choice.

    ## Why it matters
    Pages repeat a block with small changes (a summary box restating the
    lead, an updated and an original version, a caption repeating a
    paragraph). Near-duplicates are boilerplate that exact matching misses,
    and they overweight one passage in a corpus.

    ## Example
    ```
    The minister said on Monday that the new border rules would take effect in June after a vote.
    The minister said on Monday that the new border rules would take effect in July after a vote.
    ```
    The second line gives ``PL205 paragraph nearly repeats line 1 (58% similar)``
    with ``threshold = 0.5`` (one changed word touches four of the fifteen shingles).
    """

    code = "PL205"
    name = "near-duplicate-paragraph"
    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "A paragraph is nearly identical to an earlier one (shingle similarity)."
    options = {"threshold": 0.8, "shingle": 4, "min_words": 12}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        size = int(self.opts["shingle"])
        threshold = float(self.opts["threshold"])
        min_words = max(int(self.opts["min_words"]), size)
        index: dict[int, list[int]] = {}
        shingles: dict[int, int] = {}  # line -> number of distinct shingles
        keys: dict[int, str] = {}
        for line_no, words in _long_lines(doc, min_words):
            mine = {hash(tuple(words[i : i + size])) for i in range(len(words) - size + 1)}
            shared: dict[int, int] = {}
            for sh in mine:
                postings = index.get(sh)
                if postings is None:
                    index[sh] = [line_no]
                    continue
                for other in postings:
                    shared[other] = shared.get(other, 0) + 1
                if len(postings) < _MAX_POSTINGS:
                    postings.append(line_no)
            shingles[line_no] = len(mine)
            if not shared:
                continue
            key = keys[line_no] = line_key(doc.lines[line_no].text)
            best: tuple[float, int] | None = None
            for other, common in shared.items():
                similarity = common / (len(mine) + shingles[other] - common)
                if similarity < threshold or (best is not None and similarity <= best[0]):
                    continue
                if keys.setdefault(other, line_key(doc.lines[other].text)) != key:
                    best = (similarity, other)
            if best is not None:
                start, end = line_span(doc, line_no)
                yield self.finding(doc, start, end, f"paragraph nearly repeats line {best[1] + 1} ({best[0]:.0%} similar)")


def _long_lines(doc: PreparedDocument, min_words: int) -> Iterable[tuple[int, list[str]]]:
    """(line index, case-folded words) of the lines with at least ``min_words`` words.

    Words come from the document's shared word split, located by bisection, so
    short lines cost nothing.
    """
    words = doc.words
    starts = [w.start for w in words]
    for line in doc.lines:
        if len(line.text) < min_words * 2:
            continue
        lo = bisect.bisect_left(starts, line.start)
        hi = bisect.bisect_left(starts, line.end, lo)
        if hi - lo >= min_words:
            yield line.index, [w.text.casefold() for w in words[lo:hi]]
