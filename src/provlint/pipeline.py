"""The whole flow in one place: read -> prepare and run rules -> aggregate.

Both the library API and the CLI drive a :class:`Pipeline`, so they cannot
disagree. Outcomes stream out one document at a time; :meth:`Pipeline.finish`
returns what only the end of the run knows (source-rule findings, scorecards,
accounting).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from . import fixes as _fixes  # noqa: F401 - declares [tool.provlint.fix]
from .config import Config, InputOptions
from .engine import DocumentOutcome, Engine, LintRun, RunStats
from .model import Finding
from .readers import iter_inputs
from .readers.base import ReadItem
from .registry import Registry, get_registry
from .scorecard import Scorecard, ScorecardSet


@dataclass(frozen=True)
class RunSummary:
    source_findings: tuple[Finding, ...]
    scorecards: dict[str, Scorecard]
    stats: RunStats


class Pipeline:
    def __init__(self, config: Config | None = None, registry: Registry | None = None) -> None:
        self.config = config or Config()
        self.registry = registry or get_registry()
        self.engine = Engine(self.config, self.registry)
        self.run = LintRun(self.engine)
        self.scorecards = ScorecardSet(self.config.section("scorecard"))

    def read(self, paths: Iterable[str], input_options: InputOptions | None = None) -> Iterator[ReadItem]:
        readers = {name: c.obj for name, c in self.registry.readers.items()}
        return iter_inputs(paths, input_options or self.config.input, readers)

    def outcomes(self, items: Iterable[ReadItem]) -> Iterator[DocumentOutcome]:
        for outcome in self.run.stream(items):
            self.scorecards.add_outcome(outcome)
            yield outcome

    def plugin_errors(self) -> list[str]:
        """Entry points that failed to load (reported, never fatal)."""
        from .plugins import get_plugin_manager

        return [str(e) for e in get_plugin_manager().load_errors]

    def finish(self) -> RunSummary:
        late = self.run.finish()
        self.scorecards.add_source_findings(late)
        return RunSummary(tuple(late), dict(sorted(self.scorecards.cards.items())), self.run.stats)

