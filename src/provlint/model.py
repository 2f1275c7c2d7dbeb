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

    def __str__(self) -> str:
        """``warning``, as users write it (not ``Severity.WARNING``)."""
        return self.value

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error (for comparisons)."""
        # By value: an Enum member's hash is a Python-level call, and every finding of a run asks.
        return _SEVERITY_RANK[self._value_]

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        """Accept an enum member or its name in any case; raise ``ValueError`` otherwise."""
        if isinstance(value, Severity):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (expected one of: error, warning, info)") from None


_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


class Category(str, enum.Enum):
    """Rule families. Each owns a fixed code range (``PL0xx`` ... ``PL5xx``)."""

    ENGINE = "engine"  # PL0xx
    SCRAPING = "scraping"  # PL1xx
    DUPLICATION = "duplication"  # PL2xx
    ATTRIBUTION = "attribution"  # PL3xx
    REWRITE = "rewrite"  # PL4xx
    LANGUAGE = "language"  # PL5xx

    def __str__(self) -> str:
        """``scraping``, as users write it (not ``Category.SCRAPING``)."""
        return self.value

    @property
    def code_prefix(self) -> str:
        """The family's code prefix (``PL1`` for scraping)."""
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
        """A fix removing raw text ``[start, end)``."""
        return cls(description=description, edits=(Edit(start, end, ""),))


_RECORD_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


def record_origin(path: str | None) -> tuple[str | None, int | None]:
    """(file, record line) of a document path: ``corpus.jsonl:12`` -> ("corpus.jsonl", 12); a file -> (path, None).

    Readers name a JSON Lines record ``FILE:LINE``; findings carry the two parts as fields of their own.
    """
    if path is None:
        return None, None
    head, sep, tail = path.rpartition(":")
    if sep and tail.isdigit() and head.lower().endswith(_RECORD_SUFFIXES):
        return head, int(tail)
    return path, None


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
    #: the document's URL, when its input gave one
    url: str | None = None
    #: the file the document was read from (``path`` without a JSON Lines record's ``:LINE``)
    file: str | None = None
    #: a JSON Lines record's line number in ``file`` (None for a whole file)
    record: int | None = None

    @property
    def location(self) -> str:
        """``path:line:column`` (the document id when there is no path)."""
        return f"{self.path or self.document_id}:{self.line}:{self.column}"

    def sort_key(self) -> tuple[int, int, str, str]:
        """Report order within a document: by start, end, code, message."""
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

    def to_json(self) -> str:
        """:meth:`to_dict` as one line of JSON."""
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False)

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


# -- engine diagnostics -----------------------------------------------------------


@dataclass(frozen=True)
class Diagnostic:
    """A code the engine itself reports (PL0xx), not a rule it runs.

    These are facts about the run (input that could not be read, a rule that
    crashed, a document over the size limit), reported as findings so that
    every input stays accounted for; PL007 (a slow rule) depends on the
    machine's load and is reported with the run instead (``RunStats``). The
    two PL0xx codes that look at a document's content (PL002, PL005) are
    ordinary rules. They are named here, in the leaf module,
    so that readers, the engine and the parallel runners share one spelling;
    the explanations behind ``provlint rule CODE`` live in
    :mod:`provlint.diagnostics`.
    """

    code: str
    name: str
    severity: Severity
    summary: str

    @property
    def category(self) -> Category:
        return Category.ENGINE


UNREADABLE_DOCUMENT = Diagnostic(
    "PL001", "unreadable-document", Severity.ERROR, "Input that could not be read or parsed into a document."
)
BINARY_INPUT_SKIPPED = Diagnostic(
    "PL003", "binary-input-skipped", Severity.WARNING, "Binary input skipped instead of being read as text."
)
RULE_CRASHED = Diagnostic(
    "PL004", "rule-crashed", Severity.ERROR, "A rule raised an exception or timed out on this document."
)
DUPLICATE_DOCUMENT_ID = Diagnostic(
    "PL006",
    "duplicate-document-id",
    Severity.WARNING,
    "The document's id was already used by an earlier document in this run.",
)
RULE_OVER_TIME_BUDGET = Diagnostic(
    "PL007",
    "rule-over-time-budget",
    Severity.WARNING,
    "A rule took longer than the per-document time budget (reported with the run, not as a finding).",
)
DOCUMENT_TOO_LARGE = Diagnostic(
    "PL008", "document-too-large", Severity.WARNING, "The document is over the size limit and was skipped."
)
#: Every engine diagnostic by code.
DIAGNOSTICS: Mapping[str, Diagnostic] = {
    d.code: d
    for d in (
        UNREADABLE_DOCUMENT,
        BINARY_INPUT_SKIPPED,
        RULE_CRASHED,
        DUPLICATE_DOCUMENT_ID,
        RULE_OVER_TIME_BUDGET,
        DOCUMENT_TOO_LARGE,
    )
}


# -- run values -------------------------------------------------------------------


@dataclass(frozen=True)
class ReadProblem:
    """Input that did not become a document.

    ``status`` is ``"skipped"`` (deliberately not linted, e.g. a binary file)
    or ``"failed"`` (could not be read or parsed). ``code`` is the engine
    diagnostic (PL0xx) that reports it.
    """

    document_id: str
    path: str
    reason: str
    status: str = "failed"
    code: str = UNREADABLE_DOCUMENT.code
    source: str = "unknown"
    line: int = 1
    url: str | None = None  # the record's URL when it had one (reports name the input by it)


#: What a reader yields: a document, or the problem that kept input from becoming one.
ReadItem = Document | ReadProblem


@dataclass(frozen=True)
class DocumentMeasures:
    """What the scorecard counts of one document besides its findings: language and readability."""

    language: str | None = None  # None: not measured (a document that was not linted)
    flesch_reading_ease: float | None = None
    #: raw-text spans that only the scorecard's measurement found (rules the selection left out)
    boilerplate_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class DocumentOutcome:
    """Everything the rest of the pipeline needs about one input item."""

    index: int
    document_id: str
    source: str
    path: str | None
    status: str  # "linted" | "skipped" | "failed"
    findings: tuple[Finding, ...]
    words: int = 0
    chars: int = 0
    #: what the scorecard counts besides findings (language, readability, measurement-only spans)
    measures: DocumentMeasures = field(default_factory=DocumentMeasures)
    errors: tuple[str, ...] = ()  # tracebacks of crashed rules, for --verbose
    url: str | None = None  # the document's URL, when the input gave one (reports name documents by it)
    #: Rule calls over the time budget on this document: run diagnostics that depend on the
    #: machine's load, so they never take part in comparisons (or in findings).
    slow: tuple[SlowRule, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class SlowRule:
    """A rule call that took longer than the per-document time budget (a run diagnostic)."""

    code: str
    name: str
    document_id: str
    path: str | None
    seconds: float
    budget: float

    @property
    def message(self) -> str:
        return (
            f"rule {self.code} ({self.name}) took {self.seconds:.2f} s on {self.path or self.document_id} "
            f"(budget {self.budget:.2f} s)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "document_id": self.document_id,
            "path": self.path,
            "seconds": round(self.seconds, 3),
            "budget": self.budget,
        }


#: Slow rule calls a run keeps (the count covers them all): bounded on any input.
SLOW_RULES_KEPT = 100


@dataclass
class RunStats:
    """The run's accounting (read = linted + skipped + failed) and its diagnostics.

    ``slow_rules`` depends on the machine's load, so it is kept apart from the
    findings: it never enters findings, scorecards or baselines.
    """

    read: int = 0
    linted: int = 0
    skipped: int = 0
    failed: int = 0
    rule_errors: int = 0
    slow_rules: list[SlowRule] = field(default_factory=list)
    #: Every slow call; ``slow_rules`` keeps only the first :data:`SLOW_RULES_KEPT`.
    slow_calls: int = 0

    def add(self, outcome: DocumentOutcome) -> None:
        self.read += 1
        for slow in outcome.slow:
            self.add_slow(slow)
        if outcome.status == "linted":
            self.linted += 1
        elif outcome.status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
        self.rule_errors += sum(1 for f in outcome.findings if f.code == RULE_CRASHED.code)

    def merge(self, other: RunStats) -> None:
        self.read += other.read
        self.linted += other.linted
        self.skipped += other.skipped
        self.failed += other.failed
        self.rule_errors += other.rule_errors
        for slow in other.slow_rules:
            self.add_slow(slow)
        self.slow_calls += other.slow_calls - len(other.slow_rules)

    def add_slow(self, slow: SlowRule) -> None:
        self.slow_calls += 1
        if len(self.slow_rules) < SLOW_RULES_KEPT:
            self.slow_rules.append(slow)

    def timings(self) -> dict[str, Any]:
        """The ``timings`` block of JSON output: slow rule calls (machine-dependent, not findings)."""
        return {"slow_calls": self.slow_calls, "slow_rules": [s.to_dict() for s in self.slow_rules]}

    def to_dict(self) -> dict[str, int]:
        """The accounting counts (what JSON output has always reported as ``stats``)."""
        return {
            "read": self.read,
            "linted": self.linted,
            "skipped": self.skipped,
            "failed": self.failed,
            "rule_errors": self.rule_errors,
        }
