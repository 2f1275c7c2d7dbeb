from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from ...analyses.code_listings import code_lines, listing_captions
from ...analyses.page_layout import article_body
from ...analyses.page_lines import (
    headline_repeats,
    is_label,
    is_navigation,
    is_widget,
    line_key,
    line_keys,
    lines_of,
    navigation_labels,
    widget_labels,
)
from ...model import Category, Finding, Severity
from ...prepare import PreparedDocument
from ...rule import DocumentRule
from .paragraph_keys import repeated_paragraphs

__all__ = ["RepeatedLine", "line_key"]

#: Share of the gaps between copies of a template field that must hold one copy of another field.
ALTERNATION = 0.8
#: Non-blank lines after the article body's last sentence that still belong to its last record.
_TAIL_ROWS = 2


class RepeatedLine(DocumentRule):
    """
    ## What it does
    Reports every line that repeats an earlier line of the same document,
    compared with whitespace folded and case ignored. Lines shorter than
    ``min-chars`` characters are passed over. Repeats that a more specific
    rule reports are left to it: a repeated headline (PL202) and the lines of
    a repeated multi-line paragraph (PL204). A sentence-length line (at least
    ``prose-words`` words) whose first copy stands between short label lines
    and whose later copy has other neighbours is passed over too: that is an
    article's lead shown first in a teaser box and then in the body, and the
    later copy is the article text. Boilerplate repeats bring their
    surroundings along (a footer, a widget), sit right after the first copy,
    or interrupt the prose both times (a newsletter promotion).

    Content lines that legitimately repeat are passed over as well: the
    fields of the article's own records. Such a line recurs at least
    ``item-repeats`` times (page boilerplate is copied once or twice, not
    once per record), is no navigation or widget label, and either
    alternates with another such line (one copy of it between each two of
    its own, allowing for a record that skips a field: the questions of an
    interview put to each person in turn, a table's row labels repeated per
    block) or has every copy inside the article body, the
    cluster of sentence lines holding the most text (a list entry's
    "Available from ..."). A byline or date repeated over a teaser list is
    neither and is reported. The lines of a code listing (an HTML page's
    ``<pre>``, a fenced or plainly code-shaped block of plain text) are
    article text and never reported: a tutorial's successive examples repeat
    their lines. The fix deletes the repeat.

    ## Why it matters
    Scrapers and syndication pipelines duplicate widgets, teasers and
    headlines. Repeats inflate the document, bias training data toward
    boilerplate and read as sloppy to a human reader.

    ## Example
    ```
    No time to read?        <- line 3
    Get a summary
    ...
    No time to read?        <- line 16: PL201 repeats line 3
    ```
    """

    code = "PL201"
    name = "repeated-line"
    category = Category.DUPLICATION
    severity = Severity.WARNING
    summary = "A line repeats an earlier line of the same document."
    options = {"min_chars": 10, "prose_words": 20, "item_repeats": 3}
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        min_chars = int(self.opts["min_chars"])
        prose_words = int(self.opts["prose_words"])
        item_repeats = int(self.opts["item_repeats"])
        keys = line_keys(doc)
        # Only a line whose key occurs twice can repeat or be repeated: the others are never looked at
        # (counted in C; most pages repeat a few dozen of their lines at most).
        repeated = _repeated_lines(keys, min_chars)
        if not repeated:
            return
        # A tutorial's successive examples repeat their code lines: article text, never reported. They still
        # count as copies (a listing's caption alternates with its first line: a template field, passed over).
        code = code_lines(doc)
        captions = listing_captions(doc)  # "Erroneous code example:" before each listing: article text
        lines = doc.lines
        first_seen: dict[str, int] = {}
        skip: set[int] | None = None
        items: set[str] | None = None
        for index in repeated:
            line = lines[index]
            stripped = line.text.strip()
            if len(stripped) < min_chars:
                continue
            key = keys[index]
            if key not in first_seen:
                first_seen[key] = index
                continue
            if index in code or index in captions:
                continue
            if skip is None:  # only documents with a repeat pay for this
                skip = set(headline_repeats(doc)) | lines_of(doc, [p for p, _ in repeated_paragraphs(doc)])
            if index in skip:
                continue
            if items is None:
                counted = _counted_positions(doc, repeated, min_chars, item_repeats)
                items = _recurring_items(doc, counted, item_repeats)
            if key in items:
                continue
            if len(stripped.split()) >= prose_words and _lead_repeat(doc, first_seen[key], index, key):
                continue
            lead = len(line.text) - len(line.text.lstrip())
            yield self.finding(
                doc,
                line.start + lead,
                line.start + lead + len(stripped),
                f"line repeats line {first_seen[key] + 1}",
                fix=self.delete_line_fix(doc, index, "delete the repeated line"),
            )


def _repeated_lines(keys: Sequence[str], min_chars: int) -> list[int]:
    """Indexes of the lines whose key occurs on another line too, in order; blank lines (key "") only
    when ``min_chars`` lets them count."""
    twice = {key for key, n in Counter(keys).items() if n > 1 and (key or min_chars <= 0)}
    if not twice:
        return []
    return [i for i, key in enumerate(keys) if key in twice]


def _counted_positions(
    doc: PreparedDocument, repeated: list[int], min_chars: int, item_repeats: int
) -> dict[str, list[int]]:
    """The lines of each key among lines of at least ``min_chars`` characters (stripped), in order.

    A key needs ``item_repeats`` lines to be a record field, so when that is two or more only the
    ``repeated`` lines can matter; with one, every line counts (and is looked at).
    """
    keys = line_keys(doc)
    lines = doc.lines
    indexes = repeated if item_repeats >= 2 else range(len(lines))
    positions: dict[str, list[int]] = {}
    for i in indexes:
        if len(lines[i].text.strip()) >= min_chars:
            positions.setdefault(keys[i], []).append(i)
    return positions


def _neighbours(doc: PreparedDocument, index: int) -> tuple[str | None, str | None]:
    """The nearest non-blank lines before and after line ``index`` (stripped)."""
    lines = doc.lines
    before = next((lines[i].text.strip() for i in range(index - 1, -1, -1) if not lines[i].is_blank), None)
    after = next((lines[i].text.strip() for i in range(index + 1, len(lines)) if not lines[i].is_blank), None)
    return before, after


def _lead_repeat(doc: PreparedDocument, first: int, index: int, key: str) -> bool:
    """True when line ``first`` stands among short labels (a teaser) and its copy at ``index`` (both
    with line key ``key``) elsewhere.

    The copy must not follow the first copy directly (a doubled line) and neither of its neighbours may
    match the first copy's (a block repeated with its surroundings, such as a footer).
    """
    first_before, first_after = _neighbours(doc, first)
    if not all(text is None or is_label(text) for text in (first_before, first_after)):
        return False
    before, after = _neighbours(doc, index)
    keys = [None if text is None else line_key(text) for text in (first_before, first_after, before, after)]
    if keys[2] == key:
        return False
    return keys[2] != keys[0] and keys[3] != keys[1]


def _recurring_items(doc: PreparedDocument, positions: dict[str, list[int]], item_repeats: int) -> set[str]:
    """Keys of repeated lines that are fields of the article's own records rather than copied boilerplate.

    Such a line recurs at least ``item_repeats`` times (page boilerplate is copied once or twice, header
    and footer, not once per record) and is no navigation or widget label. Then either it is one field of
    a template: another such line falls between its copies, once in each gap (``ALTERNATION`` of them:
    a record may skip a field), like each question of an interview put to every interviewee in turn or
    the row labels of a table repeated per block; or every copy lies
    inside the article body (:func:`~provlint.analyses.page_layout.article_body`, with the two lines
    after its last sentence: a list entry's "Available from ..."). A byline or a date repeated over a teaser list is neither.
    ``positions``: the lines of each key counted (:func:`_counted_positions`).
    """
    nav, widgets = navigation_labels(), widget_labels()
    candidates = {
        key: where
        for key, where in positions.items()
        if len(where) >= item_repeats
        and not is_navigation(text := doc.lines[where[0]].text.strip(), nav)
        and not is_widget(text, widgets)
    }
    if not candidates:
        return set()
    out = _template_fields(candidates)
    body = article_body(doc)
    if body is not None:
        # The body's last record may end in a field or two after its last sentence.
        rows_after = [line.index for line in doc.lines[body[1] + 1 :] if not line.is_blank][:_TAIL_ROWS]
        end = rows_after[-1] if rows_after else body[1]
        out.update(key for key, where in candidates.items() if body[0] <= where[0] and where[-1] <= end)
    return out


def _template_fields(candidates: dict[str, list[int]]) -> set[str]:
    """The keys that alternate with another key (:func:`_alternates`); ``candidates``: each key's lines, ascending.

    Trying every pair of keys was quadratic in the keys (a page of a thousand lines each repeated where it
    stands: a million tries for no field), and so was trying every key inside a key's span (a block of lines
    followed by the same lines each doubled). A key alternates with another when ``ALTERNATION`` of its gaps
    hold exactly one copy of it: ``need`` gaps of its ``gaps``, so the partner may be missing from at most
    ``gaps - need`` of them and must be in at least one of any ``gaps - need + 1``. Each key therefore tries only
    the keys of its ``gaps - need + 1`` shortest gaps (one gap for up to four copies), each key once, and stops
    at the first that alternates: a field's neighbour in the template usually does. A key with one copy has
    no gap and alternates with any other (only when ``item-repeats`` lets a field occur once).
    """
    lines = sorted((line, key) for key, where in candidates.items() for line in where)
    starts = [line for line, _ in lines]
    out: set[str] = set()
    for a, where in candidates.items():
        gaps = len(where) - 1
        if gaps < 1:
            if len(candidates) > 1:
                out.add(a)
            continue
        need = math.ceil(ALTERNATION * gaps)  # as _alternates compares: held >= ALTERNATION * gaps
        shortest = sorted(sorted(range(gaps), key=lambda g: where[g + 1] - where[g])[: gaps - need + 1])
        if any(_alternates(where, candidates[b]) for b in _keys_inside(lines, starts, where, shortest, a)):
            out.add(a)
    return out


def _keys_inside(
    lines: list[tuple[int, str]], starts: list[int], where: list[int], gaps: list[int], own: str
) -> Iterator[str]:
    """The keys of the lines inside gaps ``gaps`` of ``where`` (gap ``g``: between copies ``g`` and ``g + 1``),
    in line order, each once, ``own`` left out; ``lines``: every candidate line as (line, key), ``starts`` their
    lines."""
    seen = {own}
    for g in gaps:
        for i in range(bisect_right(starts, where[g]), bisect_left(starts, where[g + 1])):
            key = lines[i][1]
            if key not in seen:
                seen.add(key)
                yield key


def _alternates(first: list[int], second: list[int]) -> bool:
    """True when at least ``ALTERNATION`` of the gaps between consecutive copies of one line hold exactly one
    copy of another: two fields of one record template (a form filled in once per record, where a record
    may skip a field or word it a little differently)."""
    gaps = len(first) - 1
    held = sum(bisect_left(second, b) - bisect_right(second, a) == 1 for a, b in zip(first, first[1:]))
    return held >= ALTERNATION * gaps
