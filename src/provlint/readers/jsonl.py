"""JSON Lines (``.jsonl``, ``.ndjson``, optionally gzipped): one record per line.

Field names come from ``[tool.provlint.input.fields]``. A malformed line or a
record without a usable ``text`` becomes a :class:`ReadProblem` carrying its
line number, and reading goes on with the next line.

One parser serves reading and ``provlint fix``'s write-back (:func:`parse_line`),
so fix sees exactly the records check linted. Writing back replaces only the
text field's value in the raw line: every other byte of the record (numbers,
key order, duplicate keys, spacing, escapes) stays as it was.
"""

from __future__ import annotations

import codecs
import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import IO, Any

from ..config import InputOptions
from ..model import DOCUMENT_TOO_LARGE, Document
from .base import FixText, ReadItem, ReadProblem, WriteBackError, derive_source
from .decoding import decode_bytes
from .files import READ_ERRORS, describe_error, open_binary

#: A longer line is not parsed (it would need several times its size in memory):
#: it is skipped with PL008 and reading goes on with the next line.
MAX_LINE_BYTES = 256 * 1024 * 1024
#: Python refuses to convert longer integers (``sys.get_int_max_str_digits``).
MAX_INT_DIGITS = 4300


class _NumberTooLong(ValueError):
    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise _NumberTooLong(digits)
    return int(text)


#: Used only when the fast ``json.loads`` refused an integer: it says how many digits it has.
_DECODER = json.JSONDecoder(parse_int=_parse_int)
#: Scans a value without converting numbers: only its end matters.
_SKIPPER = json.JSONDecoder(parse_int=str, parse_float=str, parse_constant=str)
_WS = re.compile(r"[ \t\n\r]*")


class JsonLinesReader:
    name = "jsonl"
    suffixes = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
    streams = True

    def sniff(self, head: bytes) -> bool:
        return sniff_jsonl(head)

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
        try:
            stream = open_binary(path)
        except READ_ERRORS as exc:
            yield ReadProblem(label, label, f"cannot read file: {describe_error(exc)}")
            return
        try:
            yield from read_records(stream, options, label, path)
        finally:
            if path is not None:
                stream.close()

    def write_back(self, path: Path, options: InputOptions, label: str, fix: FixText, out: IO[bytes]) -> None:
        """Each line as it was, a record's text value replaced by the fixed text where a fix changed it."""
        try:
            stream = open_binary(path)
        except READ_ERRORS as exc:
            raise WriteBackError(f"cannot read file: {describe_error(exc)}") from None
        sink: IO[bytes] = out
        if isinstance(stream, gzip.GzipFile):  # gzipped input: gzipped output
            sink = gzip.GzipFile(fileobj=out, mode="wb", mtime=0)
        try:
            for lineno, raw in enumerate(_bounded_lines(stream, sink), start=1):
                if raw is None:
                    continue  # over the limit: already copied through by _bounded_lines
                sink.write(_fixed_line(raw, lineno, label, options, path, fix))
        except READ_ERRORS as exc:
            raise WriteBackError(f"cannot read file: {describe_error(exc)}; not written") from None
        finally:
            if sink is not out:
                sink.close()
            stream.close()


@dataclass(frozen=True)
class ParsedLine:
    """One line as the reader sees it: the item (None for a blank line) and how its text was decoded."""

    item: ReadItem | None
    text: str = ""
    encoding: str = "utf-8"
    prefix: bytes = b""  # a byte-order mark before the first record


def parse_line(raw: bytes, lineno: int, label: str, options: InputOptions, path: Path | None) -> ParsedLine:
    """The one JSON Lines parser: what line ``lineno`` (bytes ``raw``) of ``label`` holds."""
    where = f"{label}:{lineno}"
    prefix = b""
    if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
        prefix, raw = codecs.BOM_UTF8, raw[3:]
    if not raw.strip():
        return ParsedLine(None)
    note = None
    encoding = "utf-8"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # The file-level decoding policy, per line: Windows-1252 or
        # replacement characters, reported as PL002 on the document.
        decoded = decode_bytes(raw)
        if decoded.binary or decoded.note is None:
            return ParsedLine(
                ReadProblem(where, where, f"line {lineno} is not valid UTF-8 (byte {exc.start})", line=lineno)
            )
        line, note, encoding = decoded.text, f"line {lineno}: {decoded.note}", decoded.encoding
    try:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise
        except ValueError:  # an integer over Python's conversion limit: parse again to say how long
            record = _DECODER.decode(line)
    except RecursionError:
        return ParsedLine(ReadProblem(where, where, f"line {lineno}: JSON nested too deeply", line=lineno))
    except _NumberTooLong as exc:
        return ParsedLine(
            ReadProblem(
                where,
                where,
                f"line {lineno}: JSON integer has {exc.digits:,} digits, more than the {MAX_INT_DIGITS:,} "
                "Python converts",
                line=lineno,
            )
        )
    except json.JSONDecodeError as exc:
        return ParsedLine(
            ReadProblem(
                where,
                where,
                f"line {lineno}: malformed JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}",
                line=lineno,
            )
        )
    item = record_to_item(record, options.fields, where, lineno, path)
    if note is not None and isinstance(item, Document):
        item = replace(item, metadata={**item.metadata, "decode_note": note})
    return ParsedLine(item, line, encoding, prefix)


def read_records(stream: IO[bytes], options: InputOptions, label: str, path: Path | None) -> Iterator[ReadItem]:
    # A line that does not parse into a record belongs to the source its file's records default to (the folder),
    # never to one "unknown" pool shared by unrelated files.
    file_source = derive_source(None, None, path)
    try:
        for lineno, raw in enumerate(_bounded_lines(stream), start=1):
            if raw is None:
                where = f"{label}:{lineno}"
                yield ReadProblem(
                    where,
                    where,
                    f"line {lineno}: record is longer than {MAX_LINE_BYTES:,} bytes; skipped",
                    status="skipped",
                    code=DOCUMENT_TOO_LARGE.code,
                    line=lineno,
                    source=file_source,
                )
                continue
            item = parse_line(raw, lineno, label, options, path).item
            if isinstance(item, ReadProblem) and item.source == "unknown":
                item = replace(item, source=file_source)
            if item is not None:
                yield item
    except READ_ERRORS as exc:
        yield ReadProblem(label, label, f"cannot read file: {describe_error(exc)}", source=file_source)


def _fixed_line(raw: bytes, lineno: int, label: str, options: InputOptions, path: Path | None, fix: FixText) -> bytes:
    parsed = parse_line(raw, lineno, label, options, path)
    doc = parsed.item
    if not isinstance(doc, Document):
        return raw
    fixed = fix(doc.path or doc.id, doc.text)
    if fixed == doc.text:
        return raw
    line = parsed.text
    span = value_span(line, options.fields["text"])
    if span is None:  # pragma: no cover - parse_line accepted the record, so the scan finds its text
        raise WriteBackError(f"line {lineno}: cannot locate the text field")
    start, end = span
    try:
        lossless = parsed.prefix + line.encode(parsed.encoding) == raw
    except UnicodeError:
        lossless = False
    if not lossless:
        raise WriteBackError(
            f"line {lineno}: not written: it was decoded with replacement characters, "
            "so writing it back would change text no fix covers"
        )
    # Keep the value's style: raw characters when it had some, else \\u escapes; escapes
    # too for characters the line's encoding (Windows-1252) cannot hold.
    literal = json_string(fixed, ascii_only=line[start:end].isascii())
    try:
        return parsed.prefix + (line[:start] + literal + line[end:]).encode(parsed.encoding)
    except UnicodeEncodeError:
        literal = json_string(fixed, ascii_only=True)
        return parsed.prefix + (line[:start] + literal + line[end:]).encode(parsed.encoding)


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_string(text: str, ascii_only: bool) -> str:
    """``text`` as a JSON string literal; lone surrogates always as ``\\uXXXX`` escapes (no encoding can write them)."""
    literal = json.dumps(text, ensure_ascii=ascii_only)
    return literal if ascii_only else _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", literal)


def value_span(line: str, key: str) -> tuple[int, int] | None:
    """Where the value of ``key`` lies in the JSON object ``line`` (the last one when the key repeats, as parsing does)."""
    i = _WS.match(line, 0).end()  # type: ignore[union-attr]
    if line[i : i + 1] != "{":
        return None
    i = _WS.match(line, i + 1).end()  # type: ignore[union-attr]
    if line[i : i + 1] == "}":
        return None
    span = None
    while True:
        if line[i : i + 1] != '"':
            return None
        name, i = scanstring(line, i + 1)
        i = _WS.match(line, i).end()  # type: ignore[union-attr]
        if line[i : i + 1] != ":":
            return None
        i = _WS.match(line, i + 1).end()  # type: ignore[union-attr]
        try:
            _, end = _SKIPPER.scan_once(line, i)  # type: ignore[attr-defined]
        except StopIteration:
            return None
        if name == key:
            span = (i, end)
        i = _WS.match(line, end).end()  # type: ignore[union-attr]
        if line[i : i + 1] == ",":
            i = _WS.match(line, i + 1).end()  # type: ignore[union-attr]
            continue
        return span if line[i : i + 1] == "}" else None


def _bounded_lines(stream: IO[bytes], overflow: IO[bytes] | None = None) -> Iterator[bytes | None]:
    """The stream's lines; None for a line over MAX_LINE_BYTES, whose rest is read in chunks and dropped
    (or, with ``overflow``, copied there as it is read, so a write-back keeps it)."""
    limit = MAX_LINE_BYTES
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            if overflow is not None:
                overflow.write(line)
            while True:
                rest = stream.readline(1 << 20)
                if overflow is not None:
                    overflow.write(rest)
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
    raw_id = record.get(fields["id"])
    doc_id = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id) else where
    url = _field(record, fields["url"])
    # a record that cannot be linted belongs to the same source as if it could: its source's scorecard accounts for it
    source = (
        derive_source(record.get(fields["source"]), url, None)
        if (record.get(fields["source"]) or url)
        else derive_source(None, None, path)
    )
    if text_key not in record:
        reason = f"line {lineno}: record has no {text_key!r} field"
        return ReadProblem(doc_id, where, reason, line=lineno, source=source, url=url)
    text = record[text_key]
    if not isinstance(text, str):
        reason = f"line {lineno}: field {text_key!r} is a JSON {_json_type(text)}, not a string"
        return ReadProblem(doc_id, where, reason, line=lineno, source=source, url=url)
    known = {fields[k] for k in fields}
    return Document(
        id=doc_id,
        text=text,
        source=source,
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
    """True when the first non-blank byte (after a UTF-8 BOM) opens a JSON object."""
    stripped = head.lstrip()
    if stripped.startswith(b"\xef\xbb\xbf"):
        stripped = stripped[3:].lstrip()
    return stripped.startswith(b"{")
