"""``--jobs N``: lint in worker processes, results in input order.

The parent process reads the input and cuts it into batches (a few dozen
documents, at most :data:`BATCH_CHARS` characters each); worker processes
(forked when this process is single-threaded, else spawned; only picklable
values cross over either way, see :func:`start_method`) each build their
own :class:`~provlint.engine.Engine` from the configuration and lint whole
batches (:mod:`provlint.batch`). The parent
takes the batches back strictly in input order: outcomes are yielded as the
serial run would yield them, each batch's source-rule states are merged with
``SourceState.merge`` and candidates are kept in input order, and the
pipeline builds scorecards from the outcomes exactly as a serial run does.
Findings, scorecards and output are therefore byte-identical to ``--jobs 1``.

At most ``3 * jobs`` batches are in flight, so memory does not grow with the
input. A run that fits in one batch never starts a worker. A rule that raises
is a PL004 finding as ever (the worker's engine catches it); a worker process
that dies outright (a crash in C code, the OOM killer) has its batch retried
one document at a time in a fresh pool, and the document that kills a worker
again is reported as a failed document with a PL004 finding.

The source rules' end-of-run decisions are the workers' too. Each worker
keeps its batches' candidates in a file of the run's folder
(:class:`~provlint.batch.ParkedCandidates`) and returns only the batch's
states; once every batch is in and the states are merged, the parent sends
each file back to a worker with the merged states of the keys it holds, and
takes the decided findings in input order (:func:`~provlint.batch.decide_parked`,
the serial run's :meth:`LintRun.decide_part`). A decision whose worker dies is
tried again one candidate per task in a fresh pool; a candidate whose
decision kills a worker again is a PL004 finding.
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

from .batch import BatchResult, EngineSpec, ParkedCandidates, decide_parked, lint_batch
from .encoded_findings import Encoding
from .engine import DecidedPart, Engine, LintRun, failure_message
from .model import RULE_CRASHED, DocumentOutcome, Finding, ReadItem, ReadProblem
from .source_states import MergeFailure, SourceStates
from .spool import CandidateEntry

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Future, ProcessPoolExecutor

#: Most documents in one batch, and most characters (batches end at whichever comes first).
#: Small enough that the last batches balance across the workers: the run ends when the
#: last batch does, and with 512 KB batches the 4.7 MB real-page corpus was 9 batches, which
#: allowed at most 1.84-1.92x on 2 workers (two measurements); 128 KB makes 34 and allows
#: 1.97-1.98x (benchmarks/batch_balance.py). A batch costs its worker well under a millisecond to receive.
BATCH_DOCS = 32
BATCH_CHARS = 128 * 1024
#: Batches in flight per worker.
INFLIGHT_PER_JOB = 3

Batch = list[tuple[int, ReadItem]]

_worker_engine: Engine | None = None
_worker_encoding: Encoding | None = None
_worker_park_in: str | None = None


def available_cores() -> int:
    """Cores this process may run on (the CPU affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def batches(items: Iterable[ReadItem], max_docs: int = BATCH_DOCS, max_chars: int = BATCH_CHARS) -> Iterator[Batch]:
    """(index, item) pairs in input order, cut into batches."""
    batch: Batch = []
    chars = 0
    for index, item in enumerate(items):
        batch.append((index, item))
        chars += 0 if isinstance(item, ReadProblem) else len(item.text)
        if len(batch) >= max_docs or chars >= max_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def start_method() -> str:
    """``fork`` where the platform has it and this process runs a single thread, else ``spawn``.

    Everything a worker gets is picklable and the worker builds its engine from
    the configuration in both cases (the code is spawn-safe). Forking only
    saves each worker from importing provlint and its rules again, which on a
    short run costs more than the linting; with other threads alive (a Dask
    client, an embedding application) forking is unsafe, so then we spawn.
    """
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _init_worker(spec: EngineSpec, encoding: Encoding | None = None, park_in: str | None = None) -> None:
    global _worker_engine, _worker_encoding, _worker_park_in
    # Ctrl-C is the parent's to handle: it stops the pool. A worker dying of
    # SIGINT would look like a crash and have its batch retried.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_engine = spec.build()
    _worker_encoding = encoding
    _worker_park_in = park_in
    # Loads the rules' data once, before any timed call (a no-op cost when forked: already loaded).
    _worker_engine.warm_up()
    # A worker is provlint's own process: keep the collector off the rules' data (inherited
    # from the parent when forked) and the engine, as the CLI does (see provlint.cli.heap).
    gc.freeze()


def _work(batch: Batch) -> BatchResult:
    assert _worker_engine is not None, "worker not initialised"
    return lint_batch(_worker_engine, batch, _worker_encoding, _worker_park_in)


def _decide(parked: ParkedCandidates, states: SourceStates) -> DecidedPart:
    assert _worker_engine is not None, "worker not initialised"
    return decide_parked(_worker_engine, parked, states, _worker_encoding)


class ParallelRunner:
    """Feeds a :class:`LintRun` from worker processes."""

    def __init__(self, run: LintRun, jobs: int, encoding: Encoding | None = None) -> None:
        self.run = run
        self.jobs = jobs
        #: the output format's per-document encoder, which the workers call (provlint.encoded_findings)
        self.encoding = encoding
        self.spec = EngineSpec.of(run.engine)
        self._pool: ProcessPoolExecutor | None = None
        #: the run's folder for the workers' candidates (None: they come back with their batch)
        self.park_in: str | None = None
        #: the candidates the workers kept, in input order, until the end of the run
        self.parked: list[ParkedCandidates] = []

    #: whether the workers keep their candidates in files until the end of the run (local processes: they share
    #: this machine's temporary folder)
    parks = True

    # -- pool ---------------------------------------------------------------------

    def _new_pool(self) -> ProcessPoolExecutor:
        # Imported with the first pool: a run whose input is one batch never starts one,
        # and a one-file `provlint check` should not pay for importing multiprocessing.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        self.lost_worker_errors = (BrokenProcessPool,)
        return ProcessPoolExecutor(
            max_workers=self.jobs,
            mp_context=multiprocessing.get_context(start_method()),
            initializer=_init_worker,
            initargs=(self.spec, self.encoding, self.park_in),
        )

    def _start(self) -> None:
        self._pool = self._new_pool()

    def _submit(self, batch: Batch) -> Future[BatchResult]:
        assert self._pool is not None
        return self._pool.submit(_work, batch)

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    # -- running ------------------------------------------------------------------

    def outcomes(self, items: Iterable[ReadItem]) -> Iterator[DocumentOutcome]:
        stream = batches(items)
        first = next(stream, None)
        if first is None:
            return
        second = next(stream, None)
        if second is None:  # the whole input is one batch: not worth a process
            yield from self._take(lint_batch(self.run.engine, first))
            return
        rest: Iterable[Batch] = chain((first, second), stream)
        # The rules' data (language profiles, the syllable dictionary, pattern caches)
        # is loaded here, before the workers fork: it is then in memory once and every
        # worker inherits it, instead of each spending seconds loading its own copy.
        self.run.engine.warm_up()
        if start_method() == "fork":  # and the data the warm-up leaves to first use (Rule.before_fork)
            self.run.engine.before_fork()
        if self.parks:
            self.park_in = tempfile.mkdtemp(prefix="provlint-candidates-")
        self._start()
        pending: deque[tuple[Batch, Any]] = deque()
        try:
            for batch in rest:
                pending.append((batch, self._submit(batch)))
                while len(pending) >= self.jobs * INFLIGHT_PER_JOB:
                    yield from self._collect(pending)
            while pending:
                yield from self._collect(pending)
            self._decide_parked()
        finally:
            self._shutdown()
            if self.park_in is not None:
                shutil.rmtree(self.park_in, ignore_errors=True)

    #: Errors that mean a worker died (rather than a rule failing, which the engine catches);
    #: set with the first pool (a broken process pool) or by the Dask runner (a killed worker).
    lost_worker_errors: tuple[type[BaseException], ...] = ()

    def _collect(self, pending: deque[tuple[Batch, Any]]) -> Iterator[DocumentOutcome]:
        batch, future = pending.popleft()
        try:
            result = future.result()
        except self.lost_worker_errors:
            result = self._isolate(batch)
            self._resubmit(pending)
        yield from self._take(result)

    def _resubmit(self, pending: deque[tuple[Batch, Any]]) -> None:
        """A dead worker broke the pool: every batch in flight is lost with it."""
        self._shutdown()
        self._start()
        for i, (batch, _) in enumerate(pending):
            pending[i] = (batch, self._submit(batch))

    def _isolate(self, batch: Sequence[tuple[int, ReadItem]]) -> BatchResult:
        """Lint a batch one document per task, so that only the culprit fails."""
        merged = BatchResult()
        self._shutdown()
        self._start()
        for pair in batch:
            try:
                part = self._submit([pair]).result()
            except self.lost_worker_errors as exc:
                part = BatchResult([self._worker_died(pair, exc)], [[]])
                self._shutdown()
                self._start()
            merged.extend(part)
        return merged

    def _worker_died(self, pair: tuple[int, ReadItem], exc: BaseException) -> DocumentOutcome:
        index, item = pair
        engine = self.run.engine
        if isinstance(item, ReadProblem):
            return engine.problem_outcome(item, index)
        finding = engine.engine_finding(
            RULE_CRASHED.code,
            f"worker process died while linting this document ({type(exc).__name__})",
            item.id,
            item.source,
            item.path,
        )
        return DocumentOutcome(index, item.id, item.source, item.path, "failed", (finding,))

    def _take(self, result: BatchResult) -> Iterator[DocumentOutcome]:
        self.run.source_states.merge(result.states)
        self.parked.extend(result.parked)
        for outcome, candidates in zip(result.outcomes, result.candidates):
            yield self.run.take(outcome, candidates)

    # -- the end of the run: the workers decide the candidates they kept ---------------

    def _decide_parked(self) -> None:
        """Every batch is in and the states are merged: the workers decide the parked candidates, in input order."""
        pending: deque[tuple[ParkedCandidates, Any]] = deque()
        for parked in self.parked:
            pending.append((parked, self._submit_decision(parked)))
            while len(pending) >= self.jobs * INFLIGHT_PER_JOB:
                self._collect_decision(pending)
        while pending:
            self._collect_decision(pending)
        self.parked = []

    def _submit_decision(self, parked: ParkedCandidates) -> Future[DecidedPart]:
        assert self._pool is not None
        return self._pool.submit(_decide, parked, self.run.source_states.subset(parked.keys))

    def _collect_decision(self, pending: deque[tuple[ParkedCandidates, Any]]) -> None:
        parked, future = pending.popleft()
        try:
            part = future.result()
        except self.lost_worker_errors:
            part = self._decide_again(parked)
            for i, (other, later) in enumerate(pending):  # lost with the pool, unless done: into the fresh one
                if not (later.done() and later.exception() is None):
                    pending[i] = (other, self._submit_decision(other))
        self.run.add_decided(part)
        try:
            os.remove(parked.path)
        except OSError:  # the run's folder goes at the end anyway
            pass

    def _decide_again(self, parked: ParkedCandidates) -> DecidedPart:
        """A worker died while these were in flight: decided again one candidate per task in a fresh pool, so
        that only the culprit fails (a PL004 finding), as :meth:`_isolate` does for linting."""
        from .batch import park

        assert self.park_in is not None
        self._shutdown()
        self._start()
        merged = DecidedPart()
        group: list[Finding] = []
        group_index = -1
        for entry in parked.entries():
            if entry[0] != group_index:
                merged.findings.extend(sorted(group, key=Finding.sort_key))
                group, group_index = [], entry[0]
            alone = park([entry], self.park_in)
            try:
                part = self._submit_decision(alone).result()
            except self.lost_worker_errors as exc:
                part = self._decision_died(entry, exc)
                self._shutdown()
                self._start()
            os.remove(alone.path)
            part.unpack()
            group.extend(part.findings)
            merged.measured.extend(part.measured)
            merged.rule_errors += part.rule_errors
        merged.findings.extend(sorted(group, key=Finding.sort_key))
        return merged

    def _decision_died(self, entry: CandidateEntry, exc: BaseException) -> DecidedPart:
        """A candidate whose decision killed its worker twice: a PL004 finding (none for a measure-only rule)."""
        engine = self.run.engine
        _, source, code, cand = entry
        if code in engine.measure_only:  # measurement only: never reported
            return DecidedPart()
        failure = MergeFailure(type(exc).__name__, "worker process died while deciding")
        c = cand.finding
        message = failure_message(engine.source_rule(source, code), failure)
        return DecidedPart([engine.engine_finding(RULE_CRASHED.code, message, c.document_id, c.source, c.path)], [], 1)


def parallel_outcomes(
    run: LintRun, items: Iterable[ReadItem], jobs: int, encoding: Encoding | None = None
) -> Iterator[DocumentOutcome]:
    """Outcomes of ``items`` in input order, linted by ``jobs`` worker processes.

    ``encoding``: the output format's per-document encoder, for the workers to call (provlint.encoded_findings).
    """
    return ParallelRunner(run, jobs, encoding).outcomes(items)
