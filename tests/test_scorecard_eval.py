"""benchmarks/scorecard_eval.py: the gold share, the measured share on labelled lines, rank correlation."""

from __future__ import annotations

import math

from benchmarks.scorecard_eval import covered_within, gold_chars, labelled_spans, ranks, spearman


def test_ranks_average_ties() -> None:
    assert ranks([10.0, 30.0, 20.0, 20.0]) == [1.0, 4.0, 2.5, 2.5]


def test_spearman() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert round(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 4) == 0.8
    assert math.isnan(spearman([1, 1, 1], [1, 2, 3]))


def test_gold_and_labelled_lines() -> None:
    text = "Home\nThe article text.\nunlabelled line\nShare this"
    labels = ["boilerplate", "main", None, "boilerplate"]
    assert gold_chars(text, labels) == (4 + 10, 4 + 17 + 10)
    assert labelled_spans(text, labels) == [(0, 4), (5, 22), (39, 49)]


def test_covered_within_counts_only_labelled_characters() -> None:
    within = [(0, 4), (5, 22), (39, 49)]
    assert covered_within([(0, 4)], within) == 4
    assert covered_within([(2, 30)], within) == 2 + 17
    assert covered_within([(23, 38)], within) == 0  # an unlabelled line
    assert covered_within([(0, 60)], within) == 31
    assert covered_within([(3, 6), (40, 41), (45, 100)], within) == 1 + 1 + 1 + 4
