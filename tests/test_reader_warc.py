"""The WARC/WET reader on a small crawl written in the test with FastWARC's own writer."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

warc = pytest.importorskip("fastwarc.warc", reason="the [warc] extra (fastwarc) is not installed")
pytest.importorskip("selectolax", reason="the [warc] extra (selectolax) is not installed")

from provlint import Config, lint_paths  # noqa: E402
from provlint.analyses.line_structure import METADATA_KEY, PageStructure  # noqa: E402
from provlint.model import Document  # noqa: E402
from provlint.readers.base import ReadProblem  # noqa: E402
from provlint.readers.warc import WarcReader  # noqa: E402

ARTICLE = (
    "<html lang='en'><head><meta charset='utf-8'><title>Budget</title></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li><li><a href='/s'>Sport</a></li></ul></nav>"
    "<p>According to experts, the budget is the largest ever [citation needed].</p>"
    "<p>The council voted seven to two on Tuesday evening.</p></body></html>"
)
ARTICLE_TEXT = (
    "Home\nNews\nSport\nAccording to experts, the budget is the largest ever [citation needed].\n"
    "The council voted seven to two on Tuesday evening."
)
WET_TEXT = "Sign up for our newsletter\nThe mayor said the plan would go ahead in spring."


def _record(kind: object, uri: str, payload: bytes, content_type: str, **headers: str) -> object:
    record = warc.WarcRecord()
    record.init_headers(record_type=kind)
    record.headers["WARC-Target-URI"] = uri
    record.headers["Content-Type"] = content_type
    for name, value in headers.items():
        record.headers[name.replace("_", "-")] = value
    record.set_bytes_content(payload)
    return record


def _http(status: str, content_type: str, body: bytes) -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


def build_crawl(path: Path) -> list[int]:
    """A crawl with every kind of record, one gzip member per record as crawlers write them; returns the
    records' offsets in the compressed file (where a WARC index points)."""
    kinds = warc.WarcRecordType
    http = "application/http; msgtype=response"
    records = [
        _record(kinds.warcinfo, "", b"software: test", "application/warc-fields"),
        _record(kinds.request, "https://www.example.com/budget", b"GET /budget HTTP/1.1\r\n\r\n", "application/http"),
        _record(kinds.response, "https://www.example.com/budget", _http("200 OK", "text/html", ARTICLE.encode()), http),
        _record(kinds.response, "https://example.com/logo.png", _http("200 OK", "image/png", b"\x89PNG\r\n"), http),
        _record(kinds.response, "https://example.com/old", _http("301 Moved", "text/html", b"<p>moved</p>"), http),
        _record(
            kinds.conversion,
            "https://news.example.org/mayor",
            WET_TEXT.encode(),
            "text/plain",
            WARC_Identified_Content_Language="eng,fra",
        ),
    ]
    offsets = []
    with open(path, "wb") as out:
        for record in records:
            offsets.append(out.tell())
            member = io.BytesIO()
            record.write(member)  # type: ignore[attr-defined]
            out.write(gzip.compress(member.getvalue()))
    return offsets


def test_records_become_documents_and_accounted_skips(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    offsets = build_crawl(path)
    items = list(WarcReader().read(path, Config().input, str(path)))
    assert [type(i).__name__ for i in items] == ["Document", "ReadProblem", "ReadProblem", "Document"]
    page, image, moved, wet = items
    assert isinstance(page, Document) and isinstance(wet, Document)
    assert (page.id, page.url, page.source, page.title, page.lang) == (
        "https://www.example.com/budget",
        "https://www.example.com/budget",
        "example.com",
        "Budget",
        "en",
    )
    assert page.text == ARTICLE_TEXT
    assert page.path == f"{path}@{offsets[2]}"
    assert isinstance(page.metadata[METADATA_KEY], PageStructure)
    assert page.metadata["warc_record_id"].startswith("<urn:uuid:")
    assert isinstance(image, ReadProblem) and isinstance(moved, ReadProblem)
    assert (image.status, image.code, image.reason, image.source) == (
        "skipped",
        "PL003",
        "response record with content type image/png is not HTML or text",
        "example.com",
    )
    assert (moved.status, moved.reason) == ("skipped", "HTTP 301 response, not a page")
    assert (wet.id, wet.source, wet.text, wet.lang) == (
        "https://news.example.org/mayor",
        "news.example.org",
        WET_TEXT,
        None,
    )
    assert wet.metadata["warc_identified_language"] == "eng,fra"


def test_check_counts_every_page_record_and_matches_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    build_crawl(path)
    result = lint_paths([str(path)], Config())
    assert (result.stats.read, result.stats.linted, result.stats.skipped, result.stats.failed) == (4, 2, 2, 0)
    jsonl = tmp_path / "same.jsonl"
    jsonl.write_text(
        json.dumps(
            {"id": "https://www.example.com/budget", "url": "https://www.example.com/budget", "text": ARTICLE_TEXT}
        )
        + "\n"
        + json.dumps(
            {"id": "https://news.example.org/mayor", "url": "https://news.example.org/mayor", "text": WET_TEXT}
        )
        + "\n"
    )
    expected = lint_paths([str(jsonl)], Config())

    def rows(findings: list) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
        # PL003: the skipped records; PL007 depends on the machine's load, not on the text.
        return [
            (f.document_id, f.code, f.line, f.column, f.message) for f in findings if f.code not in ("PL003", "PL007")
        ]

    assert rows(result.findings) == rows(expected.findings)
    assert ("https://www.example.com/budget", "PL101", 1, 1, 'navigation residue "Home"') in rows(result.findings)


def test_truncated_warc_is_accounted(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    good = tmp_path / "good.warc.gz"
    build_crawl(good)
    data = gzip.decompress(good.read_bytes())
    path.write_bytes(data[: len(data) - 40])
    items = list(WarcReader().read(path, Config().input, str(path)))
    assert sum(isinstance(i, Document) for i in items) >= 1
    assert all(isinstance(i, (Document, ReadProblem)) for i in items)


def test_sniff() -> None:
    assert WarcReader().sniff(b"WARC/1.1\r\nWARC-Type: warcinfo")
    assert WarcReader().sniff(gzip.compress(b"WARC/1.0\r\n"))
    assert not WarcReader().sniff(b"<html>")


def test_not_a_warc_and_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "notes.warc"
    bad.write_text("plain words\n")
    [problem] = WarcReader().read(bad, Config().input, str(bad))
    assert isinstance(problem, ReadProblem)
    assert problem.reason == "cannot read WARC records after offset 0: Invalid WARC header"
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    [nothing] = WarcReader().read(empty, Config().input, str(empty))
    assert nothing.reason == "no WARC record found (not a WARC file, or cut short before its first record)"
    # Standard input is a pipe FastWARC cannot seek in: it is spooled to a temporary file first.
    crawl = tmp_path / "crawl.warc.gz"
    build_crawl(crawl)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(crawl.read_bytes())))
    items = list(WarcReader().read(None, Config().input, "<stdin>"))
    assert [type(i).__name__ for i in items] == ["Document", "ReadProblem", "ReadProblem", "Document"]
