"""Guards for the fast path: rules compile their patterns once, never per document.

Compiling (``regex.compile``, ``re.compile``, ``phrase_pattern``...) inside
``check``/``observe``/``decide`` would recompile, or at best hit a cache
lookup, for every document. Patterns belong at module level or in
``__init__`` (once per run). See docs/performance.md.
"""

from __future__ import annotations

import ast

from tests.conftest import ROOT

RULES = ROOT / "src" / "provlint" / "rules"
PER_DOCUMENT = {"check", "observe", "decide"}
COMPILERS = {"compile", "phrase_pattern", "phrase_list_pattern"}


def per_document_compiles(source: str, label: str) -> list[str]:
    """``label:line: Class.method calls compile()`` for each compile in a per-document method."""
    problems = []
    for cls in (n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ClassDef)):
        for method in (n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name in PER_DOCUMENT):
            for call in (n for n in ast.walk(method) if isinstance(n, ast.Call)):
                func = call.func
                name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
                if name in COMPILERS:
                    problems.append(f"{label}:{call.lineno}: {cls.name}.{method.name} calls {name}()")
    return problems


def test_rules_compile_patterns_once() -> None:
    files = sorted(RULES.rglob("*.py"))
    assert files
    problems = [
        p for f in files for p in per_document_compiles(f.read_text(encoding="utf-8"), str(f.relative_to(ROOT)))
    ]
    assert problems == []


def test_the_guard_catches_a_per_document_compile() -> None:
    source = (
        "import regex\n"
        "PATTERN = regex.compile('fine')\n"
        "class R:\n"
        "    def __init__(self):\n"
        "        self.p = regex.compile('fine too')\n"
        "    def check(self, doc):\n"
        "        return regex.compile('x').findall(doc.text)\n"
    )
    assert per_document_compiles(source, "probe.py") == ["probe.py:7: R.check calls compile()"]
