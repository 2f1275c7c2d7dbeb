"""Text output: findings of one document starting on one line are printed as one line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from provlint.cli.main import _load_commands, cli

_load_commands()


def _check(*args: str) -> list[str]:
    result = CliRunner().invoke(cli, ["check", "--quiet", *args], catch_exceptions=False)
    return [line for line in result.stdout.splitlines() if line and not line.startswith("Found ")]


def test_two_rules_on_one_line_share_one_location(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "No time to read?\nThe central bank raised rates on Tuesday, citing inflation.\nNo time to read?\n",
        encoding="utf-8",
    )
    assert _check("--select", "PL201,PL206", str(page)) == [
        f'{page}:1:1: warning PL206 [widget-boilerplate] widget boilerplate "No time to read?"',
        f"{page}:3:1: warning PL201 [repeated-line] line repeats line 1 | "
        'warning PL206 [widget-boilerplate] widget boilerplate "No time to read?"',
    ]


def test_same_rule_twice_on_a_line_names_the_second_column(tmp_path: Path) -> None:
    page = tmp_path / "cited.txt"
    page.write_text("The minister said it twice [3] and again [5] on Monday.\n", encoding="utf-8")
    assert _check("--select", "PL301", str(page)) == [
        f"{page}:1:28: warning PL301 [dangling-citation-marker] citation marker [3] has no reference list | "
        "col 42: warning PL301 [dangling-citation-marker] citation marker [5] has no reference list"
    ]


def test_no_line_printed_twice_on_the_seeds() -> None:
    from tests.conftest import SEEDS

    lines = _check(str(SEEDS))
    locations = [line.split(": ", 1)[0].rsplit(":", 1)[0] for line in lines]
    assert len(locations) == len(set(locations))
    assert f"{SEEDS}/000_594639b3d20ec59d.txt:36" in locations  # two PL301 markers on one line


def test_grouped_format_shares_one_line_too(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "No time to read?\nThe central bank raised rates on Tuesday, citing inflation.\nNo time to read?\n",
        encoding="utf-8",
    )
    lines = _check("--select", "PL201,PL206", "--format", "grouped", str(page))
    assert lines == [
        f"{page}  (tmp, 3 findings)".replace("(tmp,", f"({tmp_path.name},"),
        '  1:1      warning PL206  [widget-boilerplate] widget boilerplate "No time to read?"',
        "  3:1      warning PL201  [repeated-line] line repeats line 1 | "
        'warning PL206  [widget-boilerplate] widget boilerplate "No time to read?"',
    ]
