"""CPU seconds of the scorecard's own measures (language detection, readability) on whole pages.

Usage::

    python benchmarks/measure_costs.py FILE.jsonl[.gz] [--docs 1000]

Reads each record's ``text`` whole, measures the first 20 pages untimed (data
loads, as in ``rule_costs.py --whole-pages``), prepares every page, then times
``document_language`` and ``document_readability`` on each prepared page
separately, in CPU seconds of this process. It is the ``scorecard measures`` row
of ``rule_costs.py --whole-pages`` split in two, without the rules' cost, so that
a change to one of them can be compared in paired runs (one process per run:
the detected-sample and syllable memos start empty each time).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.rule_costs import WARM_UP_PAGES, whole_pages
from provlint import Document
from provlint.prepare import prepare
from provlint.rules.language.detection import document_language
from provlint.rules.language.readability import document_readability
from provlint.scorecard_measures import DocumentMeasurer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args()
    texts = list(whole_pages(args.paths, args.docs))
    measurer = DocumentMeasurer([], [])
    for i, text in enumerate(texts[:WARM_UP_PAGES]):
        measurer.measure(prepare(Document(id=str(i), text=text)))
    docs = [prepare(Document(id=str(i), text=text)) for i, text in enumerate(texts)]
    for doc in docs:
        _ = doc.sentences, doc.word_texts, doc.paragraphs, doc.lower_words
    clock = time.process_time
    language = readability = 0.0
    for doc in docs:
        began = clock()
        guess = document_language(doc)
        detected = clock()
        document_readability(doc, (guess.lang if guess else None) or doc.document.lang or None)
        language += detected - began
        readability += clock() - detected
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    print(
        f"{len(texts)} pages, {megabytes:.2f} MB: language {language:.3f} CPU s, readability {readability:.3f} CPU s, "
        f"both {language + readability:.3f} CPU s"
    )


if __name__ == "__main__":
    main()
