"""Issue 17, the command line's share: every unexpected error is exit 2 with one line, hostile
numbers and nesting in configuration, baselines and compared reports are refused by name, and
document text cannot reorder or colour what the text, github and Markdown outputs show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provlint.cli import check as check_command
from provlint.cli.main import main
from provlint.scorecard_formats import ReportBuilder

from .helpers import run_cli

ARTICLE = "Skip to content\nThe council met on Monday.\n"


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The real entry point (with its top-level guard), as the installed `provlint` runs it."""
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    captured = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 1), captured.out, captured.err


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    return path


class Unprintable(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no message either")


def test_an_unexpected_error_is_exit_2_with_the_input_and_a_hint(
    doc: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug anywhere in the run (here: the sink that keeps the exit code) while a document is handled."""

    def broken(self: object, outcome: object) -> None:
        raise ValueError("verdict exploded")

    monkeypatch.setattr(check_command._Verdict, "document", broken)
    code, out, err = run_main(["check", str(doc)], capsys)
    assert code == 2
    assert err == (
        f"provlint: error: unexpected ValueError: verdict exploded (while reading {str(doc)!r}); "
        "rerun with --verbose for the traceback\n"
    )
    code, _, err = run_main(["check", "--verbose", str(doc)], capsys)
    assert code == 2
    assert err.startswith("Traceback (most recent call last):")
    assert err.splitlines()[-1] == (
        f"provlint: error: unexpected ValueError: verdict exploded (while reading {str(doc)!r})"
    )

    def unprintable(self: object, outcome: object) -> None:
        raise Unprintable()

    monkeypatch.setattr(ReportBuilder, "add", unprintable)
    code, _, err = run_main(["scorecard", "--no-color", str(doc)], capsys)
    assert code == 2
    assert err == (
        f"provlint: error: unexpected Unprintable: (its message could not be shown) (while reading {str(doc)!r}); "
        "rerun with --verbose for the traceback\n"
    )


def test_an_error_after_the_run_is_exit_2_too(
    doc: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(self: object, summary: object) -> None:
        raise KeyError("summary")

    monkeypatch.setattr(check_command._Verdict, "finish", broken)
    code, out, err = run_main(["check", str(doc)], capsys)
    assert (code, err) == (
        2,
        "provlint: error: unexpected KeyError: 'summary'; rerun with --verbose for the traceback\n",
    )


def test_an_absurd_jobs_value_is_refused(doc: Path) -> None:
    for command in ("check", "scorecard", "fix"):
        code, _, err = run_cli(command, "--jobs", "100000", str(doc))
        assert code == 2, command
        assert (
            err.splitlines()[-1] == "Error: Invalid value for '-j' / '--jobs': 100000 is not in the range 0<=x<=1024."
        )


def test_deeply_nested_config_baseline_and_compared_report(
    doc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep_toml = tmp_path / "deep.toml"
    deep_toml.write_text("select = " + "[" * 50_000 + "]" * 50_000 + "\n")
    deep_json = tmp_path / "deep.json"
    deep_json.write_text("[" * 50_000 + "]" * 50_000)
    code, _, err = run_main(["check", "--config", str(deep_toml), str(doc)], capsys)
    assert (code, err) == (
        2,
        f"provlint: error: {deep_toml}: arrays or tables are nested too deeply to be a provlint configuration\n",
    )
    code, _, err = run_main(["check", "--baseline", str(deep_json), str(doc)], capsys)
    assert (code, err) == (
        2,
        f"provlint: error: {deep_json}: the baseline is nested too deeply to be a provlint baseline\n",
    )
    code, _, err = run_main(["scorecard", "--compare", str(deep_json), str(doc)], capsys)
    assert (code, err) == (
        2,
        f"provlint: error: {deep_json}: the report is nested too deeply to be a provlint JSON report\n",
    )


@pytest.mark.parametrize(
    ("score", "shown"), [("NaN", "NaN"), ("null", "null"), ('"90"', '"90"'), ("Infinity", "Infinity"), ("250", "250")]
)
def test_a_corrupt_compared_report_is_exit_2_not_a_silent_pass(
    doc: Path, tmp_path: Path, score: str, shown: str
) -> None:
    old = tmp_path / "old.json"
    old.write_text('{"sources": {"tmp": {"score": 99.0}, "example.com": {"score": ' + score + "}}}")
    code, out, err = run_cli("scorecard", "--compare", str(old), "--max-drop", "1", str(doc))
    assert code == 2 and out == ""
    assert err == (
        f"provlint: error: {old}: the score of source 'example.com' is {shown if shown != 'Infinity' else 'Infinity'}, "
        "not a number from 0 to 100; the report cannot be compared\n"
    )


def test_max_drop_must_be_a_number_of_points(doc: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text('{"sources": {"tmp": {"score": 99.0}}}')
    code, _, err = run_cli("scorecard", "--compare", str(old), "--max-drop", "nan", str(doc))
    assert (
        code == 2
        and err.splitlines()[-1] == "Error: Invalid value for --max-drop: nan: expected a number of points, 0 or more"
    )


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[limits]\nmax-document-chars = -5\n", "limits.max-document-chars: must be at least 0, got -5"),
        ("[limits]\nrule-time-budget = -1.5\n", "limits.rule-time-budget: must be at least 0, got -1.5"),
        ("[fix]\nmax-removed-share = 1.5\n", "fix.max-removed-share: must be 0 to 1, got 1.5"),
        ("[scorecard]\nweight-rewrite = nan\n", "scorecard.weight-rewrite: must be a finite number, got nan"),
        ("[scorecard]\nmin-words = 0\n", "scorecard.min-words: must be at least 1, got 0"),
        ('exclude = ["!keep.txt"]\n', "exclude: '!keep.txt': negated patterns are not supported"),
    ],
)
def test_config_values_are_range_checked(doc: Path, tmp_path: Path, table: str, message: str) -> None:
    config = tmp_path / "provlint.toml"
    config.write_text(table)
    code, _, err = run_cli("check", "--config", str(config), str(doc))
    assert (code, err) == (2, f"provlint: error: {config}: {message}\n")


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"fingerprint": 5}, "findings[0].fingerprint: expected a string, got int 5"),
        ({"code": ["PL101"]}, "findings[0].code: expected a string, got list ['PL101']"),
        ({"message": None}, "findings[0].message: expected a string, got NoneType None"),
        ({"fingerprint": ""}, "findings[0].fingerprint: must not be empty"),
    ],
)
def test_baseline_values_must_be_strings(doc: Path, tmp_path: Path, entry: dict[str, object], problem: str) -> None:
    good = {"fingerprint": "abc", "code": "PL101", "document": "a.txt", "excerpt": "Skip", "message": "m"}
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"tool": "provlint", "version": 1, "findings": [{**good, **entry}]}))
    code, _, err = run_cli("check", "--baseline", str(baseline), str(doc))
    assert (code, err) == (2, f"provlint: error: {baseline}: {problem}\n")


RLO = "\u202e"


def test_bidi_overrides_are_shown_not_obeyed(tmp_path: Path) -> None:
    """U+202E in a document (or its file name) cannot reverse a line of text, github or Markdown output."""
    doc = tmp_path / f"evil{RLO}txt.md"
    doc.write_text(ARTICLE)
    _, out, _ = run_cli("check", "--select", "PL101", "--no-scorecard", str(doc))
    assert RLO not in out
    assert out.splitlines()[0] == (
        f'{tmp_path}/evil\\u202etxt.md:1:1: warning PL101 [navigation-residue] navigation residue "Skip to content"'
    )
    _, out, _ = run_cli("check", "--select", "PL101", "--format", "github", str(doc))
    assert RLO not in out and "\\u202e" in out
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text(json.dumps({"id": "1", "source": f"news{RLO}moc.example", "text": "A council met. " * 20}) + "\n")
    _, out, _ = run_cli("scorecard", "--format", "markdown", str(jsonl))
    assert RLO not in out and "news\\\\u202emoc.example" in out


def test_ansi_escapes_in_a_file_name_do_not_reach_the_github_file_property(tmp_path: Path) -> None:
    doc = tmp_path / "a\x1b[31mred.txt"
    doc.write_text(ARTICLE)
    _, out, _ = run_cli("check", "--select", "PL101", "--format", "github", str(doc))
    assert out == (
        "::warning title=PL101 (navigation-residue)::"
        f'{tmp_path}/a\\x1b[31mred.txt:1: PL101 navigation residue "Skip to content"\n'
    )
