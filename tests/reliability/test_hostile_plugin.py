"""A hostile plugin package (tests/reliability/hostile_plugin) through the CLI: every hole is a PL004 naming the
rule, the bad values are dropped, the other rules' findings stand, and --jobs 1 and --jobs 2 agree."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from provlint import Category, Config, Document, Severity, lint_documents
from provlint.model import Edit, Finding, Fix
from provlint.plugins import reset_plugin_manager
from provlint.rule import Candidate, SourceRule, SourceState
from tests.reliability.helpers import plugin_rules, run_cli

pytestmark = pytest.mark.installed_plugins

PACKAGE_ROOT = Path(__file__).parent / "hostile_plugin"

DOCUMENTS = {
    "a-junk.txt": "junk here.\nSecond line.\n",
    "b-offsets.txt": "offsets here.\n",
    "c-unprintable.txt": "unprintable here.\n",
    "d-interrupt.txt": "interrupt here.\n",
    "e-generator.txt": "generator here.\n",
    "f-sysexit.txt": "sysexit here.\n",
    "g-hardexit.txt": "hardexit here.\n",
    "g2-boundexit.txt": "boundexit here.\n",
    "h-forever.txt": "forever here.\n",
    "i-mutate.txt": "mutate here.\nline two\n",
    "j-candidate.txt": "candidate here.\n",
    "k-calm.txt": "calm document.\n",
}


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Install provlint-hostile into a temporary site folder, as pip would (a dist-info with the entry point).

    The run sees the SIGINT handling of a fresh ``provlint`` process: Python's default
    handler, not yet watched. Where another handler is in place (one an earlier test in
    this process left, as an embedding application's would be), every ``KeyboardInterrupt``
    counts as the user's (provlint.isolation), and HX004's made-up one ended the run
    half-way through its report: the test failed or passed by what ran before it.
    """
    import provlint.isolation as isolation

    monkeypatch.setattr(isolation, "_watching", False)
    monkeypatch.setattr(isolation, "_user_interrupt", threading.Event())
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    site = tmp_path / "site"
    dist = site / "provlint_hostile-0.1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: provlint-hostile\nVersion: 0.1.0\n")
    (dist / "entry_points.txt").write_text("[provlint]\nhostile = provlint_hostile.plugin\n")
    sys.path[:0] = [str(site), str(PACKAGE_ROOT)]
    reset_plugin_manager()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in DOCUMENTS.items():
        (corpus / name).write_text(text)
    (tmp_path / "provlint.toml").write_text('select = ["HX", "PL004"]\n[limits]\nplugin-rule-timeout = 3\n')
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(site))
        sys.path.remove(str(PACKAGE_ROOT))
        for module in [m for m in sys.modules if m.startswith("provlint_hostile")]:
            del sys.modules[module]
        reset_plugin_manager()
        signal.signal(signal.SIGINT, previous)


def _check(root: Path, *extra: str) -> tuple[int, dict[str, object], str]:
    code, out, err = run_cli(
        "check",
        "--plugins",
        "hostile",
        "--config",
        str(root / "provlint.toml"),
        "--format",
        "json",
        *extra,
        str(root / "corpus"),
    )
    assert out, (code, err)
    return code, json.loads(out), err


def _rows(report: dict[str, object]) -> list[tuple[str, str, int, int, str]]:
    return [
        (Path(f["path"]).name, f["code"], f["line"], f["column"], f["message"])
        for f in report["findings"]  # type: ignore[attr-defined]
    ]


#: Every hole gives one PL004 naming the rule; the well-behaved first-line rule (HX011) still reports on every
#: document, the mutated one included; a rule's valid findings beside junk are kept.
EXPECTED = [
    ("a-junk.txt", "PL004", 1, 1, "rule HX001 (yields-junk) returned 2 invalid findings, dropped (first: NoneType None is not a Finding)"),
    ("a-junk.txt", "HX001", 1, 1, "a real finding among junk"),
    ("a-junk.txt", "HX011", 1, 1, "first line has 10 characters"),
    ("b-offsets.txt", "PL004", 1, 1, "rule HX002 (bad-offsets) returned 3 invalid findings, dropped (first: offsets -49..4 outside the document (0..14))"),
    ("b-offsets.txt", "HX011", 1, 1, "first line has 13 characters"),
    ("c-unprintable.txt", "PL004", 1, 1, "rule HX003 (unprintable-error) crashed: Unprintable: <Unprintable whose str() failed>"),
    ("c-unprintable.txt", "HX011", 1, 1, "first line has 17 characters"),
    ("d-interrupt.txt", "PL004", 1, 1, "rule HX004 (fake-interrupt) crashed: KeyboardInterrupt"),
    ("d-interrupt.txt", "HX011", 1, 1, "first line has 15 characters"),
    ("e-generator.txt", "PL004", 1, 1, "rule HX005 (generator-exit) crashed: GeneratorExit: closing"),
    ("e-generator.txt", "HX011", 1, 1, "first line has 15 characters"),
    ("f-sysexit.txt", "PL004", 1, 1, "rule HX006 (calls-sys-exit) crashed: SystemExit: 0"),
    ("f-sysexit.txt", "HX011", 1, 1, "first line has 13 characters"),
    ("g-hardexit.txt", "PL004", 1, 1, "rule HX007 (hard-exit) crashed: ProcessExitAttempt: os._exit(0) called inside a rule"),
    ("g-hardexit.txt", "HX011", 1, 1, "first line has 14 characters"),
    ("g2-boundexit.txt", "PL004", 1, 1, "rule HX012 (bound-hard-exit) ended its process (exit code 0); no findings from it on this document"),
    ("g2-boundexit.txt", "HX011", 1, 1, "first line has 15 characters"),
    ("h-forever.txt", "PL004", 1, 1, "rule HX008 (never-returns) stopped after 3 s ([limits] plugin-rule-timeout); no findings from it on this document"),
    ("h-forever.txt", "HX011", 1, 1, "first line has 13 characters"),
    ("i-mutate.txt", "PL004", 1, 1, "rule HX009 (mutator) modified the prepared document (text); the change was undone and the rule's findings on this document dropped"),
    ("i-mutate.txt", "HX011", 1, 1, "first line has 12 characters"),
    ("j-candidate.txt", "PL004", 1, 1, "rule HX010 (junk-candidates) returned 1 invalid candidate, dropped (first: NoneType None is not a Candidate)"),
    ("j-candidate.txt", "HX011", 1, 1, "first line has 15 characters"),
    ("k-calm.txt", "HX011", 1, 1, "first line has 14 characters"),
    ("j-candidate.txt", "HX010", 1, 1, "candidate"),
]  # fmt: skip


def test_every_hole_is_reported_and_contained(hostile: Path) -> None:
    code, report, err = _check(hostile, "--jobs", "1")
    assert _rows(report) == EXPECTED
    assert report["stats"] == {"read": 12, "linted": 12, "skipped": 0, "failed": 0, "rule_errors": 11}
    for finding in report["findings"]:  # type: ignore[attr-defined]
        assert 0 <= finding["start"] <= finding["end"] and finding["line"] >= 1 and finding["column"] >= 1
    assert code == 2  # rule errors: never 0, whatever a rule did (sys.exit(0), os._exit(0))
    assert "Traceback" not in err


def test_sarif_stays_valid_with_the_hostile_plugin(hostile: Path) -> None:
    from tests.reliability.formats import VALIDATORS

    code, out, _ = run_cli(
        "check", "--plugins", "hostile", "--config", str(hostile / "provlint.toml"), "--format", "sarif",
        str(hostile / "corpus"),
    )  # fmt: skip
    assert code == 2
    VALIDATORS["sarif"](out)
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in json.loads(out)["runs"][0]["results"]]
    assert all(region["startColumn"] >= 1 and region["startLine"] >= 1 for region in regions)


def test_plugin_rules_in_process_when_the_watchdog_is_off(hostile: Path) -> None:
    """plugin-rule-timeout = 0: no child process; the same guard, for every hole but a bound _exit and a hang."""
    (hostile / "corpus" / "g2-boundexit.txt").unlink()
    (hostile / "corpus" / "h-forever.txt").unlink()
    (hostile / "provlint.toml").write_text('select = ["HX", "PL004"]\n[limits]\nplugin-rule-timeout = 0\n')
    code, report, _ = _check(hostile, "--jobs", "1")
    expected = [row for row in EXPECTED if row[0] not in ("g2-boundexit.txt", "h-forever.txt")]
    # In process, the scorecard's measurements split the lines before the rules run, so the mutator's
    # overwritten lines are noticed too (in the watchdog's child they were never split before it ran).
    expected = [
        (*row[:4], row[4].replace("prepared document (text)", "prepared document (text, lines)"))
        if row[0] == "i-mutate.txt"
        else row
        for row in expected
    ]
    assert _rows(report) == expected
    assert code == 2


@pytest.mark.slow
def test_jobs_2_gives_the_same_report(hostile: Path) -> None:
    one = _check(hostile, "--jobs", "1")
    two = _check(hostile, "--jobs", "2")
    assert two[0] == one[0] == 2
    assert two[1]["findings"] == one[1]["findings"]
    assert _rows(two[1]) == EXPECTED
    assert two[1]["stats"] == one[1]["stats"]


def test_formatter_that_raises_exits_2_with_a_message(hostile: Path) -> None:
    code, out, err = run_cli(
        "check", "--plugins", "hostile", "--config", str(hostile / "provlint.toml"), "--format", "hostile",
        str(hostile / "corpus" / "k-calm.txt"),
    )  # fmt: skip
    assert code == 2
    assert out == "hostile report\n"
    assert err == (
        "provlint: error: output format 'hostile' (plugin 'hostile', provlint-hostile 0.1.0) failed: "
        "RuntimeError: formatter broke\n"
    )


class _ExitingState(SourceState):
    def merge(self, other: SourceState) -> None:
        sys.exit(3)


class _EndOfRunRule(SourceRule[SourceState]):
    __doc__ = "\n## What it does\nx\n\n## Why it matters\nx\n\n## Example\nx\n"
    code = "PL997"
    name = "junk-decide"
    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "decide returns a string."

    def new_state(self) -> SourceState:
        return _CountingState()

    def observe(self, doc: Any, state: SourceState) -> Iterator[Candidate]:
        yield Candidate(doc.document.id, self.finding(doc, 0, 1, "candidate"))

    def decide(self, candidate: Candidate, state: SourceState) -> Any:
        return "not a finding"


class _CountingState(SourceState):
    def merge(self, other: SourceState) -> None:
        pass


class _ExitingMergeRule(_EndOfRunRule):
    __doc__ = _EndOfRunRule.__doc__
    code = "PL996"
    name = "exiting-merge"

    def new_state(self) -> SourceState:
        return _ExitingState()

    def decide(self, candidate: Candidate, state: SourceState) -> Any:
        return candidate.finding


def test_end_of_run_steps_are_guarded_too() -> None:
    """``decide`` returning a non-Finding and ``merge`` calling sys.exit: PL004 per candidate, the run ends normally."""
    docs = [Document(id=i, text="Some text.", path=i, source="site.example") for i in ("a", "b")]
    with plugin_rules(_EndOfRunRule, _ExitingMergeRule):
        result = lint_documents(docs, Config(select=("PL996", "PL997", "PL004")))
    assert [(f.code, f.document_id, f.message) for f in result.findings] == [
        ("PL004", "a", "rule PL996 (exiting-merge) crashed: SystemExit: 3"),
        ("PL004", "a", "rule PL997 (junk-decide) crashed: InvalidResult: decide returned an invalid finding: "
         "str 'not a finding' is not a Finding"),
        ("PL004", "b", "rule PL996 (exiting-merge) crashed: SystemExit: 3"),
        ("PL004", "b", "rule PL997 (junk-decide) crashed: InvalidResult: decide returned an invalid finding: "
         "str 'not a finding' is not a Finding"),
    ]  # fmt: skip
    assert result.stats.rule_errors == 4


_GOOD = Finding("PL201", "x", "duplication", Severity.INFO, "m", "d", "s", "p", 1, 2, 1, 5, 1, 4, "e", None)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({}, None),
        ({"line": "1"}, "field line is str '1'"),
        ({"message": None}, "field message is NoneType None"),
        ({"severity": "info"}, "field severity is str 'info'"),
        ({"start": 5, "end": 2}, "offsets 5..2 outside the document (0..10)"),
        ({"end": 11}, "offsets 1..11 outside the document (0..10)"),
        ({"column": 0}, "position 1:0..1:5 is not 1-based or ends before it starts"),
        ({"end_line": 1, "end_column": 1}, "position 1:2..1:1 is not 1-based or ends before it starts"),
        ({"fix": Fix("f", (Edit(3, 20, ""),))}, "fix edit Edit(start=3, end=20, replacement='') is malformed or outside the document (0..10)"),
    ],
    ids=["valid", "line-str", "message-none", "severity-str", "end-before-start", "past-the-end", "column-0", "end-before-start-position", "fix-outside"],
)  # fmt: skip
def test_finding_validation_names_the_problem(changes: dict[str, Any], problem: str | None) -> None:
    import dataclasses

    from provlint.isolation import finding_problem

    assert finding_problem(dataclasses.replace(_GOOD, **changes), 10) == problem
