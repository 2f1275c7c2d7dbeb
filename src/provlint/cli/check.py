"""``provlint check``: lint documents and report findings and scorecards."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

import click

from .. import __version__
from ..formatters.base import FormatContext
from ..formatters.guard import GuardedFormatter
from ..model import DocumentOutcome, Finding, Severity
from ..pipeline import RunSummary
from . import guard
from .diagnostics import warn_slow_rules
from .heap import FreezeHeap
from .main import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, cli
from .options import SharedOptions, shared_options, use_color
from .outputs import commit_output, open_output
from .progress import HUMAN_FORMATS, ProgressSink, wants_progress

if TYPE_CHECKING:  # pragma: no cover
    from ..baseline import BaselineFilter
    from ..sink import Sink

#: Environment variable naming the default output format (CI jobs set it once, e.g. to ``github``).
FORMAT_ENV = "PROVLINT_OUTPUT_FORMAT"


def _tolerant(stream: Any) -> Any:
    """``stream`` set to write unencodable characters as backslash escapes, when it can be."""
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="backslashreplace")
    return stream


def _severities(findings: tuple[Finding, ...]) -> set[str]:
    """The severities of ``findings``, by value (an Enum member's hash and ``.value`` are Python-level calls)."""
    return {f.severity._value_ for f in findings}


class _Verdict:
    """A sink keeping the worst severity reported (for the exit code) and printing tracebacks (--verbose)."""

    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose
        self.worst_rank = -1

    def start(self) -> None:
        pass

    def document(self, outcome: DocumentOutcome) -> None:
        if outcome.findings:
            self.worst_rank = max(self.worst_rank, *[Severity(v).rank for v in _severities(outcome.findings)])
        if self.verbose:
            for tb in outcome.errors:
                click.echo(tb, err=True)

    def finish(self, summary: RunSummary) -> None:
        for f in summary.source_findings:
            self.worst_rank = max(self.worst_rank, f.severity.rank)


class _BaselineRecorder:
    """A sink recording every finding, those an old baseline hides included (--write-baseline)."""

    before_baseline = True

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def start(self) -> None:
        pass

    def document(self, outcome: DocumentOutcome) -> None:
        self.findings.extend(outcome.findings)

    def finish(self, summary: RunSummary) -> None:
        self.findings.extend(summary.source_findings)


class _Discard:
    """A text stream that keeps nothing (the report of a ``--write-baseline`` run)."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _load_baseline(path: str | None) -> BaselineFilter | None:
    if not path:
        return None
    from ..baseline import BaselineError, BaselineFilter

    try:
        return BaselineFilter.from_file(path)
    except BaselineError as exc:
        click.echo(f"provlint: error: {exc}", err=True)
        sys.exit(EXIT_ERROR)


@cli.command()
@shared_options(default_paths=(".",))
@click.option(
    "--format",
    "--output-format",
    "fmt",
    default="text",
    show_default=True,
    envvar=FORMAT_ENV,
    show_envvar=True,
    help="Output format (see `provlint formats`).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to a file instead of standard output.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Lowest severity that makes the exit code 1 (default: from config, else warning).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings or errors.")
@click.option(
    "--statistics", is_flag=True, help="Instead of the findings, count them per rule (and how many are fixable)."
)
@click.option("--no-scorecard", is_flag=True, help="Do not print the per-source scorecard table.")
@click.option("--no-color", is_flag=True, help="No colour (also: NO_COLOR environment variable).")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    help="Report and fail only on findings not recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    "write_baseline_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Record every finding of this run in a baseline file and print a one-line summary (then exit 0).",
)
@click.option(
    "--show-settings",
    is_flag=True,
    help="Print the resolved configuration and the file it comes from, then exit.",
)
def check(
    shared: SharedOptions,
    fmt: str,
    output: str | None,
    fail_on: str | None,
    exit_zero: bool,
    statistics: bool,
    no_scorecard: bool,
    no_color: bool,
    baseline_path: str | None,
    write_baseline_path: str | None,
    show_settings: bool,
) -> None:
    """Lint PATHS (files, folders, JSON Lines; - for standard input).

    Without PATHS, lints the current folder (minus the configuration's
    ``exclude`` and ``extend-exclude`` patterns).
    """
    config = shared.config()
    if fail_on:
        config = config.with_overrides(fail_on=Severity.parse(fail_on))
    if show_settings:
        from .settings import render_settings

        click.echo(render_settings(config, shared), nl=False)
        sys.exit(EXIT_OK)
    baseline = _load_baseline(baseline_path)
    pipeline = shared.pipeline(config, baseline, measure=not no_scorecard)
    formatters = pipeline.registry.formatters
    if fmt not in formatters:
        raise click.BadParameter(
            f"unknown format {fmt!r}; choose from {', '.join(sorted(formatters))}", param_hint="--format"
        )
    rules_meta = {cls.code: cls.meta() for cls in pipeline.registry.rule_classes()}
    verdict = _Verdict(shared.verbose)
    recorder = _BaselineRecorder()
    with ExitStack() as outputs:
        # Output files are temporary files until the run has ended well, created
        # now so that an unwritable path fails before any linting.
        report_file = outputs.enter_context(open_output(output, "-o", shared.paths)) if output else None
        baseline_file = (
            outputs.enter_context(open_output(write_baseline_path, "--write-baseline", shared.paths))
            if write_baseline_path
            else None
        )
        # Document text may hold lone surrogates (JSON "\ud800" escapes) that no
        # encoding can write: they are written as \ud800 rather than ending the run.
        stream: Any
        if report_file:
            stream = report_file.text(errors="backslashreplace")
        elif write_baseline_path:
            stream = _Discard()  # the baseline run prints its one-line summary, not the findings
        else:
            stream = _tolerant(sys.stdout)
        context = FormatContext(
            version=__version__,
            rules=rules_meta,
            color=fmt in HUMAN_FORMATS and use_color(no_color, stream),
            verbose=shared.verbose,
            show_scorecards=not no_scorecard,
            statistics=statistics,
            weights=config.section("scorecard"),
            quiet=shared.quiet,
        )
        # The progress line goes first so that it is gone before the report's end is written.
        quiet = shared.quiet or bool(write_baseline_path)
        sinks: list[Sink] = [guard.NoteInputs()]
        sinks += [ProgressSink()] if wants_progress(fmt, quiet) else []
        sinks += [GuardedFormatter(formatters[fmt], stream, context), verdict]
        if write_baseline_path:
            sinks.append(recorder)
        sinks.append(FreezeHeap())
        summary = pipeline.run(guard.tracked(shared.paths, pipeline.read), sinks)
        failed = summary.stats.failed + summary.stats.rule_errors
        if report_file:
            commit_output(report_file)
        if baseline_file:
            from ..baseline import write_baseline

            n = write_baseline(baseline_file.text(errors="backslashreplace"), recorder.findings)
            commit_output(baseline_file)
    warn_slow_rules(summary.stats)
    for error in pipeline.plugin_errors():
        click.echo(f"provlint: warning: {error}", err=True)
    if baseline and not shared.quiet:
        fixed = len(baseline.fixed())
        click.echo(
            f"provlint: baseline {baseline_path}: {baseline.matched} known finding{'s' if baseline.matched != 1 else ''} "
            f"left out; {fixed} baseline entr{'ies' if fixed != 1 else 'y'} fixed (gone)",
            err=True,
        )
    if write_baseline_path:
        click.echo(f"provlint: wrote {n} finding{'s' if n != 1 else ''} to baseline {write_baseline_path}", err=True)
        sys.exit(EXIT_ERROR if failed and not exit_zero else EXIT_OK)
    if exit_zero:
        sys.exit(EXIT_OK)
    if failed:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if verdict.worst_rank >= config.fail_on.rank else EXIT_OK)
