"""Phrase lists as data, compiled once into one pattern per list.

Phrase lists live in ``provlint/data/*.txt`` (one entry per line; ``#`` starts
a comment; blank lines are ignored). Each entry is a ``regex`` fragment, so a
list can say ``share (?:on|via) \\w+``; plain words are just themselves.

All lists of a rule family are combined into one alternation and matched in
one pass with the ``regex`` module (far cheaper than many separate ``re``
patterns), case-insensitively with full Unicode case folding. Every match
call must pass ``timeout=PATTERN_TIMEOUT``: a pattern that runs away on
hostile input raises ``TimeoutError``, which the engine reports as a PL004
finding for that rule and document, and the run goes on.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources

import regex

from .cache import compile_pattern

#: Seconds one match call may take before it raises TimeoutError.
PATTERN_TIMEOUT = 2.0
FLAGS = regex.IGNORECASE | regex.FULLCASE | regex.VERSION1


@functools.cache
def load_phrases(name: str) -> tuple[str, ...]:
    """Entries of ``provlint/data/NAME.txt`` in file order."""
    text = resources.files("provlint").joinpath("data").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        entry = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if entry:
            out.append(entry)
    return tuple(out)


def phrase_pattern(
    phrases: Iterable[str],
    *,
    whole_line: bool = False,
    word_boundary: bool = True,
    extra_flags: int = 0,
) -> regex.Pattern[str]:
    """One pattern matching any of ``phrases`` (compiled once per user and version: see :mod:`provlint.cache`).

    ``whole_line``: the phrase must be the whole (stripped) text it is matched
    against, optionally followed by ``:`` or ``…``. ``word_boundary``: the
    phrase must not start or end inside a word.
    """
    return compile_pattern(
        phrase_source(phrases, whole_line=whole_line, word_boundary=word_boundary), FLAGS | extra_flags
    )


def phrase_source(phrases: Iterable[str], *, whole_line: bool = False, word_boundary: bool = True) -> str:
    """The source of :func:`phrase_pattern` (for callers that compile it their own way)."""
    body = "|".join(f"(?:{p})" for p in sorted(set(phrases), key=lambda p: (-len(p), p)))
    if whole_line:
        source = rf"^\s*(?:{body})\s*[:.…!»›>|]*\s*$"
    elif word_boundary:
        source = rf"(?<!\w)(?:{body})(?!\w)"
    else:
        source = f"(?:{body})"
    return source


def finditer_each(
    pattern: regex.Pattern[str], text: str, pos: int = 0, *, timeout: float = PATTERN_TIMEOUT
) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text, pos)``, each match found by its own ``search`` under its own ``timeout``.

    The regex module counts a ``finditer``'s timeout over the whole iteration:
    on a long document (1.7 M characters of joined pages) a linear scan with
    thousands of cheap matches adds up to the limit and raises, so the
    document's size, not a runaway pattern, ended the rule in a pattern
    timeout. Here only one search may take ``timeout``. The pattern must not
    match the empty string (``finditer``'s rules for empty matches are not
    repeated here): ValueError if it does.
    """
    search = pattern.search
    m = search(text, pos, timeout=timeout)
    while m is not None:
        end = m.end()
        if end == m.start():
            raise ValueError(f"finditer_each: {pattern.pattern[:60]!r} matched the empty string")
        yield m
        m = search(text, end, timeout=timeout)


def phrase_list_pattern(names: Sequence[str], **kwargs: bool) -> regex.Pattern[str]:
    """One pattern for the union of several data files."""
    phrases: list[str] = []
    for name in names:
        phrases.extend(load_phrases(name))
    return phrase_pattern(phrases, **kwargs)
