"""Where a document's time goes: preparation, the scorecard's measures and each rule, in seconds per step.

Usage::

    python benchmarks/rule_costs.py FILE.jsonl[.gz] [...] [--docs 1500] [--whole-pages]
    python benchmarks/rule_costs.py FILE [--docs 1000] --family prepare [--repeat 5]
    python benchmarks/rule_costs.py FILE [--docs 1000] --family measures
    python benchmarks/rule_costs.py FILE [--docs 1000] --family FAMILY|--codes PL101,PL106 [--repeat 3]
                                    [--against SRC] [--profile]

**Every step** (no ``--family``): each input record's ``text`` is cut at line
boundaries into pieces of about 3.5 KB (pieces outside 2-5 KB are dropped),
the size of a news article. Each piece is prepared (text, lines, sentences,
words, the word index) and every default rule runs on it in the engine's
order, each timed, so that shared work (the page layout, the document's
language) is charged to the first rule that asks for it, as in a real run. A
warm-up pass over copies of every piece comes first, so one-off costs
(pattern compilation, data loading) are not counted. It prints the seconds,
share and MB/s of preparation and of each rule, slowest first.

``--whole-pages`` times each record's whole text instead (the real-page
corpus as a run sees it), in CPU seconds of the process, which a shared
machine disturbs less than wall-clock time, after a warm-up on the first 20
pages only (so the per-process memos of line kinds and detected samples start
as a real run's do). Before the rules, the scorecard's own measures of a
document (language and readability: what a ``check`` with scorecards computes
first, whatever rules are selected) are timed as one step, ``scorecard
measures``.

**One family** (``--family``, always whole pages, CPU seconds, ``--docs``
defaults to 1,000), for comparing a change to one part with less noise than
the whole table gives:

- ``prepare``: preparation step by step (normalisation, the document, lines,
  paragraphs, sentences, word tokens, lower-cased words), in the order a run
  asks for them; the best of ``--repeat`` for each step.
- ``measures``: the scorecard's measures split in two, language detection and
  readability, on pages prepared beforehand.
- a rules folder (``scraping``, ``duplication``, ``attribution``, ``rewrite``,
  ``language``, ``input``), or ``--codes`` for chosen rules: those rules alone,
  on pages prepared untimed. On each page the default rules that come before
  them in the engine's order run first, untimed, so that shared analyses are
  paid where a run pays for them; a shared analysis that only the timed rules
  ask for is charged to the first of them. Each of ``--repeat`` repetitions
  runs in a child forked from the warmed-up process, so each meets the pages
  as a run does, once (the per-process memos hold none of them); the best
  repetition of each rule is printed with its finding count.
  ``--against SRC`` (the ``src`` folder of another checkout, e.g. ``git
  archive c7dd611 src | tar -x -C /tmp/old`` then ``--against /tmp/old/src``)
  loads that tree's rules of the same codes as a second package (a copy named
  ``provlint_against``) and runs them on the same page right before or after
  the current ones, the order alternating page by page: both sides meet the
  same load, so the comparison holds on a busy machine, where separate runs
  differ by 10-20%. ``--profile`` prints a cProfile of the timed rule calls of one
  repetition, run in this process, instead of the timings.

Run it on an idle machine where you can: the figures are per core (one
process).
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import importlib
import json
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provlint import Config, Document
from provlint.normalize import normalize
from provlint.prepare import PreparedDocument, prepare
from provlint.registry import get_registry
from provlint.rule import Rule
from provlint.scorecard_measures import DocumentMeasurer
from provlint.selection import select_rules

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.forked import in_child

#: Pages linted untimed before timing whole pages (data loads, patterns compile).
WARM_UP_PAGES = 20

#: The preparation steps in the order a run asks for them; each reads the cached results of the ones before.
PREPARE_STEPS: dict[str, Callable[[PreparedDocument], object]] = {
    "lines": lambda doc: doc.lines,
    "paragraphs": lambda doc: doc.paragraphs,
    "sentences": lambda doc: doc.sentences,
    "word tokens": lambda doc: doc.word_texts,
    "lower words": lambda doc: doc.lower_words,
}

#: Families that are not rule folders.
STEP_FAMILIES = ("prepare", "measures")


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


def fully_prepared(index: int, text: str) -> PreparedDocument:
    """``text`` prepared with everything a default run computes before its first rule."""
    doc = prepare(Document(id=str(index), text=text))
    _ = doc.sentences, doc.word_texts, doc.paragraphs, doc.lower_words, doc.line_starts
    return doc


def run_rule(rule: Any, doc: PreparedDocument) -> int:
    """Run one rule on ``doc`` to the end and count its findings: a source rule's ``observe`` on a fresh state, a
    document rule's ``check``. By shape, not class, so that rules loaded from another checkout (``--against``)
    run too."""
    if hasattr(rule, "observe"):
        return sum(1 for _ in rule.observe(doc, rule.new_state()))
    return sum(1 for _ in rule.check(doc))


def every_step(args: argparse.Namespace) -> None:
    """Preparation, the scorecard's measures (whole pages) and every default rule, slowest first."""
    texts = list((whole_pages if args.whole_pages else pieces)(args.paths, args.docs or 1500))
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
        _time_rules(rules, doc, {}, clock)
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
        _time_rules(rules, doc, took, clock)
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


def _time_rules(rules: list[Rule], doc: PreparedDocument, took: dict[str, float], clock: Callable[[], float]) -> None:
    """Every rule on ``doc`` in the engine's order, adding each rule's seconds to ``took``.

    In engine order, a rule that computes something shared (the page layout, the
    document's language) pays for it and the rules after it read it for free, as
    in a real run.
    """
    for rule in rules:
        began = clock()
        run_rule(rule, doc)
        took[rule.code] = took.get(rule.code, 0.0) + clock() - began


def prepare_steps(texts: list[str], repeat: int) -> None:
    """The best CPU seconds of each preparation step over ``repeat`` passes, each document prepared afresh."""
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    _prepare_once(texts[:WARM_UP_PAGES])  # patterns compile outside the timings
    best: dict[str, float] = {}
    for _ in range(repeat):
        for name, seconds in _prepare_once(texts).items():
            best[name] = min(best.get(name, seconds), seconds)
    # "normalize" is timed alone for the breakdown; "document" (the constructor) already includes it.
    total = sum(seconds for name, seconds in best.items() if name != "normalize")
    print(f"{len(texts)} documents, {megabytes:.2f} MB, best of {repeat}, CPU s")
    for name, seconds in best.items():
        print(f"{name:<12} {seconds:6.3f}")
    print(f"{'all':<12} {total:6.3f}  ({megabytes / total:.2f} MB per CPU s; normalize is part of document)")


def _prepare_once(texts: list[str]) -> dict[str, float]:
    clock = time.process_time
    took = dict.fromkeys(["normalize", "document", *PREPARE_STEPS], 0.0)
    for i, text in enumerate(texts):
        began = clock()
        normalize(text)
        took["normalize"] += clock() - began
        began = clock()
        doc = PreparedDocument(Document(id=str(i), text=text))
        took["document"] += clock() - began
        for name, step in PREPARE_STEPS.items():
            began = clock()
            step(doc)
            took[name] += clock() - began
    return took


def measures(texts: list[str]) -> None:
    """CPU seconds of the scorecard's language detection and readability, apart, on pages prepared beforehand."""
    from provlint.rules.language.detection import document_language
    from provlint.rules.language.readability import document_readability

    measurer = DocumentMeasurer([], [])
    for i, text in enumerate(texts[:WARM_UP_PAGES]):
        measurer.measure(prepare(Document(id=str(i), text=text)))
    docs = [fully_prepared(i, text) for i, text in enumerate(texts)]
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


def family_codes(family: str | None, codes: str | None) -> list[str]:
    """The codes of the rules folder ``family`` (a module under ``provlint.rules``) or the given ``codes``."""
    if codes:
        return codes.split(",")
    module = importlib.import_module(f"provlint.rules.{family}")
    return [rule.code for rule in module.RULES]


@dataclass
class Side:
    """One tree's rules in a family timing: how it prepares a page, the rules it runs untimed first, the timed."""

    name: str
    prepared: Callable[[int, str], Any]
    before: list[Any]
    timed: list[Any]


def against_side(src: str, before: list[Rule], timed: list[Rule]) -> Side:
    """The same rules from the checkout whose ``src`` folder is ``src``, loaded as a package of another name.

    The side prepares its own copy of each page with its own code: the analyses a rule reads are cached on the
    prepared document under string keys, and a rule must never read the other tree's objects there (its page
    layout's line kinds are another tree's enumeration)."""
    copy = Path(tempfile.mkdtemp(prefix="provlint-against-"))
    shutil.copytree(Path(src) / "provlint", copy / "provlint_against")
    sys.path.insert(0, str(copy))
    found = {}
    for path in sorted((copy / "provlint_against" / "rules").iterdir()):
        if (path / "__init__.py").exists():
            for cls in getattr(importlib.import_module(f"provlint_against.rules.{path.name}"), "RULES", ()):
                found[cls.code] = cls
    old_prepare = importlib.import_module("provlint_against.prepare").prepare
    old_document = importlib.import_module("provlint_against.model").Document

    def prepared(index: int, text: str) -> Any:
        doc = old_prepare(old_document(id=str(index), text=text))
        for name in ("sentences", "word_texts", "paragraphs", "lower_words", "line_starts"):
            getattr(doc, name, None)  # what a default run computes first, where the older tree has it
        return doc

    return Side(
        "old",
        prepared,
        [found[rule.code]() for rule in before if rule.code in found],
        [found[rule.code]() for rule in timed if rule.code in found],
    )


def family_timings(
    texts: list[str], sides: list[Side], profiler: cProfile.Profile | None = None
) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], int]]:
    """CPU seconds and finding counts per (code, side) of each side's timed rules over every page.

    Each side prepares its own copy of a page and runs its ``before`` rules on it untimed, all before any
    timing of that page. With two sides, the side whose rules run first alternates page by page. A ``profiler``
    is switched on around the timed rule calls only."""
    took: dict[tuple[str, str], float] = {}
    found: dict[tuple[str, str], int] = {}
    clock = time.process_time
    for i, text in enumerate(texts):
        docs = []
        for side in sides:
            doc = side.prepared(i, text)
            for rule in side.before:
                run_rule(rule, doc)
            docs.append((side, doc))
        for side, doc in docs if i % 2 else reversed(docs):
            for rule in side.timed:
                if profiler is not None:
                    profiler.enable()
                began = clock()
                count = run_rule(rule, doc)
                if profiler is not None:
                    profiler.disable()
                key = (rule.code, side.name)
                took[key] = took.get(key, 0.0) + clock() - began
                found[key] = found.get(key, 0) + count
    return took, found


def one_family(args: argparse.Namespace, texts: list[str]) -> None:
    """The chosen rules alone, best of ``--repeat`` forked repetitions, optionally paired with another tree's."""
    codes = family_codes(args.family, args.codes)
    rules = [cls() for cls in select_rules(Config(), get_registry()).rules]
    first = min((position for position, rule in enumerate(rules) if rule.code in codes), default=len(rules))
    before = [rule for rule in rules[:first] if rule.code not in codes]
    sides = [Side("new", fully_prepared, before, [rule for rule in rules if rule.code in codes])]
    if args.against:
        sides.append(against_side(args.against, sides[0].before, sides[0].timed))
    for i, text in enumerate(texts[:WARM_UP_PAGES]):  # patterns compile, data loads: outside the timings
        for side in sides:
            doc = side.prepared(i, text)
            for rule in side.before + side.timed:
                run_rule(rule, doc)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    if args.profile:
        profiler = cProfile.Profile()
        family_timings(texts, sides, profiler)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        return
    best: dict[tuple[str, str], float] = {}
    found: dict[tuple[str, str], int] = {}
    for repeat in range(args.repeat):
        took, found = in_child(lambda: family_timings(texts, sides))
        print(f"repeat {repeat + 1}: " + " ".join(f"{code}/{side} {s:.3f}" for (code, side), s in took.items()))
        for key, seconds in took.items():
            best[key] = min(best.get(key, seconds), seconds)
    print(f"{len(texts)} pages, {megabytes:.2f} MB; best of {args.repeat}, CPU s")
    for side in sides:
        rows = [(code, seconds) for (code, name), seconds in best.items() if name == side.name]
        for code, seconds in rows:
            print(f"{side.name} {code} {seconds:7.3f}  {found[(code, side.name)]:6d} findings")
        print(f"{side.name} all   {sum(seconds for _, seconds in rows):7.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--docs", type=int, help="at most this many documents (1,500 pieces, or 1,000 pages)")
    parser.add_argument("--whole-pages", action="store_true", help="whole records, CPU seconds, scorecard measures")
    parser.add_argument("--family", help="prepare, measures, or a rules folder (scraping, duplication, ...)")
    parser.add_argument("--codes", help="comma-separated rule codes to time alone (instead of --family)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of a family's timings; the best is shown")
    parser.add_argument("--against", metavar="SRC", help="another checkout's src folder: its rules run paired")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one repetition instead")
    args = parser.parse_args(argv)
    if args.family is None and args.codes is None:
        every_step(args)
        return
    texts = list(whole_pages(args.paths, args.docs or 1000))
    if args.family == "prepare":
        prepare_steps(texts, args.repeat)
    elif args.family == "measures":
        measures(texts)
    else:
        one_family(args, texts)


if __name__ == "__main__":
    main()
