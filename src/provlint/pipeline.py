"""The whole flow in one place: read -> prepare and run rules -> filter -> aggregate -> sinks.

Every driver (``provlint check``, ``provlint scorecard``, ``provlint fix``'s
planning, the library's ``lint_*`` functions) builds a :class:`Pipeline` and
calls :meth:`Pipeline.run` with its sinks (:mod:`provlint.sink`), so they
cannot disagree. Outcomes stream out one document at a time; the baseline
filter (when given) is applied here, before the scorecards count findings, so
every sink sees the same findings; :meth:`Pipeline.finish` returns what only
the end of the run knows.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .config import Config, InputOptions
from .encoded_findings import Encoding
from .engine import Engine, LintRun
from .model import DocumentOutcome, Finding, ReadItem, RunStats
from .readers import iter_inputs
from .registry import Registry, get_registry
from .scorecard import Scorecard, ScorecardSet
from .sink import Sink, before_baseline

if TYPE_CHECKING:  # pragma: no cover
    from .baseline import BaselineFilter

SCORECARD_CHUNK = 10_000


@dataclass(frozen=True)
class RunSummary:
    #: Findings decided at the end of the run, in input order: a re-iterable
    #: collection (a Spool, which spills to a temporary file on large runs).
    source_findings: Collection[Finding]
    scorecards: dict[str, Scorecard]
    stats: RunStats


class Pipeline:
    def __init__(
        self,
        config: Config | None = None,
        registry: Registry | None = None,
        jobs: int = 1,
        scheduler: str | None = None,
        dask: bool = False,
        baseline: BaselineFilter | None = None,
        measure: bool = True,
    ) -> None:
        """``jobs``: worker processes (1: lint in this process; see provlint.parallel).
        ``dask`` (implied by ``scheduler``, a Dask scheduler address): lint on a Dask
        cluster, the one at ``scheduler`` or a local one of ``jobs`` workers (provlint.dask).
        ``baseline``: findings it holds are left out of every sink and of the scorecards.
        ``measure``: run the scorecard's own analyses (language, readability, boilerplate whatever the
        selection; provlint.scorecard_measures); off when no scorecard is shown, to save their cost."""
        self.config = config or Config()
        self.registry = registry or get_registry()
        self.engine = Engine(self.config, self.registry, measure=measure)
        self.run_state = LintRun(self.engine)
        self.jobs = jobs
        self.scheduler = scheduler
        self.dask = dask or scheduler is not None
        self.baseline = baseline
        # Counts only: weights apply when a score is asked for (scorecard.py), never while counting.
        self.scorecards = ScorecardSet()
        self._raw_sinks: tuple[Sink, ...] = ()
        self._encoding: Encoding | None = None
        self._raw_late: Collection[Finding] = ()

    def read(self, paths: Iterable[str], input_options: InputOptions | None = None) -> Iterator[ReadItem]:
        readers = {name: c.obj for name, c in self.registry.readers.items()}
        options = replace(input_options or self.config.input, max_chars=self.engine.max_chars)
        return iter_inputs(paths, options, readers)

    def run(self, items: Iterable[ReadItem], sinks: Sequence[Sink]) -> RunSummary:
        """Lint ``items`` and feed every sink; the run's summary (after the baseline filter)."""
        self._raw_sinks = tuple(s for s in sinks if before_baseline(s))
        # The first sink that can have its text written by the --jobs workers (the output format).
        self._encoding = next((e for e in (getattr(s, "findings_encoding", None) for s in sinks) if e), None)
        filtered = [s for s in sinks if not before_baseline(s)]
        for sink in sinks:
            sink.start()
        try:
            for outcome in self.outcomes(items):
                for sink in filtered:
                    sink.document(outcome)
            summary = self.finish()
        finally:
            self.engine.release()
        for sink in sinks:
            sink.finish(replace(summary, source_findings=self._raw_late) if before_baseline(sink) else summary)
        return summary

    def outcomes(self, items: Iterable[ReadItem]) -> Iterator[DocumentOutcome]:
        """Outcomes in input order, the baseline filter applied, counted into the scorecards."""
        if self.dask:
            from .dask import dask_outcomes

            stream = dask_outcomes(self.run_state, items, self.scheduler, self.jobs)
        elif self.jobs > 1:
            from .parallel import parallel_outcomes

            stream = parallel_outcomes(self.run_state, items, self.jobs, self._encoding)
        else:
            stream = self.run_state.stream(items)
        for outcome in stream:
            for sink in self._raw_sinks:
                sink.document(outcome)
            if self.baseline is not None:
                outcome = self.baseline.outcome(outcome)
            self.scorecards.add_outcome(outcome)
            yield outcome

    def plugin_errors(self) -> list[str]:
        """Entry points that failed to load (reported, never fatal)."""
        from .plugins import get_plugin_manager

        return [str(e) for e in get_plugin_manager().load_errors]

    def finish(self) -> RunSummary:
        late: Collection[Finding] = self.run_state.finish()
        self.engine.release()  # no rule runs after this point: the plugin rule host's process can go
        self._raw_late = late
        if self.baseline is not None:
            late = self.baseline.new_findings(late)
        chunk: list[Finding] = []
        for finding in late:  # in bounded chunks: the late findings may not fit in memory
            chunk.append(finding)
            if len(chunk) >= SCORECARD_CHUNK:
                self.scorecards.add_source_findings(chunk)
                chunk = []
        self.scorecards.add_source_findings(chunk)
        self.scorecards.add_measured_findings(self.run_state.measured)
        self.run_state.measured.close()
        return RunSummary(late, dict(sorted(self.scorecards.cards.items())), self.run_state.stats)
