"""How ``provlint check`` runs: ``--jobs``, ``--engine``, ``--scheduler``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..baseline import BaselineFilter
from ..config import Config
from ..model import RunStats
from ..pipeline import Pipeline


def run_options(func: Callable[..., Any]) -> Callable[..., Any]:
    decorators = [
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=0),
            default=None,
            help="Worker processes (default or 0: all cores; 1: in this process). Output is identical whatever the number.",
        ),
        click.option(
            "--engine",
            type=click.Choice(["local", "dask"]),
            default="local",
            show_default=True,
            help="Where to lint: local processes, or a Dask cluster (needs provlint[dask]).",
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            default=None,
            help="Dask scheduler to send the run to, e.g. tcp://10.0.0.5:8786 (implies --engine dask).",
        ),
    ]
    for d in reversed(decorators):
        func = d(func)
    return func


def make_pipeline(
    config: Config,
    jobs: int | None,
    engine: str,
    scheduler: str | None,
    baseline: BaselineFilter | None = None,
    measure: bool = True,
) -> Pipeline:
    """``measure``: the run shows scorecards, so the scorecard's own analyses run (provlint.scorecard_measures)."""
    from ..parallel import available_cores

    workers = jobs or available_cores()
    use_dask = engine == "dask" or scheduler is not None
    if use_dask:
        try:
            import dask  # noqa: F401
            import distributed  # noqa: F401
        except ImportError:
            raise click.UsageError("--engine dask needs Dask: pip install 'provlint[dask]'") from None
    return Pipeline(config, jobs=workers, scheduler=scheduler, dask=use_dask, baseline=baseline, measure=measure)


def warn_slow_rules(stats: RunStats) -> None:
    """One stderr line per slow rule call kept (a run diagnostic, never a finding)."""
    for slow in stats.slow_rules:
        click.echo(f"provlint: warning: {slow.message}", err=True)
    left = stats.slow_calls - len(stats.slow_rules)
    if left > 0:
        click.echo(f"provlint: warning: {left} more slow rule call{'s' if left != 1 else ''}", err=True)
