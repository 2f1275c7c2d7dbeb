"""Markdown tables for ``provlint eval``: the two-class summary, per-unit detail, sentences, clean-text alarms.

Kept apart from :mod:`provlint.evaluation` (which counts) so the tables can
change without touching the scoring.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .evaluation import ALL_RULES, CleanTextAlarms, Counts, DatasetScores
from .model import Severity
from .reference_extractors import BASELINES


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _label(name: str, s: DatasetScores, rule_names: Mapping[str, str]) -> str:
    label = f"{name} {rule_names[name]}" if name in rule_names else name
    if name == ALL_RULES:
        return f"**{label}** (all {'PL1xx+PL2xx' if s.unit == 'line' else 'PL3xx'})"
    if name in BASELINES:
        return f"_{label}_"
    return label


def summary_table(all_scores: Sequence[DatasetScores]) -> str:
    """Per page dataset: article kept and boilerplate removed, by lines and by characters, for provlint and references."""
    out = [
        "| dataset | scorer | article kept (lines) | article kept (chars) "
        "| boilerplate removed (lines) | boilerplate removed (chars) |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for s in all_scores:
        if s.unit != "line":
            continue
        for name, row in s.rows.items():
            if name == ALL_RULES or name in BASELINES:
                out.append(
                    f"| {s.dataset} | {_label(name, s, {})} | {_fmt(row.lines.article_kept)} | "
                    f"{_fmt(row.chars.article_kept)} | {_fmt(row.lines.recall)} | {_fmt(row.chars.recall)} |"
                )
    return "\n".join(out) + "\n"


def _two_class_row(dataset: str, label: str, c: Counts) -> str:
    return (
        f"| {dataset} | {label} | {c.flagged} | {_fmt(c.precision)} | {_fmt(c.recall)} | {_fmt(c.f1)} | "
        f"{_fmt(c.article_precision)} | {_fmt(c.article_kept)} | {_fmt(c.article_f1)} |"
    )


def detail_table(all_scores: Sequence[DatasetScores], unit: str, rule_names: Mapping[str, str] | None = None) -> str:
    """Both classes' precision, recall and F1 per scorer of the page datasets, counted by ``lines`` or ``chars``."""
    rule_names = rule_names or {}
    flagged = "flagged lines" if unit == "lines" else "flagged chars"
    out = [
        f"| dataset | scorer | {flagged} | boilerplate P | boilerplate R (removed) | boilerplate F1 "
        "| article P | article R (kept) | article F1 |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in all_scores:
        if s.unit != "line":
            continue
        for name, row in s.rows.items():
            out.append(_two_class_row(s.dataset, _label(name, s, rule_names), getattr(row, unit)))
    return "\n".join(out) + "\n"


def sentence_table(all_scores: Sequence[DatasetScores], rule_names: Mapping[str, str] | None = None) -> str:
    """Sentence datasets: counts, precision, recall and F1 of the uncertain (positive) class."""
    rule_names = rule_names or {}
    out = [
        "| dataset | scorer | flagged | TP | FP | FN | precision | recall | F1 |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in all_scores:
        if s.unit != "sentence":
            continue
        for name, row in s.rows.items():
            c = row.lines
            out.append(
                f"| {s.dataset} | {_label(name, s, rule_names)} | {c.flagged} | {c.tp} | {c.fp} | {c.fn} | "
                f"{_fmt(c.precision)} | {_fmt(c.recall)} | {_fmt(c.f1)} |"
            )
    return "\n".join(out) + "\n"


#: The line-level table of earlier reports, kept for callers that want one table of everything.
def markdown_table(all_scores: Sequence[DatasetScores], rule_names: Mapping[str, str] | None = None) -> str:
    """Every dataset and scorer in one table, by lines (sentences): counts and the positive class's P/R/F1."""
    rule_names = rule_names or {}
    out = [
        "| dataset | unit | scorer | flagged | TP | FP | FN | precision | recall | F1 |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for s in all_scores:
        for name, row in s.rows.items():
            c = row.lines
            out.append(
                f"| {s.dataset} | {s.unit} | {_label(name, s, rule_names)} | {c.flagged} | {c.tp} | {c.fp} | {c.fn} | "
                f"{_fmt(c.precision)} | {_fmt(c.recall)} | {_fmt(c.f1)} |"
            )
    return "\n".join(out) + "\n"


def clean_text_table(alarms: Sequence[CleanTextAlarms], rule_names: Mapping[str, str] | None = None) -> str:
    """Findings per 1,000 words on article text alone, per rule that fired, with the warning-level total."""
    rule_names = rule_names or {}
    out = [
        "| dataset | rule | severity | findings | per 1,000 words |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    for a in alarms:
        for code, n in sorted(a.findings.items()):
            name = f"{code} {rule_names.get(code, '')}".strip()
            out.append(f"| {a.dataset} | {name} | {a.severity[code].value} | {n} | {a.per_1000_words(code):.3f} |")
        warn = a.total_at(Severity.WARNING)
        out.append(
            f"| {a.dataset} | **warning and above** | | {warn} | **{a.total_per_1000_words(Severity.WARNING):.3f}** |"
        )
        out.append(
            f"| {a.dataset} | all findings | | {a.total_at(Severity.INFO)} | "
            f"{a.total_per_1000_words(Severity.INFO):.3f} |"
        )
    return "\n".join(out) + "\n"


def dataset_summary(all_scores: Sequence[DatasetScores], alarms: Sequence[CleanTextAlarms] = ()) -> str:
    """A line per dataset: records, scored units and characters, positives, and every line left out."""
    words = {a.dataset: a for a in alarms}
    out = []
    for s in all_scores:
        kind = "boilerplate" if s.unit == "line" else "uncertain"
        line = (
            f"- {s.dataset}: {s.records} records, {s.scored_units} labelled {s.unit}s, {s.positives} positive ({kind}); "
            f"{s.scored_chars} characters, {s.positive_chars} positive"
        )
        left_out = [f"{n} labelled {label!r}" for label, n in s.ignored.most_common()]
        left_out += [f"{n} with unknown label {label!r}" for label, n in s.unknown.most_common()]
        if s.unlabelled_lines:
            left_out.append(f"{s.unlabelled_lines} without a label")
        if left_out:
            line += f"; left out: {', '.join(left_out)}"
        if s.records_without_labels:
            line += f"; {s.records_without_labels} records with no scored line (references skip them)"
        if s.dataset in words:
            a = words[s.dataset]
            line += f"; article text alone: {a.documents} documents, {a.words} words"
        out.append(line)
    return "\n".join(out) + "\n"


__all__ = ["clean_text_table", "dataset_summary", "detail_table", "markdown_table", "sentence_table", "summary_table"]
