"""Shared line classification for the scraping (PL1xx) and duplication (PL2xx) rules.

Scraped pages put one HTML text block per line. Several rules ask the same
questions of those lines: is it a navigation label, a known widget line, a
short label rather than a sentence, the document's headline? The answers
live here so the phrase lists are compiled once per process and every rule
agrees on them (which is what lets one rule step aside for another: one
problem, one finding).

Everything here is linear in the document and runs the combined patterns on
short lines only.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..cache import compile_pattern
from ..lazy_pattern import lazy_compile
from ..patterns import FLAGS, PATTERN_TIMEOUT, load_phrases, phrase_pattern
from ..prepare import PreparedDocument
from .keyword_lines import declare
from .label_gate import GatedLabels
from .per_document import per_document

#: Language families with a navigation phrase list (data/navigation-LANG.txt), English first.
NAVIGATION_LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es")
#: Lines longer than this are never navigation labels or widget lines.
LABEL_MAX_CHARS = 120
#: Longest cookie/consent notice line reported (they are sentences, not labels).
CONSENT_MAX_CHARS = 1500
#: Glyphs a layout leaves in front of a label ("» Read more", "• Share").
GLYPHS = frozenset("•·▪►▶■□●○◦‣⁃*-–—|»›> \t")
_LEADING_GLYPHS = lazy_compile(r"^[\s•·▪►▶■□●○◦‣⁃*\-–—|»›>]+", FLAGS)
#: Closing quotes and brackets that may follow a sentence's final punctuation.
_CLOSERS = "\"'”’»)]"


def line_key(text: str) -> str:
    """Whitespace-folded, case-folded form under which two lines count as the same."""
    return " ".join(text.split()).casefold()


#: The characters :data:`_LEADING_GLYPHS` strips besides whitespace.
_GLYPH_CHARS = frozenset("•·▪►▶■□●○◦‣⁃*-–—|»›>")


def line_keys(doc: PreparedDocument) -> tuple[str, ...]:
    """:func:`line_key` of every line of ``doc`` (a blank line's is ""), computed once per document.

    The rules that compare lines (PL201, PL203, PL205, the headline) asked for the same keys
    line by line, some twice. Here the whole text is case-folded in one call and then split:
    case folding maps whitespace to itself and nothing else to whitespace (so it never makes or
    removes a newline), so folding first and then folding the whitespace gives each line's key
    (tests/test_line_keys.py checks this over every code point). Kept on the document
    (:func:`~provlint.analyses.per_document.per_document`).
    """
    return per_document(doc, "analysis:line-keys", lambda: _line_keys(doc.text.casefold()))


#: The whitespace characters (``str.isspace``, what ``str.split()`` splits at) other than " " and "\n"
#: (tests/test_line_keys.py checks this against every code point), and those of them in ASCII.
_OTHER_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_ASCII_OTHER_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"


def _line_keys(folded: str) -> tuple[str, ...]:
    """The line keys of a case-folded text.

    Extracted text usually has its whitespace folded already: words one space apart, no space at either
    end of a line, no other whitespace. Then every line is its own key, and the text is only split; a few
    substring searches over the whole text tell (each at the speed of a memory scan, while splitting and
    joining each line's words costs an object per word).
    """
    if not (
        "  " in folded
        or " \n" in folded
        or "\n " in folded
        or folded.startswith(" ")
        or folded.endswith(" ")
        or any(space in folded for space in (_ASCII_OTHER_SPACES if folded.isascii() else _OTHER_SPACES))
    ):
        return tuple(folded.split("\n"))
    return tuple([" ".join(part.split()) for part in folded.split("\n")])


def strip_glyphs(text: str) -> str:
    """The line without the bullets and arrows a layout put in front of it.

    Most lines start with a letter: the pattern runs only when the first character
    is a glyph or a space (every character ``\\s`` matches is one ``str.isspace`` knows).
    """
    first = text[:1]
    if first in _GLYPH_CHARS or first.isspace():
        text = _LEADING_GLYPHS.sub("", text, count=1, timeout=PATTERN_TIMEOUT)
    return " ".join(text.split())


@functools.lru_cache(maxsize=32)
def navigation_pattern(
    languages: tuple[str, ...] = NAVIGATION_LANGUAGES, extra: tuple[str, ...] = ()
) -> regex.Pattern[str]:
    """Whole-line pattern of the navigation lists of ``languages`` plus ``extra`` entries."""
    phrases: list[str] = []
    for lang in languages:
        phrases.extend(load_phrases(f"navigation-{lang}"))
    phrases.extend(extra)
    return phrase_pattern(phrases, whole_line=True)


#: Every consent notice names one of these (data/consent-en.txt entries must too):
#: the pattern only runs on lines that contain one, so article paragraphs cost a substring test.
CONSENT_WORDS = ("cookie", "privacy", "consent", "agree", "accept")
#: The same words as a keyword set of the shared scan: a line without them is no consent notice, so the
#: page layout decides its long lines without a case fold each (:func:`may_be_consent` still runs where one
#: hits: its plain case fold reads "İ" otherwise than the scan).
CONSENT_WORDS_SET = declare("consent notices", CONSENT_WORDS)


def may_be_consent(text: str) -> bool:
    """Cheap gate before :func:`consent_pattern`."""
    low = text[:CONSENT_MAX_CHARS].casefold()
    return any(word in low for word in CONSENT_WORDS)


@functools.lru_cache(maxsize=4)
def consent_pattern() -> regex.Pattern[str]:
    """Cookie and consent notices, matched at the start of a line."""
    body = "|".join(f"(?:{p})" for p in load_phrases("consent-en"))
    return compile_pattern(rf"^\s*(?:{body})", FLAGS)


def _page_label_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    nav: list[str] = []
    for lang in NAVIGATION_LANGUAGES:
        nav.extend(load_phrases(f"navigation-{lang}"))
    return (("nav", tuple(nav)), ("widget", load_phrases("widgets-en")))


#: The words each built-in label fragment whose first word cannot be read off needs (the gate of
#: :class:`GatedLabels` cannot skip them): a line without any is not tried against them. Keyed by the
#: fragment as written in data/; a fragment missing here (a new entry) is tried on every line, as before.
OPEN_LABEL_FRAGMENT_WORDS: dict[str, tuple[str, ...]] = {
    "(?:« |‹ )?(?:older|newer) (?:posts|entries|articles|stories)(?: »| ›)?": ("older", "newer"),
    r"(?:\d[\d,.]*k? )?comments?(?: \(\d[\d,.]*\))?": ("comment",),
    r"\d[\d,.]*k? (?:comments?|shares?|likes?|views|reactions|replies)": (
        "comment", "share", "like", "views", "reactions", "replies",
    ),
    r"(?:copyright\s*)?(?:©|\(c\)|copyright) ?\d{4}.{0,120}": ("©", "(c)", "copyright"),
    r"(?:©|\(c\)).{0,120}": ("©", "(c)"),
    "(?:[^a]|a(?!ll rights reserved)){0,100}+all rights reserved": ("rights",),
    r"\d{1,2}(?::\d{2})? min(?:ute)?s? read": ("read",),
    r"[^/|]{1,80}+(?<=\s)[/|]\s(?:getty images|reuters|afp|ap(?: photo)?|epa|shutterstock|istock(?:photo)?|dpa|alamy"
    r"|bloomberg|pa(?: wire)?)(?: via getty images)?": ("/", "|"),
    r"(?=[^>»›/|]{1,150}+[>»›/|])[\w'’.&-]++(?: [\w'’.&-]++){0,3}+(?:(?:\s*+[>»›]\s*+|\s++[/|]\s++)[\w'’.&-]++"
    r"(?: [\w'’.&-]++){0,3}+){2,8}+": (">", "»", "›", "/", "|"),
    r"(?:\d+ )?kommentare?": ("kommentar",),
    r"(?:\d+ )?commentaires?": ("comment",),
    r"(?:\d+ )?comentarios?": ("comentario",),
    r"(?:\d+ )?commenti": ("comment",),
    r"(?:©|\(c\)|copyright)[^\n]{0,80}?all rights reserved\.?": ("©", "(c)", "copyright"),
}  # fmt: skip
#: All of them: one keyword set (see :mod:`provlint.analyses.keyword_lines`).
OPEN_LABEL_WORDS = declare("page labels, open fragments", (w for ws in OPEN_LABEL_FRAGMENT_WORDS.values() for w in ws))
#: Each fragment's own words as a keyword set (fragments needing the same words share one): the open
#: fragments' pattern a line is tried against holds only those whose words it has.
_OPEN_WORD_SETS = {
    words: declare(f"page labels, open fragment words {' '.join(words)}", words)
    for words in dict.fromkeys(tuple(sorted(ws)) for ws in OPEN_LABEL_FRAGMENT_WORDS.values())
}
OPEN_LABEL_FRAGMENT_BITS: dict[str, int] = {
    fragment: _OPEN_WORD_SETS[tuple(sorted(words))].bit for fragment, words in OPEN_LABEL_FRAGMENT_WORDS.items()
}


@functools.lru_cache(maxsize=4)
def page_label_pattern() -> regex.Pattern[str]:
    """Built-in navigation and widget lists in one whole-line pattern with groups ``nav`` and ``widget``.

    One match call per short line instead of two; same wrapper as
    :func:`provlint.patterns.phrase_pattern`, navigation entries first.
    """
    return page_labels().full


@functools.lru_cache(maxsize=4)
def page_labels() -> GatedLabels:
    """:func:`page_label_pattern` tried only on lines whose first word can begin one of its phrases."""
    return GatedLabels(_page_label_groups(), OPEN_LABEL_FRAGMENT_WORDS, OPEN_LABEL_WORDS.bit, OPEN_LABEL_FRAGMENT_BITS)


@functools.lru_cache(maxsize=8)
def widget_pattern(extra: tuple[str, ...] = ()) -> regex.Pattern[str]:
    """Whole-line pattern of known widget boilerplate lines."""
    return phrase_pattern(list(load_phrases("widgets-en")) + list(extra), whole_line=True)


@functools.lru_cache(maxsize=32)
def navigation_labels(languages: tuple[str, ...] = NAVIGATION_LANGUAGES, extra: tuple[str, ...] = ()) -> GatedLabels:
    """:func:`navigation_pattern`'s answers, the pattern tried only where a line can match (see :class:`GatedLabels`)."""
    phrases: list[str] = []
    for lang in languages:
        phrases.extend(load_phrases(f"navigation-{lang}"))
    phrases.extend(extra)
    return GatedLabels(
        [("nav", phrases), ("widget", ())], OPEN_LABEL_FRAGMENT_WORDS, OPEN_LABEL_WORDS.bit, OPEN_LABEL_FRAGMENT_BITS
    )


@functools.lru_cache(maxsize=8)
def widget_labels(extra: tuple[str, ...] = ()) -> GatedLabels:
    """:func:`widget_pattern`'s answers, the pattern tried only where a line can match (see :class:`GatedLabels`)."""
    phrases = [*load_phrases("widgets-en"), *extra]
    return GatedLabels(
        [("nav", ()), ("widget", phrases)], OPEN_LABEL_FRAGMENT_WORDS, OPEN_LABEL_WORDS.bit, OPEN_LABEL_FRAGMENT_BITS
    )


def is_navigation(text: str, labels: GatedLabels | None = None, keywords: int = -1) -> bool:
    """True when the whole (short) line is a navigation or UI label (``labels``: :func:`navigation_labels`'s
    default; ``keywords``: the line's keyword bits, all of them by default)."""
    if len(text) > LABEL_MAX_CHARS:
        return False
    label = strip_glyphs(text)
    if not label:
        return False
    return (labels or navigation_labels()).match(label, timeout=PATTERN_TIMEOUT, keywords=keywords) is not None


def is_widget(text: str, labels: GatedLabels | None = None, keywords: int = -1) -> bool:
    """True when the whole (short) line is known widget boilerplate (as :func:`is_navigation`)."""
    if len(text) > LABEL_MAX_CHARS:
        return False
    label = strip_glyphs(text)
    return (
        bool(label) and (labels or widget_labels()).match(label, timeout=PATTERN_TIMEOUT, keywords=keywords) is not None
    )


def is_label(text: str, max_words: int = 10) -> bool:
    """True for a short line that is not a sentence: a label, heading or link text.

    Short means at most ``max_words`` words; a line of four or more words that
    ends in sentence punctuation counts as a sentence.
    """
    stripped = text.strip()
    if not stripped or len(stripped) > max_words * 12:
        return False
    words = len(stripped.split())
    if words > max_words:
        return False
    return not (words >= 4 and stripped.rstrip(_CLOSERS)[-1:] in (".", "!", "?", "…"))


@dataclass(frozen=True)
class Headline:
    """The document's headline: its title field, or its first content line."""

    key: str
    line_index: int | None  # None when the headline is the title field, not a line


def headline(doc: PreparedDocument, keywords: Sequence[int] | None = None) -> Headline | None:
    """The document's title, else its first non-blank line that is not navigation or widget residue.

    A first line counts as a headline only when it has 3 to 30 words. Computed once per document (the
    page layout, PL202 and the headline repeats all ask); ``keywords``: the lines' keyword bits
    (:func:`~provlint.analyses.keyword_lines.keyword_lines`) when the caller has them, which spare the
    label tests the open fragments' pattern on lines without their words (the same answer).
    """
    return per_document(doc, "analysis:headline", lambda: _headline(doc, keywords))


def _headline(doc: PreparedDocument, keywords: Sequence[int] | None) -> Headline | None:
    title = doc.document.title
    if title and title.strip():
        return Headline(line_key(title), None)
    nav = navigation_labels()
    widgets = widget_labels()
    for line in doc.lines:
        text = line.text.strip()
        if not text:
            continue
        bits = keywords[line.index] if keywords is not None else -1
        if is_navigation(text, nav, bits) or is_widget(text, widgets, bits):
            continue
        words = len(text.split())
        return Headline(line_key(text), line.index) if 3 <= words <= 30 else None
    return None


def headline_repeats(doc: PreparedDocument) -> list[int]:
    """Indexes of the lines that repeat the document's headline (never the headline line itself)."""
    head = headline(doc)
    if head is None:
        return []
    out = []
    # Folding whitespace only shortens a line (and case folding rarely lengthens
    # it much), so lines far from the headline's length are skipped unfolded.
    low, high = len(head.key) // 2, 3 * len(head.key) + 10
    keys = line_keys(doc)
    for line in doc.lines:
        if line.index == head.line_index or not low <= len(line.text) <= high:
            continue
        if keys[line.index] == head.key:
            out.append(line.index)
    return out


def paragraph_repeats(doc: PreparedDocument) -> list[tuple[int, int]]:
    """(paragraph index, index of the earlier paragraph it repeats) for repeated multi-line paragraphs."""
    seen: dict[str, int] = {}
    out = []
    for para in doc.paragraphs:
        if "\n" not in para.text:
            continue  # one-line paragraphs are repeated lines (PL201)
        key = line_key(para.text)
        if key in seen:
            out.append((para.index, seen[key]))
        else:
            seen[key] = para.index
    return out


def lines_of(doc: PreparedDocument, paragraph_indexes: Sequence[int]) -> set[int]:
    """Line indexes covered by the given paragraphs."""
    out: set[int] = set()
    for i in paragraph_indexes:
        para = doc.paragraphs[i]
        out.update(range(para.line, para.line + para.text.count("\n") + 1))
    return out
