"""The whole flow in one place: read -> prepare and run rules -> aggregate.

Both the library API and the CLI drive a :class:`Pipeline`, so they cannot
disagree. Outcomes stream out one document at a time; :meth:`Pipeline.finish`
returns what only the end of the run knows (source-rule findings, scorecards,
accounting).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from .config import Config, InputOptions
from .engine import Engine, LintRun
from .model import DocumentOutcome, Finding, ReadItem, RunStats
from .readers import iter_inputs
from .registry import Registry, get_registry
from .scorecard import Scorecard, ScorecardSet

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
    ) -> None:
        """``jobs``: worker processes (1: lint in this process; see provlint.parallel).
        ``dask`` (implied by ``scheduler``, a Dask scheduler address): lint on a Dask
        cluster, the one at ``scheduler`` or a local one of ``jobs`` workers (provlint.dask)."""
        self.config = config or Config()
        self.registry = registry or get_registry()
        self.engine = Engine(self.config, self.registry)
        self.run = LintRun(self.engine)
        self.jobs = jobs
        self.scheduler = scheduler
        self.dask = dask or scheduler is not None
        self.scorecards = ScorecardSet(self.config.section("scorecard"))

    def read(self, paths: Iterable[str], input_options: InputOptions | None = None) -> Iterator[ReadItem]:
        readers = {name: c.obj for name, c in self.registry.readers.items()}
        return iter_inputs(paths, input_options or self.config.input, readers)

    def outcomes(self, items: Iterable[ReadItem]) -> Iterator[DocumentOutcome]:
        if self.dask:
            from .dask import dask_outcomes

            stream = dask_outcomes(self.run, items, self.scheduler, self.jobs)
        elif self.jobs > 1:
            from .parallel import parallel_outcomes

            stream = parallel_outcomes(self.run, items, self.jobs)
        else:
            stream = self.run.stream(items)
        for outcome in stream:
            self.scorecards.add_outcome(outcome)
            yield outcome

    def plugin_errors(self) -> list[str]:
        """Entry points that failed to load (reported, never fatal)."""
        from .plugins import get_plugin_manager

        return [str(e) for e in get_plugin_manager().load_errors]

    def finish(self) -> RunSummary:
        late = self.run.finish()
        chunk: list[Finding] = []
        for finding in late:  # in bounded chunks: the late findings may not fit in memory
            chunk.append(finding)
            if len(chunk) >= SCORECARD_CHUNK:
                self.scorecards.add_source_findings(chunk)
                chunk = []
        self.scorecards.add_source_findings(chunk)
        return RunSummary(late, dict(sorted(self.scorecards.cards.items())), self.run.stats)
