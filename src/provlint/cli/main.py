"""Entry point: the ``provlint`` click group, its lazily imported commands and the exit-code convention.

Exit codes: 0 nothing at or above the failing severity, 1 findings, 2 usage,
configuration or input errors (and crashed rules, unless ``--exit-zero``), and
any error provlint did not expect (see :func:`main`), 130 interrupted.

Start-up matters as much as throughput here: a pre-commit hook or an editor
runs ``provlint`` on one file at a time. So ``provlint --version`` and
``provlint --help`` import only this module and click; each built-in command's
module (and with it the engine, the rules and the plugins) is imported when
that command runs, and plugin commands are looked for only when a name is not
a built-in one.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, NoReturn

import click

from .. import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130

#: Built-in commands: name -> (module, attribute, one-line help shown by ``provlint --help``).
#: tests/test_cli_startup.py checks each line is the command's own short help.
BUILTIN_COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("provlint.cli.check", "check", "Lint PATHS (files, folders, JSON Lines; - for standard input)."),
    "eval": (
        "provlint.cli.eval_cmd",
        "eval_command",
        "Score the rules against labelled data and print markdown tables.",
    ),
    "fix": (
        "provlint.cli.fix_cmd",
        "fix",
        "Apply the fixes findings carry to PATHS (text files, folders, JSON Lines).",
    ),
    "formats": (
        "provlint.cli.rules_cmd",
        "formats_command",
        "List the output formats: finding formats (`check --format`), then scorecard formats (`scorecard --format`).",
    ),
    "plugins": (
        "provlint.cli.plugins_cmd",
        "plugins_command",
        "List installed plugins, their versions and hooks, and plugins that failed to load.",
    ),
    "rule": ("provlint.cli.rules_cmd", "rule_command", "Explain one rule (by code or name)."),
    "rules": ("provlint.cli.rules_cmd", "rules_command", "List every rule, built-in and from plugins."),
    "scorecard": ("provlint.cli.scorecard_cmd", "scorecard", "Lint PATHS and report a scorecard per source."),
    "tag": (
        "provlint.cli.tag_cmd",
        "tag",
        "Annotate every record of PATHS with its findings as spans and per-document scores.",
    ),
}


def nearest_option(name: str, command: click.Command) -> str | None:
    """The command's visible option spelled most like ``name`` (``--selct`` -> ``--select``), if any is close."""
    import difflib

    spellings = [
        opt
        for param in command.params
        if isinstance(param, click.Option) and not param.hidden
        for opt in (*param.opts, *param.secondary_opts)
    ]
    if name.startswith("--"):
        spellings = [s for s in spellings if s.startswith("--")]
    best = difflib.get_close_matches(name.split("=", 1)[0], spellings, n=1, cutoff=0.6)
    return best[0] if best else None


class ProvlintCommand(click.Command):
    """A command whose unknown-option error names the one nearest real option."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            best = nearest_option(exc.option_name, self)
            hint = f"did you mean {best}?" if best else f"see 'provlint {self.name} --help' for the options"
            raise click.UsageError(f"no such option {exc.option_name!r}: {hint}", ctx=exc.ctx) from None


class ProvlintGroup(click.Group):
    """The ``provlint`` group: built-in commands imported on use, plugin commands on demand,
    and configuration, registry and report errors turned into exit code 2 with one line."""

    command_class = ProvlintCommand
    _plugins_loaded = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(BUILTIN_COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        builtin = BUILTIN_COMMANDS.get(cmd_name)
        if builtin is not None:
            module, attribute, _ = builtin
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command)
            return command
        load_plugin_commands()
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from :data:`BUILTIN_COMMANDS`, without importing any command's module."""
        rows = [(name, BUILTIN_COMMANDS[name][2]) for name in sorted(BUILTIN_COMMANDS)]
        rows += [
            (name, cmd.get_short_help_str(limit=formatter.width))
            for name, cmd in sorted(self.commands.items())
            if name not in BUILTIN_COMMANDS and not cmd.hidden
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        from ..config import ConfigError
        from ..registry import RegistryError

        try:
            return super().invoke(ctx)
        except (ConfigError, RegistryError) as exc:
            click.echo(f"provlint: error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)


@click.group(
    cls=ProvlintGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Plugins can add commands: `provlint plugins` lists what is installed. "
    "Run `provlint COMMAND --help` for a command's options.",
)
@click.version_option(__version__, prog_name="provlint")
def cli() -> None:
    """Lint scraped, syndicated and machine-rewritten text; score each source."""


def load_plugin_commands() -> None:
    """Let plugins add their commands to :data:`cli` (the first time a command name is not a built-in one)."""
    if not ProvlintGroup._plugins_loaded:
        _load_commands()


def _load_commands() -> None:
    """Import every built-in command, then call the plugins' ``provlint_register_commands`` hook."""
    ProvlintGroup._plugins_loaded = True
    for module, _, _ in BUILTIN_COMMANDS.values():
        importlib.import_module(module)  # built-ins first: a plugin cannot take their names
    from ..plugins import get_plugin_manager

    try:
        get_plugin_manager().hook.provlint_register_commands(cli=cli)
    except Exception as exc:
        click.echo(f"provlint: warning: a plugin failed to add its commands: {exc}", err=True)


def main(argv: list[str] | None = None) -> NoReturn:
    """Run the ``provlint`` command line and exit with its code.

    Anything a command did not handle ends here as exit code 2 with a one-line
    message naming the input being read, never as a traceback with exit
    code 1 (which CI would read as "findings") or, worse, 0.
    """
    from . import guard

    args = sys.argv[1:] if argv is None else list(argv)
    if any(arg == "--plugins" or arg.startswith("--plugins=") for arg in args):
        from .options import prescan_plugins

        prescan_plugins(args)  # plugins add commands, so the allow-list applies before parsing
    try:
        cli.main(args=args, prog_name="provlint", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("provlint: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except BaseException as exc:
        guard.report_crash(exc, verbose=guard.wants_traceback(args))
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK)
