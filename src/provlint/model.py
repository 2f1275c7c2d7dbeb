"""The plain values that flow through provlint: documents in, findings out.

Everything here is a frozen dataclass with no behaviour beyond small derived
properties, so that values can cross process boundaries (``--jobs``, Dask)
and be compared for equality in tests.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any


class Severity(str, enum.Enum):
    """How bad a finding is. Ordered: ``info < warning < error``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        """Accept an enum member or its name in any case; raise ``ValueError`` otherwise."""
        if isinstance(value, Severity):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (expected one of: error, warning, info)") from None


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Category(str, enum.Enum):
    """Rule families. Each owns a fixed code range (``PL0xx`` ... ``PL5xx``)."""

    ENGINE = "engine"  # PL0xx
    SCRAPING = "scraping"  # PL1xx
    DUPLICATION = "duplication"  # PL2xx
    ATTRIBUTION = "attribution"  # PL3xx
    REWRITE = "rewrite"  # PL4xx
    LANGUAGE = "language"  # PL5xx

    @property
    def code_prefix(self) -> str:
        return _CATEGORY_PREFIX[self]


_CATEGORY_PREFIX = {
    Category.ENGINE: "PL0",
    Category.SCRAPING: "PL1",
    Category.DUPLICATION: "PL2",
    Category.ATTRIBUTION: "PL3",
    Category.REWRITE: "PL4",
    Category.LANGUAGE: "PL5",
}


@dataclass(frozen=True)
class Document:
    """One input text and what is known about where it came from.

    ``source`` is the unit scorecards are kept for (a site, publisher or feed).
    ``path`` is where the document was read from (a file, or ``file.jsonl:LINE``)
    and is what output formats show as the location.
    """

    id: str
    text: str
    source: str = "unknown"
    url: str | None = None
    title: str | None = None
    published: str | None = None
    lang: str | None = None
    path: str | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Edit:
    """Replace ``raw_text[start:end]`` by ``replacement``. Offsets are into the raw text."""

    start: int
    end: int
    replacement: str = ""


@dataclass(frozen=True)
class Fix:
    """A repair a rule proposes: edits that can be replayed on the raw text."""

    description: str
    edits: tuple[Edit, ...]

    @classmethod
    def delete(cls, start: int, end: int, description: str) -> Fix:
        return cls(description=description, edits=(Edit(start, end, ""),))


@dataclass(frozen=True)
class Finding:
    """One problem found in one document.

    Lines and columns are 1-based and count code points in the document's raw
    text; ``end_line``/``end_column`` point just past the span. ``start``/``end``
    are 0-based code-point offsets into the raw text.
    """

    code: str
    name: str
    category: str
    severity: Severity
    message: str
    document_id: str
    source: str
    path: str | None
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    excerpt: str
    fix: Fix | None = None

    @property
    def location(self) -> str:
        return f"{self.path or self.document_id}:{self.line}:{self.column}"

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.start, self.end, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with every field, in declaration order (the JSON formats' finding record).

        Read from the dataclass's fields, so a field added here (or in a subclass) is in it.
        """
        out: dict[str, Any] = {}
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if isinstance(value, Severity):
                value = value.value
            elif isinstance(value, Fix):
                value = {
                    "description": value.description,
                    "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in value.edits],
                }
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """The finding :meth:`to_dict` gave (fields with defaults may be missing)."""
        values: dict[str, Any] = {}
        for name in _field_names(cls):
            if name not in data:
                continue
            value = data[name]
            if name == "severity":
                value = Severity.parse(value)
            elif name == "fix":
                value = (
                    Fix(
                        value["description"],
                        tuple(Edit(e["start"], e["end"], e["replacement"]) for e in value["edits"]),
                    )
                    if value
                    else None
                )
            values[name] = value
        return cls(**values)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    """The dataclass field names of ``cls``, in declaration order (cached per class)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names
