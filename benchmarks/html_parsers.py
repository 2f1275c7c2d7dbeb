"""HTML parsing and text extraction speed: selectolax (lexbor, what the HTML reader uses) against resiliparse.

    python benchmarks/html_parsers.py [--data ../shared/eval] [--html-dir DIR] [--limit N] [--repeat 3]

Pages: the labelled page datasets rebuilt as HTML (each line a ``<p>`` or, in
boilerplate runs, a ``<nav><ul><li><a>``), the same pages the HTML reader's
tests use; and, with ``--html-dir``, every ``.html`` file under a folder of real
pages. Rows (MB of HTML per second, median of ``--repeat`` runs, one core):

- ``selectolax parse``: lexbor's tree building only;
- ``resiliparse parse``: resiliparse's ``HTMLTree.parse`` (also lexbor) only;
- ``provlint extract``: the HTML reader's whole extraction (parse, one-line-per-block
  walk with per-line structure, metadata);
- ``resiliparse extract_plain_text``: resiliparse's C++ text extraction with
  formatting kept (no per-line structure, no metadata).

Timings on a shared machine are noisy: compare rows of one run, not runs.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ("scrapinghub-aeb", "cleanportaleval", "trafilatura-eval")


def rebuild(text: str, labels: list[Any], url: str | None) -> str:
    """A labelled page as HTML: boilerplate runs as navigation lists of links, other lines as paragraphs."""
    out = ['<!doctype html><html><head><meta charset="utf-8">']
    if url:
        out.append(f'<link rel="canonical" href="{html.escape(url)}">')
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


def eval_pages(data: Path, limit: int | None) -> list[str]:
    pages = []
    for name in DATASETS:
        with gzip.open(data / f"{name}.jsonl.gz", "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                pages.append(rebuild(record["text"], record["labels"]["lines"], record.get("url")))
    return pages[:limit] if limit else pages


def folder_pages(folder: Path, limit: int | None) -> list[str]:
    files = sorted(folder.rglob("*.html"))[: limit or None]
    return [f.read_text(encoding="utf-8", errors="replace") for f in files]


def rows(pages: list[str], repeat: int) -> list[tuple[str, float]]:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree
    from selectolax.lexbor import LexborHTMLParser

    from provlint.readers.html_extract import extract

    size_mb = sum(len(p.encode("utf-8")) for p in pages) / 1e6
    cases: list[tuple[str, Callable[[str], object]]] = [
        ("selectolax parse", LexborHTMLParser),
        ("resiliparse parse", HTMLTree.parse),
        ("provlint extract (selectolax)", extract),
        ("resiliparse extract_plain_text", lambda p: extract_plain_text(p, preserve_formatting=True)),
    ]
    out = []
    for name, func in cases:
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            for page in pages:
                func(page)
            times.append(time.perf_counter() - began)
        out.append((name, size_mb / statistics.median(times)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--html-dir", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sets = [("eval pages rebuilt as HTML", eval_pages(args.data, args.limit))]
    if args.html_dir:
        sets.append((f"HTML files under {args.html_dir}", folder_pages(args.html_dir, args.limit)))
    for title, pages in sets:
        size = sum(len(p.encode("utf-8")) for p in pages) / 1e6
        print(f"\n{title}: {len(pages)} pages, {size:.1f} MB")
        print("| step | MB/s |\n| --- | ---: |")
        for name, speed in rows(pages, args.repeat):
            print(f"| {name} | {speed:.1f} |")


if __name__ == "__main__":
    main()
