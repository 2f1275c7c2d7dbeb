from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

from ...analyses.code_listings import code_lines as listing_lines
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT, finditer_each
from ...prepare import PreparedDocument
from ...rule import DocumentRule
from .text_shape import looks_like_code

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(_SUPERSCRIPTS, "0123456789")
# Citation markers: [3] (each of [3][5] separately); [a] attached to the text
# before it ("relations.[a]"); superscript digits attached to a word of three
# or more lower-case letters or to punctuation after one ("relations.³",
# "claimed²"), but not to a number, a short unit ("10²", "km²") or the
# accented letters of mis-decoded text ("Çé¹").
_MARKER = lazy_compile(
    r"\[(?P<num>[1-9]\d{0,2})\](?!\s*[=(])"
    r"|(?<=[\p{L}.,;:)\"”’])\[(?P<letter>[a-z])\](?![\w=(\[.])"
    rf"|(?:(?<=[a-z]{{3}})|(?<=[a-z][.,;:)\"”’]))(?P<sup>[{_SUPERSCRIPTS}]{{1,3}})(?![\p{{L}}\d{_SUPERSCRIPTS}])"
)
# A heading that opens a reference list.
_HEADING_WORDS = ("reference", "notes", "sources", "bibliography", "works cited", "citations")
_REFERENCE_HEADING = lazy_compile(
    r"^\s*(?:#+\s*)?(?:references?|notes|footnotes|endnotes|sources|bibliography|works cited|citations)\s*:?\s*$",
    regex.IGNORECASE,
)
# The label that opens a reference entry: "[3] ...", "3. ...", "3) ...", "³ ...", "[a] ...", "^ ...".
_ENTRY = lazy_compile(rf"^\s*(?:\[(?P<b>\d{{1,3}}|[a-z])\]|(?P<n>\d{{1,3}})[.)]|(?P<s>[{_SUPERSCRIPTS}]{{1,3}}))\s*\S")
_BRACKET_ENTRY = lazy_compile(r"^\s*\[(?:\d{1,3}|[a-z])\]\s+\S")


@dataclass(frozen=True)
class _Marker:
    start: int
    end: int
    label: str  # "3" or "a": what a reference entry is keyed by
    shown: str  # "[3]", "[a]", "³": how the message shows it


class DanglingCitationMarker(DocumentRule):
    """
    ## What it does
    Checks citation markers against the document's reference list. Markers
    are ``[3]`` (each of ``[3][5]`` separately), ``[a]`` attached to the
    preceding text, and superscript digits attached to a word or closing
    punctuation (``relations.³``, but not ``10²`` or ``km²``). A reference
    list is a "References", "Notes", "Sources" (or similar) heading, or lines
    that open with ``[N]``. With no list, every marker is reported and the fix
    deletes it. With a list whose entries are labelled (``[3] ...``,
    ``3. ...``, ``³ ...``), markers whose label has no entry are reported,
    and so are entries no marker cites (when some marker does cite an
    entry). Lines that read as program code or sit in a code listing (an
    HTML page's ``<pre>``, a fenced or plainly code-shaped block of plain
    text: ``v[1]`` is an index) are skipped. Each marker is its
    own finding.

    ## Why it matters
    Markers without references are the residue of text copied from a source
    that had them (an encyclopedia, a generated answer with sources). They
    promise evidence that the document does not carry. A marker with no
    entry, or an entry nobody cites, shows the list and the text were cut
    apart.

    ## Example
    ```
    They aim to deepen their cooperation on defense [3].
    ```
    with no reference list gives ``PL301 citation marker [3] has no reference list``.
    """

    code = "PL301"
    name = "dangling-citation-marker"
    category = Category.ATTRIBUTION
    severity = Severity.WARNING
    summary = "A citation marker like [3] points to a reference list (or entry) the document does not have."
    options = {"report_uncited_entries": True}
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        text = doc.text
        if "[" not in text and not any(c in text for c in _SUPERSCRIPTS):
            return
        heading = _reference_heading(doc)
        entries = _entries(doc, heading)
        section_start = doc.lines[heading].start if heading is not None else None
        entry_lines = {line for line, _, _, _ in entries}
        markers = [
            m
            for m in _markers(text)
            if (section_start is None or m.start < section_start) and doc.line_of(m.start) not in entry_lines
        ]
        listing = listing_lines(doc)  # a listing's ``v[1]`` is an index, not a citation
        code_lines = {
            i for i in {doc.line_of(m.start) for m in markers} if i in listing or looks_like_code(doc.lines[i].text)
        }
        markers = [m for m in markers if doc.line_of(m.start) not in code_lines]
        if heading is None and not entries:
            for m in markers:
                yield self._no_list(doc, m)
            return
        if not entries:
            return  # an unlabelled list: the markers cannot be checked against it
        labels = {label for _, label, _, _ in entries}
        cited: set[str] = set()
        for m in markers:
            cited.add(m.label)
            if m.label not in labels:
                yield self.finding(doc, m.start, m.end, f"citation marker {m.shown} has no entry in the reference list")
        # Entries are only "never cited" when the text demonstrably cites with
        # markers we read; a list cited as "(Smith 2010)" is none of our business.
        if self.opts["report_uncited_entries"] and cited & labels:
            for _, label, start, end in entries:
                if label not in cited:
                    yield self.finding(doc, start, end, f"reference [{label}] is never cited")

    def _no_list(self, doc: PreparedDocument, m: _Marker) -> Finding:
        text = doc.text
        fix_start = (
            m.start - 1
            if m.start > 0 and text[m.start - 1] == " " and text[m.start - 2 : m.start - 1] != "]"
            else m.start
        )
        return self.finding(
            doc,
            m.start,
            m.end,
            f"citation marker {m.shown} has no reference list",
            fix=self.delete_fix(doc, fix_start, m.end, f"delete citation marker {m.shown}"),
        )


def _reference_heading(doc: PreparedDocument) -> int | None:
    """The index of the first line that reads as a reference list's heading.

    A page without any of the heading's words (case-folded: a superset of what the pattern's
    case-insensitive match accepts) has none, and its lines are not tried one by one.
    """
    folded = doc.text.casefold()
    if not any(word in folded for word in _HEADING_WORDS):
        return None
    return next(
        (
            line.index
            for line in doc.lines
            if len(line.text) < 40 and _REFERENCE_HEADING.match(line.text, timeout=PATTERN_TIMEOUT)
        ),
        None,
    )


def _markers(text: str) -> list[_Marker]:
    out = []
    for m in finditer_each(_MARKER, text):
        if m.group("num"):
            out.append(_Marker(m.start(), m.end(), m.group("num"), m.group()))
        elif m.group("letter"):
            out.append(_Marker(m.start(), m.end(), m.group("letter"), m.group()))
        else:
            sup = m.group("sup")
            out.append(_Marker(m.start(), m.end(), sup.translate(_SUPER_TO_DIGIT), sup))
    return out


def _entries(doc: PreparedDocument, heading: int | None) -> list[tuple[int, str, int, int]]:
    """Labelled reference entries as (line index, label, label start, label end).

    After a reference heading any labelled line counts; elsewhere only lines
    opening with a bracketed label ("[3] Joint press release") do.
    """
    out = []
    for line in doc.lines:
        after_heading = heading is not None and line.index > heading
        if not after_heading and not (
            line.text.lstrip().startswith("[") and _BRACKET_ENTRY.match(line.text, timeout=PATTERN_TIMEOUT)
        ):
            continue
        m = _ENTRY.match(line.text, timeout=PATTERN_TIMEOUT)
        if m is None:
            continue
        name = next(g for g in ("b", "n", "s") if m.group(g))
        label = m.group(name).translate(_SUPER_TO_DIGIT)
        start, end = m.span(name)
        if name == "b":
            start, end = start - 1, end + 1
        out.append((line.index, label, line.start + start, line.start + end))
    return out
