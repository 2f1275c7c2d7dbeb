"""The guard around every rule call: a misbehaving rule costs its own findings, never the run.

A rule -- above all a third-party plugin's -- may raise anything (an exception
whose ``str()`` itself raises, ``SystemExit`` from ``sys.exit``,
``GeneratorExit``, a ``KeyboardInterrupt`` it made up), yield values that are
not findings, report offsets outside the document, or write to the prepared
document every other rule reads. :func:`call_rule` runs one rule on one
document and turns each of these into a *problem*: a message naming the rule
that the engine reports as a PL004 finding on that document, with the bad
values dropped. Findings that pass validation are exactly the rule's.

A real Ctrl-C is not a rule problem: :func:`watch_user_interrupts` marks the
``KeyboardInterrupt`` that Python's own SIGINT handler raises, and only that
one is let through.

Plugin rules (everything not registered by provlint itself) see the document
through :class:`ReadOnlyDocument`, so they cannot change what later rules
read; :mod:`provlint.rule_host` runs them in a separate, killable process.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import FrameType, MappingProxyType
from typing import TYPE_CHECKING, Any, NoReturn

from .atomic_write import terminating
from .config import Config
from .finding_schema import FieldKind, finding_fields, generate
from .model import Edit, Finding, Fix, Severity
from .prepare import PreparedDocument
from .registry import Registry
from .rule import Candidate, DocumentRule, Rule, SourceRule, SourceState

if TYPE_CHECKING:  # pragma: no cover
    from .rule_host import RuleHost

#: Longest ``repr`` of a bad value quoted in a problem message.
REPR_LIMIT = 60


@dataclass
class RuleCall:
    """What one rule call on one document produced, after validation."""

    findings: list[Finding] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    state: SourceState | None = None
    #: Messages for PL004 findings: a crash, invalid findings dropped, a write to the document.
    problems: list[str] = field(default_factory=list)
    #: Tracebacks, shown under ``--verbose``.
    errors: list[str] = field(default_factory=list)


# -- user interrupts ---------------------------------------------------------------

_user_interrupt = threading.Event()
_watching = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    _user_interrupt.set()
    raise KeyboardInterrupt


def watch_user_interrupts() -> None:
    """Tell a user's Ctrl-C from a ``KeyboardInterrupt`` a rule raises.

    Installs a SIGINT handler that behaves like Python's default one and marks
    the interrupt as the user's. Only from the main thread, and only when the
    default handler is in place (an embedding application's own handler is left
    alone; then every ``KeyboardInterrupt`` is taken as the user's).
    """
    global _watching
    if _watching or threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_sigint)
        _watching = True


def every_interrupt_is_a_rules() -> None:
    """In a process that ignores SIGINT (a rule host): any ``KeyboardInterrupt`` was raised by a rule."""
    global _watching
    _watching = True
    _user_interrupt.clear()


def must_end_run(exc: BaseException) -> bool:
    """Whether ``exc`` must end the run rather than count as the failure of a rule, plugin or output.

    A user's Ctrl-C (or a ``KeyboardInterrupt`` we cannot tell apart from one),
    and the ``SystemExit`` that SIGTERM or SIGHUP raised (:mod:`provlint.atomic_write`
    turns them into one, wherever the main thread is: often inside a rule).
    Any other ``SystemExit`` or ``KeyboardInterrupt`` was raised by the code
    being guarded and is its failure.
    """
    if isinstance(exc, SystemExit):
        return terminating()
    if not isinstance(exc, KeyboardInterrupt):
        return False
    return _user_interrupt.is_set() or not _watching


# -- messages -----------------------------------------------------------------------


def safe_str(value: object) -> str:
    """``str(value)``, or a stand-in when its ``__str__`` raises (a hostile exception's may)."""
    try:
        return str(value)
    except BaseException:
        return f"<{type(value).__name__} whose str() failed>"


def safe_repr(value: object) -> str:
    try:
        text = repr(value)
    except BaseException:
        text = f"<{type(value).__name__} whose repr() failed>"
    return text if len(text) <= REPR_LIMIT else text[: REPR_LIMIT - 3] + "..."


def crash_message(rule: Rule, exc: BaseException) -> str:
    """``rule PL991 (exploding-rule) crashed: KeyError: 'boom'``."""
    what = "timed out" if isinstance(exc, TimeoutError) else "crashed"
    text = safe_str(exc)
    return f"rule {rule.code} ({rule.name}) {what}: {type(exc).__name__}" + (f": {text}" if text else "")


def format_traceback(rule: Rule, document_id: str) -> str:
    try:
        text = traceback.format_exc()
    except BaseException:
        text = "(traceback could not be formatted)\n"
    return f"{rule.code} on {document_id}:\n{text}"


# -- validation ---------------------------------------------------------------------

_INT_KINDS = {FieldKind.INT}


class InvalidResult(Exception):
    """What a rule returned at the end of the run (``decide``) is not a valid finding."""


def finding_problem(value: object, raw_length: int | None) -> str | None:
    """Why ``value`` is not a valid finding for a document of ``raw_length`` characters (None: it is).

    Checks the type of every field (from the dataclass's schema), offsets
    inside the document with ``start <= end``, 1-based lines and columns with
    the end not before the start, and a fix's edits inside the document.
    ``raw_length`` None (the end of the run, when the document is gone): only
    ``0 <= start <= end`` and the fix's edits in order.
    """
    if not isinstance(value, Finding):
        return f"{type(value).__name__} {safe_repr(value)} is not a Finding"
    if not _types_ok(type(value))(value):  # the common case is one generated expression
        return _field_type_problem(value)
    limit = raw_length if raw_length is not None else sys.maxsize
    if not 0 <= value.start <= value.end <= limit:
        return f"offsets {value.start}..{value.end} outside the document (0..{raw_length})"
    if value.line < 1 or value.column < 1 or (value.end_line, value.end_column) < (value.line, value.column):
        return (
            f"position {value.line}:{value.column}..{value.end_line}:{value.end_column} "
            "is not 1-based or ends before it starts"
        )
    if value.fix is not None:
        return _fix_problem(value.fix, limit, raw_length)
    return None


_TYPE_TESTS = {
    FieldKind.INT: "type(f.{0}) is int",
    FieldKind.STR: "isinstance(f.{0}, str)",
    FieldKind.OPTIONAL_STR: "(f.{0} is None or isinstance(f.{0}, str))",
    FieldKind.SEVERITY: "isinstance(f.{0}, Severity)",
    FieldKind.FIX: "(f.{0} is None or isinstance(f.{0}, Fix))",
}
_TYPE_CHECKERS: dict[type, Callable[[Finding], bool]] = {}


def _types_ok(cls: type[Finding]) -> Callable[[Finding], bool]:
    """A generated "every field has its declared type" test for ``cls``: one expression, no loop."""
    checker = _TYPE_CHECKERS.get(cls)
    if checker is None:
        tests = [_TYPE_TESTS[s.kind].format(s.name) for s in finding_fields(cls) if s.kind in _TYPE_TESTS]
        source = "def types_ok(f):\n    return " + (" and ".join(tests) or "True") + "\n"
        checker = _TYPE_CHECKERS[cls] = generate("types_ok", source, {"Severity": Severity, "Fix": Fix})
    return checker


def _field_type_problem(value: Finding) -> str:
    """The first field whose value does not have its declared type, for the message."""
    for spec in finding_fields(type(value)):
        test = _TYPE_TESTS.get(spec.kind)
        if test is not None and not eval(test.format(spec.name), {"Severity": Severity, "Fix": Fix}, {"f": value}):
            item = getattr(value, spec.name)
            return f"field {spec.name} is {type(item).__name__} {safe_repr(item)}"
    return "a field has the wrong type"  # pragma: no cover - _types_ok and this loop test the same


def _fix_problem(fix: Fix, limit: int, raw_length: int | None) -> str | None:
    edits = fix.edits
    if not isinstance(edits, tuple) or not isinstance(fix.description, str):
        return f"fix {safe_repr(fix)} is malformed"
    for edit in edits:
        if (
            not isinstance(edit, Edit)
            or type(edit.start) is not int
            or type(edit.end) is not int
            or not isinstance(edit.replacement, str)
            or not 0 <= edit.start <= edit.end <= limit
        ):
            return f"fix edit {safe_repr(edit)} is malformed or outside the document (0..{raw_length})"
    return None


def _invalid_message(rule: Rule, what: str, count: int, first: str) -> str:
    plural = "s" if count != 1 else ""
    return f"rule {rule.code} ({rule.name}) returned {count} invalid {what}{plural}, dropped (first: {first})"


def keep_valid_findings(rule: Rule, values: Iterable[object], raw_length: int, call: RuleCall) -> None:
    """Append the valid findings of ``values`` to ``call.findings``; one problem for the rest."""
    bad = 0
    first = ""
    for value in values:
        problem = finding_problem(value, raw_length)
        if problem is None:
            call.findings.append(value)  # type: ignore[arg-type]  # checked by finding_problem
        else:
            bad += 1
            first = first or problem
    if bad:
        call.problems.append(_invalid_message(rule, "finding", bad, first))


def keep_valid_candidates(rule: Rule, values: Iterable[object], raw_length: int, call: RuleCall) -> None:
    bad = 0
    first = ""
    for value in values:
        if not isinstance(value, Candidate):
            problem: str | None = f"{type(value).__name__} {safe_repr(value)} is not a Candidate"
        else:
            problem = finding_problem(value.finding, raw_length)
            if problem is None:
                try:
                    hash(value.key)
                except BaseException:
                    problem = f"candidate key {safe_repr(value.key)} is not hashable"
        if problem is None:
            call.candidates.append(value)  # type: ignore[arg-type]  # checked above
        else:
            bad += 1
            first = first or problem
    if bad:
        call.problems.append(_invalid_message(rule, "candidate", bad, first))


# -- read-only view -----------------------------------------------------------------


class ReadOnlyDocument:
    """A view of a :class:`PreparedDocument` that a rule cannot write to.

    Attribute reads go to the document (methods included, so ``rule.finding``
    works unchanged); lists come back as tuples and dicts as read-only
    mappings (``word_starts``' lists as tuples). Setting or deleting an
    attribute raises ``AttributeError``, reported as the rule's crash.
    ``measures`` is the one writable part: rules record typed measurements there (provlint.measures).
    """

    __slots__ = ("_doc", "_cache")

    def __init__(self, doc: PreparedDocument) -> None:
        object.__setattr__(self, "_doc", doc)
        object.__setattr__(self, "_cache", {})

    def __getattr__(self, name: str) -> Any:
        cache: dict[str, Any] = object.__getattribute__(self, "_cache")
        if name in cache:
            return cache[name]
        doc: PreparedDocument = object.__getattribute__(self, "_doc")
        value = getattr(doc, name)
        if name == "measures":
            return value
        if isinstance(value, list):
            value = tuple(value)
        elif isinstance(value, dict):
            value = MappingProxyType({k: tuple(v) if isinstance(v, list) else v for k, v in value.items()})
        if not callable(value):
            cache[name] = value
        return value

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"the prepared document is read-only (a rule tried to set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"the prepared document is read-only (a rule tried to delete {name!r})")

    def __repr__(self) -> str:
        return f"ReadOnlyDocument({object.__getattribute__(self, '_doc').document.id!r})"


# -- the call -----------------------------------------------------------------------


def call_rule(rule: Rule, doc: PreparedDocument, read_only: bool = False) -> RuleCall:
    """Run ``rule`` on ``doc`` and return its validated output; never raises but for a user's Ctrl-C.

    ``read_only`` hands the rule a :class:`ReadOnlyDocument` (plugin rules).
    """
    call = RuleCall()
    view: Any = ReadOnlyDocument(doc) if read_only else doc
    raw_length = len(doc.raw)
    before = _snapshot(doc) if read_only else None
    saved_exit = os._exit
    if read_only:
        os._exit = _refuse_exit  # a plugin rule looking up os._exit ends only itself
    try:
        if isinstance(rule, SourceRule):
            state = rule.new_state()
            produced: list[object] = list(rule.observe(view, state))
            if not isinstance(state, SourceState):
                call.problems.append(
                    f"rule {rule.code} ({rule.name}) made a state that is not a SourceState: {safe_repr(state)}"
                )
                return call
            keep_valid_candidates(rule, produced, raw_length, call)
            call.state = state
        elif isinstance(rule, DocumentRule):
            result = rule.check(view)
            keep_valid_findings(rule, [] if result is None else result, raw_length, call)
    except BaseException as exc:
        if must_end_run(exc):
            raise
        call.findings.clear()
        call.candidates.clear()
        call.state = None
        call.errors.append(format_traceback(rule, doc.document.id))
        call.problems.append(crash_message(rule, exc))
    finally:
        os._exit = saved_exit
    if before is not None:
        changed = _restore(doc, before)
        if changed:
            call.findings.clear()
            call.candidates.clear()
            call.state = None
            call.problems.append(
                f"rule {rule.code} ({rule.name}) modified the prepared document ({', '.join(changed)}); "
                "the change was undone and the rule's findings on this document dropped"
            )
    return call


class ProcessExitAttempt(BaseException):
    """Raised instead of ending the process when a plugin rule calls ``os._exit``."""


def _refuse_exit(status: int) -> NoReturn:
    raise ProcessExitAttempt(f"os._exit({status}) called inside a rule")


_SLOTS = tuple(name for name in PreparedDocument.__slots__ if name != "__dict__")


def _snapshot(doc: PreparedDocument) -> dict[str, Any]:
    """References to everything the document holds (slots and computed views), to compare by identity."""
    state = {name: getattr(doc, name) for name in _SLOTS}
    state.update({"__dict__." + k: v for k, v in doc.__dict__.items()})
    return state


def _restore(doc: PreparedDocument, before: dict[str, Any]) -> list[str]:
    """Put back whatever a rule replaced or deleted; the names of what it changed.

    Identity is compared (the values are immutable strings and tuples, so a
    rule can only replace them, through the real document it reached past the
    view).
    """
    for key in [k for k in doc.__dict__ if "__dict__." + k not in before]:
        # Views computed during the call are dropped (recomputed on next use): a rule could
        # have planted one (``doc.__dict__["lines"] = ()``) that no identity check can see.
        del doc.__dict__[key]
    changed = [name for name in _SLOTS if getattr(doc, name, None) is not before[name]]
    changed += [
        key.split(".", 1)[1]
        for key, value in before.items()
        if key.startswith("__dict__.") and doc.__dict__.get(key.split(".", 1)[1]) is not value
    ]
    if changed:
        for name in _SLOTS:
            object.__setattr__(doc, name, before[name])
        for key, value in before.items():
            if key.startswith("__dict__."):
                doc.__dict__[key.split(".", 1)[1]] = value
    return changed


class RuleGuard:
    """Runs an engine's rules through :func:`call_rule`.

    Built-in rules (registered by provlint itself) are trusted with the shared
    document and run in-process without the view's small cost per attribute
    read. Plugin rules get the read-only view and, with ``[limits]
    plugin-rule-timeout`` above 0 where the platform can fork, run in a
    killable child process (:mod:`provlint.rule_host`).
    """

    def __init__(self, registry: Registry, config: Config, rules_for: Callable[[str], list[Rule]]) -> None:
        self.plugin_codes = frozenset(code for code, c in registry.rules.items() if not c.builtin)
        timeout = float(config.limits.plugin_rule_timeout)
        self.host: RuleHost | None = None
        if timeout > 0 and self.plugin_codes:
            from .rule_host import CAN_FORK, RuleHost

            self.host = RuleHost(rules_for, timeout) if CAN_FORK else None
        watch_user_interrupts()

    def call(self, rule: Rule, doc: PreparedDocument) -> RuleCall:
        if rule.code not in self.plugin_codes:
            return call_rule(rule, doc)
        if self.host is None:
            return call_rule(rule, doc, read_only=True)
        call, measures = self.host.call(rule, doc)
        if measures is not None:
            doc.measures.absorb(measures)
        return call


__all__ = [
    "RuleGuard",
    "ReadOnlyDocument",
    "RuleCall",
    "call_rule",
    "crash_message",
    "finding_problem",
    "must_end_run",
    "safe_str",
    "watch_user_interrupts",
]
