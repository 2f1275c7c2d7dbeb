from __future__ import annotations

import bisect
import heapq
from collections import Counter
from collections.abc import Iterable
from itertools import chain

from ...analyses.code_listings import inside_listing
from ...analyses.page_lines import line_keys
from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument, line_span
from ...rule import DocumentRule

#: A shingle shared by more earlier paragraphs than this is a stock phrase, not evidence.
_MAX_POSTINGS = 32
#: Smallest shingle hashes per paragraph used to find candidate pairs (a bottom-k
#: MinHash sketch). Two paragraphs with Jaccard similarity J miss each other only
#: when none of the 16 smallest hashes of their union is shared: about (1 - J)^16,
#: under 1e-11 at the default threshold of 0.8.
#: The shingle hashes are Python's ``str``-based hashes, salted per process, so
#: which pairs are compared differs between runs: at the default threshold the
#: findings cannot differ in practice; at ``threshold = 0.3`` a pair at exactly
#: 0.3 is missed by about 0.3% of runs. Per-process-stable codes per word
#: (first-occurrence ranks or BLAKE2b) cost PL205 35-60% more on the benchmark
#: corpora and were dropped (docs/performance.md).
_SAMPLE = 16


class NearDuplicateParagraph(DocumentRule):
    """
    ## What it does
    Reports a paragraph that is nearly the same as an earlier one of the
    same document: the Jaccard similarity of their sets of word ``shingle``-grams
    (words case-folded) is at least ``threshold``, but the two are not
    identical (identical ones are PL201's and PL204's). Scraped text holds one
    paragraph per line, so each non-blank line of at least ``min-words`` words
    is a paragraph. Candidate pairs are found through an index of each
    paragraph's 16 smallest shingle hashes (a bottom-k MinHash sketch), so the
    cost grows with the text, not with the square of its paragraphs; the
    similarity reported is then exact. No fix: which version to keep is an
    editorial choice.

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
        index: dict[int, list[int]] = {}  # shingle hash -> the groups among its smallest
        group_of: dict[frozenset[int], int] = {}
        groups: list[_Group] = []
        keys = line_keys(doc)
        postings_of = index.get
        for line_no, mine, smallest in _paragraphs_sharing_a_sample(doc, min_words, size):
            key = keys[line_no]
            # MinHash-style candidates: earlier paragraphs sharing one of our smallest shingle
            # hashes; the similarity itself is then computed exactly on the full sets.
            same = group_of.get(mine)
            found = list(map(postings_of, smallest))  # each hash's postings, or None
            best: tuple[float, int] | None = None
            if same is not None or any(found):  # most paragraphs share none of their smallest hashes
                candidates: set[int] = set() if same is None else {same}
                for postings in found:
                    if postings is not None:
                        candidates.update(postings)
                for g in candidates:
                    group = groups[g]
                    theirs = group.shingles
                    common = len(mine & theirs)
                    similarity = common / (len(mine) + len(theirs) - common)
                    if similarity < threshold or (best is not None and similarity < best[0]):
                        continue
                    other = group.first_line_not_keyed(key)
                    if other is not None and (best is None or similarity > best[0] or other < best[1]):
                        best = (similarity, other)
            if same is None:
                mine_group = len(groups)
                group_of[mine] = mine_group
                groups.append(_Group(mine, {key: line_no}))
                for sh, postings in zip(smallest, found):
                    if postings is None:
                        index[sh] = [mine_group]
                    elif len(postings) < _MAX_POSTINGS:
                        postings.append(mine_group)
            elif len(groups[same].first_lines) < 2:
                groups[same].first_lines.setdefault(key, line_no)
            if best is not None:
                start, end = line_span(doc, line_no)
                if inside_listing(doc, start, end):
                    continue  # a listing's line repeating an earlier example's: article content
                yield self.finding(
                    doc, start, end, f"paragraph nearly repeats line {best[1] + 1} ({best[0]:.0%} similar)"
                )


class _Group:
    """Paragraphs with the same set of shingles: compared once for all its copies, so a page that repeats
    its blocks costs what one copy costs. ``first_lines`` holds the first line of the first two distinct
    line keys, enough to name the earliest paragraph whose key differs from any given one."""

    __slots__ = ("first_lines", "shingles")

    def __init__(self, shingles: frozenset[int], first_lines: dict[str, int]) -> None:
        self.shingles = shingles
        self.first_lines = first_lines

    def first_line_not_keyed(self, key: str) -> int | None:
        """The earliest paragraph of the group whose line key is not ``key`` (an identical line is PL201's)."""
        lines = [line for other, line in self.first_lines.items() if other != key]
        return min(lines) if lines else None


def _paragraphs_sharing_a_sample(
    doc: PreparedDocument, min_words: int, size: int
) -> list[tuple[int, frozenset[int], list[int]]]:
    """(line index, shingle hashes, smallest hashes) of each paragraph that shares one of its smallest
    hashes with another paragraph, in order.

    Only those can be a candidate or have one: a paragraph finds earlier ones through its smallest
    hashes, and two with the same shingles have the same smallest ones. The others would only add
    index entries nobody looks up, so they are left out (on most pages, most of the paragraphs) and
    the findings are the same.
    """
    starts = range(size)
    paragraphs = []
    for line_no, words in _long_lines(doc, min_words):
        shingles = frozenset(map(hash, zip(*[words[i:] for i in starts])))
        paragraphs.append((line_no, shingles, _smallest(shingles)))
    if len(paragraphs) < 2:
        return []
    seen = Counter(chain.from_iterable(smallest for _, _, smallest in paragraphs))
    if len(seen) == sum(len(smallest) for _, _, smallest in paragraphs):
        return []  # no hash among two paragraphs' smallest
    twice = {h for h, n in seen.items() if n > 1}
    return [p for p in paragraphs if not twice.isdisjoint(p[2])]


def _long_lines(doc: PreparedDocument, min_words: int) -> Iterable[tuple[int, list[str]]]:
    """(line index, case-folded words) of the lines with at least ``min_words`` words.

    Words come from the document's shared word split, located by bisection, so
    short lines cost nothing. A line's words are case-folded in one call: joined
    by spaces, folded and split again. A word holds no whitespace and case folding
    maps one character at a time and never to whitespace, so this gives each
    word's own folding.
    """
    shortest = min_words * 2
    long_lines = [(line.index, line.start, line.end) for line in doc.lines if len(line.text) >= shortest]
    if not long_lines:
        return
    words = doc.word_texts
    starts = doc.word_offsets
    lo = 0
    for index, start, end in long_lines:
        lo = bisect.bisect_left(starts, start, lo)
        hi = bisect.bisect_left(starts, end, lo)
        if hi - lo >= min_words:
            yield index, " ".join(words[lo:hi]).casefold().split(" ")
        lo = hi


def _smallest(hashes: frozenset[int]) -> list[int]:
    """The ``_SAMPLE`` smallest hashes, ascending: a C sort for a line's usual few dozen
    shingles (about 4x cheaper there), a heap for long paragraphs. The same list either way."""
    if len(hashes) <= 128:
        return sorted(hashes)[:_SAMPLE]
    return heapq.nsmallest(_SAMPLE, hashes)
