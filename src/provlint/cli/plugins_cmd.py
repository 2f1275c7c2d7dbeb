"""``provlint plugins``: what is loaded, from which package and version, with which hooks."""

from __future__ import annotations

import json

import click

from ..plugins import get_plugin_manager
from .main import cli


@cli.command("plugins")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Include provlint's built-in plugins.")
def plugins_command(fmt: str, show_all: bool) -> None:
    """List installed plugins, their versions and hooks, and plugins that failed to load."""
    pm = get_plugin_manager()
    infos = [p for p in pm.info() if show_all or not p.builtin]
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "plugins": [
                        {
                            "name": p.name,
                            "package": p.package,
                            "version": p.version,
                            "hooks": list(p.hooks),
                            "builtin": p.builtin,
                        }
                        for p in infos
                    ],
                    "errors": [
                        {"name": e.name, "package": e.package, "version": e.version, "error": e.error}
                        for e in pm.load_errors
                    ],
                },
                indent=2,
            )
        )
        return
    if not infos and not pm.load_errors:
        click.echo("No third-party plugins installed (use --all to list built-ins).")
    for p in infos:
        click.echo(f"{p.name}  {p.package} {p.version}  hooks: {', '.join(p.hooks)}")
    for e in pm.load_errors:
        click.echo(f"FAILED {e}")
