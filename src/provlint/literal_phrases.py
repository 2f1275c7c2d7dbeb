"""A list of literal phrases searched through one Aho-Corasick pass, with the phrase pattern's own answer.

A phrase pattern built from plain words (``patterns.phrase_pattern`` over
``attribution_verbs.txt``: "said", "according to", ...) is an alternation of a
hundred and more literals; ``regex`` tries it at every character, about 1 MB/s,
and PL305 searched one such pattern in every sentence around a quotation
(260 us for 270 characters). :class:`LiteralPhrases` finds the places where a
phrase occurs in the case-folded text in one automaton pass (pyahocorasick, as
the keyword scan), and tries the pattern itself only there, leftmost first:
:meth:`LiteralPhrases.search` returns the same match as ``pattern.search``.

Why that is the same answer: every match of the pattern is one of the literals
under the pattern's case folding, and every character that folding matches to
an ASCII letter folds to that letter with ``keyword_lines.fold``
(tests/test_keyword_lines.py checks every code point). When the folded text is
as long as the text, each character folded to one character, so a match at
``i`` is the literal at ``i`` of the folded text, which the automaton reports.
When folding changed the length ("ß" -> "ss", which full case folding may
match to a literal's "ss"), positions no longer line up and the pattern is
searched the ordinary way. Where pyahocorasick is missing, always so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import regex

from .analyses.keyword_lines import fold
from .patterns import PATTERN_TIMEOUT

_LITERAL = regex.compile(r"[a-z]+(?: [a-z]+)*")


def literal_alternatives(fragments: Iterable[str]) -> tuple[str, ...]:
    """The literals of phrase fragments that are plain words or ``(?:a|b c)`` groups of them.

    Raises ValueError for a fragment that is anything else (a character class, a
    quantifier, an upper-case letter): its matches cannot be listed.
    """
    out: set[str] = set()
    for fragment in fragments:
        body = fragment[3:-1] if fragment.startswith("(?:") and fragment.endswith(")") else fragment
        for alternative in body.split("|"):
            if not _LITERAL.fullmatch(alternative):
                raise ValueError(f"phrase fragment {fragment!r} is not a list of lower-case literal words")
            out.add(alternative)
    return tuple(sorted(out))


class LiteralPhrases:
    """``pattern`` (matching exactly ``literals`` under its flags, with look-arounds) searched via an automaton.

    ``pattern`` may add look-arounds (word boundaries) to the literals but must
    match nothing else: each of its matches, case-folded, is one of
    ``literals`` (lower-case ASCII words separated by single spaces).
    """

    def __init__(self, pattern: regex.Pattern[str], literals: Iterable[str]) -> None:
        self.pattern = pattern
        self.literals = tuple(sorted(set(literals)))
        for literal in self.literals:
            if not _LITERAL.fullmatch(literal):
                raise ValueError(f"{literal!r} is not lower-case ASCII words separated by single spaces")
        self._automaton: Any = None
        try:
            import ahocorasick  # a C extension, as for the keyword scan
        except ImportError:  # pragma: no cover - pyahocorasick is a base dependency
            return
        automaton: Any = ahocorasick.Automaton()
        for literal in self.literals:
            automaton.add_word(literal, len(literal))
        automaton.make_automaton()
        self._automaton = automaton

    def search(self, text: str) -> regex.Match[str] | None:
        """``pattern.search(text)``: the leftmost match, or None."""
        automaton = self._automaton
        folded = fold(text)
        if automaton is None or len(folded) != len(text):
            return self.pattern.search(text, timeout=PATTERN_TIMEOUT)
        starts = sorted({end - length + 1 for end, length in automaton.iter(folded)})
        match = self.pattern.match
        for start in starts:
            found = match(text, start, timeout=PATTERN_TIMEOUT)
            if found is not None:
                return found
        return None
