"""The evaluation harness itself: line flagging, counting, scoring, the command."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from provlint.cli.main import _load_commands, cli
from provlint.evaluation import ALL_RULES, Counts, Record, evaluate, flagged_lines, line_spans, load_dataset
from provlint.model import Finding, Severity

_load_commands()
SAMPLE = Path(__file__).parent / "fixtures" / "eval"


def _f(code: str, start: int, end: int) -> Finding:
    return Finding(
        code=code,
        name="x",
        category="duplication",
        severity=Severity.WARNING,
        message="m",
        document_id="d",
        source="s",
        path="d",
        line=1,
        column=1,
        end_line=1,
        end_column=1,
        start=start,
        end=end,
        excerpt="",
    )


def test_line_spans_and_flagging() -> None:
    text = "ab\n\ncdef\ngh"
    assert line_spans(text) == [(0, 2), (3, 3), (4, 8), (9, 11)]
    flags = flagged_lines(text, [_f("PL201", 4, 6), _f("PL101", 0, 3), _f("PL102", 1, 10), _f("PL103", 9, 9)])
    assert flags == {"PL201": {2}, "PL101": {0}, "PL102": {0, 1, 2, 3}, "PL103": {3}}


def test_counts() -> None:
    c = Counts()
    for flagged, positive in [(True, True), (True, True), (True, False), (False, True), (False, False)]:
        c.add(flagged, positive)
    assert (c.tp, c.fp, c.fn, c.tn, c.flagged) == (2, 1, 1, 1, 3)
    assert c.precision == pytest.approx(2 / 3) and c.recall == pytest.approx(2 / 3) and c.f1 == pytest.approx(2 / 3)
    assert Counts().precision is None and Counts(fn=3).f1 is None


def test_pages_scored_per_rule_family_and_baseline() -> None:
    text = "No time to read?\nThe talks in Rome went on for hours.\nNo time to read?\nMenu"
    record = Record("p1", "toy", "site", None, text, {"lines": ["boilerplate", "main", "boilerplate", None]})
    everything: list[bool] = [True, True, True, True]

    def flag_all(lines: Sequence[str]) -> list[bool]:
        return everything[: len(lines)]

    s = evaluate([record], {"all": flag_all})
    assert (s.unit, s.scored_units, s.positives) == ("line", 3, 2)
    assert list(s.rows)[0] == ALL_RULES and "PL2xx" in s.rows and "PL201" in s.rows
    pl201 = s.rows["PL201"]
    assert (pl201.tp, pl201.fp, pl201.fn, pl201.tn) == (1, 0, 1, 1)
    baseline = s.rows["all"]
    assert (baseline.tp, baseline.fp, baseline.fn, baseline.tn) == (2, 1, 0, 0)


def test_sentences_scored_against_uncertain() -> None:
    records = [
        Record("s1", "toy", "wikipedia", None, "The treaty was signed [3].", {"uncertain": True}),
        Record("s2", "toy", "wikipedia", None, "The treaty was signed in 1648.", {"uncertain": False}),
        Record("s3", "toy", "wikipedia", None, "Some say it was never signed.", {"uncertain": True}),
    ]
    s = evaluate(records)
    assert (s.unit, s.scored_units, s.positives) == ("sentence", 3, 2)
    marker = s.rows["PL301"]
    assert (marker.tp, marker.fp, marker.fn, marker.tn) == (1, 0, 1, 1)


def test_load_dataset_reads_gzip_and_plain(tmp_path: Path) -> None:
    record = {"id": "x/1", "dataset": "x", "source": "s", "url": "", "text": "t", "labels": {"uncertain": False}}
    (tmp_path / "x.jsonl").write_text(json.dumps(record) + "\n\n", encoding="utf-8")
    with gzip.open(tmp_path / "y.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
    assert load_dataset(tmp_path / "x.jsonl") == load_dataset(tmp_path / "y.jsonl.gz")
    assert load_dataset(tmp_path / "x.jsonl")[0].url is None


def test_eval_command_on_the_sample(tmp_path: Path) -> None:
    out = tmp_path / "table.md"
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            "--data",
            str(SAMPLE),
            "--no-baselines",
            "-d",
            "scrapinghub-aeb",
            "-d",
            "conll2010-wiki-sample",
            "-o",
            str(out),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert "- scrapinghub-aeb: 12 records, 2132 labelled lines, 1835 positive (boilerplate)" in result.stdout
    assert "| scrapinghub-aeb | line | PL201 repeated-line |" in result.stdout
    assert "| conll2010-wiki-sample | sentence | PL301 dangling-citation-marker |" in result.stdout
    assert out.read_text(encoding="utf-8") == result.stdout


def test_eval_command_unknown_dataset() -> None:
    result = CliRunner().invoke(cli, ["eval", "--data", str(SAMPLE), "--no-baselines", "-d", "nope"])
    assert result.exit_code == 2 and "no dataset named nope" in result.stderr


def test_baselines_on_one_page() -> None:
    pytest.importorskip("justext")
    pytest.importorskip("trafilatura")
    from provlint.eval_baselines import load_baselines, page_html

    assert page_html(["a < b", ""]).endswith("<body><p>a &lt; b</p><p></p></body></html>")
    record = load_dataset(SAMPLE / "scrapinghub-aeb.jsonl.gz", limit=1)[0]
    lines = record.text.split("\n")
    for name, classify in load_baselines(["jusText", "trafilatura"]).items():
        flags = classify(lines)
        assert len(flags) == len(lines) and any(flags) and not all(flags), name
