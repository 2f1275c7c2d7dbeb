"""The HTML reader: one-line-per-block text, page metadata, per-line structure, and the same findings as JSON Lines."""

from __future__ import annotations

import gzip
import html
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("selectolax", reason="the [html] extra (selectolax) is not installed")

from provlint import Config, lint_paths
from provlint.analyses.line_structure import LineStructure, PageStructure, Region, line_structure
from provlint.model import Document
from provlint.prepare import PreparedDocument
from provlint.readers.html import HtmlReader
from provlint.readers.html_extract import extract, extract_bytes

EVAL = Path(__file__).parent / "fixtures" / "eval"

PAGE = """<!doctype html>
<html lang="en-GB"><head>
<title>Budget vote | The Example Times</title>
<meta property="og:title" content="Council approves budget">
<meta property="og:site_name" content="The Example Times">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="/news/budget">
<style>p { color: red }</style>
</head><body>
<header class="site-header"><a href="/">The Example Times</a></header>
<nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<main><article>
<h1>Council   approves
budget</h1>
<p>The council voted <b>7 to 2</b> on Tuesday.<br>A second line.</p>
<script>var tracking = "not text";</script><template><p>hidden</p></template><noscript>Enable JavaScript</noscript>
<table><tr><td>Yes</td><td>7</td></tr><tr><th>No</th><th>2</th></tr></table>
<div class="share-bar">Share: <a href="/fb">Facebook</a></div>
</article></main>
<aside role="complementary"><p>Related: <a href="/x">Other story</a></p></aside>
<footer><p>&copy; 2024 Example</p></footer>
</body></html>"""


def test_page_text_is_one_line_per_block() -> None:
    page = extract(PAGE, "https://www.example.com/news/budget?ref=home")
    assert page.text.split("\n") == [
        "The Example Times",
        "Home",
        "News",
        "Council approves budget",
        "The council voted 7 to 2 on Tuesday.",
        "A second line.",
        "Yes 7",
        "No 2",
        "Share: Facebook",
        "Related: Other story",
        "© 2024 Example",
    ]


def test_page_metadata() -> None:
    page = extract(PAGE, "https://www.example.com/news/budget?ref=home")
    assert page.title == "Council approves budget"
    assert page.canonical_url == "https://www.example.com/news/budget"
    assert page.site_name == "The Example Times"
    assert page.published == "2024-03-05T10:00:00Z"
    assert page.lang == "en-GB"


def test_page_structure_per_line() -> None:
    lines = list(extract(PAGE).structure)
    assert lines[0] == LineStructure("header", Region.HEADER, 17, 17, ("header",))
    assert lines[1] == LineStructure("li", Region.NAV, 4, 4, ("nav",))
    assert lines[3] == LineStructure("h1", Region.MAIN, 0, 23, ())
    assert lines[6] == LineStructure("tr", Region.MAIN, 0, 5, ())
    assert lines[8] == LineStructure("div", Region.MAIN, 8, 15, ("share",))
    assert lines[9].regions == Region.ASIDE and lines[9].link_chars == len("Other story")
    assert lines[10].regions == Region.FOOTER and lines[10].in_boilerplate_region
    assert not lines[3].in_boilerplate_region
    assert lines[8].link_density == pytest.approx(8 / 15)
    assert Region(Region.NAV | Region.MAIN).names == ("nav", "main")


def test_title_falls_back_to_title_element_and_json_ld() -> None:
    assert extract("<title> A  page </title><p>x</p>").title == "A page"
    ld = '<script type="application/ld+json">{"@graph": [{"headline": "H", "datePublished": "2020-01-02"}]}</script>'
    page = extract(f"<html><head>{ld}</head><body><p>x</p></body></html>")
    assert (page.title, page.published) == ("H", "2020-01-02")
    # Malformed JSON-LD is passed over, never an error.
    assert extract('<script type="application/ld+json">{"a": </script><p>x</p>').published is None


def test_charset_from_meta_and_fallback() -> None:
    latin = '<meta charset="iso-8859-1"><p>caf\xe9</p>'.encode("latin-1")
    page = extract_bytes(latin)
    assert (page.text, page.encoding, page.decode_note) == ("café", "cp1252", None)
    undeclared = extract_bytes(b"<p>caf\xe9</p>")
    assert undeclared.text == "café"
    assert undeclared.decode_note == "not valid utf-8 (byte 6); decoded as Windows-1252"
    assert extract_bytes(b"\x89PNG\r\n\x1a\n....").binary == "PNG image"


def test_deeply_nested_page_does_not_recurse() -> None:
    depth = 3_000  # lexbor's own tree building grows faster than linearly with depth (20,000: ~5 s)
    page = extract("<div>" * depth + "deep" + "</div>" * depth)
    assert page.text == "deep"


def _read(path: Path) -> list[Any]:
    return list(HtmlReader().read(path, Config().input, str(path)))


def test_reader_document_fields(tmp_path: Path) -> None:
    path = tmp_path / "site" / "budget.html.gz"
    path.parent.mkdir()
    path.write_bytes(gzip.compress(PAGE.encode()))
    [doc] = _read(path)
    assert isinstance(doc, Document)
    assert (doc.id, doc.path, doc.source) == (str(path), str(path), "site")  # canonical is relative: no host
    assert (doc.title, doc.published, doc.lang) == ("Council approves budget", "2024-03-05T10:00:00Z", "en-GB")
    assert doc.metadata["site_name"] == "The Example Times"
    structure = line_structure(PreparedDocument(doc))
    assert isinstance(structure, PageStructure) and len(structure) == 11


def test_reader_source_is_the_page_url_host(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text('<link rel="canonical" href="https://www.example.org/a"><p>Hello there.</p>', encoding="utf-8")
    [doc] = _read(path)
    assert (doc.url, doc.source, doc.text) == ("https://www.example.org/a", "example.org", "Hello there.")


def test_reader_accounts_for_bad_files(tmp_path: Path) -> None:
    corrupt = tmp_path / "bad.html.gz"
    corrupt.write_bytes(b"\x1f\x8b\x08\x00garbage-garbage")
    [problem] = _read(corrupt)
    assert problem.status == "failed" and problem.code == "PL001"
    assert problem.reason.startswith("cannot read file:")
    image = tmp_path / "logo.html"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    [skipped] = _read(image)
    assert (skipped.status, skipped.code, skipped.reason) == ("skipped", "PL003", "binary file skipped (PNG image)")


def test_sniff() -> None:
    reader = HtmlReader()
    assert reader.sniff(b"\xef\xbb\xbf  <!DOCTYPE html><html>")
    assert reader.sniff(b"<html lang=en>")
    assert not reader.sniff(b'{"text": "<html>"}')


# -- same findings as JSON Lines on real pages ------------------------------------------------


def _rebuild(text: str, labels: list[Any], url: str) -> str:
    """A labelled page as HTML: boilerplate runs as navigation lists of links, other lines as paragraphs."""
    out = [f'<!doctype html><html><head><meta charset="utf-8"><link rel="canonical" href="{html.escape(url)}">']
    out.append("</head><body>")
    in_nav = False
    for line, label in zip(text.split("\n"), labels):
        if label == "boilerplate" and not in_nav:
            out.append("<nav><ul>")
        elif label != "boilerplate" and in_nav:
            out.append("</ul></nav>")
        in_nav = label == "boilerplate"
        escaped = html.escape(line)
        out.append(f'<li><a href="#">{escaped}</a></li>' if in_nav else f"<p>{escaped}</p>")
    out.append("</ul></nav></body></html>" if in_nav else "</body></html>")
    return "\n".join(out)


def _pages(limit_per_dataset: int) -> list[dict[str, Any]]:
    pages = []
    for name in ("scrapinghub-aeb", "cleanportaleval", "trafilatura-eval"):
        with gzip.open(EVAL / f"{name}.jsonl.gz", "rt", encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle]
        records = [r for r in records if r.get("url") and "\x00" not in r["text"]][:limit_per_dataset]
        pages.extend(records)
    return pages


def _rows(result: Any) -> list[tuple[Any, ...]]:
    return sorted((f.source, f.code, f.line, f.column, f.end_line, f.end_column, f.message) for f in result.findings)


@pytest.mark.slow
def test_real_pages_as_html_give_the_json_lines_findings(tmp_path: Path) -> None:
    pages = _pages(4)
    records = []
    for i, rec in enumerate(pages):
        text = "\n".join(line for line in rec["text"].split("\n") if line.strip())
        labels = [lab for line, lab in zip(rec["text"].split("\n"), rec["labels"]["lines"]) if line.strip()]
        (tmp_path / f"{i:03d}.html").write_text(_rebuild(text, labels, rec["url"]), encoding="utf-8")
        records.append({"id": f"{i:03d}", "url": rec["url"], "text": text})
        assert extract((tmp_path / f"{i:03d}.html").read_text(encoding="utf-8")).text == text
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    from_html = lint_paths(sorted(str(p) for p in tmp_path.glob("*.html")), Config())
    from_jsonl = lint_paths([str(jsonl)], Config())
    assert len(from_jsonl.findings) > 50  # real pages carry real boilerplate findings
    assert _rows(from_html) == _rows(from_jsonl)


def test_check_command_on_a_page(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from provlint.cli.main import _load_commands, cli

    _load_commands()
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--select", "PL101", "--no-scorecard", str(path)])
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[:2] == [
        f'{path}:2:1: warning PL101 [navigation-residue] navigation residue "Home"',
        f'{path}:11:1: warning PL101 [navigation-residue] navigation residue "© 2024 Example"',
    ]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_extract_without_error(data: bytes) -> None:
    page = extract_bytes(data)
    assert page.binary is not None or len(page.structure) == len(page.text.split("\n")) - (page.text == "")


_MARKUP = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<div class='nav'>",
            "</div>",
            "<a href=x>",
            "</a>",
            "<br>",
            "<nav>",
            "</nav>",
            "<pre>",
            "</pre>",
            "<table><tr><td>",
            "</td><td>",
            "<script>",
            "</script>",
            " ",
            "\n",
            "\xa0",
        ]
    )
    | st.text(max_size=12),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MARKUP)
def test_lines_are_collapsed_and_structure_lines_up(markup: str) -> None:
    page = extract(markup)
    lines = page.text.split("\n") if page.text else []
    assert len(page.structure) == len(lines)
    for line, info in zip(lines, page.structure):
        assert line and line == line.strip(" ") and "  " not in line and info.chars == len(line)
        assert 0 <= info.link_chars <= info.chars
