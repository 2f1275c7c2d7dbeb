"""The library API: ``lint_text``, ``lint_documents``, ``lint_paths``.

Each returns a :class:`LintResult` with every finding (document findings in
input order, then those decided at the end of the run by source rules), the
per-source scorecards and the run's accounting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .config import Config, load_config
from .fixes import FixResult, apply_fixes, max_removed_share
from .model import Document, DocumentOutcome, Finding, ReadItem, RunStats
from .pipeline import Pipeline, RunSummary
from .scorecard import Scorecard


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    scorecards: dict[str, Scorecard] = field(default_factory=dict)
    stats: RunStats = field(default_factory=RunStats)
    errors: list[str] = field(default_factory=list)  # tracebacks of crashed rules

    def by_code(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.code == code]

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]


class ResultSink:
    """Collects a run into a :class:`LintResult` (the library API's sink)."""

    def __init__(self) -> None:
        self.result = LintResult()

    def start(self) -> None:
        pass

    def document(self, outcome: DocumentOutcome) -> None:
        self.result.findings.extend(outcome.findings)
        self.result.errors.extend(outcome.errors)

    def finish(self, summary: RunSummary) -> None:
        self.result.findings.extend(summary.source_findings)
        self.result.scorecards = summary.scorecards
        self.result.stats = summary.stats


def _collect(pipeline: Pipeline, items: Iterable[ReadItem]) -> LintResult:
    sink = ResultSink()
    pipeline.run(items, [sink])
    return sink.result


def _config(config: Config | None) -> Config:
    return config if config is not None else load_config()


def lint_documents(documents: Iterable[Document | ReadItem], config: Config | None = None) -> LintResult:
    """Lint documents (or reader items) with ``config`` (default: the discovered configuration)."""
    return _collect(Pipeline(_config(config)), documents)


def lint_text(text: str, config: Config | None = None, **fields: Any) -> LintResult:
    """Lint one text. ``fields`` are :class:`Document` fields (``id``, ``source``, ``title``, ...)."""
    fields.setdefault("id", "<text>")
    fields.setdefault("path", fields["id"])
    return lint_documents([Document(text=text, **fields)], config=config if config is not None else Config())


def fix_text(text: str, config: Config | None = None, **fields: Any) -> FixResult:
    """Lint ``text`` and apply the fixes of the selected rules.

    ``fields`` are :class:`~provlint.model.Document` fields (``id``, ``source``,
    ...), as for :func:`lint_text`. ``config`` chooses the rules and
    ``[tool.provlint.fix] max-removed-share``; the default is every rule.
    """
    config = config if config is not None else Config()
    result = lint_text(text, config=config, **fields)
    return apply_fixes(text, result.findings, max_removed_share(config))


def lint_paths(paths: Iterable[str], config: Config | None = None) -> LintResult:
    """Lint files, folders and JSON Lines files (``-`` for standard input)."""
    pipeline = Pipeline(_config(config))
    return _collect(pipeline, pipeline.read(list(paths)))
