"""Run diagnostics the commands print on standard error (never findings, never part of a report)."""

from __future__ import annotations

import click

from ..model import RunStats


def warn_slow_rules(stats: RunStats) -> None:
    """One stderr line per slow rule call kept (a run diagnostic, never a finding)."""
    for slow in stats.slow_rules:
        click.echo(f"provlint: warning: {slow.message}", err=True)
    left = stats.slow_calls - len(stats.slow_rules)
    if left > 0:
        click.echo(f"provlint: warning: {left} more slow rule call{'s' if left != 1 else ''}", err=True)
