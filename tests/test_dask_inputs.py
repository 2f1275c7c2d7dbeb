"""Partitioned inputs on Dask: one partition per file (local and memory:// URLs), rows per partition, the serial
findings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

dask = pytest.importorskip("dask")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
fsspec = pytest.importorskip("fsspec")

pytestmark = pytest.mark.slow  # Dask graphs and a process cluster: over 5 s

from provlint import Config, lint_paths  # noqa: E402
from provlint.dask import lint_bag  # noqa: E402
from provlint.dask_inputs import files_bag, tag_files  # noqa: E402

NAV = "Home\nNews\nSport\nWeather"
BANNER = "Subscribe to the Daily Harbor newsletter for more"


def _pages(site: str, n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{site}-{i}",
            "url": f"https://{site}/a{i}",
            "text": f"{BANNER}\nStory {i} of the day [citation needed].",
        }
        for i in range(n)
    ]


@pytest.fixture
def shards(tmp_path: Path) -> list[str]:
    """Two JSON Lines shards on disk and one Parquet shard in fsspec's memory file system (site boilerplate spans
    the shards, so the source rule needs every partition's state)."""
    first = tmp_path / "part-0.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in _pages("harbor.example", 3)))
    second = tmp_path / "part-1.jsonl"
    second.write_text(
        "".join(json.dumps(r) + "\n" for r in _pages("harbor.example", 3)[:0] + _pages("wire.example", 2))
    )
    sink = pa.BufferOutputStream()
    rows = _pages("harbor.example", 6)[3:]
    pq.write_table(pa.table({k: [r[k] for r in rows] for k in ("id", "url", "text")}), sink)
    fs = fsspec.filesystem("memory")
    fs.pipe("/dask-shards/part-2.parquet", sink.getvalue().to_pybytes())
    yield [str(first), str(second), "memory://dask-shards/part-2.parquet"]
    fs.rm("/dask-shards", recursive=True)


def _key(findings: Any) -> list[tuple[Any, ...]]:
    return sorted((f.document_id, f.code, f.line, f.column, f.message) for f in findings)


def test_files_bag_has_one_partition_per_file_and_the_serial_findings(shards: list[str]) -> None:
    bag = files_bag(shards)
    assert bag.npartitions == 3
    findings_bag, _cards = lint_bag(bag)
    (findings,) = dask.compute(findings_bag, scheduler="sync")
    serial = lint_paths(shards, Config()).findings
    assert _key(findings) == _key(serial)
    assert any(f.code == "PL207" for f in serial)  # the banner recurs across the shards: a source-rule finding


def test_tag_files_writes_rows_per_partition(shards: list[str], tmp_path: Path) -> None:
    out = tmp_path / "tags"
    summary = tag_files(shards, out, scheduler="sync")
    assert [(Path(s["file"]).name, s["rows"]) for s in summary] == [
        ("part-00000.jsonl", 3),
        ("part-00001.jsonl", 2),
        ("part-00002.jsonl", 3),
    ]
    rows = [json.loads(line) for s in summary for line in Path(s["file"]).read_text().splitlines()]
    assert [r["id"] for r in rows] == [f"harbor.example-{i}" for i in range(3)] + [
        "wire.example-0",
        "wire.example-1",
    ] + [f"harbor.example-{i}" for i in range(3, 6)]
    serial = lint_paths(shards, Config()).findings
    for row in rows:
        expected = sorted((f.start, f.end, f.code) for f in serial if f.document_id == row["id"])
        assert [(s["start"], s["end"], s["code"]) for s in row["spans"]] == expected


def test_tag_files_on_a_local_cluster(shards: list[str], tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    local = [s for s in shards if not s.startswith("memory://")]  # worker processes do not share the memory FS
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            summary = tag_files(local, tmp_path / "tags", scheduler=client)
    assert [s["rows"] for s in summary] == [3, 2]
    rows = [json.loads(line) for s in summary for line in Path(s["file"]).read_text().splitlines()]
    serial = lint_paths(local, Config()).findings
    assert sorted((r["id"], s["start"], s["code"]) for r in rows for s in r["spans"]) == sorted(
        (f.document_id, f.start, f.code) for f in serial
    )
