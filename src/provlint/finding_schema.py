"""The Finding record's schema, read from the dataclass: one definition, several fast codecs.

A finding crosses three hot paths as a flat record: the spool's compact tuple
(:mod:`provlint.spool`), the JSON report's per-finding writer
(:mod:`provlint.formatters.json`) and the rule-case helpers
(:mod:`provlint.testing`). Each used to spell the 16 fields out by hand, so
adding a field meant four edits that could silently disagree. Here the fields
come from :func:`dataclasses.fields` and each codec is generated once per class
(at import for :class:`~provlint.model.Finding`, on first use for a subclass) as
straight-line Python: as fast as the hand-written copies, and a field added to
the dataclass (or a subclass) reaches every codec with no other edit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from .model import Edit, Finding, Fix, Severity


class FieldKind:
    """How a field's value is stored flat: by its declared type (annotations are strings here)."""

    INT = "int"
    STR = "str"
    OPTIONAL_STR = "optional_str"
    SEVERITY = "severity"
    FIX = "fix"
    OTHER = "other"  # anything else: encoded by json's own rules, pickled as is


_KINDS = {
    "int": FieldKind.INT,
    "str": FieldKind.STR,
    "str | None": FieldKind.OPTIONAL_STR,
    "Optional[str]": FieldKind.OPTIONAL_STR,
    "Severity": FieldKind.SEVERITY,
    "Fix | None": FieldKind.FIX,
    "Optional[Fix]": FieldKind.FIX,
}


@dataclasses.dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str


_FIELDS: dict[type, tuple[FieldSpec, ...]] = {}
_CODECS: dict[type, tuple[Callable[[Finding], tuple[Any, ...]], Callable[[tuple[Any, ...]], Finding]]] = {}


def finding_fields(cls: type[Finding] = Finding) -> tuple[FieldSpec, ...]:
    """The fields of ``cls`` (Finding or a dataclass subclass) in declaration order, with their kinds."""
    cached = _FIELDS.get(cls)
    if cached is not None:
        return cached
    out = []
    for f in dataclasses.fields(cls):
        annotation = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", repr(f.type))
        out.append(FieldSpec(f.name, _KINDS.get(annotation.replace("'", ""), FieldKind.OTHER)))
    specs = _FIELDS[cls] = tuple(out)
    return specs


def field_names(cls: type[Finding] = Finding) -> tuple[str, ...]:
    return tuple(f.name for f in finding_fields(cls))


def generate(name: str, source: str, namespace: dict[str, Any]) -> Callable[..., Any]:
    """Compile one generated function (the codecs below are built this way once per class)."""
    code = compile(source, f"<provlint generated {name}>", "exec")
    exec(code, namespace)
    function: Callable[..., Any] = namespace[name]
    return function


def fix_to_dict(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "description": fix.description,
        "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in fix.edits],
    }


def fix_from_dict(data: Any) -> Fix | None:
    if not data:
        return None
    return Fix(data["description"], tuple(Edit(e["start"], e["end"], e["replacement"]) for e in data["edits"]))


_SEVERITIES = {s.value: s for s in Severity}


def tuple_codec(
    cls: type[Finding] = Finding,
) -> tuple[Callable[[Finding], tuple[Any, ...]], Callable[[tuple[Any, ...]], Finding]]:
    """(encode, decode) between a ``cls`` finding and a flat tuple of plain values.

    Severity is stored by value and a fix as nested tuples, so a pickled chunk
    holds no per-item class references. ``decode`` fills the instance's
    ``__dict__`` in one update instead of calling the frozen ``__init__``
    (which sets every field through ``object.__setattr__``): the values came
    from a valid finding.
    """
    cached = _CODECS.get(cls)
    if cached is not None:
        return cached
    specs = finding_fields(cls)
    items = []
    for spec in specs:
        value = f"f.{spec.name}"
        if spec.kind == FieldKind.SEVERITY:
            items.append(f"{value}.value")
        elif spec.kind == FieldKind.FIX:
            items.append(
                f"(None if {value} is None else ({value}.description, "
                f"tuple([(e.start, e.end, e.replacement) for e in {value}.edits])))"
            )
        else:
            items.append(value)
    encode_src = "def encode(f):\n    return (" + ", ".join(items) + ",)\n"
    entries = []
    for i, spec in enumerate(specs):
        if spec.kind == FieldKind.SEVERITY:
            entries.append(f"{spec.name!r}: SEVERITIES[t[{i}]]")
        elif spec.kind == FieldKind.FIX:
            entries.append(
                f"{spec.name!r}: None if t[{i}] is None else "
                f"Fix(t[{i}][0], tuple([Edit(s, e, r) for s, e, r in t[{i}][1]]))"
            )
        else:
            entries.append(f"{spec.name!r}: t[{i}]")
    decode_src = "def decode(t):\n    f = new(CLS)\n    f.__dict__.update({" + ", ".join(entries) + "})\n    return f\n"
    namespace: dict[str, Any] = {"SEVERITIES": _SEVERITIES, "Fix": Fix, "Edit": Edit, "new": object.__new__}
    namespace["CLS"] = cls
    codec = _CODECS[cls] = (generate("encode", encode_src, namespace), generate("decode", decode_src, dict(namespace)))
    return codec


_MAKERS: dict[type, Callable[..., Finding]] = {}


def maker(cls: type[Finding] = Finding) -> Callable[..., Finding]:
    """A constructor of ``cls`` taking every field by keyword, as the dataclass's ``__init__`` does, four times faster.

    A frozen dataclass's ``__init__`` sets each of the 19 fields through
    ``object.__setattr__``: about half of building a finding, and a page of
    scraped text gives hundreds. The generated function fills the instance's
    ``__dict__`` in one update, with the dataclass's defaults for the fields
    left out; the result compares, hashes, pickles and prints as one the
    ``__init__`` built (a test holds the two equal). For values a caller
    already validated: rules' findings (:meth:`provlint.rule.Rule.finding`)
    and the engine's diagnostics.
    """
    cached = _MAKERS.get(cls)
    if cached is not None:
        return cached
    params = []
    namespace: dict[str, Any] = {"CLS": cls, "new": object.__new__}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        elif f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: a default factory is not supported by maker()")
        else:
            params.append(f.name)
    entries = ", ".join(f"{f.name!r}: {f.name}" for f in dataclasses.fields(cls))
    source = (
        f"def make(*, {', '.join(params)}):\n    f = new(CLS)\n    f.__dict__.update({{{entries}}})\n    return f\n"
    )
    made: Callable[..., Finding] = generate("make", source, namespace)
    _MAKERS[cls] = made
    return made


__all__ = [
    "FieldKind",
    "FieldSpec",
    "field_names",
    "finding_fields",
    "fix_from_dict",
    "fix_to_dict",
    "generate",
    "maker",
    "tuple_codec",
]
