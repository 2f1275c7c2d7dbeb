"""The benchmark tooling: a deterministic corpus, the verdicts and the docs table.

No timing is asserted here (speed is measured by benchmarks/run.py, never by
tests); these check that the scripts compute and report correctly.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT))
from benchmarks import run
from benchmarks.corpus import generate, write_jsonl


def test_corpus_is_deterministic_and_2_to_5_kb() -> None:
    a, b = io.StringIO(), io.StringIO()
    assert write_jsonl(a, docs=60, seed=3)[0] == 60
    write_jsonl(b, docs=60, seed=3)
    assert a.getvalue() == b.getvalue()
    docs = [json.loads(line) for line in a.getvalue().splitlines()]
    assert all(2000 <= len(d["text"].encode()) <= 5000 for d in docs)
    assert len({d["source"] for d in docs}) > 5 and len({d["text"] for d in docs}) == 60
    assert docs[0]["url"].startswith(f"https://www.{docs[0]['source']}/0/")
    other = io.StringIO()
    write_jsonl(other, docs=60, seed=4)
    assert other.getvalue() != a.getvalue()


def test_generate_by_size_stops_past_the_megabytes() -> None:
    docs = list(generate(megabytes=0.05, seed=1))
    total = sum(len(d["text"].encode()) for d in docs)
    assert total >= 50_000 and total - len(docs[-1]["text"].encode()) < 50_000


def _row(label: str, tool: str, jobs: int, mb_s: float, parent: float = 1.0, workers: float = 0.0) -> dict[str, object]:
    return {
        "label": label,
        "tool": tool,
        "jobs": jobs,
        "docs": 100,
        "mb": 1.0,
        "seconds": 1.0 / mb_s,
        "docs_s": 100 * mb_s,
        "mb_s": mb_s,
        "mb_s_core": mb_s / jobs,
        "cpu_parent": parent,
        "cpu_workers": workers,
        "mb_cpu_s": 1.0,
        "rss_mb": 30.0,
    }


def test_verdicts_apply_the_floor_and_targets() -> None:
    rows = [
        _row("provlint --jobs 1", "provlint", 1, 1.2),
        _row("provlint --jobs 2", "provlint", 2, 2.0, 0.25, 0.75),
        _row("proselint", "proselint", 1, 0.2),
        _row("datatrove", "datatrove", 1, 0.1),
    ]
    lines, ok = run.verdicts(rows)
    assert ok
    assert lines == [
        "ok   provlint --jobs 1: 1.20 MB/s per core (floor 0.15, target 1.0)",
        "info provlint --jobs 2: 1.00 MB/s per core (floor 0.15, target 1.0)",
        "info --jobs 2: the parent (reading, output, scorecards) used 25% of the CPU; so the speed-up is bounded by about 2.0x",
        "miss --jobs 2 speed-up: 1.67x (target 1.8x with 2 jobs)",
        "miss provlint --jobs 1 vs proselint: 6.0x (target 8x)",
        "met  provlint --jobs 1 vs datatrove: 12.0x (target 10x)",
    ]
    slow = [_row("provlint --jobs 1", "provlint", 1, 0.2), _row("provlint --jobs 2", "provlint", 2, 0.35)]
    lines, ok = run.verdicts(slow, run.GENERATED)
    assert not ok and lines[0] == "FAIL provlint --jobs 1: 0.20 MB/s per core (floor 0.25, target 2.0)"
    assert run.verdicts(slow)[1]  # the same figures pass the real pages' floor


def test_real_page_corpus_is_shipped_with_empty_pages_and_unpacks(tmp_path: Path) -> None:
    plain = run.unpacked(run.REAL_PAGES, tmp_path / "real.jsonl")
    docs = [json.loads(line) for line in plain.read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 482 and sum(1 for d in docs if not d["text"]) == 2
    assert {d["id"].split("/")[0] for d in docs} == {"scrapinghub-aeb", "trafilatura-eval"}
    assert all(set(d) == {"id", "source", "url", "text"} for d in docs)
    assert run.unpacked(plain, tmp_path / "unused.jsonl") == plain


def test_repeat_corpus_makes_ids_unique_and_stops_past_the_size(tmp_path: Path) -> None:
    src = tmp_path / "two.jsonl"
    src.write_text('{"id": "a", "text": "x"}\n{"id": "b", "text": "yy"}\n', encoding="utf-8")
    out = tmp_path / "big.jsonl"
    count = run.repeat_corpus(src, out, 80 / 1e6)
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert count == 4 and ids == ["a#0", "b#0", "a#1", "b#1"]


def test_table_goes_between_the_markers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Perf\n\nbefore\n{run.START}\nold table\n{run.END}\nafter\n", encoding="utf-8")
    monkeypatch.setattr(run, "DOC", doc)
    rows = [
        _row("provlint --jobs 1", "provlint", 1, 2.0),
        {
            "label": "datatrove",
            "tool": "datatrove",
            "jobs": 1,
            "docs": 100,
            "mb": 1.0,
            "error": "ModuleNotFoundError: No module named 'datatrove'",
        },
    ]
    run.write_doc(run.table(rows))
    text = doc.read_text(encoding="utf-8")
    assert "old table" not in text and text.startswith("# Perf\n\nbefore\n") and text.endswith(f"{run.END}\nafter\n")
    assert "| provlint --jobs 1 | 1 | 100 | 1.00 | 0.50 | 200 | 2.00 | 2.00 | 1.00 + 0.00 | 1.00 | 30 |" in text
    assert (
        "| datatrove | 1 | 100 | 1.00 | not run: ModuleNotFoundError: No module named 'datatrove' | | | | | | |" in text
    )


def test_steady_state_speed_up_is_reported_beside_the_end_to_end_one() -> None:
    one = {**_row("provlint --jobs 1", "provlint", 1, 0.5), "startup_s": 1.0, "steady_mb_s": 0.6}
    two = {**_row("provlint --jobs 2", "provlint", 2, 0.8), "startup_s": 1.0, "steady_mb_s": 1.08}
    lines, _ = run.verdicts([one, two])
    assert "miss --jobs 2 speed-up: 1.60x (target 1.8x with 2 jobs)" in lines
    assert lines[-1] == "info --jobs 2 speed-up after the one-off start-up: 1.80x"


def test_provlint_rows_are_the_median_run(monkeypatch: pytest.MonkeyPatch) -> None:
    times = iter([3.0, 1.0, 2.0])
    monkeypatch.setattr(run, "run_child", lambda tool, corpus, jobs: {"seconds": next(times), "cpu_parent": 0.0})
    assert run.run_median("provlint", Path("c.jsonl"), 1, 3) == {"seconds": 2.0, "cpu_parent": 0.0, "runs": 3}
    failing = iter([{"seconds": 1.0}, {"error": "boom"}])
    monkeypatch.setattr(run, "run_child", lambda tool, corpus, jobs: next(failing))
    assert run.run_median("provlint", Path("c.jsonl"), 1, 2) == {"error": "boom"}


def test_measurements_run_in_a_child_that_sees_none_of_the_parents_later_state() -> None:
    from benchmarks.forked import in_child

    seen: list[str] = []

    def work() -> float:
        seen.append("child")  # a list the child changes: the parent's copy must stay empty
        return 1.25

    assert in_child(work) == 1.25
    assert seen == []

    def fails() -> float:
        raise ValueError("boom")

    with pytest.raises(RuntimeError, match="the measuring child failed"):
        in_child(fails)


def _page_file(tmp_path: Path) -> str:
    """Three copies of a page with three navigation lines (PL101: 'Share on Facebook' twice, 'Read more')."""
    page = (
        "Breaking news from the city\nShare on Facebook\nThe mayor said on Tuesday that the new bridge would open"
        " in May, after two years of work on the river crossing.\nShare on Facebook\nRead more\n"
    )
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps({"id": str(i), "text": page}) + "\n" for i in range(3)), encoding="utf-8")
    return str(path)


def test_rule_costs_times_one_family_and_counts_its_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from benchmarks import rule_costs

    rule_costs.main([_page_file(tmp_path), "--family", "scraping", "--repeat", "2"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines[:2]] == ["repeat 1", "repeat 2"]
    assert lines[2].startswith("3 pages, 0.00 MB; best of 2, CPU s")
    rows = {line.split()[1]: line.split() for line in lines[3:]}
    assert list(rows) == ["PL101", "PL102", "PL103", "PL104", "PL105", "PL106", "PL107", "all"]
    assert rows["PL101"][0] == "new" and rows["PL101"][3:] == ["9", "findings"]
    assert rows["PL104"][3:] == ["0", "findings"]


def test_rule_costs_against_another_tree_prepares_each_side_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same tree on both sides gives the same findings: neither side reads the other's cached analyses (the
    duplication rules once did, through the page layout's line kinds, and counted different findings)."""
    from benchmarks import rule_costs

    rule_costs.main(
        [_page_file(tmp_path), "--codes", "PL101,PL201,PL209", "--repeat", "1", "--against", str(ROOT / "src")]
    )
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[2:]]
    counts = {(row[0], row[1]): int(row[3]) for row in rows if row[1] != "all"}
    assert sorted(counts) == [(side, code) for side in ("new", "old") for code in ("PL101", "PL201", "PL209")]
    assert counts[("new", "PL101")] == 9
    assert all(counts[("new", code)] == counts[("old", code)] for code in ("PL101", "PL201", "PL209"))


def test_rule_costs_family_names_a_rules_folder() -> None:
    from benchmarks import rule_costs

    assert rule_costs.family_codes("duplication", None) == [f"PL20{i}" for i in range(1, 10)]
    assert rule_costs.family_codes("scraping", "PL303,PL101") == ["PL303", "PL101"]


def test_code_listings_scores_the_detector_against_pre_lines(tmp_path: Path) -> None:
    pytest.importorskip("selectolax", reason="the [html] extra (selectolax) is not installed")
    from benchmarks.code_listings import _extractors, score

    page = (
        "<html><body><p>The loop prints each value in order.</p>"
        "<pre>for (let i = 0; i &lt; n; i++) {\n  console.log(items[i]);\n}</pre>"
        "<p>It prints them again, in reverse order this time.</p><pre>$ node loop.js</pre></body></html>"
    )
    (tmp_path / "a.html").write_text(page)
    code, found, prose, taken, examples = score(sorted(tmp_path.glob("*.html")), _extractors(["provlint"])["provlint"])
    # Four <pre> lines, the three of the loop found (a shell line is not code-shaped); no prose taken.
    assert (code, found, prose, taken, examples) == (4, 3, 2, 0, [])
