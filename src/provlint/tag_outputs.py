"""Where ``provlint tag`` writes its rows: one JSON Lines or Parquet file, or dolma attribute files.

Every file is an :class:`~provlint.atomic_write.AtomicFile`: written under a
temporary name beside its target and renamed into place only when complete, so
a crashed or interrupted run never leaves half an annotation file that a
pipeline would join as if whole. dolma attribute files are committed one by one
as each documents file's rows are complete.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import IO, Any

from .atomic_write import AtomicFile
from .tagging import RecordTags, dolma_attributes

#: Rows per Parquet record batch.
PARQUET_BATCH = 1024


class TagOutputError(Exception):
    """The output cannot be written as asked (no documents/ folder for dolma, pyarrow missing); the message says."""


def _atomic(target: Path) -> AtomicFile:
    target.parent.mkdir(parents=True, exist_ok=True)
    return AtomicFile(target)


class TagWriter:
    """Receives rows in input order; ``close(ok)`` publishes the output (ok) or removes it."""

    def write(self, tags: RecordTags, file_index: int) -> None:
        raise NotImplementedError

    def close(self, ok: bool) -> None:
        raise NotImplementedError


class JsonLinesTagWriter(TagWriter):
    """One JSON object per record (gzipped when the target ends in ``.gz``)."""

    def __init__(self, target: Path) -> None:
        self.file = _atomic(target)
        self.out: IO[bytes] = (
            gzip.GzipFile(fileobj=self.file.binary, mode="wb", mtime=0)  # type: ignore[assignment]
            if target.name.endswith(".gz")
            else self.file.binary
        )

    def write(self, tags: RecordTags, file_index: int) -> None:
        self.write_row(tags.to_dict())

    def write_row(self, row: dict[str, Any]) -> None:
        self.out.write(json.dumps(row, ensure_ascii=False).encode("utf-8", "backslashreplace") + b"\n")

    def close(self, ok: bool) -> None:
        if self.out is not self.file.binary:
            self.out.close()  # the gzip trailer; the file itself stays open for commit
        if ok:
            self.file.commit()
        else:
            self.file.discard()


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise TagOutputError("Parquet output needs the [parquet] extra: pip install 'provlint[parquet]'") from exc
    return pyarrow


def tag_schema(pa: Any) -> Any:
    """The Parquet schema of ``provlint tag`` rows (the same fields as the JSON Lines rows)."""
    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("code", pa.string()), ("severity", pa.string())])
    scores = pa.struct(
        [
            ("words", pa.int64()),
            ("chars", pa.int64()),
            ("findings", pa.int64()),
            ("errors", pa.int64()),
            ("warnings", pa.int64()),
            ("infos", pa.int64()),
            ("flagged_share", pa.float64()),
            ("findings_per_1k_words", pa.float64()),
        ]
    )
    return pa.schema(
        [
            ("id", pa.string()),
            ("source", pa.string()),
            ("path", pa.string()),
            ("status", pa.string()),
            ("spans", pa.list_(span)),
            ("scores", scores),
        ]
    )


class ParquetTagWriter(TagWriter):
    """Rows in record batches of :data:`PARQUET_BATCH` into one Parquet file."""

    def __init__(self, target: Path) -> None:
        self.pa = _pyarrow()
        self.schema = tag_schema(self.pa)
        self.file = _atomic(target)
        self.writer = self.pa.parquet.ParquetWriter(self.file.binary, self.schema)
        self.rows: list[dict[str, Any]] = []

    def write(self, tags: RecordTags, file_index: int) -> None:
        self.rows.append(tags.to_dict())
        if len(self.rows) >= PARQUET_BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_batch(self.pa.RecordBatch.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self, ok: bool) -> None:
        if ok:
            self._flush()
        self.writer.close()
        if ok:
            self.file.commit()
        else:
            self.file.discard()


def dolma_destination(file: Path, root: str, out_dir: Path | None, name: str) -> Path:
    """Where the attributes of documents file ``file`` (found under the argument ``root``) go.

    With ``out_dir``: the file's path below ``root`` re-rooted at ``out_dir``. Without: dolma's
    own convention, the last ``documents`` folder of the path replaced by ``attributes/NAME``.
    """
    if out_dir is not None:
        base = Path(root)
        relative = file.relative_to(base) if base.is_dir() else Path(file.name)
        return out_dir / relative
    parts = file.parts
    if "documents" not in parts[:-1]:
        raise TagOutputError(
            f"{file}: not below a 'documents' folder; give -o DIR for the attribute files (dolma layout)"
        )
    i = len(parts) - 1 - parts[::-1].index("documents")
    return Path(*parts[:i], "attributes", name, *parts[i + 1 :])


class DolmaTagWriter(TagWriter):
    """One attributes file per documents file, row for row: ``{"id": ..., "attributes": {...}}``."""

    def __init__(self, destinations: list[Path], name: str) -> None:
        self.destinations = destinations
        self.name = name
        self.current = -1
        self.writer: JsonLinesTagWriter | None = None

    def write(self, tags: RecordTags, file_index: int) -> None:
        while self.current < file_index:
            self._next_file()
        assert self.writer is not None
        self.writer.write_row({"id": tags.id, "attributes": dolma_attributes(tags, self.name)})

    def _next_file(self) -> None:
        if self.writer is not None:
            self.writer.close(True)
        self.current += 1
        self.writer = JsonLinesTagWriter(self.destinations[self.current])

    def close(self, ok: bool) -> None:
        if ok:
            while self.current < len(self.destinations) - 1:  # documents files with no record get an empty file
                self._next_file()
        if self.writer is not None:
            self.writer.close(ok)
            self.writer = None
