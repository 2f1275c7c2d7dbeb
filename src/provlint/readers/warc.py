"""WARC and WET files (``.warc``, ``.warc.gz``, ``.wet.gz``, zstd too): one document per page record.

Crawls arrive as WARC files of hundreds of MB; records are streamed one at a
time with FastWARC, so memory follows the largest record, never the file.

- ``response`` (and ``resource``) records carrying HTML go through the HTML
  reader's extraction (:mod:`.html_extract`), with the HTTP charset as the
  first encoding hint; ``text/plain`` bodies are read as text.
- ``conversion`` records (WET: text already extracted by the crawler) are text.
- The target URI is the document's id and url, its host the source; the
  record's offset in the file names it in locations (``crawl.warc.gz@1234``).
- A page record that is not HTML or text (an image, a PDF), that is not a 2xx
  HTTP response, or that is larger than the page limit is accounted as skipped
  with the reason. ``request``, ``metadata``, ``warcinfo`` and ``revisit``
  records describe a fetch rather than hold a page: they are not documents.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..config import InputOptions
from ..model import BINARY_INPUT_SKIPPED, DOCUMENT_TOO_LARGE, Document
from .base import ReadItem, ReadProblem, derive_source
from .decoding import decode_bytes
from .html import MAX_PAGE_BYTES, page_item
from .html_extract import MissingExtra as MissingHtml
from .html_extract import parser_class

EXTRA_MESSAGE = "WARC and WET input needs the [warc] extra: pip install 'provlint[warc]' (fastwarc, selectolax)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)


class MissingExtra(RuntimeError):
    """FastWARC is not installed; the message names the extra."""


def _fastwarc() -> Any:
    try:
        import fastwarc.warc
    except ImportError as exc:
        raise MissingExtra(EXTRA_MESSAGE) from exc
    return fastwarc.warc


class WarcReader:
    name = "warc"
    suffixes = (".warc", ".warc.gz", ".wet", ".wet.gz", ".warc.zst", ".wet.zst")
    streams = True

    def sniff(self, head: bytes) -> bool:
        """Uncompressed WARC opens with ``WARC/1.``; a gzipped one is recognised from its first member."""
        if head.startswith(b"\x1f\x8b"):
            import zlib

            try:
                head = zlib.decompressobj(31).decompress(head, 16)
            except zlib.error:
                return False
        return head.startswith(b"WARC/")

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
        try:
            warc = _fastwarc()
            parser_class()
        except (MissingExtra, MissingHtml) as exc:
            yield ReadProblem(label, label, str(exc), source=derive_source(None, None, path))
            return
        if path is None:
            # FastWARC seeks in its input: standard input (a pipe) is spooled to a temporary file first.
            with tempfile.TemporaryFile() as spool:
                shutil.copyfileobj(sys.stdin.buffer, spool, 1 << 20)
                spool.seek(0)
                yield from read_records(warc, spool, label, path, options)
            return
        try:
            stream = open(path, "rb")
        except OSError as exc:
            yield ReadProblem(label, label, f"cannot read file: {exc.strerror or exc}")
            return
        with stream:
            yield from read_records(warc, stream, label, path, options)


def read_records(warc: Any, stream: Any, label: str, path: Path | None, options: InputOptions) -> Iterator[ReadItem]:
    """Every page record of an open WARC stream as a Document or an accounted ReadProblem."""
    kinds = warc.WarcRecordType
    wanted = (kinds.response, kinds.resource, kinds.conversion)
    position = 0
    records = 0
    failure: BaseException | None = None
    try:
        for record in warc.ArchiveIterator(stream, record_types=kinds.any_type, parse_http=True, fsspec_args=False):
            records += 1
            position = record.stream_pos
            if record.record_type in wanted:
                yield _record_item(record, kinds, label, path, options)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # OSError for broken input; FastWARC's Rust panics derive from BaseException
        failure = exc
    if failure is not None:
        where = f"{label}@{position}"
        yield ReadProblem(where, where, f"cannot read WARC records after offset {position}: {failure}")
    elif records == 0:
        yield ReadProblem(label, label, "no WARC record found (not a WARC file, or cut short before its first record)")


def _record_item(record: Any, kinds: Any, label: str, path: Path | None, options: InputOptions) -> ReadItem:
    uri = (record.headers.get("WARC-Target-URI") or "").strip("<> ") or None
    where = f"{label}@{record.stream_pos}"
    doc_id = uri or where
    source = derive_source(None, uri, path)
    extra = {"warc_record_id": record.record_id, "warc_date": record.headers.get("WARC-Date")}

    def skipped(reason: str, code: str = BINARY_INPUT_SKIPPED.code) -> ReadProblem:
        return ReadProblem(doc_id, where, reason, status="skipped", code=code, source=source)

    if record.content_length > MAX_PAGE_BYTES:
        record.consume()
        return skipped(f"record is larger than {MAX_PAGE_BYTES:,} bytes; skipped", code=DOCUMENT_TOO_LARGE.code)
    if record.record_type == kinds.conversion:
        decoded = decode_bytes(record.reader.read(), options.encoding)
        if decoded.binary:
            return skipped(f"conversion record is not text ({decoded.binary})")
        # Common Crawl's language guess (ISO 639-3, "eng,fra") is a detector's output, not the page's own
        # declaration, so it is kept as metadata and never becomes ``lang`` (which the language rules trust).
        identified = record.headers.get("WARC-Identified-Content-Language")
        if identified:
            extra["warc_identified_language"] = identified
        if decoded.note:
            extra.update(encoding=decoded.encoding, decode_note=decoded.note)
        return Document(
            id=doc_id,
            text=decoded.text,
            source=source,
            url=uri,
            path=where,
            metadata=extra,
        )
    kind = "resource" if record.record_type == kinds.resource else "response"
    if record.is_http:
        status = record.http_headers.status_code if record.http_headers is not None else None
        if status is None or not 200 <= status < 300:
            record.consume()
            return skipped(f"HTTP {status or 'unknown'} {kind}, not a page", code=BINARY_INPUT_SKIPPED.code)
        content_type = (record.http_content_type or "").lower()
        charset = record.http_charset
    else:
        content_type = (record.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        charset = None
    if content_type in _HTML_TYPES or (not content_type and record.record_type == kinds.resource):
        return page_item(record.reader.read(), doc_id, where, path, uri, charset, extra)
    if content_type in _TEXT_TYPES:
        decoded = decode_bytes(record.reader.read(), charset or options.encoding)
        if decoded.binary:
            return skipped(f"{kind} record is not text ({decoded.binary})")
        return Document(id=doc_id, text=decoded.text, source=source, url=uri, path=where, metadata=extra)
    record.consume()
    return skipped(f"{kind} record with content type {content_type or 'none'} is not HTML or text")
