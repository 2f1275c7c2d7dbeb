"""The CLI as a user runs it: output lines, JSON fields, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from provlint.cli.main import _load_commands, cli
from tests.conftest import SEEDS

_load_commands()


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_check_seeds_text_output_and_exit_1() -> None:
    code, out, _ = run("check", str(SEEDS))
    assert code == 1
    assert (
        f"{SEEDS}/000_594639b3d20ec59d.txt:30:236: warning PL301 [dangling-citation-marker] citation marker [3] has no reference list"
        in out
    )
    assert f"{SEEDS}/002_5eb1399804b75041.txt:16:1: warning PL201 [repeated-line] line repeats line 3" in out
    assert "(linted 2, skipped 0, failed 0)" in out
    assert "Scorecard per source" in out and "seeds" in out


def test_check_json_has_every_field() -> None:
    code, out, _ = run("check", "--format", "json", str(SEEDS))
    assert code == 1
    report = json.loads(out)
    assert report["version"]
    assert report["stats"] == {"read": 2, "linted": 2, "skipped": 0, "failed": 0, "rule_errors": 0}
    first = report["findings"][0]
    assert set(first) == {
        "code",
        "name",
        "category",
        "severity",
        "message",
        "document_id",
        "source",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "start",
        "end",
        "excerpt",
        "fix",
        "url",
        "file",
        "record",
    }
    assert report["scorecards"]["seeds"]["documents"] == 2


def test_select_and_ignore() -> None:
    _, out, _ = run("check", "--select", "PL3", "--no-scorecard", str(SEEDS))
    assert "PL301" in out and "PL201" not in out
    _, out, _ = run("check", "--ignore", "dangling-citation-marker", "--no-scorecard", str(SEEDS))
    assert "PL301" not in out and "PL201" in out


def test_fail_on_and_exit_zero() -> None:
    assert run("check", "--fail-on", "error", str(SEEDS))[0] == 0
    assert run("check", "--exit-zero", str(SEEDS))[0] == 0


def test_clean_text_exits_0() -> None:
    code, out, _ = run(
        "check", "-", input="A plain sentence with nothing wrong. The council met on Tuesday and approved the budget.\n"
    )
    assert code == 0
    assert "Found 0 findings" in out


def test_stdin_jsonl_is_sniffed() -> None:
    record = {"id": "a1", "text": "Cited here [2].", "url": "https://www.example.com/x"}
    code, out, _ = run("check", "-", "--format", "json", input=json.dumps(record) + "\n")
    report = json.loads(out)
    assert [(f["code"], f["document_id"], f["source"]) for f in report["findings"]] == [("PL301", "a1", "example.com")]


def test_bad_config_key_exit_2(tmp_path: Path) -> None:
    cfg = tmp_path / "provlint.toml"
    cfg.write_text('selekt = ["PL1"]\n')
    code, _, err = run("check", "--config", str(cfg), str(SEEDS))
    assert code == 2
    assert f"{cfg}: selekt: unknown key" in err


def test_unknown_selector_exit_2() -> None:
    code, _, err = run("check", "--select", "PL999", str(SEEDS))
    assert code == 2
    assert "'PL999' matches no rule" in err


def test_missing_path_is_accounted() -> None:
    code, out, _ = run("check", "does-not-exist.txt")
    assert code == 2
    assert "does-not-exist.txt:1:1: error PL001 [unreadable-document] no such file or directory" in out
    assert "(linted 0, skipped 0, failed 1)" in out


def test_rules_and_rule() -> None:
    code, out, _ = run("rules")
    assert code == 0
    assert "PL301  dangling-citation-marker" in out
    code, out, _ = run("rule", "PL301")
    assert code == 0
    assert out.startswith("# PL301 dangling-citation-marker\n")
    assert "## What it does" in out and "## Why it matters" in out and "## Example" in out
    assert run("rule", "repeated-line")[1].startswith("# PL201 repeated-line")
    assert run("rule", "PL999")[0] == 2


def test_python_m_provlint() -> None:
    proc = subprocess.run([sys.executable, "-m", "provlint", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and "provlint" in proc.stdout
