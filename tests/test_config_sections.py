"""Every documented configuration table is declared in provlint.config itself.

A fresh process must accept [scorecard], [fix] and [limits] without importing
the modules that use them (they were once registered by import side effects).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from provlint.config import SECTIONS, Config, ConfigError, FixSection, LimitsSection, ScorecardSection, load_config

EVERY_TABLE = """\
select = ["ALL"]
extend-select = ["PL2"]
ignore = ["PL403"]
fail-on = "error"

[severity]
PL201 = "info"

[rules.PL201]
min-chars = 12

[sources."example.com"]
language = "de"

[input]
format = "jsonl"
encoding = "utf-8"

[scorecard]
weight-rewrite = 3
severity-info = 0.5
min-words = 800
ceiling-boilerplate = 50

[fix]
max-removed-share = 0.25

[limits]
rule-time-budget = 2.5
max-document-chars = 1000
"""

FRESH = """\
import json, sys
import provlint
config = provlint.load_config(sys.argv[1])
loaded = sorted(m for m in sys.modules if m.startswith("provlint"))
print(json.dumps({
    "scorecard": dict(config.section("scorecard")),
    "fix": config.fix.max_removed_share,
    "limits": [config.limits.rule_time_budget, config.limits.max_document_chars],
    "modules": loaded,
}))
"""


def test_fresh_process_accepts_every_documented_table(tmp_path: Path) -> None:
    path = tmp_path / "provlint.toml"
    path.write_text(EVERY_TABLE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", FRESH, str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["scorecard"]["weight-rewrite"] == 3
    assert out["scorecard"]["severity-info"] == 0.5
    assert out["scorecard"]["min-words"] == 800
    assert out["scorecard"]["ceiling-boilerplate"] == 50
    assert out["scorecard"]["weight-engine"] == 0.5  # the default kept
    assert out["fix"] == 0.25
    assert out["limits"] == [2.5, 1000]
    # Nothing but the configuration was needed to learn the tables.
    for module in ("provlint.scorecard", "provlint.fixes", "provlint.limits", "provlint.pipeline"):
        assert module not in out["modules"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[scorecard]\nweight-bogus = 1\n", "scorecard.weight-bogus: unknown key (known keys: ceiling-attribution, "),
        ("[fix]\nmax-removed = 0.3\n", "fix.max-removed: unknown key (known keys: max-removed-share)"),
        (
            "[limits]\nrule-budget = 1\n",
            "limits.rule-budget: unknown key (known keys: max-document-chars, max-document-lines, plugin-rule-timeout, rule-time-budget)",
        ),
        ("[limits]\nmax-document-chars = 1.5\n", "limits.max-document-chars: expected int, got float 1.5"),
        ("[fix]\nmax-removed-share = true\n", "fix.max-removed-share: expected float, got bool True"),
        ("colour = 1\n", "colour: unknown key (known keys: exclude, extend-exclude, extend-select, fail-on, fix, "),
    ],
)
def test_unknown_or_ill_typed_keys_name_key_and_file(tmp_path: Path, table: str, message: str) -> None:
    path = tmp_path / "provlint.toml"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}: {message}")


def test_sections_are_typed_frozen_and_complete() -> None:
    assert set(SECTIONS) == {"scorecard", "fix", "limits"}
    config = Config()
    assert config.scorecard == ScorecardSection()
    assert config.fix == FixSection(max_removed_share=0.5)
    assert config.limits == LimitsSection(rule_time_budget=5.0, max_document_chars=10_000_000)
    with pytest.raises(AttributeError):
        config.fix.max_removed_share = 0.9  # type: ignore[misc]
    assert config.section("fix") == {"max-removed-share": 0.5}
    assert config.section("nothing") == {}


def test_pyproject_section_keys_are_prefixed(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.provlint.fix]\nmax-removed-share = 0.2\nwhat = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml: tool\.provlint\.fix\.what: unknown key"):
        load_config(path)
