"""Baselines: record today's findings, then fail only on new ones, whatever lines move."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from provlint import Config, lint_paths
from provlint.baseline import BaselineError, BaselineFilter, load_baseline, write_baseline
from provlint.cli.main import _load_commands, cli
from tests.conftest import SEEDS

_load_commands()


# The baseline does not depend on which rules run; two stable rules keep the counts exact.
RULES = ("--select", "PL201,PL301")


def run(*args: str) -> tuple[int, str, str]:
    argv = [*args[:1], *RULES, *args[1:]] if args and args[0] == "check" else list(args)
    result = CliRunner().invoke(cli, argv, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def corpus() -> Path:
    target = Path.cwd() / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def _edit_seed_000(corpus: Path) -> None:
    """Move lines around and add one new defect (a "[7]" marker)."""
    path = corpus / "000_594639b3d20ec59d.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    tail = lines[-6:]
    # The article's last lines move up into its middle, two new lines push the rest down.
    lines = lines[:14] + tail + ["An aside written today.", ""] + lines[14:-6]
    lines.insert(20, "A new sentence that cites a missing source [7].")
    path.write_text("\n".join(lines), encoding="utf-8")


def test_round_trip_only_the_new_defect_fails(corpus: Path) -> None:
    code, _, err = run("check", "--write-baseline", "baseline.json", "seeds")
    assert code == 0
    assert "wrote 8 findings to baseline baseline.json" in err
    code, out, err = run("check", "--baseline", "baseline.json", "--no-scorecard", "seeds")
    assert code == 0, out
    assert "Found 0 findings" in out
    assert "8 known findings left out; 0 baseline entries fixed (gone)" in err

    _edit_seed_000(corpus)
    code, out, err = run("check", "--baseline", "baseline.json", "--format", "json", "seeds")
    assert code == 1
    new = [(f["code"], f["line"], f["message"]) for f in json.loads(out)["findings"]]
    assert new == [("PL301", 21, "citation marker [7] has no reference list")]
    assert "8 known findings left out; 0 baseline entries fixed (gone)" in err


def test_fixed_entries_are_counted(corpus: Path) -> None:
    run("check", "--write-baseline", "baseline.json", "seeds")
    path = corpus / "002_5eb1399804b75041.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:15]), encoding="utf-8")  # drops the two repeated widget lines
    code, out, err = run("check", "--baseline", "baseline.json", "--no-scorecard", "seeds")
    assert code == 0
    assert "6 known findings left out; 2 baseline entries fixed (gone)" in err


def test_partial_run_does_not_call_other_documents_fixed(corpus: Path) -> None:
    run("check", "--write-baseline", "baseline.json", "seeds")
    _, _, err = run("check", "--baseline", "baseline.json", "seeds/002_5eb1399804b75041.txt")
    assert "2 known findings left out; 0 baseline entries fixed (gone)" in err


def test_file_is_sorted_stable_and_documented_shape(corpus: Path) -> None:
    run("check", "--write-baseline", "a.json", "seeds")
    run("check", "--write-baseline", "b.json", "seeds")
    text = Path("a.json").read_text(encoding="utf-8")
    assert text == Path("b.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert list(data) == ["findings", "tool", "version"]
    assert data["tool"] == "provlint" and data["version"] == 1
    entries = data["findings"]
    assert len(entries) == 8
    assert entries == sorted(entries, key=lambda e: (e["document"], e["code"], e["fingerprint"]))
    assert set(entries[0]) == {"code", "document", "excerpt", "fingerprint", "message"}
    assert entries[0]["document"] == "seeds/000_594639b3d20ec59d.txt"
    assert json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text


def test_same_marker_twice_keeps_both_entries(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("One [3].\nTwo [3].\n", encoding="utf-8")
    findings = lint_paths([str(doc)], Config()).findings
    write_baseline(tmp_path / "b.json", findings)
    assert len(load_baseline(tmp_path / "b.json")) == 2
    doc.write_text("One [3].\nTwo [3].\nThree [3].\n", encoding="utf-8")
    filt = BaselineFilter.from_file(tmp_path / "b.json")
    new = filt.new_findings(lint_paths([str(doc)], Config()).findings)
    assert [(f.line, f.excerpt) for f in new] == [(3, "[3]")]
    assert filt.matched == 2


def test_bad_baseline_file_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"findings": 3}', encoding="utf-8")
    code, _, err = run("check", "--baseline", str(bad), str(SEEDS))
    assert code == 2
    assert "not a provlint baseline" in err
    code, _, err = run("check", "--baseline", str(tmp_path / "none.json"), str(SEEDS))
    assert code == 2 and "cannot read baseline" in err
    with pytest.raises(BaselineError, match="format version 9"):
        bad.write_text('{"tool": "provlint", "version": 9, "findings": []}', encoding="utf-8")
        load_baseline(bad)


def test_baseline_applies_to_every_format(corpus: Path) -> None:
    run("check", "--write-baseline", "baseline.json", "seeds")
    _edit_seed_000(corpus)
    code, out, _ = run("check", "--baseline", "baseline.json", "--format", "github", "seeds")
    assert code == 1
    assert out.splitlines() == [
        "::warning file=seeds/000_594639b3d20ec59d.txt,line=21,col=44,endLine=21,endColumn=47,"
        "title=PL301 (dangling-citation-marker)::PL301 citation marker [7] has no reference list"
    ]
