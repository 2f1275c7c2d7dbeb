from __future__ import annotations

import functools
from collections.abc import Iterable

import regex

from ...analyses.code_listings import inside_listing
from ...analyses.line_memo import LineMemo
from ...anchored import leading_words
from ...cache import compile_pattern
from ...model import Category, Finding, Severity
from ...patterns import FLAGS, PATTERN_TIMEOUT, load_phrases
from ...prepare import PreparedDocument
from ...rule import DocumentRule


def _heading_pattern(list_name: str) -> regex.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in load_phrases(list_name))
    # The heading alone, or "Heading: a short subtitle" (no sentence after it).
    return compile_pattern(
        rf"^\s*(?:#+\s*)?(?P<head>{body})\s*(?:[:—–-]\s*[^.!?\n]{{0,80}}|[:.…]*)\s*$",
        FLAGS,
    )


@functools.cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    return _heading_pattern("template_headings"), _heading_pattern("trailing_headings")


@functools.cache
def _first_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """Words a heading of either list can start with: lines starting otherwise are skipped unmatched."""
    exact: set[str] = set()
    prefixes: set[str] = set()
    for name in ("template_headings", "trailing_headings"):
        for phrase in load_phrases(name):
            words = leading_words(phrase)
            if words is None:
                return frozenset(), ("",)  # cannot tell: try every line
            exact |= words[0]
            prefixes |= words[1]
    return frozenset(exact), tuple(sorted(prefixes))


def _head(text: str) -> str | None:
    """The template heading a whole line is (whitespace folded), or None."""
    m = _patterns()[0].match(text, timeout=PATTERN_TIMEOUT)
    return " ".join(m.group("head").split()) if m is not None else None


#: Heading-like lines recur across a site's pages: each distinct text is matched once.
_template_head = LineMemo(_head)


class TemplateHeading(DocumentRule):
    """
    ## What it does
    Reports section headings typical of generated filler appended to an
    article: "Digging Deeper", "Key Takeaways", "The Bottom Line", "In
    Conclusion", "Enrichment Data" (alone or followed by ": a subtitle"),
    and, within the last ``trailing-lines`` non-blank lines, "Read also" and
    similar link-section headings. Only whole lines count: "In conclusion,
    the summit was a success." is a sentence, not a heading.

    ## Why it matters
    Rewriting and "enrichment" pipelines bolt templated sections onto scraped
    articles. The headings are their fingerprint: the section under them
    restates or pads the article and was not written by its publisher.

    ## Example
    ```
    Digging Deeper: The Undercurrents
    ```
    gives ``PL401 template section heading "Digging Deeper"``.
    """

    code = "PL401"
    name = "template-heading"
    category = Category.REWRITE
    severity = Severity.WARNING
    summary = 'A section heading typical of generated filler ("Key Takeaways", "Digging Deeper").'
    options = {"max_words": 12, "trailing_lines": 5}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        trailing = _patterns()[1]
        exact, prefixes = _first_words()
        max_words = int(self.opts["max_words"])
        nonblank = [line for line in doc.lines if not line.is_blank]
        tail = {line.index for line in nonblank[-int(self.opts["trailing_lines"]) :]} if nonblank else set()
        for line in nonblank:
            text = line.text
            if len(text) > 120:
                continue
            first = text.lstrip(" #").split(" ", 1)[0].lower()
            # the first-word gate before the word count: it turns away nearly every line without a list of words
            if (first not in exact and not first.startswith(prefixes)) or len(text.split()) > max_words:
                continue
            head = _template_head(text)
            if head is None and line.index in tail:
                m = trailing.match(text, timeout=PATTERN_TIMEOUT)
                head = " ".join(m.group("head").split()) if m is not None else None
            if head is None or inside_listing(doc, line.start, line.end):
                continue
            lead = len(text) - len(text.lstrip())
            yield self.finding(
                doc, line.start + lead, line.start + len(text.rstrip()), f'template section heading "{head}"'
            )
