from __future__ import annotations

from collections.abc import Iterable

from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument, Span
from ...rule import DocumentRule

_WORD = lazy_compile(r"\w+(?:[-'’]\w+)*")
_KICKER = lazy_compile(r"^[^:]{3,40}:\s+\S")
_LIST_ITEM = lazy_compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s")
# Function words left out when comparing two headlines' vocabulary.
_STOP = frozenset(
    "the a an and or but of to in on at for with by from as amid over after before into about "
    "is are was were be been has have had its their his her this that these those not no".split()
)


class DivergentHeadline(DocumentRule):
    """
    ## What it does
    Looks at the stand-alone short lines above the article's lead (the first
    line of at least ``lead-min-words`` words; scraped text puts a block on a line). The first of them with 5-20
    words is the headline. A later one that is shaped like a headline too
    (Title Case, or "Kicker: headline") and shares less than
    ``min-overlap`` of its content words with the first is reported as a
    second, diverging headline. Exact repeats are left to PL201. Info level:
    a deck or kicker can legitimately differ.

    ## Why it matters
    Two different headlines over one body mean the page was assembled from
    more than one version of the story (a scraped original and a rewrite,
    or an "enriched" copy), so the title a corpus keeps may not describe the
    text under it.

    ## Example
    ```
    Diplomatic gesture: Macron visits Meloni in Rome amid bid for improved relations.   <- line 3
    ...
    Loosening Ties: Italy and France Strengthen Diplomatic Relations                     <- line 10
    ```
    gives ``PL404 second headline diverges from the headline on line 3``.
    """

    code = "PL404"
    name = "divergent-headline"
    category = Category.REWRITE
    severity = Severity.INFO
    summary = "The document carries a second, different headline above its lead."
    options = {"lead_min_words": 40, "min_overlap": 0.5}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        lead_min = int(self.opts["lead_min_words"])
        min_overlap = float(self.opts["min_overlap"])
        candidates: list[tuple[Span, list[str]]] = []
        for para in doc.paragraphs:
            if max(len(line.split()) for line in para.text.split("\n")) >= lead_min:
                break  # the lead: one block (line) of running text
            if "\n" in para.text or not 5 <= len(para.text.split()) <= 25 or para.text.rstrip().endswith(("?", ":")):
                continue
            words = _WORD.findall(para.text, timeout=PATTERN_TIMEOUT)
            if not 5 <= len(words) <= 20:
                continue
            if _LIST_ITEM.match(para.text, timeout=PATTERN_TIMEOUT):
                continue
            candidates.append((para, words))
        else:
            return  # no lead: the headline area cannot be told from the body
        if len(candidates) < 2:
            return
        first, first_words = candidates[0]
        first_key = " ".join(first.text.split()).casefold()
        first_vocab = _vocab(first_words)
        for para, words in candidates[1:]:
            if " ".join(para.text.split()).casefold() == first_key:
                continue
            if not (_is_title_case(words) or _KICKER.match(para.text, timeout=PATTERN_TIMEOUT)):
                continue
            vocab = _vocab(words)
            if not vocab or not first_vocab:
                continue
            overlap = len(vocab & first_vocab) / min(len(vocab), len(first_vocab))
            if overlap < min_overlap:
                yield self.finding(
                    doc,
                    para.start,
                    para.end,
                    f"second headline diverges from the headline on line {first.line + 1}",
                )


def _vocab(words: list[str]) -> set[str]:
    out = set()
    for w in words:
        low = w.casefold()
        if low in _STOP or len(low) < 3:
            continue
        out.add(low[:-1] if len(low) > 4 and low.endswith("s") else low)
    return out


def _is_title_case(words: list[str]) -> bool:
    long_words = [w for w in words if len(w) >= 4]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.8
