"""Build the real-page benchmark corpus shipped in benchmarks/data/ from the labelled page sets.

    python benchmarks/real_pages.py [--data ../shared/eval]

Only the two page sets whose licence allows redistribution are used (see
benchmarks/data/README.md): scrapinghub-aeb (MIT) and trafilatura-eval
(Apache-2.0). Every scrapinghub-aeb page is taken; trafilatura-eval's pages
are ordered by the SHA-1 of their id and the first :data:`TRAFILATURA_PAGES`
taken (a blind choice: never by how provlint does on them), plus its empty
pages, so that the benchmark always exercises documents with no text. Each
record keeps ``id``, ``source``, ``url`` and ``text`` only (no labels), and
the file is gzipped with a fixed timestamp so that rebuilding it gives the same
bytes.

Real pages differ from the generated corpus where it matters for speed: one
line per HTML block (menus of hundreds of short lines), long pages, many
languages, and navigation repeated across a site.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "data" / "real-pages.jsonl.gz"
DATASETS = ("scrapinghub-aeb", "trafilatura-eval")
TRAFILATURA_PAGES = 300
FIELDS = ("id", "source", "url", "text")


def _key(record: dict[str, Any]) -> str:
    return hashlib.sha1(record["id"].encode("utf-8")).hexdigest()


def read_dataset(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return sorted(records, key=_key)


def choose(name: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pages of one dataset that go into the corpus (all, or a blind sample plus the empty pages)."""
    if name != "trafilatura-eval":
        return records
    chosen = records[:TRAFILATURA_PAGES]
    return chosen + [r for r in records[TRAFILATURA_PAGES:] if not r["text"].strip()]


def build(data: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name in DATASETS:
        for record in choose(name, read_dataset(data / f"{name}.jsonl.gz")):
            out.append({field: record.get(field) for field in FIELDS})
    return out


def write(records: list[dict[str, Any]], target: Path) -> None:
    """Gzip the records (fixed mtime: the same input gives the same bytes), atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    with open(partial, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(payload)
    partial.replace(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    records = build(args.data)
    write(records, args.output)
    text_mb = sum(len(r["text"].encode()) for r in records) / 1e6
    empty = sum(1 for r in records if not r["text"].strip())
    print(
        f"{args.output}: {len(records)} pages ({empty} empty), {text_mb:.2f} MB of text, "
        f"{args.output.stat().st_size / 1e6:.2f} MB gzipped"
    )


if __name__ == "__main__":
    main()
