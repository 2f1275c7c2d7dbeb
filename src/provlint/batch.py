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

A ``--jobs`` worker keeps its batch's candidates: it writes them to a file of
the run's own folder (:class:`ParkedCandidates`) and returns only where they
are, so a page's line arrays never travel to the parent. When every batch is
in, the parent hands each file back to a worker with the merged states of the
keys it holds, and the worker decides them (:func:`decide_parked`, through
:meth:`LintRun.decide_part`, the routine the serial run uses).
"""

from __future__ import annotations

import itertools
import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .config import Config
from .encoded_findings import Encoding, encode, encoded_text
from .engine import DecidedPart, Engine, LintRun
from .model import DocumentOutcome, ReadItem
from .registry import Contribution, Registry, get_registry
from .source_states import Key, SourceStates
from .spool import CandidateEntry, decode_candidate, encode_candidate


@dataclass(frozen=True)
class ParkedCandidates:
    """A batch's candidates, kept by the worker that linted it in a file (``path``) until the end of the run.

    ``keys``: the (rule, source) keys they belong to, whose merged states deciding them needs; ``count``: how
    many there are. The candidates of a batch are whole documents' in input order, so the decided findings of
    the parked batches, taken in input order, are the serial run's.
    """

    path: str
    keys: frozenset[Key]
    count: int

    def entries(self) -> list[CandidateEntry]:
        with open(self.path, "rb") as f:
            return [decode_candidate(data) for data in pickle.load(f)]


_park_numbers = itertools.count()


def park(entries: list[CandidateEntry], folder: str) -> ParkedCandidates:
    """Write ``entries`` to a new file of ``folder`` (the spool's compact form)."""
    path = os.path.join(folder, f"{os.getpid()}-{next(_park_numbers)}.candidates")
    with open(path, "wb") as f:
        pickle.dump([encode_candidate(e) for e in entries], f, protocol=pickle.HIGHEST_PROTOCOL)
    return ParkedCandidates(path, frozenset((code, source) for _, source, code, _ in entries), len(entries))


def decide_parked(
    engine: Engine, parked: ParkedCandidates, states: SourceStates, encoding: Encoding | None = None
) -> DecidedPart:
    """Decide parked candidates against ``states`` (the merged states of their keys).

    ``encoding``: as for :func:`lint_batch`; the part then carries its findings' report text.
    The file stays: the run that parked them removes it once it holds the result (a worker may die before
    the result reaches it, and the decision is then made again).
    """
    run = LintRun(engine)
    run.source_states = states
    part = run.decide_part(parked.entries())
    if encoding is not None and part.findings:
        text = encoded_text(encode(tuple(part.findings), encoding), encoding[0])
        if text is not None:
            part.text, part.format = text, encoding[0]
            for f in part.findings:
                part.codes[f.code] = part.codes.get(f.code, 0) + 1
    part.pack()
    return part


@dataclass
class BatchResult:
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    #: candidates[i] are the source-rule candidates of outcomes[i]
    candidates: list[list[CandidateEntry]] = field(default_factory=list)
    #: the batch's source-rule states, merged per (rule, source)
    states: SourceStates = field(default_factory=SourceStates)
    #: the batch's candidates when the worker kept them (``candidates`` then holds empty lists), in input order
    parked: list[ParkedCandidates] = field(default_factory=list)

    def extend(self, other: BatchResult) -> None:
        """Append a later batch (in input order)."""
        self.outcomes.extend(other.outcomes)
        self.candidates.extend(other.candidates)
        self.states.merge(other.states)
        self.parked.extend(other.parked)


def lint_batch(
    engine: Engine,
    batch: Sequence[tuple[int, ReadItem]],
    encoding: Encoding | None = None,
    park_in: str | None = None,
) -> BatchResult:
    """Lint every item of ``batch`` through :meth:`LintRun.process`, as the serial run does.

    ``encoding``: the output format's per-document encoder; each outcome's findings then carry their
    report text (:mod:`provlint.encoded_findings`), written here instead of in the parent.
    ``park_in``: a folder to keep the batch's candidates in (:class:`ParkedCandidates`) instead of returning them.
    """
    run = LintRun(engine)
    result = BatchResult(states=run.source_states)
    for index, item in batch:
        outcome, entries = run.process(item, index)
        if encoding is not None and outcome.findings:
            outcome = replace(outcome, findings=encode(outcome.findings, encoding))
        result.outcomes.append(outcome)
        result.candidates.append(entries)
    if park_in is not None:
        kept = [entry for entries in result.candidates for entry in entries]
        if kept:
            result.parked.append(park(kept, park_in))
            result.candidates = [[] for _ in result.candidates]
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
