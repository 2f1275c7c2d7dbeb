"""Rule accuracy against labelled data: both classes, by lines and by characters.

Two kinds of labelled datasets (see ``shared/eval/README.md``):

* *page* datasets: a web page's text, one line per HTML text block, each line
  labelled ``main`` (article) or ``boilerplate``. A line counts as flagged by a
  rule when one of the rule's findings overlaps it. What a user of
  ``provlint fix`` feels is two numbers, and each depends on whether one counts
  lines or characters: **article kept** (share of the article left unflagged,
  the recall of the article class) and **boilerplate removed** (share of the
  boilerplate flagged, the recall of the boilerplate class). Rules whose fix
  repairs a line rather than removing it (:data:`REPAIR_RULES`) get their own
  rows but stay out of the pooled ones. Every scorer gets
  a confusion matrix by lines and one by characters, from which both classes'
  precision, recall and F1 follow.
* *sentence* datasets: one sentence per record, ``labels.uncertain`` true for
  weasel attribution or hedging (the positive class). A sentence counts as
  flagged by a PL3xx rule when the rule reports anything in it.

Labels are mapped to ``main``, ``boilerplate`` or ``ignore`` (:class:`LabelMap`);
a label the map does not know is left out *and counted*, so no line is ever
dropped silently. provlint runs the way a user would run it: one run per
dataset with the default configuration restricted to the scored families, so
source rules see every page of a source together. A record without a source
takes its URL's host, else is its own source: pooling unrelated pages into one
"unknown" site would make the site-boilerplate rule fire across them.

Reference rows (:mod:`provlint.reference_extractors`: flag every line, flag
nothing, jusText, trafilatura) are scored on exactly the same lines, and only
on records with at least one labelled line.

:func:`clean_text_alarms` lints the article text alone (a page's ``main``
lines joined): on edited article text nearly every finding is a false alarm.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .api import ResultSink
from .config import Config
from .model import Document, Finding, Severity
from .pipeline import Pipeline
from .registry import get_registry
from .selection import select_rules

PAGE_FAMILIES = ("PL1", "PL2")
SENTENCE_FAMILIES = ("PL3",)
POSITIVE_LINE = "boilerplate"
NEGATIVE_LINE = "main"
IGNORE = "ignore"
CLASSES = (NEGATIVE_LINE, POSITIVE_LINE, IGNORE)
#: Name of the row that pools every scored provlint rule of a dataset.
ALL_RULES = "provlint"
#: Rules whose fix repairs a line in place instead of removing it (PL106 broken-encoding turns mojibake back
#: into text, wherever it is): scored in their own rows, left out of the pooled rows, since a flagged line
#: of theirs is neither boilerplate nor removed.
REPAIR_RULES = frozenset({"PL106"})
#: How the datasets' own labels map to the scored classes; ``None`` (JSON null) and ``conflict`` mean unlabelled.
DEFAULT_LABELS: dict[str | None, str] = {
    NEGATIVE_LINE: NEGATIVE_LINE,
    POSITIVE_LINE: POSITIVE_LINE,
    None: IGNORE,
    "conflict": IGNORE,
}

#: A baseline: (lines of one page) -> flagged (True = boilerplate) per line.
Baseline = Callable[[Sequence[str]], Sequence[bool]]


class EvalError(Exception):
    """Bad evaluation input (an unreadable dataset, a malformed label map)."""


@dataclass(frozen=True)
class LabelMap:
    """Dataset label -> ``main``, ``boilerplate`` or ``ignore``; labels not in the map are unknown (counted, left out)."""

    mapping: Mapping[str | None, str] = field(default_factory=lambda: dict(DEFAULT_LABELS))

    @classmethod
    def parse(cls, items: Iterable[str]) -> LabelMap:
        """The default map extended by ``LABEL=main|boilerplate|ignore`` items (``None`` names the JSON null)."""
        mapping: dict[str | None, str] = dict(DEFAULT_LABELS)
        for item in items:
            label, sep, target = item.partition("=")
            target = target.strip().lower()
            if not sep or not label.strip() or target not in CLASSES:
                raise EvalError(f"label map item {item!r} is not LABEL=main|boilerplate|ignore")
            mapping[None if label.strip() == "None" else label.strip()] = target
        return cls(mapping)

    def classify(self, label: Any) -> str | None:
        """The class of ``label``, or None when the map does not know it."""
        key = label if label is None or isinstance(label, str) else str(label)
        return self.mapping.get(key)


def source_of(source: Any, url: str | None, record_id: str) -> str:
    """The record's scorecard source: its ``source``, else its URL's host (without ``www.``), else its own id."""
    if source:
        return str(source)
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return f"record:{record_id}"


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
        return Document(id=self.id, text=self.text, source=self.source, url=self.url or None, path=self.id)


@dataclass
class Counts:
    """A confusion matrix for one scorer, by lines or by characters. Boilerplate / uncertain is the positive class.

    The article class is the negative one: ``tn`` is article text left unflagged, so
    ``article_kept`` (its recall) is what survives ``provlint fix``; ``recall`` is
    the boilerplate removed.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, flagged: bool, positive: bool, weight: int = 1) -> None:
        if flagged and positive:
            self.tp += weight
        elif flagged:
            self.fp += weight
        elif positive:
            self.fn += weight
        else:
            self.tn += weight

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
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)

    @property
    def article_precision(self) -> float | None:
        """Share of what is left unflagged that is article text."""
        return _ratio(self.tn, self.tn + self.fn)

    @property
    def article_kept(self) -> float | None:
        """Share of the article left unflagged (the article class's recall)."""
        return _ratio(self.tn, self.tn + self.fp)

    @property
    def article_f1(self) -> float | None:
        return _f1(self.article_precision, self.article_kept)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass
class RowScores:
    """One scorer's confusion matrices by lines (or sentences) and by characters."""

    lines: Counts = field(default_factory=Counts)
    chars: Counts = field(default_factory=Counts)

    def add(self, flagged: bool, positive: bool, chars: int) -> None:
        self.lines.add(flagged, positive)
        self.chars.add(flagged, positive, chars)

    # The line-level figures, so a row reads like the Counts it mostly is.
    @property
    def flagged(self) -> int:
        return self.lines.flagged

    @property
    def precision(self) -> float | None:
        return self.lines.precision

    @property
    def recall(self) -> float | None:
        return self.lines.recall

    @property
    def f1(self) -> float | None:
        return self.lines.f1


@dataclass
class DatasetScores:
    """Scores of every scorer on one dataset; ``unit`` is ``line`` or ``sentence``."""

    dataset: str
    unit: str
    records: int = 0
    scored_units: int = 0
    positives: int = 0
    scored_chars: int = 0
    positive_chars: int = 0
    #: Lines left out, by their dataset label: mapped to ``ignore`` ...
    ignored: Counter[str] = field(default_factory=Counter)
    #: ... or a label the map does not know (warned about).
    unknown: Counter[str] = field(default_factory=Counter)
    #: Lines past the end of a record's label list, and labels past the end of its text.
    unlabelled_lines: int = 0
    extra_labels: int = 0
    #: Records with no scored line (skipped by the reference extractors).
    records_without_labels: int = 0
    rows: dict[str, RowScores] = field(default_factory=dict)

    def row(self, name: str) -> RowScores:
        return self.rows.setdefault(name, RowScores())

    def warnings(self) -> list[str]:
        """What a reader must know about lines that were not scored."""
        out = []
        if self.unknown:
            listed = ", ".join(f"{label!r}: {n} lines" for label, n in self.unknown.most_common())
            out.append(
                f"{self.dataset}: unknown labels left out ({listed}); map them with --label-map LABEL=main|boilerplate|ignore"
            )
        if self.unlabelled_lines:
            out.append(f"{self.dataset}: {self.unlabelled_lines} lines have no label (the label list is shorter)")
        if self.extra_labels:
            out.append(f"{self.dataset}: {self.extra_labels} labels past the end of their record's text")
        return out


# -- loading and choosing records -------------------------------------------------


def load_dataset(path: str | Path, limit: int | None = None) -> list[Record]:
    """Read a ``.jsonl`` or ``.jsonl.gz`` dataset file (the first ``limit`` records)."""
    path = Path(path)
    opener: Any = gzip.open if path.suffix == ".gz" else open
    records: list[Record] = []
    with opener(path, "rt", encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                record_id = str(data["id"])
                text = data["text"]
            except (ValueError, KeyError, TypeError) as exc:
                raise EvalError(f"{path}:{number}: not a labelled record ({exc})") from None
            url = data.get("url") or None
            records.append(
                Record(
                    id=record_id,
                    dataset=str(data.get("dataset") or path.name.split(".")[0]),
                    source=source_of(data.get("source"), url, record_id),
                    url=url,
                    text=text,
                    labels=data.get("labels") or {},
                )
            )
            if limit is not None and len(records) >= limit:
                break
    return records


HALVES = ("tune", "holdout")


def half_of(record_id: str, seed: int) -> str:
    """``tune`` or ``holdout``: a fixed, seeded split by the record id's hash (the same record always lands alike)."""
    digest = hashlib.sha256(f"{seed}:{record_id}".encode()).digest()
    return HALVES[digest[0] & 1]


def choose_records(
    records: Sequence[Record], sample: int | None = None, seed: int = 0, half: str | None = None
) -> list[Record]:
    """The records of one half (``tune``/``holdout``), then a reproducible random sample of ``sample``, in file order."""
    chosen = [r for r in records if half is None or half_of(r.id, seed) == half]
    if sample is not None and sample < len(chosen):
        keep = set(random.Random(seed).sample(range(len(chosen)), sample))
        chosen = [r for i, r in enumerate(chosen) if i in keep]
    return chosen


def is_page_dataset(records: Sequence[Record]) -> bool:
    return any("lines" in r.labels for r in records)


def rule_codes(prefixes: Iterable[str]) -> list[str]:
    """Installed rule codes in the given families, sorted."""
    prefixes = tuple(prefixes)
    return sorted(cls.code for cls in get_registry().rule_classes() if cls.code.startswith(prefixes))


# -- running provlint ---------------------------------------------------------------


@dataclass(frozen=True)
class RunOptions:
    """How provlint runs inside an evaluation (``provlint eval``'s shared options).

    ``config``: the user's configuration; its selection narrows the scored
    rules (every rule of the scored families with the default configuration)
    and its rule options and severities apply. ``jobs``, ``scheduler`` and
    ``dask``: where the rules run, as for ``provlint check``.
    """

    config: Config = field(default_factory=Config)
    jobs: int = 1
    scheduler: str | None = None
    dask: bool = False
    #: Called with each crashed rule's traceback (``--verbose``).
    on_error: Callable[[str], None] | None = None

    def selected(self, codes: Iterable[str]) -> list[str]:
        """The codes among ``codes`` that the configuration selects, in their order."""
        chosen = set(select_rules(self.config, get_registry()).codes)
        return [c for c in codes if c in chosen]

    def findings(self, documents: Sequence[Document], config: Config) -> Iterator[Finding]:
        """Every finding of one run over ``documents`` with ``config`` (no scorecard analyses)."""
        pipeline = Pipeline(config, jobs=self.jobs, scheduler=self.scheduler, dask=self.dask, measure=False)
        sink = ResultSink()
        pipeline.run(documents, [sink])
        if self.on_error is not None:
            for error in sink.result.errors:
                self.on_error(error)
        return iter(sink.result.findings)


def lint_all(
    documents: Sequence[Document], config: Config, jobs: int = 1, run: RunOptions | None = None
) -> Iterator[Finding]:
    """Every finding of one run over ``documents`` (document findings, then the source rules')."""
    return (run or RunOptions(jobs=jobs)).findings(documents, config)


def lint_records(
    records: Sequence[Record], codes: Sequence[str], jobs: int = 1, run: RunOptions | None = None
) -> dict[str, list[Finding]]:
    """One provlint run over the records with only ``codes`` selected (rule options and severities from
    ``run.config``); findings by record id."""
    run = run or RunOptions(jobs=jobs)
    by_id: dict[str, list[Finding]] = {r.id: [] for r in records}
    if not codes:
        return by_id
    wanted = set(codes)
    config = run.config.with_overrides(select=tuple(codes), extend_select=())
    for f in run.findings([r.document() for r in records], config):
        if f.code in wanted:
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


# -- scoring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledLine:
    """A scored line (or sentence), for ``--dump``: where it is, its label, and who flagged it."""

    dataset: str
    record: str
    line: int  # 1-based
    label: Any
    cls: str
    chars: int
    text: str
    rules: tuple[str, ...]
    baselines: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "id": self.record,
            "line": self.line,
            "label": self.label,
            "class": self.cls,
            "chars": self.chars,
            "rules": list(self.rules),
            "baselines": list(self.baselines),
            "text": self.text,
        }


def _baseline_flags(
    records: Sequence[Record], names: Sequence[str], jobs: int, scored: Sequence[bool]
) -> list[dict[str, list[bool]]]:
    """Each reference's flags per record (empty for records with no scored line); in worker processes when jobs > 1."""
    from .reference_extractors import classify_page

    pages = [r.text.split("\n") for r, keep in zip(records, scored, strict=True) if keep]
    if not names or not pages:
        results: list[dict[str, list[bool]]] = [{} for _ in pages]
    elif jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(partial(classify_page, tuple(names)), pages, chunksize=4))
    else:
        results = [classify_page(names, lines) for lines in pages]
    it = iter(results)
    return [next(it) if keep else {} for keep in scored]


def evaluate_pages(
    records: Sequence[Record],
    baselines: Sequence[str] | Mapping[str, Baseline] = (),
    labels: LabelMap | None = None,
    jobs: int = 1,
    dump: Callable[[LabelledLine], None] | None = None,
    run: RunOptions | None = None,
) -> DatasetScores:
    """Two-class scores, by lines and characters, of the PL1xx/PL2xx rules (and references).

    ``baselines`` are reference names (run in worker processes when ``jobs`` > 1)
    or ready classifiers. ``run`` (default: ``jobs`` workers, default
    configuration) says which rules are scored and where they run.
    """
    run = run or RunOptions(jobs=jobs)
    jobs = run.jobs
    labels = labels or LabelMap()
    codes = run.selected(rule_codes(PAGE_FAMILIES))
    families = sorted({family_of(c) for c in codes})
    scores = DatasetScores(records[0].dataset if records else "?", "line", len(records))
    findings = lint_records(records, codes, run=run)
    names = list(baselines)
    for name in [ALL_RULES, *families, *codes, *names]:
        scores.row(name)
    classes = [_line_classes(r, labels, scores) for r in records]
    scored = [any(c in (NEGATIVE_LINE, POSITIVE_LINE) for c in cls) for cls in classes]
    scores.records_without_labels = scored.count(False)
    if isinstance(baselines, Mapping):
        base_flags = [
            {n: list(b(r.text.split("\n"))) for n, b in baselines.items()} if keep else {}
            for r, keep in zip(records, scored, strict=True)
        ]
    else:
        base_flags = _baseline_flags(records, names, jobs, scored)
    for record, line_classes, flags in zip(records, classes, base_flags, strict=True):
        lines = record.text.split("\n")
        per_code = flagged_lines(record.text, findings.get(record.id, []))
        raw = record.labels.get("lines") or []
        for i, cls in enumerate(line_classes):
            if cls not in (NEGATIVE_LINE, POSITIVE_LINE):
                continue
            positive = cls == POSITIVE_LINE
            chars = len(lines[i].strip())
            scores.scored_units += 1
            scores.positives += positive
            scores.scored_chars += chars
            scores.positive_chars += positive * chars
            hit_codes = tuple(c for c in codes if i in per_code.get(c, ()))
            removing = [c for c in hit_codes if c not in REPAIR_RULES]
            scores.row(ALL_RULES).add(bool(removing), positive, chars)
            hit_families = {family_of(c) for c in removing}
            for family in families:
                scores.row(family).add(family in hit_families, positive, chars)
            for c in codes:
                scores.row(c).add(c in hit_codes, positive, chars)
            hit_baselines = tuple(n for n in names if i < len(flags.get(n, ())) and flags[n][i])
            for name in names:
                scores.row(name).add(name in hit_baselines, positive, chars)
            if dump is not None:
                dump(
                    LabelledLine(
                        scores.dataset, record.id, i + 1, raw[i], cls, chars, lines[i], hit_codes, hit_baselines
                    )
                )
    return scores


def _line_classes(record: Record, labels: LabelMap, scores: DatasetScores) -> list[str]:
    """The class of each line of the record (``ignore`` for left-out lines), counting what is left out."""
    raw = list(record.labels.get("lines") or [])
    n_lines = record.text.count("\n") + 1
    if len(raw) > n_lines:
        scores.extra_labels += len(raw) - n_lines
    if len(raw) < n_lines:
        scores.unlabelled_lines += n_lines - len(raw)
    out = []
    for i in range(n_lines):
        if i >= len(raw):
            out.append(IGNORE)
            continue
        cls = labels.classify(raw[i])
        if cls is None:
            scores.unknown[str(raw[i])] += 1
            out.append(IGNORE)
        else:
            if cls == IGNORE:
                scores.ignored[str(raw[i])] += 1
            out.append(cls)
    return out


def evaluate_sentences(
    records: Sequence[Record],
    jobs: int = 1,
    dump: Callable[[LabelledLine], None] | None = None,
    run: RunOptions | None = None,
) -> DatasetScores:
    """Sentence-level scores of the PL3xx rules against ``labels.uncertain``."""
    run = run or RunOptions(jobs=jobs)
    codes = run.selected(rule_codes(SENTENCE_FAMILIES))
    families = sorted({family_of(c) for c in codes})
    scores = DatasetScores(records[0].dataset if records else "?", "sentence", len(records))
    findings = lint_records(records, codes, run=run)
    for name in (ALL_RULES, *families, *codes):
        scores.row(name)
    for record in records:
        label = record.labels.get("uncertain")
        if label is None:
            scores.unknown["None"] += 1
            continue
        positive = bool(label)
        chars = len(record.text.strip())
        scores.scored_units += 1
        scores.positives += positive
        scores.scored_chars += chars
        scores.positive_chars += positive * chars
        hit_codes = tuple(sorted({f.code for f in findings.get(record.id, [])}))
        scores.row(ALL_RULES).add(bool(hit_codes), positive, chars)
        for family in families:
            scores.row(family).add(any(family_of(c) == family for c in hit_codes), positive, chars)
        for c in codes:
            scores.row(c).add(c in hit_codes, positive, chars)
        if dump is not None:
            cls = "uncertain" if positive else "certain"
            dump(LabelledLine(scores.dataset, record.id, 1, label, cls, chars, record.text, hit_codes, ()))
    return scores


def evaluate(
    records: Sequence[Record],
    baselines: Sequence[str] | Mapping[str, Baseline] = (),
    labels: LabelMap | None = None,
    jobs: int = 1,
    dump: Callable[[LabelledLine], None] | None = None,
    run: RunOptions | None = None,
) -> DatasetScores:
    """Score a dataset of either kind (references apply to page datasets only)."""
    if is_page_dataset(records):
        return evaluate_pages(records, baselines, labels, jobs, dump, run)
    return evaluate_sentences(records, jobs, dump, run)


# -- false alarms on clean article text ----------------------------------------------


@dataclass
class CleanTextAlarms:
    """Findings per rule on article text alone (a page's article lines joined); nearly all are false alarms."""

    dataset: str
    documents: int = 0
    words: int = 0
    findings: Counter[str] = field(default_factory=Counter)
    severity: dict[str, Severity] = field(default_factory=dict)

    def per_1000_words(self, code: str) -> float:
        return 1000 * self.findings[code] / self.words if self.words else 0.0

    def total_at(self, level: Severity) -> int:
        """Findings at ``level`` or above."""
        return sum(n for code, n in self.findings.items() if self.severity[code].rank >= level.rank)

    def total_per_1000_words(self, level: Severity) -> float:
        return 1000 * self.total_at(level) / self.words if self.words else 0.0


def article_documents(records: Sequence[Record], labels: LabelMap | None = None) -> list[Document]:
    """Each page's article lines (labelled ``main``) joined into one document; pages without article text left out."""
    labels = labels or LabelMap()
    out = []
    for r in records:
        raw = r.labels.get("lines") or []
        lines = [line for line, label in zip(r.text.split("\n"), raw) if labels.classify(label) == NEGATIVE_LINE]
        text = "\n".join(line for line in lines if line.strip())
        if text:
            out.append(Document(id=f"{r.id}#article", text=text, source=r.source, url=r.url, path=f"{r.id}#article"))
    return out


def clean_text_alarms(
    records: Sequence[Record],
    labels: LabelMap | None = None,
    jobs: int = 1,
    config: Config | None = None,
    run: RunOptions | None = None,
) -> CleanTextAlarms:
    """Lint each page's article text alone with the selected rules (default: every rule at its default
    severity; ``config``, else ``run.config``); count findings per rule."""
    run = run or RunOptions(jobs=jobs)
    docs = article_documents(records, labels)
    alarms = CleanTextAlarms(records[0].dataset if records else "?", len(docs))
    alarms.words = sum(len(d.text.split()) for d in docs)
    for f in run.findings(docs, config or run.config):
        if f.code.startswith("PL0"):
            continue  # engine notices (empty document, time budget) are about the run, not the text
        alarms.findings[f.code] += 1
        alarms.severity[f.code] = f.severity
    return alarms


__all__ = [
    "ALL_RULES",
    "REPAIR_RULES",
    "Baseline",
    "CleanTextAlarms",
    "Counts",
    "DatasetScores",
    "EvalError",
    "LabelMap",
    "LabelledLine",
    "Record",
    "RowScores",
    "RunOptions",
    "article_documents",
    "choose_records",
    "clean_text_alarms",
    "evaluate",
    "evaluate_pages",
    "evaluate_sentences",
    "flagged_lines",
    "half_of",
    "is_page_dataset",
    "line_spans",
    "lint_records",
    "load_dataset",
    "rule_codes",
    "source_of",
]
