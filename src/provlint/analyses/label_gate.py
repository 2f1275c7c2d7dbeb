"""Whole-line phrase matching gated on the line's first word.

The page layout asks of every short line whether it is, whole, one of the
built-in navigation or widget phrases: one large alternation (a few hundred
fragments) tried with ``match``. A failed try of that pattern costs tens of
microseconds, and most short lines of a real page fail it. Almost every
fragment starts with a literal word ("skip to ...", "read (?:more|also)"), so
a line can only match when its first word starts with one of those literals.
:class:`GatedLabels` reads the literals off the fragments once and tries the
full pattern only on lines whose first word passes that test (a set lookup per
prefix of the word). Fragments whose first word cannot be read off (a leading
glyph or character class) go into a second, small pattern of the same shape
that every line is tried against, so the answer is the full pattern's answer
on every line: the gate only leaves out tries that cannot succeed.

Those open fragments can be gated too, by words they need anywhere in the line
(``open_words``: "/" or "|" for a breadcrumb, "©" for a copyright line): the
caller passes the line's keyword bits (:mod:`provlint.analyses.keyword_lines`)
and the second pattern is tried only when the set of those words hit the line.
That gate is used only when every open fragment has its words, so a new data
entry without them is tried on every line.

A line that passes the first-word gate is not tried against the whole pattern
either (73 us a try on real pages), but against the gated fragments whose first
words begin with the line's first character (case-folded): a bucket of at most
a few dozen fragments, compiled through the build cache when first needed. The
list the answer names is the whole pattern's: an answer from a later list (a
widget) stands only when no open fragment of an earlier list (navigation)
matches the line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import regex

from ..anchored import _matching_paren, _split_alternatives
from ..cache import compile_pattern
from ..lazy_pattern import lazy_compile
from ..patterns import FLAGS, PATTERN_TIMEOUT

#: A run of literal word characters at the start of a fragment (the characters a line's first word is made of).
_LITERAL_RUN = lazy_compile(r"[\w'’-]+")
#: Matches nothing: the body of a group whose list has no fragment of that kind.
_NOTHING = "(?!)"
#: What may follow a whole-line phrase (the wrapper of :func:`provlint.patterns.phrase_source`).
_TAIL = r"\s*[:.…!»›>|]*\s*$"


def _body(phrases: Sequence[str]) -> str:
    if not phrases:
        return _NOTHING
    return "|".join(f"(?:{p})" for p in sorted(set(phrases), key=lambda p: (-len(p), p)))


def whole_line_source(groups: Sequence[tuple[str, Sequence[str]]]) -> str:
    """One whole-line pattern with a named group per phrase list, tried in the order given."""
    alternatives = "|".join(f"(?P<{name}>{_body(phrases)})" for name, phrases in groups)
    return rf"^\s*(?:{alternatives}){_TAIL}"


def first_words(fragment: str) -> frozenset[str] | None:
    """Case-folded beginnings, one of which the text a match of ``fragment`` starts with must start with.

    Read conservatively: None whenever the fragment could start otherwise than
    with a literal word (a glyph, a class, an escape, an optional or repeated
    start that is not spelled out), and such a fragment is then tried on every line.
    """
    alternatives = _split_alternatives(fragment)
    if len(alternatives) > 1:
        return _union(first_words(a) for a in alternatives)
    if fragment.startswith("(?:"):
        close = _matching_paren(fragment, 0)
        if close is None:
            return None
        inner = _split_alternatives(fragment[3:close])
        after = fragment[close + 1 :]
        if after[:1] == "?" and after[1:2] not in ("?", "+"):
            # "(?:the )?bottom line": the group's words, or what follows it.
            return _union([*(first_words(a + after[1:]) for a in inner), first_words(after[1:])])
        if after[:1] in ("?", "*", "+", "{"):
            return None
        return _union(first_words(a + after) for a in inner)
    literal = _LITERAL_RUN.match(fragment, timeout=PATTERN_TIMEOUT)
    if literal is None:
        return None
    word = literal.group()
    if fragment[len(word) : len(word) + 1] in ("?", "*", "{"):
        word = word[:-1]  # "officials?": the last character is optional
    return frozenset({word.casefold()}) if word else None


def _union(parts: Iterable[frozenset[str] | None]) -> frozenset[str] | None:
    out: set[str] = set()
    for part in parts:
        if part is None:
            return None
        out |= part
    return frozenset(out)


class GatedLabels:
    """``match(label)`` gives what the whole-line pattern of ``groups`` gives, trying it only where it can match.

    ``groups`` are (group name, fragments) in priority order. The result is a
    match object (its named groups say which list matched) or None.
    ``open_words`` maps fragments without a readable first word to the words
    they need, and ``open_bit`` is the bit of the keyword set holding all of
    those words (see the module's docstring).
    """

    def __init__(
        self,
        groups: Sequence[tuple[str, Sequence[str]]],
        open_words: Mapping[str, Sequence[str]] | None = None,
        open_bit: int = 0,
    ) -> None:
        gated: list[tuple[str, list[str]]] = []
        open_: list[tuple[str, list[str]]] = []
        words: set[str] = set()
        #: The gated fragments by the first character of their first words, in list order.
        self._buckets: dict[str, list[tuple[str, list[str]]]] = {}
        self._bucket_patterns: dict[str, regex.Pattern[str]] = {}
        self._names = tuple(name for name, _ in groups)
        for name, fragments in groups:
            gated.append((name, []))
            open_.append((name, []))
            for fragment in fragments:
                found = first_words(fragment)
                if found is None:
                    open_[-1][1].append(fragment)
                else:
                    words |= found
                    gated[-1][1].append(fragment)
                    for char in {word[0] for word in found}:
                        bucket = self._buckets.setdefault(char, [(n, []) for n, _ in groups])
                        bucket[len(gated) - 1][1].append(fragment)
        self.full: regex.Pattern[str] = compile_pattern(whole_line_source(groups), FLAGS)
        self.words = frozenset(words)
        self.longest = max((len(w) for w in words), default=0)
        self.sizes = tuple(sorted({len(w) for w in words}))
        #: The gate's words by their first character (one ``str.startswith`` tries them all).
        self._words_by_first: dict[str, tuple[str, ...]] = {
            char: tuple(sorted(w for w in words if w[0] == char)) for char in {w[0] for w in words}
        }
        self.fallback: regex.Pattern[str] | None = (
            compile_pattern(whole_line_source(open_), FLAGS) if any(f for _, f in open_) else None
        )
        known = open_words or {}
        #: The keyword bit that gates the open fragments; 0 (no gate) unless every one has its words.
        self.open_bit = open_bit if all(f in known and known[f] for _, fs in open_ for f in fs) else 0

    def may_match(self, label: str) -> bool:
        """False when no gated fragment can match ``label`` whole.

        A match starts at the label's first character (labels come stripped), so the
        case-folded label then starts with one of the gate's words. Case folding maps
        each character on its own and never shortens, so folding the first
        ``longest`` characters is enough.
        """
        head = label[: self.longest].casefold()
        return head.startswith(self._words_by_first.get(head[:1], ()))

    def can_match(self, label: str, keywords: int = -1) -> bool:
        """False when :meth:`match` gives None for ``label`` without trying a pattern: no gated fragment can
        match it (:meth:`may_match`) and no open fragment is tried (none, or their words are missing from
        ``keywords``)."""
        fallback = self.fallback is not None and (not self.open_bit or bool(keywords & self.open_bit))
        return fallback or self.may_match(label)

    def _bucket(self, char: str) -> regex.Pattern[str]:
        """The whole-line pattern of the gated fragments whose first words begin with ``char``."""
        found = self._bucket_patterns.get(char)
        if found is None:
            found = compile_pattern(whole_line_source(self._buckets[char]), FLAGS)
            self._bucket_patterns[char] = found
        return found

    def _rank(self, found: regex.Match[str]) -> int:
        """The position of the list that matched."""
        return next(i for i, name in enumerate(self._names) if found.group(name) is not None)

    def match(self, label: str, timeout: float = PATTERN_TIMEOUT, keywords: int = -1) -> regex.Match[str] | None:
        """The whole-line pattern's match of ``label`` (``timeout`` as for a pattern's own ``match``).

        ``keywords``: the keyword bits of the line ``label`` comes from (all of them by default).
        The match may come from a smaller pattern of the same shape: its named groups
        say which list matched, as the whole pattern's would.
        """
        fallback = self.fallback
        if fallback is not None and self.open_bit and not keywords & self.open_bit:
            fallback = None  # no open fragment's words on the line
        if self.may_match(label):
            found = self._bucket(label[:1].casefold()[:1]).match(label, timeout=timeout)
            if found is not None:
                rank = self._rank(found)
                if fallback is None or rank == 0:
                    return found
                other = fallback.match(label, timeout=timeout)  # an earlier list's open fragment comes first
                return other if other is not None and self._rank(other) < rank else found
        return fallback.match(label, timeout=timeout) if fallback is not None else None
