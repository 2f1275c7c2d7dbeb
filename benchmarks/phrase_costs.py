"""CPU seconds of the phrase rules (attribution and rewrite families) on prepared whole documents.

Usage::

    python benchmarks/phrase_costs.py FILE.jsonl[.gz] [--docs 2000] [--rules PL301,PL305] [--repeat 3] [--profile]

``benchmarks/rule_costs.py`` charges shared work to the first rule that asks
and runs each document once; on a loaded machine one run of a 0.3 s rule moves
by a third. This script prepares every document first (text, lines,
sentences, words and the word index, outside the timings), warms the rules up
on the first 20, then runs the chosen rules over all documents ``--repeat``
times and prints each rule's best total in CPU seconds of the process, with
its finding count (the same on every run). Each repeat starts cold, as a run's
single pass does: the documents are prepared afresh (their cached line and
sentence offsets are the first rule's to compute) and the attribution rules'
memos of names are cleared (a repeat over the same texts would otherwise find
every sentence remembered). ``--profile`` prints a cProfile
of the first repeat instead of nothing. Compare code before and after a change
with paired runs, one right after the other (``PYTHONPATH=copy/src`` for the
older code).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

from provlint import Config, Document
from provlint.prepare import PreparedDocument, prepare
from provlint.registry import get_registry
from provlint.rule import DocumentRule
from provlint.selection import select_rules

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.rule_costs import whole_pages

try:
    from provlint.rules.attribution.names import clear_memos
except ImportError:  # code from before the memos (a copy run with PYTHONPATH for a comparison)

    def clear_memos() -> None:
        pass


PHRASE_RULES = "PL301,PL302,PL303,PL304,PL305,PL306,PL401,PL402,PL403,PL404"
WARM_UP = 20


def prepared(path: str, limit: int) -> list[PreparedDocument]:
    docs = []
    for i, text in enumerate(whole_pages([path], limit)):
        doc = prepare(Document(id=str(i), text=text))
        _ = doc.sentences, doc.word_texts, doc.word_offsets, doc.paragraphs, doc.lower_words
        docs.append(doc)
    return docs


def run_once(rules: list[DocumentRule], docs: list[PreparedDocument]) -> tuple[dict[str, float], dict[str, int]]:
    took = {rule.code: 0.0 for rule in rules}
    found = {rule.code: 0 for rule in rules}
    clock = time.process_time
    for doc in docs:
        for rule in rules:
            began = clock()
            count = sum(1 for _ in rule.check(doc))
            took[rule.code] += clock() - began
            found[rule.code] += count
    return took, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rules", default=PHRASE_RULES, help="comma-separated rule codes")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the first repeat")
    args = parser.parse_args()
    codes = set(args.rules.split(","))
    rules = [
        cls()
        for cls in select_rules(Config(), get_registry()).rules
        if cls.code in codes and issubclass(cls, DocumentRule)
    ]
    run_once(rules, prepared(args.path, WARM_UP))
    best = {rule.code: float("inf") for rule in rules}
    findings: dict[str, int] = {}
    megabytes = 0.0
    for repeat in range(args.repeat):
        docs = prepared(args.path, args.docs)
        megabytes = sum(len(doc.text.encode()) for doc in docs) / 1e6
        clear_memos()
        profiler = cProfile.Profile() if args.profile and repeat == 0 else None
        if profiler is not None:
            profiler.enable()
        took, findings = run_once(rules, docs)
        if profiler is not None:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        best = {code: min(best[code], took[code]) for code in best}
    print(
        f"{args.docs} documents at most, {megabytes:.2f} MB; rules {sum(best.values()):.2f} CPU s, best of {args.repeat}"
    )
    for code, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"{code} {seconds:6.2f} CPU s  {findings[code]:6d} findings")


if __name__ == "__main__":
    main()
