from __future__ import annotations

import functools
from collections.abc import Iterable

import regex

from ...analyses.code_listings import inside_listing
from ...anchored import AnchoredPhrases
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT, load_phrases
from ...prepare import PreparedDocument
from ...rule import DocumentRule
from .names import source_spans

# Words before a vague subject that make it specific ("the analysts", "its
# experts", "two people"): then the subject refers to someone identifiable or
# counted, and the phrase is not a weasel.
_SPECIFIC_BEFORE = frozenset(
    "the these those this its their our his her my your whose which what how why of "
    "one two three four five six seven eight nine ten dozen hundreds thousands".split()
)
# Pronoun-like subjects ("some", "many") only weasel at the start of a clause:
# "some say ..." but not "give it some thought".
_CLAUSE_OPENERS = frozenset(
    "and but or that as while whereas though although because since so yet where when if even still however".split()
)
_PRONOUN_SUBJECTS = frozenset("some many most others people".split())
_PREV_WORD = lazy_compile(r"([\w’']+)[^\w]*$")
# A modal in the phrase ("people would say") inside a conditional sentence is a hypothetical, not a claim.
_MODAL = lazy_compile(r"(?<!\w)(?:would|might|could)(?!\w)", regex.IGNORECASE)
_CONDITIONAL = lazy_compile(r"(?<!\w)(?:if|unless|were\s+to|suppose|imagine|when\s+asked)(?!\w)", regex.IGNORECASE)
# A numbered reference cited in the sentence ("(6)", "(10, 11)", "[3]"): the claim's source is given.
_CITATION = lazy_compile(r"(?:\(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\)|\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\])")
# A named study or body as the subject of a finding ("The Forum research found", "a Gallup poll showed"):
# the source of the claims that follow.
_NAMED_STUDY = lazy_compile(
    r"(?-i:\p{Lu}[\p{L}\p{M}’'.-]*)(?:\s+(?-i:\p{Lu})[\p{L}\p{M}’'.-]*)*\s+"
    r"(?:research|study|survey|report|poll|analysis|review|data|figures|paper|census|audit|inquiry|investigation)"
    r"\s+(?:\w+\s+)?(?:found|finds|shows?|showed|suggests?|suggested|revealed|reveals|indicates?|indicated|concluded)",
    regex.IGNORECASE,
)


_DETERMINERS = (
    "some",
    "many",
    "several",
    "most",
    "other",
    "certain",
    "numerous",
    "various",
    "a (?:number|handful) of",
    "a few",
    "few",
)


def _build_pattern() -> AnchoredPhrases:
    subject_list = load_phrases("vague_attribution_subjects")
    fixed_list = load_phrases("vague_attribution_phrases")
    subjects = "|".join(f"(?:{s})" for s in subject_list)
    verbs = "|".join(f"(?:{v})" for v in load_phrases("vague_attribution_verbs"))
    determiners = "(?:(?:" + "|".join(_DETERMINERS) + r")\s+)"
    adverbs = "also|often|have long|long|generally|widely|privately|publicly|now|still"
    compound = rf"(?P<det>{determiners})?(?P<subj>{subjects})\s+(?:(?:{adverbs})\s+)?(?:{verbs})"
    fixed = "|".join(f"(?:{p})" for p in fixed_list)
    source = rf"(?<![\w’'-])(?:(?P<fixed>{fixed})|{compound})(?![\w-])"
    # Each determiner and subject with what must follow it, so that the anchored finder can gate its
    # word on the next one ("some" before a subject, "people" before an adverb or a verb).
    determined = [f"{d} (?:{subjects})" for d in _DETERMINERS]
    said = [f"(?:{s}) (?:{adverbs}|{verbs})" for s in subject_list]
    return AnchoredPhrases(source, [*fixed_list, *determined, *said])


class VagueAttribution(DocumentRule):
    """
    ## What it does
    Reports sentences that attribute a claim to nobody in particular:
    "observers note", "analysts point to", "experts say", "critics argue",
    "some believe", "it is widely believed", "according to reports",
    "sources said". One finding per sentence, spanning the first such phrase.
    A sentence is left alone when the phrase's subject is made specific
    ("the analysts", "Goldman Sachs analysts", "two people") or when a named
    source stands in the sentence or the next one ("analysts at Goldman Sachs
    said", "experts such as Jane Doe", "Smith said", "according to Reuters").
    The previous sentence counts too when it names a source or a named study
    ("The Forum research found ... Many said"), and a sentence that cites a
    numbered reference ("(6)", "[3]") gives its source. A hypothetical
    ("if asked, people would say") is not a claim, nor is a decision ("it
    was agreed that"). Phrases inside a quotation are the quoted speaker's
    words and are left alone. The phrases are data (``vague_attribution_*.txt``).
    Info level by default: edited news uses "analysts say" on purpose
    (docs/accuracy.md has the figures); raise it with
    ``[severity] PL303 = "warning"``.

    ## Why it matters
    Weasel attribution borrows authority without naming it: the reader cannot
    check who "observers" are. It is a hallmark of machine-rewritten news
    padding and of opinion presented as reporting.

    ## Example
    ```
    Observers note that such exchanges are part of a broader pattern.
    ```
    gives ``PL303 vague attribution "Observers note" names no source``;
    ``Analysts at Goldman Sachs said the deal would close.`` gives nothing.
    """

    code = "PL303"
    name = "vague-attribution"
    category = Category.ATTRIBUTION
    # Info by default: precise on encyclopedia text (0.93 on the CoNLL-2010 sentences) but professional news
    # says "analysts say" and "reportedly" on purpose; on edited article text it fired 0.18-0.20 times per
    # 1,000 words, four times the 0.05 a warning may cost (docs/accuracy.md). [severity] PL303 = "warning"
    # makes it a gate again.
    severity = Severity.INFO
    summary = "A claim is attributed to unnamed observers, experts or reports."
    options = {"check_next_sentence": True}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        sentences = doc.sentences
        reported: set[int] = set()
        check_next = bool(self.opts["check_next_sentence"])
        for m in _pattern().finditer(doc):
            index = doc.sentence_index_at(m.start())
            if index in reported or not sentences:
                continue
            sentence = sentences[index]
            if not sentence.start <= m.start() < sentence.end:
                continue
            if m.group("fixed") is None and _subject_is_specific(doc.text, sentence.start, m):
                continue
            if _inside_quotation(doc.text[doc.lines[sentence.line].start : m.start()]):
                continue  # the quoted speaker's words; PL305 asks who the speaker is
            if _names_source(sentence.text) or _CITATION.search(sentence.text, timeout=PATTERN_TIMEOUT):
                continue
            if _MODAL.search(m.group(), timeout=PATTERN_TIMEOUT) and _CONDITIONAL.search(
                sentence.text, timeout=PATTERN_TIMEOUT
            ):
                continue  # a hypothetical: what people would say if asked
            if index > 0 and _names_source(sentences[index - 1].text):
                continue  # the previous sentence named the source the claim continues
            if check_next and index + 1 < len(sentences):
                nxt = sentences[index + 1]
                if nxt.line == sentence.line and _has_named_source(nxt.text):
                    continue
            if inside_listing(doc, m.start(), m.end()):
                continue
            reported.add(index)
            yield self.finding(doc, m.start(), m.end(), f'vague attribution "{m.group()}" names no source')


def _subject_is_specific(text: str, sentence_start: int, m: regex.Match[str]) -> bool:
    """True when the word before the subject pins it down (or makes it a non-subject)."""
    if m.group("det"):
        return False
    before = text[sentence_start : m.start()]
    prev = _PREV_WORD.search(before[-40:], timeout=PATTERN_TIMEOUT)
    if prev is None:
        return False  # the phrase opens the sentence
    word = prev.group(1)
    between = before[-40:][prev.end(1) :]
    lower = word.lower()
    if m.group("subj").lower() in _PRONOUN_SUBJECTS:
        return not ("," in between or lower in _CLAUSE_OPENERS)
    if "," in between or ";" in between or "(" in between:
        return False
    if word[0].isupper() or word[0].isdigit() or lower.endswith(("’s", "'s", "s’", "s'")):
        return True  # "Goldman Sachs analysts", "Moody's analysts", "2 analysts"
    return lower in _SPECIFIC_BEFORE


def _inside_quotation(before: str) -> bool:
    """True when ``before`` (the line up to the phrase) leaves a quotation open."""
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _has_named_source(text: str) -> bool:
    """A name in a source position that is not itself a vague subject ("People say" names no one)."""
    vague = _vague_subject()
    return any(
        not vague.fullmatch(text[s:e], timeout=PATTERN_TIMEOUT) and text[s:e].lower() not in _PRONOUN_SUBJECTS
        for s, e in source_spans(text)
    )


@functools.cache
def _vague_subject() -> regex.Pattern[str]:
    subjects = "|".join(f"(?:{s})" for s in load_phrases("vague_attribution_subjects"))
    return regex.compile(rf"(?:{'|'.join(_DETERMINERS)}\s+)?(?:{subjects})", regex.IGNORECASE)


def _names_source(text: str) -> bool:
    """A named source speaks in ``text``, or a named study or body reports a finding."""
    return _has_named_source(text) or bool(_NAMED_STUDY.search(text, timeout=PATTERN_TIMEOUT))


@functools.cache
def _pattern() -> AnchoredPhrases:
    """The subjects x verbs and the fixed phrases as one pattern, compiled once."""
    return _build_pattern()
