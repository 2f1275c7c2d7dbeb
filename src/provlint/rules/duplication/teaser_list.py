from __future__ import annotations

import bisect
from collections.abc import Iterable

from ...analyses.page_layout import NAVLIKE, Kind, article_body, is_blurb, is_headline_shaped, layout
from ...analyses.per_document import per_document
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument, line_span
from ...rule import DocumentRule

_WORD = lazy_compile(r"\w{4,}")
#: The shortest word :data:`_WORD` finds.
_MIN_LETTERS = 4


#: Distinct characters :data:`_SKELETON` remembers before it starts over.
_SKELETON_CHARS = 4096


class _SkeletonTable(dict[int, str | None]):
    """``str.translate``'s table for :func:`skeleton`, filled one distinct character at a time: a letter or
    a space goes, a digit becomes ``9``, anything else stays."""

    def __missing__(self, code: int) -> str | None:
        if len(self) >= _SKELETON_CHARS:
            self.clear()  # a bounded memo, whatever the input's alphabet
        char = chr(code)
        mapped = "9" if char.isdigit() else None if char.isalpha() or char.isspace() else char
        self[code] = mapped
        return mapped


_SKELETON = _SkeletonTable()
#: Digits with only letters and spaces between them: one ``9`` ("9" is a digit, so only digits give it).
_NINES = lazy_compile("9{2,}")


def skeleton(text: str) -> str:
    """A line's punctuation in order, each run of digits as one ``9``, letters and spaces between digits
    ignored: the form entries of one list share ("June 17 -- Arena, City, ST" gives ``9--,,``).

    One ``str.translate`` through a memo of each character's part instead of a Python step per character.
    """
    folded: str = _NINES.sub("9", text.translate(_SKELETON), timeout=PATTERN_TIMEOUT)
    return folded


def _structured(doc: PreparedDocument, heads: list[int]) -> bool:
    """True when at least half the entries share a non-empty skeleton (a tour's dates, a table's rows, a
    numbered list): the article's own list. Teaser headlines are punctuated each its own way."""
    counts: dict[str, int] = {}
    for i in heads:
        form = skeleton(doc.lines[i].text)
        if form:
            counts[form] = counts.get(form, 0) + 1
    return bool(counts) and 2 * max(counts.values()) >= len(heads)


def _announced(doc: PreparedDocument, first: int) -> bool:
    """True when the line right before the list ends in a colon: the article announces it."""
    for i in range(first - 1, -1, -1):
        text = doc.lines[i].text.strip()
        if text:
            return text.endswith(":")
    return False


def _overlap(doc: PreparedDocument, heads: list[int], body: tuple[int, int]) -> float:
    """Share of the headlines' words (of four letters or more) that the article body uses: an article's own
    fact box or list is about its subject, other articles' teasers mostly are not."""
    body_words = _body_words(doc, body)
    lines = doc.lines
    words = _folded_words("\n".join([lines[i].text for i in heads]))
    return sum(map(body_words.__contains__, words)) / len(words) if words else 0.0


def _folded_words(text: str) -> list[str]:
    """The case-folded words of four letters or more of ``text``, in order.

    One search and one case folding for the whole text: a word never spans a newline or holds a space,
    and case folding maps one character at a time and never to whitespace, so joining the words by
    spaces, folding and splitting gives each word's own folding.
    """
    found = _WORD.findall(text, timeout=PATTERN_TIMEOUT)
    return " ".join(found).casefold().split(" ") if found else []


def _body_words(doc: PreparedDocument, body: tuple[int, int]) -> frozenset[str]:
    """The case-folded words (of four letters or more) of the body's lines, found once per document (a page may
    have several lists).

    Read off the document's shared word tokens rather than searched again: a token is runs of ``\\w``
    joined by single "-", "'" or "’" (prepare.py's pattern, the same ``\\w``), and every ``\\w`` belongs to
    one, so the tokens split at those characters are the text's maximal ``\\w`` runs, which is what
    ``\\w{4,}`` finds (tests/rules/test_duplication_prefilters.py compares the two).
    """
    return per_document(doc, f"teaser-list:body-words:{body[0]}:{body[1]}", lambda: _find_body_words(doc, body))


def _find_body_words(doc: PreparedDocument, body: tuple[int, int]) -> frozenset[str]:
    offsets = doc.word_offsets
    lo = bisect.bisect_left(offsets, doc.lines[body[0]].start)
    hi = bisect.bisect_left(offsets, doc.lines[body[1]].end, lo)
    runs = " ".join(doc.word_texts[lo:hi]).replace("-", " ").replace("'", " ").replace("’", " ").split(" ")
    long_runs = [run for run in runs if len(run) >= _MIN_LETTERS]
    return frozenset(" ".join(long_runs).casefold().split(" ")) if long_runs else frozenset()


class TeaserList(DocumentRule):
    """
    ## What it does
    Reports a list of other articles' teasers kept after the article:
    "related", "most read" and "more from" lists, as one finding from the
    first teaser headline to the last. After the article body (the cluster
    of sentence lines holding the most text, as for PL103), a teaser list
    is at least ``min-items`` headline-shaped lines (``min-words`` to
    ``max-words`` words, no sentence punctuation at the end, no navigation
    label) with at most ``max-gap`` short lines between two of them (a
    blurb, a date, a byline, a section label). A paragraph longer than a
    blurb (300 characters, or more than one sentence) ends the list: an
    article continued below a picture has paragraphs, not blurbs. Headlines of up to ten words inside a
    navigation run are PL103's too; this rule finds the longer ones that
    read like prose. A list the article announces (the line before it ends
    in a colon) or whose entries share their punctuation (a tour's dates, a
    table's rows, a numbered list: at least half of them alike) is the
    article's own, and so is one whose headlines take ``max-overlap`` or
    more of their words (of four letters or more) from the article body (a
    fact box about the article's subject). Info level; no fix: a teaser list is easy to confuse
    with a list the article ends with, so look before deleting.

    ## Why it matters
    Teasers are the headlines and blurbs of other articles. They are
    written like the article, so length and punctuation filters keep them,
    and a corpus that keeps them repeats every headline of a site on
    hundreds of pages.

    ## Example
    ```
    ... the last paragraph of the article.
    More from the city desk
    Library hours to be cut across the city in the summer months      <- PL209 teaser list: 3 headlines
    New bus routes planned for the northern suburbs next spring
    Road repairs start on the ring road in May after a long delay
    ```
    """

    code = "PL209"
    name = "teaser-list"
    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "Teaser headlines of other articles listed after the article (related, most read, more from)."
    options = {"min_items": 3, "min_words": 5, "max_words": 25, "max_gap": 2, "max_overlap": 0.4}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        body = article_body(doc)
        if body is None:
            return
        kinds = layout(doc).kinds
        max_gap = int(self.opts["max_gap"])
        min_words, max_words = int(self.opts["min_words"]), int(self.opts["max_words"])
        heads: list[int] = []
        gap = 0
        for i in range(body[1] + 1, len(doc.lines)):
            kind = kinds[i]
            if kind is Kind.BLANK:
                continue
            text = doc.lines[i].text
            if kind not in NAVLIKE and kind is not Kind.CODE and is_headline_shaped(text, min_words, max_words):
                if heads and gap > max_gap:
                    yield from self._report(doc, heads, body)
                    heads = []
                heads.append(i)
                gap = 0
                continue
            if not heads:
                continue  # no list open: nothing for a gap or a paragraph to end (the next headline starts one)
            gap += 1
            # Past ``max_gap`` the list is over whatever comes next (a headline starts a new one, a paragraph
            # ends it), so it is reported now; otherwise a paragraph longer than a blurb ends it.
            if gap > max_gap or not is_blurb(text):
                yield from self._report(doc, heads, body)
                heads, gap = [], 0
        yield from self._report(doc, heads, body)

    def _report(self, doc: PreparedDocument, heads: list[int], body: tuple[int, int]) -> Iterable[Finding]:
        if len(heads) < int(self.opts["min_items"]) or _structured(doc, heads) or _announced(doc, heads[0]):
            return
        if _overlap(doc, heads, body) >= float(self.opts["max_overlap"]):
            return
        start, _ = line_span(doc, heads[0])
        _, end = line_span(doc, heads[-1])
        yield self.finding(
            doc,
            start,
            end,
            f"teaser list: {len(heads)} headlines of other articles (lines {heads[0] + 1}-{heads[-1] + 1})",
        )
