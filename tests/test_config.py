"""Configuration: discovery, selection, severity overrides, options, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from provlint import Config, lint_text
from provlint.config import ConfigError, find_config_file, load_config
from provlint.engine import Engine
from provlint.model import Severity

TEXT = "Cited [1].\nRepeated line here\nRepeated line here\n"


def test_pyproject_discovered_walking_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.provlint]\nselect = ["PL2"]\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert find_config_file() == tmp_path / "pyproject.toml"
    assert load_config().select == ("PL2",)


def test_pyproject_without_section_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    monkeypatch.chdir(tmp_path)
    assert find_config_file() is None


def test_select_ignore_extend(tmp_path: Path) -> None:
    cfg = tmp_path / "provlint.toml"
    cfg.write_text('select = ["duplication"]\nextend-select = ["PL301"]\nignore = ["PL201"]\n')
    config = load_config(cfg)
    codes = [c.code for c in Engine(config).rule_classes]
    assert "PL301" in codes and "PL201" not in codes


def test_severity_override_and_options(tmp_path: Path) -> None:
    cfg = tmp_path / "provlint.toml"
    cfg.write_text('[severity]\nPL201 = "error"\n[rules.repeated-line]\nmin-chars = 50\n')
    config = load_config(cfg)
    assert config.severity == {"PL201": Severity.ERROR}
    assert [f.code for f in lint_text(TEXT, config=config).findings] == ["PL301"]
    cfg.write_text('[severity]\nPL201 = "error"\n')
    found = {f.code: f.severity for f in lint_text(TEXT, config=load_config(cfg)).findings}
    assert found["PL201"] is Severity.ERROR


def test_per_source_options() -> None:
    config = Config(
        sources={"quiet.example": __import__("provlint.config").config.SourceConfig(rules={"PL201": {"min_chars": 99}})}
    )
    assert [f.code for f in lint_text(TEXT, config=config, source="quiet.example").findings] == ["PL301"]
    assert "PL201" in [f.code for f in lint_text(TEXT, config=config, source="other").findings]


@pytest.mark.parametrize(
    "content, message",
    [
        ('selekt = ["PL1"]', "selekt: unknown key"),
        ('fail-on = "fatal"', "fail-on: unknown severity 'fatal'"),
        ('[rules.PL201]\nmin-chars = "ten"', "rules.PL201.min-chars: expected int, got str 'ten'"),
        ("[rules.PL201]\nmax-chars = 3", "rules.PL201.max-chars: unknown option for PL201"),
        ("[rules.PL777]\nx = 1", "rules.PL777: unknown rule code or name"),
        ('[severity]\nPL777 = "error"', "severity.PL777: unknown rule code"),
        (
            '[input]\nformat = "xml"',
            "input.format: unknown reader 'xml' (known: auto, html, jsonl, parquet, text, warc)",
        ),
        ("select = [", "invalid TOML"),
    ],
)
def test_bad_config_names_key_and_file(tmp_path: Path, content: str, message: str) -> None:
    cfg = tmp_path / "provlint.toml"
    cfg.write_text(content + "\n")
    with pytest.raises(ConfigError) as err:
        Engine(load_config(cfg))
    assert str(err.value).startswith(str(cfg) + ": ")
    assert message in str(err.value)


def test_pyproject_keys_are_prefixed(tmp_path: Path) -> None:
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text("[tool.provlint]\nbogus = 1\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: tool.provlint.bogus: unknown key"):
        load_config(cfg)
