"""The options every command that reads documents shares, defined once.

``check``, ``scorecard``, ``fix`` and ``tag`` take the same inputs, rule
selection, configuration, ``--jobs``/``-j``, ``--scheduler``, ``--quiet``/``-q``
and ``--verbose``/``-v`` options through :func:`shared_options`, which hands the
command one :class:`SharedOptions` value instead of a dozen arguments;
``eval``, whose inputs are labelled datasets, takes all but the input ones
(:data:`RUN_PARAMS`). Tests (tests/test_cli_options.py) check that each
command has its whole set, with one help text per option.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TextIO

import click

from ..config import Config, load_config

if TYPE_CHECKING:  # pragma: no cover
    from ..baseline import BaselineFilter
    from ..pipeline import Pipeline

#: More worker processes than this is a typing mistake, not a plan (a machine with that many cores can use a cluster).
MAX_JOBS = 1024
#: ``--scheduler`` values that are not a Dask scheduler address.
LOCAL_SCHEDULERS = ("processes", "dask")
#: The options that name the documents and how to read them.
INPUT_PARAMS = ("paths", "input_format", "follow_links", "text_field", "id_field", "source_field", "url_field")
#: The options that choose the rules and run them: every command that runs rules takes these
#: (``provlint eval`` too, whose inputs are labelled datasets rather than paths).
RUN_PARAMS = (
    "config_path",
    "isolated",
    "select",
    "extend_select",
    "ignore",
    "jobs",
    "scheduler",
    "engine",
    "quiet",
    "verbose",
)
#: The option names :func:`shared_options` adds (the test of the shared set reads this).
SHARED_PARAMS = (*INPUT_PARAMS, *RUN_PARAMS)


def split_list(values: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """``--select PL1,PL201 --select PL3`` -> ("PL1", "PL201", "PL3"); None when not given."""
    if not values:
        return None
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return tuple(out)


@dataclass(frozen=True)
class SharedOptions:
    """What the user said about inputs, rules, configuration, workers and verbosity."""

    paths: tuple[str, ...] = ()
    config_path: str | None = None
    isolated: bool = False
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    input_format: str | None = None
    follow_links: bool = False
    text_field: str | None = None
    id_field: str | None = None
    source_field: str | None = None
    url_field: str | None = None
    jobs: int | None = None
    scheduler: str = "processes"
    quiet: bool = False
    verbose: bool = False

    def config(self, **overrides: Any) -> Config:
        """The configuration file (found, given or none with ``--isolated``) with the command line on top."""
        config = load_config(self.config_path, discover=not self.isolated)
        changes: dict[str, Any] = {
            "select": split_list(self.select),
            "extend_select": split_list(self.extend_select),
            "ignore": split_list(self.ignore),
        }
        changes.update(overrides)
        config = config.with_overrides(**changes)
        if self.input_format:
            config = replace(config, input=replace(config.input, format=self.input_format))
        if self.follow_links:
            config = replace(config, input=replace(config.input, follow_links=True))
        given = {"text": self.text_field, "id": self.id_field, "source": self.source_field, "url": self.url_field}
        fields = {k: v for k, v in given.items() if v}
        if fields:
            config = replace(config, input=replace(config.input, fields={**config.input.fields, **fields}))
        return config

    @property
    def uses_dask(self) -> bool:
        return self.scheduler != "processes"

    @property
    def dask_address(self) -> str | None:
        """The scheduler address, or None for a local Dask cluster or local processes."""
        return None if self.scheduler in LOCAL_SCHEDULERS else self.scheduler

    def require_scheduler(self) -> None:
        """A usage error when ``--scheduler`` asks for Dask and Dask is not installed."""
        if self.uses_dask:
            try:
                import dask  # noqa: F401
                import distributed  # noqa: F401
            except ImportError:
                raise click.UsageError("--scheduler dask needs Dask: pip install 'provlint[dask]'") from None

    def workers(self) -> int:
        from ..parallel import available_cores

        return self.jobs or available_cores()

    def pipeline(self, config: Config, baseline: BaselineFilter | None = None, measure: bool = True) -> Pipeline:
        """A pipeline that runs where ``--jobs`` and ``--scheduler`` say (``baseline``: findings it leaves out;
        ``measure``: the run shows scorecards, so the scorecard's own analyses run)."""
        from ..pipeline import Pipeline

        self.require_scheduler()
        return Pipeline(
            config,
            jobs=self.workers(),
            scheduler=self.dask_address,
            dask=self.uses_dask,
            baseline=baseline,
            measure=measure,
        )


class InputFormat(click.ParamType):  # type: ignore[type-arg,unused-ignore]
    """An ``--input-format`` value: ``auto`` or a registered reader's name (plugins' readers included).

    The choices come from the registry when the option is parsed, not when the
    command is defined, so a plugin's reader is selectable by name.
    """

    name = "format"

    def get_metavar(self, param: click.Parameter, *args: Any, **kwargs: Any) -> str:
        return "FORMAT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ..readers.base import format_choices
        from ..registry import get_registry

        choices = format_choices(get_registry().readers)
        if value not in choices:
            self.fail(f"{value!r} is not a reader; choose from {', '.join(choices)}", param, ctx)
        return str(value)


#: Record fields with a command-line option of their own (``--text-field content``); the rest only in the config.
FIELD_OPTIONS = {"text": "text", "id": "record id", "source": "source name", "url": "page URL"}


def _select_plugins(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> None:
    from ..plugins import select_plugins

    names = split_list(value)
    if names is not None:
        select_plugins(names)


def _require_plugins(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> None:
    from ..plugins import get_plugin_manager

    names = split_list(value)
    if names:
        get_plugin_manager().require(names)


def prescan_plugins(argv: list[str]) -> None:
    """Apply ``--plugins`` before the command line is parsed: plugins add commands, so they load first."""
    names: list[str] = []
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--plugins" and i + 1 < len(argv):
            names.append(argv[i + 1])
        elif arg.startswith("--plugins="):
            names.append(arg.split("=", 1)[1])
    allowed = split_list(tuple(names))
    if allowed is not None:
        from ..plugins import select_plugins

        select_plugins(allowed)


def _scheduler(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if value in LOCAL_SCHEDULERS or "://" in value or ":" in value:
        return value
    raise click.BadParameter(
        f"{value!r}: expected processes, dask or a Dask scheduler address such as tcp://10.0.0.5:8786",
        ctx=ctx,
        param=param,
    )


def shared_options(
    *, default_paths: tuple[str, ...] | None = None, inputs: bool = True
) -> Callable[[Callable[..., Any]], Any]:
    """Add the shared options to a command; it receives them as ``shared: SharedOptions``.

    ``default_paths``: what to read when no path is given (``check`` reads the
    current folder, as ruff does); None makes a path required. ``inputs=False``:
    a command that reads no paths (``provlint eval`` reads labelled datasets)
    gets only the rule selection, configuration and run options (:data:`RUN_PARAMS`).
    """
    names = SHARED_PARAMS if inputs else RUN_PARAMS

    def decorate(func: Callable[..., Any]) -> Any:
        @functools.wraps(func)
        def command(**kwargs: Any) -> Any:
            values = {name: kwargs.pop(name) for name in names}
            engine = values.pop("engine")
            scheduler = values.pop("scheduler")
            if engine is not None:
                click.echo(
                    "provlint: warning: --engine is deprecated; use --scheduler "
                    + ("dask" if engine == "dask" else "processes"),
                    err=True,
                )
                if scheduler is None:
                    scheduler = "dask" if engine == "dask" else "processes"
            values["scheduler"] = scheduler or "processes"
            if inputs:
                values["paths"] = tuple(values["paths"]) or tuple(default_paths or ())
            return func(shared=SharedOptions(**values), **kwargs)

        paths = click.argument("paths", nargs=-1, required=default_paths is None)
        input_options = [
            click.option(
                "--input-format",
                type=InputFormat(),
                default=None,
                help="Reader for the inputs: auto, or a reader's name (see `provlint plugins`); "
                "default: by suffix, sniffed for stdin.",
            ),
            click.option(
                "--follow-links",
                is_flag=True,
                default=False,
                help="Follow symbolic links in folders even when they lead outside the folders named.",
            ),
            *(
                click.option(
                    f"--{name}-field",
                    default=None,
                    metavar="KEY",
                    help=f"Record key or column holding the {what} (JSON Lines, Parquet; [input.fields] {name}).",
                )
                for name, what in FIELD_OPTIONS.items()
            ),
        ]
        selection_options = [
            click.option(
                "--config",
                "config_path",
                type=click.Path(dir_okay=False),
                help="Configuration file (provlint.toml or pyproject.toml); default: the nearest one found.",
            ),
            click.option("--isolated", is_flag=True, help="Ignore configuration files."),
            click.option(
                "--select",
                multiple=True,
                help="Rules to run: codes, prefixes (PL1), names or categories; comma-separated.",
            ),
            click.option("--extend-select", multiple=True, help="Rules to add to the selection."),
            click.option("--ignore", multiple=True, help="Rules to leave out."),
            click.option(
                "--plugins",
                "plugins_allowed",
                metavar="NAME,...",
                multiple=True,
                is_eager=True,
                expose_value=False,
                callback=_select_plugins,
                help="Load only these plugins (entry-point or package names), "
                "even with PROVLINT_DISABLE_PLUGIN_AUTOLOAD.",
            ),
            click.option(
                "--require-plugins",
                "plugins_required",
                metavar="NAME,...",
                multiple=True,
                expose_value=False,
                callback=_require_plugins,
                help="Exit with code 2 unless these plugins are installed and load.",
            ),
        ]
        worker_options = [
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(min=0, max=MAX_JOBS),
                default=None,
                help="Worker processes (default or 0: all cores; 1: in this process). "
                "Output is identical whatever the number.",
            ),
            click.option(
                "--scheduler",
                metavar="processes|dask|ADDRESS",
                default=None,
                callback=_scheduler,
                help="Where to lint: local worker processes (default), a local Dask cluster (dask), "
                "or the Dask scheduler at ADDRESS, e.g. tcp://10.0.0.5:8786 (Dask needs provlint[dask]).",
            ),
            click.option(
                "--engine",
                type=click.Choice(["local", "dask"]),
                default=None,
                hidden=True,
                help="Deprecated: --scheduler processes|dask.",
            ),
            click.option("-q", "--quiet", is_flag=True, help="No progress line and no summary."),
            click.option("-v", "--verbose", is_flag=True, help="Print tracebacks of crashed rules and errors."),
        ]
        if inputs:
            options = [paths, *selection_options, *input_options, *worker_options]
        else:
            options = [*selection_options, *worker_options]
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def use_color(no_color: bool, stream: TextIO) -> bool:
    """Colour only on a terminal: never with ``--no-color`` or ``NO_COLOR``; always with ``FORCE_COLOR``."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream is sys.stdout and sys.stdout.isatty()
