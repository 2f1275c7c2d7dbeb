"""The named-source heuristic's look-ahead for an attribution verb, matched in place."""

from __future__ import annotations

from provlint.patterns import PATTERN_TIMEOUT
from provlint.rules.attribution.names import _verb_after, _verb_after_at, name_spans
from tests.conftest import SEEDS


def test_the_verb_after_a_position_matches_as_on_the_rest_of_the_text() -> None:
    text = "Meloni remarked that. Smith,  later said so; Jones\nhas also warned. Reuters reported. Cat sat."
    text += "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:3])
    in_place, on_rest = _verb_after_at(), _verb_after()
    for pos in range(len(text)):
        here = in_place.match(text, pos, timeout=PATTERN_TIMEOUT)
        rest = on_rest.match(text[pos:], timeout=PATTERN_TIMEOUT)
        assert (here and (here.start() - pos, here.end() - pos)) == (rest and rest.span()), pos


def test_a_lone_capitalised_word_that_speaks_is_a_name() -> None:
    text = "It rained. Meloni remarked that it was late. Rome is large."
    assert [text[s:e] for s, e in name_spans(text)] == ["Meloni"]
