"""CPU seconds of the scraping rules (PL101-PL107) alone on whole prepared pages, best of N repeats.

Usage::

    python benchmarks/scraping_costs.py FILE.jsonl[.gz] [--docs 1000] [--repeat 3] [--codes PL101,PL106]

Every default rule runs once on the first 20 pages (patterns compile, data loads), then each
repeat prepares every page afresh (untimed: lines, sentences, words, paragraphs and the word index, as
``rule_costs.py`` counts preparation), empties the page layout's line-kind memo and times
each selected rule's ``check`` on every page in the engine's order, in CPU seconds of the process.
PL101 runs first, so it pays for the shared work it asks for (the keyword scan, the page layout),
as in a real run. Unlike ``rule_costs.py`` it leaves the other rules out, so a paired run of two
trees (one through ``PYTHONPATH``) compares these rules with less noise from the rest.
"""

from __future__ import annotations

import argparse
import gc
import time

from rule_costs import WARM_UP_PAGES, run_rule, whole_pages

from provlint import Config, Document
from provlint.analyses import page_layout
from provlint.prepare import prepare
from provlint.registry import get_registry
from provlint.selection import select_rules

DEFAULT_CODES = "PL101,PL102,PL103,PL104,PL105,PL106,PL107"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--codes", default=DEFAULT_CODES, help="comma-separated rule codes, run in engine order")
    args = parser.parse_args()
    texts = list(whole_pages([args.path], args.docs))
    rules = [cls() for cls in select_rules(Config(), get_registry()).rules]
    codes = set(args.codes.split(","))
    timed = [rule for rule in rules if rule.code in codes]
    for i, text in enumerate(texts[:WARM_UP_PAGES]):
        doc = prepare(Document(id=str(i), text=text))
        for rule in rules:
            run_rule(rule, doc)
    best: dict[str, float] = {}
    for repeat in range(args.repeat):
        page_layout._classify_short.cache_clear()  # each repeat meets the lines as a run does, once
        docs = [prepare(Document(id=str(i), text=text)) for i, text in enumerate(texts)]
        for doc in docs:  # what rule_costs.py counts as preparation, as a default run computes it first
            _ = doc.sentences, doc.word_texts, doc.paragraphs, doc.lower_words, doc.line_starts
        gc.collect()
        took = {rule.code: 0.0 for rule in timed}
        for doc in docs:
            for rule in timed:
                began = time.process_time()
                run_rule(rule, doc)
                took[rule.code] += time.process_time() - began
        took["all"] = sum(took.values())
        print(f"repeat {repeat + 1}: " + " ".join(f"{code} {seconds:.3f}" for code, seconds in took.items()))
        for code, seconds in took.items():
            best[code] = min(best.get(code, seconds), seconds)
    print(f"best of {args.repeat} (CPU s): " + " ".join(f"{code} {seconds:.3f}" for code, seconds in best.items()))


if __name__ == "__main__":
    main()
