"""The library as a ruff or flake8 user expects it (issue 18): a visible, documented, typed public
API; local rules without a plugin; a reusable Linter; Config.from_dict with the file's messages."""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterable
from pathlib import Path

import pytest

import provlint
from provlint import Category, Config, ConfigError, DocumentRule, Finding, PreparedDocument, Severity
from provlint.apidocs import render_api

ROOT = Path(__file__).resolve().parent.parent


class TodoMarker(DocumentRule):
    """
    ## What it does
    Reports ``TODO`` left in a text.

    ## Why it matters
    An editor's note is not part of the article.

    ## Example
    ```
    The council met TODO on Monday.
    ```
    """

    code = "PL951"
    name = "todo-marker"
    category = Category.REWRITE
    severity = Severity.INFO
    summary = "An editor's TODO note is left in the text."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        start = doc.text.find("TODO")
        if start >= 0:
            yield self.finding(doc, start, start + 4, "editor's note TODO left in")


TEXT = "Skip to content\nThe council met TODO on Monday.\n"


def test_dir_and_all_show_the_public_api() -> None:
    assert dir(provlint) == provlint.__all__
    assert sorted(provlint.__all__) == provlint.__all__
    assert set(provlint.__all__) == set(provlint._LAZY) | {"__version__"}
    for name in ("Linter", "configure", "lint_text", "lint_documents", "lint_paths", "fix_text", "Config", "Severity"):
        assert name in provlint.__all__
    assert all(getattr(provlint, name) is not None for name in provlint.__all__)


def _undocumented(name: str, obj: object) -> list[str]:
    problems = []
    if not inspect.getdoc(obj):
        problems.append(f"{name}: no docstring")
    functions: list[tuple[str, object]] = []
    if inspect.isfunction(obj):
        functions.append((name, obj))
    elif inspect.isclass(obj):
        for member, raw in vars(obj).items():
            if member.startswith("_"):
                continue
            func = raw.__func__ if isinstance(raw, (classmethod, staticmethod)) else raw
            func = func.fget if isinstance(func, property) else func
            if inspect.isfunction(func):
                if not func.__doc__ and not inspect.getdoc(getattr(obj, member)):
                    problems.append(f"{name}.{member}: no docstring")
                functions.append((f"{name}.{member}", func))
    for label, func in functions:
        sig = inspect.signature(func)  # type: ignore[arg-type]
        if sig.return_annotation is inspect.Signature.empty:
            problems.append(f"{label}: no return annotation")
        for param in sig.parameters.values():
            if param.name not in ("self", "cls") and param.annotation is inspect.Parameter.empty:
                problems.append(f"{label}: parameter {param.name} has no annotation")
    return problems


def test_every_public_function_and_class_is_documented_and_typed() -> None:
    problems = [
        p for name in provlint.__all__ if name != "__version__" for p in _undocumented(name, getattr(provlint, name))
    ]
    assert problems == []


def test_api_reference_is_current() -> None:
    assert (ROOT / "docs" / "api.md").read_text(encoding="utf-8") == render_api(provlint), (
        "docs/api.md is out of date: run scripts/gen_api_docs.py"
    )


def test_values_print_as_users_read_them() -> None:
    assert str(Severity.WARNING) == "warning" and f"{Severity.ERROR}" == "error"
    assert str(Category.SCRAPING) == "scraping"
    result = provlint.lint_text(TEXT, rules=[TodoMarker], source="example.com")
    finding = result.by_code("PL951")[0]
    record = finding.to_dict()
    assert (record["code"], record["severity"], record["line"], record["column"]) == ("PL951", "info", 2, 17)
    assert json.loads(finding.to_json()) == record
    assert Finding.from_dict(record) == finding
    data = json.loads(result.to_json())
    assert [f["code"] for f in data["findings"]] == result.codes
    assert data["stats"]["linted"] == 1 and "example.com" in data["scorecards"]


def test_lint_text_with_a_local_rule() -> None:
    result = provlint.lint_text(TEXT, rules=[TodoMarker])
    local = [(f.code, f.name, f.line, f.column, f.message) for f in result.findings if f.code == "PL951"]
    assert local == [("PL951", "todo-marker", 2, 17, "editor's note TODO left in")]
    assert "PL101" in result.codes  # the built-in rules still run
    # selected even when the configuration selects other rules: it was asked for by name
    narrow = provlint.lint_text(TEXT, config=provlint.configure(select=["PL3"]), rules=[TodoMarker])
    assert narrow.codes == ["PL951"]
    docs = [provlint.Document(id="a", text=TEXT), provlint.Document(id="b", text="Fine.\n")]
    result = provlint.lint_documents(docs, config=Config(select=("PL951",)), extra_rules=[TodoMarker])
    assert [(f.document_id, f.code) for f in result.findings] == [("a", "PL951")]


def test_local_rules_are_checked_like_plugin_rules() -> None:
    clash = type("Clash", (TodoMarker,), {"code": "PL401", "__doc__": TodoMarker.__doc__})
    with pytest.raises(
        provlint.RegistryError, match="^local rule Clash claims code PL401, already TemplateHeading from provlint "
    ):
        provlint.Linter(rules=[clash])

    class Nameless(TodoMarker):
        name = "Not Kebab"

    with pytest.raises(provlint.RegistryError, match="name 'Not Kebab' is not kebab-case"):
        provlint.lint_text("x", rules=[Nameless])


def test_a_linter_is_reused_without_reloading_data() -> None:
    from provlint import cache
    from provlint.patterns import load_phrases

    linter = provlint.Linter(provlint.configure(select=["PL1", "PL3"]), rules=[TodoMarker])
    first = linter.lint_text(TEXT)
    loaded = (load_phrases.cache_info().misses, len(cache._patterns))
    second = linter.lint_text(TEXT.replace("Monday", "Tuesday"))
    assert (load_phrases.cache_info().misses, len(cache._patterns)) == loaded
    assert first.codes == second.codes == ["PL101", "PL951"]
    fixed = linter.fix_text(TEXT)
    assert fixed.text == "The council met TODO on Monday.\n"
    assert repr(linter) == "Linter(config='<in memory>', local_rules=[PL951])"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"selct": ["PL1"]}, "<dict>: selct: unknown key (known keys: "),
        ({"fail-on": "loud"}, "<dict>: fail-on: unknown severity 'loud' (expected one of: error, warning, info)"),
        ({"limits": {"max-document-chars": -5}}, "<dict>: limits.max-document-chars: must be at least 0, got -5"),
        ({"rules": {"PL201": 3}}, "<dict>: rules.PL201: must be a table of option = value"),
    ],
)
def test_config_from_dict_has_the_file_checks(settings: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        Config.from_dict(settings)
    assert str(info.value).startswith(message)


def test_configure_takes_python_spellings() -> None:
    config = provlint.configure(
        select=["PL1", "PL3"], ignore=["PL105"], fail_on="error", rules={"PL201": {"min-chars": 20}}
    )
    assert (config.select, config.ignore, config.fail_on) == (("PL1", "PL3"), ("PL105",), Severity.ERROR)
    assert config.rules == {"PL201": {"min_chars": 20}}
    assert config.path is None
    with pytest.raises(ConfigError, match=r"^<dict>: extend-select: must be a list of rule codes"):
        provlint.configure(extend_select=3)
