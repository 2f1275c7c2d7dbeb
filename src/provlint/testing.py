"""Helpers for testing rules: the ones provlint's own tests use, for plugin authors.

Rule cases are data. A case file (TOML) names a rule and lists cases, each
with a text (or several documents, for source rules), optional rule options
and the exact findings expected::

    rule = "PL201"

    [[case]]
    name = "second copy of a widget line"
    text = '''
    No time to read?
    The article.
    No time to read?'''
    expect = [{ line = 3, column = 1, message = "line repeats line 1" }]

    [[case]]
    name = "short lines are passed over"
    options = { min-chars = 40 }
    text = "Hello there\\nHello there"
    expect = []

Each expected finding must give ``line``, ``column`` and ``message``; it may
also give ``end_line``, ``end_column``, ``document`` (the document id, for
multi-document cases), ``severity`` and ``code`` (default: the case's rule).

Use :func:`load_cases` with pytest's ``parametrize`` and :func:`check_case`,
or :func:`run_rule` to lint a text with one rule class that need not be
installed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .api import LintResult, _collect
from .config import Config
from .finding_schema import FieldKind, finding_fields
from .model import Document, Finding, Severity
from .pipeline import Pipeline
from .registry import Contribution, Registry, get_registry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: Keys an expected finding may give: every plain field of :class:`Finding` (read from the
#: dataclass, so a new field can be expected with no edit here), with ``document`` for
#: ``document_id``.
_ALIASES = {"document": "document_id"}
_EXPECT_KEYS = {"document"} | {s.name for s in finding_fields(Finding) if s.kind != FieldKind.FIX} - {"document_id"}


@dataclass(frozen=True)
class RuleCase:
    rule: str
    name: str
    documents: tuple[Document, ...]
    expect: tuple[Mapping[str, Any], ...]
    options: Mapping[str, Any] = field(default_factory=dict)
    file: str = ""

    @property
    def id(self) -> str:
        return f"{self.rule}: {self.name}"

    @property
    def is_failing(self) -> bool:
        """True when the case expects findings (a positive example)."""
        return bool(self.expect)


def load_cases(path: str | Path) -> list[RuleCase]:
    """Read one case file."""
    path = Path(path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    rule = data.get("rule")
    if not isinstance(rule, str):
        raise ValueError(f'{path}: case file needs a top-level rule = "PLxxx"')
    cases = []
    for i, raw in enumerate(data.get("case", [])):
        name = raw.get("name") or f"case {i + 1}"
        if "documents" in raw:
            docs = tuple(
                Document(
                    id=d.get("id", f"doc{j + 1}"),
                    text=d["text"],
                    source=d.get("source", "test"),
                    url=d.get("url"),
                    title=d.get("title"),
                    lang=d.get("lang"),
                    path=d.get("id", f"doc{j + 1}"),
                )
                for j, d in enumerate(raw["documents"])
            )
        else:
            fields = dict(raw.get("fields", {}))
            docs = (
                Document(id=fields.pop("id", "case"), text=raw["text"], path="case", **{"source": "test", **fields}),
            )
        expect = tuple(raw.get("expect", ()))
        for e in expect:
            unknown = set(e) - _EXPECT_KEYS
            if unknown or not {"line", "column", "message"} <= set(e):
                raise ValueError(
                    f"{path}: case {name!r}: expected findings need line, column, message (unknown keys: {sorted(unknown)})"
                )
        options = {k.replace("-", "_"): v for k, v in raw.get("options", {}).items()}
        cases.append(RuleCase(rule, name, docs, expect, options, str(path)))
    return cases


def load_case_dir(directory: str | Path) -> list[RuleCase]:
    """Every case of every ``*.toml`` file in ``directory``, in file-name order."""
    out: list[RuleCase] = []
    for path in sorted(Path(directory).glob("*.toml")):
        out.extend(load_cases(path))
    return out


def registry_with(*rule_classes: type, base: Registry | None = None) -> Registry:
    """A registry of the installed rules plus ``rule_classes`` (for rules not installed)."""
    source = base or get_registry()
    reg = Registry(dict(source.rules), dict(source.readers), dict(source.formatters), dict(source.scorecard_formats))
    for cls in rule_classes:
        reg.rules[cls.code] = Contribution(cls, "testing", "testing", "0")  # type: ignore[attr-defined]
    return reg


def run_rule(
    rule: str | type,
    documents: str | Document | Sequence[Document],
    options: Mapping[str, Any] | None = None,
    **fields: Any,
) -> LintResult:
    """Lint with one rule only. ``rule`` is a code or a rule class (installed or not)."""
    registry = get_registry()
    if isinstance(rule, type):
        registry = registry_with(rule)
        code = rule.code  # type: ignore[attr-defined]
    else:
        code = rule
    if isinstance(documents, str):
        fields.setdefault("id", "case")
        fields.setdefault("path", fields["id"])
        docs: Sequence[Document] = [Document(text=documents, **fields)]
    elif isinstance(documents, Document):
        docs = [documents]
    else:
        docs = list(documents)
    config = Config(select=(code,), rules={code: dict(options or {})})
    return _collect(Pipeline(config, registry), docs)


def finding_record(f: Finding, keys: Iterable[str]) -> dict[str, Any]:
    """The values of ``f`` under ``keys``: any field of its class (a subclass's too), or ``document``.

    Severity is given by value (``"warning"``), as case files write it.
    """
    out: dict[str, Any] = {}
    for key in keys:
        value = getattr(f, _ALIASES.get(key, key))
        out[key] = value.value if isinstance(value, Severity) else value
    return out


def check_case(case: RuleCase, rule_class: type | None = None) -> None:
    """Assert that the case's rule gives exactly the expected findings."""
    result = run_rule(rule_class or case.rule, list(case.documents), case.options)
    all_keys = ("code", "line", "column", "message", "end_line", "end_column", "document", "severity")
    want = [{"code": case.rule, **e} for e in case.expect]
    got_full = [finding_record(f, all_keys) for f in result.findings]
    # Compare each finding on the keys its expectation names (always code, line, column, message).
    got = [
        {k: g[k] for k in (want[i] if i < len(want) else ("code", "line", "column", "message"))}
        for i, g in enumerate(got_full)
    ]
    if got != want:
        raise AssertionError(
            f"{case.file}: {case.id}\nexpected:\n"
            + "\n".join(map(str, want))
            + "\ngot:\n"
            + "\n".join(map(str, got_full))
        )
