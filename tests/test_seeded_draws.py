"""numpy's Mersenne Twister gives the seeded ``random.Random``'s choices and gaussians, and the detector that
takes its draws in blocks gives langdetect's probabilities either way."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("numpy")  # the fast extra

from provlint.rules.language import detection, fast_detector, seeded_draws
from provlint.rules.language.seeded_draws import SeededDraws, reproduces_random


@pytest.mark.parametrize("seed", [0, 1, 20_000])
def test_choices_and_gaussians_are_the_interpreters(seed: int) -> None:
    assert reproduces_random(seed)
    ours, theirs = SeededDraws(seed), random.Random(seed)
    for n, count in [(7, 3), (1, 1), (1_000, 700), (55, 1), (300, 5_000), (2**20 + 1, 40)]:
        assert ours.gauss(0.0, 1.0) == theirs.gauss(0.0, 1.0)
        expected = [theirs.choice(range(n)) for _ in range(count)]
        assert ours.peek_choices(n, count).tolist() == expected
        assert ours.peek_choices(n, count).tolist() == expected  # peeking takes nothing
        ours.take_choices(n, count)
    assert ours.double() == theirs.random()


def test_draws_past_the_shared_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A trial that runs past the outputs made once per process continues from the generator's state after them."""
    monkeypatch.setattr(seeded_draws, "FIRST", 16)
    monkeypatch.setattr(seeded_draws, "BLOCK", 8)
    seeded_draws._first_outputs.cache_clear()
    try:
        ours, theirs = SeededDraws(3), random.Random(3)
        assert ours.peek_choices(5, 100).tolist() == [theirs.choice(range(5)) for _ in range(100)]
    finally:
        seeded_draws._first_outputs.cache_clear()


def test_without_block_draws_the_same_probabilities(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the interpreter's ``random`` reads its generator differently, ``random.choice`` is called per draw:
    the same probabilities."""
    factory = detection.language_profiles()
    fast = fast_detector.detector_class()
    texts = [
        "Die Regierung hat am Montag neue Regeln für den Verkehr in der Stadt beschlossen, sagte der Sprecher.",
        "Москва — столица России, крупнейший по численности населения город страны и её политический центр.",
    ]

    def probabilities(text: str) -> list[float]:
        detector = fast(factory)
        detector.n_trial = detection.DOCUMENT_TRIALS
        detector.append(text)
        return [found.prob for found in detector.get_probabilities()]

    in_blocks = [probabilities(t) for t in texts]
    monkeypatch.setattr(fast_detector, "reproduces_random", lambda seed: False)
    assert [probabilities(t) for t in texts] == in_blocks
    assert all(p[0] > 0.99 for p in in_blocks)
