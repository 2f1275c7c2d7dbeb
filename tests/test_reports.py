"""``provlint scorecard`` as a user runs it: every format, the CI gates, the comparison."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from provlint.api import lint_paths
from provlint.cli.main import _load_commands, cli
from provlint.config import Config
from tests.conftest import ROOT, SEEDS

_load_commands()
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SOURCES = ["contentmill.example.org", "herald.example.com", "wire.example.net"]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["scorecard", "--isolated", *args], catch_exceptions=False, env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def corpus_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.json"
    code, _, _ = run(str(CORPUS), str(SEEDS), "--format", "json", "--output", str(out))
    assert code == 0
    return out


def test_json_report_holds_every_source_and_the_overall_score(corpus_json: Path) -> None:
    report = json.loads(corpus_json.read_text(encoding="utf-8"))
    assert sorted(report["sources"]) == sorted([*SOURCES, "seeds"])
    assert report["overall"]["documents"] == 38
    mill = report["sources"]["contentmill.example.org"]
    assert mill["documents"] == 12
    assert mill["by_code"]["PL301"] == 11
    assert mill["languages"] == {"en": 11, "und": 1}
    assert mill["readability_summary"]["documents"] == 0 or mill["readability_summary"]["median"] is not None
    assert mill["explanation"][0].startswith("attribution (PL3xx): ") and " -> -" in mill["explanation"][0]
    herald = report["sources"]["herald.example.com"]
    assert herald["by_code"] == {"PL201": 3, "PL502": 1}
    assert 0.0 < herald["boilerplate_share"] < 1.0
    wire = report["sources"]["wire.example.net"]
    assert wire["by_code"] == {"PL301": 3, "PL501": 1}
    # the worst documents carry their findings, the content mill's first
    assert report["worst_documents"][0]["source"] == "contentmill.example.org"
    assert mill["score"] < herald["score"] and mill["score"] < wire["score"]


def test_table_csv_markdown_html_come_out() -> None:
    code, table, _ = run(str(CORPUS), str(SEEDS))
    assert code == 0
    assert "Scorecard per source" in table and all(s in table for s in SOURCES) and "(all)" in table
    assert "\x1b[" not in table
    _, out, _ = run(str(CORPUS), str(SEEDS), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(r["source"] for r in rows[:-1]) == sorted([*SOURCES, "seeds"]) and rows[-1]["source"] == "(all)"
    assert rows[-1]["documents"] == "38"
    scores = [float(r["score"]) for r in rows[:-1]]
    assert scores == sorted(scores)  # worst first
    _, out, _ = run(str(CORPUS), str(SEEDS), "--format", "markdown", "--worst", "50")
    assert out.startswith("# provlint scorecard\n")
    assert "| contentmill.example.org | 12 |" in out and "## Worst documents" in out
    assert "<script>" not in out and "&lt;script&gt;" in out
    _, out, _ = run(str(CORPUS), str(SEEDS), "--format", "html", "--worst", "50")
    assert out.startswith("<!DOCTYPE html>")
    assert 'http-equiv="Content-Security-Policy"' in out
    assert out.count("<script>") == 1  # provlint's own sorting script; the payload appears only escaped
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in out
    assert "<img src=x" not in out and "&lt;img src=x onerror=" in out
    # nothing external: no link, source or reference to another page (document URLs appear as text)
    assert not re.search(r"(href|src|action)=\"?(https?:)?//", out)


def test_fail_under_overall_and_per_source(corpus_json: Path) -> None:
    report = json.loads(corpus_json.read_text(encoding="utf-8"))
    mill = report["sources"]["contentmill.example.org"]["score"]
    assert run(str(CORPUS), "--fail-under", "10")[0] == 0
    code, _, err = run(str(CORPUS), "--fail-under", f"contentmill.example.org={mill + 1}")
    assert code == 1
    assert f"score of contentmill.example.org {mill:.1f} is below {mill + 1:.1f}" in err
    assert run(str(CORPUS), "--fail-under", f"contentmill.example.org={mill}")[0] == 0
    code, _, err = run(str(CORPUS), "--fail-under", "*=99.9")
    assert code == 1 and err.count("is below 99.9") >= 2
    code, _, err = run(str(CORPUS), "--fail-under", "nosuch.example=50")
    assert code == 1 and "no documents from source 'nosuch.example'" in err
    assert run(str(CORPUS), "--fail-under", "101")[0] == 2


def test_compare_shows_change_and_fails_on_a_drop(corpus_json: Path, tmp_path: Path) -> None:
    code, out, _ = run(str(CORPUS), str(SEEDS), "--compare", str(corpus_json), "--max-drop", "0")
    assert code == 0
    assert "Change since report.json" in out
    better = json.loads(corpus_json.read_text(encoding="utf-8"))
    old = better["sources"]["herald.example.com"]["score"]
    better["sources"]["herald.example.com"]["score"] = old + 5.0
    baseline = tmp_path / "old.json"
    baseline.write_text(json.dumps(better), encoding="utf-8")
    code, out, err = run(str(CORPUS), str(SEEDS), "--compare", str(baseline), "--format", "json")
    assert code == 0  # no threshold: the change is shown, not judged
    changes = {c["source"]: c for c in json.loads(out)["comparison"]["changes"]}
    assert changes["herald.example.com"]["delta"] == -5.0
    assert changes["wire.example.net"]["delta"] == 0.0
    code, _, err = run(str(CORPUS), str(SEEDS), "--compare", str(baseline), "--max-drop", "4.5")
    assert code == 1 and "score of herald.example.com dropped by 5.0 points" in err
    assert run(str(CORPUS), str(SEEDS), "--compare", str(baseline), "--max-drop", "5.5")[0] == 0
    baseline.write_text("not json", encoding="utf-8")
    assert run(str(CORPUS), "--compare", str(baseline))[0] == 2


def test_library_scorecards_keyed_by_source() -> None:
    result = lint_paths([str(CORPUS)], config=Config())
    assert sorted(result.scorecards) == SOURCES
    card = result.scorecards["wire.example.net"]
    assert card.documents == 12 and card.languages["en"] == 12
    assert card.to_dict()["score"] == card.score()


def test_check_prints_scorecard_without_colour_when_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = CliRunner().invoke(
        cli, ["check", "--isolated", str(CORPUS)], catch_exceptions=False, env={"NO_COLOR": "1", "FORCE_COLOR": "1"}
    )
    assert "Scorecard per source" in result.stdout and "\x1b[" not in result.stdout
    result = CliRunner().invoke(
        cli,
        ["check", "--isolated", "--no-color", str(CORPUS)],
        catch_exceptions=False,
        env={"NO_COLOR": "", "FORCE_COLOR": "1"},
    )
    assert "\x1b[" not in result.stdout
    result = CliRunner().invoke(
        cli, ["check", "--isolated", str(CORPUS)], catch_exceptions=False, env={"NO_COLOR": "", "FORCE_COLOR": "1"}
    )
    assert "\x1b[" in result.stdout  # colour when forced, so the two checks above can fail


def test_scorecard_table_colour_only_when_wanted() -> None:
    _, out, _ = run(str(CORPUS), env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[" in out
    _, out, _ = run(str(CORPUS), env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert "\x1b[" not in out
    _, out, _ = run(str(CORPUS), "--no-color", env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[" not in out


def test_hostile_source_names_are_neutralised_in_every_format() -> None:
    from provlint.scorecard import Scorecard
    from provlint.scorecard_formats import render
    from provlint.scorecard_formats.report import ScorecardReport

    names = ['=HYPERLINK("http://x")', "a|b<i>", "\x1b[31mred"]
    report = ScorecardReport({n: Scorecard(source=n, documents=1, linted=1, words=10) for n in names}, {})
    rows = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert sorted(r[0] for r in rows[1:]) == sorted(['\'=HYPERLINK("http://x")', "a|b<i>", "\x1b[31mred", "(all)"])
    markdown = render(report, "markdown")
    assert "| a\\|b&lt;i&gt; |" in markdown
    table = render(report, "table")
    assert "\x1b" not in table and "\\x1b[31mred" in table
    page = render(report, "html")
    assert "a|b&lt;i&gt;" in page and "<i>" not in page
