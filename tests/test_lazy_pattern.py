"""lazy_compile: a module-level pattern compiled on first use, once, identical to regex.compile."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import regex

from provlint import cache, lazy_pattern
from provlint.lazy_pattern import LazyPattern, lazy_compile

SOURCE = r"(?<!\w)(?:according\s+to|said)\s+$"


@pytest.fixture(autouse=True)
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_patterns", {})


def test_nothing_is_compiled_until_first_use_then_once() -> None:
    before = lazy_pattern.compiled_count
    p = lazy_compile(SOURCE, regex.IGNORECASE)
    assert isinstance(p, LazyPattern) and not p.is_compiled
    assert lazy_pattern.compiled_count == before
    assert p.search("as the minister SAID ").span() == (16, 21)
    assert p.is_compiled and lazy_pattern.compiled_count == before + 1
    assert p.search("no") is None
    assert p.finditer("experts said ") is not None
    assert lazy_pattern.compiled_count == before + 1  # compiled once, whatever is used after


def test_matches_and_attributes_are_those_of_regex_compile() -> None:
    p = lazy_compile(r"\w+(?:[-'’]\w+)*")
    fresh = regex.compile(r"\w+(?:[-'’]\w+)*")
    text = "Don’t re-use the well-known café's menu"
    assert [m.group() for m in p.finditer(text)] == [m.group() for m in fresh.finditer(text)]
    assert [m.group() for m in p.finditer(text)][:3] == ["Don’t", "re-use", "the"]
    assert (p.pattern, p.flags, p.groups) == (fresh.pattern, fresh.flags, fresh.groups)
    assert p.sub("_", "a b") == "_ _"


def test_pickles_as_its_source_and_flags() -> None:
    p = lazy_compile(SOURCE, regex.IGNORECASE)
    p.search("x")
    copy = pickle.loads(pickle.dumps(p))
    assert isinstance(copy, LazyPattern) and not copy.is_compiled
    assert copy.search("they said ") is not None and copy.flags == p.flags


def test_unknown_attributes_and_dunders_raise_attribute_error() -> None:
    p = lazy_compile("a")
    with pytest.raises(AttributeError):
        p.no_such_method  # noqa: B018
    assert not hasattr(p, "__len__")
    assert "not compiled yet" in repr(lazy_compile("b"))


def _module_level_compiles(path: Path) -> list[str]:
    """``NAME = regex.compile(...)`` / ``re.compile(...)`` statements at a module's top level."""
    import ast

    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "compile"
            and isinstance(value.func.value, ast.Name)
            and value.func.value.id in ("re", "regex")
        ):
            found.append(f"{path.name}:{node.lineno}")
    return found


def test_rule_modules_compile_no_pattern_when_imported(tmp_path: Path) -> None:
    """Every rule module is imported by `provlint rules` and by a run of any one family: module-level patterns
    use lazy_compile, so only the rules that run pay for theirs."""
    import provlint

    root = Path(provlint.__file__).parent
    files = [*(root / "rules").rglob("*.py"), *(root / "analyses").rglob("*.py"), root / "anchored.py"]
    assert len(files) > 40
    assert [hit for f in sorted(files) for hit in _module_level_compiles(f)] == []
    sample = tmp_path / "sample.py"  # the check sees the spellings it forbids, and only at top level
    sample.write_text(
        'import re\nA = re.compile("a")\nB: Any = regex.compile("b")\ndef f():\n    C = re.compile("c")\n'
    )
    assert _module_level_compiles(sample) == ["sample.py:2", "sample.py:3"]
