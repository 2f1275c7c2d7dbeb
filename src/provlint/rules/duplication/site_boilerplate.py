from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from ...analyses.page_lines import is_label, line_keys
from ...model import Category, Finding, Fix, Severity
from ...prepare import PreparedDocument
from ...rule import EXCERPT_LIMIT, Candidate, SourceRule, excerpt
from .line_sketch import LineSketch, line_hash

#: :func:`~provlint.analyses.page_lines.is_label`'s characters per word: a longer line is no label.
_LABEL_CHARS_PER_WORD = 12
#: Lines remembered per rule instance (hash, link-likeness) before the memo starts over (a few MB when full).
_MEMO_LINES = 16384


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
    ``min-chars`` or longer than ``max-chars`` characters are not counted.

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
        # A stripped line's hash and link-likeness: both depend on its text alone (the key is the text
        # folded), and a site's template lines recur on each of its pages.
        self._lines: dict[str, tuple[int, bool]] = {}

    def new_state(self) -> LineSketch:
        return LineSketch(int(self.opts["sketch_width"]))

    def observe(self, doc: PreparedDocument, state: LineSketch) -> Iterable[Candidate]:
        """Count the document's distinct lines into ``state``; one candidate holding its :class:`PageLines`.

        This runs on every line of every page, so the loop does per line only what the decision needs:
        the hash and the link-likeness come from a memo of stripped lines (a site's template lines recur
        on each of its pages), the flat arrays are filled from lists at the end, and a line that needs no
        stripping skips the offset arithmetic.
        """
        min_chars, max_chars = int(self.opts["min_chars"]), int(self.opts["max_chars"])
        small_words = int(self.opts["small_source_words"])
        label_chars = small_words * _LABEL_CHARS_PER_WORD  # is_label's length bound: longer lines are no labels
        hashes: list[int] = []
        joins: list[bool] = []
        link_like: list[bool] = []
        spans: list[int] = []
        positions: list[int] = []
        texts: list[str] = []
        previous = -1  # the last counted line
        last_text = -1  # the last non-blank line
        lines = doc.lines
        last_line = len(lines) - 1
        keys = line_keys(doc)
        memo = self._lines
        # Most documents' normalisation changed nothing: raw offsets are normalised ones, and a
        # line's raw position is its own line and column (no offset map, no bisection per line).
        identity = doc.offsets.is_identity
        to_raw = doc.to_raw
        for line_start, line_end, raw, index, _ in lines:
            text = raw.strip()
            if not text:
                continue
            n = len(text)
            if min_chars <= n <= max_chars:
                if text is raw:  # nothing stripped
                    start, end = line_start, line_end
                else:
                    start = line_start + raw.index(text[0])  # the first character that is not whitespace
                    end = start + n
                # What Rule.delete_line_fix deletes (computed here without building the Fix for every line):
                # the line with its newline, or with the newline before it on the last line.
                cut_end = line_end + 1 if index < last_line else line_end
                cut_start = line_start - 1 if cut_end == line_end and index > 0 else line_start
                if identity:
                    spans += (start, end, cut_start, cut_end)
                    positions += (index + 1, start - line_start + 1, index + 1, end - line_start + 1)
                else:
                    raw_start, raw_end = to_raw(start), to_raw(end)
                    spans += (raw_start, raw_end, to_raw(cut_start), to_raw(cut_end))
                    positions += (*doc.raw_position(raw_start), *doc.raw_position(raw_end))
                known = memo.get(text)
                if known is None:
                    if len(memo) >= _MEMO_LINES:
                        memo.clear()
                    known = memo[text] = (
                        line_hash(keys[index]),
                        n <= label_chars and _link_like(text, small_words),
                    )
                hashes.append(known[0])
                link_like.append(known[1])
                joins.append(previous >= 0 and last_text == previous)
                # The excerpt folds whitespace: a short line is kept as it is, a long one folded and cut.
                texts.append(text if n <= EXCERPT_LIMIT + 1 else " ".join(text.split())[: EXCERPT_LIMIT + 1])
                previous = index
            last_text = index
        state.add_document(set(hashes))
        if not hashes:
            return []
        first = self.finding(doc, 0, 0, "")
        return [Candidate(PageLines.of(hashes, joins, link_like, spans, positions, texts), first)]

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
            counts = [state.count(h) if link else 0 for h, link in zip(page.hashes, page.link_like)]
        else:
            needed = max(min(int(self.opts["min_documents"]), math.ceil(float(self.opts["min_share"]) * total)), 2)
            counts = [state.count(h) for h in page.hashes]
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


def _link_like(text: str, max_words: int) -> bool:
    """A menu entry or footer link: a label of at most ``max_words`` words with a letter in it, not a
    separator ("___") and not a lead-in ending in a colon ("Here's the thing:")."""
    return (
        not text.endswith(":") and is_label(text, max_words) and (text[:1].isalpha() or any(c.isalpha() for c in text))
    )


class PageLines:
    """The counted lines of one page as flat arrays: what PL207 needs to decide at the end of the run.

    Per counted line: its 64-bit hash, whether it continues the previous counted line's block (only
    blank lines between them), whether it is short and link-like (what a small source may report), its
    raw span and the span its deletion removes, its raw start and end
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

    @classmethod
    def of(
        cls,
        hashes: list[int],
        joins: list[bool],
        link_like: list[bool],
        spans: list[int],
        positions: list[int],
        texts: list[str],
    ) -> PageLines:
        """A page's lines from per-line lists (``spans`` and ``positions``: four numbers per line)."""
        page = cls()
        page.hashes = array("Q", hashes)
        page.joins = array("b", joins)
        page.link_like = array("b", link_like)
        page.spans = array("q", spans)
        page.positions = array("q", positions)
        page.texts = texts
        return page

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
