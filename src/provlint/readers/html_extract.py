"""HTML page -> the one-line-per-block text the rules expect, the page's metadata and per-line structure.

The rules were written for scraped text in which every HTML text block is one
line (the layout of the labelled page datasets), so the page is rendered that
way: a block element (``<p>``, ``<li>``, ``<h2>``, ``<div>``, ``<tr>``, ...) or
``<br>`` ends a line, inline elements (``<a>``, ``<span>``, ``<b>``) run on, table
cells of one row are joined by a space, HTML whitespace collapses to one space,
and empty lines are not written. ``<script>``, ``<style>``, ``<template>``,
``<noscript>`` and the ``<head>`` give no text. Parsing is lexbor's (through
selectolax), a full HTML5 parser: broken markup is repaired the way a browser
repairs it.

The walk over the tree is iterative, so a hostile page nested a million
elements deep costs memory in proportion, never a RecursionError.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypedDict
from urllib.parse import urljoin

from ..analyses.line_structure import PageStructure, Region
from .base import looks_binary
from .decoding import decode_bytes

EXTRA_MESSAGE = "HTML input needs the [html] extra: pip install 'provlint[html]' (selectolax)"

#: Elements that end a line where they start and where they end.
BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption
    figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li listing main menu nav ol optgroup
    option p plaintext pre section summary table tbody tfoot thead tr ul xmp""".split()
)
#: Elements whose content is never text a reader sees.
SKIP_TAGS = frozenset("head script style template noscript svg math iframe object canvas select".split())
#: Table cells: a space between the cells of a row, which itself is one line.
CELL_TAGS = frozenset(("td", "th"))
_TAG_REGION = {
    "nav": Region.NAV,
    "header": Region.HEADER,
    "footer": Region.FOOTER,
    "aside": Region.ASIDE,
    "main": Region.MAIN,
    "article": Region.MAIN,
    "form": Region.FORM,
}
_ROLE_REGION = {
    "navigation": Region.NAV,
    "menubar": Region.NAV,
    "banner": Region.HEADER,
    "contentinfo": Region.FOOTER,
    "complementary": Region.ASIDE,
    "main": Region.MAIN,
    "article": Region.MAIN,
    "search": Region.FORM,
    "form": Region.FORM,
}
#: Words in class/id attributes that page templates use for boilerplate (the hint names reported).
HINT_WORDS = {
    word: hint
    for hint, words in {
        "nav": "nav navbar navigation menu menubar submenu breadcrumb breadcrumbs topbar",
        "header": "header masthead",
        "footer": "footer colophon copyright",
        "sidebar": "sidebar aside rail widget widgets",
        "share": "share sharing social sharebar",
        "related": "related recommended recirculation more-stories trending popular outbrain taboola",
        "ad": "ad ads advert advertisement adslot sponsor sponsored promo promoted",
        "comments": "comment comments disqus",
        "subscribe": "newsletter subscribe subscription signup paywall login",
        "consent": "cookie cookies consent gdpr",
        "tags": "tags tag-list keywords",
        "pagination": "pagination pager",
    }.items()
    for word in words.split()
}
_HINT_TOKEN = re.compile(r"[a-z]+", re.ASCII)
_MAX_HINTS = 8
_HTML_SPACE = " \t\n\r\f"
_WS = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
#: JSON-LD larger than this is not parsed for metadata (a page can embed megabytes of it).
_MAX_JSON_LD = 1 << 20
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
)


@dataclass(frozen=True)
class ExtractedPage:
    """What a page gives the linter: its text, what its metadata says, and its lines' structure."""

    text: str
    structure: PageStructure
    title: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    published: str | None = None
    lang: str | None = None
    encoding: str = "utf-8"
    #: How the bytes were decoded when that was not plain strict decoding (PL002).
    decode_note: str | None = None
    #: Why these bytes are not an HTML page (binary signature), when they are not.
    binary: str | None = None


class _PageMeta(TypedDict):
    title: str | None
    canonical_url: str | None
    site_name: str | None
    published: str | None
    lang: str | None


class MissingExtra(RuntimeError):
    """The library this input needs is not installed; the message names the extra that brings it."""


def parser_class() -> Any:
    """lexbor's parser, or :class:`MissingExtra` naming the ``[html]`` extra."""
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError as exc:
        raise MissingExtra(EXTRA_MESSAGE) from exc
    return LexborHTMLParser


def decode_html(data: bytes, transport_charset: str | None = None) -> tuple[str, str, str | None]:
    """(text, encoding, note) for a page's bytes: byte-order mark, then the HTTP charset, then ``<meta charset>``,
    then the project's decoding policy (UTF-8, else Windows-1252, else replacement characters, with a note)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoded = decode_bytes(data)
        return decoded.text, decoded.encoding, decoded.note
    declared = transport_charset
    if not declared:
        found = _META_CHARSET.search(data[:4096])
        declared = found.group(1).decode("ascii") if found else None
    codec = _codec(declared)
    if codec is None or codec == "utf-8":
        decoded = decode_bytes(data)
        return decoded.text, decoded.encoding, decoded.note
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
    note = f"not valid {codec} (declared {declared}); {bad} character(s) replaced with U+FFFD" if bad else None
    return text, codec, note


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label; Latin-1 and ASCII labels mean Windows-1252, as in browsers."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return "utf-8" if name in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be") else name


def extract_bytes(data: bytes, page_url: str | None = None, transport_charset: str | None = None) -> ExtractedPage:
    """Decode and extract a page given as bytes (a file, or a WARC response body)."""
    binary = looks_binary(data[:8192])
    if binary and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ExtractedPage("", PageStructure((), (), (), (), ()), binary=binary)
    text, encoding, note = decode_html(data, transport_charset)
    page = extract(text, page_url)
    return ExtractedPage(
        page.text,
        page.structure,
        page.title,
        page.canonical_url,
        page.site_name,
        page.published,
        page.lang,
        encoding=encoding,
        decode_note=note,
    )


def extract(html: str, page_url: str | None = None) -> ExtractedPage:
    """Extract text, metadata and per-line structure from a page's markup."""
    tree = parser_class()(html)
    lines = _LineWriter()
    root = tree.root
    if root is not None:
        _walk(root, lines)
    meta = _metadata(tree, page_url)
    return ExtractedPage(
        "\n".join(lines.lines),
        PageStructure(
            tuple(lines.tags), tuple(lines.regions), tuple(lines.link_chars), tuple(lines.chars), tuple(lines.hints)
        ),
        **meta,
    )


@dataclass
class _Frame:
    """What holds inside an element: its landmarks, class/id hints, whether inside a link or <pre>."""

    regions: int = 0
    hints: tuple[str, ...] = ()
    link: bool = False
    pre: bool = False


@dataclass
class _LineWriter:
    lines: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    regions: list[int] = field(default_factory=list)
    link_chars: list[int] = field(default_factory=list)
    chars: list[int] = field(default_factory=list)
    hints: list[tuple[str, ...]] = field(default_factory=list)
    #: The current line's pieces: (text, frame it was written in).
    pieces: list[tuple[str, _Frame]] = field(default_factory=list)

    def add(self, text: str, frame: _Frame) -> None:
        if not self.pieces and not text.strip(_HTML_SPACE):
            return  # whitespace before a line's first text is dropped anyway (most text nodes between blocks)
        if frame.pre and "\n" in text:
            first, *rest = text.split("\n")
            self.pieces.append((first, frame))
            for part in rest:
                self.flush("pre")
                self.pieces.append((part, frame))
        else:
            self.pieces.append((text, frame))

    def flush(self, tag: str) -> None:
        """End the current line (written only when it holds text), as the end of a ``tag`` block."""
        if not self.pieces:
            return
        if len(self.pieces) == 1:
            text, frame = self.pieces[0]
            self.pieces = []
            line = _WS.sub(" ", text).strip(" ")
            if line:
                self._append(line, tag, frame.regions, len(line) if frame.link else 0, frame.hints)
            return
        parts: list[str] = []
        link = 0
        regions = 0
        hints: dict[str, None] = {}
        after_space = True  # spaces at the start of a line are dropped
        for text, frame in self.pieces:
            collapsed = _WS.sub(" ", text)
            if after_space and collapsed.startswith(" "):
                collapsed = collapsed[1:]
            if not collapsed:
                continue
            parts.append(collapsed)
            after_space = collapsed.endswith(" ")
            if frame.link:
                link += len(collapsed)
            regions |= frame.regions
            for hint in frame.hints:
                hints[hint] = None
        self.pieces = []
        line = "".join(parts)
        if line.endswith(" "):
            line = line[:-1]
            link = min(link, len(line))
        if line:
            self._append(line, tag, regions, link, tuple(hints)[:_MAX_HINTS])

    def _append(self, line: str, tag: str, regions: int, link: int, hints: tuple[str, ...]) -> None:
        self.lines.append(line)
        self.tags.append(tag)
        self.regions.append(regions)
        self.link_chars.append(link)
        self.chars.append(len(line))
        self.hints.append(hints)


def _walk(root: Any, out: _LineWriter) -> None:
    """Depth-first over the tree with an explicit stack; each element is entered and left once.

    Entering a node pushes its next sibling, then its own exit, then its first child, so the stack holds
    one entry per open element and no child lists are built.
    """
    blocks: list[str] = ["body"]
    # (node, frame in effect inside its parent, True when leaving the node)
    stack: list[tuple[Any, _Frame, bool]] = [(root, _Frame(), False)]
    while stack:
        node, frame, leaving = stack.pop()
        tag = node.tag
        if leaving:
            if tag in BLOCK_TAGS:
                out.flush(tag)
                blocks.pop()
            elif tag in CELL_TAGS:
                out.add(" ", frame)
            continue
        sibling = node.next
        if sibling is not None and node is not root:
            stack.append((sibling, frame, False))
        if tag == "-text":
            text = node.text_content
            if text:
                out.add(text, frame)
            continue
        if not isinstance(tag, str) or tag.startswith(("-", "!")) or tag in SKIP_TAGS:
            continue  # comments, doctype, and elements that hold no visible text
        if tag == "br":
            out.flush(blocks[-1])
            continue
        inner = _frame_for(node, tag, frame)
        if tag in BLOCK_TAGS:
            out.flush(blocks[-1])
            blocks.append(tag)
        stack.append((node, frame, True))
        child = node.first_child
        if child is not None:
            stack.append((child, inner, False))
    out.flush(blocks[-1])


def _frame_for(node: Any, tag: str, outer: _Frame) -> _Frame:
    attrs = node.attributes
    regions = outer.regions | _TAG_REGION.get(tag, 0)
    role = attrs.get("role")
    if role:
        regions |= _ROLE_REGION.get(role.strip().lower(), 0)
    hints = outer.hints
    for name in ("class", "id"):
        value = attrs.get(name)
        if value:
            found = [HINT_WORDS[w] for w in _HINT_TOKEN.findall(value.lower()) if w in HINT_WORDS]
            if found:
                hints = tuple(dict.fromkeys((*hints, *found)))[:_MAX_HINTS]
    link = outer.link or tag == "a"
    pre = outer.pre or tag in ("pre", "textarea", "listing", "xmp", "plaintext")
    if regions == outer.regions and hints is outer.hints and link == outer.link and pre == outer.pre:
        return outer
    return _Frame(int(regions), hints, link, pre)


# -- metadata -------------------------------------------------------------------


def _metadata(tree: Any, page_url: str | None) -> _PageMeta:
    metas: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv")
        content = attrs.get("content")
        if key and content and content.strip():
            metas.setdefault(key.strip().lower(), content.strip())
    for node in tree.css("[itemprop=datePublished]"):
        value = node.attributes.get("datetime") or node.attributes.get("content")
        if value and value.strip():
            metas.setdefault("datepublished", value.strip())
            break
    ld = _json_ld(tree)
    title_node = tree.css_first("title")
    title_text = _WS.sub(" ", title_node.text()).strip() if title_node is not None else ""
    canonical = None
    for node in tree.css("link[rel]"):
        rels = (node.attributes.get("rel") or "").lower().split()
        href = (node.attributes.get("href") or "").strip()
        if "canonical" in rels and href:
            canonical = href
            break
    canonical = canonical or metas.get("og:url")
    if canonical:
        canonical = urljoin(page_url, canonical) if page_url else canonical
    root = tree.root
    lang = (root.attributes.get("lang") or root.attributes.get("xml:lang") or "").strip() if root is not None else ""
    if not lang:
        lang = metas.get("content-language", "") or metas.get("og:locale", "").replace("_", "-")
    published = next((metas[k] for k in _PUBLISHED_META if k in metas), None) or _ld_text(ld, "datePublished")
    return {
        "title": metas.get("og:title") or metas.get("twitter:title") or title_text or _ld_text(ld, "headline"),
        "canonical_url": canonical or None,
        "site_name": metas.get("og:site_name") or metas.get("application-name") or _ld_publisher(ld),
        "published": published,
        "lang": lang.split(",")[0].strip() or None,
    }


def _json_ld(tree: Any) -> list[dict[str, Any]]:
    """The JSON-LD objects of the page (``@graph`` flattened); malformed or oversized blocks are passed over."""
    found: list[dict[str, Any]] = []
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text()
        if not raw or len(raw) > _MAX_JSON_LD:
            continue
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        found.extend(_objects(value))
    return found


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                yield from (g for g in graph if isinstance(g, dict))


def _ld_text(objects: list[dict[str, Any]], key: str) -> str | None:
    for obj in objects:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _ld_publisher(objects: list[dict[str, Any]]) -> str | None:
    for obj in objects:
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str) and publisher["name"].strip():
            return str(publisher["name"]).strip()
    return None
