from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import replace
from itertools import accumulate
from typing import Any

from ...analyses.code_listings import code_lines, listing_captions
from ...analyses.page_lines import is_label, line_keys
from ...model import Category, Finding, Fix, Severity
from ...prepare import PreparedDocument
from ...rule import EXCERPT_LIMIT, Candidate, SourceRule, excerpt
from .line_sketch import LineSketch, line_hash

#: :func:`~provlint.analyses.page_lines.is_label`'s characters per word: a longer line is no label.
_LABEL_CHARS_PER_WORD = 12
#: Line keys whose hash is remembered per rule instance before the memo starts over (a few MB when full).
_MEMO_LINES = 16384
#: :attr:`PageLines.link_like` of a line whose link-likeness is decided from its excerpt text, the whole line.
FROM_TEXT = -1


class SiteBoilerplate(SourceRule[LineSketch]):
    """
    ## What it does
    Learns, per source, which lines recur across its documents. A line is
    boilerplate when it recurs in at least ``min-documents`` documents of the
    source, or in at least ``min-share`` of them (and in two at least), and
    each run of consecutive boilerplate lines of a document (blank lines
    between them allowed) is reported once, from its first line to its last,
    with how many documents its lines recur in. A source with fewer than
    ``min-source-documents`` documents (a small crawl: two to four pages of
    a site) is judged more strictly: a line is boilerplate when at least two
    of its pages share it verbatim and it is short and link-like (a label
    of at most ``small-source-words`` words that is not a sentence, has a
    letter and does not end in a colon, such as a menu entry or a footer
    link; not a "___" separator); prose two pages share may be a quote or
    a syndicated paragraph. ``small-source-words = 0`` reports nothing for
    such sources. Lines are
    compared with whitespace folded and case ignored; lines shorter than
    ``min-chars`` or longer than ``max-chars`` characters are not counted,
    nor are the lines of a code listing (an HTML page's ``<pre>``, a fenced
    or plainly code-shaped block of plain text): a tutorial's pages share
    ``fn main() {`` as article text, and a listing breaks a block.

    The counts are kept in a count-min sketch of hashed lines (at most
    ``sketch-width`` x 4 counters per source, stored sparsely) that merges by
    addition, so the findings are the same whether the documents were linted
    in one process, in several or on a cluster. Until the end of the run a
    document costs a few numbers per line; findings are built only for the
    blocks the merged counts call boilerplate. The fix deletes the block.

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
    Each copy gives ``PL207 line recurs in 30 of 30 documents of this source``. A
    three-line menu at the top of every page gives one finding per page:
    ``PL207 3 consecutive lines recur in 30 of 30 documents of this source``.
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
        "small_source_words": 8,
        "min_chars": 2,
        "max_chars": 200,
        "sketch_width": 1 << 16,
    }
    fixable = True

    def __init__(self, options: Mapping[str, Any] | None = None, severity: Severity | None = None) -> None:
        super().__init__(options, severity)
        # A line key's hash: a site's template lines recur on each of its pages.
        self._hashes: dict[str, int] = {}
        # Whether a shared line of a small source reads as a link (decided at the end of the run, per page).
        self._link_memo: dict[tuple[str, int], bool] = {}

    def new_state(self) -> LineSketch:
        return LineSketch(int(self.opts["sketch_width"]))

    def observe(self, doc: PreparedDocument, state: LineSketch) -> Iterable[Candidate]:
        """Count the document's distinct lines into ``state``; one candidate holding its :class:`PageLines`.

        This runs on every line of every page, so it works by columns: each step is one comprehension
        over the counted lines (no Python statement per line), hashes come from a memo of line keys, and
        the flat arrays are filled by slice. Whether a short line is link-like (what a small source may
        report) is left to :meth:`decide_all`, which asks only of the lines two pages share.
        """
        min_chars, max_chars = int(self.opts["min_chars"]), int(self.opts["max_chars"])
        lines = doc.lines
        stripped = [line[2].strip() for line in lines]
        counted = [i for i, text in enumerate(stripped) if min_chars <= len(text) <= max_chars]
        code = code_lines(doc)
        if code:
            # Code listings are article text: ``fn main() {`` recurs on every page of a tutorial.
            # A listing's caption ("Erroneous code example:") recurs as often, and is article text as well.
            skipped = code | listing_captions(doc)
            counted = [i for i in counted if i not in skipped]
        if not counted:
            state.add_document(())
            return []
        keys = line_keys(doc)
        hashes = self._hashes_of([keys[i] for i in counted])
        state.add_document(set(hashes))
        texts = [stripped[i] for i in counted]
        # A counted line continues the previous one's block when only blank lines lie between them.
        nonblank = list(accumulate(map(bool, stripped)))  # non-blank lines up to and including each line
        joins = [False, *[nonblank[i] - nonblank[p] == 1 for p, i in zip(counted, counted[1:])]]
        page = PageLines()
        page.hashes = array("Q", hashes)
        page.joins = array("b", joins)
        page.link_like = array("b", self._link_likeness(texts))
        page.spans, page.positions = _spans_and_positions(doc, counted, texts)
        # The excerpt folds whitespace: a short line is kept as it is, a long one folded and cut.
        keep = EXCERPT_LIMIT + 1
        page.texts = [text if len(text) <= keep else " ".join(text.split())[:keep] for text in texts]
        return [Candidate(page, self.finding(doc, 0, 0, ""))]

    def _hashes_of(self, keys: list[str]) -> list[int]:
        """:func:`line_hash` of each key, through the memo: the keys it lacks are found by one set
        difference and hashed once each (the memo is cleared first when they would overfill it)."""
        memo = self._hashes
        new = set(keys).difference(memo)
        if new:
            if len(memo) + len(new) > _MEMO_LINES:
                memo.clear()
                new = set(keys)
            memo.update(zip(new, map(line_hash, new)))
        return list(map(memo.__getitem__, keys))

    def _link_likeness(self, texts: list[str]) -> list[int]:
        """Per counted line: 0 when it cannot be link-like (longer than a label), :data:`FROM_TEXT` when its
        excerpt text is the whole line (decided from it at the end, only if two pages share it), else
        whether it is link-like (1 or 0; only with ``small-source-words`` above 10)."""
        small_words = int(self.opts["small_source_words"])
        label_chars = small_words * _LABEL_CHARS_PER_WORD  # is_label's length bound: longer lines are no labels
        keep = EXCERPT_LIMIT + 1
        return [
            0 if (n := len(text)) > label_chars else FROM_TEXT if n <= keep else int(_link_like(text, small_words))
            for text in texts
        ]

    def decide(self, candidate: Candidate, state: LineSketch) -> Finding | None:
        """The first block of the page (see :meth:`decide_all`, which the engine calls)."""
        return next(iter(self.decide_all(candidate, state)), None)

    def decide_all(self, candidate: Candidate, state: LineSketch) -> list[Finding]:
        """One finding per block of consecutive lines that the source's merged counts call boilerplate.

        Findings are built here only, for the lines that turned out to be boilerplate; the page's other
        lines cost three numbers each in the candidate.
        """
        total = state.documents
        page: PageLines = candidate.key
        if total < int(self.opts["min_source_documents"]):
            if total < 2 or int(self.opts["small_source_words"]) <= 0:
                return []
            # A small crawl: only short link-like lines that two of its pages share.
            needed = 2
            counts = [n if link else 0 for n, link in zip(state.count_all(page.hashes), page.link_like)]
            small_words = int(self.opts["small_source_words"])
            for i, (n, link) in enumerate(zip(counts, page.link_like)):
                if n >= needed and link == FROM_TEXT and not self._link_like(page.texts[i], small_words):
                    counts[i] = 0
        else:
            needed = max(min(int(self.opts["min_documents"]), math.ceil(float(self.opts["min_share"]) * total)), 2)
            counts = state.count_all(page.hashes)
        out: list[Finding] = []
        i = 0
        while i < len(counts):
            if counts[i] < needed:
                i += 1
                continue
            last = i
            while last + 1 < len(counts) and page.joins[last + 1] and counts[last + 1] >= needed:
                last += 1
            out.append(self._block(candidate.finding, page, i, last, counts[i : last + 1], total))
            i = last + 1
        return out

    def _link_like(self, text: str, max_words: int) -> bool:
        """:func:`_link_like`, remembered per text: a small source's shared lines are decided on each of
        its pages, at the end of the run, in the parent process."""
        key = (text, max_words)
        known = self._link_memo.get(key)
        if known is None:
            if len(self._link_memo) >= 50_000:
                self._link_memo.clear()
            known = self._link_memo[key] = _link_like(text, max_words)
        return known

    def _block(
        self, template: Finding, page: PageLines, first: int, last: int, counts: list[int], total: int
    ) -> Finding:
        """The finding for counted lines ``first..last`` of the template's page (``counts``: theirs)."""
        low, high = min(counts), max(counts)
        spans, positions = page.spans, page.positions
        documents = f"{low} of" if low == high else f"{low} to {high} of"
        lines = "line recurs" if first == last else f"{last - first + 1} consecutive lines recur"
        return replace(
            template,
            message=f"{lines} in {documents} {total} documents of this source (site boilerplate)",
            line=positions[4 * first],
            column=positions[4 * first + 1],
            end_line=positions[4 * last + 2],
            end_column=positions[4 * last + 3],
            start=spans[4 * first],
            end=spans[4 * last + 1],
            excerpt=excerpt(" ".join(page.texts[first : last + 1])),
            fix=Fix.delete(
                spans[4 * first + 2],
                spans[4 * last + 3],
                f"delete the site boilerplate {'line' if first == last else 'lines'}",
            ),
        )


def _spans_and_positions(doc: PreparedDocument, counted: list[int], texts: list[str]) -> tuple[array[int], array[int]]:
    """The raw spans (text start, end; deletion start, end) and raw positions (start line, column; end line,
    column) of the ``counted`` lines (``texts``: theirs, stripped), four numbers per line.

    The deletion is what :meth:`~provlint.rule.Rule.delete_line_fix` deletes (computed here without a
    ``Fix`` per line): the line with its newline, or with the newline before it on the last line. Most
    documents' normalisation changed nothing: then raw offsets are normalised ones and a line's raw
    position is its own line and column (no offset map, no bisection per line).
    """
    lines = doc.lines
    # Where the stripped text starts in its line: nothing was stripped, or at its first character.
    leads = [0 if text is (raw := lines[i][2]) else raw.index(text[0]) for i, text in zip(counted, texts)]
    spans = [
        number
        for i, lead, text in zip(counted, leads, texts)
        for number in (lines[i][0] + lead, lines[i][0] + lead + len(text), lines[i][0], lines[i][1] + 1)
    ]
    last = len(lines) - 1
    if counted[-1] == last:  # the last line has no newline of its own: the one before it goes
        spans[-1] -= 1
        if last > 0:
            spans[-2] -= 1
    if doc.offsets.is_identity:
        positions = [
            number
            for i, lead, text in zip(counted, leads, texts)
            for number in (i + 1, lead + 1, i + 1, lead + 1 + len(text))
        ]
        return array("q", spans), array("q", positions)
    spans = list(map(doc.to_raw, spans))
    where = doc.raw_position
    positions = [number for start, end in zip(spans[0::4], spans[1::4]) for number in (*where(start), *where(end))]
    return array("q", spans), array("q", positions)


def _link_like(text: str, max_words: int) -> bool:
    """A menu entry or footer link: a label of at most ``max_words`` words with a letter in it, not a
    separator ("___") and not a lead-in ending in a colon ("Here's the thing:")."""
    return (
        not text.endswith(":") and is_label(text, max_words) and (text[:1].isalpha() or any(c.isalpha() for c in text))
    )


class PageLines:
    """The counted lines of one page as flat arrays: what PL207 needs to decide at the end of the run.

    Per counted line: its 64-bit hash, whether it continues the previous counted line's block (only
    blank lines between them), whether it is short and link-like (what a small source may report: 1 or
    0, or :data:`FROM_TEXT` when its excerpt text is the whole line and decides it), its raw span and the span its deletion removes, its raw start and end
    positions (line, column), and the first characters of its text for the excerpt. Compact to keep in
    the candidate spool and to send from a worker to the parent: about 60 bytes a line, against a
    whole finding per line before.
    """

    __slots__ = ("hashes", "joins", "link_like", "positions", "spans", "texts")

    def __init__(self) -> None:
        self.hashes = array("Q")
        self.joins = array("b")
        self.link_like = array("b")
        self.spans = array("q")
        self.positions = array("q")
        self.texts: list[str] = []

    def add(
        self,
        h: int,
        joins: bool,
        spans: tuple[int, int, int, int],
        positions: tuple[int, ...],
        text: str,
        link_like: bool = False,
    ) -> None:
        self.hashes.append(h)
        self.joins.append(joins)
        self.link_like.append(link_like)
        self.spans.extend(spans)
        self.positions.extend(positions)
        self.texts.append(text)

    def __getstate__(self) -> tuple[Any, ...]:
        return (self.hashes, self.joins, self.link_like, self.spans, self.positions, self.texts)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.hashes, self.joins, self.link_like, self.spans, self.positions, self.texts = state

    def __sizeof__(self) -> int:
        """Bytes held, arrays and excerpts included: the candidate spool spills by this (spool.py)."""
        arrays = (self.hashes, self.joins, self.link_like, self.spans, self.positions)
        return (
            object.__sizeof__(self)
            + sum(a.__sizeof__() for a in arrays)
            + self.texts.__sizeof__()
            + sum(map(str.__sizeof__, self.texts))
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PageLines) and self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:  # candidate keys must be hashable; a page's lines never change once read
        return hash((self.hashes.tobytes(), self.spans.tobytes()))
