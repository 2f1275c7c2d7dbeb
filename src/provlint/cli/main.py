"""Entry point: the ``provlint`` click group and the exit-code convention.

Exit codes: 0 nothing at or above the failing severity, 1 findings, 2 usage,
configuration or input errors (and crashed rules, unless ``--exit-zero``).
"""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..config import ConfigError
from ..registry import RegistryError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class ProvlintGroup(click.Group):
    """A group that turns configuration and registry errors into exit code 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (ConfigError, RegistryError) as exc:
            click.echo(f"provlint: error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)


@click.group(cls=ProvlintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provlint")
def cli() -> None:
    """Lint scraped, syndicated and machine-rewritten text; score each source."""


def _load_commands() -> None:
    from ..plugins import get_plugin_manager
    from . import check, eval_cmd, fix_cmd, plugins_cmd, rules_cmd, scorecard_cmd, tag_cmd  # noqa: F401 - they attach themselves to cli

    try:
        get_plugin_manager().hook.provlint_register_commands(cli=cli)
    except Exception as exc:
        click.echo(f"provlint: warning: a plugin failed to add its commands: {exc}", err=True)


def main(argv: list[str] | None = None) -> None:
    from .options import prescan_plugins

    prescan_plugins(list(sys.argv[1:] if argv is None else argv))
    _load_commands()
    try:
        cli.main(args=argv, prog_name="provlint", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover
        click.echo("provlint: interrupted", err=True)
        sys.exit(130)
