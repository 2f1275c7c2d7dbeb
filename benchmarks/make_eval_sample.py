"""Build the pinned evaluation sample in tests/fixtures/eval/ from the labelled datasets.

    python benchmarks/make_eval_sample.py [--data ../shared/eval]

The sample is chosen blindly, never by how the rules do on it: records are
ordered by the SHA-1 of their id and the first ones taken, per site for
cleanportaleval (several pages of each site, so site-level rules see a
source), and balanced between certain and uncertain sentences for CoNLL-2010.
Records are copied unchanged. The floor test (tests/test_accuracy_floors.py)
scores this sample, so rerunning this script changes what CI measures: rerun
only with a reason, and update the floors with the new measurements.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "eval"
PAGES_PER_SITE = {"cleanportaleval": 5}
PAGES = {"scrapinghub-aeb": 12, "trafilatura-eval": 40}
SENTENCES_PER_CLASS = 250


def _key(record: dict[str, Any]) -> str:
    return hashlib.sha1(record["id"].encode("utf-8")).hexdigest()


def _read(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return sorted((json.loads(line) for line in f if line.strip()), key=_key)


def sample(name: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if name in PAGES_PER_SITE:
        by_site: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in records:
            by_site[r["source"]].append(r)
        chosen = [r for site in sorted(by_site) for r in by_site[site][: PAGES_PER_SITE[name]]]
    elif name in PAGES:
        chosen = records[: PAGES[name]]
    else:
        pos = [r for r in records if r["labels"].get("uncertain")][:SENTENCES_PER_CLASS]
        neg = [r for r in records if not r["labels"].get("uncertain")][:SENTENCES_PER_CLASS]
        chosen = pos + neg
    return sorted(chosen, key=lambda r: r["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for path in sorted(args.data.glob("*.jsonl.gz")):
        name = path.name.split(".")[0]
        chosen = sample(name, _read(path))
        target = OUT / path.name
        with gzip.GzipFile(target, "wb", mtime=0) as raw:
            raw.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen).encode("utf-8"))
        print(f"{target.relative_to(ROOT)}: {len(chosen)} records, {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
