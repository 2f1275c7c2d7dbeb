"""CPU seconds of document preparation, step by step, on whole records.

Usage::

    python benchmarks/prepare_costs.py FILE.jsonl[.gz] [...] [--docs 1000] [--repeat 5]

Preparation (normalisation, then the lines, paragraphs, sentences, word
tokens and lower-cased words every run builds) is the largest single step of a real
page's lint, and its steps are shared by every rule: this script times each of
them alone, in the order a run asks for them, over every record's whole text
(the records ``rule_costs.py --whole-pages`` reads). Each repetition prepares
every document afresh; the best repetition of each step is printed, in CPU
seconds of the process (a shared machine disturbs them less than wall time),
with the total of the per-step bests and the MB per CPU second it gives.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from provlint import Document
from provlint.normalize import normalize
from provlint.prepare import PreparedDocument

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.rule_costs import whole_pages

#: The steps in the order a run asks for them; each reads the cached results of the ones before.
STEPS: dict[str, Callable[[PreparedDocument], object]] = {
    "lines": lambda doc: doc.lines,
    "paragraphs": lambda doc: doc.paragraphs,
    "sentences": lambda doc: doc.sentences,
    "word tokens": lambda doc: doc.word_texts,
    "lower words": lambda doc: doc.lower_words,
}


def time_once(texts: list[str]) -> dict[str, float]:
    """CPU seconds of each step over every text, each document prepared afresh."""
    clock = time.process_time
    took = dict.fromkeys(["normalize", "document", *STEPS], 0.0)
    for i, text in enumerate(texts):
        began = clock()
        normalize(text)
        took["normalize"] += clock() - began
        began = clock()
        doc = PreparedDocument(Document(id=str(i), text=text))
        took["document"] += clock() - began
        for name, step in STEPS.items():
            began = clock()
            step(doc)
            took[name] += clock() - began
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = list(whole_pages(args.paths, args.docs))
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    time_once(texts[:20])  # warm-up: patterns compile outside the timings
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for name, seconds in time_once(texts).items():
            best[name] = min(best.get(name, seconds), seconds)
    # "normalize" is timed alone for the breakdown; "document" (the constructor) already includes it.
    total = sum(seconds for name, seconds in best.items() if name != "normalize")
    print(f"{len(texts)} documents, {megabytes:.2f} MB, best of {args.repeat}, CPU s")
    for name, seconds in best.items():
        print(f"{name:<12} {seconds:6.3f}")
    print(f"{'all':<12} {total:6.3f}  ({megabytes / total:.2f} MB per CPU s; normalize is part of document)")


if __name__ == "__main__":
    main()
