"""Throughput of the default rule set, and CPU time per rule, on news-sized documents.

    python benchmarks/rule_throughput.py [FILE ...] [--docs N]

Without files it uses the seeds (2-7 KB news articles with page residue).
Documents are spread over 7 sources so the source rules do their full work.
Prints MB/s of CPU time for the whole run (after a warm-up that compiles the
patterns) and the time each rule spends per MB. Run it on an otherwise idle
core: the figures are CPU time, but a busy machine still slows them down.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from provlint import Config, lint_documents
from provlint.model import Document
from provlint.prepare import PreparedDocument
from provlint.registry import get_registry
from provlint.rule import DocumentRule, SourceRule

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--docs", type=int, default=400)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in (args.files or sorted((ROOT / "seeds").glob("*.txt")))]
    docs = [Document(id=f"d{i}", text=texts[i % len(texts)], source=f"s{i % 7}") for i in range(args.docs)]
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6

    lint_documents(docs[:5], Config())  # warm-up: imports and pattern compilation
    start = time.process_time()
    lint_documents(docs, Config())
    spent = time.process_time() - start
    print(f"default rule set: {len(docs)} documents, {mb:.2f} MB in {spent:.2f} s CPU = {mb / spent:.2f} MB/s")

    per_rule: Counter[str] = Counter()
    rules = [cls() for cls in get_registry().rule_classes()]
    for doc in docs:
        t = time.process_time()
        prepared = PreparedDocument(doc)
        prepared.lines, prepared.words  # noqa: B018 - what the engine computes for every document
        per_rule["(prepare)"] += time.process_time() - t
        for rule in rules:
            t = time.process_time()
            if isinstance(rule, SourceRule):
                list(rule.observe(prepared, rule.new_state()))
            elif isinstance(rule, DocumentRule):
                list(rule.check(prepared))
            per_rule[rule.code] += time.process_time() - t
    print("CPU seconds per MB:")
    for code, seconds in per_rule.most_common():
        print(f"  {code:10s} {seconds / mb:.3f}")


if __name__ == "__main__":
    main()
