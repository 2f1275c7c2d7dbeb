#!/usr/bin/env python3
"""Regenerate docs/rules/ from the rule metadata: one page per built-in rule and an index.

Run after adding or changing a rule::

    .venv/bin/python scripts/gen_rule_docs.py

``--check`` writes nothing and exits 1 when the committed pages are out of
date (tests/test_rule_docs.py does the same check).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from provlint.registry import get_registry
from provlint.ruledocs import builtin_pages, write_pages

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


def stale_pages(directory: Path, pages: dict[str, str]) -> list[str]:
    existing = {p.name for p in directory.glob("*.md")} if directory.exists() else set()
    out = sorted(existing - set(pages))
    for name, content in sorted(pages.items()):
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            out.append(name)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date pages")
    parser.add_argument("--dir", type=Path, default=DOCS, help="output folder (default: docs/rules)")
    args = parser.parse_args()
    pages = builtin_pages(get_registry())
    if args.check:
        stale = stale_pages(args.dir, pages)
        for name in stale:
            print(f"out of date: {args.dir / name}")
        return 1 if stale else 0
    for name in write_pages(args.dir, pages):
        print(f"wrote {args.dir / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
