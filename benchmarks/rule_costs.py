"""Throughput of preparation and of each default rule on 2-5 KB documents.

Usage::

    python benchmarks/rule_costs.py FILE.jsonl[.gz] [...] [--docs 1500] [--whole-pages]

Each input record's ``text`` is cut at line boundaries into pieces of about
3.5 KB (pieces outside 2-5 KB are dropped), the size of a news article. The
script prepares each piece (text, lines, sentences, words, the word index)
and runs every default rule on it in the engine's order, timing each rule, so
that shared work (the page layout, the document's language) is charged to the
first rule that asks for it, as in a real run. A warm-up pass over copies of
every piece comes first, so one-off costs (pattern compilation, data loading)
are not counted. It prints the seconds, share and MB/s of preparation and of
each rule, slowest first. Run it on an idle machine: the figures are per core
(one process).

``--whole-pages`` times each record's whole text instead of 3.5 KB pieces (the
real-page corpus as a run sees it), and times in CPU seconds of the process,
which a shared machine disturbs less than wall-clock time, after a warm-up on
the first 20 pages only (so the per-process memos of line kinds and detected
samples start as a real run's do). Before the rules,
the scorecard's own measures of a document (language and readability: what a
``check`` with scorecards computes first, whatever rules are selected) are
timed as one step, ``scorecard measures``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

from provlint import Config, Document
from provlint.prepare import PreparedDocument, prepare
from provlint.registry import get_registry
from provlint.rule import Rule
from provlint.scorecard_measures import DocumentMeasurer
from provlint.selection import select_rules

#: Pages linted untimed before timing with ``--whole-pages`` (data loads, patterns compile).
WARM_UP_PAGES = 20


def whole_pages(paths: list[str], limit: int) -> Iterator[str]:
    count = 0
    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
            for line in handle:
                text = json.loads(line).get("text", "")
                if text.strip():
                    yield text
                    count += 1
                    if count >= limit:
                        return


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
    parser.add_argument("--whole-pages", action="store_true", help="whole records, CPU seconds, scorecard measures")
    args = parser.parse_args()
    texts = list((whole_pages if args.whole_pages else pieces)(args.paths, args.docs))
    clock = time.process_time if args.whole_pages else time.perf_counter
    measurer = DocumentMeasurer([], []) if args.whole_pages else None
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    rules = [cls() for cls in select_rules(Config(), get_registry()).rules]
    # Warm up on separately prepared copies of every document: patterns compile, and data
    # loaded on first need (langdetect's profiles, the syllable tables) loads, outside the timings.
    # Whole pages warm up on a few pages only: a warm-up over every page would fill the per-process memos
    # (line kinds, detected samples) with the very lines that are then timed, which a real run never sees.
    for i, text in enumerate(texts[:WARM_UP_PAGES] if args.whole_pages else texts):
        doc = prepare(Document(id=str(i), text=text))
        if measurer is not None:
            measurer.measure(doc)
        _run(rules, doc, {}, clock)
    took: dict[str, float] = {"prepare": 0.0}
    for i, text in enumerate(texts):
        began = clock()
        doc = prepare(Document(id=str(i), text=text))
        _ = doc.sentences, doc.word_texts, doc.paragraphs, doc.lower_words
        took["prepare"] += clock() - began
        if measurer is not None:
            began = clock()
            measurer.measure(doc)
            took["scorecard measures"] = took.get("scorecard measures", 0.0) + clock() - began
        _run(rules, doc, took, clock)
    total = sum(took.values())
    unit = "CPU s" if args.whole_pages else "s"
    print(
        f"{len(texts)} documents, {megabytes:.2f} MB, {total:.2f} {unit} in all: {megabytes / total:.2f} MB per {unit}"
    )
    names = {rule.code: f"{rule.code} {rule.name}" for rule in rules}
    for key, seconds in sorted(took.items(), key=lambda kv: -kv[1]):
        share = 100 * seconds / total if total else 0.0
        rate = megabytes / seconds if seconds else float("inf")
        print(f"{names.get(key, key):<36.36} {seconds:6.2f}s {share:5.1f}%  {rate:8.2f} MB/s")


def _run(rules: list[Rule], doc: PreparedDocument, took: dict[str, float], clock: Callable[[], float]) -> None:
    """Every rule on ``doc`` in the engine's order, adding each rule's seconds to ``took``.

    In engine order, a rule that computes something shared (the page layout, the
    document's language) pays for it and the rules after it read it for free, as
    in a real run.
    """
    for rule in rules:
        began = clock()
        run_rule(rule, doc)
        took[rule.code] = took.get(rule.code, 0.0) + clock() - began


def run_rule(rule: Any, doc: PreparedDocument) -> None:
    """Run one rule on ``doc`` to the end, results discarded: a source rule's ``observe`` on a fresh state, a
    document rule's ``check``. By shape, not class, so that rules loaded from another checkout
    (``duplication_costs.py --against``) run too."""
    if hasattr(rule, "observe"):
        for _ in rule.observe(doc, rule.new_state()):
            pass
    else:
        for _ in rule.check(doc):
            pass


if __name__ == "__main__":
    main()
