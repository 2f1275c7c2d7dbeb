"""JSON Lines (``.jsonl``, ``.ndjson``, optionally gzipped): one record per line.

Field names come from ``[tool.provlint.input.fields]``. A malformed line or a
record without a usable ``text`` becomes a :class:`ReadProblem` carrying its
line number, and reading goes on with the next line.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from ..config import InputOptions
from ..model import BINARY_INPUT_SKIPPED, DOCUMENT_TOO_LARGE, Document
from .base import ReadItem, ReadProblem, derive_source
from .decoding import decode_bytes

#: A longer line is not parsed (it would need several times its size in memory):
#: it is skipped with PL008 and reading goes on with the next line.
MAX_LINE_BYTES = 256 * 1024 * 1024


class JsonLinesReader:
    name = "jsonl"
    suffixes = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
        try:
            stream = _open(path)
        except OSError as exc:
            yield ReadProblem(label, label, f"cannot read file: {exc.strerror or exc}")
            return
        with stream:
            yield from read_records(stream, options, label, path)


def _open(path: Path | None) -> IO[bytes]:
    if path is None:
        return sys.stdin.buffer
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def read_records(stream: IO[bytes], options: InputOptions, label: str, path: Path | None) -> Iterator[ReadItem]:
    fields = options.fields
    try:
        for lineno, raw in enumerate(_bounded_lines(stream), start=1):
            where = f"{label}:{lineno}"
            if raw is None:
                yield ReadProblem(
                    where,
                    where,
                    f"line {lineno}: record is longer than {MAX_LINE_BYTES:,} bytes; skipped",
                    status="skipped",
                    code=DOCUMENT_TOO_LARGE.code,
                    line=lineno,
                )
                continue
            if not raw.strip():
                continue
            note = None
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                # The file-level decoding policy, per line: Windows-1252 or
                # replacement characters, reported as PL002 on the document.
                decoded = decode_bytes(raw)
                if decoded.binary or decoded.note is None:
                    yield ReadProblem(where, where, f"line {lineno} is not valid UTF-8 (byte {exc.start})", line=lineno)
                    continue
                line, note = decoded.text, f"line {lineno}: {decoded.note}"
            try:
                record = json.loads(line)
            except RecursionError:
                yield ReadProblem(where, where, f"line {lineno}: JSON nested too deeply", line=lineno)
                continue
            except json.JSONDecodeError as exc:
                yield ReadProblem(
                    where,
                    where,
                    f"line {lineno}: malformed JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}",
                    line=lineno,
                )
                continue
            item = record_to_item(record, fields, where, lineno, path)
            if note is not None and isinstance(item, Document):
                item = replace(item, metadata={**item.metadata, "decode_note": note})
            yield item
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield ReadProblem(label, label, f"cannot read file: {exc}")


def _bounded_lines(stream: IO[bytes]) -> Iterator[bytes | None]:
    """The stream's lines; None for a line over MAX_LINE_BYTES, whose rest is read and dropped in chunks."""
    limit = MAX_LINE_BYTES
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
        else:
            yield line


def record_to_item(record: Any, fields: Any, where: str, lineno: int, path: Path | None) -> ReadItem:
    if not isinstance(record, dict):
        return ReadProblem(
            where, where, f"line {lineno}: record is a JSON {type(record).__name__}, not an object", line=lineno
        )
    text_key = fields["text"]
    if text_key not in record:
        return ReadProblem(
            where,
            where,
            f"line {lineno}: record has no {text_key!r} field",
            line=lineno,
            source=_field(record, fields["source"]) or "unknown",
        )
    text = record[text_key]
    if not isinstance(text, str):
        return ReadProblem(
            where,
            where,
            f"line {lineno}: field {text_key!r} is a JSON {_json_type(text)}, not a string",
            line=lineno,
            source=_field(record, fields["source"]) or "unknown",
        )
    raw_id = record.get(fields["id"])
    doc_id = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id) else where
    url = _field(record, fields["url"])
    known = {fields[k] for k in fields}
    return Document(
        id=doc_id,
        text=text,
        source=derive_source(record.get(fields["source"]), url, None)
        if (record.get(fields["source"]) or url)
        else derive_source(None, None, path),
        url=url,
        title=_field(record, fields["title"]),
        published=_field(record, fields["published"]),
        lang=_field(record, fields["lang"]),
        path=where,
        metadata={k: v for k, v in record.items() if k not in known},
    )


def _field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _json_type(value: Any) -> str:
    return {type(None): "null", bool: "boolean", int: "number", float: "number", list: "array", dict: "object"}.get(
        type(value), type(value).__name__
    )


def sniff_jsonl(head: bytes) -> bool:
    """True when the first non-blank byte of standard input opens a JSON object."""
    stripped = head.lstrip()
    if stripped.startswith(b"\xef\xbb\xbf"):
        stripped = stripped[3:].lstrip()
    return stripped.startswith(b"{")


def stdin_items(options: InputOptions, fmt: str) -> Iterator[ReadItem]:
    """Standard input as text (one document) or JSON Lines, sniffed when ``fmt`` is auto."""
    buffer = sys.stdin.buffer
    head = buffer.peek(4096)[:4096] if hasattr(buffer, "peek") else b""
    if fmt == "auto":
        if not head and not hasattr(buffer, "peek"):
            data = buffer.read()
            fmt = "jsonl" if sniff_jsonl(data[:4096]) else "text"
            yield from _items_from_bytes(data, options, fmt)
            return
        fmt = "jsonl" if sniff_jsonl(head) else "text"
    if fmt == "jsonl":
        yield from read_records(buffer, options, "<stdin>", None)
    else:
        from .text import TextReader

        yield from TextReader().read(None, options, "<stdin>")


def _items_from_bytes(data: bytes, options: InputOptions, fmt: str) -> Iterator[ReadItem]:
    if fmt == "jsonl":
        yield from read_records(io.BytesIO(data), options, "<stdin>", None)
    else:
        from .base import derive_source as _ds  # noqa: F401
        from .decoding import decode_bytes

        decoded = decode_bytes(data, options.encoding)
        if decoded.binary:
            yield ReadProblem(
                "<stdin>",
                "<stdin>",
                f"binary input skipped ({decoded.binary})",
                status="skipped",
                code=BINARY_INPUT_SKIPPED.code,
            )
            return
        yield Document(
            id="<stdin>",
            text=decoded.text,
            source="unknown",
            path="<stdin>",
            metadata={"encoding": decoded.encoding, "decode_note": decoded.note} if decoded.note else {},
        )
