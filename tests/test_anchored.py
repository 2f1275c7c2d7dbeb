"""AnchoredPhrases must find exactly what a plain scan of the same pattern finds."""

from __future__ import annotations

import pytest

from provlint import Document
from provlint.anchored import AnchoredPhrases, followers, leading_words
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
        ("here(?:'s| is) a summary", ({"here's", "here"}, set())),  # the group spelled out: exact words
        ("here(?:'s|s)? a summary", (set(), {"here"})),  # an optional group: any word starting "here"
        ("i(?:'m| am)ok", ({"i'mok", "i"}, set())),  # each branch read on its own
        ("(?-i:may)", ({"may"}, set())),
        (r"\[your name\]", None),
        ("(?:sa(?:y|id))+ so", (set(), {"say", "said"})),
        ("(?:the )*end", None),
    ],
)
def test_leading_words(fragment: str, expected: tuple[set[str], set[str]] | None) -> None:
    assert leading_words(fragment) == expected


TEXTS = [
    "Observers note that the Officials said so. It is widely believed that some say otherwise.",
    "Here's a summary of the article: I hope this helps. [Your Name] may possibly suggest a rewrite.",
    "The bottom line: key takeaways, maybe. A senior official, a former diplomat, said it.",
    "I'm just an AI. i am an AI model. Here is the rewritten version. I'man AI. Heres a summary. I AM AN AI",
    *(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))),
]


@pytest.mark.parametrize(
    "lists", [["vague_attribution_phrases"], ["hedge_cues"], ["assistant_residue"], ["template_headings"]]
)
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


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("it (?:is|was) said", {"it": frozenset({"is", "was"})}),
        (
            "(?:the )?(?:evidence|consensus) shows",
            {
                "the": frozenset({"evidence", "consensus"}),
                "evidence": frozenset({"shows"}),
                "consensus": frozenset({"shows"}),
            },
        ),
        ("(?:is|has been) seen", {"is": frozenset({"seen"}), "has": frozenset({"been"})}),
        (r"according\s+to some", {"according": frozenset({"to"})}),
        ("rumou?red by", None),
        ("it 's said", {"it": None}),  # a next word that does not start with a word character: no gate
        ("some", None),  # nothing after the word: the caller leaves it ungated
        ("(?:a|an) ", None),
        ("(?-i:may) be", None),
        ("(?:sa(?:y|id))+ so", None),
        ("i(?:'m| am) an ai", {"i'm": frozenset({"an"}), "i": frozenset({"am"})}),
        ("i(?:'m| am)", None),  # "i'm" with nothing after it: not readable
    ],
)
def test_followers(fragment: str, expected: dict[str, frozenset[str] | None] | None) -> None:
    assert followers(fragment) == expected


def test_a_gated_word_is_tried_only_before_a_possible_next_word() -> None:
    finder = AnchoredPhrases(
        phrase_pattern(["it (?:is|was) said", "the evidence shows"]).pattern,
        ["it (?:is|was) said", "the evidence shows"],
    )
    assert finder.gates == {"it": ("is", "was"), "the": ("evidence",)}
    doc = prepare(
        Document(id="t", text="The cat. It is said. IT WAS SAID! The Evidence shows; it, is said; the evidence")
    )
    assert [doc.text[m.start() : m.end()] for m in finder.finditer(doc)] == [
        "It is said",
        "IT WAS SAID",
        "The Evidence shows",
    ]


def test_a_capitalised_next_word_passes_the_gate_of_a_word_that_allows_one() -> None:
    source = r"(?<!\w)an?\s+(?:(?:senior|(?-i:\p{Lu}\w*))\s+)?official"
    finder = AnchoredPhrases(source, ["(?:a|an) (?:senior|official)"], capitalised_next=["a"])
    assert finder.gates == {"a": ("official", "senior"), "an": ("official", "senior")}
    doc = prepare(Document(id="t", text="A senior official. a French official, an Irish official, a lot. An official."))
    # "an Irish official" is not tried: only "a" lets a capitalised word through.
    assert [doc.text[m.start() : m.end()] for m in finder.finditer(doc)] == [
        "A senior official",
        "a French official",
        "An official",
    ]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_vague_attributions_gated_subjects_find_what_a_full_scan_finds(text: str) -> None:
    from provlint.rules.attribution.vague_attribution import _build_pattern

    finder = _build_pattern()
    assert "people" in finder.gates["some"] and "say" in finder.gates["people"]
    doc = prepare(
        Document(id="t", text=text + "\nSome people say so. People here agree; many experts have long argued it.")
    )
    plain = [m.span() for m in finder.pattern.finditer(doc.text, timeout=PATTERN_TIMEOUT)]
    assert [m.span() for m in finder.finditer(doc)] == plain


def test_phrases_at_the_first_and_the_last_word_with_exact_gated_and_prefix_words() -> None:
    fragments = ["it (?:is|was) said", "couldn't be", "observers? note", "foreign(?:er)?s? claim"]
    finder = AnchoredPhrases(phrase_pattern(fragments).pattern, fragments)
    assert finder.gates == {"it": ("is", "was"), "couldn't": ("be",)}
    assert finder.prefixes == ("foreign", "observer")
    text = "Observers note it. It was said; COULDN'T BE. İt is said, foreigners claim. It is said"
    doc = prepare(Document(id="t", text=text))
    assert [(m.start(), m.group()) for m in finder.finditer(doc)] == [
        (0, "Observers note"),
        (19, "It was said"),
        (32, "COULDN'T BE"),
        (45, "İt is said"),
        (57, "foreigners claim"),
        (75, "It is said"),
    ]
    # "İt" lower-cases to "i" and a combining dot; the words are read with "İ" as "i", as the pattern's own
    # case-insensitive scan matches it.
    assert [m.span() for m in finder.finditer(doc)] == [m.span() for m in finder.pattern.finditer(text)]
