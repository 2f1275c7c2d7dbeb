"""``provlint rules`` and ``provlint rule CODE``: the rule list and explanations,
generated from rule metadata (the same text as docs/rules/)."""

from __future__ import annotations

import json

import click

from ..registry import Registry, get_registry
from ..ruledocs import render_rule
from .main import EXIT_ERROR, cli


def rule_rows(registry: Registry) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for cls in registry.rule_classes():
        meta = cls.meta()
        origin = registry.origin(meta.code)
        rows.append(
            {
                "code": meta.code,
                "name": meta.name,
                "category": meta.category.value,
                "severity": meta.severity.value,
                "kind": meta.kind,
                "fixable": meta.fixable,
                "summary": meta.summary,
                "plugin": origin.plugin,
                "package": origin.package,
                "version": origin.version,
            }
        )
    return rows


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(fmt: str) -> None:
    """List every rule, built-in and from plugins."""
    rows = rule_rows(get_registry())
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        origin = "" if r["package"] == "provlint" else f"  (from {r['package']} {r['version']})"
        click.echo(f"{r['code']}  {r['name']:<32} {r['category']:<12} {r['severity']:<8} {r['summary']}{origin}")


@cli.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Explain one rule (by code or name)."""
    registry = get_registry()
    cls = registry.rule_class(code)
    if cls is None:
        click.echo(f"provlint: error: no rule {code!r}; see `provlint rules`", err=True)
        raise SystemExit(EXIT_ERROR)
    origin = registry.origin(cls.code)
    click.echo(render_rule(cls.meta(), origin.package, origin.version), nl=False)


@cli.command("formats")
def formats_command() -> None:
    """List the output formats: finding formats (`check --format`), then scorecard formats (`scorecard --format`)."""
    registry = get_registry()
    for name in sorted(registry.formatters):
        c = registry.formatters[name]
        origin = "" if c.package == "provlint" else f"  (from {c.package} {c.version})"
        click.echo(f"{name:<10} {c.obj.description}{origin}")
    click.echo("Scorecard formats (provlint scorecard --format):")
    for name in sorted(registry.scorecard_formats):
        c = registry.scorecard_formats[name]
        origin = "" if c.package == "provlint" else f"  (from {c.package} {c.version})"
        click.echo(f"  {name:<10} {c.obj.description}{origin}")
