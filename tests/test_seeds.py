"""The seed documents: whole-report snapshots and the findings they must carry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provlint import Config, lint_paths
from tests.conftest import SEEDS, snapshot

SEED_000 = str(SEEDS / "000_594639b3d20ec59d.txt")
SEED_002 = str(SEEDS / "002_5eb1399804b75041.txt")


def _rows(path: str) -> list[tuple[str, int, int, str]]:
    result = lint_paths([path], Config())
    return [(f.code, f.line, f.column, f.message) for f in result.findings]


@pytest.mark.parametrize("seed", [SEED_000, SEED_002], ids=["000", "002"])
def test_seed_snapshot(seed: str) -> None:
    rows = _rows(seed)
    text = "\n".join(f"{line}:{col}: {code} {msg}" for code, line, col, msg in rows) + "\n"
    snapshot(Path(seed).stem + ".findings", text)


def test_seed_000_citation_markers() -> None:
    markers = [(line, col, msg) for code, line, col, msg in _rows(SEED_000) if code == "PL301"]
    assert markers == [
        (30, 236, "citation marker [3] has no reference list"),
        (35, 209, "citation marker [3] has no reference list"),
        (36, 150, "citation marker [3] has no reference list"),
        (36, 153, "citation marker [5] has no reference list"),
        (40, 178, "citation marker [5] has no reference list"),
        (49, 199, "citation marker [3] has no reference list"),
    ]


def test_seed_002_repeated_widget_lines() -> None:
    repeats = [(line, col, msg) for code, line, col, msg in _rows(SEED_002) if code == "PL201"]
    assert repeats == [(16, 1, "line repeats line 3"), (17, 1, "line repeats line 4")]


def _scraping_and_duplication(path: str) -> list[tuple[str, int, int, str]]:
    return [row for row in _rows(path) if row[0][:3] in ("PL1", "PL2")]


def test_seed_000_scraping_and_duplication_findings() -> None:
    assert _scraping_and_duplication(SEED_000) == [
        ("PL101", 1, 1, 'navigation residue "Skip to content"'),
        ("PL203", 7, 1, "truncated teaser of line 8"),
        ("PL202", 12, 1, "headline repeated from line 3"),
        ("PL101", 54, 1, 'navigation residue "Read also:"'),
        ("PL101", 56, 1, 'navigation residue "Latest"'),
    ]


def test_seed_002_scraping_and_duplication_findings() -> None:
    fragment = "fragment among navigation lines (link text or teaser, not article text)"
    assert _scraping_and_duplication(SEED_002) == [
        ("PL206", 3, 1, 'widget boilerplate "No time to read?"'),
        ("PL206", 4, 1, 'widget boilerplate "Get a summary"'),
        ("PL201", 16, 1, "line repeats line 3"),
        ("PL206", 16, 1, 'widget boilerplate "No time to read?"'),
        ("PL201", 17, 1, "line repeats line 4"),
        ("PL206", 17, 1, 'widget boilerplate "Get a summary"'),
        ("PL101", 18, 1, 'navigation residue "Previous Article"'),
        ("PL102", 20, 1, fragment),
        ("PL101", 22, 1, 'navigation residue "Next Article"'),
        ("PL102", 24, 1, fragment),
    ]


def test_seed_headline_is_reported_once() -> None:
    on_line_12 = [code for code, line, _, _ in _rows(SEED_000) if line == 12]
    assert on_line_12 == ["PL202"]


def test_seed_fixes_delete_whole_lines() -> None:
    text = Path(SEED_002).read_text(encoding="utf-8")
    for f in lint_paths([SEED_002], Config(select=("PL101", "PL102"))).findings:
        assert f.fix is not None
        (edit,) = f.fix.edits
        removed = text[edit.start : edit.end]
        # the line and one newline (after it, or before it on the last line)
        assert removed.strip() == text.split("\n")[f.line - 1].strip() and removed.count("\n") == 1


def test_seed_findings_are_valid_positions() -> None:
    for seed in (SEED_000, SEED_002):
        text = Path(seed).read_text(encoding="utf-8")
        lines = text.split("\n")
        for f in lint_paths([seed], Config()).findings:
            assert 1 <= f.line <= len(lines)
            assert text[f.start : f.end] == f.excerpt or f.excerpt.endswith("…")
            assert lines[f.line - 1][f.column - 1 :].startswith(text[f.start : f.end][:10])


def test_seed_json_round_trip() -> None:
    from provlint.model import Finding

    for f in lint_paths([SEED_000], Config()).findings:
        assert Finding.from_dict(json.loads(json.dumps(f.to_dict()))) == f


# -- issue 4: attribution (PL3xx) and rewrite residue (PL4xx) ------------------


def _issue4_rows(path: str) -> list[tuple[str, int, int, str]]:
    return [r for r in _rows(path) if r[0][:3] in ("PL3", "PL4") and r[0] != "PL301"]


def test_seed_000_rewrite_residue() -> None:
    assert _issue4_rows(SEED_000) == [
        ("PL404", 10, 1, "second headline diverges from the headline on line 3"),
        ("PL401", 26, 1, 'template section heading "Digging Deeper"'),
        (
            "PL402",
            51,
            3,
            "recap list restates the article: 2 of 2 items repeat earlier text (47% of their word pairs appear above)",
        ),
        ("PL401", 54, 1, 'template section heading "Read also"'),
    ]


def test_seed_002_attribution() -> None:
    assert _issue4_rows(SEED_002) == [
        ("PL303", 12, 383, 'vague attribution "Observers note" names no source'),
        (
            "PL304",
            14,
            28,
            'unnamed authority "a former United States secretary of state": no name in this or a neighbouring sentence',
        ),
        ("PL303", 14, 337, 'vague attribution "Analysts point to" names no source'),
        ("PL302", 14, 746, 'placeholder "[attribution: …]" left in the text'),
    ]


def test_seed_002_named_speaker_is_not_flagged() -> None:
    # "Putin himself referred ... noting" names its speaker: nothing on line 12 before "Observers note".
    assert [r for r in _rows(SEED_002) if r[1] == 12 and r[2] < 383] == []
