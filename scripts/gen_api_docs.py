#!/usr/bin/env python3
"""Regenerate docs/api.md from the public API's signatures and docstrings.

.venv/bin/python scripts/gen_api_docs.py          # write docs/api.md
.venv/bin/python scripts/gen_api_docs.py --check  # exit 1 when docs/api.md is out of date
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import provlint
from provlint.apidocs import render_api

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether docs/api.md is current")
    args = parser.parse_args()
    text = render_api(provlint)
    if args.check:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC} is out of date; run scripts/gen_api_docs.py", file=sys.stderr)
            return 1
        return 0
    tmp = DOC.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, DOC)
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
