"""Rule documentation rendered from rule metadata.

One renderer serves ``provlint rule CODE`` and the pages in docs/rules/
(written by scripts/gen_rule_docs.py), so the two can never disagree: the
rule class (its attributes and its docstring's three sections) is the only
place a rule is described.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .atomic_write import write_bytes
from .registry import Registry
from .rule import RuleMeta

BUILTIN_PACKAGE = "provlint"


def render_rule(meta: RuleMeta, package: str, version: str) -> str:
    """Markdown page for one rule: what ``provlint rule CODE`` prints and docs/rules/CODE.md holds."""
    lines = [
        f"# {meta.code} {meta.name}",
        "",
        f"{meta.summary}",
        "",
        f"- Category: {meta.category.value}",
        f"- Default severity: {meta.severity.value}",
        "- Kind: engine diagnostic (reported by the engine, never run)"
        if meta.kind == "diagnostic"
        else f"- Kind: {meta.kind} rule",
        f"- Fixable: {'yes' if meta.fixable else 'no'}",
        f"- From: {package}" + ("" if package == BUILTIN_PACKAGE else f" {version}"),
    ]
    if meta.options:
        lines.append("- Options (`[tool.provlint.rules." + meta.code + "]`):")
        for name, default in meta.options.items():
            lines.append(
                f"  - `{name.replace('_', '-')}` = `{json.dumps(list(default) if isinstance(default, tuple) else default)}`"
            )
    lines += ["", meta.explanation, ""]
    return "\n".join(lines)


def render_index(metas: Iterable[RuleMeta]) -> str:
    """docs/rules/index.md: every built-in rule with a link to its page."""
    lines = [
        "# Rules",
        "",
        "Generated from the rule metadata by `python scripts/gen_rule_docs.py`; do not edit by hand.",
        "`provlint rule CODE` prints the same page; `provlint rules` lists the rules of installed plugins too.",
        "",
        "| code | name | category | severity | fixable | summary |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for m in metas:
        summary = m.summary.replace("|", "\\|")
        lines.append(
            f"| [{m.code}]({m.code}.md) | {m.name} | {m.category.value} | {m.severity.value} | "
            f"{'yes' if m.fixable else 'no'} | {summary} |"
        )
    return "\n".join(lines) + "\n"


def builtin_pages(registry: Registry) -> dict[str, str]:
    """File name -> content of every page of docs/rules/ (built-in rules only)."""
    metas = [cls.meta() for cls in registry.rule_classes() if registry.origin(cls.code).package == BUILTIN_PACKAGE]
    pages = {f"{m.code}.md": render_rule(m, BUILTIN_PACKAGE, "") for m in metas}
    pages["index.md"] = render_index(metas)
    return pages


def write_pages(directory: str | Path, pages: dict[str, str]) -> list[str]:
    """Write ``pages`` into ``directory`` and delete stale rule pages; returns the names changed."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for stale in sorted(directory.glob("*.md")):
        if stale.name not in pages:
            stale.unlink()
            changed.append(stale.name)
    for name, content in sorted(pages.items()):
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            write_bytes(path, content.encode("utf-8"))
            changed.append(name)
    return changed
