#!/usr/bin/env python3
"""Add a built-in rule in one command: the rule's file, its registration, its case file and its docs page.

    .venv/bin/python scripts/add_rule.py --code PL408 --name boilerplate-signoff \\
        --summary "A machine rewrite's sign-off is left at the end." \\
        --pattern "(?i)\\bthanks for reading\\b" \\
        --failing "Great story. Thanks for reading!" --passing "Great story."

The family folder follows from the code (PL1xx scraping, PL2xx duplication, PL3xx attribution, PL4xx rewrite, PL5xx
language). The new rule is a working pattern rule, not an empty shell: it reports every match of ``--pattern``
(``regex`` syntax, run with provlint's pattern timeout), and its case file holds a failing case built from
``--failing`` (with the exact line and column of each match) and a passing case from ``--passing``. Grow the rule
from there; the rule-case tests, the meta-tests and ``scripts/gen_rule_docs.py --check`` keep the pieces in step.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = {"1": "scraping", "2": "duplication", "3": "attribution", "4": "rewrite", "5": "language"}
SEVERITIES = ("info", "warning", "error")

RULE_TEMPLATE = '''from __future__ import annotations

from collections.abc import Iterable

import regex

from ...model import Category, Finding, Severity
from ...patterns import PATTERN_TIMEOUT
from ...prepare import PreparedDocument
from ...rule import DocumentRule

_PATTERN = regex.compile({pattern!r})


class {class_name}(DocumentRule):
    """
    ## What it does
    {summary}
    It reports every match of the pattern ``{pattern_doc}``; the span is the match.

    ## Why it matters
    {why}

    ## Example
    ```
    {example}
    ```
    gives ``{code} {label} "{first_match}"``.
    """

    code = "{code}"
    name = "{name}"
    category = Category.{category}
    severity = Severity.{severity}
    summary = {summary!r}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        for m in _PATTERN.finditer(doc.text, timeout=PATTERN_TIMEOUT):
            if m.end() > m.start():
                yield self.finding(doc, m.start(), m.end(), f'{label} "{{" ".join(m.group().split())}}"')
'''


def class_name_of(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are a subset TOML accepts)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def expected_findings(pattern: regex.Pattern[str], text: str, label: str) -> list[str]:
    """The exact findings the new rule gives on ``text`` (1-based line and column, in code points)."""
    out = []
    for m in pattern.finditer(text):
        if m.end() == m.start():
            continue
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        message = f'{label} "{" ".join(m.group().split())}"'
        out.append(f"  {{ line = {line}, column = {column}, message = {toml_string(message)} }},")
    return out


def register(init: Path, module: str, class_name: str) -> None:
    """Import the class in the family's ``__init__`` and append it to the family's ``RULES`` tuple."""
    source = init.read_text(encoding="utf-8")
    imports = list(re.finditer(r"^from \.[a-z_]+ import [A-Za-z]+\n", source, re.M))
    if not imports:
        raise SystemExit(f"{init}: no rule imports to extend")
    line = f"from .{module} import {class_name}\n"
    lines = sorted({m.group() for m in imports} | {line})
    start, end = imports[0].start(), imports[-1].end()
    source = source[:start] + "".join(lines) + source[end:]
    tuple_match = re.search(r"^RULES = \((.*?)\)\n", source, re.M | re.S)
    if tuple_match is None:
        raise SystemExit(f"{init}: no RULES tuple to extend")
    names = [n.strip() for n in tuple_match.group(1).split(",") if n.strip()] + [class_name]
    rules = "RULES = (\n" + "".join(f"    {n},\n" for n in names) + ")\n"
    source = source[: tuple_match.start()] + rules + source[tuple_match.end() :]
    init.write_text(source, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", required=True, help="PL + three digits, in the family's range (e.g. PL408)")
    parser.add_argument("--name", required=True, help="kebab-case name that says the problem")
    parser.add_argument("--summary", required=True, help="one sentence: what the rule reports")
    parser.add_argument("--why", default="", help="why it matters (default: a sentence to rewrite)")
    parser.add_argument("--pattern", required=True, help="the regex the rule starts from")
    parser.add_argument("--failing", required=True, help="a text the rule must flag")
    parser.add_argument("--passing", required=True, help="a text the rule must leave alone")
    parser.add_argument("--severity", default="warning", choices=SEVERITIES)
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (tests write into a copy)")
    parser.add_argument("--no-docs", action="store_true", help="do not regenerate docs/rules/")
    args = parser.parse_args(argv)

    if not re.fullmatch(r"PL[1-5]\d\d", args.code):
        parser.error("--code must be PL1xx-PL5xx (PL0xx are engine diagnostics, PL6xx-PL9xx belong to plugins)")
    if not re.fullmatch(r"[a-z]+(?:-[a-z0-9]+)+", args.name):
        parser.error("--name must be kebab-case with at least two words, e.g. boilerplate-signoff")
    try:
        pattern = regex.compile(args.pattern)
    except regex.error as exc:
        parser.error(f"--pattern does not compile: {exc}")
    label = args.name.replace("-", " ")
    failing = expected_findings(pattern, args.failing, label)
    if not failing:
        parser.error("--pattern does not match the --failing text")
    if expected_findings(pattern, args.passing, label):
        parser.error("--pattern matches the --passing text")

    family = FAMILIES[args.code[2]]
    module = args.name.replace("-", "_")
    rule_dir = args.root / "src" / "provlint" / "rules" / family
    rule_file = rule_dir / f"{module}.py"
    case_file = args.root / "tests" / "rules" / "cases" / f"{args.code}.toml"
    taken = re.search(rf'code = "{args.code}"|name = "{args.name}"', _all_rule_sources(args.root))
    if taken:
        parser.error(f"{taken.group()} is taken by another rule")
    for path in (rule_file, case_file):
        if path.exists():
            parser.error(f"{path} exists already")

    first = pattern.search(args.failing)
    assert first is not None
    rule_file.write_text(
        RULE_TEMPLATE.format(
            pattern=args.pattern,
            pattern_doc=args.pattern.replace("\\", "\\\\"),
            class_name=class_name_of(args.name),
            summary=args.summary,
            why=args.why or "Say here why a reader, editor or corpus builder should care.",
            example=args.failing.replace("\n", "\n    "),
            first_match=" ".join(first.group().split()),
            code=args.code,
            name=args.name,
            label=label,
            category=family.upper(),
            severity=args.severity.upper(),
        ),
        encoding="utf-8",
    )
    register(rule_dir / "__init__.py", module, class_name_of(args.name))
    case_file.write_text(
        f'rule = "{args.code}"\n\n'
        f'[[case]]\nname = "the pattern in a sentence"\ntext = {toml_string(args.failing)}\n'
        "expect = [\n" + "\n".join(failing) + "\n]\n\n"
        f'[[case]]\nname = "text without the pattern"\ntext = {toml_string(args.passing)}\nexpect = []\n',
        encoding="utf-8",
    )
    print(
        f"added {rule_file.relative_to(args.root)}, registered in {family}/__init__.py, "
        f"{case_file.relative_to(args.root)}"
    )
    if not args.no_docs:
        subprocess.run([sys.executable, str(args.root / "scripts" / "gen_rule_docs.py")], check=True)
    return 0


def _all_rule_sources(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (root / "src" / "provlint" / "rules").rglob("*.py"))


if __name__ == "__main__":
    sys.exit(main())
