from __future__ import annotations

import functools
from collections.abc import Iterable

import regex

from ...analyses.code_listings import inside_listing
from ...lazy_pattern import lazy_compile
from ...model import Category, Finding, Severity
from ...patterns import finditer_each, phrase_list_pattern
from ...prepare import PreparedDocument
from ...rule import DocumentRule

# "TK" (the newsroom mark for "to come") as a standalone, upper-case token.
_TK = lazy_compile(r"(?<![\w-])TK(?:\s*TK)*(?![\w-])")
_SHOW_LIMIT = 30


@functools.cache
def _pattern() -> regex.Pattern[str]:
    return phrase_list_pattern(["placeholder_attribution"], word_boundary=False)


class PlaceholderAttribution(DocumentRule):
    """
    ## What it does
    Reports editorial placeholders for a source that were never filled in:
    ``[attribution: ...]``, ``[citation needed]``, ``[source]``, ``[link]``,
    ``[insert ...]``, ``(citation)``, ``{{cn}}`` and the newsroom mark ``TK``
    ("to come") where it stands in for missing words: bracketed, on a line of
    its own, repeated, after a currency sign, or closing a clause after a
    lower-case word ("a spokesman said TK."). ``TK``
    next to a capitalised word or a number ("TK Maxx", "flight TK 1923",
    "Turkish Airlines (TK)") is a name or code and is left alone. Bracketed
    placeholders come with a fix that deletes them.

    ## Why it matters
    A placeholder says the writer (or the model) knew a source was needed and
    did not supply one. Published, it shows the text was not edited, and
    the claim beside it has no support.

    ## Example
    ```
    ... with Moscow and Beijing [attribution: several recent policy briefings].
    ```
    gives ``PL302 placeholder "[attribution: …]" left in the text``.
    """

    code = "PL302"
    name = "placeholder-attribution"
    category = Category.ATTRIBUTION
    severity = Severity.WARNING
    summary = "An unfilled source placeholder such as [citation needed] or TK is left in the text."
    options = {"check_tk": True}
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        text = doc.text
        if "[" in text or "(" in text or "{" in text:
            for m in finditer_each(_pattern(), text):
                start, end = m.span()
                if inside_listing(doc, start, end):
                    continue  # a listing's ``[source]`` is a config section or an index, not a placeholder
                shown = _shown(m.group())
                fix_start = start - 1 if start > 0 and text[start - 1] == " " else start
                yield self.finding(
                    doc,
                    start,
                    end,
                    f'placeholder "{shown}" left in the text',
                    fix=self.delete_fix(doc, fix_start, end, f'delete the placeholder "{shown}"'),
                )
        if self.opts["check_tk"] and "TK" in text:
            for m in finditer_each(_TK, text):
                if _tk_is_placeholder(text, m.start(), m.end()) and not inside_listing(doc, m.start(), m.end()):
                    yield self.finding(doc, m.start(), m.end(), f'placeholder "{m.group()}" left in the text')


def _shown(placeholder: str) -> str:
    """The placeholder as the message shows it: long notes cut after their label."""
    flat = " ".join(placeholder.split())
    if len(flat) <= _SHOW_LIMIT:
        return flat
    colon = flat.find(":")
    if 0 < colon < _SHOW_LIMIT:
        return flat[: colon + 1] + " …" + flat[-1]
    return flat[: _SHOW_LIMIT - 2] + "…" + flat[-1]


def _tk_is_placeholder(text: str, start: int, end: int) -> bool:
    """True when the TK at ``text[start:end]`` stands in for missing words."""
    if " " in text[start:end].strip() or "TKTK" in text[start:end]:
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:start].rstrip()
    after = text[end:line_end].lstrip()
    if not before.strip("[( ") and not after.strip("]). :"):
        return True  # alone on its line, perhaps bracketed
    if before.endswith(("[", "(")) and after.startswith(("]", ")")):
        # "(TK)" after a capitalised name is an abbreviation being introduced.
        prev_word = before[:-1].rstrip().rsplit(" ", 1)[-1]
        return not (prev_word[:1].isupper())
    if before.endswith(("$", "£", "€")):
        return True  # "raised $TK million"
    prev_word = before.rsplit(" ", 1)[-1] if before else ""
    # Otherwise it must end a clause after a lower-case word: "a spokesman said TK."
    # ("zwłoka TK sparaliżowała", "TK Maxx", "Thyssenkrupp TK" are names).
    if not after or after[0] not in ".,;:!?)—–":
        return False
    return bool(prev_word) and prev_word.isalpha() and prev_word.islower()
