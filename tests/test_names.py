"""The named-source heuristic's look-ahead for an attribution verb, matched in place."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from provlint.patterns import PATTERN_TIMEOUT
from provlint.rules.attribution import names
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


def test_name_runs_are_remembered_and_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(names, "_name_runs", {})
    monkeypatch.setattr(names, "_NAME_RUN_LIMIT", 3)
    runs = [["Emmanuel", "Macron"], ["United", "States"], ["President", "Macron"], ["IMF"], ["Monday"]]
    assert [names._is_name_run(r) for r in runs] == [True, False, True, True, False]
    # Full at the fourth run: cleared, then the fourth and fifth remembered.
    assert names._name_runs == {("IMF",): True, ("Monday",): False}
    names._name_runs[("Monday",)] = True  # a remembered answer is the one given
    assert names._is_name_run(["Monday"]) is True


def _cpu(call: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    gc.disable()
    try:
        for _ in range(runs):
            began = time.process_time()
            call()
            best = min(best, time.process_time() - began)
    finally:
        gc.enable()
    return best


def test_name_spans_of_a_long_document_grow_linearly() -> None:
    """PL305 reads the names of a whole document: 8 times the text takes about 8 times as long, not 64."""
    pages = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:20]]
    small = "\n".join(f"{page}\nMinister Jane Doe{i} said so. Acme{i} Inc. grew." for i, page in enumerate(pages))
    large = "\n".join([small] * 8)
    assert len(name_spans(large)) == 8 * len(name_spans(small))
    ratio = _cpu(lambda: name_spans(large)) / max(_cpu(lambda: name_spans(small)), 1e-4)
    assert ratio < 24, ratio


def test_sentence_memo_keeps_short_texts_and_is_bounded() -> None:
    calls: list[str] = []

    def compute(text: str) -> list[tuple[int, int]]:
        calls.append(text)
        return [(0, len(text))]

    memo = names._SentenceMemo(limit=2, longest=10)
    assert memo.get("Ann said", compute) == [(0, 8)]
    assert memo.get("Ann said", compute) == [(0, 8)]
    memo.get("Bob", compute)[0] = (5, 5)  # the caller's copy, not the memo's
    assert memo.get("Bob", compute) == [(0, 3)]
    assert calls == ["Ann said", "Bob"]
    memo.get("Cy", compute)  # full: cleared, then "Cy" kept
    memo.get("Ann said", compute)
    long = "Dora Smith said so"  # longer than 10 characters: computed every time
    memo.get(long, compute)
    memo.get(long, compute)
    assert calls == ["Ann said", "Bob", "Cy", "Ann said", long, long]


def test_memoised_spans_are_the_computed_ones() -> None:
    text = "Smith, an analyst at Goldman Sachs, said so. Experts such as Jane Doe agree. It rained."
    assert names.name_spans(text) == names._name_spans(text) == [(21, 34), (61, 69)]
    assert names.source_spans(text) == names._source_spans(text) == [(21, 34), (61, 69)]


def test_clear_memos_forgets_every_answer() -> None:
    names.name_spans("Jane Doe said so.")
    names.source_spans("Jane Doe said so.")
    assert names._names_memo._known and names._sources_memo._known and names._name_runs
    names.clear_memos()
    assert not names._names_memo._known and not names._sources_memo._known and not names._name_runs
