"""Lint a batch of input items away from the run that owns them.

This is the unit of work that ``--jobs`` worker processes and Dask tasks
perform. A batch is a list of (input index, item); its result holds the
outcomes in input order, each outcome's source-rule candidates, and the
source-rule states of the whole batch already merged per (rule, source).
The run that receives it merges those states into its own with
``SourceState.merge`` (associative and commutative, so the split into
batches cannot change the result) and keeps the candidates in input order.

Everything in a :class:`BatchResult` is a plain picklable value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .config import Config
from .engine import Engine
from .model import DocumentOutcome, ReadItem, ReadProblem
from .registry import Contribution, Registry, get_registry
from .rule import SourceState
from .spool import CandidateEntry


@dataclass
class BatchResult:
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    #: candidates[i] are the source-rule candidates of outcomes[i]
    candidates: list[list[CandidateEntry]] = field(default_factory=list)
    #: (rule code, source) -> the batch's merged state
    states: dict[tuple[str, str], SourceState] = field(default_factory=dict)


def lint_batch(engine: Engine, batch: Sequence[tuple[int, ReadItem]]) -> BatchResult:
    """Lint every item of ``batch`` with ``engine``; a crashing rule is a PL004 finding as ever."""
    result = BatchResult()
    for index, item in batch:
        entries: list[CandidateEntry] = []
        item = engine.admit(item)  # over the size limit: a skipped PL008 problem
        if isinstance(item, ReadProblem):
            outcome = engine.problem_outcome(item, index)
        else:
            outcome, candidates, states = engine.lint(item, index)
            entries = [(index, item.source, code, cand) for code, cand in candidates]
            for code, state in states.items():
                key = (code, item.source)
                if key in result.states:
                    result.states[key].merge(state)
                else:
                    result.states[key] = state
        result.outcomes.append(outcome)
        result.candidates.append(entries)
    return result


@dataclass(frozen=True)
class EngineSpec:
    """What a worker needs to build its own :class:`Engine`: the configuration and
    any rule classes that are not installed as plugins (all picklable by reference)."""

    config: Config
    extra_rules: tuple[type, ...] = ()

    @classmethod
    def of(cls, engine: Engine) -> EngineSpec:
        """The spec that rebuilds ``engine``'s rules in another process."""
        installed = get_registry()
        extra = tuple(
            c.obj
            for code, c in sorted(engine.registry.rules.items())
            if code not in installed.rules or installed.rules[code].obj is not c.obj
        )
        return cls(engine.config, extra)

    def build(self) -> Engine:
        registry: Registry | None = None
        if self.extra_rules:
            base = get_registry()
            registry = Registry(dict(base.rules), dict(base.readers), dict(base.formatters))
            for cls in self.extra_rules:
                registry.rules[cls.code] = Contribution(cls, "parent-process", cls.__module__, "0")  # type: ignore[attr-defined]
        return Engine(self.config, registry)
