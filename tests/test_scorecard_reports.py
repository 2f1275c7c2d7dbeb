"""Scorecards on the multi-source fixture: measured values and costs in every format, n/a where there is no evidence.

tests/fixtures/scorecard/README.md says what each source of the fixture is for.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from provlint import Config, lint_documents
from provlint.cli.main import _load_commands, cli
from provlint.hookspecs import hookimpl
from provlint.model import Document
from provlint.plugins import get_plugin_manager, reset_plugin_manager
from provlint.registry import get_registry
from tests.conftest import ROOT, SEEDS

_load_commands()
FIXTURE = ROOT / "tests" / "fixtures" / "scorecard" / "sources.jsonl"
MEASURE_KEYS = ["boilerplate", "attribution", "rewrite", "language", "engine"]
MENU = ["Home", "World", "Business", "Markets", "Opinion", "Sport", "Culture", "Travel", "Video", "Podcasts"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["scorecard", "--isolated", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def report() -> dict:  # type: ignore[type-arg]
    code, out, _ = run(str(FIXTURE), str(SEEDS), "--format", "json", "--worst", "3")
    assert code == 0
    return json.loads(out)  # type: ignore[no-any-return]


def test_json_shows_measured_values_costs_and_n_a(report: dict) -> None:  # type: ignore[type-arg]
    sources = report["sources"]
    assert sorted(sources) == [
        "empty.example",
        "failed.example",
        "menus.example",
        "plain.example",
        "seeds",
        "tiny.example",
    ]
    for name in ("plain.example", "menus.example", "seeds"):
        card = sources[name]
        assert card["status"] == "graded" and isinstance(card["score"], float)
        assert [c["measure"] for c in card["costs"]] == MEASURE_KEYS
        assert round(100 - sum(c["points"] for c in card["costs"]), 1) == card["score"]
        boiler = card["costs"][0]
        assert boiler["value"] == round(100 * card["boilerplate_chars"] / card["chars"], 4)
        assert (boiler["unit"], boiler["weight"], boiler["ceiling"]) == ("%", 1.0, 60.0)
    assert (sources["failed.example"]["score"], sources["failed.example"]["grade"]) == (None, "n/a")
    assert sources["failed.example"]["reason"] == "all 2 documents failed"
    assert (sources["empty.example"]["score"], sources["empty.example"]["reason"]) == (
        None,
        "no words in the 2 linted documents",
    )
    assert sources["tiny.example"]["grade"] == "too small"
    assert sources["tiny.example"]["reason"] == "too small to grade: 11 words (minimum 500)"
    # the same articles with menus measure more boilerplate and score lower
    assert sources["menus.example"]["boilerplate_share"] > sources["plain.example"]["boilerplate_share"]
    assert sources["menus.example"]["score"] < sources["plain.example"]["score"]
    # worst documents are named by id and URL
    assert {d["url"] for d in report["worst_documents"]} <= {
        f"https://{s}/story/{i}" for s in ("plain.example", "menus.example") for i in (0, 1)
    } | {None}


def test_table_shows_values_costs_and_reasons() -> None:
    code, out, _ = run(str(FIXTURE), str(SEEDS))
    assert code == 0
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.startswith("│ ")}
    order = [name for name in rows if name]
    assert order[:2] == ["menus.example", "plain.example"] or order[0] == "menus.example"
    assert order[-4:] == ["empty.example", "failed.example", "tiny.example", "(all)"]
    assert re.search(r"│\s+\d+\.\d% -\d+\.\d │", rows["menus.example"])  # boilerplate value and its cost
    assert "n/a" in rows["failed.example"] and "all 2 documents failed" in rows["failed.example"]
    assert "n/a" in rows["empty.example"] and "too small" in rows["tiny.example"]
    assert "Points = max x (1 - exp(-weight x value / max))" in out.replace("\n", " ").replace("  ", " ")


def test_csv_shows_values_weights_costs_and_status() -> None:
    _, out, _ = run(str(FIXTURE), "--format", "csv")
    rows = {r["source"]: r for r in csv.DictReader(io.StringIO(out))}
    assert list(rows) == ["menus.example", "plain.example", "empty.example", "failed.example", "tiny.example", "(all)"]
    plain = rows["plain.example"]
    assert (
        plain["status"] == "graded" and plain["boilerplate_weight"] == "1.0" and plain["boilerplate_ceiling"] == "60.0"
    )
    points = sum(float(plain[f"{k}_points"]) for k in MEASURE_KEYS)
    assert round(100 - points, 1) == float(plain["score"])
    assert (rows["failed.example"]["status"], rows["failed.example"]["score"], rows["failed.example"]["grade"]) == (
        "n/a",
        "",
        "n/a",
    )
    assert rows["empty.example"]["reason"] == "no words in the 2 linted documents"


def test_markdown_shows_values_costs_and_n_a_without_double_escaping(tmp_path: Path) -> None:
    page = tmp_path / "italy.jsonl"
    article = " ".join(["Italy's government said the plan would go ahead as agreed."] * 60)
    page.write_text(json.dumps({"id": "it-1", "source": "Italy's news", "text": article}) + "\n", encoding="utf-8")
    _, out, _ = run(str(FIXTURE), str(page), "--format", "markdown")
    assert "Italy's news" in out and "&#x27;" not in out and "&\\#" not in out
    assert "## How the score works" in out
    assert re.search(r"\| menus\.example \| 2 \| [\d,]+ \| \d+\.\d% \(-\d+\.\d\) \|", out)
    assert "- **failed.example** n/a: all 2 documents failed" in out
    assert "- **empty.example** n/a: no words in the 2 linted documents" in out
    assert "boilerplate (PL1xx+PL2xx): " in out and "ceiling 60 -> -" in out


def test_markdown_shows_each_excerpt_once(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text(
        "No time to read?\nThe central bank raised rates on Tuesday, citing inflation.\nNo time to read?\n",
        encoding="utf-8",
    )
    _, out, _ = run(str(page), "--format", "markdown", "--select", "PL201,PL206")
    worst = out.split("## Worst documents", 1)[1]
    assert worst.count("No time to read?") == 2  # in the two messages that quote it, never again as an excerpt
    assert "(“" not in worst


def test_html_shows_values_costs_n_a_and_the_explanation() -> None:
    _, out, _ = run(str(FIXTURE), "--format", "html", "--worst", "3")
    assert 'id="how-score"' in out and "How the score works" in out
    body = out.split('<table class="sortable" id="sources">', 1)[1].split("</tbody>", 1)[0]
    order = re.findall(r'<tr data-source="([^"]+)">', body)
    assert order == ["menus.example", "plain.example", "empty.example", "failed.example", "tiny.example"]
    assert re.search(r'<td data-value="[\d.]+">\d+\.\d% <span class="cost">&minus;\d+\.\d</span></td>', body)
    assert "all 2 documents failed" in body and "no words in the 2 linted documents" in body
    assert 'id="filter"' in out
    # worst documents named by id and URL, never by file.jsonl:LINE alone
    assert re.search(
        r'<strong>(plain|menus)-\d</strong> <code class="url">https://(plain|menus)\.example/story/\d</code>', out
    )


def test_rewrite_and_language_columns_left_out_of_html_when_zero_everywhere(tmp_path: Path) -> None:
    page = tmp_path / "p.jsonl"
    body = "The central bank raised rates on Tuesday, citing inflation that has stayed high. " * 80
    page.write_text(
        json.dumps({"id": "a", "source": "one.example", "text": "Home\nWorld\nMarkets\nOpinion\n" + body}) + "\n",
        encoding="utf-8",
    )
    _, out, _ = run(str(page), "--format", "html", "--select", "PL1")
    head = out.split('<table class="sortable" id="sources">', 1)[1].split("</thead>", 1)[0]
    assert "boilerplate %" in head and "attribution" not in head and "engine" not in head


def _pages(menu_lines: int) -> list[Document]:
    article = (SEEDS / "000_594639b3d20ec59d.txt").read_text(encoding="utf-8")
    menu = "\n".join((MENU * 10)[:menu_lines])
    return [
        Document(id=f"p{i}", text=f"{menu}\n{article}\n{menu}", source=f"menu{menu_lines}.example") for i in range(3)
    ]


def test_same_pages_with_twice_the_boilerplate_lines_score_strictly_lower() -> None:
    once = lint_documents(_pages(8), Config()).scorecards["menu8.example"]
    twice = lint_documents(_pages(16), Config()).scorecards["menu16.example"]
    assert twice.boilerplate_share > once.boilerplate_share
    s1, s2 = once.score(), twice.score()
    assert s1 is not None and s2 is not None and s2 < s1


def test_fail_under_passes_ungraded_sources_unless_asked() -> None:
    code, _, err = run(str(FIXTURE), "--fail-under", "*=1")
    assert code == 0
    assert "provlint: note: score of failed.example is n/a (all 2 documents failed)" in err
    assert "score of tiny.example is too small (too small to grade: 11 words (minimum 500))" in err
    code, _, err = run(str(FIXTURE), "--fail-under", "*=1", "--fail-on-ungraded")
    assert code == 1 and "provlint: score of empty.example is n/a (no words in the 2 linted documents)" in err
    code, _, err = run(str(FIXTURE), "--fail-under", "failed.example=1")
    assert code == 0 and "note: score of failed.example is n/a" in err
    code, _, _ = run(str(FIXTURE), "--fail-under", "failed.example=1", "--fail-on-ungraded")
    assert code == 1
    code, _, err = run(str(FIXTURE), "--fail-under", "plain.example=99")
    assert code == 1 and "score of plain.example" in err and "is below 99.0" in err


def _measured(*selection: str) -> dict[str, dict]:  # type: ignore[type-arg]
    code, out, _ = run(str(FIXTURE), str(SEEDS), "--format", "json", *selection)
    assert code == 0
    keys = ("words", "chars", "boilerplate_chars", "languages", "readability_histogram", "readability_documents")
    return {name: {k: card[k] for k in keys} for name, card in json.loads(out)["sources"].items()}


def test_measurements_do_not_depend_on_rule_selection() -> None:
    everything = _measured()
    assert everything["plain.example"]["languages"] == {"en": 2}
    assert everything["plain.example"]["readability_documents"] == 2
    assert everything["menus.example"]["boilerplate_chars"] > everything["plain.example"]["boilerplate_chars"] > 0
    assert _measured("--ignore", "PL5") == everything
    # the document rules the selection leaves out still measure boilerplate
    assert _measured("--select", "PL3") == everything


SITES = ROOT / "tests" / "fixtures" / "sites"


def _boilerplate_chars(*selection: str) -> dict[str, int]:
    code, out, _ = run(str(SITES), "--format", "json", *selection)
    assert code == 0
    return {name: card["boilerplate_chars"] for name, card in json.loads(out)["sources"].items()}


def test_site_boilerplate_measures_whatever_the_selection() -> None:
    """PL207, a source rule, measures for the scorecard when unselected too, and is reported nowhere then."""
    from provlint.pipeline import Pipeline

    everything = _boilerplate_chars()
    assert _boilerplate_chars("--select", "PL3") == everything
    assert _boilerplate_chars("--ignore", "PL207") == everything
    docs = [
        Document(id=p.name, text=p.read_text(encoding="utf-8"), source=p.parent.name) for p in SITES.glob("*/*.txt")
    ]
    measured = Pipeline(Config(select=("PL301",)))
    summary = measured.run(docs, [])
    assert list(summary.source_findings) == []  # measure-only: no PL207 finding reaches the run's findings
    assert {s: c.boilerplate_chars for s, c in summary.scorecards.items()} == everything
    without = Pipeline(Config(select=("PL301",)))
    without.engine.measure_rules, without.engine.measure_only = [], frozenset()
    smaller = {s: c.boilerplate_chars for s, c in without.run(docs, []).scorecards.items()}
    assert all(smaller[s] < everything[s] for s in everything)


def test_check_without_scorecard_skips_the_measurements(tmp_path: Path) -> None:
    from provlint.pipeline import Pipeline

    measured = Pipeline(Config(select=("PL301",)))
    unmeasured = Pipeline(Config(select=("PL301",)), measure=False)
    doc = Document(id="a", text=(SEEDS / "002_5eb1399804b75041.txt").read_text(encoding="utf-8"), source="s")
    assert measured.run([doc], []).scorecards["s"].languages == {"en": 1}
    assert unmeasured.run([doc], []).scorecards["s"].languages == {}


class _ScoresOnly:
    """A third-party scorecard format: one line per source, worst first."""

    name = "scores-only"
    description = "source<TAB>score, worst first."

    def render(self, report: object, color: bool = False) -> str:
        from provlint.scorecard_formats.report import ScorecardReport

        assert isinstance(report, ScorecardReport)
        return "".join(f"{c.source}\t{c.grade(report.weights)}\n" for c in report.worst_first())


class _ScorecardFormatPlugin:
    @hookimpl
    def provlint_register_scorecard_formats(self, register: Callable[[type], None]) -> None:
        register(_ScoresOnly)


def test_a_plugin_scorecard_format_is_a_format_choice() -> None:
    reset_plugin_manager()
    get_plugin_manager().register(_ScorecardFormatPlugin(), name="scores-only-plugin")
    try:
        assert get_registry().scorecard_formats["scores-only"].plugin == "scores-only-plugin"
        code, out, _ = run(str(FIXTURE), "--format", "scores-only")
        assert code == 0
        assert out.splitlines() == [
            "menus.example\tC",
            "plain.example\tC",
            "empty.example\tn/a",
            "failed.example\tn/a",
            "tiny.example\ttoo small",
        ]
        formats = CliRunner().invoke(cli, ["formats"], catch_exceptions=False).stdout
        assert "\n  scores-only source<TAB>score, worst first." in formats
    finally:
        reset_plugin_manager()
    code, _, err = run(str(FIXTURE), "--format", "scores-only")
    assert code == 2 and "unknown format 'scores-only'; choose from csv, html, json, markdown, table" in err
