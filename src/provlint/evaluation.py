"""Rule accuracy against labelled data: precision, recall and F1 per rule and family.

Two kinds of labelled datasets (see ``shared/eval/README.md``):

* *page* datasets: a web page's text, one line per HTML text block, each line
  labelled ``main`` or ``boilerplate`` (``None``/``conflict``: left out).
  Boilerplate is the positive class. A line counts as flagged by a rule when
  one of the rule's findings overlaps it; the PL1xx and PL2xx rules are scored
  each on its own, per family and together (``provlint``).
* *sentence* datasets: one sentence per record, ``labels.uncertain`` true for
  weasel attribution or hedging (the positive class). A sentence counts as
  flagged by a PL3xx rule when the rule reports anything in it.

provlint runs the way a user would run it: one run per dataset with the
default configuration restricted to the scored families, so source rules see
every page of a source together. Optional baselines (jusText, trafilatura,
:mod:`provlint.eval_baselines`) are scored on exactly the same lines.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .api import lint_documents
from .config import Config
from .model import Document, Finding
from .registry import get_registry

PAGE_FAMILIES = ("PL1", "PL2")
SENTENCE_FAMILIES = ("PL3",)
POSITIVE_LINE = "boilerplate"
NEGATIVE_LINE = "main"
#: Name of the row that pools every scored provlint rule of a dataset.
ALL_RULES = "provlint"

#: A baseline: (lines of one page) -> flagged (True = boilerplate) per line.
Baseline = Callable[[Sequence[str]], Sequence[bool]]


@dataclass(frozen=True)
class Record:
    """One labelled record of a dataset."""

    id: str
    dataset: str
    source: str
    url: str | None
    text: str
    labels: Mapping[str, Any]

    def document(self) -> Document:
        return Document(id=self.id, text=self.text, source=self.source or "unknown", url=self.url or None, path=self.id)


@dataclass
class Counts:
    """A confusion matrix for one scorer; the positive class is boilerplate / uncertain."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, flagged: bool, positive: bool) -> None:
        if flagged and positive:
            self.tp += 1
        elif flagged:
            self.fp += 1
        elif positive:
            self.fn += 1
        else:
            self.tn += 1

    def merge(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn

    @property
    def flagged(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        return self.tp / self.flagged if self.flagged else None

    @property
    def recall(self) -> float | None:
        positives = self.tp + self.fn
        return self.tp / positives if positives else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)


@dataclass
class DatasetScores:
    """Scores of every scorer on one dataset; ``unit`` is ``line`` or ``sentence``."""

    dataset: str
    unit: str
    records: int = 0
    scored_units: int = 0
    positives: int = 0
    rows: dict[str, Counts] = field(default_factory=dict)

    def row(self, name: str) -> Counts:
        return self.rows.setdefault(name, Counts())


def load_dataset(path: str | Path, limit: int | None = None) -> list[Record]:
    """Read a ``.jsonl`` or ``.jsonl.gz`` dataset file (the first ``limit`` records)."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    records: list[Record] = []
    with opener(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            if not line.strip():
                continue
            data = json.loads(line)
            records.append(
                Record(
                    id=str(data["id"]),
                    dataset=str(data.get("dataset") or path.name.split(".")[0]),
                    source=str(data.get("source") or "unknown"),
                    url=data.get("url") or None,
                    text=data["text"],
                    labels=data.get("labels") or {},
                )
            )
            if limit is not None and len(records) >= limit:
                break
    return records


def is_page_dataset(records: Sequence[Record]) -> bool:
    return any("lines" in r.labels for r in records)


def rule_codes(prefixes: Iterable[str]) -> list[str]:
    """Installed rule codes in the given families, sorted."""
    prefixes = tuple(prefixes)
    return sorted(cls.code for cls in get_registry().rule_classes() if cls.code.startswith(prefixes))


def lint_records(records: Sequence[Record], codes: Sequence[str]) -> dict[str, list[Finding]]:
    """One provlint run over the records with only ``codes`` selected; findings by record id."""
    by_id: dict[str, list[Finding]] = {r.id: [] for r in records}
    if not codes:
        return by_id
    result = lint_documents([r.document() for r in records], config=Config(select=tuple(codes)))
    for f in result.findings:
        if f.code in codes:
            by_id.setdefault(f.document_id, []).append(f)
    return by_id


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each ``\\n``-separated line of the raw text."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def flagged_lines(text: str, findings: Iterable[Finding]) -> dict[str, set[int]]:
    """Line indices each rule code's findings overlap (an empty span flags the line it sits on)."""
    import bisect

    spans = line_spans(text)
    starts = [s for s, _ in spans]
    out: dict[str, set[int]] = {}
    for f in findings:
        first = max(bisect.bisect_right(starts, f.start) - 1, 0)
        hit = out.setdefault(f.code, set())
        if f.end <= f.start:
            hit.add(first)
            continue
        i = first
        while i < len(spans) and spans[i][0] < f.end:
            if f.start < spans[i][1] or (spans[i][0] == spans[i][1] and spans[i][0] >= f.start):
                hit.add(i)
            i += 1
    return out


def family_of(code: str) -> str:
    return code[:3] + "xx"


def evaluate_pages(records: Sequence[Record], baselines: Mapping[str, Baseline] | None = None) -> DatasetScores:
    """Line-level scores of the PL1xx/PL2xx rules (and baselines) against boilerplate labels."""
    codes = rule_codes(PAGE_FAMILIES)
    scores = DatasetScores(records[0].dataset if records else "?", "line", len(records))
    findings = lint_records(records, codes)
    names = [ALL_RULES, *sorted({family_of(c) for c in codes}), *codes, *(baselines or {})]
    for name in names:
        scores.row(name)
    for record in records:
        labels = record.labels.get("lines") or []
        lines = record.text.split("\n")
        per_code = flagged_lines(record.text, findings.get(record.id, []))
        base_flags = {name: list(b(lines)) for name, b in (baselines or {}).items()}
        for i, label in enumerate(labels[: len(lines)]):
            if label not in (POSITIVE_LINE, NEGATIVE_LINE):
                continue
            positive = label == POSITIVE_LINE
            scores.scored_units += 1
            scores.positives += positive
            hit_codes = {c for c in codes if i in per_code.get(c, ())}
            scores.row(ALL_RULES).add(bool(hit_codes), positive)
            for family in {family_of(c) for c in codes}:
                scores.row(family).add(any(family_of(c) == family for c in hit_codes), positive)
            for c in codes:
                scores.row(c).add(c in hit_codes, positive)
            for name, flags in base_flags.items():
                scores.row(name).add(bool(flags[i]) if i < len(flags) else False, positive)
    return scores


def evaluate_sentences(records: Sequence[Record]) -> DatasetScores:
    """Sentence-level scores of the PL3xx rules against ``labels.uncertain``."""
    codes = rule_codes(SENTENCE_FAMILIES)
    scores = DatasetScores(records[0].dataset if records else "?", "sentence", len(records))
    findings = lint_records(records, codes)
    for name in (ALL_RULES, *sorted({family_of(c) for c in codes}), *codes):
        scores.row(name)
    for record in records:
        if "uncertain" not in record.labels or record.labels["uncertain"] is None:
            continue
        positive = bool(record.labels["uncertain"])
        scores.scored_units += 1
        scores.positives += positive
        hit_codes = {f.code for f in findings.get(record.id, [])}
        scores.row(ALL_RULES).add(bool(hit_codes), positive)
        for family in {family_of(c) for c in codes}:
            scores.row(family).add(any(family_of(c) == family for c in hit_codes), positive)
        for c in codes:
            scores.row(c).add(c in hit_codes, positive)
    return scores


def evaluate(records: Sequence[Record], baselines: Mapping[str, Baseline] | None = None) -> DatasetScores:
    """Score a dataset of either kind (baselines apply to page datasets only)."""
    if is_page_dataset(records):
        return evaluate_pages(records, baselines)
    return evaluate_sentences(records)


# -- reporting ------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def markdown_table(all_scores: Sequence[DatasetScores], rule_names: Mapping[str, str] | None = None) -> str:
    """One markdown table: a row per dataset and scorer, with counts, precision, recall and F1."""
    rule_names = rule_names or {}
    out = [
        "| dataset | unit | scorer | flagged | TP | FP | FN | precision | recall | F1 |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in all_scores:
        for name, c in s.rows.items():
            label = f"{name} {rule_names[name]}" if name in rule_names else name
            if name == ALL_RULES:
                label = f"**{label}** (all {'PL1xx+PL2xx' if s.unit == 'line' else 'PL3xx'})"
            out.append(
                f"| {s.dataset} | {s.unit} | {label} | {c.flagged} | {c.tp} | {c.fp} | {c.fn} | "
                f"{_fmt(c.precision)} | {_fmt(c.recall)} | {_fmt(c.f1)} |"
            )
    return "\n".join(out) + "\n"


def dataset_summary(all_scores: Sequence[DatasetScores]) -> str:
    """A line per dataset: records, scored units and positives."""
    return (
        "\n".join(
            f"- {s.dataset}: {s.records} records, {s.scored_units} labelled {s.unit}s, "
            f"{s.positives} positive ({'boilerplate' if s.unit == 'line' else 'uncertain'})"
            for s in all_scores
        )
        + "\n"
    )


__all__ = [
    "ALL_RULES",
    "Baseline",
    "Counts",
    "DatasetScores",
    "Record",
    "dataset_summary",
    "evaluate",
    "evaluate_pages",
    "evaluate_sentences",
    "flagged_lines",
    "is_page_dataset",
    "line_spans",
    "lint_records",
    "load_dataset",
    "markdown_table",
    "rule_codes",
]
