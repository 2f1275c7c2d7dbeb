"""How the lines of a scraped page sit together: navigation, leftovers, labels, text.

Shared by the scraping rules that judge a line by its neighbours (orphan
fragments, navigation blocks). The classification of a document is computed
once and reused by every rule that asks for it during the same document.
"""

from __future__ import annotations

import bisect
import enum
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from ..lazy_pattern import lazy_compile
from ..patterns import FLAGS, PATTERN_TIMEOUT, finditer_each
from ..prepare import PreparedDocument
from .code_listings import code_lines
from .keyword_lines import keyword_lines
from .page_lines import (
    CONSENT_MAX_CHARS,
    CONSENT_WORDS_SET,
    GLYPHS,
    LABEL_MAX_CHARS,
    consent_pattern,
    headline,
    line_key,
    may_be_consent,
    page_labels,
    strip_glyphs,
)
from .per_document import per_document

#: A line that is only list glyphs, or only a number or a counter ("3", "2/12", "4 of 9").
LEFTOVER = lazy_compile(r"^\s*(?:[•·▪►▶■□●○◦‣⁃*|»›>~_=\-–—]+|\d{1,4}|\d{1,3}\s*(?:/|of)\s*\d{1,3})\s*$", FLAGS)
#: Most words a label line (short, not a sentence) may have.
LABEL_MAX_WORDS = 10


class Kind(enum.Enum):
    BLANK = "blank"
    NAV = "nav"  # navigation/UI residue (built-in lists)
    WIDGET = "widget"  # known widget line
    CONSENT = "consent"  # cookie or consent notice
    LEFTOVER = "leftover"  # stray glyphs or a lone number
    LABEL = "label"  # short, not a sentence
    TEXT = "text"
    CODE = "code"  # a line of a code listing (article content, whatever its shape)

    #: Hashed by identity, in C (members are singletons and compare by identity): ``Enum.__hash__`` is a
    #: Python function, called once per line when the layout spells its rows' kinds as letters.
    __hash__ = object.__hash__


#: Kinds a more specific rule reports (PL101, PL206, PL104).
NAVLIKE = (Kind.NAV, Kind.WIDGET, Kind.CONSENT, Kind.LEFTOVER)
#: Kinds that make a neighbouring label an orphan fragment.
NAVLIKE_LABELS = (Kind.NAV, Kind.WIDGET, Kind.CONSENT)


@dataclass(frozen=True)
class Layout:
    kinds: tuple[Kind, ...]
    #: Label lines sitting between navigation lines (PL102).
    orphans: frozenset[int]
    #: (first, last) line indexes of runs of unexplained label lines inside navigation runs (PL103).
    blocks: tuple[tuple[int, int, int], ...]  # (first, last, number of label lines)
    #: Each line's kind by its shape alone, a code listing's lines too (``kinds`` holds :attr:`Kind.CODE` for
    #: those): the article's headline and body are found from the shapes, as they were before listings were
    #: known, so marking a listing changes no finding outside it.
    shapes: tuple[Kind, ...] = ()

    @property
    def shape_kinds(self) -> tuple[Kind, ...]:
        """:attr:`shapes`, or :attr:`kinds` when no line is in a listing (the same tuple then)."""
        return self.shapes or self.kinds


#: Distinct short lines whose kind is remembered: menus, widgets and footers repeat on every page of a
#: site, so most of a crawl's short lines were classified before (at most a few MB of lines).
KIND_CACHE_LINES = 16384


def classify_line(text: str, keywords: int = -1) -> Kind:
    """The kind of one line; ``keywords``: its keyword bits (:func:`keyword_lines`), all of them by default."""
    stripped = text.strip()
    if not stripped:
        return Kind.BLANK
    size = len(stripped)
    if size > CONSENT_MAX_CHARS:
        return Kind.TEXT  # too long for a label or a consent notice
    if size > LABEL_MAX_CHARS and not keywords & CONSENT_WORDS_SET.bit:
        # Too long for a label, and without a consent notice's words: a sentence. Decided here, these
        # mostly unique lines neither pay for the memo below nor push the short lines out of it.
        return Kind.TEXT
    return _classify_short(stripped, keywords)


def line_kinds(texts: Sequence[str], masks: Sequence[int]) -> tuple[Kind, ...]:
    """``classify_line(text, mask)`` of every line, in one loop: blank and long lines are decided in place,
    without two calls each (most lines of a generated page, a tenth of a real page's)."""
    consent = CONSENT_WORDS_SET.bit
    short = _classify_short
    blank, text_kind = Kind.BLANK, Kind.TEXT
    out: list[Kind] = []
    append = out.append
    for text, mask in zip(texts, masks):
        stripped = text.strip()
        size = len(stripped)
        if not size:
            append(blank)
        elif size > LABEL_MAX_CHARS and (size > CONSENT_MAX_CHARS or not mask & consent):
            append(text_kind)
        else:
            append(short(stripped, mask))
    return tuple(out)


#: The characters a :data:`LEFTOVER` line can start with besides a digit (after its spaces).
LEFTOVER_FIRST = frozenset("•·▪►▶■□●○◦‣⁃*|»›>~_=-–—")


def may_be_leftover(text: str) -> bool:
    """False when :data:`LEFTOVER` cannot match ``text``: after its spaces it starts with a glyph or a digit
    (``str.lstrip`` strips every character ``\\s`` matches, and ``str.isdigit`` knows every ``\\d``)."""
    first = text.lstrip()[:1]
    return first in LEFTOVER_FIRST or first.isdigit()


@functools.lru_cache(maxsize=KIND_CACHE_LINES)
def _classify_short(stripped: str, keywords: int) -> Kind:
    """The kind of a stripped, non-blank line of at most :data:`CONSENT_MAX_CHARS` characters.

    The keyword bits are a function of the text, so they do not split the cache's entries. Half of a
    real page's short lines are new to the memo, and most of those are labels no phrase can match: the
    label gate inside :meth:`GatedLabels.match` settles them without a pattern call, and :func:`is_label`'s
    test is spelled out here for them.
    """
    size = len(stripped)
    if size <= LABEL_MAX_CHARS:
        first = stripped[0]
        # ``stripped`` has no leading space: :func:`may_be_leftover` is its first character's test.
        if (
            size <= 40
            and (first in LEFTOVER_FIRST or first.isdigit())
            and LEFTOVER.match(stripped, timeout=PATTERN_TIMEOUT)
        ):
            return Kind.LEFTOVER
        label = strip_glyphs(stripped) if first in GLYPHS or "  " in stripped else stripped
        if label:
            # No pattern is tried where the label gate settles the line (:meth:`GatedLabels.can_match`).
            found = page_labels().match(label, timeout=PATTERN_TIMEOUT, keywords=keywords)
            if found is not None:
                return Kind.NAV if found.group("nav") is not None else Kind.WIDGET
    if (
        keywords & CONSENT_WORDS_SET.bit
        and may_be_consent(stripped)
        and consent_pattern().match(stripped, timeout=PATTERN_TIMEOUT)
    ):
        return Kind.CONSENT
    if size > LABEL_MAX_CHARS or size > LABEL_MAX_WORDS * 12:
        return Kind.TEXT
    # :func:`is_label` (``is_label(stripped, LABEL_MAX_WORDS)``) spelled out for a stripped line.
    words = len(stripped.split())
    if words > LABEL_MAX_WORDS or (words >= 4 and stripped.rstrip(_CLOSERS)[-1:] in _LABEL_SENTENCE_ENDS):
        return Kind.TEXT
    return Kind.LABEL


#: What makes a line of four or more words a sentence (:func:`is_label`).
_LABEL_SENTENCE_ENDS = (".", "!", "?", "…")


def layout(doc: PreparedDocument, min_block: int = 3, max_orphan_run: int = 3) -> Layout:
    """The layout of ``doc``, computed once per document and options (kept on the document: rules with
    other options than the default ones no longer take turns recomputing it)."""
    return per_document(
        doc, f"analysis:layout:{min_block}:{max_orphan_run}", lambda: _compute(doc, min_block, max_orphan_run)
    )


#: Where :func:`layout` keeps the default options' layout on the document.
_DEFAULT_LAYOUT_KEY = "analysis:layout:3:3"

#: The kinds that say the built-in navigation and widget lists do not match a line's label.
NO_LIST_LABEL = frozenset({Kind.LABEL, Kind.TEXT})


def known_kinds(doc: PreparedDocument) -> tuple[Kind, ...] | None:
    """The line kinds of ``doc`` when a rule has computed its default layout already, else None.

    A later rule reads them where they settle its own question (a line whose label no built-in list
    matches is no widget line), but does not pay for a layout that no rule of the run asked for.
    """
    found = doc.__dict__.get(_DEFAULT_LAYOUT_KEY)
    return found.kinds if isinstance(found, Layout) else None


#: One letter per kind (for :func:`_compute`'s runs).
_KIND_CODES: dict[Kind, str] = {
    Kind.BLANK: "b",
    Kind.NAV: "n",
    Kind.WIDGET: "w",
    Kind.CONSENT: "c",
    Kind.LEFTOVER: "o",
    Kind.LABEL: "l",
    Kind.TEXT: "t",
    Kind.CODE: "k",
}
_NAVLIKE_CODES = frozenset(_KIND_CODES[k] for k in NAVLIKE)
_NAVLIKE_LABEL_CODES = frozenset(_KIND_CODES[k] for k in NAVLIKE_LABELS)


@functools.lru_cache(maxsize=16)
def _orphan_runs(max_run: int) -> regex.Pattern[str]:
    """The runs of at most ``max_run`` label letters with navigation-like letters (or an end) on both sides:
    the only runs of label rows that can be orphans. Searched for whole, so a page costs a search per such
    run, not one per run of label rows (19,000 searches on the real pages, 8 us each)."""
    navlike = "".join(sorted(_NAVLIKE_CODES))
    return regex.compile(rf"(?<![^{navlike}]){_KIND_CODES[Kind.LABEL]}{{1,{max_run}}}(?![^{navlike}])")


@functools.lru_cache(maxsize=16)
def _long_non_text_runs(min_run: int) -> regex.Pattern[str]:
    """The maximal runs of at least ``min_run`` letters that are not sentence lines: the only ones that can
    hold a navigation block (a search per such run instead of one per run). A code listing's line is article
    content: like a sentence line, it ends such a run."""
    return regex.compile(rf"[^{_KIND_CODES[Kind.TEXT]}{_KIND_CODES[Kind.CODE]}]{{{max(min_run, 1)},}}")


def _compute(doc: PreparedDocument, min_block: int, max_orphan_run: int) -> Layout:
    masks = keyword_lines(doc).masks
    shapes = line_kinds(doc.text.split("\n"), masks)
    kinds = shapes
    code = code_lines(doc)
    if code:
        # A listing's lines are article content whatever their shape: a lone "}" is no leftover, a run of
        # short statements no navigation block, ``fn main() {`` no label.
        kinds = tuple(Kind.CODE if i in code and kind is not Kind.BLANK else kind for i, kind in enumerate(shapes))
    head = headline(doc, masks)
    head_index = head.line_index if head is not None else None
    rows = [i for i, k in enumerate(kinds) if k is not Kind.BLANK]
    article = article_head(doc, shapes, rows, min_block)
    # The non-blank rows' kinds as one letter each: runs of label rows and of non-sentence rows are found
    # by a pattern over that string instead of a Python step per row.
    codes = "".join(map(_KIND_CODES.__getitem__, kinds)).replace(_KIND_CODES[Kind.BLANK], "")

    orphans: set[int] = set()
    # Runs of label rows between navigation-like rows (or an end), one of them navigation, widget or consent.
    runs = finditer_each(_orphan_runs(max_orphan_run), codes) if max_orphan_run > 0 else iter(())
    for run in runs:
        j, k = run.span()
        before = codes[j - 1] if j > 0 else None
        after = codes[k] if k < len(codes) else None
        if before in _NAVLIKE_LABEL_CODES or after in _NAVLIKE_LABEL_CODES:
            orphans.update(i for i in rows[j:k] if i != head_index and i not in article)

    blocks: list[tuple[int, int, int]] = []
    # Without a single sentence line (or listing line) there is no article for the short lines to surround
    # (a list, a poem, a table): no navigation blocks.
    has_content = _KIND_CODES[Kind.TEXT] in codes or _KIND_CODES[Kind.CODE] in codes
    runs = finditer_each(_long_non_text_runs(min_block), codes) if has_content else iter(())
    for run in runs:
        j, k = run.span()
        if k - j >= min_block and not _introduced_list(doc, kinds, rows, j, k):
            # The article's headline splits the run: a block never spans a line of the article.
            labels: list[int] = []
            for i in [*rows[j:k], None]:
                if i is None or i in article:
                    if labels:
                        blocks.append((labels[0], labels[-1], len(labels)))
                    labels = []
                elif kinds[i] is Kind.LABEL and i not in orphans and i != head_index:
                    labels.append(i)
    return Layout(kinds, frozenset(orphans), tuple(blocks), shapes if code else ())


#: Non-blank rows before the article's first sentence line searched for its headline by position ...
HEAD_SEARCH_ROWS = 2
#: ... and by its words (a headline shares most of its words with the article's first paragraphs).
HEAD_OVERLAP_ROWS = 15
_WORD = lazy_compile(r"\w{4,}")
#: The characters that join word-character runs into one word token (``prepare``'s ``WORD``).
_TOKEN_JOINERS = ("-", "'", "’")


def long_words(doc: PreparedDocument, lines: Iterable[int]) -> set[str]:
    """The case-folded words of four or more word characters on ``lines`` of ``doc`` (:data:`_WORD`'s matches).

    Read off the document's word tokens (``\\w+(?:[-'’]\\w+)*``, found once in preparation) instead of a
    search per line: a token split at its joiners gives its word-character runs, and :data:`_WORD` matches
    exactly the runs of at least four. Lengths are taken before folding ("maß" stays out, though its fold
    "mass" has four letters), and the words are folded in one call (joined by spaces: no word holds a
    space and no fold makes one).
    """
    texts, offsets, spans = doc.word_texts, doc.word_offsets, doc.lines
    parts: list[str] = []
    for j in lines:
        line = spans[j]
        lo = bisect.bisect_left(offsets, line.start)
        parts.extend(texts[lo : bisect.bisect_left(offsets, line.end, lo)])
    runs = " ".join(parts)
    for joiner in _TOKEN_JOINERS:
        if joiner in runs:
            runs = runs.replace(joiner, " ")
    kept = [word for word in runs.split(" ") if len(word) >= 4]
    return set(" ".join(kept).casefold().split(" ")) if kept else set()


_BYLINE = lazy_compile(r"^(?:by|von|por|par|di|door|av)\s+\p{Lu}|@\w", FLAGS)


def article_head(doc: PreparedDocument, kinds: tuple[Kind, ...], rows: list[int], min_block: int) -> frozenset[int]:
    """Label lines that belong to the article although navigation surrounds them: its headline (with a
    byline right after it), and any line repeating the document's title.

    The article body is the cluster of sentence lines holding the most text (clusters are split by runs of
    ``min_block`` or more non-sentence lines, as navigation blocks are). Its headline is, among the
    ``HEAD_OVERLAP_ROWS`` non-blank lines before the body, the label line of three or more words that shares
    the most of its words (at least half, and two) with the body's first paragraphs; failing that, the last
    label line of at least three words (or 15 characters, for scripts without spaces) among the
    ``HEAD_SEARCH_ROWS`` lines right before the body, with the label lines between it and the body.
    """
    out: set[int] = set()
    title = doc.document.title
    if title and title.strip():
        key = line_key(title)
        out.update(i for i in rows if kinds[i] is Kind.LABEL and line_key(doc.lines[i].text) == key)
    start = _body_start(doc, kinds, rows, min_block)
    if start is None:
        return frozenset(out)
    # The body's words are read only when a line of the window can be the headline (on the generated
    # corpus, half of the pages have none): they were half of the layout's time there.
    body_words: set[str] | None = None
    best: tuple[float, int] | None = None
    window = rows[max(0, start - HEAD_OVERLAP_ROWS) : start]
    for pos, i in enumerate(window):
        if kinds[i] is not Kind.LABEL or len(doc.lines[i].text.split()) < 3:
            continue
        if body_words is None:
            body_words = long_words(doc, (j for j in rows[start : start + 8] if kinds[j] is Kind.TEXT))
        words = long_words(doc, (i,))
        shared = len(words & body_words)
        if shared >= 2 and shared >= len(words) / 2 and (best is None or shared / len(words) >= best[0]):
            best = (shared / len(words), pos)
    if best is not None:
        pos = best[1]
        out.add(window[pos])
        nxt = window[pos + 1] if pos + 1 < len(window) else None
        if (
            nxt is not None
            and kinds[nxt] is Kind.LABEL
            and _BYLINE.search(doc.lines[nxt].text.strip(), timeout=PATTERN_TIMEOUT)
        ):
            out.add(nxt)
        return frozenset(out)
    before = rows[max(0, start - HEAD_SEARCH_ROWS) : start]
    for pos in range(len(before) - 1, -1, -1):
        i = before[pos]
        text = doc.lines[i].text.strip()
        if kinds[i] is Kind.LABEL and (len(text.split()) >= 3 or (" " not in text and len(text) >= 15)):
            out.update(r for r in before[pos:] if kinds[r] is Kind.LABEL)
            break
    return frozenset(out)


def _body_start(doc: PreparedDocument, kinds: tuple[Kind, ...], rows: list[int], min_block: int) -> int | None:
    """Position in ``rows`` of the first line of the sentence-line cluster holding the most text."""
    best: tuple[int, int] | None = None  # (characters, position of the first row)
    first: int | None = None
    chars = 0
    gap = 0
    for pos, i in enumerate(rows):
        if kinds[i] is Kind.TEXT:
            if first is None:
                first, chars = pos, 0
            chars += len(doc.lines[i].text)
            gap = 0
            continue
        gap += 1
        if first is not None and gap >= min_block:
            if best is None or chars > best[0]:
                best = (chars, first)
            first = None
    if first is not None and (best is None or chars > best[0]):
        best = (chars, first)
    return best[1] if best is not None else None


def _introduced_list(doc: PreparedDocument, kinds: tuple[Kind, ...], rows: list[int], j: int, k: int) -> bool:
    """True when the run ``rows[j:k]`` is a list that the article's sentence right before it announces.

    A sentence line ending in a colon ("You will need:", "The results:") introduces the short lines that
    follow it; navigation does not follow prose that way. A run holding navigation or widget lines is
    never taken for such a list. A code listing between the sentence and the run is passed over: the
    sentence announced both (``kinds``' :attr:`Kind.CODE` lines ended the run where the listing stood).
    """
    before = j
    while before > 0 and kinds[rows[before - 1]] is Kind.CODE:
        before -= 1
    if before == 0 or kinds[rows[before - 1]] is not Kind.TEXT:
        return False
    if not doc.lines[rows[before - 1]].text.rstrip().endswith(":"):
        return False
    return not any(kinds[i] in NAVLIKE_LABELS for i in rows[j:k])


#: How a sentence line ends (closing quotes and brackets may follow).
_SENTENCE_ENDS = (".", "!", "?", "…", ":", ";")
#: What no headline ends with.
_HEADLINE_ENDS = (*_SENTENCE_ENDS, ",")
_CLOSERS = "\"'”’»)]"
#: A teaser's blurb is at most this long; an article's paragraph is often longer.
BLURB_MAX_CHARS = 300
#: A sentence end inside a line: the line holds more than one sentence.
_INNER_SENTENCE_END = lazy_compile(r"[.!?…][\"'”’»)\]]*\s+[\"'“‘«(]?\p{Lu}", FLAGS)


def is_blurb(text: str) -> bool:
    """A line short enough for a teaser's blurb, date or byline: at most ``BLURB_MAX_CHARS`` characters and
    one sentence. An article's paragraph is longer or has several sentences."""
    stripped = text.strip()
    return len(stripped) <= BLURB_MAX_CHARS and _INNER_SENTENCE_END.search(stripped, timeout=PATTERN_TIMEOUT) is None


def is_headline_shaped(text: str, min_words: int = 5, max_words: int = 25) -> bool:
    """A headline: ``min_words`` to ``max_words`` words (or 15-120 characters in a script without spaces),
    and no sentence punctuation at its end."""
    stripped = text.strip()
    if not stripped or stripped.rstrip(_CLOSERS).endswith(_HEADLINE_ENDS):
        return False
    words = len(stripped.split())
    if words == 1:
        return 15 <= len(stripped) <= 120
    return min_words <= words <= max_words and len(stripped) <= 200


#: A cluster of sentence lines at least this share of the largest one's text is more of the article.
ARTICLE_PART_SHARE = 0.25


def article_body(doc: PreparedDocument, min_block: int = 3) -> tuple[int, int] | None:
    """Line indexes of the first and last line of the article body: from the cluster of sentence lines
    holding the most text to the last cluster after it holding at least ``ARTICLE_PART_SHARE`` as much (an
    article that a picture, a fact box or a "continue reading" link splits goes on after it).

    A sentence line is a text line (not a label) that ends like a sentence and is not a teaser's blurb (one
    short sentence right after a headline-shaped line), so a teaser list does not join the article (lines
    are judged by their shape, a code listing's too: :attr:`Layout.shapes`); clusters are split by runs of ``min_block`` or more other lines, as navigation blocks are. A page
    without a sentence line is all body (a table, a list), as it has no navigation blocks; an empty one has
    none.

    Lines inside it belong to the article's text even when they are short or repeat (a table, the fields
    of a list's entries); the same lines in a teaser list or a footer lie outside it.
    """
    return per_document(doc, f"analysis:article-body:{min_block}", lambda: _article_body(doc, min_block))


def _article_body(doc: PreparedDocument, min_block: int) -> tuple[int, int] | None:
    """:func:`article_body`, computed (PL201 and PL209 both ask for it: kept on the document)."""
    kinds = layout(doc, min_block).shape_kinds
    rows = [i for i, kind in enumerate(kinds) if kind is not Kind.BLANK]
    texts = [doc.lines[i].text.strip() for i in rows]
    sentence = [
        kinds[i] is Kind.TEXT
        and texts[pos].rstrip(_CLOSERS).endswith(_SENTENCE_ENDS)
        and not (pos > 0 and is_headline_shaped(texts[pos - 1]) and is_blurb(texts[pos]))
        for pos, i in enumerate(rows)
    ]
    if not any(sentence):
        return (rows[0], rows[-1]) if rows else None
    clusters: list[tuple[int, int, int]] = []  # (characters, first row, last row) as positions in rows
    first: int | None = None
    last = chars = 0
    for pos in range(len(rows)):
        if sentence[pos]:
            if first is None:
                first, chars = pos, 0
            chars += len(texts[pos])
            last = pos
        elif first is not None and pos - last >= min_block:
            clusters.append((chars, first, last))
            first = None
    if first is not None:
        clusters.append((chars, first, last))
    best = max(range(len(clusters)), key=lambda c: (clusters[c][0], -c))
    end = clusters[best][2]
    for size, _, cluster_last in clusters[best + 1 :]:
        if size >= ARTICLE_PART_SHARE * clusters[best][0]:
            end = cluster_last
    return rows[clusters[best][1]], rows[end]
