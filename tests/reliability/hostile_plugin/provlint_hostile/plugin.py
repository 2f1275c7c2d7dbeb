"""Rules that each break one promise a rule makes, and a formatter that raises.

Each rule misbehaves only on documents that contain its trigger word, so one
small corpus exercises every hole and the well-behaved documents show what
still works. Codes use the plugin's own prefix ``HX``.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections.abc import Iterator
from os import _exit
from typing import Any

from provlint import Category, DocumentRule, Severity, hookimpl
from provlint.formatters.base import Formatter
from provlint.rule import Candidate, SourceRule, SourceState

DOC = """
## What it does
Misbehaves on purpose.

## Why it matters
Tests that provlint survives it.

## Example
A document with the trigger word.
"""


class HostileRule(DocumentRule):
    __doc__ = DOC
    category = Category.REWRITE
    severity = Severity.WARNING
    trigger = ""

    def check(self, doc: Any) -> Iterator[Any]:
        if self.trigger in doc.text:
            yield from self.misbehave(doc)

    def misbehave(self, doc: Any) -> Iterator[Any]:
        raise NotImplementedError


class YieldsJunk(HostileRule):
    code, name, summary, trigger = "HX001", "yields-junk", "Yields None and a string beside a finding.", "junk"

    def misbehave(self, doc: Any) -> Iterator[Any]:
        yield None
        yield self.finding(doc, 0, 4, "a real finding among junk")
        yield "not a finding"


class BadOffsets(HostileRule):
    code, name, summary, trigger = "HX002", "bad-offsets", "Reports offsets outside the document.", "offsets"

    def misbehave(self, doc: Any) -> Iterator[Any]:
        good = self.finding(doc, 0, 4, "fine")
        yield dataclasses.replace(good, start=-49, column=-49)
        yield dataclasses.replace(good, start=5, end=2)
        yield dataclasses.replace(good, end=len(doc.raw) + 100)


class Unprintable(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no str for you")


class UnprintableError(HostileRule):
    code, name, summary, trigger = "HX003", "unprintable-error", "Raises an exception whose str() fails.", "unprintable"

    def misbehave(self, doc: Any) -> Iterator[Any]:
        raise Unprintable()
        yield


class FakeInterrupt(HostileRule):
    code, name, summary, trigger = "HX004", "fake-interrupt", "Raises KeyboardInterrupt itself.", "interrupt"

    def misbehave(self, doc: Any) -> Iterator[Any]:
        raise KeyboardInterrupt
        yield


class RaisesGeneratorExit(HostileRule):
    code, name, summary, trigger = "HX005", "generator-exit", "Raises GeneratorExit.", "generator"

    def misbehave(self, doc: Any) -> Iterator[Any]:
        raise GeneratorExit("closing")
        yield


class CallsSysExit(HostileRule):
    code, name, summary, trigger = "HX006", "calls-sys-exit", "Calls sys.exit(0).", "sysexit"

    def misbehave(self, doc: Any) -> Iterator[Any]:
        sys.exit(0)
        yield


class HardExit(HostileRule):
    code, name, summary, trigger = "HX007", "hard-exit", "Calls os._exit(0) in the middle of the run.", "hardexit"

    def misbehave(self, doc: Any) -> Iterator[Any]:
        os._exit(0)
        yield


class BoundHardExit(HostileRule):
    code, name, summary, trigger = "HX012", "bound-hard-exit", "Calls a _exit bound at import time.", "boundexit"

    def misbehave(self, doc: Any) -> Iterator[Any]:
        _exit(0)  # bound at import: no patching of os._exit reaches it, only a separate process contains it
        yield


class NeverReturns(HostileRule):
    code, name, summary, trigger = "HX008", "never-returns", "Loops forever.", "forever"

    def misbehave(self, doc: Any) -> Iterator[Any]:
        while True:
            time.sleep(0.01)
        yield


class Mutator(HostileRule):
    code, name, summary, trigger = "HX009", "mutator", "Writes to the shared prepared document.", "mutate"

    def misbehave(self, doc: Any) -> Iterator[Any]:
        yield self.finding(doc, 0, 4, "before mutating")
        try:
            doc.text = ""  # the read-only view refuses this
        except AttributeError:
            pass
        real = object.__getattribute__(doc, "_doc")  # reach past the view
        real.text = ""
        real.__dict__["lines"] = ()  # hide every line from the rules after this one


class CountState(SourceState):
    def __init__(self) -> None:
        self.n = 1

    def merge(self, other: SourceState) -> None:
        self.n += getattr(other, "n", 0)


class JunkCandidates(SourceRule[SourceState]):
    __doc__ = DOC
    code, name, summary = "HX010", "junk-candidates", "A source rule whose observe yields None."
    category = Category.DUPLICATION
    severity = Severity.WARNING

    def new_state(self) -> SourceState:
        return CountState()

    def observe(self, doc: Any, state: SourceState) -> Iterator[Any]:
        if "candidate" in doc.text:
            yield None
            yield Candidate("k", self.finding(doc, 0, 4, "candidate"))

    def decide(self, candidate: Candidate, state: SourceState) -> Any:
        return candidate.finding


class Watcher(DocumentRule):
    """A well-behaved plugin rule: reports the first line; shows mutation by others is undone."""

    __doc__ = DOC
    code, name, summary = "HX011", "first-line", "Reports the first line of every document."
    category = Category.SCRAPING
    severity = Severity.INFO

    def check(self, doc: Any) -> Iterator[Any]:
        if doc.lines:
            first = doc.lines[0]
            yield self.finding(doc, first.start, first.end, f"first line has {len(first.text)} characters")


RULES = (
    YieldsJunk,
    BadOffsets,
    UnprintableError,
    FakeInterrupt,
    RaisesGeneratorExit,
    CallsSysExit,
    HardExit,
    BoundHardExit,
    NeverReturns,
    Mutator,
    JunkCandidates,
    Watcher,
)
for _cls in RULES:
    _cls.__doc__ = DOC  # a docstring is not inherited, and the registry checks each rule's


class ExplodingFormatter(Formatter):
    name = "hostile"
    description = "Raises while writing the report."

    def start(self) -> None:
        self.stream.write("hostile report\n")

    def document(self, outcome: Any) -> None:
        raise RuntimeError("formatter broke")

    def finish(self, summary: Any) -> None:
        pass


@hookimpl
def provlint_rule_code_prefix() -> str:
    return "HX"


@hookimpl
def provlint_register_rules(register: Any) -> None:
    for cls in RULES:
        register(cls)


@hookimpl
def provlint_register_formatters(register: Any) -> None:
    register(ExplodingFormatter)
