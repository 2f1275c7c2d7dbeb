"""Remote (fsspec memory://), compressed (.gz, .bz2, .zst) and globbed inputs give the local findings."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

fsspec = pytest.importorskip("fsspec", reason="the [remote] extra (fsspec) is not installed")
zstandard = pytest.importorskip("zstandard", reason="the [remote] extra (zstandard) is not installed")

from provlint import Config, lint_paths  # noqa: E402
from provlint.cli.main import main  # noqa: E402
from provlint.remote import inner_name, is_remote  # noqa: E402

TEXT = "Home\nNews\nSport\nAccording to experts, the budget is big [citation needed].\n"


def _rows(paths: list[str]) -> list[tuple[Any, ...]]:
    return [
        (f.document_id, f.source, f.code, f.line, f.column, f.message) for f in lint_paths(paths, Config()).findings
    ]


@pytest.fixture
def memfs() -> Any:
    """fsspec's in-memory file system (process-wide), emptied of /bucket before and after the test."""
    fs = fsspec.filesystem("memory")
    if fs.exists("/bucket"):
        fs.rm("/bucket", recursive=True)
    yield fs
    if fs.exists("/bucket"):
        fs.rm("/bucket", recursive=True)


def test_names() -> None:
    assert is_remote("s3://bucket/x.jsonl") and is_remote("memory://b/x") and is_remote("hf://datasets/a/b")
    assert not is_remote("file:///tmp/x") and not is_remote("/tmp/x") and not is_remote("C:\\x")
    suffixes = [".jsonl", ".jsonl.gz", ".txt"]
    assert inner_name("a.txt.zst", suffixes) == "a.txt"
    assert inner_name("a.jsonl.gz", suffixes) is None  # the JSON Lines reader reads gzip itself
    assert inner_name("a.txt", suffixes) is None


def test_compressed_local_files_read_like_the_plain_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    plain = site / "a.txt"
    plain.write_text(TEXT)
    (site / "b.txt.gz").write_bytes(gzip.compress(TEXT.encode()))
    (site / "c.txt.bz2").write_bytes(bz2.compress(TEXT.encode()))
    (site / "d.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(TEXT.encode()))
    expected = [row[1:] for row in _rows([str(plain)])]
    for name in ("b.txt.gz", "c.txt.bz2", "d.txt.zst"):
        rows = _rows([str(site / name)])
        assert {row[0] for row in rows} == {str(site / name)}  # the label stays the compressed file
        assert [row[1:] for row in rows] == expected  # source: the folder, as for the plain file
    # In a folder walk the compressed files are read too.
    assert lint_paths([str(site)], Config()).stats.linted == 4


def test_local_glob(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.md"):
        (tmp_path / name).write_text(TEXT)
    result = lint_paths([str(tmp_path / "*.txt")], Config())
    assert result.stats.linted == 2
    missing = lint_paths([str(tmp_path / "*.nothing")], Config())
    assert [(f.code, f.message) for f in missing.findings] == [("PL001", "no file matches this pattern")]


def test_memory_jsonl_and_parquet_give_the_local_findings(memfs: Any, tmp_path: Path) -> None:
    records = [{"id": "1", "url": "https://www.example.com/a", "text": TEXT}, {"id": "2", "text": "Fine text here."}]
    local = tmp_path / "shard.jsonl"
    local.write_text("".join(json.dumps(r) + "\n" for r in records))
    memfs.pipe("/bucket/crawl/shard.jsonl.zst", zstandard.ZstdCompressor().compress(local.read_bytes()))
    remote_rows = _rows(["memory://bucket/crawl/shard.jsonl.zst"])
    local_rows = _rows([str(local)])
    assert remote_rows == local_rows
    assert remote_rows[0][:3] == ("1", "example.com", "PL101")
    pq = pytest.importorskip("pyarrow.parquet")
    pa = pytest.importorskip("pyarrow")
    sink = pa.BufferOutputStream()
    pq.write_table(
        pa.table({"id": ["1", "2"], "url": ["https://www.example.com/a", None], "text": [TEXT, "Fine."]}), sink
    )
    memfs.pipe("/bucket/crawl/part-0.parquet", sink.getvalue().to_pybytes())
    assert _rows(["memory://bucket/crawl/part-0.parquet"])[0][:3] == ("1", "example.com", "PL101")


def test_memory_folder_and_glob(memfs: Any) -> None:
    memfs.pipe("/bucket/site-a/one.txt", TEXT.encode())
    memfs.pipe("/bucket/site-a/two.txt.gz", gzip.compress(TEXT.encode()))
    memfs.pipe("/bucket/site-b/three.txt", TEXT.encode())
    memfs.pipe("/bucket/site-b/image.png", b"\x89PNG\r\n")
    folder = lint_paths(["memory://bucket"], Config())
    assert folder.stats.linted == 3  # the folder walk passes over unknown suffixes
    assert sorted({(f.document_id, f.source) for f in folder.findings}) == [
        ("memory:///bucket/site-a/one.txt", "site-a"),
        ("memory:///bucket/site-a/two.txt.gz", "site-a"),
        ("memory:///bucket/site-b/three.txt", "site-b"),
    ]
    globbed = lint_paths(["memory://bucket/*/t*.txt*"], Config())
    assert sorted({f.document_id for f in globbed.findings}) == [
        "memory:///bucket/site-a/two.txt.gz",
        "memory:///bucket/site-b/three.txt",
    ]


def test_missing_and_unknown_remote_inputs_are_accounted(memfs: Any) -> None:
    result = lint_paths(["memory://bucket/nothing.jsonl", "nosuchprotocol://x/y.jsonl"], Config())
    assert [(f.code, f.document_id) for f in result.findings] == [
        ("PL001", "memory://bucket/nothing.jsonl"),
        ("PL001", "nosuchprotocol://x/y.jsonl"),
    ]
    assert result.findings[0].message == "no such file, folder or match"
    assert result.findings[1].message.startswith("nosuchprotocol://x/y.jsonl: ")
    assert (result.stats.read, result.stats.failed) == (2, 2)


def test_cli_check_memory_url_in_process(memfs: Any, capsys: pytest.CaptureFixture[str]) -> None:
    memfs.pipe("/bucket/news/page.txt", TEXT.encode())
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--no-scorecard", "--select", "PL101,PL302", "memory://bucket/news/page.txt"])
    assert exit_info.value.code == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        'memory://bucket/news/page.txt:1:1: warning PL101 [navigation-residue] navigation residue "Home"',
        'memory://bucket/news/page.txt:4:41: warning PL302 [placeholder-attribution] placeholder "[citation needed]" left in the text',
    ]
