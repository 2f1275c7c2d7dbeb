"""The library API: ``lint_text``, ``lint_documents``, ``lint_paths``, ``fix_text`` and ``configure``.

Each lint function returns a :class:`LintResult` with every finding (document
findings in input order, then those decided at the end of the run by source
rules), the per-source scorecards and the run's accounting. Local rule classes
can be passed in (``rules=[MyRule]``) without packaging a plugin; for many
calls, a :class:`~provlint.linter.Linter` keeps the configuration and rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .config import Config, load_config
from .fixes import FixResult, apply_fixes, max_removed_share
from .model import Document, DocumentOutcome, Finding, ReadItem, RunStats
from .pipeline import Pipeline, RunSummary
from .scorecard import Scorecard

if TYPE_CHECKING:  # pragma: no cover
    from .rule import Rule


@dataclass
class LintResult:
    """Everything one lint run found: findings in report order, scorecards by source, accounting."""

    findings: list[Finding] = field(default_factory=list)
    scorecards: dict[str, Scorecard] = field(default_factory=dict)
    stats: RunStats = field(default_factory=RunStats)
    errors: list[str] = field(default_factory=list)  # tracebacks of crashed rules

    def by_code(self, code: str) -> list[Finding]:
        """The findings of one rule."""
        return [f for f in self.findings if f.code == code]

    @property
    def codes(self) -> list[str]:
        """The rule code of every finding, in report order."""
        return [f.code for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``findings`` (each :meth:`Finding.to_dict`), ``scorecards`` by source and ``stats``."""
        return {
            "findings": [f.to_dict() for f in self.findings],
            "scorecards": {source: card.to_dict() for source, card in self.scorecards.items()},
            "stats": self.stats.to_dict(),
        }

    def to_json(self, **dumps: Any) -> str:
        """:meth:`to_dict` as JSON text (``dumps``: options for :func:`json.dumps`, e.g. ``indent=2``)."""
        dumps.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **dumps)


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


def collect(pipeline: Pipeline, items: Iterable[ReadItem]) -> LintResult:
    """Run ``pipeline`` over ``items`` and gather the result."""
    sink = ResultSink()
    pipeline.run(items, [sink])
    return sink.result


_collect = collect


def _config(config: Config | None) -> Config:
    return config if config is not None else load_config()


def lint_documents(
    documents: Iterable[Document | ReadItem],
    config: Config | None = None,
    extra_rules: Iterable[type[Rule]] = (),
) -> LintResult:
    """Lint documents (or reader items) in one run.

    ``config``: default, the discovered configuration file (as the command
    line would use). ``extra_rules``: local rule classes to run beside the
    built-in and plugin rules (see :class:`~provlint.linter.Linter`).
    """
    extra = list(extra_rules)
    if extra:
        from .linter import Linter

        return Linter(_config(config), extra).lint_documents(documents)
    return collect(Pipeline(_config(config)), documents)


def lint_text(text: str, config: Config | None = None, rules: Iterable[type[Rule]] = (), **fields: Any) -> LintResult:
    """Lint one text (default: every rule, no configuration file).

    ``rules``: local rule classes to run as well (``provlint.lint_text(text,
    rules=[MyRule])``). ``fields`` are :class:`~provlint.model.Document` fields
    (``id``, ``source``, ``title``, ...).
    """
    fields.setdefault("id", "<text>")
    fields.setdefault("path", fields["id"])
    return lint_documents(
        [Document(text=text, **fields)], config=config if config is not None else Config(), extra_rules=rules
    )


def fix_text(text: str, config: Config | None = None, rules: Iterable[type[Rule]] = (), **fields: Any) -> FixResult:
    """Lint ``text`` and apply the fixes of the selected rules.

    ``fields`` are :class:`~provlint.model.Document` fields (``id``, ``source``,
    ...), as for :func:`lint_text`. ``config`` chooses the rules and
    ``[tool.provlint.fix] max-removed-share``; the default is every rule.
    ``rules``: local rule classes to run (and fix) as well.
    """
    config = config if config is not None else Config()
    result = lint_text(text, config=config, rules=rules, **fields)
    return apply_fixes(text, result.findings, max_removed_share(config))


def lint_paths(
    paths: Iterable[str], config: Config | None = None, rules: Iterable[type[Rule]] = (), jobs: int = 1
) -> LintResult:
    """Lint files, folders and JSON Lines files (``-`` for standard input), with ``jobs`` worker processes."""
    from .linter import Linter

    return Linter(_config(config), rules).lint_paths(paths, jobs=jobs)


def configure(**settings: Any) -> Config:
    """A :class:`Config` from keyword arguments, checked as the TOML file is.

    ``provlint.configure(select=["PL1", "PL3"], ignore=["PL105"], fail_on="error",
    rules={"PL201": {"min-chars": 20}}, limits={"max-document-chars": 100_000})``:
    the keys are the file's keys with ``_`` for ``-``; a wrong key or value
    raises :class:`~provlint.config.ConfigError` with the file's message.
    """
    return Config.from_dict({key.replace("_", "-"): value for key, value in settings.items()})
