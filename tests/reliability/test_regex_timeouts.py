"""Every regular-expression call in a rule passes the pattern timeout (checked on the source, by AST)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import regex

from provlint import Category, Config, Document, DocumentRule, Severity, lint_documents
from provlint.patterns import PATTERN_TIMEOUT
from provlint.prepare import PreparedDocument

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "src" / "provlint"
RULES_DIR = PACKAGE_DIR / "rules"
# Rules and the shared analyses they read (page lines, page layout) run on every document.
ANALYSES_DIR = PACKAGE_DIR / "analyses"
# Methods that only compiled patterns (and the regex module) have: str has none of them.
# ``split`` is left out because str.split cannot be told apart from Pattern.split.
PATTERN_METHODS = {"match", "search", "fullmatch", "finditer", "findall", "sub", "subn"}
RULE_FILES = sorted([*RULES_DIR.rglob("*.py"), *ANALYSES_DIR.rglob("*.py")])


COMPILERS = {"compile", "phrase_pattern", "phrase_list_pattern"}


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _target_key(node: ast.AST) -> str | None:
    """``NAME`` or ``self.NAME`` as a lookup key."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
        return "self." + node.attr
    return None


def _not_a_pattern(tree: ast.Module) -> set[str]:
    """Names (``x``, ``self.x``, ``f()``) that are provably something other than a compiled pattern.

    A name assigned from a call to anything but a compiler (``AnchoredPhrases(...)``), or
    annotated with a type that is not a Pattern; a function whose return annotation is not a
    Pattern. Everything else with a pattern method is treated as a pattern: the check errs on
    the side of asking for a timeout.
    """
    assigned: dict[str, list[bool]] = {}
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns is not None:
            if "Pattern" not in ast.unparse(node.returns):
                out.add(node.name + "()")
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            for target in node.targets:
                key = _target_key(target)
                if key:
                    assigned.setdefault(key, []).append(_call_name(node.value) not in COMPILERS)
        elif isinstance(node, ast.AnnAssign):
            key = _target_key(node.target)
            if key:
                assigned.setdefault(key, []).append("Pattern" not in ast.unparse(node.annotation))
    out.update(key for key, flags in assigned.items() if all(flags))
    return out


def _receiver_key(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id + "()"
    return _target_key(node)


def untimed_calls(source: str) -> list[str]:
    """``line: call`` for each pattern-method call without a ``timeout=`` keyword."""
    tree = ast.parse(source)
    skip = _not_a_pattern(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in PATTERN_METHODS:
            if _receiver_key(node.func.value) in skip:
                continue
            if not any(k.arg == "timeout" for k in node.keywords):
                out.append(f"{node.lineno}: {ast.unparse(node.func)}(...)")
    return out


def stdlib_re_imports(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import) and any(a.name == "re" for a in node.names):
            lines.append(node.lineno)
        if isinstance(node, ast.ImportFrom) and node.module == "re":
            lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("path", RULE_FILES, ids=[str(p.relative_to(PACKAGE_DIR)) for p in RULE_FILES])
def test_rule_regex_calls_pass_a_timeout(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert untimed_calls(source) == [], f"{path}: pass timeout=PATTERN_TIMEOUT"
    assert stdlib_re_imports(source) == [], f"{path}: use the regex module (it has timeouts), not re"


CHECKER_SAMPLE = """
import regex
P = regex.compile('a')
Q = phrase_pattern(['x'])
A = AnchoredPhrases('x')
def helper() -> AnchoredPhrases: ...
def compiled() -> regex.Pattern[str]: ...
class R:
    def __init__(self):
        self.p = regex.compile('b')
        self.words = WordIndex()
    def check(self, t, doc, other):
        P.search(t)
        P.finditer(t, timeout=T)
        regex.sub('a', 'b', t)
        t.split()
        Q.match(t)
        A.finditer(doc)
        helper().finditer(doc)
        compiled().finditer(t)
        self.p.findall(t)
        self.words.search(doc)
        other.search(t)
"""


def test_the_checker_finds_untimed_calls() -> None:
    assert untimed_calls(CHECKER_SAMPLE) == [
        "13: P.search(...)",
        "15: regex.sub(...)",
        "17: Q.match(...)",
        "20: compiled().finditer(...)",
        "21: self.p.findall(...)",
        "23: other.search(...)",
    ]
    assert stdlib_re_imports("import re\nfrom re import compile\n") == [1, 2]


CATASTROPHIC = regex.compile(r"^(a|aa)+$")


class CatastrophicPattern(DocumentRule):
    """
    ## What it does
    Runs an exponential pattern.

    ## Why it matters
    Tests the timeout path.

    ## Example
    ``aaaa…b``.
    """

    code = "PL998"
    name = "catastrophic-pattern"
    category = Category.REWRITE
    severity = Severity.WARNING
    summary = "Backtracks exponentially."

    def check(self, doc: PreparedDocument):  # type: ignore[no-untyped-def]
        for line in doc.lines:
            if CATASTROPHIC.search(line.text, timeout=0.2):
                yield self.finding(doc, line.start, line.end, "matched")


def test_pattern_timeout_is_reported_like_a_crash_and_the_run_goes_on() -> None:
    from tests.reliability.helpers import plugin_rules

    docs = [Document(id="evil", text="a" * 60 + "b", path="evil"), Document(id="fine", text="aaaa", path="fine")]
    with plugin_rules(CatastrophicPattern):
        result = lint_documents(docs, Config(select=("PL998", "PL004")))
    assert [(f.code, f.document_id, f.message) for f in result.findings] == [
        ("PL004", "evil", "rule PL998 (catastrophic-pattern) timed out: TimeoutError: regex timed out"),
        ("PL998", "fine", "matched"),
    ]
    assert result.stats.rule_errors == 1 and result.stats.linted == 2


def test_pattern_timeout_is_the_documented_constant() -> None:
    assert 0 < PATTERN_TIMEOUT <= 5
