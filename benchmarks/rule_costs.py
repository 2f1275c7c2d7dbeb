"""Throughput of preparation and of each default rule on 2-5 KB documents.

Usage::

    python benchmarks/rule_costs.py FILE.jsonl[.gz] [...] [--docs 1500]

Each input record's ``text`` is cut at line boundaries into pieces of about
3.5 KB (pieces outside 2-5 KB are dropped), the size of a news article. The
script prepares every piece (text, lines, sentences, words, the word index), then times every
default document rule on the prepared pieces, one rule at a time, and prints
MB/s for preparation, for each rule alone (after a warm-up document, so
pattern compilation is not counted) and for the whole set. Run it on an
idle machine: the figures are per core (one process).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from typing import Iterator

from provlint import Config, Document
from provlint.engine import select_rules
from provlint.prepare import prepare
from provlint.registry import get_registry
from provlint.rule import DocumentRule


def pieces(paths: list[str], limit: int) -> Iterator[str]:
    count = 0
    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
            for line in handle:
                buf: list[str] = []
                size = 0
                for text_line in json.loads(line).get("text", "").split("\n"):
                    buf.append(text_line)
                    size += len(text_line.encode()) + 1
                    if size >= 3500:
                        piece = "\n".join(buf)
                        buf, size = [], 0
                        if 2000 <= len(piece.encode()) <= 5000:
                            yield piece
                            count += 1
                            if count >= limit:
                                return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--docs", type=int, default=1500)
    args = parser.parse_args()
    texts = list(pieces(args.paths, args.docs))
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    rules = [cls() for cls in select_rules(Config(), get_registry()) if issubclass(cls, DocumentRule)]
    start = time.perf_counter()
    docs = []
    for i, text in enumerate(texts):
        doc = prepare(Document(id=str(i), text=text))
        _ = doc.sentences, doc.words, doc.paragraphs, doc.word_starts
        docs.append(doc)
    prep = time.perf_counter() - start
    print(f"{len(texts)} documents, {megabytes:.2f} MB")
    print(f"prepare            {prep:7.2f}s  {megabytes / prep:7.2f} MB/s")
    total = prep
    for rule in rules:
        for _ in rule.check(docs[0]):  # warm up: patterns compile on first use
            pass
        start = time.perf_counter()
        for doc in docs:
            for _ in rule.check(doc):
                pass
        took = time.perf_counter() - start
        total += took
        print(f"{rule.code} {rule.name:<24.24} {took:6.2f}s  {megabytes / took if took else float('inf'):7.2f} MB/s")
    print(f"whole default set  {total:7.2f}s  {megabytes / total:7.2f} MB/s")


if __name__ == "__main__":
    main()
