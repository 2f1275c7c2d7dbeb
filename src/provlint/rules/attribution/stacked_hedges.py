from __future__ import annotations

import functools
from collections.abc import Iterable

from ...analyses.code_listings import inside_listing
from ...anchored import AnchoredPhrases
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT, load_phrases, phrase_source
from ...prepare import PreparedDocument
from ...rule import DocumentRule

_WORD = lazy_compile(r"\w+(?:[-'’]\w+)*")


@functools.cache
def _pattern() -> AnchoredPhrases:
    cues = load_phrases("hedge_cues")
    return AnchoredPhrases(phrase_source(cues), cues)


class StackedHedges(DocumentRule):
    """
    ## What it does
    Reports a sentence that piles hedges on one claim: two hedge cues ("may",
    "possibly", "suggest", "appears to", ...) with at most ``max-gap`` words
    between them ("may possibly suggest", "could potentially"), or at least
    ``min-hedges`` different cues anywhere in the sentence. One cue repeated
    is a list of alternatives ("it could rain, could clear or could snow";
    "maybe they have kids, maybe not"), not a stack. One info-level finding per
    sentence, spanning the stacked cues. The cues are data (``hedge_cues.txt``).

    ## Why it matters
    One hedge is honest uncertainty; a stack of them says nothing while
    sounding cautious. Paraphrasing models produce such stacks when they
    soften a source's claim again and again, so they also hint at rewriting.

    ## Example
    ```
    The data may possibly suggest a slowdown.
    ```
    gives ``PL306 stacked hedges "may possibly suggest"``.
    """

    code = "PL306"
    name = "stacked-hedges"
    category = Category.ATTRIBUTION
    severity = Severity.INFO
    summary = 'A sentence stacks several hedges on one claim ("may possibly suggest").'
    options = {"max_gap": 1, "min_hedges": 3}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        text = doc.text
        max_gap = int(self.opts["max_gap"])
        min_hedges = int(self.opts["min_hedges"])
        by_sentence: dict[int, list[tuple[int, int]]] = {}
        for m in _pattern().finditer(doc):
            by_sentence.setdefault(doc.sentence_index_at(m.start()), []).append(m.span())
        for cues in by_sentence.values():
            if len(cues) < 2 or inside_listing(doc, cues[0][0], cues[-1][1]):
                continue
            span = _closest_run(text, cues, max_gap)
            if span is not None:
                start, end = span
                yield self.finding(doc, start, end, f'stacked hedges "{" ".join(text[start:end].split())}"')
            elif len({text[s:e].casefold() for s, e in cues}) >= min_hedges:
                shown = ", ".join(f'"{text[s:e]}"' for s, e in cues)
                yield self.finding(
                    doc, cues[0][0], cues[-1][1], f"stacked hedges: {len(cues)} in one sentence ({shown})"
                )


def _closest_run(text: str, cues: list[tuple[int, int]], max_gap: int) -> tuple[int, int] | None:
    """The first run of cues each at most ``max_gap`` words from the next, with two different cues."""
    run_start = 0
    for i in range(1, len(cues) + 1):
        joined = (
            i < len(cues) and len(_WORD.findall(text[cues[i - 1][1] : cues[i][0]], timeout=PATTERN_TIMEOUT)) <= max_gap
        )
        if joined:
            continue
        distinct = {text[s:e].casefold() for s, e in cues[run_start:i]}
        if len(distinct) >= 2:  # "may or may not" repeats one hedge, it does not stack two
            return cues[run_start][0], cues[i - 1][1]
        run_start = i
    return None
