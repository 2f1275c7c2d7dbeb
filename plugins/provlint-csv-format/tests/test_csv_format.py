from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner
from provlint_csv_format.plugin import COLUMNS, cell

from provlint.cli.main import _load_commands, cli
from provlint.registry import get_registry

_load_commands()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_format_is_registered_by_the_plugin_package() -> None:
    origin = get_registry().formatters["csv"]
    assert (origin.plugin, origin.package, origin.version) == ("csv_format", "provlint-csv-format", "0.1.0")
    _, out = run("formats")
    assert any(
        line.startswith("csv") and line.endswith("(from provlint-csv-format 0.1.0)") for line in out.splitlines()
    )


def test_rows_for_a_document(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    line = '=HYPERLINK("http://x") says, "hi"\x07'
    doc.write_text(f"Headline\n{line}\nBody [2].\n{line}\n", encoding="utf-8")
    code, out = run("check", "--format", "csv", "--isolated", "--select", "PL201,PL301", str(doc))
    assert code == 1
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == COLUMNS
    got = [dict(zip(COLUMNS, r)) for r in rows[1:]]
    assert [(r["line"], r["column"], r["code"], r["message"]) for r in got] == [
        ("3", "6", "PL301", "citation marker [2] has no reference list"),
        ("4", "1", "PL201", "line repeats line 2"),
    ]
    assert got[1]["excerpt"] == '\'=HYPERLINK("http://x") says, "hi"'
    assert got[1]["path"] == str(doc)


def test_cell_escaping() -> None:
    assert cell("+1 555") == "'+1 555"
    assert cell("-3") == "'-3"
    assert cell("@user") == "'@user"
    assert cell("plain, text") == "plain, text"
    assert cell("a\x00b\x1bc") == "abc"
    assert cell(None) == ""
    assert cell(12) == "12"
