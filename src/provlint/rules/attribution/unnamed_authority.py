from __future__ import annotations

import functools
from collections.abc import Iterable

import regex

from ...analyses.code_listings import inside_listing
from ...anchored import AnchoredPhrases
from ...cache import compile_pattern
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import FLAGS, PATTERN_TIMEOUT, load_phrases
from ...prepare import PreparedDocument, Span
from ...rule import DocumentRule
from .names import has_name, is_common_capitalised

# A role that attributes by itself: a spokesperson speaks for someone.
_SPEAKS_BY_ROLE = lazy_compile(r"spokes(?:person|man|woman)$", FLAGS)
# "a spokesperson for OpenAI": the role speaks for a named organisation.
_AFFILIATION = lazy_compile(r"^\s+(?:for|at|of|from)\s+(?:the\s+)?(?-i:\p{Lu})", FLAGS)
_VERB_BEFORE = lazy_compile(r"(?<!\w)(?:according\s+to|said|says|told|warned|added|quoted)\s+$", FLAGS)


@functools.cache
def _pattern() -> AnchoredPhrases:
    roles = "|".join(f"(?:{r})" for r in load_phrases("unnamed_authority_roles"))
    mods = "|".join(f"(?:{m})" for m in load_phrases("unnamed_authority_modifiers"))
    # Capitalised modifiers ("United States", "French", "U.S.") are matched
    # case-sensitively inside the otherwise case-insensitive pattern.
    cap = r"(?-i:\p{Lu}[\p{L}.’'-]*)"
    source = rf"(?<![\w-])(?:a|an|one|another)\s+(?:(?:{mods}|{cap})\s+){{0,5}}(?:{roles})(?![\w-])"
    # The word after the article begins a modifier or a role, or is capitalised: a gate on it spares the
    # whole pattern's match at most "a"s and "an"s of a text.
    after = "|".join(
        f"(?:{p})" for p in [*load_phrases("unnamed_authority_modifiers"), *load_phrases("unnamed_authority_roles")]
    )
    articles = ("a", "an", "one", "another")
    return AnchoredPhrases(source, [f"(?:a|an|one|another) (?:{after})"], capitalised_next=articles)


@functools.cache
def _speaks_after() -> regex.Pattern[str]:
    """The role is the subject of an attribution verb: right after it, or after a
    short prepositional phrase ("for the ministry") and/or a clause between
    commas ("who asked not to be named")."""
    verbs = "|".join(f"(?:{v})" for v in load_phrases("attribution_verbs"))
    return compile_pattern(
        r"^(?:\s+(?:for|at|in|with|from|of|close\s+to|familiar\s+with)\s+(?:the\s+)?[\w.’'-]+(?:\s+[\w.’'-]+){0,4}?)?"
        r"(?:\s*,[^,;]{1,90},)?\s+(?:(?:has|had|have|also|later|then|privately|publicly|\w+ly)\s+){0,2}"
        rf"(?:{verbs})(?!\w)",
        FLAGS,
    )


class UnnamedAuthority(DocumentRule):
    """
    ## What it does
    Reports an authority quoted without a name: "a former United States
    secretary of state warned", "a senior official said", "according to a
    diplomat", "a spokesperson". The role must be used as a source (it is the
    subject of an attribution verb within ``verb-window`` characters, or the
    phrase follows "according to" / "said"; a spokesperson always is), and
    no name of a person or organisation may appear in the same sentence or
    the sentences next to it in the same paragraph. A role tied to a named
    organisation ("a spokesperson for OpenAI", "an IBM spokeswoman", "a Home
    Office spokesman") is a named source; a nationality ("a French
    spokesman") is not.

    ## Why it matters
    A rank in place of a name ("a senior official") asks the reader to trust a
    source they cannot identify or check. Rewritten copy often strips names
    from quotes while keeping the authority they lent.

    ## Example
    ```
    Beyond European diplomacy, a former United States secretary of state
    warned that Russia and China pose a serious challenge.
    ```
    gives ``PL304 unnamed authority "a former United States secretary of
    state": no name in this or a neighbouring sentence``; ``a senior official,
    John Smith, said`` gives nothing.
    """

    code = "PL304"
    name = "unnamed-authority"
    category = Category.ATTRIBUTION
    severity = Severity.WARNING
    summary = "An authority is quoted by rank alone, with no name in the same or a neighbouring sentence."
    options = {"verb_window": 100}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        text = doc.text
        sentences = doc.sentences
        window = int(self.opts["verb_window"])
        for m in _pattern().finditer(doc):
            index = doc.sentence_index_at(m.start())
            if not sentences:
                return
            sentence = sentences[index]
            if not sentence.start <= m.start() < sentence.end:
                continue
            after = text[m.end() : min(sentence.end, m.end() + window)]
            before = text[max(sentence.start, m.start() - 25) : m.start()]
            speaks = (
                _SPEAKS_BY_ROLE.search(m.group(), timeout=PATTERN_TIMEOUT)
                or _speaks_after().match(after, timeout=PATTERN_TIMEOUT)
                or _VERB_BEFORE.search(before, timeout=PATTERN_TIMEOUT)
            )
            if not speaks or _AFFILIATION.match(after, timeout=PATTERN_TIMEOUT):
                continue
            if _speaks_for_named_body(m.group()):
                continue
            rest = text[sentence.start : m.start()] + " " + text[m.end() : sentence.end]
            if has_name(rest) or any(has_name(s.text) for s in _neighbours(sentences, index)):
                continue
            if inside_listing(doc, m.start(), m.end()):
                continue
            phrase = " ".join(m.group().split())
            yield self.finding(
                doc, m.start(), m.end(), f'unnamed authority "{phrase}": no name in this or a neighbouring sentence'
            )


def _speaks_for_named_body(phrase: str) -> bool:
    """ "an IBM spokeswoman", "a Home Office spokesman": a spokesperson of a named organisation is attributed
    (unlike "a French spokesman" or "a senior official", whose capitalised words name no one)."""
    words = phrase.split()
    if not _SPEAKS_BY_ROLE.search(words[-1], timeout=PATTERN_TIMEOUT):
        return False
    return any(w[:1].isupper() and not is_common_capitalised(w) for w in words[1:-1])


def _neighbours(sentences: tuple[Span, ...], index: int) -> list[Span]:
    """The sentences before and after ``index`` on the same line (paragraph block)."""
    line = sentences[index].line
    return [sentences[i] for i in (index - 1, index + 1) if 0 <= i < len(sentences) and sentences[i].line == line]
