"""``provlint eval``: how much article text the rules keep and how much boilerplate they remove, on labelled data.

Prints markdown (and optionally writes it to a file): per page dataset, article
kept and boilerplate removed by lines and by characters beside the reference
rows (flag every line, flag nothing, jusText and trafilatura where installed);
both classes' precision, recall and F1 per rule; the sentence datasets' table;
and the false alarms on article text alone, per rule per 1,000 words.
"""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import click

from .main import EXIT_ERROR, cli
from .options import SharedOptions, shared_options
from .outputs import commit_output, open_output

DATA_ENV = "PROVLINT_EVAL_DATA"


def default_data_dir() -> Path | None:
    """``$PROVLINT_EVAL_DATA``, else the nearest ``shared/eval`` above the repository or the working directory.

    In the standard layout (``work/main`` next to ``work/shared``) that is
    ``../shared/eval`` relative to the repository.
    """
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    for start in (repo, Path.cwd().resolve()):
        for directory in (start, *start.parents):
            candidate = directory / "shared" / "eval"
            if candidate.is_dir():
                return candidate
    return None


def dataset_files(data: Path, names: tuple[str, ...]) -> list[Path]:
    files = sorted(p for p in data.iterdir() if p.name.endswith((".jsonl", ".jsonl.gz")))
    if names:
        wanted = {n.lower() for n in names}
        chosen = [p for p in files if p.name.split(".")[0].lower() in wanted]
        missing = wanted - {p.name.split(".")[0].lower() for p in chosen}
        if missing:
            raise click.BadParameter(f"no dataset named {', '.join(sorted(missing))} in {data}", param_hint="--dataset")
        return chosen
    return files


@cli.command("eval")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Folder of labelled datasets (NAME.jsonl[.gz]); default: $PROVLINT_EVAL_DATA or ../shared/eval.",
)
@click.option(
    "-d", "--dataset", "names", multiple=True, help="Only these datasets (file name without .jsonl.gz); repeatable."
)
@click.option(
    "--baselines/--no-baselines",
    default=True,
    show_default=True,
    help="Score jusText and trafilatura beside provlint where installed (the eval extra). "
    "The 'flag every line' and 'flag nothing' rows are always shown.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N records of each dataset (a quick look).")
@click.option("--sample", type=click.IntRange(min=1), help="A random sample of N records of each dataset.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of --sample and --half.")
@click.option(
    "--half",
    type=click.Choice(["tune", "holdout"]),
    help="Only one half of each dataset, split by a seeded hash of the record id: tune on one, report both.",
)
@click.option(
    "--label-map",
    "label_map",
    multiple=True,
    metavar="LABEL=CLASS",
    help="Score LABEL as main, boilerplate or ignore (e.g. comment=boilerplate); repeatable.",
)
@click.option(
    "--dump",
    type=click.Path(dir_okay=False, writable=True),
    help="Write JSON Lines: per labelled line (sentence) its label, the rules and references that flagged it.",
)
@click.option(
    "--clean-text/--no-clean-text",
    default=True,
    show_default=True,
    help="Also lint each page's article lines alone and count findings per 1,000 words (false alarms).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Also write the markdown to this file."
)
@shared_options(inputs=False)
def eval_command(
    shared: SharedOptions,
    data_dir: Path | None,
    names: tuple[str, ...],
    baselines: bool,
    limit: int | None,
    sample: int | None,
    seed: int,
    half: str | None,
    label_map: tuple[str, ...],
    dump: str | None,
    clean_text: bool,
    output: str | None,
) -> None:
    """Score the rules against labelled data and print markdown tables.

    The shared options work as for ``check``: the configuration (found, given
    or none with ``--isolated``) and ``--select``/``--extend-select``/``--ignore``
    choose the scored rules among each dataset kind's families and set their
    options and severities; ``--jobs``/``--scheduler`` say where they run;
    ``--quiet`` leaves out the progress lines; ``--verbose`` prints crashed
    rules' tracebacks.
    """
    # An unexpected failure ends in exit 2 with a message through the CLI's top-level guard (cli/guard.py).
    from ..eval_report import clean_text_table, dataset_summary, detail_table, sentence_table, summary_table
    from ..evaluation import (
        CleanTextAlarms,
        EvalError,
        LabelledLine,
        LabelMap,
        RunOptions,
        choose_records,
        clean_text_alarms,
        evaluate,
        is_page_dataset,
        load_dataset,
    )
    from ..reference_extractors import TOOL_BASELINES, TRIVIAL_BASELINES, available_baselines
    from ..registry import get_registry

    data = data_dir or default_data_dir()
    if data is None:
        click.echo(f"provlint: error: no labelled data found; pass --data DIR or set {DATA_ENV}", err=True)
        sys.exit(EXIT_ERROR)
    try:
        labels = LabelMap.parse(label_map)
    except EvalError as exc:
        raise click.BadParameter(str(exc), param_hint="--label-map") from None
    shared.require_scheduler()
    jobs = shared.workers()
    run = RunOptions(
        config=shared.config(),
        jobs=jobs,
        scheduler=shared.dask_address,
        dask=shared.uses_dask,
        on_error=(lambda tb: click.echo(tb, err=True)) if shared.verbose else None,
    )
    run.selected(())  # unknown selectors and rule options fail here, before any dataset is read

    def progress(message: str) -> None:
        if not shared.quiet:
            click.echo(message, err=True)

    usable, missing = available_baselines() if baselines else (list(TRIVIAL_BASELINES), {})
    scorers = [n for n in usable if baselines or n not in TOOL_BASELINES]
    for name, reason in missing.items():
        click.echo(f"provlint: warning: reference {name} skipped: {reason}", err=True)

    results = []
    alarms: list[CleanTextAlarms] = []
    started = time.monotonic()
    outputs = ExitStack()
    # created now, as temporary files, so that an unwritable path fails before any scoring
    report_file = outputs.enter_context(open_output(output, "-o")) if output else None
    dump_file = outputs.enter_context(open_output(dump, "--dump")) if dump else None
    dump_stream = dump_file.text() if dump_file is not None else None
    with outputs:

        def write(line: LabelledLine) -> None:
            if dump_stream is not None:
                dump_stream.write(json.dumps(line.as_json(), ensure_ascii=False) + "\n")

        for path in dataset_files(data, names):
            progress(f"scoring {path.name} ...")
            try:
                records = choose_records(load_dataset(path, limit), sample, seed, half)
            except (EvalError, OSError, EOFError) as exc:
                click.echo(f"provlint: error: {exc}", err=True)
                sys.exit(EXIT_ERROR)
            if not records:
                continue
            scores = evaluate(records, scorers, labels, jobs, write if dump else None, run)
            results.append(scores)
            for warning in scores.warnings():
                click.echo(f"provlint: warning: {warning}", err=True)
            if clean_text and is_page_dataset(records):
                alarms.append(clean_text_alarms(records, labels, run=run))
        rule_names = {cls.code: f"{cls.name}" for cls in get_registry().rule_classes()}
        chosen = []
        if limit:
            chosen.append(f"first {limit} records")
        if half:
            chosen.append(f"{half} half (seed {seed})")
        if sample:
            chosen.append(f"random {sample} records (seed {seed})")
        scope = f" ({', '.join(chosen)} of each)" if chosen else ""
        parts = [f"Datasets in `{data}`{scope}:\n\n" + dataset_summary(results, alarms)]
        if any(s.unit == "line" for s in results):
            parts.append("### Article kept and boilerplate removed\n\n" + summary_table(results))
            parts.append("### By lines, both classes\n\n" + detail_table(results, "lines", rule_names))
            parts.append("### By characters, both classes\n\n" + detail_table(results, "chars", rule_names))
        if any(s.unit == "sentence" for s in results):
            parts.append("### Sentences\n\n" + sentence_table(results, rule_names))
        if alarms:
            parts.append("### Findings on article text alone (false alarms)\n\n" + clean_text_table(alarms, rule_names))
        report = "\n".join(parts)
        click.echo(report, nl=False)
        progress(f"scored in {time.monotonic() - started:.0f} s")
        if dump_file is not None:
            commit_output(dump_file)
        if report_file is not None:
            report_file.text().write(report)
            commit_output(report_file)
