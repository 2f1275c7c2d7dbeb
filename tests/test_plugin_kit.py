"""The example plugin packages, installed as a user installs them: their rules and
formats work like built-in ones (selected, ignored, configured, listed with origin)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from provlint.cli.main import _load_commands, cli

#: These tests load entry-point plugins (see tests/conftest.py).
pytestmark = pytest.mark.installed_plugins

pytest.importorskip("provlint_shouting", reason="install plugins/provlint-shouting (see README)")
_load_commands()

TEXT = "BREAKING NEWS: MARKETS CRASH AS NOBODY EXPECTED\nCalm body that cites [4].\n"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def codes(*args: str) -> list[tuple[str, int, str]]:
    _, out, _ = run("check", "--format", "json", *args, "-", input=TEXT)
    return [(f["code"], f["line"], f["severity"]) for f in json.loads(out)["findings"]]


def test_plugin_rule_fires_with_the_builtins() -> None:
    assert codes() == [("PL901", 1, "warning"), ("PL301", 2, "warning")]


def test_plugin_rule_is_selected_and_ignored_like_a_builtin() -> None:
    assert codes("--select", "PL901") == [("PL901", 1, "warning")]
    assert codes("--select", "PL9") == [("PL901", 1, "warning")]
    assert codes("--select", "shouting-line") == [("PL901", 1, "warning")]
    assert codes("--ignore", "PL901") == [("PL301", 2, "warning")]
    assert codes("--ignore", "shouting-line") == [("PL301", 2, "warning")]


def test_plugin_rule_is_configured_like_a_builtin(tmp_path: Path) -> None:
    cfg = tmp_path / "provlint.toml"
    cfg.write_text("[rules.shouting-line]\nmin-letters = 100\n", encoding="utf-8")
    assert codes("--config", str(cfg)) == [("PL301", 2, "warning")]
    cfg.write_text('[severity]\nPL901 = "error"\n', encoding="utf-8")
    assert codes("--config", str(cfg)) == [("PL901", 1, "error"), ("PL301", 2, "warning")]
    cfg.write_text("[rules.PL901]\nmin-lettres = 3\n", encoding="utf-8")
    code, _, err = run("check", "--config", str(cfg), "-", input=TEXT)
    assert code == 2
    assert (
        "rules.PL901.min-lettres: unknown option for PL901 (shouting-line); known options: min-letters, min-share"
        in err
    )


def test_rules_lists_plugin_origin_and_version() -> None:
    _, out, _ = run("rules")
    line = next(x for x in out.splitlines() if x.startswith("PL901"))
    assert line.endswith("(from provlint-shouting 0.1.0)")
    assert "shouting-line" in line
    builtin = next(x for x in out.splitlines() if x.startswith("PL301"))
    assert "(from" not in builtin
    _, out, _ = run("rules", "--format", "json")
    row = next(r for r in json.loads(out) if r["code"] == "PL901")
    assert (row["plugin"], row["package"], row["version"]) == ("shouting", "provlint-shouting", "0.1.0")
    _, out, _ = run("rule", "PL901")
    assert out.startswith("# PL901 shouting-line\n") and "- From: provlint-shouting 0.1.0" in out


def test_plugin_format_is_a_format_choice() -> None:
    pytest.importorskip("provlint_csv_format", reason="install plugins/provlint-csv-format (see README)")
    code, out, _ = run("check", "--format", "csv", "-", input=TEXT)
    assert code == 1
    assert out.splitlines()[1].startswith("<stdin>,1,1,1,48,PL901,shouting-line,warning,")
