"""``provlint fix`` never changes a user's file wrongly: one parser per format, verified texts, kept bytes,
modes, links; lone surrogates; a plugin reader written back."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

import provlint.cli.fix_cmd as fix_cmd
from provlint.atomic_write import TEMP_PREFIX
from tests.reliability.helpers import run_cli
from tests.reliability.test_reader_protocol import PipeReader, plugin_readers

SELECT = "PL201,PL301"
PAGE = "The summit opened in Rome [3].\nNo time to read?\nThe talks went on.\nNo time to read?\n"
FIXED = "The summit opened in Rome.\nNo time to read?\nThe talks went on.\n"


def fix(*args: str) -> tuple[int, str, str]:
    return run_cli("fix", "--isolated", "--select", SELECT, *args)


def no_temp_files(folder: Path) -> bool:
    return not any(p.name.startswith(TEMP_PREFIX) for p in folder.rglob("*"))


def test_latin1_json_lines_record_is_fixed_not_skipped(tmp_path: Path) -> None:
    raw = '{"id": "a", "note": "café", "text": "Le café ouvre [2].\\nFin."}\n'.encode("cp1252")
    src = tmp_path / "latin.jsonl"
    src.write_bytes(raw)
    code, out, _ = run_cli("check", "--isolated", "--select", SELECT, "--format", "grouped", str(src))
    assert code == 1 and "PL301" in out
    code, _, err = fix("--in-place", str(src))
    assert (code, err.splitlines()[-1]) == (0, "1 fix applied in 1 of 1 document; 1 file written")
    assert src.read_bytes() == '{"id": "a", "note": "café", "text": "Le café ouvre.\\nFin."}\n'.encode("cp1252")


def test_plugin_reader_is_written_back_by_fix(tmp_path: Path) -> None:
    page = tmp_path / "pages.pipe"
    page.write_text("PIPE|Rome hosts the summit [3].\nPIPE|Nothing here.\n", encoding="utf-8")
    named = tmp_path / "pages.data"  # a suffix no reader claims: the reader is selected by name
    named.write_text("PIPE|Paris hosts it [4].\n", encoding="utf-8")
    with plugin_readers(PipeReader()):
        code, _, err = fix("--in-place", str(page))
        assert code == 0, err
        code, _, err = fix("--in-place", "--input-format", "pipe", str(named))
        assert code == 0, err
    assert page.read_text(encoding="utf-8") == "PIPE|Rome hosts the summit.\nPIPE|Nothing here.\n"
    assert named.read_text(encoding="utf-8") == "PIPE|Paris hosts it.\n"


def test_reader_without_write_back_is_reported(tmp_path: Path) -> None:
    class ReadOnly(PipeReader):
        write_back = None  # type: ignore[assignment]

    page = tmp_path / "pages.pipe"
    page.write_text("PIPE|Rome hosts the summit [3].\n", encoding="utf-8")
    with plugin_readers(ReadOnly()):
        code, _, err = fix("--in-place", str(page))
    assert code == 2
    assert f"provlint: error: {page}: read by the 'pipe' reader, which cannot write back; skipped" in err
    assert page.read_text(encoding="utf-8") == "PIPE|Rome hosts the summit [3].\n"


def test_file_changed_between_lint_and_fix_is_refused_and_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    edited = "An editor added this line.\n" + PAGE
    real_plan = fix_cmd.plan_fixes

    def plan_then_edit(*args: object, **kwargs: object) -> object:
        plan = real_plan(*args, **kwargs)  # type: ignore[arg-type]
        page.write_text(edited, encoding="utf-8")
        return plan

    monkeypatch.setattr(fix_cmd, "plan_fixes", plan_then_edit)
    code, _, err = fix("--in-place", str(page))
    assert code == 2
    assert f"provlint: error: {page}: changed since it was linted ({page}); not written: run fix again\n" in err
    assert page.read_text(encoding="utf-8") == edited
    assert no_temp_files(tmp_path)


def test_jsonl_record_changed_between_lint_and_fix_leaves_the_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in.jsonl"
    first = json.dumps({"id": "a", "text": PAGE}) + "\n"
    src.write_text(first + json.dumps({"id": "b", "text": "Old."}) + "\n", encoding="utf-8")
    edited = first + json.dumps({"id": "b", "text": "New."}) + "\n"
    real_plan = fix_cmd.plan_fixes

    def plan_then_edit(*args: object, **kwargs: object) -> object:
        plan = real_plan(*args, **kwargs)  # type: ignore[arg-type]
        src.write_text(edited, encoding="utf-8")
        return plan

    monkeypatch.setattr(fix_cmd, "plan_fixes", plan_then_edit)
    code, _, err = fix("--in-place", str(src))
    assert code == 2 and f"{src}: changed since it was linted ({src}:2); not written" in err
    assert src.read_text(encoding="utf-8") == edited
    assert no_temp_files(tmp_path)


def test_in_place_keeps_the_file_mode(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    page.chmod(0o640)
    code, _, _ = fix("--in-place", str(page))
    assert code == 0 and page.read_text(encoding="utf-8") == FIXED
    assert stat.S_IMODE(page.stat().st_mode) == 0o640


def test_in_place_writes_through_a_link_inside_the_tree(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    real = tree / "real.txt"
    real.write_text(PAGE, encoding="utf-8")
    link = tree / "link.txt"
    link.symlink_to("real.txt")
    code, _, err = fix("--in-place", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == "real.txt"
    assert real.read_text(encoding="utf-8") == FIXED


def test_in_place_refuses_a_link_leading_outside_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text(PAGE, encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "link.txt").symlink_to(outside)
    code, _, err = fix("--in-place", "--follow-links", str(tree))
    assert code == 2
    assert (
        f"provlint: error: {tree / 'link.txt'}: a symbolic link to {outside}, outside the folders being fixed; "
        "not rewritten\n"
    ) in err
    assert outside.read_text(encoding="utf-8") == PAGE
    # Without --follow-links the link is not even read.
    code, out, _ = run_cli("fix", "--isolated", "--select", SELECT, "--diff", str(tree))
    assert (code, out) == (0, "")


def test_in_place_keeps_hard_links(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    twin = tmp_path / "twin.txt"
    os.link(page, twin)
    inode = page.stat().st_ino
    code, _, err = fix("--in-place", str(page))
    assert code == 0, err
    assert page.stat().st_ino == inode and page.stat().st_nlink == 2
    assert twin.read_text(encoding="utf-8") == FIXED
    assert no_temp_files(tmp_path)


def test_jsonl_fix_changes_only_the_text_value(tmp_path: Path) -> None:
    line = (
        '{"id":"a", "n": 12345678901234567890.5,"big":1e400, "dup": 1, "dup": 2,'
        ' "text": "old", "esc": "caf\\u00e9 \\/", "text": "The summit opened in Rome [3].", "z" :[ ]}'
    )
    src = tmp_path / "in.jsonl"
    src.write_text(line + "\n" + line + "\r\n", encoding="utf-8")
    code, _, err = fix("--in-place", str(src))
    assert code == 0, err
    new = line.replace("Rome [3].", "Rome.")
    assert src.read_bytes() == (new + "\n" + new + "\r\n").encode("utf-8")


def test_lone_surrogates_anywhere_in_a_record_do_not_crash_fix(tmp_path: Path) -> None:
    line = '{"id": "\\ud800", "source": "s\\udfff", "meta": ["\\ud83d"], "text": "Sp\\ud800lit in Rome [3]."}'
    src = tmp_path / "in.jsonl"
    src.write_text(line + "\n", encoding="utf-8")
    code, out, err = fix("--diff", str(src))
    assert code == 1, err
    assert "+Sp\\ud800lit in Rome." in out
    code, _, err = fix("--in-place", str(src))
    assert code == 0, err
    assert src.read_text(encoding="utf-8") == line.replace("Rome [3].", "Rome.") + "\n"


def test_non_ascii_text_keeps_its_escaping_style(tmp_path: Path) -> None:
    raw = '{"text": "Caf\\u00e9 in Rome [3]."}\n{"text": "Café in Rome [3]."}\n'
    src = tmp_path / "in.jsonl"
    src.write_text(raw, encoding="utf-8")
    code, _, _ = fix("--in-place", str(src))
    assert code == 0
    assert src.read_text(encoding="utf-8") == '{"text": "Caf\\u00e9 in Rome."}\n{"text": "Café in Rome."}\n'


def test_bom_at_the_start_of_a_jsonl_file_is_read_and_kept(tmp_path: Path) -> None:
    src = tmp_path / "bom.jsonl"
    src.write_bytes(b'\xef\xbb\xbf{"text": "Rome [3]."}\n{"text": "Paris [4]."}\n')
    code, _, err = fix("--in-place", str(src))
    assert code == 0, err
    assert src.read_bytes() == b'\xef\xbb\xbf{"text": "Rome."}\n{"text": "Paris."}\n'


def test_gzipped_text_is_fixed_and_stays_gzipped(tmp_path: Path) -> None:
    import gzip

    src = tmp_path / "page.txt.gz"
    src.write_bytes(gzip.compress(PAGE.encode("utf-8")))
    code, _, err = fix("--in-place", str(src))
    assert code == 0, err
    assert gzip.decompress(src.read_bytes()) == FIXED.encode("utf-8")


def test_unwritable_output_is_refused_before_linting(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = fix("--output", str(blocker / "out.txt"), str(page))
    assert (code, err) == (
        2,
        f"provlint: error: cannot write --output {blocker / 'out.txt'}: {blocker} is not a folder\n",
    )


def test_a_file_reached_through_several_links_is_fixed_once(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    page = tree / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    os.link(page, tree / "twin.txt")
    (tree / "alias.txt").symlink_to("page.txt")
    code, _, err = fix("--in-place", str(tree))
    assert code == 0, err
    assert err.splitlines()[-3:] == [
        f"{tree / 'page.txt'}: the same file as {tree / 'alias.txt'}, already fixed",
        f"{tree / 'twin.txt'}: the same file as {tree / 'alias.txt'}, already fixed",
        "2 fixes applied in 1 of 1 document; 1 file written",
    ]
    assert page.read_text(encoding="utf-8") == FIXED and (tree / "alias.txt").is_symlink()
    assert page.stat().st_nlink == 2


def test_the_plan_remembers_linted_texts_as_compact_digests() -> None:
    from provlint.fix_inputs import linted_key
    from provlint.seen_ids import SeenIds

    seen = SeenIds(recent_limit=2)
    for n in range(5):  # past the limit: older digests are compacted into sorted runs
        seen.add(linted_key(f"doc-{n}", f"text {n}"))
    assert seen.runs >= 1
    assert all(linted_key(f"doc-{n}", f"text {n}") in seen for n in range(5))
    assert linted_key("doc-1", "text 1 edited") not in seen and linted_key("doc-9", "text 1") not in seen


def test_output_copy_replaces_a_link_in_the_output_folder_instead_of_writing_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "page.txt").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "page.txt").symlink_to(victim)
    code, _, err = fix("--output", str(out), str(src))
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (out / "page.txt").is_symlink() and (out / "page.txt").read_text(encoding="utf-8") == FIXED
