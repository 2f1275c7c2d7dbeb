"""The per-document keyword scan (provlint.analyses.keyword_lines) three ways, on the same pages.

    python benchmarks/keyword_scan.py [benchmarks/data/real-pages.jsonl.gz] [--repeat 3]

Every keyword set the built-in rules declare is found on every line of every
page, each way giving the same masks (checked): pyahocorasick's automaton over
the case-folded document (what provlint uses), one overlapped ``regex``
alternation over the same text (provlint's fallback when pyahocorasick is
missing), and, when the ``re2`` module (google-re2) is importable, an RE2 set
(``re2.Set.SearchSet``) matched line by line (a set says which words occur in a
text, not where, so a document's lines are matched one by one). Each is timed in
CPU seconds of this process, the best of ``--repeat`` passes; MB/s is of the
pages' UTF-8 text. Folding (``str.casefold``) is included in every row.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from provlint.analyses import keyword_lines as kl
from provlint.registry import get_registry

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "benchmarks" / "data" / "real-pages.jsonl.gz"


def _re2_masks(masks: dict[str, int]) -> Callable[[str], tuple[int, ...]] | None:
    try:
        import re2  # type: ignore[import-not-found]
    except ImportError:
        return None
    words = sorted(masks)
    matcher: Any = re2.Set.SearchSet()
    for word in words:
        matcher.Add(re2.escape(word))
    matcher.Compile()
    bits = [masks[w] for w in words]

    def run(text: str) -> tuple[int, ...]:
        out = []
        for line in kl.fold(text).split("\n"):
            mask = 0
            for index in matcher.Match(line) or ():
                mask |= bits[index]
            out.append(mask)
        return tuple(out)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    get_registry()  # imports every built-in rule module, which declares its keyword sets
    with gzip.open(args.corpus, "rt", encoding="utf-8") as handle:
        texts = [json.loads(row)["text"] for row in handle]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    masks = kl._word_masks(list(kl._declared))
    automaton = kl._AutomatonScanner(masks)
    pattern = kl._PatternScanner(masks)
    ways: list[tuple[str, Callable[[str], tuple[int, ...]]]] = [
        ("pyahocorasick automaton", lambda t: kl.scan(t, scanner=automaton).masks),
        ("regex alternation (overlapped)", lambda t: kl.scan(t, scanner=pattern).masks),
    ]
    re2_run = _re2_masks(masks)
    if re2_run is not None:
        ways.append(("google-re2 Set, line by line", re2_run))
    expected = [ways[0][1](t) for t in texts]
    print(f"{len(texts)} pages, {megabytes:.2f} MB, {len(kl._declared)} keyword sets, {len(masks)} words")
    for name, run in ways:
        best = float("inf")
        for _ in range(args.repeat):
            start = time.process_time()
            found = [run(t) for t in texts]
            best = min(best, time.process_time() - start)
        assert found == expected, f"{name} finds other lines"
        print(f"{name:34} {best:6.2f} CPU s  {megabytes / best:7.1f} MB/s")


if __name__ == "__main__":
    main()
