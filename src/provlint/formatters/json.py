"""``--format json``: one JSON document with every finding, the scorecards,
the accounting and provlint's version.

The report is written as it goes: findings are written as their documents
come in, so the formatter holds no more than one document's findings however
large the run. The bytes are exactly those of ``json.dump(report, indent=2)``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring_ascii as _encode_str
from typing import Any

from ..encoded_findings import encoded_late, encoded_text
from ..finding_schema import FieldKind, field_names, finding_fields, fix_to_dict, generate
from ..model import DocumentOutcome, Finding, Fix
from ..pipeline import RunSummary
from .base import Formatter


def _dumps(value: Any, level: int) -> str:
    """``value`` as ``json.dump(..., indent=2)`` writes it at nesting ``level``."""
    text = json.dumps(value, indent=2, ensure_ascii=True)  # ASCII: valid 7-bit JSON whatever the text holds
    return text.replace("\n", "\n" + "  " * level)


def _null(value: Any) -> str:
    return "null"


def _bool(value: Any) -> str:
    return "true" if value else "false"


def _float(value: float) -> str:
    """A float as ``json.dumps`` writes it (``allow_nan``: NaN and the infinities as JavaScript spells them)."""
    if value != value:
        return "NaN"
    if value in (_INF, -_INF):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


_INF = float("inf")
#: Encoders of the scalar types a report holds, by exact type (C helpers where there are any).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: _encode_str,
    int: int.__repr__,
    float: _float,
    type(None): _null,
    bool: _bool,
}
_KEYS: dict[str, str] = {}


def _key(key: str) -> str:
    encoded = _KEYS.get(key)
    if encoded is None:
        encoded = _KEYS[key] = _encode_str(key) + ": "
    return encoded


def _value(value: Any, level: int) -> str:
    """The same bytes as :func:`_dumps`, several times faster.

    ``json.dumps`` with ``indent`` falls back to the pure-Python encoder; here
    scalars go through the C helpers and containers are laid out by hand,
    exactly as ``indent=2`` lays them out. The scorecards of a run over many
    sites are large (hundreds of sources, each with its rules and measures):
    written with ``_dumps`` they were a third of the parent's CPU under ``--jobs``.
    """
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        return scalar(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad = "\n" + "  " * (level + 1)
        parts = []
        for k, v in value.items():
            if type(k) is not str:
                return _dumps(value, level)  # json's own rules for other key types
            enc = _SCALARS.get(type(v))
            parts.append(_key(k) + (enc(v) if enc is not None else _value(v, level + 1)))
        return "{" + pad + ("," + pad).join(parts) + "\n" + "  " * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        pad = "\n" + "  " * (level + 1)
        return "[" + pad + ("," + pad).join([_value(v, level + 1) for v in value]) + "\n" + "  " * level + "]"
    return _dumps(value, level)


_FIX_TEMPLATE = '{\n        "description": %s,\n        "edits": [\n          %s\n        ]\n      }'
_EDIT_TEMPLATE = '{\n            "start": %d,\n            "end": %d,\n            "replacement": %s\n          }'


def _fix_json(fix: Fix | None) -> str:
    if fix is None:
        return "null"
    if not fix.edits:
        return _value(fix_to_dict(fix), 3)
    edits = ",\n          ".join([_EDIT_TEMPLATE % (e.start, e.end, _encode_str(e.replacement)) for e in fix.edits])
    return _FIX_TEMPLATE % (_encode_str(fix.description), edits)


#: How each kind of field is written: a %-template slot and the expression that fills it.
_SLOTS: dict[str, tuple[str, str]] = {
    FieldKind.INT: ("%d", "f.{0}"),
    FieldKind.STR: ("%s", "enc(f.{0})"),
    FieldKind.OPTIONAL_STR: ("%s", '"null" if f.{0} is None else enc(f.{0})'),
    FieldKind.SEVERITY: ("%s", "enc(f.{0}._value_)"),  # the plain attribute, not the `.value` descriptor
    FieldKind.FIX: ("%s", "fix_json(f.{0})"),
    FieldKind.OTHER: ("%s", "value(f.{0}, 3)"),
}


_WRITERS: dict[type, Callable[[Finding], str]] = {}


def _writer(cls: type[Finding]) -> Callable[[Finding], str]:
    """The per-finding writer of ``cls``, generated from its dataclass fields.

    The record's layout is one %-template (at nesting level 2, as ``indent=2``
    lays it out) and each field goes through json's C string encoder: the same
    bytes as :func:`_value` on ``to_dict()`` at a third of the cost.
    """
    cached = _WRITERS.get(cls)
    if cached is not None:
        return cached
    specs = finding_fields(cls)
    template = "{\n      " + ",\n      ".join(_key(s.name) + _SLOTS[s.kind][0] for s in specs) + "\n    }"
    args = ", ".join(_SLOTS[s.kind][1].format(s.name) for s in specs)
    source = f"def finding_json(f):\n    return TEMPLATE % ({args},)\n"
    namespace = {"TEMPLATE": template, "enc": _encode_str, "fix_json": _fix_json, "value": _value}
    writer = _WRITERS[cls] = generate("finding_json", source, namespace)
    return writer


_base_writer = _writer(Finding)
#: The keys of a finding record, in ``Finding.to_dict``'s order (a test keeps the two the same).
_FINDING_KEYS = field_names(Finding)


def finding_json(f: Finding) -> str:
    """``f.to_dict()`` as ``json.dump(..., indent=2)`` writes it inside the findings list.

    The per-finding hot path of a JSON report (a run writes millions). A test
    holds it equal to ``json.dump`` on every kind of finding, subclasses with
    extra fields included.
    """
    if type(f) is Finding:
        return _base_writer(f)
    return _writer(type(f))(f)


def findings_text(findings: tuple[Finding, ...]) -> str:
    """A document's findings as they stand in the report's findings list, without the separator before the first.

    The formatter's ``findings_encoder``: ``--jobs`` workers call it (see :mod:`provlint.encoded_findings`).
    """
    return ",\n    ".join([finding_json(f) for f in findings])


class JsonFormatter(Formatter):
    name = "json"
    description = "One JSON document: findings (all fields), per-source scorecards, accounting, version."

    @classmethod
    def findings_encoder(cls) -> Callable[[tuple[Finding, ...]], str]:
        return findings_text

    def start(self) -> None:
        self.count = 0
        self.counts: dict[str, int] = {}
        self.stream.write(
            f'{{\n  "tool": "provlint",\n  "version": {_dumps(self.context.version, 1)},\n  "findings": ['
        )

    def document(self, outcome: DocumentOutcome) -> None:
        findings = outcome.findings
        text = encoded_text(findings, self.name)
        if text is None:
            for f in findings:
                self._finding(f)
            return
        counts = self.counts
        for f in findings:
            counts[f.code] = counts.get(f.code, 0) + 1
        self.stream.write(("," if self.count else "") + "\n    " + text)
        self.count += len(findings)

    def _finding(self, f: Finding) -> None:
        self.counts[f.code] = self.counts.get(f.code, 0) + 1
        self.stream.write(("," if self.count else "") + "\n    " + finding_json(f))
        self.count += 1

    def finish(self, summary: RunSummary) -> None:
        late = encoded_late(summary.source_findings, self.name)
        if late is None:
            for f in summary.source_findings:
                self._finding(f)
        else:  # written by the --jobs workers, part by part (provlint.encoded_findings)
            for code, n in late.codes.items():
                self.counts[code] = self.counts.get(code, 0) + n
            separator = "," if self.count else ""
            for text in late.texts:
                self.stream.write(separator + "\n    " + text)
                separator = ","
            self.count += len(late)
        self.stream.write("\n  ]" if self.count else "]")
        scorecards = {s: c.to_dict(self.context.weights) for s, c in summary.scorecards.items()}
        self.stream.write(
            f',\n  "scorecards": {_value(scorecards, 1)},\n  "stats": {_value(summary.stats.to_dict(), 1)}'
        )
        if self.context.statistics:
            self.stream.write(f',\n  "statistics": {_value(dict(sorted(self.counts.items())), 1)}')
        if summary.stats.slow_calls:
            # Machine-dependent run diagnostics (PL007), kept apart from the findings; only when there are any.
            self.stream.write(f',\n  "timings": {_value(summary.stats.timings(), 1)}')
        self.stream.write("\n}\n")
