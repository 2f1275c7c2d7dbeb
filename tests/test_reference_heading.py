"""PL301's reference-heading look-up: the case-folded word gate never hides a heading the pattern accepts."""

from __future__ import annotations

import pytest

from provlint import Document
from provlint.prepare import PreparedDocument
from provlint.rules.attribution.dangling_citation_marker import _reference_heading


def _heading(text: str) -> int | None:
    return _reference_heading(PreparedDocument(Document(id="d", text=text, source="s")))


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("Body [1].\nREFERENCES\n[1] A source.", 1),
        ("Body [1].\n\n## Works Cited:\n[1] A source.", 2),
        ("Body [1].\n  Reference  \n1. A source.", 1),
        ("Body [1].\nFootnotes\n[1] x", 1),
        ("Body [1].\nSOURCES:\n[1] x", 1),
        # the words are there, but not as a heading line (or the line is 40 characters or longer)
        ("Our sources say so [1].\n[1] x", None),
        ("Body [1].\n" + "References" + " " * 35 + "\n[1] x", None),
        # none of the words: no line is tried
        ("Body [1].\nFurther reading\n[1] x", None),
        ("", None),
    ],
)
def test_reference_heading(text: str, index: int | None) -> None:
    assert _heading(text) == index
