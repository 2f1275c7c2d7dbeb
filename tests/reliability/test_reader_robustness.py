"""Reader errors outside the usual set, special files, links and sizes: each is one accounted item with a reason,
and the run goes on."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

from provlint import Config, lint_paths
from provlint.config import LimitsSection
from tests.reliability.helpers import run_cli

ENGINE_ONLY = Config(select=("PL0",))


def findings(paths: list[str], config: Config = ENGINE_ONLY) -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    result = lint_paths(paths, config)
    return [(f.code, f.path or "", f.message) for f in result.findings], result.stats.to_dict()


def test_integer_over_python_digit_limit_is_one_failed_record(tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    lines = ['{"text": "First."}', '{"n": ' + "7" * 5000 + ', "text": "Second."}', '{"text": "Third."}']
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found, stats = findings([str(src)])
    assert found == [
        ("PL001", f"{src}:2", "line 2: JSON integer has 5,000 digits, more than the 4,300 Python converts")
    ]
    assert stats == {"read": 3, "linted": 2, "skipped": 0, "failed": 1, "rule_errors": 0}
    code, _, err = run_cli("check", "--isolated", "--select", "PL0", "-q", "--exit-zero", str(src))
    assert (code, err) == (0, "")
    code, _, _ = run_cli("check", "--isolated", "--select", "PL0", "-q", str(src))
    assert code == 2


def test_corrupt_gzip_is_one_failed_file_and_the_run_goes_on(tmp_path: Path) -> None:
    data = "".join(json.dumps({"id": f"r{i}", "text": f"Record number {i} is here."}) + "\n" for i in range(200))
    damaged = bytearray(gzip.compress(data.encode(), mtime=0))
    damaged[60] ^= 0xFF  # inside the deflate stream: zlib.error, not a truncation
    bad = tmp_path / "a-bad.jsonl.gz"
    bad.write_bytes(bytes(damaged))
    (tmp_path / "b-ok.jsonl").write_text('{"text": "Fine."}\n', encoding="utf-8")
    found, stats = findings([str(tmp_path)])
    assert found == [
        (
            "PL001",
            str(bad),
            "cannot read file: Error -3 while decompressing data: invalid distance too far back "
            "(damaged compressed data)",
        )
    ]
    assert stats == {"read": 2, "linted": 1, "skipped": 0, "failed": 1, "rule_errors": 0}


def test_utf8_bom_at_the_start_of_a_jsonl_file(tmp_path: Path) -> None:
    src = tmp_path / "bom.jsonl"
    src.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "First."}\n{"id": "b", "text": "Second."}\n')
    result = lint_paths([str(src)], ENGINE_ONLY)
    assert result.findings == []
    assert result.stats.to_dict() == {"read": 2, "linted": 2, "skipped": 0, "failed": 0, "rule_errors": 0}


def test_gzipped_text_is_decompressed_not_called_binary(tmp_path: Path) -> None:
    (tmp_path / "page.txt.gz").write_bytes(gzip.compress(b"A cited claim [4].\n", mtime=0))
    result = lint_paths([str(tmp_path)], Config(select=("PL0", "PL301")))
    assert [(f.code, f.path, f.line, f.column) for f in result.findings] == [
        ("PL301", str(tmp_path / "page.txt.gz"), 1, 15)
    ]
    truncated = tmp_path / "cut.txt.gz"
    truncated.write_bytes(gzip.compress(b"Some text. " * 100, mtime=0)[:30])
    found, _ = findings([str(truncated)])
    assert found == [
        (
            "PL001",
            str(truncated),
            "cannot read file: Compressed file ended before the end-of-stream marker was reached",
        )
    ]


def test_text_reader_stops_at_the_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as out:
        for _ in range(20):
            out.write(b"word " * 200_000)  # 20 MB
    config = Config(select=("PL0",), limits=LimitsSection(max_document_chars=1_000_000))
    tracemalloc.start()
    try:
        found, stats = findings([str(big)], config)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == [
        (
            "PL008",
            str(big),
            "input is larger than 4,000,000 bytes, so over the limit of 1,000,000 characters "
            "([limits] max-document-chars); skipped",
        )
    ]
    assert stats["skipped"] == 1
    assert peak < 10_000_000  # the limit (4 MB) plus one byte was read, never the 20 MB file


def test_sparse_2_gb_file_is_skipped_as_binary_having_read_8_kib(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.txt"
    with open(sparse, "wb") as out:
        out.truncate(2 * 1024**3)  # 2 GB of zeros, no disk blocks
    tracemalloc.start()
    try:
        found, _ = findings([str(sparse)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == [("PL003", str(sparse), "binary file skipped (contains NUL bytes)")]
    assert peak < 5_000_000


def test_special_files_named_on_the_command_line_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    found, stats = findings([str(fifo), "/dev/zero"])
    assert found == [
        ("PL001", str(fifo), "not a regular file (FIFO); refused"),
        ("PL001", "/dev/zero", "not a regular file (character device); refused"),
    ]
    assert stats == {"read": 2, "linted": 0, "skipped": 0, "failed": 2, "rule_errors": 0}
    (tmp_path / "ok.txt").write_text("Fine.\n", encoding="utf-8")
    found, stats = findings([str(tmp_path)])  # in a folder walk a FIFO is not an input at all
    assert (found, stats["read"]) == ([], 1)


def test_links_leaving_the_scanned_folder_are_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "credentials.txt"
    secret.write_text("password = hunter2 [1]\n", encoding="utf-8")
    outside_dir = tmp_path / "elsewhere"
    outside_dir.mkdir()
    (outside_dir / "note.txt").write_text("Outside [2].\n", encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "page.txt").write_text("Inside [3].\n", encoding="utf-8")
    (tree / "inner-link.txt").symlink_to("page.txt")
    (tree / "secret.txt").symlink_to(secret)
    (tree / "dir-link").symlink_to(outside_dir, target_is_directory=True)
    config = Config(select=("PL301",))
    paths = sorted({f.path for f in lint_paths([str(tree)], config).findings})
    assert paths == [str(tree / "inner-link.txt"), str(tree / "page.txt")]
    code, out, _ = run_cli("check", "--isolated", "--select", "PL301", "--format", "json", str(tree))
    assert "secret.txt" not in out and "credentials" not in out
    code, out, _ = run_cli("check", "--isolated", "--select", "PL301", "--format", "json", "--follow-links", str(tree))
    assert code == 1 and str(tree / "secret.txt") in out and str(tree / "dir-link" / "note.txt") in out


def test_follow_links_does_not_loop_on_a_link_to_an_ancestor(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text("Inside [3].\n", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    code, out, _ = run_cli(
        "check", "--isolated", "--select", "PL301", "--format", "json", "--follow-links", str(tmp_path)
    )
    assert code == 1 and json.loads(out)["stats"]["read"] == 1


def test_binary_standard_input_message_in_a_real_process() -> None:
    """A real pipe has peek(): the message must still be the documented one for standard input."""
    proc = subprocess.run(
        [sys.executable, "-m", "provlint", "check", "--isolated", "--select", "PL0", "--no-scorecard", "-"],
        input=b"\x89PNG\r\n\x1a\n\x00\x00",
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines()[0] == (
        "<stdin>:1:1: warning PL003 [binary-input-skipped] binary input skipped (PNG image)"
    )


def test_closed_standard_input_is_one_failed_input() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "provlint", "check", "--isolated", "--select", "PL0", "--no-scorecard", "-"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
        preexec_fn=lambda: os.close(0),
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout.decode().splitlines()[0] == (
        "<stdin>:1:1: error PL001 [unreadable-document] cannot read input: standard input is closed"
    )


def test_gzip_magic_alone_is_not_a_gzip_file(tmp_path: Path) -> None:
    """Only a whole gzip header makes a file gzip: the two magic bytes followed by a record are read as JSON Lines."""
    from provlint import Config, lint_paths

    path = tmp_path / "records.jsonl"
    path.write_bytes(b'\x1f\x8b\n{"id": "a", "text": "Plain text here."}\n')
    result = lint_paths([str(path)], Config())
    assert result.stats.to_dict()["read"] == 2
    assert result.stats.linted == 1 and result.stats.failed == 1
    (bad,) = result.by_code("PL001")
    assert bad.line == 1


def test_bom_alone_is_an_empty_json_lines_file(tmp_path: Path) -> None:
    from provlint import Config, lint_paths

    path = tmp_path / "records.jsonl"
    path.write_bytes(b"\xef\xbb\xbf\n")
    result = lint_paths([str(path)], Config())
    assert result.stats.read == 0 and result.findings == []
