"""PL201's record fields: a key alternates with another (one copy in most of its gaps), found without trying
every pair of keys (a page of many lines each repeated in place was quadratic)."""

from __future__ import annotations

import random

import pytest

from provlint import Document
from provlint.prepare import prepare
from provlint.rules.duplication import repeated_line
from provlint.rules.duplication.repeated_line import RepeatedLine, _alternates, _template_fields


def _every_pair(candidates: dict[str, list[int]]) -> set[str]:
    """The definition: keys that alternate with some other key, every pair tried."""
    return {a for a in candidates if any(b != a and _alternates(candidates[a], candidates[b]) for b in candidates)}


def test_template_fields_are_the_keys_that_alternate_with_another() -> None:
    # Two questions put in turn, each followed by the same answer line: each question has one copy of the
    # other in every gap; the answer's gaps hold q1 and q2 by turns, so neither fills four in five of them.
    interview = {"q1": [0, 4, 8, 12], "answer": [1, 3, 5, 7, 9, 11, 13], "q2": [2, 6, 10]}
    assert _template_fields(interview) == {"q1", "q2"} == _every_pair(interview)
    in_place = {"a": [0, 1, 2], "b": [3, 4, 5], "c": [6, 7, 8]}  # each line repeated where it stands
    assert _template_fields(in_place) == set() == _every_pair(in_place)
    # One record lacks its age: "name" holds an age in 4 of its 5 gaps; "age" holds one name in 3 of its 4 (two
    # names fall in its last gap), under four in five.
    skipped = {"name": [0, 3, 6, 9, 12, 15], "age": [1, 4, 7, 10, 16]}
    assert _template_fields(skipped) == {"name"} == _every_pair(skipped)
    once = {"x": [3], "y": [9]}  # item-repeats = 1: a key without a gap alternates with any other
    assert _template_fields(once) == {"x", "y"} == _every_pair(once)
    assert _template_fields({"x": [3]}) == set()
    rng = random.Random(201)
    for _ in range(2000):
        keys = [f"k{j}" for j in range(rng.randint(1, 8))]
        lines = rng.sample(range(60), rng.randint(0, 60))
        drawn: dict[str, list[int]] = {}
        for line in lines:
            drawn.setdefault(rng.choice(keys), []).append(line)
        least = rng.choice([1, 2, 3])
        candidates = {key: sorted(where) for key, where in drawn.items() if len(where) >= least}
        assert _template_fields(candidates) == _every_pair(candidates), candidates


def _calls(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    count = 0
    real = repeated_line._alternates

    def counted(first: list[int], second: list[int]) -> bool:
        nonlocal count
        count += 1
        return real(first, second)

    monkeypatch.setattr(repeated_line, "_alternates", counted)
    list(RepeatedLine().check(prepare(Document(id="p", text=text))))
    return count


@pytest.mark.parametrize("items", [100, 800])
def test_record_fields_cost_grows_with_the_keys_not_their_square(monkeypatch: pytest.MonkeyPatch, items: int) -> None:
    lines = [f"Catalogue entry number {i} of the list" for i in range(items)]
    in_place = "\n".join(line for line in lines for _ in range(3))
    assert _calls(monkeypatch, in_place) == 0  # every pair before: items * (items - 1)
    thrice = "\n".join(lines * 3)
    assert _calls(monkeypatch, thrice) == items  # each key's nearest neighbour alternates with it
    # A block, then the same lines each doubled: every key's span holds all the others, but its shortest gap
    # (between its two adjacent copies) holds none, and a partner would have to be in both gaps.
    doubled = "\n".join(lines + [line for line in lines for _ in range(2)])
    assert _calls(monkeypatch, doubled) == 0  # every key inside the span before: about items * items
