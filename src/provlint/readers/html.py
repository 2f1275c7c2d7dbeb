"""HTML pages (``.html``, ``.htm``, gzipped or not): one document per page.

The page becomes one-line-per-block text (:mod:`.html_extract`); its metadata
fills the Document's fields (title, published date, language, the canonical URL
as ``url``) and the source is the page URL's host, else the folder's name. Each
line's structure (landmark, link density, class/id hints) rides along in
``metadata["line_structure"]`` for rules that ask :func:`provlint.analyses.line_structure.line_structure`.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..analyses.line_structure import METADATA_KEY
from ..config import InputOptions
from ..model import BINARY_INPUT_SKIPPED, DOCUMENT_TOO_LARGE, Document
from .base import ReadItem, ReadProblem, derive_source
from .html_extract import ExtractedPage, MissingExtra, extract_bytes, parser_class

#: Pages larger than this (after decompression) are skipped with PL008: no article page is that large.
MAX_PAGE_BYTES = 64 * 1024 * 1024
_HTML_HEAD = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title", b"<!--")


class HtmlReader:
    name = "html"
    suffixes = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
    streams = True

    def sniff(self, head: bytes) -> bool:
        """True when the first bytes open an HTML document (after a BOM and whitespace)."""
        start = head.lstrip(b"\xef\xbb\xbf").lstrip()[:64].lower()
        return start.startswith(_HTML_HEAD)

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
        source = derive_source(None, None, path)
        try:
            parser_class()
        except MissingExtra as exc:
            yield ReadProblem(label, label, str(exc), source=source)
            return
        try:
            data = _read_bounded(path)
        except OSError as exc:
            yield ReadProblem(label, label, f"cannot read file: {getattr(exc, 'strerror', None) or exc}", source=source)
            return
        except (EOFError, zlib.error) as exc:
            yield ReadProblem(label, label, f"cannot read file: corrupt gzip data ({exc})", source=source)
            return
        if data is None:
            yield ReadProblem(
                label,
                label,
                f"page is larger than {MAX_PAGE_BYTES:,} bytes; skipped",
                status="skipped",
                code=DOCUMENT_TOO_LARGE.code,
                source=source,
            )
            return
        yield page_item(data, label, label, path, page_url=None)


def page_item(
    data: bytes,
    doc_id: str,
    label: str,
    path: Path | None,
    page_url: str | None,
    transport_charset: str | None = None,
    extra: dict[str, Any] | None = None,
) -> ReadItem:
    """One page's bytes as a Document (or a ReadProblem for a binary body). Shared by the HTML and WARC readers:
    ``page_url`` is where the page was fetched from (a WARC target URI), which names the source before the
    canonical URL does."""
    page = extract_bytes(data, page_url, transport_charset)
    if page.binary:
        return ReadProblem(
            doc_id,
            label,
            f"binary file skipped ({page.binary})",
            status="skipped",
            code=BINARY_INPUT_SKIPPED.code,
            source=derive_source(None, page_url, path),
        )
    return page_document(page, doc_id, label, path, page_url, extra)


def page_document(
    page: ExtractedPage,
    doc_id: str,
    label: str,
    path: Path | None,
    page_url: str | None,
    extra: dict[str, Any] | None = None,
) -> Document:
    url = page_url or page.canonical_url
    metadata: dict[str, Any] = dict(extra or {})
    metadata[METADATA_KEY] = page.structure
    if page.site_name:
        metadata["site_name"] = page.site_name
    if page.canonical_url and page.canonical_url != url:
        metadata["canonical_url"] = page.canonical_url
    if page.decode_note:
        metadata["encoding"] = page.encoding
        metadata["decode_note"] = page.decode_note
    return Document(
        id=doc_id,
        text=page.text,
        source=derive_source(None, url, path),
        url=url,
        title=page.title,
        published=page.published,
        lang=page.lang,
        path=label,
        metadata=metadata,
    )


def _read_bounded(path: Path | None) -> bytes | None:
    """The file's bytes (gunzipped when they are gzip), or None when over MAX_PAGE_BYTES."""
    if path is None:
        data = sys.stdin.buffer.read(MAX_PAGE_BYTES + 1)
    else:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        return None
    if data.startswith(b"\x1f\x8b"):
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
            data = unzipped.read(MAX_PAGE_BYTES + 1)
    return None if len(data) > MAX_PAGE_BYTES else data
