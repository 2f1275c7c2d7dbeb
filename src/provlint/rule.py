"""The rule API: what a rule declares and how it reports.

A rule is a small class. Its metadata sits in class attributes in one place
(``code``, ``name``, ``category``, ``severity``, ``summary``, ``options``) and its
docstring has three sections, ``What it does``, ``Why it matters`` and
``Example``, from which ``provlint rule CODE`` and docs/rules/ are generated.

Two kinds:

* :class:`DocumentRule` sees one prepared document and yields findings.
* :class:`SourceRule` sees every document of a source. Per document it updates a
  mergeable state and returns *candidate* findings; once the whole run has been
  seen, the merged state decides which candidates stand. State from separate
  processes or machines merges to the same result, so the rule gives the same
  findings in one process, in several, or on a cluster.

Rules never import the engine; they build findings with :meth:`Rule.finding`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from .finding_schema import maker
from .model import DIAGNOSTICS, Category, Diagnostic, Finding, Fix, Severity, record_origin
from .prepare import PreparedDocument, line_span

#: Finding's constructor without the frozen ``__init__``'s per-field ``object.__setattr__`` (finding_schema.maker).
_new_finding = maker(Finding)

CODE_PATTERN = re.compile(r"^PL\d{3}$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
DOCSTRING_SECTIONS = ("What it does", "Why it matters", "Example")
EXCERPT_LIMIT = 120
#: PL0xx-PL5xx belong to the family of their category; PL6xx-PL9xx are left to
#: third-party plugins, whatever their category.
BUILTIN_RANGES = ("PL0", "PL1", "PL2", "PL3", "PL4", "PL5")


class Rule:
    """Base of both rule kinds: metadata, options and the finding builder."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    #: Option names (snake_case) and their defaults; the config may override them.
    options: ClassVar[Mapping[str, Any]] = {}
    #: True when the rule attaches fixes to (some of) its findings.
    fixable: ClassVar[bool] = False

    def __init__(
        self,
        options: Mapping[str, Any] | None = None,
        severity: Severity | None = None,
    ) -> None:
        merged = dict(type(self).options)
        merged.update(options or {})
        self.opts: dict[str, Any] = merged
        self.effective_severity: Severity = severity or type(self).severity

    def warm_up(self) -> None:
        """Load the data this rule needs (dictionaries, models, compiled patterns) now.

        Called once per process before the first timed call (and before
        ``--jobs`` forks its workers), so loading is neither counted against
        the per-document time budget nor repeated in every worker. The engine
        also runs every rule once on a short sample text right after, which
        loads data that is only touched on first use; override this when the
        sample would not reach it.
        """

    def before_fork(self) -> None:
        """Load, in a process about to fork ``--jobs`` workers, data every worker would load for itself.

        The workers then share it (copy-on-write pages) instead of each loading its own
        copy. Unlike :meth:`warm_up`, which runs in every process, this runs only before a
        fork, so it may load what a short run would never need (a one-file check of English
        text decides its language without langdetect's profiles).
        """

    # -- reporting ------------------------------------------------------------

    def finding(
        self,
        doc: PreparedDocument,
        start: int,
        end: int,
        message: str,
        fix: Fix | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """Build a finding for the normalised span ``doc.text[start:end]``.

        Offsets, lines and columns are translated to the raw text. ``fix`` edits
        must already use raw offsets (see :meth:`delete_fix`).
        """
        raw_start = doc.to_raw(start)
        raw_end = doc.to_raw(end) if end > start else raw_start
        line, column = doc.raw_position(raw_start)
        end_line, end_column = doc.raw_position(raw_end)
        document = doc.document
        file, record = _record_origin(document.path)
        return _new_finding(
            code=self.code,
            name=self.name,
            category=self.category.value,
            severity=severity or self.effective_severity,
            message=message,
            document_id=document.id,
            source=document.source,
            path=document.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            start=raw_start,
            end=raw_end,
            excerpt=excerpt(doc.text[start:end]),
            fix=fix,
            url=document.url,
            file=file,
            record=record,
        )

    def line_finding(self, doc: PreparedDocument, line_index: int, message: str, fix_description: str) -> Finding:
        """A finding over one whole line (its text without surrounding whitespace) whose fix deletes the line."""
        start, end = line_span(doc, line_index)
        return self.finding(doc, start, end, message, fix=self.delete_line_fix(doc, line_index, fix_description))

    @staticmethod
    def delete_fix(doc: PreparedDocument, start: int, end: int, description: str) -> Fix:
        """A fix deleting normalised ``[start, end)``, expressed in raw offsets."""
        return Fix.delete(doc.to_raw(start), doc.to_raw(end), description)

    @staticmethod
    def delete_line_fix(doc: PreparedDocument, line_index: int, description: str) -> Fix:
        """A fix deleting a whole line, its newline included."""
        line = doc.lines[line_index]
        end = line.end + 1 if line_index + 1 < len(doc.lines) else line.end
        start = line.start
        if end == line.end and line_index > 0:
            start = line.start - 1  # last line: take the newline before it instead
        return Rule.delete_fix(doc, start, end, description)

    # -- metadata -------------------------------------------------------------

    @classmethod
    def meta(cls) -> RuleMeta:
        """The rule's metadata (code, name, category, severity, summary, options, docs) in one value."""
        return RuleMeta(
            code=cls.code,
            name=cls.name,
            category=cls.category,
            severity=cls.severity,
            summary=cls.summary,
            options=dict(cls.options),
            fixable=cls.fixable,
            kind=rule_kind(cls),
            explanation=explanation(cls),
        )


class DocumentRule(Rule):
    """A rule that looks at one prepared document at a time."""

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        """The findings of this rule on one prepared document."""
        raise NotImplementedError


StateT = TypeVar("StateT", bound="SourceState")


class SourceState:
    """Mergeable per-source state. ``merge`` must be associative and commutative."""

    def merge(self, other: Any) -> None:
        """Fold another document's state of the same (rule, source) into this one (associative, commutative)."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view of the state (for debugging and tests)."""
        raise NotImplementedError


@dataclass(frozen=True)
class Candidate:
    """A finding a source rule may report once the whole source has been seen."""

    key: Any
    finding: Finding


class SourceRule(Rule, Generic[StateT]):
    """A rule that needs every document of a source before it can decide.

    The engine calls, per source: :meth:`new_state` once (per process),
    :meth:`observe` for each document, ``state.merge`` to combine the states of
    several processes, and finally :meth:`decide_all` (by default
    :meth:`decide`) for each candidate with the merged state of its source.
    """

    def new_state(self) -> StateT:
        """A fresh, empty state for one document of one source."""
        raise NotImplementedError

    def observe(self, doc: PreparedDocument, state: StateT) -> Iterable[Candidate]:
        """Record ``doc`` in ``state`` and return the candidates to decide at the end of the run."""
        raise NotImplementedError

    def decide(self, candidate: Candidate, state: StateT) -> Finding | None:
        """The finding to report for ``candidate`` (possibly reworded), or None."""
        raise NotImplementedError

    def decide_all(self, candidate: Candidate, state: StateT) -> Iterable[Finding]:
        """Every finding ``candidate`` stands for; what the engine calls at the end of the run.

        By default :meth:`decide`'s one finding, or none. A rule whose candidate holds a whole page
        (PL207 keeps a page's line hashes in one candidate and reports one finding per block of
        boilerplate lines) overrides this, so that findings are built only for what is reported.
        """
        finding = self.decide(candidate, state)
        return () if finding is None else (finding,)


class EngineDiagnostic(Rule):
    """A code the engine reports itself (PL0xx): metadata and explanation only, never run.

    Subclasses set ``diagnostic`` to a :class:`~provlint.model.Diagnostic`
    and give the three-section docstring; code, name, category, severity and
    summary are taken from the diagnostic, so the model stays the one place
    they are spelled. Selecting or ignoring one works as for rules (it turns
    the engine's report on or off); the engine never instantiates one.
    """

    diagnostic: ClassVar[Diagnostic]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        d = cls.__dict__.get("diagnostic")
        if isinstance(d, Diagnostic):
            cls.code, cls.name, cls.category = d.code, d.name, d.category
            cls.severity, cls.summary = d.severity, d.summary


def rule_kind(cls: type) -> str:
    """``document``, ``source`` or ``diagnostic`` (metadata the engine reports, never run)."""
    if issubclass(cls, EngineDiagnostic):
        return "diagnostic"
    return "source" if issubclass(cls, SourceRule) else "document"


def is_runnable(cls: type) -> bool:
    """Whether the engine runs ``cls`` on documents (rules do; engine diagnostics do not)."""
    return isinstance(cls, type) and issubclass(cls, (DocumentRule, SourceRule))


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    category: Category
    severity: Severity
    summary: str
    options: Mapping[str, Any]
    fixable: bool
    kind: str
    explanation: str


_ORIGINS: dict[str | None, tuple[str | None, int | None]] = {}


def _record_origin(path: str | None) -> tuple[str | None, int | None]:
    """:func:`~provlint.model.record_origin`, remembered for the last few thousand paths (every finding of a
    document asks for its document's)."""
    origin = _ORIGINS.get(path)
    if origin is None:
        if len(_ORIGINS) >= 4096:
            _ORIGINS.clear()
        origin = _ORIGINS[path] = record_origin(path)
    return origin


def excerpt(text: str, limit: int = EXCERPT_LIMIT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def explanation(cls: type) -> str:
    """The rule's docstring, dedented, without leading and trailing blank lines."""
    import inspect

    return inspect.cleandoc(cls.__doc__ or "")


def docstring_sections(text: str) -> dict[str, str]:
    """Split an explanation into its ``## Section`` parts."""
    sections: dict[str, str] = {}
    current: str | None = None
    buf: list[str] = []
    for line in text.splitlines():
        if line.startswith("## "):
            if current is not None:
                sections[current] = "\n".join(buf).strip()
            current = line[3:].strip()
            buf = []
        elif current is not None:
            buf.append(line)
    if current is not None:
        sections[current] = "\n".join(buf).strip()
    return sections


def validate_rule_class(cls: type, prefixes: tuple[str, ...] = ("PL",)) -> list[str]:
    """Problems with a rule class's metadata; empty when it is well formed.

    ``prefixes``: the code prefixes the registering plugin may use (``PL``, plus
    the one a plugin declares through ``provlint_rule_code_prefix``).
    """
    problems: list[str] = []
    label = getattr(cls, "__qualname__", repr(cls))
    if not (isinstance(cls, type) and issubclass(cls, (DocumentRule, SourceRule, EngineDiagnostic))):
        return [f"{label}: not a DocumentRule or SourceRule subclass"]
    if issubclass(cls, EngineDiagnostic):
        diagnostic = cls.__dict__.get("diagnostic")
        if not isinstance(diagnostic, Diagnostic):
            return [f"{label}: an engine diagnostic needs a provlint.model.Diagnostic in 'diagnostic'"]
        if DIAGNOSTICS.get(diagnostic.code) != diagnostic:
            # Only the engine reports diagnostics: one it does not know would never appear.
            return [f"{label}: {diagnostic.code} is not an engine diagnostic (provlint.model.DIAGNOSTICS)"]
    for attr in ("code", "name", "category", "severity", "summary"):
        if not hasattr(cls, attr):
            problems.append(f"{label}: missing class attribute {attr!r}")
    if problems:
        return problems
    code = cls.code
    if not (
        isinstance(code, str) and any(code.startswith(p) and re.fullmatch(r"\d{3}", code[len(p) :]) for p in prefixes)
    ):
        allowed = " or ".join(repr(p) for p in prefixes)
        problems.append(f"{label}: code {code!r} is not {allowed} followed by three digits")
    if not NAME_PATTERN.match(cls.name):
        problems.append(f"{label}: name {cls.name!r} is not kebab-case")
    if not isinstance(cls.category, Category):
        problems.append(f"{label}: category must be a provlint.Category")
    elif (
        CODE_PATTERN.match(cls.code)
        and cls.code[:3] in BUILTIN_RANGES
        and not cls.code.startswith(cls.category.code_prefix)
    ):
        problems.append(
            f"{label}: code {cls.code} is outside the {cls.category.value} range {cls.category.code_prefix}xx"
        )
    if not isinstance(cls.severity, Severity):
        problems.append(f"{label}: severity must be a provlint.Severity")
    if not cls.summary or "\n" in cls.summary:
        problems.append(f"{label}: summary must be one line")
    sections = docstring_sections(explanation(cls))
    for section in DOCSTRING_SECTIONS:
        if not sections.get(section):
            problems.append(f"{label}: docstring lacks a '## {section}' section")
    return problems
