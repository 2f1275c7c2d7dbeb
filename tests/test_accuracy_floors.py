"""Accuracy floors on the pinned labelled sample (tests/fixtures/eval/).

A change that lowers a rule's precision below its floor fails here. The
issue's targets are boilerplate lines F1 >= 0.80 with precision >= 0.90 on the
page datasets and vague-attribution precision >= 0.80; each floor is the
target where it is met, else the measured value minus a small margin (the
comment says by how much the target is missed). docs/accuracy.md has the full
table on the full datasets. When rules improve, raise the floors.

Besides the boilerplate class, the floors keep the article: the share of
article lines and characters left unflagged, and the warnings per 1,000 words
on article text alone (clean-text false alarms).

The sample is built by benchmarks/make_eval_sample.py, blindly (by id hash).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from provlint.eval_report import detail_table, sentence_table
from provlint.evaluation import ALL_RULES, CleanTextAlarms, DatasetScores, clean_text_alarms, evaluate, load_dataset
from provlint.model import Severity
from provlint.registry import get_registry

SAMPLE = Path(__file__).parent / "fixtures" / "eval"
PAGE_DATASETS = ("cleanportaleval", "scrapinghub-aeb", "trafilatura-eval")

#: (dataset, row) -> "unit.metric" -> floor. Rows: "provlint" (all scored rules), a family ("PL1xx"), a code or
#: a rule name. Units: "lines" (sentences) and "chars"; metrics: precision, recall (boilerplate removed), f1,
#: article_kept.
FLOORS: dict[tuple[str, str], dict[str, float]] = {
    # Issue 16 round 2 (measured on the sample): boilerplate P 0.992, F1 0.969; removed 0.947 (lines), 0.798
    # (chars); article kept 0.887 (lines), 0.970 (chars): the annotators label msnbc's picture captions as
    # article text, which PL107 image-caption reports (targets 0.97 / 0.99 missed; floors under the measurement).
    ("cleanportaleval", ALL_RULES): {
        "lines.precision": 0.90,
        "lines.f1": 0.80,
        "lines.recall": 0.94,
        "chars.recall": 0.79,
        "lines.article_kept": 0.88,
        "chars.article_kept": 0.965,
    },
    # The site-boilerplate rule alone, the test of learning across a site's pages (measured P 0.998, F1 0.897).
    ("cleanportaleval", "site-boilerplate"): {"lines.precision": 0.90, "lines.f1": 0.85},
    # Measured P 0.988, F1 0.941; removed 0.899 (lines), 0.618 (chars); article kept 0.933 (lines), 0.985 (chars).
    ("scrapinghub-aeb", ALL_RULES): {
        "lines.precision": 0.90,
        "lines.f1": 0.93,
        "lines.recall": 0.89,
        "chars.recall": 0.60,
        "lines.article_kept": 0.93,
        "chars.article_kept": 0.98,
    },
    # Measured P 0.964, F1 0.829; removed 0.727 (lines), 0.364 (chars); article kept 0.968 (lines), 0.997 (chars).
    ("trafilatura-eval", ALL_RULES): {
        "lines.precision": 0.90,
        "lines.f1": 0.82,
        "lines.recall": 0.72,
        "chars.recall": 0.36,
        "lines.article_kept": 0.96,
        "chars.article_kept": 0.99,
    },
    # Target met on the sample (measured 0.955 on 22 flagged sentences). A row may name the rule (resolved to
    # its code); skipped while it is not installed.
    ("conll2010-wiki-sample", "vague-attribution"): {"lines.precision": 0.85},
}
#: Any single rule that flags at least this many units of a dataset sample must keep this precision:
#: a rule that cries wolf fails CI even before a floor is written for it.
MIN_FLAGGED = 20
RULE_PRECISION_FLOOR = {"line": 0.80, "sentence": 0.60}
#: Warning-level findings per 1,000 words on each page's article text alone (nearly all false alarms):
#: ceilings for the total and for any one rule. Target 0.2 in total and 0.05 per rule; on the sample one finding
#: is 0.11-0.19 per 1,000 words. Measured: cleanportaleval 0.453 (4 PL207 site-boilerplate findings on lines that
#: articles of one site share), scrapinghub-aeb 0.240 (PL401 and the PL901 plugin, one each), trafilatura-eval 0.
CLEAN_TEXT_TOTAL_CEILING = {"cleanportaleval": 0.5, "scrapinghub-aeb": 0.3, "trafilatura-eval": 0.2}
CLEAN_TEXT_RULE_CEILING = 0.5


@cache
def scores(dataset: str) -> DatasetScores:
    return evaluate(load_dataset(SAMPLE / f"{dataset}.jsonl.gz"))


@cache
def alarms(dataset: str) -> CleanTextAlarms:
    return clean_text_alarms(load_dataset(SAMPLE / f"{dataset}.jsonl.gz"))


def _context(s: DatasetScores) -> str:
    if s.unit == "sentence":
        return "\n" + sentence_table([s])
    return "\n" + detail_table([s], "lines") + "\n" + detail_table([s], "chars")


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
    for key_metric, floor in FLOORS[key].items():
        unit, metric = key_metric.split(".")
        value = getattr(getattr(counts, unit), metric)
        assert value is not None and value >= floor, f"{dataset} {row} {key_metric} {value} < floor {floor}" + _context(
            s
        )


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


@pytest.mark.parametrize("dataset", PAGE_DATASETS)
def test_clean_text_false_alarms(dataset: str) -> None:
    a = alarms(dataset)
    assert a.words > 5000
    total = a.total_per_1000_words(Severity.WARNING)
    assert total <= CLEAN_TEXT_TOTAL_CEILING[dataset], f"{dataset}: {total:.3f} warnings per 1,000 words: {a.findings}"
    for code in a.findings:
        if a.severity[code].rank >= Severity.WARNING.rank:
            rate = a.per_1000_words(code)
            assert rate <= CLEAN_TEXT_RULE_CEILING, f"{dataset}: {code} {rate:.3f} per 1,000 words of article text"


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
