"""Lint a batch of input items away from the run that owns them.

This is the unit of work that ``--jobs`` worker processes and Dask tasks
perform. A batch is a list of (input index, item); its result holds the
outcomes in input order, each outcome's source-rule candidates, and the
source-rule states of the whole batch already merged per (rule, source).
The run that receives it merges those states into its own
(:class:`~provlint.source_states.SourceStates`, the one merge routine; merges
are associative and commutative, so the split into batches cannot change the
result) and keeps the candidates in input order.

Everything in a :class:`BatchResult` is a plain picklable value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .config import Config
from .encoded_findings import Encoding, encode
from .engine import Engine, LintRun
from .model import DocumentOutcome, ReadItem
from .registry import Contribution, Registry, get_registry
from .source_states import SourceStates
from .spool import CandidateEntry


@dataclass
class BatchResult:
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    #: candidates[i] are the source-rule candidates of outcomes[i]
    candidates: list[list[CandidateEntry]] = field(default_factory=list)
    #: the batch's source-rule states, merged per (rule, source)
    states: SourceStates = field(default_factory=SourceStates)

    def extend(self, other: BatchResult) -> None:
        """Append a later batch (in input order)."""
        self.outcomes.extend(other.outcomes)
        self.candidates.extend(other.candidates)
        self.states.merge(other.states)


def lint_batch(engine: Engine, batch: Sequence[tuple[int, ReadItem]], encoding: Encoding | None = None) -> BatchResult:
    """Lint every item of ``batch`` through :meth:`LintRun.process`, as the serial run does.

    ``encoding``: the output format's per-document encoder; each outcome's findings then carry their
    report text (:mod:`provlint.encoded_findings`), written here instead of in the parent.
    """
    run = LintRun(engine)
    result = BatchResult(states=run.source_states)
    for index, item in batch:
        outcome, entries = run.process(item, index)
        if encoding is not None and outcome.findings:
            outcome = replace(outcome, findings=encode(outcome.findings, encoding))
        result.outcomes.append(outcome)
        result.candidates.append(entries)
    return result


@dataclass(frozen=True)
class EngineSpec:
    """What a worker needs to build its own :class:`Engine`: the configuration and
    any rule classes that are not installed as plugins (all picklable by reference).

    ``selected``: the codes the parent's engine resolved (rules and engine diagnostics). A worker
    selects exactly these, so its rule set is the parent's even when its own plugin selection differs
    (a Dask worker started elsewhere, with other environment variables, may load plugins the parent
    left out); a selected plugin the worker lacks is a configuration error there, not a silent gap.
    """

    config: Config
    extra_rules: tuple[type, ...] = ()
    measure: bool = False  # the scorecard's own analyses (Engine's ``measure``)
    selected: tuple[str, ...] | None = None

    @classmethod
    def of(cls, engine: Engine) -> EngineSpec:
        """The spec that rebuilds ``engine``'s rules in another process."""
        installed = get_registry()
        extra = tuple(
            c.obj
            for code, c in sorted(engine.registry.rules.items())
            if code not in installed.rules or installed.rules[code].obj is not c.obj
        )
        selection = engine.selection
        selected = tuple(sorted({*selection.codes, *selection.diagnostics}))
        return cls(engine.config, extra, engine.measure, selected)

    def build(self) -> Engine:
        registry: Registry | None = None
        if self.extra_rules:
            base = get_registry()
            registry = Registry(
                dict(base.rules), dict(base.readers), dict(base.formatters), dict(base.scorecard_formats)
            )
            for cls in self.extra_rules:
                registry.rules[cls.code] = Contribution(cls, "parent-process", cls.__module__, "0")  # type: ignore[attr-defined]
        config = self.config
        if self.selected is not None:
            config = replace(config, select=self.selected, extend_select=(), ignore=())
        return Engine(config, registry, measure=self.measure)
