"""CPU seconds of the duplication rules (PL201-PL209) alone on whole prepared pages, optionally paired in one
process with another checkout's.

Usage::

    python benchmarks/duplication_costs.py FILE.jsonl[.gz] [--docs 1000] [--against SRC]

Each page is prepared (lines, sentences, words, paragraphs, the word index), the default rules before PL201
run on it and the shared analyses the duplication rules read are computed (the line keys, the page layout and
its article body, the keyword scan), all untimed; then each duplication rule runs on the page, in the engine's
order, timed in CPU seconds of the process. The first 20 pages are a warm-up (patterns compile, data loads)
and are not counted. The rules' own work is timed, not the shared analyses a rule would pay for as the first to
ask (``rule_costs.py`` charges those).

``--against SRC`` (the ``src`` folder of another checkout, e.g. ``git archive c7dd611 src | tar -x -C /tmp/old``
then ``--against /tmp/old/src``) loads that tree's duplication rules as a second package (a copy named
``provlint_against``; its relative imports stay inside the copy) and runs them on the same page right before or
after the current ones, the order alternating page by page. Both sides meet the same load, so the comparison
holds on a busy machine, where separate runs differ by 10-20%.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rule_costs import WARM_UP_PAGES, run_rule, whole_pages

from provlint import Config, Document
from provlint.analyses.keyword_lines import keyword_lines
from provlint.analyses.page_layout import article_body, layout
from provlint.analyses.page_lines import line_keys
from provlint.prepare import prepare
from provlint.registry import get_registry
from provlint.rules import duplication
from provlint.selection import select_rules


def _rules_of(src: str) -> list[Any]:
    """The duplication rules of the checkout whose ``src`` folder is ``src``, as a package of another name."""
    copy = Path(tempfile.mkdtemp(prefix="provlint-against-"))
    shutil.copytree(Path(src) / "provlint", copy / "provlint_against")
    sys.path.insert(0, str(copy))
    return [cls() for cls in importlib.import_module("provlint_against.rules.duplication").RULES]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--against", metavar="SRC", help="another checkout's src folder: its rules run paired")
    args = parser.parse_args()
    rules = [cls() for cls in select_rules(Config(), get_registry()).rules]
    before = [rule for rule in rules if rule.code < "PL201"]
    sides = {"new": [cls() for cls in duplication.RULES]}
    if args.against:
        sides["old"] = _rules_of(args.against)
    took: dict[tuple[str, str], float] = {}
    clock = time.process_time
    for i, text in enumerate(whole_pages([args.path], args.docs)):
        doc = prepare(Document(id=str(i), text=text))
        _ = doc.sentences, doc.word_texts, doc.paragraphs, doc.word_starts
        for rule in before:
            run_rule(rule, doc)
        for analysis in (line_keys, layout, article_body, keyword_lines):
            analysis(doc)
        order = list(sides.items()) if i % 2 else list(reversed(sides.items()))
        for position in range(len(duplication.RULES)):
            for side, side_rules in order:
                rule = side_rules[position]
                began = clock()
                run_rule(rule, doc)
                if i >= WARM_UP_PAGES:
                    key = (rule.code, side)
                    took[key] = took.get(key, 0.0) + clock() - began
    codes = sorted({code for code, _ in took})
    for side in sorted(sides, reverse=True):
        total = sum(seconds for (_, s), seconds in took.items() if s == side)
        rows = " ".join(f"{code} {took[(code, side)]:.3f}" for code in codes)
        print(f"{side} (CPU s): {rows} all {total:.3f}")


if __name__ == "__main__":
    main()
