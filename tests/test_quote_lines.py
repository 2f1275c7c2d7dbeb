"""PL305 visits only the lines holding a quotation mark; a speaker carries over blank lines, not over text."""

from __future__ import annotations

from provlint.model import Document
from provlint.patterns import PATTERN_TIMEOUT
from provlint.prepare import prepare
from provlint.rules.attribution.unattributed_quote import _QUOTE, UnattributedQuote, _blanked, _quote_lines

_QUOTE_TEXT = "“We will build the new bridge before the winter comes,” she added."


def _codes(text: str) -> list[tuple[int, str]]:
    doc = prepare(Document(id="d", text=text, lang="en"))
    return [(f.line, f.message) for f in UnattributedQuote().check(doc)]


def test_quote_lines_are_found_from_the_marks() -> None:
    doc = prepare(Document(id="d", text='plain\n“a” and "b"\n\nnone\n«c» “d”\n"e'))
    assert _quote_lines(doc) == [1, 4, 5]


def test_blanked_replaces_each_quotation_by_spaces() -> None:
    line = 'He said “one two” and "three" then.'
    quotes = list(_QUOTE.finditer(line, timeout=PATTERN_TIMEOUT))
    assert _blanked(line, quotes) == "He said           and         then."


def test_a_speaker_carries_over_blank_lines_but_not_over_a_line_of_text() -> None:
    reopened = "“We will also pay for every part of it from the budget,” and so on."
    opening = "The mayor spoke on Monday about the town and its many old roads today."
    assert _codes(f"{opening}\n{_QUOTE_TEXT}\n\n\n{reopened}") == []
    assert _codes(f"{opening}\n{_QUOTE_TEXT}\nThe plan is long.\n{reopened}") == [
        (4, "direct quote has no speaker or attribution verb nearby")
    ]
