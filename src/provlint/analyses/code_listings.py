"""Code listings inside a page's text: article content that looks like page furniture.

A tutorial's code repeats lines across its successive examples (``fn main() {``), holds lone braces and
numbers, recurs across a site's pages and quotes HTML literally (``<head>``). Rules that judge lines as layout,
boilerplate or markup take such lines for scraping residue; they ask :func:`code_lines` and pass the lines of a
listing over.

A listing is known from the page's structure when the reader had it: the lines an HTML page had inside
``<pre>`` (the HTML and WARC readers record each line's block element, :mod:`.line_structure`). Plain text
(text files, JSON Lines, Parquet) is searched by a precision-first detector, decided per block and never per
line, so that prose is never taken for code:

- a fenced block: a line opening with ```` ``` ```` or ``~~~`` up to the next bare fence of the same kind,
  fences included (an unclosed fence is no block, and neither is a "block" most of whose lines are prose: a
  stray fence paired across paragraphs, after which the closing fence opens the block);
- a run of code lines: lines whose syntax is unmistakably code (a :func:`code_line`: ends in ``;``/``{``/``}``
  with code punctuation, only closing brackets, a keyword line ending in ``:``, an indented line with code
  punctuation), joined across at most :data:`MAX_GAP` lines that may sit inside code (blank lines, comments,
  short lines with code punctuation; :func:`inner_line`). A run is a listing when it holds at least
  :data:`MIN_CODE_LINES` code lines and they are at least half of its non-blank lines. A line that reads as
  prose (:func:`prose_line`) is neither a code line nor an inner line, so it ends a run.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..lazy_pattern import lazy_compile
from ..patterns import PATTERN_TIMEOUT
from ..prepare import PreparedDocument
from .line_structure import line_structure
from .per_document import per_document

#: The block elements whose lines are preformatted text: a listing (HTML readers' line tags).
PRE_TAGS = frozenset(("pre", "listing", "xmp", "plaintext"))
#: Fewest code lines a run needs to be a listing (one brace or one ``x = f(y);`` line proves nothing).
MIN_CODE_LINES = 2
#: Most lines between two code lines of one run (blank lines, comments, short statements).
MAX_GAP = 4

#: Longest line of a listing: code is written to be read (style guides keep it under 80-120 characters);
#: a longer line with code's syntax is a leaked, minified script (page furniture), not an article's listing.
MAX_LINE_CHARS = 160
#: The last characters of a line that may be a code line (ending in ``;``, ``{``, ``}`` or ``:``, perhaps
#: followed by spaces) and its possible first characters (indented): no other line is looked at.
_LAST_CHARS = frozenset(";{}: \t")
_INDENTS = frozenset(" \t")
#: What a fence line starts with (then perhaps a language name).
_FENCES = ("```", "~~~")
#: Punctuation that code has and a sentence rarely does: calls, indexing, assignment, paths, arrows, blocks.
_OTHER_CODE_PUNCT = r"::|->|=>|\w\.\w+\(|&&|\|\||\+\+|\w_\w"
_CODE_PUNCT = lazy_compile(r"[()\[\]{}=<>]|" + _OTHER_CODE_PUNCT)
#: The same without braces: what a line ending in a brace must hold besides its braces (a template's
#: ``{* field *}`` and ``{{ name }}`` are page furniture, not code).
_CODE_PUNCT_NO_BRACES = lazy_compile(r"[()\[\]=<>]|" + _OTHER_CODE_PUNCT)
#: A line of template tags only (``{* field *}``, ``{{ name }}``, ``{% block %}``): an unrendered page
#: template's furniture, never a listing's line.
_TEMPLATE_TAGS = lazy_compile(r"(?:\{([*{%#]).*?[*}%#]\}\s*)+")
#: Keywords that open a block ending a line with ``{`` (C, Java, JavaScript, Rust, Go, ...).
_BRACE_KEYWORDS = frozenset(
    """fn impl struct enum trait mod match if else for while loop do switch try catch finally class interface
    function namespace unsafe union extern pub impl<""".split()
)
#: A plain word of prose: letters, perhaps with an apostrophe or hyphen, with its punctuation around it.
_PLAIN_WORD = lazy_compile(r"[\"'“‘(]?[^\W\d_]+(?:['’-][^\W\d_]+)*[\"'”’)]*[,.;:!?…]*[\"'”’)]*")
#: Keywords that open a block in languages whose blocks end a line with a colon (Python).
_COLON_KEYWORDS = frozenset("def class if elif else for while with try except finally async match case".split())
#: Words that open a statement ending in ``;`` without any other punctuation (``return i;``, ``break;``).
_STATEMENT_KEYWORDS = frozenset("return break continue goto throw yield let var const use import package".split())
#: What a preprocessor line or an attribute starts with (C, C++, Rust, C#).
_DIRECTIVES = ("#include", "#define", "#ifdef", "#ifndef", "#endif", "#pragma", "#[", "#![")
#: A comment line of the common languages.
_COMMENT_STARTS = ("//", "/*", "*/", "# ", "#!", "--", "<!--")
#: A line of closing brackets, perhaps with a separator (``}``, ``});``, ``],``).
_CLOSERS = lazy_compile(r"[}\])]+[;,)]*")
#: Markdown's inline code span (a name between backticks, on one line): a word of the sentence around it.
_INLINE_CODE = lazy_compile(r"`[^`\n]+`")
#: A list item's marker at the start of a stripped line (``- ``, ``* ``, ``+ ``, ``1. ``, ``2) ``).
_LIST_MARKER = lazy_compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")
#: Most words a prose line may have without being read as prose regardless of its punctuation.
_PROSE_MIN_WORDS = 5
#: Share of a line's words that are plain words for it to read as prose.
_PROSE_WORD_SHARE = 0.75


def prose_line(text: str) -> bool:
    """A line that reads as prose: at least five words, three in four of them plain words."""
    words = text.split()
    if len(words) < _PROSE_MIN_WORDS:
        return False
    plain = sum(1 for word in words if _PLAIN_WORD.fullmatch(word, timeout=PATTERN_TIMEOUT))
    return plain >= _PROSE_WORD_SHARE * len(words)


def code_line(text: str) -> bool:
    """A line whose syntax is unmistakably code (see the module's docstring); never a prose line.

    The shape is tested first and the prose test (a pattern per word) last, only for lines of code's
    shape: most lines looked at are sentences ending in a colon or a semicolon, settled by their shape.
    """
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_LINE_CHARS:
        return False
    return _code_shaped(text, stripped) and not prose_line(stripped)


def _code_shaped(text: str, stripped: str) -> bool:
    """:func:`code_line` without its prose test (``stripped``: ``text`` stripped, not empty).

    A trailing line comment (``let apples = 5; // immutable``) is left out first; a preprocessor line or an
    attribute (``#include <stdio.h>``, ``#[derive(Debug)]``) is code whatever it ends in.
    """
    if " //" in stripped:
        stripped = stripped.split(" //", 1)[0].rstrip()
        if not stripped:
            return False
    if stripped.startswith(_DIRECTIVES):
        return True
    last = stripped[-1]
    if stripped[0] in "})]" and _CLOSERS.fullmatch(stripped, timeout=PATTERN_TIMEOUT):
        return True
    if last == "{" or last == "}":
        if last == "}" and _TEMPLATE_TAGS.fullmatch(stripped, timeout=PATTERN_TIMEOUT):
            return False
        if _CODE_PUNCT_NO_BRACES.search(stripped, timeout=PATTERN_TIMEOUT) is not None:
            return True
        return last == "{" and stripped.lstrip("} ").split(None, 1)[0] in _BRACE_KEYWORDS
    if last == ";":
        if _CODE_PUNCT.search(stripped, timeout=PATTERN_TIMEOUT) is not None:
            return True
        # ``return i;``, ``break;``: a statement keyword first, or the indentation of a block's body.
        return stripped.split(None, 1)[0].rstrip(";") in _STATEMENT_KEYWORDS or text.startswith(("    ", "\t"))
    if last == ":":
        first = stripped.split(None, 1)[0].rstrip(":")
        return first in _COLON_KEYWORDS and (first in ("else", "try", "finally") or len(stripped.split()) > 1)
    if text.startswith(("    ", "\t")):
        return _CODE_PUNCT.search(stripped, timeout=PATTERN_TIMEOUT) is not None
    return False


def inner_line(text: str) -> bool:
    """A line that may sit between two code lines of one listing: blank, a comment, or a line that is not
    prose and has code punctuation or ends in a comma (a call's argument, a struct's field)."""
    stripped = text.strip()
    if not stripped:
        return True
    if len(stripped) > MAX_LINE_CHARS:
        return False
    if stripped.startswith(_COMMENT_STARTS):
        return True
    if prose_line(stripped):
        return False
    return stripped.endswith(",") or _CODE_PUNCT.search(stripped, timeout=PATTERN_TIMEOUT) is not None


def find_listings(text: str) -> tuple[tuple[int, int], ...]:
    """The code listings of ``text`` as (first, last) line indexes (0-based, inclusive), in order, found
    from the text alone (fenced blocks, runs of code lines)."""
    lines = text.split("\n")
    fenced = _fenced(lines) if "```" in text or "~~~" in text else ()
    runs = _runs(lines)
    if not fenced:
        return runs
    if not runs:
        return fenced
    # A run overlapping a fenced block is inside it or touches it: the fence decides.
    inside = [r for r in runs if not any(a <= r[1] and r[0] <= b for a, b in fenced)]
    return tuple(sorted([*fenced, *inside]))


def _fence(line: str) -> str | None:
    """The fence a line opens or closes with (```` ``` ```` or ``~~~``, indented by at most three spaces)."""
    body = line.lstrip(" \t")
    mark = body[:3]
    if mark in _FENCES and len(line) - len(body) <= 3:
        return mark
    return None


def _fenced(lines: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Fenced blocks: an opening fence up to the next bare fence of the same characters."""
    out: list[tuple[int, int]] = []
    opening: tuple[int, str] | None = None
    for index, line in enumerate(lines):
        mark = _fence(line)
        if mark is None:
            continue
        if opening is None:
            opening = (index, mark)
        elif mark == opening[1] and line.strip().strip(mark[0]) == "":
            if _mostly_prose(lines, opening[0] + 1, index):
                # A stray fence (an extractor's leftover ``` in a table cell) paired with the next one across
                # paragraphs: the closing fence opens the real block instead.
                opening = (index, mark)
            else:
                out.append((opening[0], index))
                opening = None
    return tuple(out)


def _mostly_prose(lines: Sequence[str], first: int, end: int) -> bool:
    """True when more than half of the non-blank lines ``first..end-1`` read as prose: :func:`prose_line`,
    without a comment marker or a statement's end (``use std; // the standard library`` is a commented line
    of code, whose words read as prose)."""
    filled = [line for line in lines[first:end] if line.strip()]
    return 2 * sum(1 for line in filled if _fenced_prose(line)) > len(filled)


def _fenced_prose(line: str) -> bool:
    stripped = line.strip()
    if "//" in stripped or "/*" in stripped or stripped.startswith("#") or stripped.endswith((";", "{", "}")):
        return False
    if "`" in stripped:
        # Markdown's inline code is a word of a sentence: a list item "- Run Cargo with `-Z codegen-backend`"
        # is prose, and a stray fence paired across such a list must not make it a listing.
        item = _LIST_MARKER.sub("", stripped, count=1, timeout=PATTERN_TIMEOUT)
        stripped = _INLINE_CODE.sub("code", item, timeout=PATTERN_TIMEOUT)
    return prose_line(stripped)


def _runs(lines: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Runs of code lines that hold enough code lines to be a listing (see the module's docstring).

    Only lines ending in one of :data:`_LAST_CHARS` or starting with a space or tab can be code lines: one
    comprehension over the lines picks them (a regular expression over the whole text was four times
    slower), and :func:`code_line` decides those few.
    """
    ends, starts = _LAST_CHARS, _INDENTS
    code = [i for i, line in enumerate(lines) if (line[-1:] in ends or line[:1] in starts) and code_line(line)]
    if len(code) < MIN_CODE_LINES:
        return ()
    out: list[tuple[int, int]] = []
    first = last = code[0]
    count = 1
    for index in code[1:]:
        if index - last - 1 <= MAX_GAP and all(inner_line(lines[i]) for i in range(last + 1, index)):
            last = index
            count += 1
            continue
        _keep(lines, first, last, count, out)
        first = last = index
        count = 1
    _keep(lines, first, last, count, out)
    return tuple(out)


def _keep(lines: Sequence[str], first: int, last: int, count: int, out: list[tuple[int, int]]) -> None:
    """Add the run ``first..last`` of ``count`` code lines to ``out`` when it is a listing."""
    if count < MIN_CODE_LINES:
        return
    filled = sum(1 for i in range(first, last + 1) if lines[i].strip())
    if 2 * count >= filled:
        out.append((first, last))


def code_lines(doc: PreparedDocument) -> frozenset[int]:
    """Indexes of the lines of ``doc`` inside a code listing: the ``<pre>`` lines of a page whose reader
    knew its structure, else the lines of the listings :func:`find_listings` finds. Computed once per
    document; empty for most documents."""
    return per_document(doc, "analysis:code-lines", lambda: _code_lines(doc))


def _code_lines(doc: PreparedDocument) -> frozenset[int]:
    structure = line_structure(doc)
    if structure is not None:
        tags = structure.tags
        if len(tags) == len(doc.lines):
            return frozenset(i for i, tag in enumerate(tags) if tag in PRE_TAGS)
    listings = find_listings(doc.text)
    return frozenset(i for first, last in listings for i in range(first, last + 1))


def listing_captions(doc: PreparedDocument) -> frozenset[int]:
    """Indexes of the lines of ``doc`` that introduce a code listing: a short line ending in a colon directly
    before a listing's first line (at most one blank line between), as a sentence ending in a colon
    introduces a list ("Erroneous code example:", "And then run it:").

    Such a line recurs before every listing of a tutorial and across a site's pages, yet it is article text:
    the rules that judge recurring lines as boilerplate (PL201, PL207) pass it over. A caption without the
    colon ("Filename: src/main.rs") is not told from a copy button's label ("Copy code") and stays counted.
    """
    return per_document(doc, "analysis:listing-captions", lambda: _captions(doc))


#: Most words of a caption: a label or a short clause, not a paragraph ending in a colon.
MAX_CAPTION_WORDS = 8


def _captions(doc: PreparedDocument) -> frozenset[int]:
    code = code_lines(doc)
    if not code:
        return frozenset()
    lines = doc.lines
    out: set[int] = set()
    for first in code:
        if first - 1 in code:
            continue  # not a listing's first line
        before = first - 1
        if before >= 1 and not lines[before].text.strip() and before - 1 not in code:
            before -= 1  # one blank line between the caption and its listing
        if before < 0 or before in code:
            continue
        text = lines[before].text.strip()
        if text.endswith(":") and len(text.split()) <= MAX_CAPTION_WORDS:
            out.add(before)
    return frozenset(out)


def inside_listing(doc: PreparedDocument, start: int, end: int) -> bool:
    """True when the text ``start..end`` of ``doc`` lies wholly on lines of code listings.

    Rules that judge text as page furniture or prose ask this just before they report, so that a listing's
    ``image: rust:latest`` is no picture credit and its ``[source]`` no placeholder; the listings are looked
    for only then, on the few documents with a finding.
    """
    code = code_lines(doc)
    if not code:
        return False
    first = doc.line_of(start)
    last = doc.line_of(max(end - 1, start))
    return all(i in code for i in range(first, last + 1))
