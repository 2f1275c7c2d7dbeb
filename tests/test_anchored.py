"""AnchoredPhrases must find exactly what a plain scan of the same pattern finds."""

from __future__ import annotations

import pytest

from provlint import Document
from provlint.anchored import AnchoredPhrases, leading_words
from provlint.patterns import PATTERN_TIMEOUT, load_phrases, phrase_pattern
from provlint.prepare import prepare
from tests.conftest import SEEDS


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("observers", ({"observers"}, set())),
        ("officials?", (set(), {"official"})),
        ("(?:is|are) likely to", ({"is", "are"}, set())),
        ("(?:the )?bottom line", ({"the", "bottom"}, set())),
        ("here(?:'s| is) a summary", (set(), {"here"})),
        ("(?-i:may)", ({"may"}, set())),
        (r"\[your name\]", None),
        ("(?:sa(?:y|id))+ so", (set(), {"sa"})),
        ("(?:the )*end", None),
    ],
)
def test_leading_words(fragment: str, expected: tuple[set[str], set[str]] | None) -> None:
    assert leading_words(fragment) == expected


TEXTS = [
    "Observers note that the Officials said so. It is widely believed that some say otherwise.",
    "Here's a summary of the article: I hope this helps. [Your Name] may possibly suggest a rewrite.",
    "The bottom line: key takeaways, maybe. A senior official, a former diplomat, said it.",
    *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))),
]


@pytest.mark.parametrize("lists", [["vague_attribution_phrases"], ["hedge_cues"], ["assistant_residue"], ["template_headings"]])
@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_anchored_matches_equal_a_full_scan(lists: list[str], text: str) -> None:
    phrases = [p for name in lists for p in load_phrases(name)]
    anchored_phrases = [p for p in phrases if leading_words(p) is not None]
    rest = [p for p in phrases if leading_words(p) is None]
    source = phrase_pattern(phrases).pattern
    fallback = phrase_pattern(rest).pattern if rest else None
    finder = AnchoredPhrases(source, anchored_phrases + rest, fallback)
    doc = prepare(Document(id="t", text=text))
    plain = [m.span() for m in phrase_pattern(phrases).finditer(doc.text, timeout=PATTERN_TIMEOUT)]
    assert [m.span() for m in finder.finditer(doc)] == plain
