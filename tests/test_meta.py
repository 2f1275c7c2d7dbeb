"""Conventions kept honest: every rule has metadata, docs sections and cases;
every hook is documented and exercised."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from provlint import hookspecs
from provlint.model import DIAGNOSTICS
from provlint.registry import get_registry
from provlint.rule import is_runnable, validate_rule_class
from provlint.testing import load_case_dir

CASES = load_case_dir(Path(__file__).parent / "rules" / "cases")
BUILTIN = [c for c in get_registry().rule_classes() if get_registry().origin(c.code).package == "provlint"]
# Engine diagnostics are reported by the engine, never run; their behaviour is pinned in tests/test_engine.py
# and tests/reliability/. PL002 reports what the reader repaired (tests/reliability/test_inputs.py).
ENGINE_REPORTED = {*DIAGNOSTICS, "PL002"}
RUNNABLE = [c for c in BUILTIN if is_runnable(c)]


@pytest.mark.parametrize("cls", BUILTIN, ids=[c.code for c in BUILTIN])
def test_rule_metadata_is_valid(cls: type) -> None:
    assert validate_rule_class(cls) == []


@pytest.mark.parametrize("cls", [c for c in BUILTIN if c.code not in ENGINE_REPORTED], ids=lambda c: c.code)
def test_rule_has_passing_and_failing_cases(cls: type) -> None:
    mine = [c for c in CASES if c.rule == cls.code]
    assert any(c.is_failing for c in mine), f"{cls.code} has no case that expects findings"
    assert any(not c.is_failing for c in mine), f"{cls.code} has no case that expects none"


def test_rule_files_one_rule_each() -> None:
    for cls in RUNNABLE:
        module = inspect.getmodule(cls)
        assert module is not None
        path = Path(module.__file__ or "")
        assert path.stem == cls.name.replace("-", "_"), (
            f"{cls.code} lives in {path.name}, expected {cls.name.replace('-', '_')}.py"
        )


HOOKS = [name for name, obj in vars(hookspecs).items() if name.startswith("provlint_") and callable(obj)]


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_documented_and_tested(hook: str) -> None:
    assert inspect.getdoc(getattr(hookspecs, hook)), f"{hook} has no docstring"
    tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.rglob("test_*.py"))
    docs_root = Path(__file__).parent.parent / "docs"
    docs = "".join(p.read_text(encoding="utf-8") for p in docs_root.rglob("*.md")) if docs_root.exists() else ""
    assert hook in docs, f"{hook} is not described in docs/"
    assert f"def {hook}" in tests or f".{hook}(" in tests, f"{hook} is not exercised by a test"


def test_missing_snapshot_is_written_and_fails(tmp_path: Path) -> None:
    from tests.conftest import check_snapshot

    path = tmp_path / "new.findings"
    with pytest.raises(pytest.fail.Exception, match="snapshot new.findings was missing: written now"):
        check_snapshot(path, "PL201 ...\n", update=False)
    assert path.read_text(encoding="utf-8") == "PL201 ...\n"
    check_snapshot(path, "PL201 ...\n", update=False)  # now present and equal: passes
    with pytest.raises(AssertionError, match="snapshot new.findings differs"):
        check_snapshot(path, "PL202 ...\n", update=False)
