"""Import contracts, checked on the source tree (every import statement, at any depth).

* ``provlint.model`` is a leaf: it imports nothing from provlint.
* Rules never import the engine, the CLI or the formatters.
* The core (model, engine, prepare, rule, registry, selection, pipeline, config)
  never reaches the CLI, directly or through the modules it imports.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "provlint"
CORE = ("model", "engine", "prepare", "rule", "registry", "selection", "pipeline", "config")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


@cache
def imports_of(module: str) -> frozenset[str]:
    """The provlint modules ``module`` imports (relative imports resolved; ``from X import name`` counts X.name
    when that is a module)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return frozenset(name for name in found if name in MODULES)


def reachable(start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for name in imports_of(todo.pop()):
            if name not in seen:
                seen.add(name)
                todo.append(name)
    return seen


def _in(names: Iterable[str], *packages: str) -> list[str]:
    return sorted(n for n in names if any(n == p or n.startswith(p + ".") for p in packages))


def test_the_walker_sees_imports() -> None:
    assert "provlint.model" in imports_of("provlint.engine")
    assert "provlint.rule" in imports_of("provlint.rules.input.empty_document")
    assert "provlint.cli.main" in reachable("provlint.cli.check")


def test_model_imports_nothing_from_provlint() -> None:
    assert imports_of("provlint.model") == frozenset()


@pytest.mark.parametrize("rule_module", sorted(m for m in MODULES if m.startswith("provlint.rules")))
def test_rules_never_import_engine_cli_or_formatters(rule_module: str) -> None:
    forbidden = ("provlint.engine", "provlint.cli", "provlint.formatters")
    assert _in(imports_of(rule_module), *forbidden) == []


@pytest.mark.parametrize("core", CORE)
def test_core_never_reaches_the_cli(core: str) -> None:
    assert _in(reachable(f"provlint.{core}"), "provlint.cli") == []


def test_architecture_doc_names_every_module() -> None:
    """docs/architecture.md has a row (or a mention) for every module and package of src/provlint."""
    doc = (SRC.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    names = [p.name for p in PACKAGE.glob("*.py")]
    names += [f"{p.name}/" for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith("__")]
    assert [n for n in names if f"`{n}`" not in doc and f"{n}`" not in doc] == []
