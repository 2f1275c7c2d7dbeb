"""The evaluation harness itself: line flagging, counting, scoring, the command."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from provlint.cli.main import _load_commands, cli
from provlint.evaluation import (
    ALL_RULES,
    Counts,
    EvalError,
    LabelledLine,
    LabelMap,
    Record,
    article_documents,
    choose_records,
    clean_text_alarms,
    evaluate,
    flagged_lines,
    half_of,
    line_spans,
    load_dataset,
    source_of,
)
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
    # The article class is the negative one: tn is article left unflagged.
    assert c.article_kept == pytest.approx(1 / 2) and c.article_precision == pytest.approx(1 / 2)
    weighted = Counts()
    weighted.add(True, True, 30)
    weighted.add(False, False, 60)
    weighted.add(True, False, 10)
    assert (weighted.tp, weighted.tn, weighted.fp) == (30, 60, 10)
    assert weighted.article_kept == pytest.approx(60 / 70) and weighted.recall == 1.0


def test_pages_scored_per_rule_family_and_baseline() -> None:
    text = "No time to read?\nThe talks in Rome went on for hours.\nNo time to read?\nMenu"
    record = Record("p1", "toy", "site", None, text, {"lines": ["boilerplate", "main", "boilerplate", None]})
    everything: list[bool] = [True, True, True, True]

    def flag_all(lines: Sequence[str]) -> list[bool]:
        return everything[: len(lines)]

    s = evaluate([record], {"all": flag_all})
    assert (s.unit, s.scored_units, s.positives) == ("line", 3, 2)
    assert list(s.rows)[0] == ALL_RULES and "PL2xx" in s.rows and "PL201" in s.rows
    pl201 = s.rows["PL201"].lines
    assert (pl201.tp, pl201.fp, pl201.fn, pl201.tn) == (1, 0, 1, 1)
    # By characters: the flagged repeat is 16 characters, the unflagged first copy 16, the article line 36.
    chars = s.rows["PL201"].chars
    assert (chars.tp, chars.fp, chars.fn, chars.tn) == (16, 0, 16, 36)
    assert (s.scored_chars, s.positive_chars) == (68, 32)
    baseline = s.rows["all"].lines
    assert (baseline.tp, baseline.fp, baseline.fn, baseline.tn) == (2, 1, 0, 0)
    assert s.ignored == {"None": 1} and not s.unknown and s.warnings() == []


def test_sentences_scored_against_uncertain() -> None:
    records = [
        Record("s1", "toy", "wikipedia", None, "The treaty was signed [3].", {"uncertain": True}),
        Record("s2", "toy", "wikipedia", None, "The treaty was signed in 1648.", {"uncertain": False}),
        Record("s3", "toy", "wikipedia", None, "Some say it was never signed.", {"uncertain": True}),
    ]
    s = evaluate(records)
    assert (s.unit, s.scored_units, s.positives) == ("sentence", 3, 2)
    marker = s.rows["PL301"].lines
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
    assert "- scrapinghub-aeb: 12 records, 2132 labelled lines, 1835 positive (boilerplate);" in result.stdout
    assert "| scrapinghub-aeb | PL201 repeated-line |" in result.stdout
    assert "| scrapinghub-aeb | _flag every line_ | 0.000 | 0.000 | 1.000 | 1.000 |" in result.stdout
    assert "| scrapinghub-aeb | _flag nothing_ | 1.000 | 1.000 | 0.000 | 0.000 |" in result.stdout
    assert "### By characters, both classes" in result.stdout
    assert "| conll2010-wiki-sample | PL301 dangling-citation-marker |" in result.stdout
    assert "| scrapinghub-aeb | **warning and above** |" in result.stdout
    assert out.read_text(encoding="utf-8") == result.stdout


def test_eval_command_sample_dump_and_label_map(tmp_path: Path) -> None:
    dump = tmp_path / "lines.jsonl"
    args = ["eval", "--data", str(SAMPLE), "--no-baselines", "--no-clean-text", "-d", "trafilatura-eval"]
    args += ["--sample", "5", "--seed", "2", "--dump", str(dump), "--label-map", "conflict=boilerplate"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "(random 5 records (seed 2) of each)" in result.stdout
    rows = [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]
    assert rows and {r["class"] for r in rows} <= {"main", "boilerplate"}
    first = result.stdout.split("- trafilatura-eval: 5 records, ")[1]
    assert first.startswith(f"{len(rows)} labelled lines")
    bad = CliRunner().invoke(cli, ["eval", "--data", str(SAMPLE), "--label-map", "comment"])
    assert bad.exit_code == 2 and "LABEL=main|boilerplate|ignore" in bad.stderr


def test_eval_command_unknown_dataset() -> None:
    result = CliRunner().invoke(cli, ["eval", "--data", str(SAMPLE), "--no-baselines", "-d", "nope"])
    assert result.exit_code == 2 and "no dataset named nope" in result.stderr


def test_baselines_on_one_page() -> None:
    pytest.importorskip("justext")
    pytest.importorskip("trafilatura")
    from provlint.reference_extractors import load_baselines, page_html

    assert page_html(["a < b", ""]).endswith("<body><p>a &lt; b</p><p></p></body></html>")
    record = load_dataset(SAMPLE / "scrapinghub-aeb.jsonl.gz", limit=1)[0]
    lines = record.text.split("\n")
    for name, classify in load_baselines(["jusText", "trafilatura"]).items():
        flags = classify(lines)
        assert len(flags) == len(lines) and any(flags) and not all(flags), name


def test_label_map_and_unknown_labels_are_counted_never_dropped() -> None:
    text = "Menu\nThe talks in Rome went on for hours and ended late.\nGreat article!\nextra"
    record = Record("p", "toy", "site", None, text, {"lines": ["boilerplate", "main", "comment"]})
    s = evaluate([record])
    assert s.scored_units == 2 and s.unknown == {"comment": 1} and s.unlabelled_lines == 1
    assert s.warnings() == [
        "toy: unknown labels left out ('comment': 1 lines); map them with --label-map LABEL=main|boilerplate|ignore",
        "toy: 1 lines have no label (the label list is shorter)",
    ]
    mapped = evaluate([record], labels=LabelMap.parse(["comment=boilerplate"]))
    assert (mapped.scored_units, mapped.positives) == (3, 2) and not mapped.unknown
    ignored = evaluate([record], labels=LabelMap.parse(["comment=ignore", "main=ignore"]))
    assert ignored.scored_units == 1 and ignored.ignored == {"comment": 1, "main": 1}
    for bad in ["comment", "comment=maybe", "=main"]:
        with pytest.raises(EvalError, match="LABEL=main"):
            LabelMap.parse([bad])
    assert LabelMap.parse(["None=main"]).classify(None) == "main"


def test_source_of_record() -> None:
    assert source_of("bbc.co.uk", "https://www.wsj.com/x", "a") == "bbc.co.uk"
    assert source_of(None, "https://www.wsj.com/x", "a") == "wsj.com"
    # No source and no URL: the record is its own source, never pooled with others into "unknown".
    assert source_of("", None, "a") == "record:a" and source_of(None, "", "b") == "record:b"


def test_load_dataset_without_source(tmp_path: Path) -> None:
    rows = [
        {"id": 1, "text": "t", "labels": {}, "url": "http://www.example.org/a"},
        {"id": 2, "text": "t", "labels": {}},
    ]
    (tmp_path / "x.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert [r.source for r in load_dataset(tmp_path / "x.jsonl")] == ["example.org", "record:2"]
    (tmp_path / "bad.jsonl").write_text('{"id": 1}\n', encoding="utf-8")
    with pytest.raises(EvalError, match="bad.jsonl:1: not a labelled record"):
        load_dataset(tmp_path / "bad.jsonl")


def test_sample_and_halves_are_reproducible() -> None:
    records = [Record(str(i), "toy", "s", None, "t", {}) for i in range(100)]
    a = choose_records(records, sample=10, seed=3)
    assert a == choose_records(records, sample=10, seed=3) and len(a) == 10
    assert [r.id for r in a] == sorted((r.id for r in a), key=int)  # file order kept
    assert a != choose_records(records, sample=10, seed=4)
    tune = choose_records(records, half="tune", seed=0)
    holdout = choose_records(records, half="holdout", seed=0)
    assert len(tune) + len(holdout) == 100 and not {r.id for r in tune} & {r.id for r in holdout}
    assert 35 < len(tune) < 65 and all(half_of(r.id, 0) == "tune" for r in tune)


def test_references_skip_records_without_labelled_lines_and_dump() -> None:
    calls: list[int] = []

    def flag_all(lines: Sequence[str]) -> list[bool]:
        calls.append(len(lines))
        return [True] * len(lines)

    labelled = Record("a", "toy", "s", None, "Menu\nThe talks went on.", {"lines": ["boilerplate", "main"]})
    unlabelled = Record("b", "toy", "s", None, "Menu\nHome\nMore", {"lines": [None, None, None]})
    dumped: list[LabelledLine] = []
    s = evaluate([labelled, unlabelled], {"all": flag_all}, dump=dumped.append)
    assert calls == [2] and s.records_without_labels == 1 and s.ignored == {"None": 3}
    assert [d.as_json() for d in dumped] == [
        {
            "dataset": "toy",
            "id": "a",
            "line": 1,
            "label": "boilerplate",
            "class": "boilerplate",
            "chars": 4,
            "rules": ["PL101", "PL207"],  # the two pages of source "s" share it: a small crawl's menu line
            "baselines": ["all"],
            "text": "Menu",
        },
        {
            "dataset": "toy",
            "id": "a",
            "line": 2,
            "label": "main",
            "class": "main",
            "chars": 18,
            "rules": [],
            "baselines": ["all"],
            "text": "The talks went on.",
        },
    ]


def test_trivial_references_by_name() -> None:
    record = Record("a", "toy", "s", None, "Menu\nThe talks went on.", {"lines": ["boilerplate", "main"]})
    s = evaluate([record], ["flag every line", "flag nothing"])
    every, nothing = s.rows["flag every line"], s.rows["flag nothing"]
    assert (every.lines.recall, every.lines.article_kept, every.chars.recall) == (1.0, 0.0, 1.0)
    assert (nothing.lines.recall, nothing.lines.article_kept, nothing.chars.article_kept) == (0.0, 1.0, 1.0)


def test_clean_text_alarms_on_article_lines() -> None:
    text = "Menu\nHome\nPeople say the plan failed.\nSome experts argue it was doomed.\nShare this"
    record = Record("a", "toy", "s", None, text, {"lines": ["boilerplate", "boilerplate", "main", "main", None]})
    docs = article_documents([record])
    assert [(d.id, d.text) for d in docs] == [
        ("a#article", "People say the plan failed.\nSome experts argue it was doomed.")
    ]
    alarms = clean_text_alarms([record])
    assert (alarms.documents, alarms.words) == (1, 11)
    assert alarms.findings["PL303"] == 2 and alarms.severity["PL303"] == Severity.INFO
    assert alarms.per_1000_words("PL303") == pytest.approx(2000 / 11)
    assert (alarms.total_at(Severity.WARNING), alarms.total_at(Severity.INFO)) == (0, 2)


def test_repair_rules_stay_out_of_the_pooled_rows() -> None:
    # PL106's fix repairs mojibake in place: its lines are neither boilerplate nor removed.
    text = "The cafÃ© reopened on Monday after a long renovation of the whole building.\nMenu\nHome\nShop"
    record = Record("a", "toy", "s", None, text, {"lines": ["main", "boilerplate", "boilerplate", "boilerplate"]})
    s = evaluate([record])
    assert s.rows["PL106"].lines.fp == 1
    pooled = s.rows[ALL_RULES].lines
    assert (pooled.fp, pooled.tn) == (0, 1) and s.rows["PL1xx"].lines.fp == 0
