"""Every output format, produced for the seeds and checked as its consumer would read it."""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from provlint import Category, Config, PreparedDocument, SourceRule, SourceState
from provlint.cli.main import _load_commands, cli
from provlint.formatters.base import FormatContext
from provlint.formatters.github import annotation
from provlint.model import Document, Edit, Finding, Fix, Severity
from provlint.pipeline import Pipeline
from provlint.rule import Candidate
from provlint.testing import registry_with
from tests.conftest import ROOT, SEEDS

_load_commands()

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
S000 = "seeds/000_594639b3d20ec59d.txt"
S002 = "seeds/002_5eb1399804b75041.txt"


# Formats do not depend on which rules run; two stable rules keep the expected reports exact.
RULES = ("--select", "PL201,PL301")


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    argv = [*args[:1], *RULES, *args[1:]] if args and args[0] == "check" and "--select" not in args else list(args)
    result = CliRunner().invoke(cli, argv, input=input, catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """The seeds copied into the (temporary) working directory, so paths are relative as in CI."""
    target = Path.cwd() / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def sarif_validate(log: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(log)


def test_sarif_seeds_valid_against_official_schema(seeds: Path) -> None:
    code, out = run("check", "--format", "sarif", "seeds")
    assert code == 1
    log = json.loads(out)
    sarif_validate(log)
    run0 = log["runs"][0]
    driver = run0["tool"]["driver"]
    assert driver["name"] == "provlint" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    pl301 = next(r for r in rules if r["id"] == "PL301")
    assert pl301["name"] == "dangling-citation-marker"
    assert pl301["shortDescription"]["text"].startswith("A citation marker like [3]")
    assert pl301["help"]["markdown"].startswith("## What it does")
    assert "## Why it matters" in pl301["help"]["markdown"]
    assert pl301["defaultConfiguration"] == {"level": "warning"}
    assert [a["location"]["uri"] for a in run0["artifacts"]] == [S000, S002]
    results = run0["results"]
    assert len(results) == 8
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["partialFingerprints"]["provlintFingerprint/v1"]
    first_marker = next(r for r in results if r["ruleId"] == "PL301")
    assert first_marker["level"] == "warning"
    assert first_marker["message"]["text"] == "citation marker [3] has no reference list"
    loc = first_marker["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": S000, "index": 0}
    assert loc["region"] == {
        "startLine": 30,
        "endLine": 30,
        "startColumn": 236,
        "endColumn": 239,
        "snippet": {"text": "[3]"},
    }
    assert run0["columnKind"] == "unicodeCodePoints"
    assert run0["properties"]["stats"]["read"] == 2


def test_sarif_odd_paths_and_unreadable_input_stay_valid(tmp_path: Path) -> None:
    odd = Path.cwd() / "a b,c:d.txt"
    odd.write_text("Read more [4]\n", encoding="utf-8")
    code, out = run("check", "--format", "sarif", str(odd.name), "missing.txt")
    log = json.loads(out)
    sarif_validate(log)
    uris = [a["location"]["uri"] for a in log["runs"][0]["artifacts"]]
    assert uris == ["a%20b%2Cc%3Ad.txt", "missing.txt"]
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert code == 2


def test_sarif_jsonl_records_point_at_their_line_of_the_file() -> None:
    corpus = Path.cwd() / "corpus.jsonl"
    corpus.write_text('{"id": "a", "text": "fine"}\n{"id": "b", "text": "Cited [2]."}\n', encoding="utf-8")
    log = json.loads(run("check", "--format", "sarif", "corpus.jsonl")[1])
    sarif_validate(log)
    run0 = log["runs"][0]
    assert [a["location"]["uri"] for a in run0["artifacts"]] == ["corpus.jsonl"]
    (result,) = run0["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "endLine": 2,
        "snippet": {"text": "[2]"},
    }
    assert (
        result["properties"]["documentId"],
        result["properties"]["documentLine"],
        result["properties"]["documentColumn"],
    ) == ("b", 1, 7)


def test_github_annotations_exact(seeds: Path) -> None:
    code, out = run("check", "--format", "github", "seeds")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 8
    assert lines[0] == (
        f"::warning file={S000},line=30,col=236,endLine=30,endColumn=239,title=PL301 (dangling-citation-marker)::"
        "PL301 citation marker [3] has no reference list"
    )
    assert lines[-1] == (
        f"::warning file={S002},line=17,col=1,endLine=17,endColumn=14,title=PL201 (repeated-line)::"
        "PL201 line repeats line 4"
    )


def _finding(**changes: object) -> Finding:
    base = dict(
        code="PL301",
        name="dangling-citation-marker",
        category="attribution",
        severity=Severity.INFO,
        message="m",
        document_id="d",
        source="s",
        path="d",
        line=2,
        column=3,
        end_line=2,
        end_column=5,
        start=10,
        end=12,
        excerpt="[3]",
    )
    base.update(changes)
    return Finding(**base)  # type: ignore[arg-type]


def test_github_escaping_of_untrusted_text() -> None:
    f = _finding(
        path="dir/a,b:c%.txt",
        document_id="dir/a,b:c%.txt",
        message="50% off\r\n::error::injected, really: yes \x1b[31m",
    )
    assert annotation(f) == (
        "::notice file=dir/a%2Cb%3Ac%25.txt,line=2,col=3,endLine=2,endColumn=5,title=PL301 (dangling-citation-marker)::"
        "PL301 50%25 off%0D%0A::error::injected, really: yes \\x1b[31m"
    )


def test_github_jsonl_record_points_at_its_line(tmp_path: Path) -> None:
    corpus = Path.cwd() / "corpus.jsonl"
    corpus.write_text('{"id": "a", "text": "fine"}\n{"id": "b", "text": "Cited [2]."}\n', encoding="utf-8")
    _, out = run("check", "--format", "github", "corpus.jsonl")
    assert out.splitlines() == [
        "::warning file=corpus.jsonl,line=2,endLine=2,title=PL301 (dangling-citation-marker)::"
        "PL301 citation marker [2] has no reference list"
    ]


def test_junit_parses_one_case_per_document(seeds: Path) -> None:
    code, out = run("check", "--format", "junit", "seeds", "missing.txt")
    assert code == 2
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    assert root.attrib["tests"] == "3" and root.attrib["failures"] == "2" and root.attrib["errors"] == "1"
    cases = root.findall("./testsuite/testcase")
    assert [c.attrib["name"] for c in cases] == [S000, S002, "missing.txt"]
    assert [len(c.findall("failure")) for c in cases] == [6, 2, 0]
    assert cases[1].find("failure").attrib == {  # type: ignore[union-attr]
        "type": "PL201",
        "message": "16:1: PL201 [repeated-line] line repeats line 3",
    }
    assert cases[2].find("error").attrib["message"] == "no such file or directory"  # type: ignore[union-attr]


def test_junit_is_valid_xml_whatever_the_text_holds(tmp_path: Path) -> None:
    nasty = Path.cwd() / "x&<y>.txt"
    line = 'Subscribe \x01\x1b[31m <b>&amp; "now"</b> \ufffe]]>'
    nasty.write_text(f"Headline\n{line}\nBody text here.\n{line}\n", encoding="utf-8")
    code, out = run("check", "--format", "junit", nasty.name)
    assert code == 1
    root = ET.fromstring(out)
    case = root.find("./testsuite/testcase")
    assert case is not None and case.attrib["name"] == "x&<y>.txt"
    failure = case.find("failure")
    assert failure is not None and failure.attrib["type"] == "PL201"
    assert "\x01" not in (failure.text or "") and '<b>&amp; "now"</b>' in (failure.text or "")


def test_gitlab_report_and_fingerprints_stable_across_line_shift(tmp_path: Path) -> None:
    doc = Path.cwd() / "article.txt"
    body = (SEEDS / "000_594639b3d20ec59d.txt").read_text(encoding="utf-8")
    doc.write_text(body, encoding="utf-8")
    _, out = run("check", "--format", "gitlab", "article.txt")
    before = json.loads(out)
    assert len(before) == 6
    first = before[0]
    assert first["check_name"] == "PL301" and first["severity"] == "minor"
    assert first["description"] == "PL301 [dangling-citation-marker] citation marker [3] has no reference list"
    assert first["location"] == {"path": "article.txt", "lines": {"begin": 30, "end": 30}}
    assert len({i["fingerprint"] for i in before}) == 6
    lines = body.split("\n")  # three new lines after the headline push every finding down
    doc.write_text("\n".join(lines[:4] + ["A new paragraph.", "", "And another one."] + lines[4:]), encoding="utf-8")
    after = json.loads(run("check", "--format", "gitlab", "article.txt")[1])
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    assert [i["location"]["lines"]["begin"] for i in after] == [i["location"]["lines"]["begin"] + 3 for i in before]


def test_jsonl_streams_findings_then_summary(seeds: Path) -> None:
    code, out = run("check", "--format", "jsonl", "seeds")
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    findings, summary = records[:-1], records[-1]
    assert [r["type"] for r in findings] == ["finding"] * 8
    assert (findings[0]["code"], findings[0]["line"], findings[0]["column"]) == ("PL301", 30, 236)
    assert all(len(r["fingerprint"]) == 64 for r in findings)
    assert summary["type"] == "summary"
    assert summary["findings"] == 8
    assert summary["severities"] == {"error": 0, "warning": 8, "info": 0}
    assert summary["rules"] == {"PL201": 2, "PL301": 6}
    assert summary["stats"] == {"read": 2, "linted": 2, "skipped": 0, "failed": 0, "rule_errors": 0}
    assert summary["scorecards"]["seeds"]["documents"] == 2


def test_grouped_headers_per_file(seeds: Path) -> None:
    code, out = run("check", "--format", "grouped", "--no-scorecard", "seeds")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{S000}  (seeds, 6 findings)"
    assert lines[1] == "  30:236   warning PL301  [dangling-citation-marker] citation marker [3] has no reference list"
    assert f"{S002}  (seeds, 2 findings)" in lines
    assert "  17:1     warning PL201  [repeated-line] line repeats line 4" in lines
    assert "Found 8 findings (0 error, 8 warning, 0 info) in 2 documents (linted 2, skipped 0, failed 0)." in lines
    # --statistics replaces the findings, in the grouped format as in text
    code, out = run("check", "--format", "grouped", "--no-scorecard", "--statistics", "seeds")
    assert code == 1
    assert out.splitlines()[:2] == [
        "     6  PL301  dangling-citation-marker          6 fixable",
        "     2  PL201  repeated-line                     2 fixable",
    ]


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github", "junit", "gitlab", "grouped"])
def test_output_file_holds_the_same_report(seeds: Path, fmt: str) -> None:
    target = Path.cwd() / f"report.{fmt}"
    code, stdout = run("check", "--format", fmt, "--output", str(target), "seeds")
    assert code == 1 and stdout == ""
    _, expected = run("check", "--format", fmt, "seeds")
    assert target.read_text(encoding="utf-8") == expected


def test_statistics_in_text_and_sarif(seeds: Path) -> None:
    _, out = run("check", "--statistics", "--no-scorecard", "seeds")
    assert out.splitlines() == [
        "     6  PL301  dangling-citation-marker          6 fixable",
        "     2  PL201  repeated-line                     2 fixable",
        "",
        "Found 8 findings (0 error, 8 warning, 0 info) in 2 documents (linted 2, skipped 0, failed 0).",
        "8 fixable with `provlint fix`.",
    ]
    _, out = run("check", "--format", "sarif", "--statistics", "seeds")
    assert json.loads(out)["runs"][0]["properties"]["statistics"] == {"PL201": 2, "PL301": 6}
    _, out = run("check", "--format", "json", "--statistics", "seeds")
    assert json.loads(out)["statistics"] == {"PL201": 2, "PL301": 6}
    _, out = run("check", "--format", "json", "seeds")
    assert "statistics" not in json.loads(out)


def test_fail_on_and_exit_zero_for_machine_formats(seeds: Path) -> None:
    assert run("check", "--format", "sarif", "--fail-on", "error", "seeds")[0] == 0
    assert run("check", "--format", "github", "--fail-on", "info", "seeds")[0] == 1
    assert run("check", "--format", "junit", "--exit-zero", "seeds", "missing.txt")[0] == 0


def test_formats_command_lists_every_format() -> None:
    _, out = run("formats")
    names = [line.split()[0] for line in out.splitlines()]
    for fmt in ("text", "json", "jsonl", "sarif", "github", "junit", "gitlab", "grouped"):
        assert fmt in names


# -- end-of-run (source-rule) findings reach every format -------------------------------------


class _FirstLines(SourceState):
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def merge(self, other: _FirstLines) -> None:
        for k, v in other.counts.items():
            self.counts[k] = self.counts.get(k, 0) + v

    def to_dict(self) -> dict[str, int]:
        return dict(self.counts)


class SharedFirstLine(SourceRule[_FirstLines]):
    """
    ## What it does
    Reports a first line that every document of the source shares.

    ## Why it matters
    A shared first line is a site banner, not article text.

    ## Example
    Two pages of one site that both start ``Menu``.
    """

    code = "PL777"
    name = "shared-first-line"
    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "Every document of the source starts with the same line."

    def new_state(self) -> _FirstLines:
        return _FirstLines()

    def observe(self, doc: PreparedDocument, state: _FirstLines) -> Iterable[Candidate]:
        first = doc.lines[0]
        state.counts[first.text] = state.counts.get(first.text, 0) + 1
        yield Candidate(first.text, self.finding(doc, first.start, first.end, "first line shared by the source"))

    def decide(self, candidate: Candidate, state: _FirstLines) -> Finding | None:
        return candidate.finding if state.counts.get(candidate.key, 0) > 1 else None


@pytest.mark.parametrize("fmt", ["text", "grouped", "json", "jsonl", "sarif", "github", "junit", "gitlab"])
def test_source_rule_findings_reach_every_format(fmt: str) -> None:
    registry = registry_with(SharedFirstLine)
    pipeline = Pipeline(Config(select=("PL777",)), registry)
    docs = [Document(id=f"p{i}.txt", text="Menu\nBody %d." % i, source="site", path=f"p{i}.txt") for i in (1, 2)]
    stream = io.StringIO()
    context = FormatContext(
        version="0", rules={c.code: c.meta() for c in registry.rule_classes()}, show_scorecards=False
    )
    formatter = registry.formatters[fmt].obj(stream, context)
    formatter.start()
    for outcome in pipeline.outcomes(iter(docs)):
        assert outcome.findings == ()
        formatter.document(outcome)
    formatter.finish(pipeline.finish())
    out = stream.getvalue()
    if fmt == "sarif":
        log = json.loads(out)
        sarif_validate(log)
        assert [(r["ruleId"], r["level"]) for r in log["runs"][0]["results"]] == [("PL777", "note")] * 2
    elif fmt == "junit":
        cases = ET.fromstring(out).findall("./testsuite/testcase")
        assert [len(c.findall("failure")) for c in cases] == [1, 1]
    elif fmt == "gitlab":
        assert [(i["location"]["path"], i["severity"]) for i in json.loads(out)] == [
            ("p1.txt", "info"),
            ("p2.txt", "info"),
        ]
    elif fmt == "github":
        assert out.splitlines()[1] == (
            "::notice file=p2.txt,line=1,col=1,endLine=1,endColumn=5,title=PL777 (shared-first-line)::"
            "PL777 first line shared by the source"
        )
    elif fmt == "jsonl":
        assert [json.loads(x)["type"] for x in out.splitlines()] == ["finding", "finding", "summary"]
    elif fmt == "json":
        assert len(json.loads(out)["findings"]) == 2
    else:
        assert out.count("first line shared by the source") == 2


def _nav_finding(**changes: object) -> Finding:
    base = dict(
        code="PL101",
        name="navigation-residue",
        category="scraping",
        severity=Severity.WARNING,
        message='navigation residue "Skip to content"',
        document_id="d1",
        source="example.com",
        path="a/b.txt",
        line=3,
        column=1,
        end_line=3,
        end_column=16,
        start=20,
        end=35,
        excerpt="Skip to content",
        fix=None,
    )
    base.update(changes)
    return Finding(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "finding",
    [
        _nav_finding(),
        _nav_finding(path=None, excerpt='Zitat: „Überall“ \u2028 \x00 "quoted" \\ 東京 🙂', message="tab\there"),
        _nav_finding(fix=Fix.delete(20, 36, "delete the navigation residue line")),
        _nav_finding(fix=Fix("two edits", (Edit(0, 3, ""), Edit(9, 9, "ö\n")))),
        _nav_finding(fix=Fix("no edits", ())),
    ],
    ids=["plain", "odd-text-no-path", "deletion", "two-edits", "no-edits"],
)
def test_json_finding_record_is_json_dump_indent_2(finding: Finding) -> None:
    """The JSON report's fast per-finding writer gives the bytes ``json.dump(indent=2)`` gives."""
    from provlint.formatters.json import _FINDING_KEYS, finding_json

    assert tuple(finding.to_dict()) == _FINDING_KEYS
    expected = json.dumps({"findings": [finding.to_dict()]}, indent=2, ensure_ascii=True)
    assert expected == '{\n  "findings": [\n    ' + finding_json(finding) + "\n  ]\n}"


@pytest.mark.parametrize(
    "value",
    [
        {"a": 1.5, "b": [0.1, 1e16, -0.0, 3], "c": {"d": None, "e": True, "f": ()}},
        {"nan": float("nan"), "inf": float("inf"), "ninf": float("-inf"), "t": (1, "x", [{}])},
        {1: "int key", "s": "Zitat: „Überall“ \u2028 🙂"},
        [],
        {},
    ],
    ids=["floats-nested", "nan-inf-tuple", "non-str-key", "empty-list", "empty-dict"],
)
def test_json_fast_writer_gives_json_dump_bytes(value: object) -> None:
    from provlint.formatters.json import _dumps, _value

    for level in (0, 1, 3):
        assert _value(value, level) == _dumps(value, level)


def test_json_report_with_scorecards_is_json_dump_indent_2(tmp_path: Path) -> None:
    """The whole report, scorecards and their float measures included, is ``json.dump(report, indent=2)``."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "sites", tmp_path / "sites")
    code, out = run("check", "--isolated", "--select", "PL201,PL207,PL301", "--format", "json", str(tmp_path / "sites"))
    report = json.loads(out)
    assert code == 1 and len(report["scorecards"]) >= 2
    assert any(isinstance(v, float) for card in report["scorecards"].values() for v in card.values())
    assert out == json.dumps(report, indent=2, ensure_ascii=True) + "\n"
