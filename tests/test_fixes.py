"""Fix mode, library side: safe application of the fixes rules attach."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pytest

import provlint
from provlint import Config, Document, Edit, Finding, Fix, Severity
from provlint.config import ConfigError, load_config
from provlint.fixes import SKIP_INVALID, SKIP_OVERLAP, SKIP_TOO_LARGE, FixResult, apply_fixes
from provlint.testing import load_case_dir, run_rule
from tests.conftest import SEEDS

CASES = load_case_dir(Path(__file__).parent / "rules" / "cases")


def _finding(
    code: str, start: int, end: int, edits: Iterable[tuple[int, int, str]] | None = None, line: int = 1
) -> Finding:
    fix = None
    if edits is not None:
        fix = Fix(f"fix {code}", tuple(Edit(s, e, r) for s, e, r in edits))
    return Finding(
        code=code,
        name="x",
        category="duplication",
        severity=Severity.WARNING,
        message=f"m {code}",
        document_id="d",
        source="s",
        path="d",
        line=line,
        column=start + 1,
        end_line=line,
        end_column=end + 1,
        start=start,
        end=end,
        excerpt="",
        fix=fix,
    )


def assert_fixed_findings_gone(before: list[Finding], result: FixResult, after: list[Finding]) -> None:
    """No finding of the relinted text is one whose fix was applied (same code, same original place, same text)."""
    fixed = {(a.finding.code, a.finding.start, a.finding.excerpt) for a in result.applied}
    again = {(f.code, result.original_offset(f.start), f.excerpt) for f in after}
    assert not fixed & again, f"fixed findings came back: {sorted(fixed & again)}"
    assert {a.finding for a in result.applied} <= set(before)


# -- exact behaviour ------------------------------------------------------------


def test_seed_002_repeated_widget_removed_and_article_intact() -> None:
    text = (SEEDS / "002_5eb1399804b75041.txt").read_text(encoding="utf-8")
    result = provlint.fix_text(text, config=Config(select=("PL201",)))
    assert [(a.finding.code, a.finding.line) for a in result.applied] == [("PL201", 16), ("PL201", 17)]
    assert result.skipped == ()
    assert result.text == text.replace("\nNo time to read?\nGet a summary\nPrevious Article", "\nPrevious Article")
    assert result.text.count("No time to read?") == 1
    assert provlint.lint_text(result.text).by_code("PL201") == []


def test_seed_002_all_rules_two_rules_one_line() -> None:
    """PL201 and the widget rule propose the same deletion: applied once, both reported as applied."""
    text = (SEEDS / "002_5eb1399804b75041.txt").read_text(encoding="utf-8")
    result = provlint.fix_text(text)
    on_16 = sorted(a.finding.code for a in result.applied if a.finding.line == 16)
    assert len(on_16) >= 2 and "PL201" in on_16
    assert "No time to read?" not in result.text and "Get a summary" not in result.text
    assert result.skipped == ()
    brackets = re.compile(r" ?\[[^\]]*\]")  # a placeholder bracket such as [attribution: ...] may go
    for line in text.splitlines():
        if len(line) > 200:
            assert brackets.sub("", line) in result.text


def test_seed_000_markers_removed_with_their_space() -> None:
    text = (SEEDS / "000_594639b3d20ec59d.txt").read_text(encoding="utf-8")
    result = provlint.fix_text(text, config=Config(select=("PL301",)))
    assert [a.finding.line for a in result.applied] == [30, 35, 36, 36, 40, 49]
    assert "like the G7.\n" in result.text and "[3]" not in result.text and "[5]" not in result.text
    assert "European framework.\n" in result.text
    # Exactly the markers and their leading space went: nothing else changed.
    assert len(text) - len(result.text) == sum(e.end - e.start for e in result.edits)
    assert provlint.lint_text(result.text).by_code("PL301") == []


def test_text_without_fixes_is_returned_unchanged() -> None:
    text = "An ordinary sentence.\r\nAnother one, with a CRLF before it.\n"
    result = provlint.fix_text(text)
    assert result.text == text and result.applied == () and not result.changed


def test_crlf_text_keeps_its_other_line_endings() -> None:
    text = "No time to read?\r\nThe body of the article.\r\nNo time to read?\r\nThe end of it all.\r\n"
    result = provlint.fix_text(text, config=Config(select=("PL201",)))
    assert result.text == "No time to read?\r\nThe body of the article.\r\nThe end of it all.\r\n"


def test_overlapping_fixes_longer_span_first_then_reported() -> None:
    text = "0123456789abcdef"
    line = _finding("PL201", 2, 10, [(2, 10, "")])
    inner = _finding("PL301", 4, 6, [(4, 6, "")])
    tail = _finding("PL101", 8, 12, [(8, 12, "")])
    later = _finding("PL102", 12, 14, [(12, 14, "")])
    result = apply_fixes(text, [later, tail, inner, line])
    assert [a.finding.code for a in result.applied] == ["PL201", "PL102"]
    assert [(s.finding.code, s.reason, s.detail) for s in result.skipped] == [
        ("PL301", SKIP_OVERLAP, "overlaps the fix of PL201 at 1:3"),
        ("PL101", SKIP_OVERLAP, "overlaps the fix of PL201 at 1:3"),
    ]
    assert result.text == "01abef"


def test_order_does_not_depend_on_input_order() -> None:
    text = "abcdefghij"
    fs = [
        _finding("PL201", 0, 4, [(0, 4, "")]),
        _finding("PL202", 0, 4, [(2, 6, "X")]),
        _finding("PL203", 6, 8, [(6, 8, "")]),
    ]
    results = {apply_fixes(text, order).text for order in (fs, fs[::-1], [fs[1], fs[2], fs[0]])}
    assert results == {"efij"}


def test_fix_with_several_edits_is_all_or_nothing() -> None:
    text = "aaaa bbbb cccc"
    first = _finding("PL201", 0, 4, [(0, 4, "")])
    pair = _finding("PL202", 5, 9, [(5, 9, "B"), (2, 3, "")])  # second edit hits the first fix
    result = apply_fixes(text, [first, pair])
    assert [s.finding.code for s in result.skipped] == ["PL202"]
    assert result.text == " bbbb cccc"


def test_identical_fixes_from_two_rules_apply_once() -> None:
    text = "keep\ndrop me\nkeep"
    a = _finding("PL101", 5, 12, [(5, 13, "")])
    b = _finding("PL201", 5, 12, [(5, 13, "")])
    result = apply_fixes(text, [b, a])
    assert result.text == "keep\nkeep" and len(result.applied) == 2 and result.skipped == ()


def test_insertions_at_one_point_conflict_adjacent_deletions_do_not() -> None:
    text = "abcdef"
    result = apply_fixes(
        text,
        [
            _finding("PL201", 2, 2, [(2, 2, "X")]),
            _finding("PL202", 2, 2, [(2, 2, "Y")]),
            _finding("PL203", 0, 2, [(0, 2, "")]),
            _finding("PL204", 2, 4, [(2, 4, "")]),
        ],
    )
    assert result.text == "Xef"
    assert [s.finding.code for s in result.skipped] == ["PL202"]


def test_max_share_guard_skips_and_reports() -> None:
    text = "x" * 100
    big = _finding("PL201", 0, 60, [(0, 60, "")])
    small = _finding("PL301", 70, 75, [(70, 75, "")])
    result = apply_fixes(text, [big, small], max_share=0.5)
    assert [a.finding.code for a in result.applied] == ["PL301"]
    assert [(s.finding.code, s.reason, s.detail) for s in result.skipped] == [
        ("PL201", SKIP_TOO_LARGE, "would remove 60 of 100 characters (60%), more than max-removed-share 50%"),
    ]
    assert len(result.text) == 95
    assert len(apply_fixes(text, [big], max_share=0.6).text) == 40


def test_max_share_from_configuration(tmp_path: Path) -> None:
    (tmp_path / "provlint.toml").write_text("[fix]\nmax-removed-share = 0.1\n", encoding="utf-8")
    config = load_config(tmp_path / "provlint.toml")
    text = "Short one here.\nShort one here."
    result = provlint.fix_text(text, config=config.with_overrides(select=("PL201", "PL202")))
    assert result.applied == () and [s.reason for s in result.skipped] == [SKIP_TOO_LARGE]
    assert result.text == text
    (tmp_path / "provlint.toml").write_text('[fix]\nmax-removed-share = "half"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="fix.max-removed-share: expected float"):
        load_config(tmp_path / "provlint.toml")


def test_invalid_edits_are_skipped() -> None:
    result = apply_fixes(
        "abc", [_finding("PL201", 0, 1, [(2, 9, "")]), _finding("PL202", 0, 1, [(0, 2, ""), (1, 3, "")])]
    )
    assert [(s.finding.code, s.reason) for s in result.skipped] == [("PL202", SKIP_INVALID), ("PL201", SKIP_INVALID)]
    assert result.text == "abc"


def test_original_offset_maps_back() -> None:
    text = "0123456789"
    result = apply_fixes(text, [_finding("PL201", 2, 4, [(2, 4, "")]), _finding("PL202", 6, 7, [(6, 7, "XYZ")])])
    assert result.text == "0145XYZ789"
    assert [result.original_offset(i) for i in range(len(result.text) + 1)] == [0, 1, 4, 5, 6, 6, 6, 7, 8, 9, 10]


# -- generic: every fixable finding, on every fixture ---------------------------


def _fixable_cases() -> list[object]:
    return [c for c in CASES if c.expect]


@pytest.mark.parametrize("case", _fixable_cases(), ids=lambda c: c.id)
def test_every_case_fix_removes_its_findings(case: object) -> None:
    """For each rule-case text with findings: fix, relint with the same rule, the fixed findings are gone."""
    documents = list(case.documents)  # type: ignore[attr-defined]
    before = run_rule(case.rule, documents, case.options).findings  # type: ignore[attr-defined]
    by_doc: dict[str, list[Finding]] = defaultdict(list)
    for f in before:
        by_doc[f.document_id].append(f)
    # Case texts are tiny, so the share guard (tested on its own) is lifted here.
    results = {d.id: apply_fixes(d.text, by_doc[d.id], max_share=1.0) for d in documents}
    fixed_docs = [Document(id=d.id, text=results[d.id].text, source=d.source, path=d.path) for d in documents]
    after = run_rule(case.rule, fixed_docs, case.options).findings  # type: ignore[attr-defined]
    for d in documents:
        assert_fixed_findings_gone(by_doc[d.id], results[d.id], [f for f in after if f.document_id == d.id])
    if any(f.fix for f in before):
        assert any(r.applied for r in results.values())


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_every_seed_fix_removes_its_findings(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    before = provlint.lint_text(text).findings
    result = apply_fixes(text, before)
    assert result.applied, "the seeds carry fixable findings"
    after = provlint.lint_text(result.text).findings
    assert_fixed_findings_gone(before, result, after)


@pytest.mark.parametrize("dataset", ["cleanportaleval", "scrapinghub-aeb"])
def test_every_fix_on_real_pages_removes_its_findings(dataset: str) -> None:
    """Real pages, all pages of a source in one run (source rules included), every rule: fix, relint, compare."""
    from provlint import lint_documents
    from provlint.evaluation import load_dataset

    sample = Path(__file__).parent / "fixtures" / "eval" / f"{dataset}.jsonl.gz"
    documents = [r.document() for r in load_dataset(sample)]
    before = lint_documents(documents, config=Config()).findings
    by_doc: dict[str, list[Finding]] = defaultdict(list)
    for f in before:
        by_doc[f.document_id].append(f)
    results = {d.id: apply_fixes(d.text, by_doc[d.id]) for d in documents}
    assert sum(len(r.applied) for r in results.values()) > 0
    fixed = [Document(id=d.id, text=results[d.id].text, source=d.source, url=d.url, path=d.path) for d in documents]
    after = lint_documents(fixed, config=Config()).findings
    for d in documents:
        assert_fixed_findings_gone(by_doc[d.id], results[d.id], [f for f in after if f.document_id == d.id])
