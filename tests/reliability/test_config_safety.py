"""Configuration is data: invalid TOML is exit 2 with the file and position, and nothing in it runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.helpers import run_cli

CASES = [
    ('select = ["PL2"\nignore = 3\n', "invalid TOML: Unclosed array (at line 2, column 1)"),
    (
        "[limits\nrule-time-budget = 1\n",
        "invalid TOML: Expected ']' at the end of a table declaration (at line 1, column 8)",
    ),
    (
        'select = "PL2" "PL3"\n',
        "invalid TOML: Expected newline or end of document after a statement (at line 1, column 16)",
    ),
    ("a = '''\n", "invalid TOML: Expected \"'''\" (at end of document)"),
]


@pytest.mark.parametrize("content,message", CASES, ids=["unclosed-array", "table-header", "two-values", "unterminated"])
def test_invalid_toml_is_exit_2_with_file_and_position(tmp_path: Path, content: str, message: str) -> None:
    config = tmp_path / "provlint.toml"
    config.write_text(content)
    (tmp_path / "a.txt").write_text("Text.\n")
    code, out, err = run_cli("check", "--config", str(config), str(tmp_path / "a.txt"))
    assert code == 2
    assert out == ""
    assert err == f"provlint: error: {config}: {message}\n"


def test_discovered_invalid_config_is_an_error_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "provlint.toml").write_text("select = [\n")
    (tmp_path / "a.txt").write_text("Text.\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("check", "a.txt")
    assert code == 2
    assert err == f"provlint: error: {tmp_path / 'provlint.toml'}: invalid TOML: Invalid value (at end of document)\n"


def test_config_not_utf8(tmp_path: Path) -> None:
    config = tmp_path / "provlint.toml"
    config.write_bytes(b'select = ["\xff"]\n')
    code, _, err = run_cli("check", "--config", str(config), str(config))
    assert (code, err) == (
        2,
        f"provlint: error: {config}: configuration is not UTF-8 (invalid start byte at byte 11)\n",
    )


@pytest.mark.parametrize(
    "content,message",
    [
        (
            "select = [\"__import__('os').system('touch pwned')\"]\n",
            "select: \"__import__('os').system('touch pwned')\" matches no rule code, prefix, name or category",
        ),
        (
            'plugins = ["pwned_module"]\n',
            "plugins: unknown key (known keys: exclude, extend-exclude, extend-select, fail-on, fix, ignore, input, limits, rules, scorecard, select, severity, sources)",
        ),
        ("[rules.PL201]\nmin-chars = \"__import__('os')\"\n", None),
    ],
)
def test_config_values_are_never_executed_or_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, message: str | None
) -> None:
    import sys

    monkeypatch.chdir(tmp_path)
    (tmp_path / "provlint.toml").write_text(content)
    (tmp_path / "a.txt").write_text("Text.\n")
    code, _, err = run_cli("check", "a.txt")
    assert code == 2
    assert err.startswith(f"provlint: error: {tmp_path / 'provlint.toml'}: ")
    if message:
        assert err == f"provlint: error: {tmp_path / 'provlint.toml'}: {message}\n"
    assert not (tmp_path / "pwned").exists()
    assert "pwned_module" not in sys.modules
