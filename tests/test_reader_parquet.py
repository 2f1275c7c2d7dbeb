"""The Parquet and Arrow IPC reader: rows as documents, configurable columns, accounting, write-back."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow", reason="the [parquet] extra (pyarrow) is not installed")
pq = pytest.importorskip("pyarrow.parquet")
import pyarrow.ipc  # noqa: E402

from provlint import Config, lint_paths  # noqa: E402
from provlint.config import InputOptions  # noqa: E402
from provlint.model import Document  # noqa: E402
from provlint.readers.base import ReadProblem  # noqa: E402
from provlint.readers.parquet import ParquetReader  # noqa: E402

NAV = "Home\nNews\nSport\nWeather\nAccording to experts, the budget is the largest ever [citation needed]."
CLEAN = "The council voted seven to two on Tuesday evening after a long debate about the budget."

ROWS = {
    "doc_id": ["a", None, "c", "d"],
    "content": [NAV, CLEAN, None, CLEAN + " Second."],
    "url": ["https://www.example.com/1", "https://example.com/2", None, None],
    "embedding": [[0.1, 0.2], [0.3], [], [0.4]],
}


def _options(**fields: str) -> InputOptions:
    return replace(InputOptions(), fields={**InputOptions().fields, **fields})


def _write(path: Path, rows: dict[str, list[Any]], row_group_size: int = 2) -> Path:
    pq.write_table(pa.table(rows), path, row_group_size=row_group_size)
    return path


def test_rows_become_documents_with_configured_columns(tmp_path: Path) -> None:
    path = _write(tmp_path / "shard.parquet", ROWS)
    items = list(ParquetReader().read(path, _options(text="content", id="doc_id"), str(path)))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "ReadProblem", "Document"]
    first, second, problem, fourth = items
    assert isinstance(first, Document) and isinstance(problem, ReadProblem)
    assert (first.id, first.source, first.url, first.text, first.path) == (
        "a",
        "example.com",
        "https://www.example.com/1",
        NAV,
        f"{path}:1",
    )
    assert (second.id, second.path) == (f"{path}:2", f"{path}:2")  # a null id names the row
    assert (problem.document_id, problem.reason, problem.line) == (
        f"{path}:3",
        "row 3: column 'content' is null, not a string",
        3,
    )
    assert fourth.source == tmp_path.name  # no source, no URL: the folder


def test_missing_text_column_and_broken_file_are_accounted(tmp_path: Path) -> None:
    path = _write(tmp_path / "shard.parquet", ROWS)
    [missing] = ParquetReader().read(path, InputOptions(), str(path))
    assert isinstance(missing, ReadProblem)
    assert missing.reason == "no column 'text' (columns: doc_id, content, url, embedding)"
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really parquet")
    [problem] = ParquetReader().read(broken, InputOptions(), str(broken))
    assert isinstance(problem, ReadProblem) and problem.reason.startswith("cannot read file: ArrowInvalid")


def test_arrow_ipc_file_and_stream(tmp_path: Path) -> None:
    table = pa.table({"text": [NAV, CLEAN], "id": ["x", "y"]})
    file_path = tmp_path / "t.arrow"
    with pyarrow.ipc.new_file(str(file_path), table.schema) as writer:
        writer.write_table(table)
    stream_path = tmp_path / "t.arrows"
    with pyarrow.ipc.new_stream(str(stream_path), table.schema) as writer:
        writer.write_table(table)
    for path in (file_path, stream_path):
        docs = list(ParquetReader().read(path, InputOptions(), str(path)))
        assert [(d.id, d.text) for d in docs] == [("x", NAV), ("y", CLEAN)]


def test_check_gives_the_json_lines_findings(tmp_path: Path) -> None:
    texts = [NAV, CLEAN, "Sign up for our newsletter\n" + CLEAN]
    parquet = _write(tmp_path / "shard.parquet", {"id": ["1", "2", "3"], "text": texts})
    jsonl = tmp_path / "shard.jsonl"
    jsonl.write_text("".join(json.dumps({"id": str(i + 1), "text": t}) + "\n" for i, t in enumerate(texts)))

    def rows(path: Path) -> list[tuple[Any, ...]]:
        return [(f.document_id, f.code, f.line, f.column, f.message) for f in lint_paths([str(path)]).findings]

    assert rows(parquet) == rows(jsonl)
    assert ("1", "PL302", 5, 54, 'placeholder "[citation needed]" left in the text') in rows(parquet)


def test_write_back_keeps_columns_and_adds_provlint_columns(tmp_path: Path) -> None:
    path = _write(tmp_path / "shard.parquet", ROWS)
    options = _options(text="content", id="doc_id")
    seen: list[str] = []

    def fix(label: str, text: str) -> str:
        seen.append(label)
        return text.replace("Home\n", "")

    out = io.BytesIO()
    ParquetReader().write_back(path, options, str(path), fix, out)
    table = pq.read_table(io.BytesIO(out.getvalue()))
    assert table.column_names == ["doc_id", "content", "url", "embedding", "provlint_fixed", "provlint_removed_chars"]
    assert table.column("content").to_pylist() == [NAV[5:], CLEAN, None, CLEAN + " Second."]
    assert table.column("provlint_fixed").to_pylist() == [True, False, False, False]
    assert table.column("provlint_removed_chars").to_pylist() == [5, 0, 0, 0]
    assert table.column("embedding").to_pylist() == ROWS["embedding"]
    assert seen == [f"{path}:1", f"{path}:2", f"{path}:4"]


def test_sniff() -> None:
    assert ParquetReader().sniff(b"PAR1\x15\x04")
    assert ParquetReader().sniff(b"ARROW1\x00\x00")
    assert not ParquetReader().sniff(b'{"text": 1}')


def test_config_fields_reach_the_reader(tmp_path: Path) -> None:
    path = _write(tmp_path / "shard.parquet", {"body": [CLEAN]})
    (tmp_path / "provlint.toml").write_text('[input.fields]\ntext = "body"\n')
    from provlint.config import load_config

    result = lint_paths([str(path)], load_config(str(tmp_path / "provlint.toml")))
    assert result.stats.read == 1 and result.stats.failed == 0
    assert Config().input.fields["text"] == "text"


def test_check_command_on_a_shard_with_field_options(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from provlint.cli.main import _load_commands, cli

    _load_commands()
    path = _write(tmp_path / "shard.parquet", ROWS)
    args = [
        "check",
        "--select",
        "PL302",
        "--no-scorecard",
        "--text-field",
        "content",
        "--id-field",
        "doc_id",
        str(path),
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output  # the row with a null text is an input that could not be read
    assert result.stdout.splitlines()[:2] == [
        f'{path}:1:5:54: warning PL302 [placeholder-attribution] placeholder "[citation needed]" left in the text',
        f"{path}:3:1:1: error PL001 [unreadable-document] row 3: column 'content' is null, not a string",
    ]


def test_fix_command_writes_a_parquet_shard_back(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from provlint.cli.main import _load_commands, cli

    _load_commands()
    path = _write(tmp_path / "shard.parquet", {"id": ["a", "b"], "text": [NAV, CLEAN], "emb": [[1.0], [2.0]]})
    out = tmp_path / "fixed.parquet"
    result = CliRunner().invoke(cli, ["fix", "--select", "PL101", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.column_names == ["id", "text", "emb", "provlint_fixed", "provlint_removed_chars"]
    assert table.column("text").to_pylist() == [NAV[len("Home\n") :], CLEAN]
    assert table.column("provlint_fixed").to_pylist() == [True, False]
