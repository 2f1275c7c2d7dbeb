"""How well ``--jobs N`` can balance a corpus, for each batch size: the speed-up the batching allows.

Usage::

    python benchmarks/batch_balance.py [FILE.jsonl[.gz]] [--jobs 2]

``--jobs`` cuts the input into batches in input order (``provlint.parallel.batches``)
and each worker takes the next batch when it is free. The run ends when the
last batch does, so with a few large batches one worker finishes early and
waits while the other lints the last one. This script lints every document of
the corpus once in one process (CPU seconds, after a warm-up), then, for each
batch size, cuts the documents as ``--jobs`` would and schedules the batches'
costs on ``--jobs`` workers greedily. It prints the number of batches, the
makespan and the speed-up bound ``total / makespan``: what batching alone allows,
before the parent's work, process start-up and contention. The default corpus
is the real-page benchmark corpus (benchmarks/data/real-pages.jsonl.gz).
"""

from __future__ import annotations

import argparse
import heapq
import sys
import time
from pathlib import Path

from provlint import Config
from provlint.batch import lint_batch
from provlint.model import ReadProblem
from provlint.parallel import BATCH_CHARS, BATCH_DOCS, batches
from provlint.pipeline import Pipeline

HERE = Path(__file__).resolve().parent
REAL_PAGES = HERE / "data" / "real-pages.jsonl.gz"
#: (most documents, most characters) per batch; the first is the shipped default.
SIZES = ((BATCH_DOCS, BATCH_CHARS), (64, 512 * 1024), (64, 256 * 1024), (32, 128 * 1024), (16, 64 * 1024))


def makespan(costs: list[float], workers: int) -> float:
    """When the last of ``costs`` (in order) ends, each taken by the first free worker."""
    free = [0.0] * workers
    for cost in costs:
        heapq.heappush(free, heapq.heappop(free) + cost)
    return max(free)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=REAL_PAGES)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    pipeline = Pipeline(Config(), measure=True)
    items = list(pipeline.read([str(args.corpus)]))
    pipeline.engine.warm_up()
    costs: list[float] = []
    for index, item in enumerate(items):
        began = time.process_time()
        lint_batch(pipeline.engine, [(index, item)])
        costs.append(time.process_time() - began)
    total = sum(costs)
    chars = sum(0 if isinstance(i, ReadProblem) else len(i.text) for i in items)
    print(f"{len(items)} documents, {chars / 1e6:.2f} M characters, {total:.2f} CPU s in one process")
    print(f"| batch (documents, KB) | batches | makespan on {args.jobs} workers (s) | speed-up bound |")
    print("| --- | ---: | ---: | ---: |")
    for docs, limit in dict.fromkeys(SIZES):
        cost_of = dict(zip(range(len(items)), costs))
        batch_costs = [sum(cost_of[i] for i, _ in batch) for batch in batches(items, docs, limit)]
        span = makespan(batch_costs, args.jobs)
        shipped = " (default)" if (docs, limit) == (BATCH_DOCS, BATCH_CHARS) else ""
        print(f"| {docs}, {limit // 1024}{shipped} | {len(batch_costs)} | {span:.2f} | {total / span:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
