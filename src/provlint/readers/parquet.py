"""Parquet and Arrow IPC files: one document per row, streamed in record batches.

Web corpora ship as Parquet shards (Hugging Face datasets, Spark and datatrove
outputs) with millions of rows and columns the linter never needs (embeddings,
raw HTML). Only the configured ``[input.fields]`` columns (``text``, ``id``,
``source``, ``url``, ``title``, ``published``, ``lang``; ``--text-field`` and
friends on the command line) are read, one record batch at a time, so memory
follows the batch, not the file. A row is named ``FILE:N`` (N counts rows from
1, like JSON Lines lines) unless it has an id. A null or non-string text is a
:class:`ReadProblem` for that row; a file without the text column is one for
the file, naming the columns it has.

``write_back`` (``provlint fix``) writes a new file in the same format with
every column kept, the text column replaced by the fixed text, and two provlint
columns: ``provlint_fixed`` (the text changed) and ``provlint_removed_chars``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from ..config import InputOptions
from ..model import Document
from .base import ReadItem, ReadProblem, derive_source

EXTRA_MESSAGE = "Parquet and Arrow input needs the [parquet] extra: pip install 'provlint[parquet]' (pyarrow)"
#: Rows per record batch: small enough that a batch of long web pages stays a few MB.
BATCH_ROWS = 1024
PARQUET_MAGIC = b"PAR1"
ARROW_FILE_MAGIC = b"ARROW1"
ARROW_STREAM_MAGIC = b"\xff\xff\xff\xff"
FIXED_COLUMN = "provlint_fixed"
REMOVED_COLUMN = "provlint_removed_chars"


class MissingExtra(RuntimeError):
    """pyarrow is not installed; the message names the extra."""


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.ipc
        import pyarrow.parquet
    except ImportError as exc:
        raise MissingExtra(EXTRA_MESSAGE) from exc
    return pyarrow


class _Table:
    """A Parquet or Arrow IPC file opened for streaming: its schema and a batch iterator over chosen columns."""

    def __init__(self, path: Path) -> None:
        pa = _pyarrow()
        self.pa = pa
        with open(path, "rb") as handle:
            head = handle.read(8)
        self.kind = "parquet"
        if head.startswith(ARROW_FILE_MAGIC):
            self.kind = "arrow-file"
            self._ipc = pa.ipc.open_file(pa.memory_map(str(path), "r"))
            self.schema = self._ipc.schema
        elif head.startswith(ARROW_STREAM_MAGIC):
            self.kind = "arrow-stream"
            self.path = path
            self.schema = pa.ipc.open_stream(pa.OSFile(str(path), "rb")).schema
        else:
            self._pq = pa.parquet.ParquetFile(str(path))
            self.schema = self._pq.schema_arrow
        self.path = path

    def batches(self, columns: list[str] | None) -> Iterator[Any]:
        if self.kind == "parquet":
            yield from self._pq.iter_batches(batch_size=BATCH_ROWS, columns=columns)
        elif self.kind == "arrow-file":
            for i in range(self._ipc.num_record_batches):
                batch = self._ipc.get_batch(i)
                yield batch.select(columns) if columns is not None else batch
        else:
            for batch in self.pa.ipc.open_stream(self.pa.OSFile(str(self.path), "rb")):
                yield batch.select(columns) if columns is not None else batch


class ParquetReader:
    name = "parquet"
    suffixes = (".parquet", ".pq", ".arrow", ".feather", ".arrows")
    streams = False

    def sniff(self, head: bytes) -> bool:
        """Parquet files open with ``PAR1``, Arrow IPC files with ``ARROW1``."""
        return head.startswith((PARQUET_MAGIC, ARROW_FILE_MAGIC))

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
        source = derive_source(None, None, path)
        if path is None:
            yield ReadProblem(label, label, "Parquet and Arrow input cannot be read from standard input", source=source)
            return
        try:
            table = _Table(path)
        except MissingExtra as exc:
            yield ReadProblem(label, label, str(exc), source=source)
            return
        except Exception as exc:  # pyarrow raises ArrowInvalid, OSError and others for a broken file
            yield ReadProblem(label, label, f"cannot read file: {_reason(exc)}", source=source)
            return
        fields = options.fields
        names = set(table.schema.names)
        if fields["text"] not in names:
            have = ", ".join(table.schema.names[:20]) or "none"
            yield ReadProblem(label, label, f"no column {fields['text']!r} (columns: {have})", source=source)
            return
        wanted = [fields[k] for k in ("text", "id", "source", "url", "title", "published", "lang")]
        columns = list(dict.fromkeys(c for c in wanted if c in names))
        row = 0
        try:
            for batch in table.batches(columns):
                data = batch.to_pydict()
                for i in range(batch.num_rows):
                    row += 1
                    yield row_item({c: data[c][i] for c in columns}, fields, label, row, path)
        except Exception as exc:
            where = f"{label}:{row + 1}"
            yield ReadProblem(where, where, f"cannot read rows after row {row}: {_reason(exc)}", source=source)

    def write_back(
        self, path: Path, options: InputOptions, label: str, fix: Callable[[str, str], str], out: IO[bytes]
    ) -> None:
        """Write the file again with every column, fixed texts and the provlint columns (see the module doc)."""
        table = _Table(path)
        pa = table.pa
        fields = options.fields
        text_col = fields["text"]
        schema = table.schema
        for extra in (FIXED_COLUMN, REMOVED_COLUMN):
            if extra in schema.names:
                schema = schema.remove(schema.get_field_index(extra))
        out_schema = schema.append(pa.field(FIXED_COLUMN, pa.bool_())).append(pa.field(REMOVED_COLUMN, pa.int64()))
        writer = _writer(pa, table.kind, out, out_schema)
        row = 0
        try:
            for batch in table.batches(None):
                data = batch.to_pydict()
                texts = data[text_col]
                fixed_flags: list[bool] = []
                removed: list[int] = []
                for i in range(batch.num_rows):
                    row += 1
                    item = row_item({k: data[k][i] for k in data}, fields, label, row, path)
                    if isinstance(item, Document):
                        new = fix(item.path or item.id, item.text)
                        fixed_flags.append(new != item.text)
                        removed.append(max(0, len(item.text) - len(new)))
                        texts[i] = new
                    else:
                        fixed_flags.append(False)
                        removed.append(0)
                arrays = [
                    pa.array(texts, type=batch.schema.field(text_col).type) if name == text_col else batch.column(name)
                    for name in schema.names
                ]
                arrays += [pa.array(fixed_flags, pa.bool_()), pa.array(removed, pa.int64())]
                writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=out_schema))
        finally:
            writer.close()


def _writer(pa: Any, kind: str, out: IO[bytes], schema: Any) -> Any:
    if kind == "parquet":
        return pa.parquet.ParquetWriter(out, schema)
    if kind == "arrow-file":
        return pa.ipc.new_file(out, schema)
    return pa.ipc.new_stream(out, schema)


def row_item(record: dict[str, Any], fields: Any, label: str, row: int, path: Path | None) -> ReadItem:
    """One row (column name -> Python value) as a Document, or a ReadProblem naming the row."""
    where = f"{label}:{row}"
    text = record.get(fields["text"])
    explicit_source = record.get(fields["source"])
    url = _text(record.get(fields["url"]))
    if not isinstance(text, str):
        what = "null" if text is None else type(text).__name__
        return ReadProblem(
            where,
            where,
            f"row {row}: column {fields['text']!r} is {what}, not a string",
            line=row,
            source=derive_source(explicit_source, url, path),
        )
    raw_id = record.get(fields["id"])
    return Document(
        id=str(raw_id) if raw_id is not None and str(raw_id) else where,
        text=text,
        source=derive_source(explicit_source, url, path),
        url=url,
        title=_text(record.get(fields["title"])),
        published=_text(record.get(fields["published"])),
        lang=_text(record.get(fields["lang"])),
        path=where,
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
