"""How well the plain-text code-listing detector finds code, with HTML pages' ``<pre>`` lines as the truth.

Usage::

    python benchmarks/code_listings.py FOLDER_OF_HTML_PAGES [--extractors provlint,txt,markdown]

For each page, the lines the HTML reader writes from inside ``<pre>`` are code and the others prose. The
page's text is then produced by an extractor that keeps no structure, and
:func:`provlint.analyses.code_listings.find_listings` is run on it alone:

- ``provlint``: the HTML reader's own text (code lines lose their indentation there);
- ``txt``: trafilatura's plain text (indented code, no fences; needs the ``eval`` extra);
- ``markdown``: trafilatura's markdown (fenced code).

A line of the extractor's output is scored when its whitespace-folded text occurs on the page only inside
``<pre>`` (code) or only outside it (prose); other lines are left out. It prints, per extractor, the code
lines found (recall) and the prose lines taken for code (the precision the detector must keep at 1.0),
and a few of the prose lines taken, if any.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from provlint.analyses.code_listings import PRE_TAGS, find_listings
from provlint.readers.html_extract import extract_bytes


def _extractors(names: list[str]) -> dict[str, Callable[[bytes], str]]:
    out: dict[str, Callable[[bytes], str]] = {}
    for name in names:
        if name == "provlint":
            out[name] = lambda data: extract_bytes(data).text
        elif name in ("txt", "markdown"):
            import trafilatura

            def run(data: bytes, markdown: bool = name == "markdown") -> str:
                html = data.decode("utf-8", "replace")
                return str(trafilatura.extract(html, output_format="markdown" if markdown else "txt") or "")

            out[name] = run
        else:
            raise SystemExit(f"unknown extractor {name!r} (provlint, txt, markdown)")
    return out


def score(pages: list[Path], extract: Callable[[bytes], str], shown: int = 10) -> tuple[int, int, int, int, list[str]]:
    """(code lines, code lines found, prose lines, prose lines taken for code, some of those) over ``pages``."""
    code = found_code = prose = taken = 0
    examples: list[str] = []
    for path in pages:
        data = path.read_bytes()
        page = extract_bytes(data)
        inside: set[str] = set()
        outside: set[str] = set()
        for line, tag in zip(page.text.split("\n"), page.structure.tags):
            (inside if tag in PRE_TAGS else outside).add(" ".join(line.split()))
        text = extract(data)
        found = {i for first, last in find_listings(text) for i in range(first, last + 1)}
        for i, line in enumerate(text.split("\n")):
            key = " ".join(line.split())
            if not key:
                continue
            if key in inside and key not in outside:
                code += 1
                found_code += i in found
            elif key in outside and key not in inside:
                prose += 1
                if i in found:
                    taken += 1
                    if len(examples) < shown:
                        examples.append(f"{path.name}: {line[:100]}")
    return code, found_code, prose, taken, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--extractors", default="provlint,txt,markdown")
    args = parser.parse_args()
    pages = sorted(args.folder.glob("*.html"))
    print(f"{len(pages)} pages in {args.folder}")
    for name, extract in _extractors(args.extractors.split(",")).items():
        code, found, prose, taken, examples = score(pages, extract)
        recall = found / code if code else 0.0
        precision = found / (found + taken) if found + taken else 1.0
        print(
            f"{name:9} code lines {code:6,}  found {found:6,} (recall {recall:.3f})  "
            f"prose lines {prose:6,}  taken for code {taken:4,} (precision {precision:.3f})"
        )
        for example in examples:
            print(f"    prose taken: {example}")


if __name__ == "__main__":
    main()
