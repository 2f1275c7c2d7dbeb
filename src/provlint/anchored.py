"""Phrase matching anchored on the document's words: fast where a scan is slow.

A combined phrase pattern (``patterns.phrase_pattern``) scanned over a whole
document tries its alternation at every character; with a few hundred
alternatives that runs well below 1 MB/s. Most phrases, though, start with a
word from a small set ("observers", "it", "according", "a"). An
:class:`AnchoredPhrases` works out those leading words from the phrase
fragments once, finds the tokens that are one of them in ``doc.lower_words`` (computed once and shared by
every rule) and tries the pattern only where a word could begin a phrase. Fragments whose
first word cannot be read off (they start with ``\\[`` or a character class)
go into a second pattern scanned the ordinary way, which is fast because
such fragments start with a literal character.

Both patterns are compiled once; every match call passes the pattern timeout.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex

from .cache import compile_pattern
from .lazy_pattern import lazy_compile
from .patterns import FLAGS, PATTERN_TIMEOUT, finditer_each
from .prepare import PreparedDocument

_LITERAL = lazy_compile(r"[\w'’-]+")
_FLAG_GROUP = lazy_compile(r"\(\?(?:[a-zA-Z]*-?[a-zA-Z]*)?:")
_WORD_START = lazy_compile(r"\w")


def leading_words(fragment: str) -> tuple[set[str], set[str]] | None:
    """The words a match of ``fragment`` can start with, as (exact, prefixes).

    ``None`` when they cannot be read off the fragment. A literal run that
    the fragment continues without a space (``officials?``, ``here(?:'s|
    is)``) gives a prefix: any word starting with it may begin a match.
    """
    frag = fragment.strip()
    group = _FLAG_GROUP.match(frag)
    if group:
        close = _matching_paren(frag, 0)
        if close is None:
            return None
        exact: set[str] = set()
        prefixes: set[str] = set()
        if frag[close + 1 : close + 2] in ("*", "{"):
            return None
        if frag[close + 1 : close + 2] == "?":
            # An optional first group ("(?:the )?bottom line"): a match starts
            # with the group's words or with the words after it.
            after = leading_words(frag[close + 2 :])
            inner = leading_words(frag[group.end() : close])
            if after is None or inner is None:
                return None
            return after[0] | inner[0], after[1] | inner[1]
        for alternative in _split_alternatives(frag[group.end() : close]):
            words = leading_words(alternative + frag[close + 1 :] if not alternative.strip() else alternative)
            if words is None or not alternative.strip():
                return None
            exact |= words[0]
            prefixes |= words[1]
        if frag[close + 1 : close + 2] not in ("", " ") and not frag[close + 1 :].startswith("\\s"):
            # The group runs on into the word ("(?:say|says)ing"): its words are prefixes.
            prefixes |= exact
            exact = set()
        return exact, prefixes
    m = _LITERAL.match(frag)
    if m is None:
        return None
    word = m.group().lower()
    rest = frag[m.end() :]
    branches = _literal_then_group(frag, m.end())
    if branches is not None:
        # "i(?:'m| am) an ai": the words "i'm" and "i" rather than every word starting with "i".
        readable = [leading_words(branch) for branch in branches]
        if all(words is not None for words in readable):
            return set().union(*(w[0] for w in readable if w)), set().union(*(w[1] for w in readable if w))
    if rest == "" or rest.startswith((" ", "\\s")):
        return {word}, set()
    if rest[0] in "?*{" and len(word) > 1:
        word = word[:-1]  # "officials?": the last letter is optional
    return set(), {word}


Gates = dict[str, "frozenset[str] | None"]


def _branch_followers(branches: list[str]) -> Gates | None:
    """The merged :func:`followers` of alternative branches; None when any branch's are unknown."""
    out: Gates = {}
    for branch in branches:
        gates = followers(branch)
        if gates is None:
            return None
        _merge(out, gates)
    return out


def followers(fragment: str) -> Gates | None:
    """For each word a match of ``fragment`` can start with, what the next word must start with.

    A value is the case-folded beginnings the word after the first must have
    (``"it (?:is|was) said"``: ``{"it": {"is", "was"}}``); ``None`` when that
    cannot be read off. ``None`` for the whole fragment when its first words
    cannot be read off in this simple way (only words separated by a space or
    ``\\s+``, ``(?:...)`` groups of alternatives and an optional first group
    are read).
    """
    frag = fragment.strip()
    if frag.startswith("(?"):
        if not frag.startswith("(?:"):
            return None  # flag groups may change what a space means
        close = _matching_paren(frag, 0)
        if close is None:
            return None
        after = frag[close + 1 :]
        if after.startswith("?"):
            # "(?:the )?bottom line": a match starts inside the group or after it.
            return _branch_followers([frag[3:close] + after[1:], after[1:]])
        if after[:1] in ("*", "+", "{"):
            return None
        return _branch_followers([alternative + after for alternative in _split_alternatives(frag[3:close])])
    m = _LITERAL.match(frag)
    if m is None:
        return None
    rest = frag[m.end() :]
    spelled = _literal_then_group(frag, m.end())
    if spelled is not None:
        return _branch_followers(spelled)
    for separator in (" ", "\\s+"):
        if rest.startswith(separator):
            nxt = leading_words(rest[len(separator) :])
            if nxt is None:
                return {m.group().lower(): None}
            words = {w.casefold() for w in nxt[0] | nxt[1]}
            if not words or not all(_WORD_START.match(w) for w in words):
                return {m.group().lower(): None}
            return {m.group().lower(): frozenset(words)}
    return None


def _literal_then_group(frag: str, end: int) -> list[str] | None:
    """A literal run straight followed by a plain group of alternatives, spelled out one fragment per alternative.

    ``here(?:'s| is) the`` gives ``here's the`` and ``here is the``: the same
    matches, whose first words can then be read exactly. ``None`` when the run
    is not followed by such a group (or a quantifier follows the group, or an
    alternative is empty).
    """
    if not frag.startswith("(?:", end):
        return None
    close = _matching_paren(frag, end)
    if close is None or frag[close + 1 : close + 2] in ("?", "*", "+", "{"):
        return None
    alternatives = _split_alternatives(frag[end + 3 : close])
    if not all(alternatives):
        return None
    return [frag[:end] + alternative + frag[close + 1 :] for alternative in alternatives]


def _merge(into: Gates, gates: Gates) -> None:
    for word, nxt in gates.items():
        if word in into:
            known = into[word]
            into[word] = None if known is None or nxt is None else known | nxt
        else:
            into[word] = nxt


def _matching_paren(text: str, start: int) -> int | None:
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _split_alternatives(body: str) -> list[str]:
    out, depth, start, i = [], 0, 0, 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        i += 1
    out.append(body[start:])
    return out


class AnchoredPhrases:
    """Find phrase matches in a prepared document, trying only at plausible words.

    ``source`` is the full pattern (it must match starting at a word);
    ``fragments`` are the alternatives it is built from, used to read off
    the leading words. Fragments without readable leading words are matched
    with ``fallback`` (a pattern of those fragments alone) over the text.
    """

    def __init__(
        self,
        source: str,
        fragments: Iterable[str],
        fallback: str | None = None,
        flags: int = FLAGS,
        *,
        capitalised_next: Iterable[str] = (),
    ) -> None:
        exact: set[str] = set()
        prefixes: set[str] = set()
        gates: Gates = {}
        self.scan_all = False
        for fragment in fragments:
            words = leading_words(fragment)
            if words is None:
                self.scan_all = fallback is None
                continue
            exact |= words[0]
            prefixes |= words[1]
            found = followers(fragment)
            if found is None or set(found) != words[0] or words[1]:
                found = dict.fromkeys(words[0] | words[1])  # what follows is not known: no gate
            _merge(gates, found)
        self.exact = frozenset(exact)
        #: Exact first words whose every phrase names the next word: a start there is
        #: tried only when the next word begins with one of these (case-folded). The
        #: test costs a bisection, where a failed match of a large pattern costs 5-15 us.
        self.gates: dict[str, tuple[str, ...]] = {
            word: tuple(sorted(nxt)) for word, nxt in gates.items() if nxt is not None and word in exact
        }
        #: Gated words whose gate also lets through a next word that starts with a capital: the
        #: pattern allows a capitalised word there (``(?-i:\\p{Lu}...)``), which no list of
        #: beginnings can name. ``str.isupper`` holds for every ``\\p{Lu}`` character.
        self.capitalised_next = frozenset(capitalised_next)
        self.prefixes = tuple(sorted(prefixes))
        self.pattern: regex.Pattern[str] = compile_pattern(source, flags)
        self.fallback: regex.Pattern[str] | None = compile_pattern(fallback, flags) if fallback else None

    def finditer(self, doc: PreparedDocument) -> Iterator[regex.Match[str]]:
        """Non-overlapping matches in text order."""
        text = doc.text
        if self.scan_all:
            yield from finditer_each(self.pattern, text)
            return
        found = list(self._anchored(doc))
        if self.fallback is not None:
            found.extend(finditer_each(self.fallback, text))
            found.sort(key=lambda m: m.start())
        last_end = -1
        for m in found:
            if m.start() >= last_end:
                last_end = m.end()
                yield m

    def _anchored(self, doc: PreparedDocument) -> Iterator[regex.Match[str]]:
        text = doc.text
        offsets = doc.word_offsets
        texts = doc.word_texts
        gates = self.gates
        capitalised_next = self.capitalised_next
        last = len(offsets) - 1
        starts: list[int] = []
        add = starts.append
        # The tokens that are one of the exact first words, by word (the document's shared
        # look-up, see PreparedDocument.word_index); a gated word's tokens are tried only
        # before a possible next word.
        for word, numbers in doc.word_index(self.exact).items():
            gate = gates.get(word)
            if gate is None:
                starts.extend(map(offsets.__getitem__, numbers))
            elif word in capitalised_next:
                for i in numbers:
                    if i < last and (texts[i + 1][0].isupper() or texts[i + 1].casefold().startswith(gate)):
                        add(offsets[i])
            else:
                for i in numbers:
                    if i < last and texts[i + 1].casefold().startswith(gate):
                        add(offsets[i])
        if self.prefixes:
            exact = self.exact
            lower = doc.lower_words
            for i in doc.word_numbers_starting(self.prefixes):
                if lower[i] not in exact:
                    add(offsets[i])
        starts.sort()
        match = self.pattern.match
        resume = 0
        for start in starts:
            if start < resume:
                continue
            m = match(text, start, timeout=PATTERN_TIMEOUT)
            if m is not None:
                resume = m.end()
                yield m
