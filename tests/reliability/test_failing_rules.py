"""A rule or plugin that raises or is slow: reported, exit code 2, the run goes on."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from provlint import Category, Config, Document, DocumentRule, Severity, lint_documents
from provlint.config import LimitsSection
from provlint.prepare import PreparedDocument
from provlint.rule import Candidate, SourceRule, SourceState
from tests.reliability.helpers import plugin_rules, run_cli

DOC = """
## What it does
Test rule.

## Why it matters
Tests the engine.

## Example
Any text.
"""


class Exploding(DocumentRule):
    __doc__ = DOC
    code = "PL991"
    name = "exploding-rule"
    category = Category.REWRITE
    severity = Severity.INFO
    summary = "Raises on documents that mention boom."

    def check(self, doc: PreparedDocument) -> Iterable[Any]:
        if "boom" in doc.text:
            raise KeyError("boom")
        yield self.finding(doc, 0, 1, "fine document")


class ExplodingSourceRule(SourceRule[SourceState]):
    __doc__ = DOC
    code = "PL992"
    name = "exploding-source-rule"
    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "Raises while observing."

    def new_state(self) -> SourceState:
        return SourceState()

    def observe(self, doc: PreparedDocument, state: SourceState) -> Iterable[Candidate]:
        raise RecursionError("maximum recursion depth exceeded")

    def decide(self, candidate: Candidate, state: SourceState) -> None:
        return None


class CountState(SourceState):
    def __init__(self) -> None:
        self.n = 1

    def merge(self, other: SourceState) -> None:
        self.n += getattr(other, "n", 0)


class BadMergeState(SourceState):
    def merge(self, other: SourceState) -> None:
        raise ValueError("cannot merge")


class FailingLateRule(SourceRule[SourceState]):
    """Observes fine; ``merge`` or ``decide`` raises (chosen by the subclass)."""

    __doc__ = DOC
    code = "PL994"
    name = "failing-decide"
    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "Raises when deciding."

    def new_state(self) -> SourceState:
        return CountState()

    def observe(self, doc: PreparedDocument, state: SourceState) -> Iterable[Candidate]:
        yield Candidate(doc.document.id, self.finding(doc, 0, 1, "candidate"))

    def decide(self, candidate: Candidate, state: SourceState) -> None:
        raise ZeroDivisionError("division by zero")


class FailingMergeRule(FailingLateRule):
    __doc__ = DOC
    code = "PL995"
    name = "failing-merge"

    def new_state(self) -> SourceState:
        return BadMergeState()

    def decide(self, candidate: Candidate, state: SourceState) -> Any:
        return candidate.finding


class Sleepy(DocumentRule):
    __doc__ = DOC
    code = "PL993"
    name = "sleepy-rule"
    category = Category.REWRITE
    severity = Severity.INFO
    summary = "Slow."

    def check(self, doc: PreparedDocument) -> Iterable[Any]:
        time.sleep(0.05)
        yield self.finding(doc, 0, 1, "slow but finished")


def _write(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("A boom article.\n")
    (tmp_path / "b.txt").write_text("A calm article.\n")
    return tmp_path


def test_crash_is_a_finding_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = _write(tmp_path)
    with plugin_rules(Exploding, ExplodingSourceRule):
        code, out, err = run_cli("check", "--select", "PL991,PL992,PL004", "--no-scorecard", str(folder))
    a, b = folder / "a.txt", folder / "b.txt"
    # two findings on one line of one document share one output line (formatters/text.py)
    assert out.splitlines()[:3] == [
        f"{a}:1:1: error PL004 [rule-crashed] rule PL991 (exploding-rule) crashed: KeyError: 'boom' | "
        "error PL004 [rule-crashed] rule PL992 (exploding-source-rule) crashed: RecursionError: maximum recursion depth exceeded",
        f"{b}:1:1: error PL004 [rule-crashed] rule PL992 (exploding-source-rule) crashed: RecursionError: maximum recursion depth exceeded"
        " | info PL991 [exploding-rule] fine document",
        "",
    ]
    assert "(linted 2, skipped 0, failed 0)" in out
    assert code == 2
    assert "Traceback" not in err


def test_source_rule_failing_at_the_end_of_the_run(tmp_path: Path) -> None:
    docs = [Document(id=i, text="Some text.", path=i, source="site.example") for i in ("a", "b")]
    with plugin_rules(FailingLateRule, FailingMergeRule):
        result = lint_documents(docs, Config(select=("PL994", "PL995", "PL004")))
        code, out, _ = run_cli("check", "--select", "PL994,PL004", "--no-scorecard", str(_write(tmp_path)))
    assert [(f.code, f.document_id, f.message) for f in result.findings] == [
        ("PL004", "a", "rule PL994 (failing-decide) crashed: ZeroDivisionError: division by zero"),
        ("PL004", "a", "rule PL995 (failing-merge) crashed: ValueError: cannot merge"),
        ("PL004", "b", "rule PL994 (failing-decide) crashed: ZeroDivisionError: division by zero"),
        ("PL004", "b", "rule PL995 (failing-merge) crashed: ValueError: cannot merge"),
    ]
    assert result.stats.to_dict() == {"read": 2, "linted": 2, "skipped": 0, "failed": 0, "rule_errors": 4}
    assert code == 2 and "(linted 2, skipped 0, failed 0)" in out


def test_exit_zero_and_verbose(tmp_path: Path) -> None:
    folder = _write(tmp_path)
    with plugin_rules(Exploding):
        code, out, err = run_cli(
            "check", "--exit-zero", "--verbose", "--select", "PL991", "--no-scorecard", str(folder)
        )
    assert code == 0
    assert "PL004 [rule-crashed] rule PL991 (exploding-rule) crashed: KeyError: 'boom'" in out
    assert f"PL991 on {folder / 'a.txt'}:\nTraceback (most recent call last):" in err
    assert 'raise KeyError("boom")' in err


def test_json_output_counts_rule_errors(tmp_path: Path) -> None:
    import json

    folder = _write(tmp_path)
    with plugin_rules(Exploding):
        code, out, _ = run_cli("check", "--format", "json", "--select", "PL991", str(folder))
    assert code == 2
    assert json.loads(out)["stats"] == {"read": 2, "linted": 2, "skipped": 0, "failed": 0, "rule_errors": 1}


def test_time_budget_reports_a_slow_rule_as_a_run_diagnostic_not_a_finding() -> None:
    docs = [Document(id="d", text="Text.", path="d")]
    with plugin_rules(Sleepy):
        result = lint_documents(docs, Config(select=("PL993", "PL007"), limits=LimitsSection(rule_time_budget=0.01)))
        assert [(f.code, f.message) for f in result.findings] == [("PL993", "slow but finished")]
        assert result.stats.slow_calls == 1
        [slow] = result.stats.slow_rules
        assert (slow.code, slow.name, slow.document_id, slow.path, slow.budget) == (
            "PL993",
            "sleepy-rule",
            "d",
            "d",
            0.01,
        )
        assert re.fullmatch(r"rule PL993 \(sleepy-rule\) took 0\.\d\d s on d \(budget 0\.01 s\)", slow.message)
        assert result.scorecards["unknown"].by_code == {"PL993": 1}
        quiet = lint_documents(docs, Config(select=("PL993", "PL007")))  # default budget: 5 s
        assert [f.code for f in quiet.findings] == ["PL993"] and quiet.stats.slow_calls == 0
        off = lint_documents(docs, Config(select=("PL993", "PL007"), limits=LimitsSection(rule_time_budget=0.0)))
        assert [f.code for f in off.findings] == ["PL993"] and off.stats.slow_calls == 0
        unselected = lint_documents(docs, Config(select=("PL993",), limits=LimitsSection(rule_time_budget=0.01)))
        assert unselected.stats.slow_calls == 0


def test_time_budget_in_configuration_file(tmp_path: Path) -> None:
    import json

    (tmp_path / "provlint.toml").write_text("select = ['PL993', 'PL007']\n[limits]\nrule-time-budget = 0.01\n")
    (tmp_path / "a.txt").write_text("Text.\n")
    args = ("check", "--config", str(tmp_path / "provlint.toml"), "--no-scorecard", str(tmp_path / "a.txt"))
    with plugin_rules(Sleepy):
        code, out, err = run_cli(*args)
        json_code, json_out, _ = run_cli(*args, "--format", "json")
        _, _, scorecard_err = run_cli("scorecard", "--config", str(tmp_path / "provlint.toml"), str(tmp_path / "a.txt"))
    assert "provlint: warning: rule PL993 (sleepy-rule) took" in scorecard_err
    assert "PL007" not in out and "PL993 [sleepy-rule] slow but finished" in out
    assert re.search(
        r"provlint: warning: rule PL993 \(sleepy-rule\) took 0\.\d\d s on \S+a\.txt \(budget 0\.01 s\)", err
    )
    assert code == 0  # a slow rule is no finding: it does not fail the run (PL993 is info)
    data = json.loads(json_out)
    assert json_code == 0 and [f["code"] for f in data["findings"]] == ["PL993"]
    assert data["timings"]["slow_calls"] == 1
    [slow] = data["timings"]["slow_rules"]
    assert (slow["code"], slow["name"], slow["budget"]) == ("PL993", "sleepy-rule", 0.01) and slow["seconds"] >= 0.01


@pytest.mark.installed_plugins
def test_plugin_failing_to_load_does_not_stop_the_run(tmp_path: Path) -> None:
    import sys
    import textwrap

    from provlint.plugins import get_plugin_manager, reset_plugin_manager

    (tmp_path / "brokenplug.py").write_text("raise ImportError('missing dependency')\n")
    dist = tmp_path / "broken_plug-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plug\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(textwrap.dedent("[provlint]\nbroken = brokenplug\n"))
    (tmp_path / "a.txt").write_text("Text.\n")
    sys.path.insert(0, str(tmp_path))
    reset_plugin_manager()
    try:
        code, out, err = run_cli("check", "--no-scorecard", str(tmp_path / "a.txt"))
        assert "broken-plug" in err and "missing dependency" in err
        assert "(linted 1, skipped 0, failed 0)" in out
        assert get_plugin_manager().load_errors
    finally:
        sys.path.remove(str(tmp_path))
        reset_plugin_manager()
