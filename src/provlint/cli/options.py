"""Options shared by the subcommands that read documents."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TextIO

import click

from ..config import Config, load_config


def split_list(values: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """``--select PL1,PL201 --select PL3`` -> ("PL1", "PL201", "PL3"); None when not given."""
    if not values:
        return None
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return tuple(out)


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


def config_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--config, --isolated, --select, --extend-select, --ignore, --input-format, --follow-links, --FIELD-field."""
    decorators = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False),
            help="Configuration file (provlint.toml or pyproject.toml).",
        ),
        click.option("--isolated", is_flag=True, help="Ignore configuration files."),
        click.option(
            "--select", multiple=True, help="Rules to run: codes, prefixes (PL1), names or categories; comma-separated."
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
            help="Load only these plugins (entry-point or package names), even with PROVLINT_DISABLE_PLUGIN_AUTOLOAD.",
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
    for d in reversed(decorators):
        func = d(func)
    return func


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
    from ..plugins import select_plugins

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
        select_plugins(allowed)


def build_config(
    config_path: str | None,
    isolated: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    input_format: str | None,
    follow_links: bool = False,
    text_field: str | None = None,
    id_field: str | None = None,
    source_field: str | None = None,
    url_field: str | None = None,
    **extra: Any,
) -> Config:
    config = load_config(config_path, discover=not isolated)
    changes: dict[str, Any] = {
        "select": split_list(select),
        "extend_select": split_list(extend_select),
        "ignore": split_list(ignore),
    }
    changes.update(extra)
    config = config.with_overrides(**changes)
    from dataclasses import replace

    if input_format:
        config = replace(config, input=replace(config.input, format=input_format))
    if follow_links:
        config = replace(config, input=replace(config.input, follow_links=True))
    given = {"text": text_field, "id": id_field, "source": source_field, "url": url_field}
    fields = {k: v for k, v in given.items() if v}
    if fields:
        config = replace(config, input=replace(config.input, fields={**config.input.fields, **fields}))
    return config


def use_color(no_color: bool, stream: TextIO) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream is sys.stdout and sys.stdout.isatty()
