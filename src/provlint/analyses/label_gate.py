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
entry without them is tried on every line. With ``fragment_bits`` (each open
fragment's own keyword set) the second pattern holds only the open fragments
whose words hit the line: a line with a "/" is tried against the breadcrumb and
credit fragments, not the copyright, comment-counter and reading-time ones
(the full second pattern took 58 us a try on the real pages, most of the gate's
pattern time).

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
from .keyword_lines import fold

#: A run of literal word characters at the start of a fragment (the characters a line's first word is made of).
_LITERAL_RUN = lazy_compile(r"[\w'’-]+")
#: A run of literal characters at the start of a fragment, spaces included (:func:`literal_prefixes`).
_LITERAL_PREFIX = lazy_compile(r"[\w'’ -]+")
#: A run of literal characters at the end of a fragment (:func:`needed_literals`).
_TRAILING_LITERAL = lazy_compile(r"[\w'’ -]+$")
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
    return _beginnings(fragment, _LITERAL_RUN, spell_on=False)


def literal_prefixes(fragment: str) -> frozenset[str] | None:
    """Case-folded literal texts, one of which the text a match of ``fragment`` starts with must start with:
    as :func:`first_words`, but read on past spaces and into the groups that follow ("skip to content",
    "skip to main content" for ``skip to (?:main )?content``), so the gate tells "Skip to content" from
    "Skipper wins the race", which both pass a first-word gate of "skip".

    A literal space of a fragment matches only a space, so a line that has another whitespace character
    there cannot match either. None as for :func:`first_words`.
    """
    return _beginnings(fragment, _LITERAL_PREFIX, spell_on=True)


def needed_literals(fragment: str) -> frozenset[str] | None:
    """Case-folded literal texts one of which every match of ``fragment`` holds: each alternative's trailing
    literal run ("newsletter" for ``(?:get|receive) (?:our |the )?(?:[\\w ]{1,30} )?newsletter``).

    None when an alternative ends otherwise (a group, a class, a quantifier, an escape). No quantifier can
    follow the run (it is the fragment's end), so every character of it is matched.
    """
    alternatives = _split_alternatives(fragment)
    if len(alternatives) > 1:
        return _union(needed_literals(a) for a in alternatives)
    found = _TRAILING_LITERAL.search(fragment, timeout=PATTERN_TIMEOUT)
    if found is None:
        return None
    if found.start() > 0 and fragment[found.start() - 1] == "\\":
        return None  # the run begins inside an escape ("\\s", "\\x41", "\\1"): read nothing off it
    return frozenset({found.group().casefold()})


def _beginnings(fragment: str, run: regex.Pattern[str], spell_on: bool) -> frozenset[str] | None:
    """:func:`first_words` (``run``: the literal characters read) or, ``spell_on``, :func:`literal_prefixes`."""
    alternatives = _split_alternatives(fragment)
    if len(alternatives) > 1:
        return _union(_beginnings(a, run, spell_on) for a in alternatives)
    if fragment.startswith("(?:"):
        close = _matching_paren(fragment, 0)
        if close is None:
            return None
        inner = _split_alternatives(fragment[3:close])
        after = fragment[close + 1 :]
        if after[:1] == "?" and after[1:2] not in ("?", "+"):
            # "(?:the )?bottom line": the group's words, or what follows it.
            return _union(
                [*(_beginnings(a + after[1:], run, spell_on) for a in inner), _beginnings(after[1:], run, spell_on)]
            )
        if after[:1] in ("?", "*", "+", "{"):
            return None
        return _union(_beginnings(a + after, run, spell_on) for a in inner)
    literal = run.match(fragment, timeout=PATTERN_TIMEOUT)
    if literal is None:
        return None
    word = literal.group()
    rest = fragment[len(word) :]
    if rest[:1] in ("?", "*", "{"):
        word = word[:-1]  # "officials?": the last character is optional
    elif spell_on and rest.startswith("(?:"):
        more = _beginnings(rest, run, spell_on)
        if more is not None:
            return frozenset(word.casefold() + m for m in more)
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
        fragment_bits: Mapping[str, int] | None = None,
    ) -> None:
        open_: list[tuple[str, list[str]]] = []
        words: set[str] = set()
        #: The gated fragments by each of their literal prefixes, as (list position, fragment).
        self._by_prefix: dict[str, list[tuple[int, str]]] = {}
        self._groups = tuple((name, tuple(fragments)) for name, fragments in groups)
        #: Whole-line patterns of the gated fragments a line's prefixes admit (keyed by those prefixes).
        self._bucket_patterns: dict[tuple[str, ...], tuple[regex.Pattern[str], tuple[str, ...] | None]] = {}
        self._names = tuple(name for name, _ in groups)
        for rank, (name, fragments) in enumerate(groups):
            open_.append((name, []))
            for fragment in fragments:
                found = literal_prefixes(fragment)
                if found is None:
                    open_[-1][1].append(fragment)
                    continue
                words |= found
                for word in found:
                    self._by_prefix.setdefault(word, []).append((rank, fragment))
        self.full: regex.Pattern[str] = compile_pattern(whole_line_source(groups), FLAGS)
        #: The gate's literal prefixes (case-folded): a gated fragment matches only a label starting with one.
        self.words = frozenset(words)
        self.longest = max((len(w) for w in words), default=0)
        self.sizes = tuple(sorted({len(w) for w in words}))
        #: The gate's prefixes by their first character (one ``str.startswith`` tries them all).
        self._words_by_first: dict[str, tuple[str, ...]] = {
            char: tuple(sorted(w for w in words if w[0] == char)) for char in {w[0] for w in words}
        }
        #: The lengths of the gate's prefixes by their first character, shortest first.
        self._sizes_by_first: dict[str, tuple[int, ...]] = {
            char: tuple(sorted({len(w) for w in found})) for char, found in self._words_by_first.items()
        }
        self.fallback: regex.Pattern[str] | None = (
            compile_pattern(whole_line_source(open_), FLAGS) if any(f for _, f in open_) else None
        )
        known = open_words or {}
        #: The keyword bit that gates the open fragments; 0 (no gate) unless every one has its words.
        self.open_bit = open_bit if all(f in known and known[f] for _, fs in open_ for f in fs) else 0
        bits = fragment_bits or {}
        #: The open fragments by list, each with its own keyword bit, when every one has a bit (else empty:
        #: the whole second pattern is tried), and the second patterns built so far by the bits a line holds.
        self._open_groups: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = (
            tuple((name, tuple((f, bits[f]) for f in fs)) for name, fs in open_)
            if self.open_bit and all(bits.get(f) for _, fs in open_ for f in fs)
            else ()
        )
        self._open_union = 0
        for _, gated in self._open_groups:
            for _, bit in gated:
                self._open_union |= bit
        self._open_patterns: dict[int, regex.Pattern[str] | None] = {}

    def _head(self, label: str) -> str:
        """The label's first ``longest`` characters, case-folded (case folding maps each character on its own
        and never shortens, so folding the first ``longest`` characters is enough). Folded as the keyword scan
        folds (:func:`~provlint.analyses.keyword_lines.fold`): the patterns' "i" matches "İ", whose plain case fold
        is "i" and a combining dot, so "İMAGE: Reuters" did not start with "image" and was turned away."""
        return fold(label[: self.longest])

    def _prefixes_of(self, head: str) -> tuple[str, ...]:
        """The gate's prefixes a case-folded ``head`` starts with, shortest first (one slice and set look-up per
        prefix length of its first character, not a ``startswith`` per prefix)."""
        first = self._words_by_first.get(head[:1])
        if first is None or not head.startswith(first):
            return ()
        words, longest = self.words, len(head)
        return tuple(
            [head[:size] for size in self._sizes_by_first[head[0]] if size <= longest and head[:size] in words]
        )

    def prefixes(self, label: str) -> tuple[str, ...]:
        """The gate's prefixes ``label`` starts with (case-folded, shortest first): empty when no gated fragment
        can match it whole. A match starts at the label's first character (labels come stripped)."""
        return self._prefixes_of(self._head(label))

    def may_match(self, label: str) -> bool:
        """False when no gated fragment can match ``label`` whole (:meth:`prefixes`)."""
        head = self._head(label)
        return head.startswith(self._words_by_first.get(head[:1], ()))

    def can_match(self, label: str, keywords: int = -1) -> bool:
        """False when :meth:`match` gives None for ``label`` without trying a pattern: no gated fragment can
        match it (:meth:`may_match`) and no open fragment is tried (none, or their words are missing from
        ``keywords``)."""
        fallback = self.fallback is not None and (not self.open_bit or bool(keywords & self.open_bit))
        return fallback or self.may_match(label)

    def _bucket(self, prefixes: tuple[str, ...]) -> tuple[regex.Pattern[str], tuple[str, ...] | None]:
        """The whole-line pattern of the gated fragments that have one of ``prefixes`` (in list order), and the
        literals one of which a label it matches holds (:func:`needed_literals`; None: no such gate)."""
        found = self._bucket_patterns.get(prefixes)
        if found is None:
            admitted = {entry for word in prefixes for entry in self._by_prefix[word]}
            groups = [
                (name, [f for f in fragments if (rank, f) in admitted])
                for rank, (name, fragments) in enumerate(self._groups)
            ]
            needs = _union(needed_literals(f) for _, fragments in groups for f in fragments)
            found = (compile_pattern(whole_line_source(groups), FLAGS), tuple(sorted(needs)) if needs else None)
            self._bucket_patterns[prefixes] = found
        return found

    def _open_pattern(self, keywords: int) -> regex.Pattern[str] | None:
        """The second pattern of the open fragments whose keyword bits are among ``keywords`` (None: no such
        fragment). A fragment left out needs a word the line lacks, so it could not match it."""
        bits = keywords & self._open_union
        try:
            return self._open_patterns[bits]
        except KeyError:
            pass
        groups = [(name, [f for f, bit in fragments if bit & bits]) for name, fragments in self._open_groups]
        found = compile_pattern(whole_line_source(groups), FLAGS) if any(f for _, f in groups) else None
        self._open_patterns[bits] = found
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
        if fallback is not None and self.open_bit:
            if not keywords & self.open_bit:
                fallback = None  # no open fragment's words on the line
            elif self._open_groups:
                fallback = self._open_pattern(keywords)  # only the open fragments whose words are on it
        prefixes = self._prefixes_of(self._head(label))
        if prefixes:
            pattern, needs = self._bucket(prefixes)
            # Most labels that start like a phrase lack the rest of it ("Get the latest news" and the
            # newsletter phrase, whose backtracking try took 0.7 ms): no try without a literal it ends with.
            if needs is not None:
                folded = fold(label)
                if not any(need in folded for need in needs):
                    pattern = None
            found = pattern.match(label, timeout=timeout) if pattern is not None else None
            if found is not None:
                rank = self._rank(found)
                if fallback is None or rank == 0:
                    return found
                other = fallback.match(label, timeout=timeout)  # an earlier list's open fragment comes first
                return other if other is not None and self._rank(other) < rank else found
        return fallback.match(label, timeout=timeout) if fallback is not None else None
