"""A hostile plugin package (tests/reliability/hostile_plugin) through the CLI: every hole is a PL004 naming the
rule, the bad values are dropped, the other rules' findings stand, and --jobs 1 and --jobs 2 agree."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from provlint.plugins import reset_plugin_manager
from tests.reliability.helpers import run_cli

pytestmark = pytest.mark.installed_plugins

PACKAGE_ROOT = Path(__file__).parent / "hostile_plugin"

DOCUMENTS = {
    "a-junk.txt": "junk here.\nSecond line.\n",
    "b-offsets.txt": "offsets here.\n",
    "c-unprintable.txt": "unprintable here.\n",
    "d-interrupt.txt": "interrupt here.\n",
    "e-generator.txt": "generator here.\n",
    "f-sysexit.txt": "sysexit here.\n",
    "g-hardexit.txt": "hardexit here.\n",
    "g2-boundexit.txt": "boundexit here.\n",
    "h-forever.txt": "forever here.\n",
    "i-mutate.txt": "mutate here.\nline two\n",
    "j-candidate.txt": "candidate here.\n",
    "k-calm.txt": "calm document.\n",
}


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Path]:
    """Install provlint-hostile into a temporary site folder, as pip would (a dist-info with the entry point)."""
    site = tmp_path / "site"
    dist = site / "provlint_hostile-0.1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: provlint-hostile\nVersion: 0.1.0\n")
    (dist / "entry_points.txt").write_text("[provlint]\nhostile = provlint_hostile.plugin\n")
    sys.path[:0] = [str(site), str(PACKAGE_ROOT)]
    reset_plugin_manager()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in DOCUMENTS.items():
        (corpus / name).write_text(text)
    (tmp_path / "provlint.toml").write_text('select = ["HX", "PL004"]\n[limits]\nplugin-rule-timeout = 3\n')
    try:
        yield tmp_path
    finally:
        sys.path.remove(str(site))
        sys.path.remove(str(PACKAGE_ROOT))
        for module in [m for m in sys.modules if m.startswith("provlint_hostile")]:
            del sys.modules[module]
        reset_plugin_manager()


def _check(root: Path, *extra: str) -> tuple[int, dict[str, object], str]:
    code, out, err = run_cli(
        "check",
        "--plugins",
        "hostile",
        "--config",
        str(root / "provlint.toml"),
        "--format",
        "json",
        *extra,
        str(root / "corpus"),
    )
    assert out, (code, err)
    return code, json.loads(out), err


def _rows(report: dict[str, object]) -> list[tuple[str, str, int, int, str]]:
    return [
        (Path(f["path"]).name, f["code"], f["line"], f["column"], f["message"])
        for f in report["findings"]  # type: ignore[attr-defined]
    ]


#: Every hole gives one PL004 naming the rule; the well-behaved first-line rule (HX011) still reports on every
#: document, the mutated one included; a rule's valid findings beside junk are kept.
EXPECTED = [
    ("a-junk.txt", "PL004", 1, 1, "rule HX001 (yields-junk) returned 2 invalid findings, dropped (first: NoneType None is not a Finding)"),
    ("a-junk.txt", "HX001", 1, 1, "a real finding among junk"),
    ("a-junk.txt", "HX011", 1, 1, "first line has 10 characters"),
    ("b-offsets.txt", "PL004", 1, 1, "rule HX002 (bad-offsets) returned 3 invalid findings, dropped (first: offsets -49..4 outside the document (0..14))"),
    ("b-offsets.txt", "HX011", 1, 1, "first line has 13 characters"),
    ("c-unprintable.txt", "PL004", 1, 1, "rule HX003 (unprintable-error) crashed: Unprintable: <Unprintable whose str() failed>"),
    ("c-unprintable.txt", "HX011", 1, 1, "first line has 17 characters"),
    ("d-interrupt.txt", "PL004", 1, 1, "rule HX004 (fake-interrupt) crashed: KeyboardInterrupt"),
    ("d-interrupt.txt", "HX011", 1, 1, "first line has 15 characters"),
    ("e-generator.txt", "PL004", 1, 1, "rule HX005 (generator-exit) crashed: GeneratorExit: closing"),
    ("e-generator.txt", "HX011", 1, 1, "first line has 15 characters"),
    ("f-sysexit.txt", "PL004", 1, 1, "rule HX006 (calls-sys-exit) crashed: SystemExit: 0"),
    ("f-sysexit.txt", "HX011", 1, 1, "first line has 13 characters"),
    ("g-hardexit.txt", "PL004", 1, 1, "rule HX007 (hard-exit) crashed: ProcessExitAttempt: os._exit(0) called inside a rule"),
    ("g-hardexit.txt", "HX011", 1, 1, "first line has 14 characters"),
    ("g2-boundexit.txt", "PL004", 1, 1, "rule HX012 (bound-hard-exit) ended its process (exit code 0); no findings from it on this document"),
    ("g2-boundexit.txt", "HX011", 1, 1, "first line has 15 characters"),
    ("h-forever.txt", "PL004", 1, 1, "rule HX008 (never-returns) stopped after 3 s ([limits] plugin-rule-timeout); no findings from it on this document"),
    ("h-forever.txt", "HX011", 1, 1, "first line has 13 characters"),
    ("i-mutate.txt", "PL004", 1, 1, "rule HX009 (mutator) modified the prepared document (text); the change was undone and the rule's findings on this document dropped"),
    ("i-mutate.txt", "HX011", 1, 1, "first line has 12 characters"),
    ("j-candidate.txt", "PL004", 1, 1, "rule HX010 (junk-candidates) returned 1 invalid candidate, dropped (first: NoneType None is not a Candidate)"),
    ("j-candidate.txt", "HX011", 1, 1, "first line has 15 characters"),
    ("k-calm.txt", "HX011", 1, 1, "first line has 14 characters"),
    ("j-candidate.txt", "HX010", 1, 1, "candidate"),
]  # fmt: skip


def test_every_hole_is_reported_and_contained(hostile: Path) -> None:
    code, report, err = _check(hostile, "--jobs", "1")
    assert _rows(report) == EXPECTED
    assert report["stats"] == {"read": 12, "linted": 12, "skipped": 0, "failed": 0, "rule_errors": 11}
    for finding in report["findings"]:  # type: ignore[attr-defined]
        assert 0 <= finding["start"] <= finding["end"] and finding["line"] >= 1 and finding["column"] >= 1
    assert code == 2  # rule errors: never 0, whatever a rule did (sys.exit(0), os._exit(0))
    assert "Traceback" not in err


def test_sarif_stays_valid_with_the_hostile_plugin(hostile: Path) -> None:
    from tests.reliability.formats import VALIDATORS

    code, out, _ = run_cli(
        "check", "--plugins", "hostile", "--config", str(hostile / "provlint.toml"), "--format", "sarif",
        str(hostile / "corpus"),
    )  # fmt: skip
    assert code == 2
    VALIDATORS["sarif"](out)
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in json.loads(out)["runs"][0]["results"]]
    assert all(region["startColumn"] >= 1 and region["startLine"] >= 1 for region in regions)


def test_plugin_rules_in_process_when_the_watchdog_is_off(hostile: Path) -> None:
    """plugin-rule-timeout = 0: no child process; the same guard, for every hole but a bound _exit and a hang."""
    (hostile / "corpus" / "g2-boundexit.txt").unlink()
    (hostile / "corpus" / "h-forever.txt").unlink()
    (hostile / "provlint.toml").write_text('select = ["HX", "PL004"]\n[limits]\nplugin-rule-timeout = 0\n')
    code, report, _ = _check(hostile, "--jobs", "1")
    expected = [row for row in EXPECTED if row[0] not in ("g2-boundexit.txt", "h-forever.txt")]
    # In process, the scorecard's measurements split the lines before the rules run, so the mutator's
    # overwritten lines are noticed too (in the watchdog's child they were never split before it ran).
    expected = [
        (*row[:4], row[4].replace("prepared document (text)", "prepared document (text, lines)"))
        if row[0] == "i-mutate.txt"
        else row
        for row in expected
    ]
    assert _rows(report) == expected
    assert code == 2


@pytest.mark.slow
def test_jobs_2_gives_the_same_report(hostile: Path) -> None:
    one = _check(hostile, "--jobs", "1")
    two = _check(hostile, "--jobs", "2")
    assert two[0] == one[0] == 2
    assert two[1]["findings"] == one[1]["findings"]
    assert _rows(two[1]) == EXPECTED
    assert two[1]["stats"] == one[1]["stats"]


def test_formatter_that_raises_exits_2_with_a_message(hostile: Path) -> None:
    code, out, err = run_cli(
        "check", "--plugins", "hostile", "--config", str(hostile / "provlint.toml"), "--format", "hostile",
        str(hostile / "corpus" / "k-calm.txt"),
    )  # fmt: skip
    assert code == 2
    assert out == "hostile report\n"
    assert err == (
        "provlint: error: output format 'hostile' (plugin 'hostile', provlint-hostile 0.1.0) failed: "
        "RuntimeError: formatter broke\n"
    )
