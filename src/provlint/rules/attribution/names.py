"""A cheap named-source heuristic shared by the attribution rules.

Deciding whether a vague claim ("analysts point to ...") or an unnamed
authority ("a senior official said") has a *named* source nearby needs some
notion of a name. A statistical tagger would be slow and need model data, so
this module uses what English news text gives away for free:

* a **title** before a capitalised word: "President Macron", "Dr. Smith";
* a run of capitalised words keeping at least two that are not common
  capitalised non-names: "Emmanuel Macron", "Goldman Sachs" (but not
  "United States", "European Union" or "The Middle East");
* one capitalised word followed by an organisation suffix: "Pew Research",
  "Acme Inc.";
* an acronym of three to six capitals that is not a place or common
  abbreviation: "IMF", "NATO";
* one capitalised word right before an attribution verb, or right after
  "according to": "Meloni remarked", "according to Reuters".

It errs towards *not* finding a name (precision of the rules that use it
depends on not excusing vague text): a lone capitalised word mid-sentence is
not a name unless the context says it speaks.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import regex

from ...cache import compile_pattern
from ...lazy_pattern import lazy_compile
from ...literal_phrases import LiteralPhrases, literal_alternatives
from ...patterns import FLAGS, PATTERN_TIMEOUT, finditer_each, load_phrases, phrase_list_pattern

# A capitalised token: a word starting with an upper-case letter (with inner
# apostrophes, hyphens, dots), or an initial such as "J.".
_CAP_RUN = lazy_compile(
    r"(?<![\w’'])(?:\p{Lu}[\p{L}\p{M}’'.-]*)(?:\s+(?:(?:de|da|di|du|van|von|der|den|la|le|al|bin|ibn|del|dos|das)\s+)?\p{Lu}[\p{L}\p{M}’'.-]*)*",
)
_ACRONYM = lazy_compile(r"^\p{Lu}{3,6}$")


@functools.cache
def _word_set(name: str) -> frozenset[str]:
    return frozenset(load_phrases(name))


@functools.cache
def _lower_set(name: str) -> frozenset[str]:
    return frozenset(p.lower() for p in load_phrases(name))


@functools.cache
def attribution_verb_pattern() -> regex.Pattern[str]:
    """Any attribution verb ("said", "told", "according to", ...), on word boundaries."""
    return phrase_list_pattern(["attribution_verbs"])


@functools.cache
def attribution_verbs() -> LiteralPhrases:
    """:func:`attribution_verb_pattern` searched through an automaton of its literal words (the same matches)."""
    return LiteralPhrases(attribution_verb_pattern(), literal_alternatives(load_phrases("attribution_verbs")))


@functools.cache
def _verb_after() -> regex.Pattern[str]:
    """An attribution verb as the next word(s) of the text, optionally after an adverb or auxiliary."""
    return compile_pattern("^" + _verb_after_source(), FLAGS)


@functools.cache
def _verb_after_at() -> regex.Pattern[str]:
    """:func:`_verb_after` without the ``^``, for ``match(text, pos)``: the same answer as matching
    ``text[pos:]`` without copying the rest of the text for every capitalised run of a long document."""
    return compile_pattern(_verb_after_source(), FLAGS)


def _verb_after_source() -> str:
    verbs = "|".join(f"(?:{v})" for v in load_phrases("attribution_verbs"))
    return rf"[,]?\s+(?:(?:has|had|have|also|later|then|once|previously|recently|himself|herself|itself|\w+ly)\s+){{0,2}}(?:{verbs})(?!\w)"


_ACCORDING_TO = lazy_compile(r"(?<!\w)(?:according\s+to|said|says|told)\s+$", FLAGS)


def _strip(token: str) -> str:
    return token.rstrip(".,;:’'").removesuffix("’s").removesuffix("'s")


#: Answers of :func:`_name_run` by tokens: names recur ("Donald Trump", "New York"), and a run costs 5-50 us of
#: Python. At most this many runs are remembered; the memo is cleared when full.
_NAME_RUN_LIMIT = 50_000
_name_runs: dict[tuple[str, ...], bool] = {}


def _is_name_run(tokens: list[str]) -> bool:
    """:func:`_name_run`, remembered per distinct run of tokens."""
    key = tuple(tokens)
    known = _name_runs.get(key)
    if known is None:
        known = _name_run(tokens)
        if len(_name_runs) >= _NAME_RUN_LIMIT:
            _name_runs.clear()
        _name_runs[key] = known
    return known


def _name_run(tokens: list[str]) -> bool:
    titles = _word_set("name_titles")
    suffixes = _word_set("org_suffixes")
    stop = _lower_set("name_stopwords")
    # A title followed by a capitalised non-stopword: "President Macron".
    for i, tok in enumerate(tokens[:-1]):
        pair = f"{tok} {tokens[i + 1]}"
        nxt = i + 2 if pair in titles else i + 1
        if (tok in titles or pair in titles) and nxt < len(tokens) and _strip(tokens[nxt]).lower() not in stop:
            return True
    meaningful = [t for t in tokens if _strip(t).lower() not in stop and _strip(t) not in titles and len(_strip(t)) > 1]
    if len(meaningful) >= 2:
        return True
    if len(tokens) >= 2 and tokens[-1].rstrip(",;:") in suffixes and meaningful:
        return True
    return any(_ACRONYM.match(_strip(t), timeout=PATTERN_TIMEOUT) and _strip(t).lower() not in stop for t in tokens)


Spans = tuple[tuple[int, int], ...]


class _SentenceMemo:
    """Answers for short texts (sentences), remembered: a bounded memo, cleared when full.

    The attribution rules ask about the same sentence several times (PL303 reads a sentence's names as the
    sentence of a phrase, as the one before the next phrase and as the one after the previous; PL304 reads the
    neighbours of each authority), and a site's pages repeat sentences (bylines, boilerplate). Texts longer
    than ``longest`` (whole documents) are not kept.
    """

    def __init__(self, limit: int = 10_000, longest: int = 600) -> None:
        self.limit = limit
        self.longest = longest
        self._known: dict[str, Spans] = {}

    def get(self, text: str, compute: Callable[[str], list[tuple[int, int]]]) -> list[tuple[int, int]]:
        if len(text) > self.longest:
            return compute(text)
        known = self._known.get(text)
        if known is None:
            known = tuple(compute(text))
            if len(self._known) >= self.limit:
                self._known.clear()
            self._known[text] = known
        return list(known)


_names_memo = _SentenceMemo()
_sources_memo = _SentenceMemo()


def clear_memos() -> None:
    """Forget every remembered answer (a benchmark's repeats start as cold as a run's first pass)."""
    _names_memo._known.clear()
    _sources_memo._known.clear()
    _name_runs.clear()


def name_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that look like names of people or organisations."""
    return _names_memo.get(text, _name_spans)


def _name_spans(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    stop = _lower_set("name_stopwords")
    verb_after = _verb_after_at()
    # One search per run: a long document's many cheap runs must not add up to one pattern timeout.
    for m in finditer_each(_CAP_RUN, text):
        tokens = m.group().split()
        if _is_name_run(tokens):
            out.append(m.span())
            continue
        # One meaningful capitalised word that speaks, or is what "according to" names.
        if len(tokens) <= 2 and _strip(tokens[-1]).lower() not in stop:
            if verb_after.match(text, m.end(), timeout=PATTERN_TIMEOUT) or _ACCORDING_TO.search(
                text[max(0, m.start() - 20) : m.start()], timeout=PATTERN_TIMEOUT
            ):
                out.append(m.span())
    return out


_SOURCE_BEFORE = lazy_compile(
    r"(?<!\w)(?:according\s+to|said|says|told|reported|wrote|writes|added|by|such\s+as|including|like|led\s+by|among\s+them|notably|namely|from|at|of)\s+(?:the\s+)?$",
    FLAGS,
)
_APPOSITIVE = lazy_compile(r"^,[^,.;]{1,80},", FLAGS)


def source_spans(text: str) -> list[tuple[int, int]]:
    """Names in a *source* position: the name speaks ("Smith said", "Smith, an
    analyst at X, said"), is what the text attributes to ("according to
    Reuters", "said John Smith") or qualifies a group ("analysts at Goldman
    Sachs", "experts such as Jane Doe")."""
    return _sources_memo.get(text, _source_spans)


def _source_spans(text: str) -> list[tuple[int, int]]:
    verb_after = _verb_after()
    out = []
    for start, end in name_spans(text):
        rest = text[end:]
        if verb_after.match(rest, timeout=PATTERN_TIMEOUT):
            out.append((start, end))
            continue
        app = _APPOSITIVE.match(rest, timeout=PATTERN_TIMEOUT)
        if app and verb_after.match(rest[app.end() - 1 :], timeout=PATTERN_TIMEOUT):
            out.append((start, end))
            continue
        if _SOURCE_BEFORE.search(text[max(0, start - 25) : start], timeout=PATTERN_TIMEOUT):
            out.append((start, end))
    return out


def is_common_capitalised(token: str) -> bool:
    """True for a capitalised word that names no one: a nationality, a place, a title ("French", "Senior")."""
    word = _strip(token)
    return word.lower() in _lower_set("name_stopwords") or word in _word_set("name_titles")


def has_name(text: str) -> bool:
    """True when ``text`` names a person or an organisation (see the module docstring)."""
    return bool(name_spans(text))
