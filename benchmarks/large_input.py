#!/usr/bin/env python3
"""Streaming a large JSON Lines file: peak memory stays flat whatever the file size.

    nice -n 19 .venv/bin/python benchmarks/large_input.py --size-mb 1024 --mode read
    nice -n 19 .venv/bin/python benchmarks/large_input.py --size-mb 50 --mode lint

Generates the file in a temporary folder (never committed), then either only
reads it through the JSON Lines reader (``read``) or lints it with every rule
(``lint``), and prints documents, seconds, MB/s and peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from provlint import Config
from provlint.config import InputOptions
from provlint.pipeline import Pipeline
from provlint.readers import iter_inputs
from provlint.readers.jsonl import JsonLinesReader
from provlint.readers.text import TextReader

PARAGRAPH = (
    "The council approved the budget on Tuesday after a long debate, officials said. "
    "Residents will see the changes next spring, according to the city's statement.\n"
)


def generate(path: Path, size_mb: int) -> int:
    records = 0
    target = size_mb * 1024 * 1024
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < target:
            line = (
                json.dumps(
                    {
                        "id": f"doc-{records}",
                        "url": f"https://site{records % 50}.example/a/{records}",
                        "text": PARAGRAPH * 12,
                    }
                )
                + "\n"
            )
            out.write(line)
            written += len(line)
            records += 1
    return records


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--mode", choices=["read", "lint"], default="read")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.jsonl"
        records = generate(path, args.size_mb)
        before = peak_rss_mb()
        began = time.monotonic()
        count = 0
        if args.mode == "read":
            for _ in iter_inputs([str(path)], InputOptions(), {"jsonl": JsonLinesReader(), "text": TextReader()}):
                count += 1
            stats = None
        else:
            pipeline = Pipeline(Config())
            for _ in pipeline.outcomes(pipeline.read([str(path)])):
                count += 1
            stats = pipeline.finish().stats.to_dict()
        seconds = time.monotonic() - began
    print(
        json.dumps(
            {
                "mode": args.mode,
                "size_mb": args.size_mb,
                "records": records,
                "documents": count,
                "stats": stats,
                "seconds": round(seconds, 1),
                "mb_per_second": round(args.size_mb / seconds, 1),
                "peak_rss_mb_before": round(before, 1),
                "peak_rss_mb": round(peak_rss_mb(), 1),
                "command": " ".join(["benchmarks/large_input.py", *sys.argv[1:]]),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
