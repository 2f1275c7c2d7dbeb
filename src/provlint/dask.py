"""Run provlint on a Dask cluster (``pip install 'provlint[dask]'``).

Two ways in:

* :func:`lint_bag` lints a Dask bag of documents (``Document`` values or
  JSON-like records with the configured field names) and returns a bag of
  findings and a delayed scorecard table. Compute both in one pass with
  ``dask.compute(findings, scorecards)``. A Dask dataframe whose columns are
  document fields goes in as ``frame.to_bag(format="dict")``.
* ``provlint check --scheduler tcp://HOST:8786 PATHS`` (or ``--engine dask``
  for a cluster started on this machine) reads the input here, sends batches
  to the cluster's workers and writes output exactly as a local run does
  (:class:`DaskRunner`).

Every worker builds its own engine from the (picklable) configuration, once
per worker process, and lints each item through ``LintRun.process`` as a
serial run does. Source rules work as they do in one process: each
partition's per-document states are merged by
:class:`~provlint.source_states.SourceStates` (the one merge routine, which
also guards a plugin ``merge`` that raises), the partition states are folded
into one per (rule, source), and each partition then decides its own candidates against
those merged states. The findings bag holds document findings in input order
followed by the source rules' findings in input order, as a serial run
reports them.

Scorecards hold integer counts merged as mergeable values, so they equal the
serial run's exactly; weights apply only when a score is asked for.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .batch import BatchResult, EngineSpec, lint_batch
from .config import Config
from .engine import Engine, LintRun
from .model import Document, Finding, ReadItem, ReadProblem
from .parallel import Batch, ParallelRunner
from .readers.jsonl import record_to_item
from .registry import Registry
from .scorecard import ScorecardSet
from .source_states import SourceStates

try:
    import dask.bag as db
    from dask.delayed import Delayed, delayed
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("provlint.dask needs Dask: pip install 'provlint[dask]'") from exc

__all__ = ["lint_bag", "DaskRunner", "dask_outcomes"]

# -- the engine in a worker -------------------------------------------------------

_ENGINES: dict[str, Engine] = {}


def _spec_token(spec: EngineSpec) -> str:
    return hashlib.sha256(pickle.dumps(spec, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def _engine(token: str, spec: EngineSpec) -> Engine:
    """The worker's engine for ``spec``, built on first use and kept."""
    engine = _ENGINES.get(token)
    if engine is None:
        engine = _ENGINES[token] = spec.build()
    return engine


def _spec(config: Config | None, registry: Registry | None) -> tuple[str, EngineSpec]:
    # Building the engine here fails early, not in every worker, on a bad configuration.
    spec = EngineSpec.of(Engine(config or Config(), registry, measure=True))  # the bag's scorecards measure
    return _spec_token(spec), spec


# -- bags -------------------------------------------------------------------------


def _items(records: Iterable[Any], fields: Mapping[str, str], partition: int) -> Iterator[ReadItem]:
    for n, record in enumerate(records):
        if isinstance(record, (Document, ReadProblem)):  # read already (provlint.dask_inputs.files_bag)
            yield record
        else:
            where = f"partition-{partition}:{n + 1}"
            yield record_to_item(record, fields, where, n + 1, None)


def _lint_partition(records: Iterable[Any], number: Iterable[int], token: str, spec: EngineSpec) -> list[BatchResult]:
    partition = next(iter(number), 0)
    items = _items(records, spec.config.input.fields, partition)
    return [lint_batch(_engine(token, spec), list(enumerate(items)))]


def _partition_states(results: list[BatchResult]) -> list[SourceStates]:
    return [results[0].states]


def _merge_states(a: SourceStates, b: SourceStates) -> SourceStates:
    return a.merged(b)  # a new value: never mutate one Dask may reuse


def _partition_cards(results: list[BatchResult]) -> list[ScorecardSet]:
    cards = ScorecardSet()
    for outcome in results[0].outcomes:
        cards.add_outcome(outcome)
    return [cards]


def _merge_cards(a: ScorecardSet, b: ScorecardSet) -> ScorecardSet:
    out = ScorecardSet()
    out.merge(pickle.loads(pickle.dumps(a)))
    out.merge(pickle.loads(pickle.dumps(b)))
    return out


def _document_findings(results: list[BatchResult]) -> list[Finding]:
    return [f for outcome in results[0].outcomes for f in outcome.findings]


def _decide(
    results: list[BatchResult], states: SourceStates, token: str, spec: EngineSpec
) -> list[tuple[bool, Finding]]:
    """This partition's source-rule findings, decided against the merged states.

    Each is paired with whether the run reports it (False: the scorecard's measure-only rules).
    """
    run = LintRun(_engine(token, spec))
    run.source_states = states
    for entries in results[0].candidates:
        run.candidates.extend(entries)
    decided = [(True, f) for f in run.finish()]
    return decided + [(False, f) for f in run.measured]


def _reported(decided: list[tuple[bool, Finding]]) -> list[Finding]:
    return [f for reported, f in decided if reported]


def _measured(decided: list[tuple[bool, Finding]]) -> list[Finding]:
    return [f for reported, f in decided if not reported]


def _late_cards(late: Sequence[Finding], measured: Sequence[Finding], cards: ScorecardSet) -> dict[str, Any]:
    out = ScorecardSet()
    out.merge(cards)
    out.add_source_findings(late)
    out.add_measured_findings(measured)
    return dict(sorted(out.cards.items()))


def lint_bag(bag: db.Bag, config: Config | None = None, registry: Registry | None = None) -> tuple[db.Bag, Delayed]:
    """Lint a bag of documents: (bag of findings, delayed {source: Scorecard}).

    Records are :class:`~provlint.model.Document` values or dicts with the
    fields named in ``config.input.fields`` (a record that cannot become a
    document is a PL001 finding, as in a JSON Lines file). Nothing is computed
    until you ask: ``findings, cards = dask.compute(findings_bag, scorecards)``.
    ``registry``: rules beyond the installed plugins (as for :class:`Pipeline`);
    their classes must be importable on the workers.
    """
    token, spec = _spec(config, registry)
    numbers = db.range(bag.npartitions, npartitions=bag.npartitions)
    results = bag.map_partitions(_lint_partition, numbers, token, spec)
    states = results.map_partitions(_partition_states).fold(_merge_states, initial=SourceStates())
    doc_findings = results.map_partitions(_document_findings)
    decided = results.map_partitions(_decide, states, token, spec)
    late_findings = decided.map_partitions(_reported)
    cards = results.map_partitions(_partition_cards).fold(_merge_cards, initial=ScorecardSet())
    scorecards = delayed(_late_cards)(late_findings, decided.map_partitions(_measured), cards)
    return db.concat([doc_findings, late_findings]), scorecards


# -- provlint check --scheduler ---------------------------------------------------


def _work(batch: Batch, token: str, spec: EngineSpec) -> BatchResult:
    return lint_batch(_engine(token, spec), batch)


class DaskRunner(ParallelRunner):
    """Batches go to a Dask cluster instead of local processes; same order, same merging."""

    def __init__(self, run: LintRun, client: Any) -> None:
        from distributed import KilledWorker

        workers = len(client.scheduler_info().get("workers", {})) or 1
        super().__init__(run, max(2, workers))
        self.client = client
        self.token = _spec_token(self.spec)
        self.lost_worker_errors = (KilledWorker,)

    #: the cluster's workers may be other machines: candidates come back with their batches, decided here
    parks = False

    def _start(self) -> None:
        self._spec_future = self.client.scatter(self.spec, broadcast=True)

    def _submit(self, batch: Batch) -> Any:
        return self.client.submit(_work, batch, self.token, self._spec_future, pure=False)

    def _shutdown(self) -> None:
        pass

    def _resubmit(self, pending: Any) -> None:
        pass  # the cluster lives on; other batches are unaffected


def dask_outcomes(run: LintRun, items: Iterable[ReadItem], scheduler: str | None, workers: int) -> Iterator[Any]:
    """Outcomes in input order, linted on the cluster at ``scheduler`` (None: a local cluster)."""
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        runner = DaskRunner(run, client)
        yield from runner.outcomes(items)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
