"""``provlint scorecard``: per-source scorecards in any registered scorecard format, with CI gates.

Exit codes: 0 every gate passed, 1 a ``--fail-under`` score or a
``--max-drop`` comparison failed, 2 usage, configuration or report errors.

A source without a score ("n/a": no linted words; "too small": under
``[scorecard] min-words``) passes ``--fail-under`` (it is named on standard
error) unless ``--fail-on-ungraded`` is given; a source named in
``--fail-under`` that has no documents at all fails, as a misspelt name would.
"""

from __future__ import annotations

import json
import math
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import NoReturn

import click

from .. import __version__
from ..model import DocumentOutcome
from ..pipeline import RunSummary
from ..scorecard_formats import ReportBuilder, compare, load_report, render
from ..scorecard_formats.report import OVERALL, ReportError, ScorecardReport
from . import guard
from .diagnostics import warn_slow_rules
from .heap import FreezeHeap
from .main import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, cli
from .options import SharedOptions, shared_options, use_color
from .outputs import commit_output, open_output


def parse_threshold(value: str) -> tuple[str, float]:
    """``80`` -> ("(all)", 80.0); ``example.com=70`` -> ("example.com", 70.0); ``*=70``: every source."""
    name, sep, number = value.rpartition("=")
    target = name.strip() if sep else OVERALL
    try:
        score = float(number)
    except ValueError:
        raise click.BadParameter(f"{value!r}: expected SCORE or SOURCE=SCORE", param_hint="--fail-under") from None
    if not 0.0 <= score <= 100.0 or not target:
        raise click.BadParameter(f"{value!r}: the score must be between 0 and 100", param_hint="--fail-under")
    return target, score


#: Grades a JSON report gives a source without a score (provlint.scorecard): its score is null.
UNGRADED_GRADES = ("n/a", "too small")


def _load_compare(path: str) -> dict[str, float | None]:
    """The scores of an earlier JSON report; exit 2 when it cannot be trusted.

    A score that is not a number, NaN, infinite, out of 0-100, or null on a
    source the report grades would make every comparison with it false and
    so pass ``--max-drop`` silently: the report is refused instead, naming the
    source. (null with grade "n/a" or "too small" is an ungraded source.)
    """
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        scores = load_report(path)
    except ReportError as exc:
        _fail(str(exc))
    except RecursionError:
        _fail(f"{path}: the report is nested too deeply to be a provlint JSON report")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        _fail(f"{path}: cannot read report: {exc}")
    cards = raw.get("sources", raw.get("scorecards")) if isinstance(raw, dict) else None
    entries = list(cards.items()) if isinstance(cards, dict) else []
    if isinstance(raw, dict) and "overall" in raw:
        entries.append((OVERALL, raw["overall"]))
    for name, card in entries:
        score = card.get("score") if isinstance(card, dict) else None
        if score is None and isinstance(card, dict) and card.get("grade") in UNGRADED_GRADES:
            continue
        number = score if isinstance(score, (int, float)) and not isinstance(score, bool) else math.nan
        if not (math.isfinite(number) and 0.0 <= number <= 100.0):
            label = "the overall score" if name == OVERALL else f"the score of source {name!r}"
            _fail(f"{path}: {label} is {json.dumps(score)}, not a number from 0 to 100; the report cannot be compared")
    return scores


def _fail(message: str) -> NoReturn:
    click.echo(f"provlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def gate_failures(
    report: ScorecardReport, thresholds: list[tuple[str, float]], fail_on_ungraded: bool = False
) -> tuple[list[str], list[str]]:
    """(failures, notes): a message for every score below its threshold, and for every checked source
    without a score (a failure with ``fail_on_ungraded``, else a note)."""
    cards = {**report.cards, OVERALL: report.total}
    problems: list[str] = []
    notes: list[str] = []
    for target, floor in thresholds:
        if target == "*":
            checked = list(report.cards)
        elif target in cards:
            checked = [target]
        else:
            problems.append(f"no documents from source {target!r}, so its score cannot be checked")
            continue
        for name in checked:
            verdict = cards[name].verdict(report.weights)
            label = "overall score" if name == OVERALL else f"score of {name}"
            if verdict.score is None:
                message = f"{label} is {verdict.grade} ({verdict.reason}), so --fail-under {floor:g} cannot be checked"
                (problems if fail_on_ungraded else notes).append(message)
            elif verdict.score < floor:
                problems.append(f"{label} {verdict.score:.1f} is below {floor:.1f}")
    return problems, notes


class _ReportSink:
    """A sink building the scorecard report from a run."""

    def __init__(self, builder: ReportBuilder, verbose: bool = False) -> None:
        self.builder = builder
        self.verbose = verbose
        self._report: ScorecardReport | None = None

    def start(self) -> None:
        pass

    def document(self, outcome: DocumentOutcome) -> None:
        self.builder.add(outcome)
        if self.verbose:
            for tb in outcome.errors:
                click.echo(tb, err=True)

    def finish(self, summary: RunSummary) -> None:
        self._report = self.builder.build(summary.scorecards, __version__)

    @property
    def report(self) -> ScorecardReport:
        assert self._report is not None, "the run has not finished"
        return self._report


@cli.command("scorecard")
@shared_options(default_paths=(".",))
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    help="Report format: table, json, csv, markdown, html, or a plugin's (see `provlint formats`).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option(
    "--fail-under",
    "fail_under",
    multiple=True,
    metavar="[SOURCE=]SCORE",
    help="Exit 1 when the overall score (or SOURCE's; * for every source) is below SCORE. Repeatable.",
)
@click.option(
    "--fail-on-ungraded",
    is_flag=True,
    help="With --fail-under: a checked source without a score (n/a, too small) fails too.",
)
@click.option(
    "--compare",
    "compare_path",
    type=click.Path(dir_okay=False),
    metavar="OLD.json",
    help="Show the change per source against an earlier --format json report.",
)
@click.option(
    "--max-drop",
    type=float,
    default=None,
    metavar="POINTS",
    help="With --compare: exit 1 when a source's score dropped by more than POINTS.",
)
@click.option("--worst", type=click.IntRange(0, 1000), default=10, show_default=True, help="Worst documents to list.")
@click.option("--no-color", is_flag=True, help="No colour (also: NO_COLOR environment variable).")
def scorecard(
    shared: SharedOptions,
    fmt: str,
    output: str | None,
    fail_under: tuple[str, ...],
    fail_on_ungraded: bool,
    compare_path: str | None,
    max_drop: float | None,
    worst: int,
    no_color: bool,
) -> None:
    """Lint PATHS and report a scorecard per source.

    Without PATHS, reads the current folder (minus the configuration's excludes).
    """
    thresholds = [parse_threshold(v) for v in fail_under]
    if max_drop is not None and compare_path is None:
        raise click.UsageError("--max-drop needs --compare OLD.json")
    if max_drop is not None and not (math.isfinite(max_drop) and max_drop >= 0):
        raise click.BadParameter(f"{max_drop!r}: expected a number of points, 0 or more", param_hint="--max-drop")
    config = shared.config()
    baseline = _load_compare(compare_path) if compare_path is not None else None
    pipeline = shared.pipeline(config)
    formats = pipeline.registry.scorecard_formats
    if fmt not in formats:
        raise click.BadParameter(
            f"unknown format {fmt!r}; choose from {', '.join(sorted(formats))}", param_hint="--format"
        )
    with ExitStack() as outputs:
        # The report file is a temporary file until it is complete, created now so that
        # an unwritable path fails before any linting.
        report_file = outputs.enter_context(open_output(output, "-o", shared.paths)) if output else None
        report_sink = _ReportSink(ReportBuilder(config.section("scorecard"), worst=worst), shared.verbose)
        summary = pipeline.run(
            guard.tracked(shared.paths, pipeline.read), [guard.NoteInputs(), report_sink, FreezeHeap()]
        )
        report = report_sink.report
        if compare_path is not None and baseline is not None:
            report.comparison = compare(report, baseline, Path(compare_path).name)
        if report_file:
            report_file.text(errors="backslashreplace").write(render(report, fmt, color=False))
            commit_output(report_file)
    if not output and not shared.quiet:  # --quiet: a gate only (exit code and the gate's messages)
        text = render(report, fmt, color=fmt == "table" and use_color(no_color, sys.stdout))
        sys.stdout.write(text)
    warn_slow_rules(summary.stats)
    for error in pipeline.plugin_errors():
        click.echo(f"provlint: warning: {error}", err=True)
    problems, notes = gate_failures(report, thresholds, fail_on_ungraded)
    for note in notes:
        click.echo(f"provlint: note: {note}", err=True)
    if report.comparison is not None and max_drop is not None:
        for change in report.comparison.drops_over(max_drop):
            label = "overall score" if change.source == OVERALL else f"score of {change.source}"
            problems.append(
                f"{label} dropped by {-(change.delta or 0.0):.1f} points "
                f"({change.old:.1f} -> {change.new:.1f}), more than {max_drop:.1f}"
            )
    for problem in problems:
        click.echo(f"provlint: {problem}", err=True)
    sys.exit(EXIT_FINDINGS if problems else EXIT_OK)
