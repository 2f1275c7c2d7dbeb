"""Per-format validators: is the output valid for its format, is document text escaped, what accounting does it state.

Each validator takes the report as a string and returns the accounting it
states (``read``, ``linted``, ``skipped``, ``failed``), raising
AssertionError when the output is not valid for its format or lets raw
document text through. A registered format without a validator here fails
the accounting tests: new formats must be covered.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import Any

KEYS = ("read", "linted", "skipped", "failed")
# C0 controls other than tab/newline, DEL, C1 controls: ESC among them.
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)


def _stats_in_json(value: Any) -> dict[str, int]:
    for d in _walk(value):
        if all(isinstance(d.get(k), int) for k in KEYS):
            return {k: d[k] for k in KEYS}
    raise AssertionError("no accounting (read, linted, skipped, failed) in the report")


def _stats_in_text(text: str) -> dict[str, int]:
    """The counts the report states: the last match of each, since the totals follow the findings (whose
    messages may hold the same words, e.g. ``cannot read file: CRC check failed 0x5b1b63f1``)."""
    out = {}
    summary = list(re.finditer(r"in (\d+) documents? \(linted (\d+), skipped (\d+), failed (\d+)\)", text))
    if summary:  # the run's summary line: later text (a scorecard's "no words in the 1 linted document") is not
        read, linted, skipped, failed = (int(g) for g in summary[-1].groups())
        return {"read": read, "linted": linted, "skipped": skipped, "failed": failed}
    for key in ("linted", "skipped", "failed"):
        matches = list(re.finditer(rf"\b{key}[\s:=]+(\d+)\b|\b(\d+)\s+{key}\b", text))
        assert matches, f"no {key!r} count in the report"
        m = matches[-1]
        out[key] = int(m.group(1) or m.group(2))
    m = re.search(r"\bread[\s:=]+(\d+)|(\d+)\s+read\b|in (\d+) documents?\b", text)
    assert m, "no 'read' count in the report"
    out["read"] = int(next(g for g in m.groups() if g))
    return {k: out[k] for k in KEYS}


def _loads(text: str) -> Any:
    return json.loads(text)  # strict: a raw control character in a string is an error


def validate_json(text: str) -> dict[str, int]:
    return _stats_in_json(_loads(text))


def validate_jsonl(text: str) -> dict[str, int]:
    records = [_loads(line) for line in text.splitlines() if line.strip()]
    return _stats_in_json(records)


def validate_sarif(text: str) -> dict[str, int]:
    report = _loads(text)
    assert report.get("version") == "2.1.0" and isinstance(report.get("runs"), list)
    return _stats_in_json(report)


SKIP_CODES = {"PL003", "PL008"}
FAIL_CODES = {"PL001"}
#: Formats that are one record per finding with no place for run totals: a
#: GitLab Code Quality report is a bare array of issues, GitHub workflow
#: commands become one pull-request annotation each, a CSV file is one row per
#: finding under a fixed header. They must still carry one record per skipped
#: or failed input, so those two counts are checked (nothing is lost).
PARTIAL_ACCOUNTING = {"gitlab", "github", "csv"}


def _engine_counts(codes: list[str]) -> dict[str, int]:
    return {"skipped": sum(1 for c in codes if c in SKIP_CODES), "failed": sum(1 for c in codes if c in FAIL_CODES)}


def validate_gitlab(text: str) -> dict[str, int]:
    report = _loads(text)
    assert isinstance(report, list), "a GitLab Code Quality report is a JSON array"
    for issue in report:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
    return _engine_counts([str(issue["check_name"]).split()[0] for issue in report])


def validate_junit(text: str) -> dict[str, int]:
    assert not XML_ILLEGAL.search(text), "a character XML 1.0 does not allow"
    root = ET.fromstring(text.encode("utf-8"))
    props = {p.get("name"): p.get("value") for p in root.iter("property")}
    found: dict[str, int] = {}
    for key in KEYS:
        for name, value in props.items():
            if (
                name
                and (name == key or name.endswith("." + key) or name.endswith("-" + key) or name.endswith("_" + key))
                and value
                and value.isdigit()
            ):
                found[key] = int(value)
        for el in root.iter():
            if key not in found and el.get(key, "").isdigit() and el.tag.endswith("testsuites"):
                found[key] = int(el.get(key, "0"))
    if set(found) != set(KEYS):
        # One <testcase> per document read: an <error> marks a failed input, <skipped> a skipped one.
        cases = list(root.iter("testcase"))
        failed = sum(1 for c in cases if c.find("error") is not None)
        skipped = sum(1 for c in cases if c.find("skipped") is not None)
        found = {"read": len(cases), "linted": len(cases) - failed - skipped, "skipped": skipped, "failed": failed}
    missing = [k for k in KEYS if k not in found]
    assert not missing, f"no accounting for {missing} in the JUnit report"
    return {k: found[k] for k in KEYS}


_GITHUB_LINE = re.compile(r"::(error|warning|notice|debug|group|endgroup)(?: ([^:]*))?::(.*)")
_GITHUB_PROPERTIES = {"file", "line", "col", "endLine", "endColumn", "title"}


def validate_github(text: str) -> dict[str, int]:
    assert "\r" not in text, "raw carriage return"
    for line in text.split("\n"):
        if not line.startswith("::"):
            assert not TERMINAL_CONTROL.search(line), f"control character in {line!r}"
            continue
        m = _GITHUB_LINE.fullmatch(line)
        assert m, f"not a workflow command: {line!r}"
        if m.group(2):
            for prop in m.group(2).split(","):
                key, sep, value = prop.partition("=")
                assert sep and key in _GITHUB_PROPERTIES, f"bad property {prop!r} in {line!r}"
                assert not re.search(r"%(?!25|0D|0A|3A|2C)", value), f"unescaped % in {prop!r}"
        assert not re.search(r"%(?!25|0D|0A)", m.group(3)), f"unescaped % in message of {line!r}"
    codes = re.findall(r"^::\w+ [^\n]*?title=(PL\d{3}) ", text, re.MULTILINE)
    return _engine_counts(codes)


CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_csv(text: str) -> dict[str, int]:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    assert rows, "no header row"
    header = rows[0]
    assert "code" in header, f"no code column in {header}"
    for row in rows[1:]:
        assert len(row) == len(header), f"row of {len(row)} cells under a header of {len(header)}"
        for value in row:
            assert not value.startswith(CSV_FORMULA_START), f"cell a spreadsheet would run as a formula: {value!r}"
            assert not CSV_CONTROL.search(value), f"control character in cell {value!r}"
    code = header.index("code")
    return _engine_counts([row[code] for row in rows[1:]])


def validate_terminal_text(text: str) -> dict[str, int]:
    assert not TERMINAL_CONTROL.search(text), "a control character (ANSI escape?) reached the terminal output"
    return _stats_in_text(text)


VALIDATORS: dict[str, Callable[[str], dict[str, int]]] = {
    "json": validate_json,
    "jsonl": validate_jsonl,
    "sarif": validate_sarif,
    "gitlab": validate_gitlab,
    "junit": validate_junit,
    "github": validate_github,
    "text": validate_terminal_text,
    "grouped": validate_terminal_text,
    "csv": validate_csv,  # the example plugin in plugins/provlint-csv-format
}
