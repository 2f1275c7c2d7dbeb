"""``sentence_ends`` finds exactly the matches of the sentence-end pattern, without scanning with it."""

from __future__ import annotations

import random

import pytest
import regex

from provlint.sentence_ends import SENTENCE_END, sentence_ends
from tests.conftest import SEEDS

_PATTERN = regex.compile(SENTENCE_END)


def _matches(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _PATTERN.finditer(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        (".", [(0, 1)]),
        ("Hi.", [(2, 3)]),
        ("x.\n", [(1, 2)]),
        ('Wait... what?! "Yes." No', [(4, 7), (12, 14), (19, 21)]),
        ("www.example.com a.b 3.5", []),  # no whitespace after the stop
        ("…)] x", [(0, 3)]),  # an end at offset 0, closers included
        ("a .. b", [(2, 4)]),
        # regex's \s: NEL, the line separator and no-break space are whitespace; the file separator
        # (which str.isspace calls whitespace) and the zero-width space are not.
        ("one.\x1ctwo.\x85three.\u2028four.\xa0five.\u200bsix", [(8, 9), (15, 16), (21, 22)]),
        ("dots" + "." * 5000 + "x and " + "!?" * 300 + " then.", [(5010, 5610), (5615, 5616)]),
    ],
)
def test_sentence_ends(text: str, expected: list[tuple[int, int]]) -> None:
    assert sentence_ends(text) == expected
    assert _matches(text) == expected


def test_sentence_ends_equal_the_pattern_on_generated_strings() -> None:
    rng = random.Random(19)
    alphabet = [*".!?…\"'”’»)]([ \n\t\x1c\x85\xa0\u2028\u3000ab.", "\u200b", "\ufeff"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert sentence_ends(text) == _matches(text), repr(text)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_sentence_ends_equal_the_pattern_on_the_seeds(path: object) -> None:
    text = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert sentence_ends(text) == _matches(text)
