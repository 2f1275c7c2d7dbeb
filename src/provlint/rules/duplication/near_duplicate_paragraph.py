from __future__ import annotations

from collections import Counter, defaultdict
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
        per_line = _words_per_line(doc)
        index: dict[int, list[int]] = defaultdict(list)
        shingles: dict[int, frozenset[int]] = {}
        keys: dict[int, str] = {}
        for line_no, words in per_line.items():
            if len(words) < min_words:
                continue
            mine = frozenset(hash(tuple(words[i : i + size])) for i in range(len(words) - size + 1))
            shared: Counter[int] = Counter()
            for sh in mine:
                postings = index[sh]
                shared.update(postings)
                if len(postings) < _MAX_POSTINGS:
                    postings.append(line_no)
            key = line_key(doc.lines[line_no].text)
            best: tuple[float, int] | None = None
            for other, common in shared.items():
                similarity = common / (len(mine) + len(shingles[other]) - common)
                if similarity >= threshold and keys[other] != key and (best is None or similarity > best[0]):
                    best = (similarity, other)
            shingles[line_no] = mine
            keys[line_no] = key
            if best is not None:
                start, end = line_span(doc, line_no)
                yield self.finding(doc, start, end, f"paragraph nearly repeats line {best[1] + 1} ({best[0]:.0%} similar)")


def _words_per_line(doc: PreparedDocument) -> dict[int, list[str]]:
    """Case-folded words of each line, from the document's shared word split."""
    out: dict[int, list[str]] = defaultdict(list)
    starts = doc.line_starts
    line = 0
    for word in doc.words:
        while line + 1 < len(starts) and starts[line + 1] <= word.start:
            line += 1
        out[line].append(word.text.casefold())
    return out
