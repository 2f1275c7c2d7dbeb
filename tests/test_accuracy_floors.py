"""Accuracy floors on the pinned labelled sample (tests/fixtures/eval/).

A change that lowers a rule's precision below its floor fails here. The
issue's targets are boilerplate lines F1 >= 0.80 with precision >= 0.90 on the
page datasets and vague-attribution precision >= 0.80; each floor is the
target where it is met, else the measured value minus a small margin (the
comment says by how much the target is missed). docs/accuracy.md has the full
table on the full datasets. When rules improve, raise the floors.

The sample is built by benchmarks/make_eval_sample.py, blindly (by id hash).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from provlint.evaluation import ALL_RULES, DatasetScores, evaluate, load_dataset, markdown_table
from provlint.registry import get_registry

SAMPLE = Path(__file__).parent / "fixtures" / "eval"
PAGE_DATASETS = ("cleanportaleval", "scrapinghub-aeb", "trafilatura-eval")

#: (dataset, row) -> metric -> floor. Rows: "provlint" (all scored rules), a family ("PL1xx") or a code.
FLOORS: dict[tuple[str, str], dict[str, float]] = {
    # Targets met on the sample (measured P 0.991, F1 0.965).
    ("cleanportaleval", ALL_RULES): {"precision": 0.90, "f1": 0.80},
    # The site-boilerplate rule alone, the test of learning across a site's pages (measured P 0.998, F1 0.897).
    ("cleanportaleval", "site-boilerplate"): {"precision": 0.90, "f1": 0.85},
    # Targets met on the sample (measured P 0.987, F1 0.936).
    ("scrapinghub-aeb", ALL_RULES): {"precision": 0.90, "f1": 0.80},
    # Precision target met (0.962); F1 target 0.80 missed by 0.002 on the sample (0.798): floor 0.78.
    ("trafilatura-eval", ALL_RULES): {"precision": 0.90, "f1": 0.78},
    # Target met on the sample (measured 0.913 on 23 flagged sentences). A row may name the rule (resolved to
    # its code); skipped while it is not installed.
    ("conll2010-wiki-sample", "vague-attribution"): {"precision": 0.80},
}
#: Any single rule that flags at least this many units of a dataset sample must keep this precision:
#: a rule that cries wolf fails CI even before a floor is written for it.
MIN_FLAGGED = 20
RULE_PRECISION_FLOOR = {"line": 0.80, "sentence": 0.60}


@cache
def scores(dataset: str) -> DatasetScores:
    return evaluate(load_dataset(SAMPLE / f"{dataset}.jsonl.gz"))


def _context(s: DatasetScores) -> str:
    return "\n" + markdown_table([s])


@pytest.mark.parametrize("key", sorted(FLOORS), ids=lambda k: f"{k[0]}:{k[1]}")
def test_floor(key: tuple[str, str]) -> None:
    dataset, row = key
    s = scores(dataset)
    if not row.startswith("PL") and row != ALL_RULES:
        cls = get_registry().rule_class(row)
        if cls is None:
            pytest.skip(f"rule {row} is not installed")
        row = cls.code
    counts = s.rows.get(row)
    assert counts is not None, f"{row} not scored on {dataset}" + _context(s)
    for metric, floor in FLOORS[key].items():
        value = getattr(counts, metric)
        assert value is not None and value >= floor, f"{dataset} {row} {metric} {value} < floor {floor}" + _context(s)


@pytest.mark.parametrize("dataset", [*PAGE_DATASETS, "conll2010-wiki-sample"])
def test_no_rule_cries_wolf(dataset: str) -> None:
    s = scores(dataset)
    floor = RULE_PRECISION_FLOOR[s.unit]
    for row, counts in s.rows.items():
        if row.startswith("PL") and counts.flagged >= MIN_FLAGGED:
            assert counts.precision is not None and counts.precision >= floor, (
                f"{dataset}: {row} precision {counts.precision:.3f} < {floor} on {counts.flagged} flagged {s.unit}s"
                + _context(s)
            )


def test_sample_is_small_and_complete() -> None:
    files = sorted(p.name for p in SAMPLE.glob("*.jsonl.gz"))
    assert files == sorted(f"{d}.jsonl.gz" for d in (*PAGE_DATASETS, "conll2010-wiki-sample"))
    assert sum(p.stat().st_size for p in SAMPLE.glob("*.jsonl.gz")) < 300_000
    pages = load_dataset(SAMPLE / "cleanportaleval.jsonl.gz")
    per_site: dict[str, int] = {}
    for r in pages:
        per_site[r.source] = per_site.get(r.source, 0) + 1
    assert min(per_site.values()) >= 5 and len(per_site) == 4
    sentences = load_dataset(SAMPLE / "conll2010-wiki-sample.jsonl.gz")
    assert sum(bool(r.labels["uncertain"]) for r in sentences) == 250 and len(sentences) == 500
