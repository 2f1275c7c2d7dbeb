"""``provlint fix`` as a user runs it: diff, output folder/file, in place, JSON Lines."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

import provlint
from provlint.cli.main import _load_commands, cli
from tests.conftest import SEEDS

_load_commands()

#: The rules these exact tests use (other rules change what a text loses, not how fixing works).
SELECT = "PL201,PL202,PL301"
WIDGET = "No time to read?\nThe summit opened in Rome on Monday [3].\nNo time to read?\nThe talks went on."


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_diff_on_seeds_shows_removals_and_writes_nothing() -> None:
    before = {p: p.read_bytes() for p in SEEDS.glob("*.txt")}
    code, out, err = run("fix", "--diff", str(SEEDS))
    assert code == 1
    assert f"--- a/{SEEDS}/002_5eb1399804b75041.txt\n+++ b/{SEEDS}/002_5eb1399804b75041.txt\n" in out
    removed = [line[1:] for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    # The navigation line, the repeated widget and the dangling markers go ...
    assert {"Skip to content", "No time to read?", "Get a summary"} <= set(removed)
    assert removed.count("No time to read?") == 2  # both copies: the widget, and its repeat
    assert (
        "  • EU Unity: The meeting in Rome underscored their commitment to EU unity, particularly in preparing for upcoming international summits like the G7."
        in added
    )
    # ... and the article text stays: every added line is a removed line without its brackets, and every
    # long (article) line of the seeds is still there, markers aside.
    strip = re.compile(r" ?\[[^\]]*\]")  # dangling markers [3] and placeholder brackets [attribution: ...]
    assert len(added) == 6 and all(a in {strip.sub("", r) for r in removed} for a in added)
    for seed in SEEDS.glob("*.txt"):
        fixed = provlint.fix_text(seed.read_text(encoding="utf-8")).text
        for line in seed.read_text(encoding="utf-8").splitlines():
            if len(line) > 200:
                assert strip.sub("", line) in fixed
    assert f"{SEEDS}/002_5eb1399804b75041.txt:16:1: PL201 fixed: delete the repeated line" in err
    total = sum(len(provlint.fix_text(p.read_text(encoding="utf-8")).applied) for p in SEEDS.glob("*.txt"))
    assert err.rstrip().endswith(f"{total} fixes to apply in 2 of 2 documents")
    assert {p: p.read_bytes() for p in SEEDS.glob("*.txt")} == before


def test_diff_exit_0_when_nothing_to_fix(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Clean text.\n", encoding="utf-8")
    code, out, err = run("fix", "--diff", str(tmp_path / "a.txt"))
    assert (code, out) == (0, "")
    assert "0 fixes to apply in 0 of 1 document" in err


def test_a_mode_is_required_and_exclusive(tmp_path: Path) -> None:
    code, _, err = run("fix", str(SEEDS))
    assert code == 2 and "choose exactly one of --diff, --output DIR|FILE or --in-place" in err
    code, _, err = run("fix", "--diff", "--in-place", str(SEEDS))
    assert code == 2 and "(got --diff, --in-place)" in err


def test_output_folder_mirrors_relative_paths(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "site").mkdir(parents=True)
    (corpus / "site" / "page.txt").write_text(WIDGET, encoding="utf-8")
    (corpus / "clean.txt").write_text("Nothing to fix here.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run("fix", "--select", "PL201", "--output", str(out), str(corpus))
    assert code == 0
    assert (out / "site" / "page.txt").read_text(encoding="utf-8") == WIDGET.replace(
        "\nNo time to read?\nThe talks", "\nThe talks"
    )
    assert (out / "clean.txt").read_text(encoding="utf-8") == "Nothing to fix here.\n"
    assert (corpus / "site" / "page.txt").read_text(encoding="utf-8") == WIDGET
    assert err.rstrip().endswith("1 fix applied in 1 of 2 documents; 2 files written")


def test_output_file_for_one_input_and_refusal_to_overwrite(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(WIDGET, encoding="utf-8")
    code, _, _ = run("fix", "--select", SELECT, "--output", str(tmp_path / "fixed.txt"), str(page))
    assert code == 0
    assert (tmp_path / "fixed.txt").read_text(encoding="utf-8") == (
        "No time to read?\nThe summit opened in Rome on Monday.\nThe talks went on."
    )
    code, _, err = run("fix", "--output", str(page), str(page))
    assert code == 2 and "would overwrite the input" in err
    assert page.read_text(encoding="utf-8") == WIDGET


def test_in_place_rewrites_only_changed_files(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    clean = tmp_path / "seeds" / "clean.txt"
    clean.write_text("Nothing to fix.\n", encoding="utf-8")
    mtime = clean.stat().st_mtime_ns
    code, _, err = run("fix", "--in-place", str(tmp_path / "seeds"))
    total = sum(len(provlint.fix_text(p.read_text(encoding="utf-8")).applied) for p in SEEDS.glob("*.txt"))
    assert code == 0 and err.splitlines()[-1] == f"{total} fixes applied in 2 of 3 documents; 2 files written"
    assert clean.stat().st_mtime_ns == mtime
    fixed = (tmp_path / "seeds" / "002_5eb1399804b75041.txt").read_text(encoding="utf-8")
    assert fixed == provlint.fix_text((SEEDS / "002_5eb1399804b75041.txt").read_text(encoding="utf-8")).text
    code, out, _ = run("fix", "--diff", str(tmp_path / "seeds"))
    assert (code, out) == (0, "")  # fixing twice changes nothing more


def test_jsonl_round_trip_keeps_every_other_field(tmp_path: Path) -> None:
    records = [
        {"id": "a", "text": WIDGET, "source": "news.example", "labels": {"x": [1, 2.5, None]}, "note": "ünïcode"},
        {"id": "b", "text": "Clean body.", "extra": True},
    ]
    lines = [json.dumps(r) for r in records]
    lines.insert(1, "{not json")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run("fix", "--select", SELECT, "--output", str(tmp_path / "out.jsonl"), str(src))
    assert code == 2  # the malformed line is reported (PL001), and copied through
    assert "in.jsonl:2: PL001" in err
    out_lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert out_lines[1] == "{not json"
    fixed = "No time to read?\nThe summit opened in Rome on Monday.\nThe talks went on."
    # Only the text field's value changes: every other byte of each record stays.
    assert out_lines == [json.dumps({**records[0], "text": fixed}), "{not json", lines[2]]
    assert f"{src}:1:2:37: PL301 fixed: delete citation marker [3]" in err
    assert f"{src}:1:3:1: PL201 fixed: delete the repeated line" in err


def test_gzipped_jsonl_in_place(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"id": "a", "text": WIDGET, "meta": {"k": 1}}) + "\n")
    code, _, _ = run("fix", "--in-place", "--select", SELECT, str(src))
    assert code == 0
    with gzip.open(src, "rt", encoding="utf-8") as f:
        record = json.loads(f.readline())
    assert record == {
        "id": "a",
        "text": "No time to read?\nThe summit opened in Rome on Monday.\nThe talks went on.",
        "meta": {"k": 1},
    }


def test_max_share_guard_reported_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "provlint.toml").write_text("[fix]\nmax-removed-share = 0.05\n", encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("A line long enough.\nA line long enough.\n", encoding="utf-8")
    code, out, err = run("fix", "--config", str(tmp_path / "provlint.toml"), "--select", SELECT, "--diff", str(page))
    assert (code, out) == (0, "")
    assert (
        f"{page}:2:1: PL202 not fixed (too-large): would remove 20 of 40 characters (50%), "
        "more than max-removed-share 5%"
    ) in err


def test_legacy_encoding_and_bom_are_kept(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café menu line here\nLe café ouvre à huit heures.\nCafé menu line here\n".encode("cp1252"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + WIDGET.encode("utf-8"))
    code, _, _ = run("fix", "--in-place", "--select", SELECT, str(latin), str(bom))
    assert code == 0
    assert latin.read_bytes() == "Café menu line here\nLe café ouvre à huit heures.\n".encode("cp1252")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf") and bom.read_bytes().count(b"No time to read?") == 1


def test_undecodable_file_is_not_written_back(tmp_path: Path) -> None:
    page = tmp_path / "bad.txt"
    raw = b"A line long enough here\n\x81\x8d broken\nA line long enough here\n"
    page.write_bytes(raw)
    code, _, err = run("fix", "--in-place", "--select", SELECT, str(page))
    assert code == 2 and "not written: it was decoded with replacement characters" in err
    assert page.read_bytes() == raw


def test_output_collision_is_a_usage_error(tmp_path: Path) -> None:
    for d in ("one", "two"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text(WIDGET, encoding="utf-8")
    code, _, err = run("fix", "--output", str(tmp_path / "out"), str(tmp_path / "one"), str(tmp_path / "two"))
    assert code == 2 and "would both be written to" in err
    assert not (tmp_path / "out").exists()
