"""``provlint eval``: precision, recall and F1 of the rules on labelled datasets.

Prints one markdown table (and optionally writes it to a file): per dataset,
the pooled provlint row, each rule family, each rule and, for page datasets,
the jusText and trafilatura baselines on the same lines.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from .main import EXIT_ERROR, cli

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
    help="Score jusText and trafilatura beside provlint (needs the eval extra).",
)
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N records of each dataset (a quick look).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Also write the markdown to this file."
)
def eval_command(
    data_dir: Path | None, names: tuple[str, ...], baselines: bool, limit: int | None, output: str | None
) -> None:
    """Score the rules against labelled data and print a markdown table."""
    from ..eval_baselines import BASELINES, BaselineUnavailable, load_baselines
    from ..evaluation import dataset_summary, evaluate, load_dataset, markdown_table
    from ..registry import get_registry

    data = data_dir or default_data_dir()
    if data is None:
        click.echo(f"provlint: error: no labelled data found; pass --data DIR or set {DATA_ENV}", err=True)
        sys.exit(EXIT_ERROR)
    try:
        scorers = load_baselines(list(BASELINES)) if baselines else {}
    except BaselineUnavailable as exc:
        click.echo(f"provlint: error: {exc} (or use --no-baselines)", err=True)
        sys.exit(EXIT_ERROR)
    results = []
    started = time.monotonic()
    for path in dataset_files(data, names):
        click.echo(f"scoring {path.name} ...", err=True)
        records = load_dataset(path, limit)
        if records:
            results.append(evaluate(records, scorers))
    rule_names = {cls.code: f"{cls.name}" for cls in get_registry().rule_classes()}
    report = (
        f"Datasets in `{data}`{f' (first {limit} records each)' if limit else ''}:\n\n"
        + dataset_summary(results)
        + "\n"
        + markdown_table(results, rule_names)
    )
    click.echo(report, nl=False)
    click.echo(f"scored in {time.monotonic() - started:.0f} s", err=True)
    if output:
        Path(output).write_text(report, encoding="utf-8")
