"""Scaling rows: provlint's cost as each input dimension doubles, against linear.

    python benchmarks/scaling.py                       # all three rows; updates docs/performance.md
    python benchmarks/scaling.py --max-lines 250000 --no-write

Three inputs, each grown by doubling (issue 19):

* **page size**: one real page (benchmarks/data/real-pages.jsonl.gz) repeated
  1x to 16x in one document;
* **documents per source**: 100 to 10,000 short real-page pieces of one
  source (the source rules' per-source state and end-of-run decisions);
* **one-character lines**: a document of N lines of one character each, N
  doubling up to ``--max-lines`` (default 1,000,000: the 2 MB file of the issue).

Each point lints with every built-in rule (``lint_documents``, the library
path: prepare, rules, source rules, scorecards) and is timed in CPU seconds
(the cyclic collector left on, as in a real run), which a shared machine
disturbs far less than wall-clock time. The table shows the cost per unit (per
MB, per document or per line) relative to the smallest point: linear is 1.00,
and the target is at most 1.3 at every point.

Every point starts from the same state: the process loads the rules' data and
lints a warm-up corpus of *generated* documents (benchmarks/corpus.py: text
none of the points holds), then each point runs in a child forked from it
(where the platform forks). A point therefore never finds the lines, samples
and words of an earlier point in the per-process memos (line kinds, detected
languages, syllable counts), which made the later points of a row look
cheaper than the first. The documents-per-source row takes its pieces in one
seeded random order, so every point is a sample of the same pages rather than
the first pages for small points and all of them for large ones.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import random
import sys
import time
from pathlib import Path

from provlint import Config, Document, lint_documents
from provlint.config import LimitsSection
from provlint.registry import get_registry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.forked import in_child  # noqa: E402
from benchmarks.run import DOC, REAL_PAGES  # noqa: E402

START, END = "<!-- scaling:start -->", "<!-- scaling:end -->"
TARGET = 1.3


def _config() -> Config:
    builtin = tuple(code for code, c in sorted(get_registry().rules.items()) if c.package == "provlint")
    # No line limit: these rows measure what linting costs per line; by default ([limits] max-document-lines,
    # 200,000) the largest one-character documents would be skipped as too large instead of linted.
    return Config(select=builtin, limits=LimitsSection(max_document_lines=0))


def _pages() -> list[str]:
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in handle if line.strip()]


def _lint_cpu(docs: list[Document], config: Config) -> float:
    began = time.process_time()
    lint_documents(docs, config)
    return time.process_time() - began


#: CPU seconds every point pays whatever its size (a child's first touches of the inherited heap, the
#: engine built and warmed up for the run); measured by :func:`fixed_cost` and subtracted, so the first,
#: smallest point does not carry it alone and make the larger ones look better than linear.
_FIXED = [0.0]


def cpu(docs: list[Document], config: Config) -> float:
    """CPU seconds of linting ``docs`` in a child forked from this (warmed-up) process, less the fixed cost.

    The child inherits the loaded data and nothing an earlier point left in the
    per-process memos. Where the platform cannot fork, the point runs here.
    """
    return max(0.0, in_child(lambda: _lint_cpu(docs, config)) - _FIXED[0])


def fixed_cost(config: Config, repeat: int = 5) -> float:
    """The least CPU time of a run of one one-word document (the fixed cost of a point)."""
    tiny = [Document(id="tiny", text="Fixed.", source="tiny.example")]
    return min(in_child(lambda: _lint_cpu(tiny, config)) for _ in range(repeat))


def page_size_row(config: Config, steps: int) -> list[tuple[str, float, float]]:
    """(label, units, seconds) for one real page of about 10 KB repeated 1x, 2x, 4x, ..."""
    page = min(_pages(), key=lambda text: abs(len(text.encode()) - 10_000))
    out = []
    for k in (1 << i for i in range(steps)):
        text = "\n".join([page] * k)
        doc = Document(id=f"page-x{k}", text=text, source="example.org")
        out.append(
            (
                f"{k}x ({len(text.encode()) / 1000:.0f} KB)",
                len(text.encode()) / 1e6,
                cpu([doc], config),
            )
        )
    return out


def documents_row(config: Config, counts: list[int]) -> list[tuple[str, float, float]]:
    """(label, documents, seconds) for N documents of one source: 1-2 KB pieces of the real pages."""
    pieces = []
    for text in _pages():
        lines = [line for line in text.split("\n") if line.strip()]
        for i in range(0, len(lines) - 20, 20):
            piece = "\n".join(lines[i : i + 20])
            if 1000 <= len(piece.encode()) <= 2000:
                pieces.append(piece)
    # One fixed random order: every point is a sample of the same pages (the first 100 pieces in
    # page order all came from a few pages, whose cost says nothing about the source's size).
    random.Random(19).shuffle(pieces)
    out = []
    for n in counts:
        docs = [Document(id=f"d{i}", text=pieces[i % len(pieces)], source="one.example") for i in range(n)]
        out.append((f"{n:,} documents", float(n), cpu(docs, config)))
    return out


def lines_row(config: Config, max_lines: int) -> list[tuple[str, float, float]]:
    """(label, lines, seconds) for documents of N one-character lines, N doubling up to ``max_lines``."""
    sizes = [max_lines]
    while sizes[-1] > max_lines // 16 and sizes[-1] % 2 == 0:
        sizes.append(sizes[-1] // 2)
    out = []
    for n in sorted(sizes):
        doc = Document(id=f"lines-{n}", text="a\n" * n, source="example.org")
        out.append((f"{n:,} lines ({2 * n / 1e6:.2f} MB)", float(n), cpu([doc], config)))
    return out


def table(title: str, unit: str, factor: float, points: list[tuple[str, float, float]]) -> tuple[str, float]:
    """A Markdown table of one row's points and the worst cost per unit relative to the first point."""
    base = points[0][2] / points[0][1]
    lines = [f"| {title} | CPU s | {unit} | relative cost per unit |", "| --- | ---: | ---: | ---: |"]
    worst = 0.0
    for label, units, seconds in points:
        per = seconds / units
        worst = max(worst, per / base)
        lines.append(f"| {label} | {seconds:.2f} | {per * factor:.2f} | {per / base:.2f} |")
    return "\n".join(lines), worst


def write_doc(block: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    partial = DOC.with_name(DOC.name + ".partial")
    partial.write_text(f"{head}{START}\n{block}\n{END}{tail}", encoding="utf-8")
    partial.replace(DOC)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-lines", type=int, default=1_000_000)
    parser.add_argument("--max-documents", type=int, default=10_000)
    parser.add_argument("--page-steps", type=int, default=5, help="1x, 2x, ... 2^(steps-1)x (default 5: up to 16x)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    config = _config()
    # One-off loading (patterns, language profiles, syllable tables) before any point is timed, on
    # generated text that no point holds (see the module docstring); each point then runs in a fork.
    from benchmarks.corpus import generate
    from provlint.rules.language.preload import load_language_data

    load_language_data()  # what a --jobs run loads before it forks: langdetect's profiles, syllable data
    warm = [Document(id=d["id"], text=d["text"], source="warm.example") for d in generate(docs=200)]
    lint_documents([*warm, Document(id="warm-lines", text="b\n" * 2000, source="warm.example")], config)
    gc.freeze()  # as the CLI does after its first document: children's collections skip the loaded data
    _FIXED[0] = fixed_cost(config)
    print(f"fixed cost of a run (subtracted from every point): {_FIXED[0]:.3f} CPU s", flush=True)
    counts = [n for n in (100, 300, 1000, 3000, 10_000, 30_000) if n <= args.max_documents]
    rows = [
        ("page size", "CPU s per MB", 1.0, page_size_row(config, args.page_steps)),
        ("documents per source", "CPU ms per document", 1e3, documents_row(config, counts)),
        ("one-character lines", "CPU µs per line", 1e6, lines_row(config, args.max_lines)),
    ]
    blocks, verdicts, ok = [], [], True
    for title, unit, factor, points in rows:
        text, worst = table(title, unit, factor, points)
        blocks.append(text)
        met = worst <= TARGET
        ok &= met
        verdicts.append(
            f"{'met ' if met else 'miss'} {title}: worst cost per unit {worst:.2f}x the smallest (target {TARGET}x)"
        )
        print(text, "\n", flush=True)
    command = "python benchmarks/scaling.py" + (f" --max-lines {args.max_lines}" if args.max_lines != 1_000_000 else "")
    command += f" --max-documents {args.max_documents}" if args.max_documents != 10_000 else ""
    command += f" --page-steps {args.page_steps}" if args.page_steps != 5 else ""
    block = "\n\n".join(
        [
            f"Command: `{command}` (CPU seconds of a child process per point, less the fixed cost of a run,"
            f" {_FIXED[0]:.3f} s).",
            *blocks,
            "```\n" + "\n".join(verdicts) + "\n```",
        ]
    )
    print("\n".join(verdicts))
    if not args.no_write:
        write_doc(block)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
