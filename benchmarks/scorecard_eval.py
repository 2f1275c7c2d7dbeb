"""Does the scorecard measure boilerplate? Per-source boilerplate share against labelled pages.

    python benchmarks/scorecard_eval.py                       # every page dataset in ../shared/eval
    python benchmarks/scorecard_eval.py --dataset cleanportaleval --limit 50
    python benchmarks/scorecard_eval.py --write-docs          # also replace the table in docs/scorecard.md

For each page dataset (one JSON record per page, ``labels.lines[i]`` labelling
line i ``main`` or ``boilerplate``; other labels are unlabelled and left out),
every page is linted with the default rules, and per source:

* gold share: characters on lines labelled ``boilerplate`` / characters on
  labelled lines (the source's pages pooled);
* measured share on the labelled lines: the scorecard's measure (characters
  covered by the union of scraping and duplication findings and the
  scorecard's own measurement spans) over the same labelled lines, so that
  both shares have one denominator;
* the scorecard's ``boilerplate_share`` as every report shows it (whole pages,
  unlabelled lines included: trafilatura-eval leaves most menu lines
  unlabelled, so this one cannot match the gold share there);
* the source's score and the score it would have if boilerplate were its only
  problem class (100 minus the boilerplate measure's cost, on the labelled
  lines' share).

Reported per dataset: the mean absolute error of the shares in percentage
points (target <= 5), and Spearman rank correlations with the gold share's
complement (target >= 0.9: sources ranked by score in the order of their gold
boilerplate share) of the boilerplate-only score and of the full score.
The score's minimum size is set to 1 word here, so that every source is graded
(most sources of these datasets are one page).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
PAGE_DATASETS = ("scrapinghub-aeb", "cleanportaleval", "trafilatura-eval")
DOCS = ROOT / "docs" / "scorecard.md"
BEGIN, END = "<!-- scorecard-eval:begin -->", "<!-- scorecard-eval:end -->"


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing the mean of their positions."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation (Pearson on tie-averaged ranks); NaN when either side is constant."""
    if len(xs) != len(ys) or len(xs) < 2:
        return math.nan
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / math.sqrt(vx * vy) if vx and vy else math.nan


def gold_chars(text: str, labels: Sequence[object]) -> tuple[int, int]:
    """(boilerplate characters, labelled characters) of one page."""
    boiler = labelled = 0
    for line, label in zip(text.split("\n"), labels):
        if label == "boilerplate":
            boiler += len(line)
            labelled += len(line)
        elif label == "main":
            labelled += len(line)
    return boiler, labelled


@dataclass(frozen=True)
class SourceRow:
    source: str
    pages: int
    gold: float  # 0..1
    measured: float  # 0..1, on the labelled lines
    page_share: float  # 0..1, the scorecard's boilerplate_share (whole pages)
    score: float
    boilerplate_only: float


def labelled_spans(text: str, labels: Sequence[object]) -> list[tuple[int, int]]:
    """Offsets of the labelled lines (``main`` or ``boilerplate``) of a page."""
    out = []
    pos = 0
    for line, label in zip(text.split("\n"), labels):
        if label in ("main", "boilerplate"):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def covered_within(covered: Sequence[tuple[int, int]], within: Sequence[tuple[int, int]]) -> int:
    """Characters of the sorted disjoint ``covered`` spans that fall inside the sorted disjoint ``within`` spans."""
    total = 0
    i = 0
    for s, e in within:
        while i < len(covered) and covered[i][1] <= s:
            i += 1
        j = i
        while j < len(covered) and covered[j][0] < e:
            total += max(0, min(e, covered[j][1]) - max(s, covered[j][0]))
            j += 1
    return total


class _SpanSink:
    """Collects each document's boilerplate spans (its findings, late findings, the scorecard's measurement)."""

    def __init__(self) -> None:
        self.spans: dict[str, list[tuple[int, int]]] = {}

    def start(self) -> None:
        pass

    def document(self, outcome: Any) -> None:
        from provlint.scorecard import document_boilerplate_spans

        self.spans.setdefault(outcome.document_id, []).extend(document_boilerplate_spans(outcome))

    def finish(self, summary: Any) -> None:
        from provlint.scorecard import boilerplate_spans

        for f in summary.source_findings:
            self.spans.setdefault(f.document_id, []).extend(boilerplate_spans([f]))


@dataclass(frozen=True)
class DatasetResult:
    dataset: str
    rows: tuple[SourceRow, ...]

    @property
    def mae_points(self) -> float:
        return 100 * sum(abs(r.measured - r.gold) for r in self.rows) / len(self.rows)

    @property
    def mae_page_points(self) -> float:
        return 100 * sum(abs(r.page_share - r.gold) for r in self.rows) / len(self.rows)

    @property
    def rho_boilerplate(self) -> float:
        return spearman([r.boilerplate_only for r in self.rows], [1 - r.gold for r in self.rows])

    @property
    def rho_score(self) -> float:
        return spearman([r.score for r in self.rows], [1 - r.gold for r in self.rows])


def records(dataset: str, limit: int | None) -> Iterator[dict]:  # type: ignore[type-arg]
    with gzip.open(EVAL / f"{dataset}.jsonl.gz", "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


def evaluate(dataset: str, limit: int | None = None, jobs: int = 1) -> DatasetResult:
    from provlint import Config
    from provlint.config import ScorecardSection
    from provlint.model import Document
    from provlint.pipeline import Pipeline
    from provlint.scorecard import cost, union

    gold: dict[str, list[int]] = {}
    pages: dict[str, int] = {}
    labelled: dict[str, list[tuple[int, int]]] = {}
    source_of: dict[str, str] = {}
    docs = []
    for rec in records(dataset, limit):
        source = rec.get("source") or rec["id"]
        b, n = gold_chars(rec["text"], rec["labels"]["lines"])
        g = gold.setdefault(source, [0, 0])
        g[0] += b
        g[1] += n
        pages[source] = pages.get(source, 0) + 1
        doc_id = str(rec["id"])
        labelled[doc_id] = labelled_spans(rec["text"], rec["labels"]["lines"])
        source_of[doc_id] = source
        docs.append(Document(id=doc_id, text=rec["text"], source=source, url=rec.get("url")))
    config = Config(scorecard=ScorecardSection(min_words=1))
    sink = _SpanSink()
    summary = Pipeline(config, jobs=jobs).run(docs, [sink])
    covered: dict[str, int] = {}
    for doc_id, spans in sink.spans.items():
        source = source_of[doc_id]
        covered[source] = covered.get(source, 0) + covered_within(union(spans), labelled[doc_id])
    weights = config.section("scorecard")
    rows = []
    for source, card in sorted(summary.scorecards.items()):
        b, n = gold[source]
        score = card.score(weights)
        if not n or score is None:  # no labelled characters, or nothing linted: nothing to compare
            continue
        measured = covered.get(source, 0) / n
        boiler = cost(100 * measured, float(weights["weight-boilerplate"]), float(weights["ceiling-boilerplate"]))
        rows.append(SourceRow(source, pages[source], b / n, measured, card.boilerplate_share, score, 100 - boiler))
    return DatasetResult(dataset, tuple(rows))


def table(results: Sequence[DatasetResult]) -> str:
    lines = [
        "| dataset | sources | pages | MAE, labelled lines (points) | MAE, whole pages (points) | "
        "Spearman, boilerplate-only score | Spearman, full score |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {r.dataset} | {len(r.rows)} | {sum(x.pages for x in r.rows)} | {r.mae_points:.1f} | "
            f"{r.mae_page_points:.1f} | {r.rho_boilerplate:.3f} | {r.rho_score:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dataset", action="append", choices=PAGE_DATASETS, help="Repeatable; default: all three.")
    parser.add_argument("--limit", type=int, default=None, help="Pages per dataset (default: all).")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--rows", action="store_true", help="Print every source's row too.")
    parser.add_argument("--write-docs", action="store_true", help=f"Replace the table in {DOCS.name}.")
    args = parser.parse_args(argv)
    results = [evaluate(d, args.limit, args.jobs) for d in (args.dataset or PAGE_DATASETS)]
    out = table(results)
    print(out)
    if args.rows:
        for r in results:
            print(f"\n{r.dataset}: source, pages, gold %, measured % (labelled), page share %, score, boilerplate-only")
            for x in sorted(r.rows, key=lambda x: -abs(x.measured - x.gold)):
                print(
                    f"{x.source}\t{x.pages}\t{100 * x.gold:.1f}\t{100 * x.measured:.1f}\t{100 * x.page_share:.1f}\t"
                    f"{x.score:.1f}\t{x.boilerplate_only:.1f}"
                )
    if args.write_docs:
        text = DOCS.read_text(encoding="utf-8")
        if BEGIN not in text or END not in text:
            print(f"{DOCS}: no {BEGIN} ... {END} markers", file=sys.stderr)
            return 2
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        DOCS.write_text(f"{head}{BEGIN}\n{out}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
