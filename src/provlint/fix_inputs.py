"""Fix inputs through their readers: lint a whole run first, then write each input back.

Source rules (a line repeated across a site's pages) can only decide once every
document of a source has been seen, so fixing is two passes: :func:`plan_fixes`
lints all inputs together and keeps the findings that carry a fix, keyed by the
document's location, plus a digest of every document's text; then
:func:`write_back` has each input's reader (the format's one parser) re-read it
and write it out with the fixes applied. Re-reading (rather than holding every
text in memory) keeps large JSON Lines corpora streaming.

The digests are the guard against a file edited between the two passes: offsets
computed on the old text would delete the wrong characters, so a document whose
text no longer matches what was linted stops the write-back of its input with
:class:`ChangedSinceLint`, and the input is left untouched.

Core module: no CLI, no formatters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import IO

from .config import Config, InputOptions
from .fixes import FixResult, apply_fixes, max_removed_share
from .model import RULE_CRASHED, UNREADABLE_DOCUMENT, Document, DocumentOutcome, Finding, ReadItem, RunStats
from .pipeline import Pipeline, RunSummary
from .readers import InputFile, input_files
from .registry import get_registry
from .seen_ids import SeenIds

#: Engine findings that mean an input was not (fully) fixed: unreadable input, crashed rule.
PROBLEM_CODES = (UNREADABLE_DOCUMENT.code, RULE_CRASHED.code)


def linted_key(label: str, text: str) -> str:
    """What the plan remembers of a document: its label and text, kept only as a 64-bit digest
    (:class:`~provlint.seen_ids.SeenIds`, about 8 bytes per document on large runs)."""
    return f"{label}\x00{text}"


class ChangedSinceLint(Exception):
    """A document's text is not the one that was linted: its input changed between lint and fix."""

    def __init__(self, label: str) -> None:
        super().__init__(label)
        self.label = label


@dataclass
class FixPlan:
    """The fixable findings of one lint run, by document location (``Finding.path``), and each text's digest."""

    config: Config
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    #: Findings about inputs that could not be read (PL001) and crashed rules (PL004).
    problems: list[Finding] = field(default_factory=list)
    stats: RunStats = field(default_factory=RunStats)
    #: Every document linted, as label and text (digests only; see :func:`linted_key`).
    linted: SeenIds = field(default_factory=SeenIds)
    #: How the lint run read its inputs (write-back must read them the same way).
    input_options: InputOptions = field(default_factory=InputOptions)

    @property
    def max_share(self) -> float:
        return max_removed_share(self.config)

    def fix(self, label: str, text: str) -> FixResult:
        """The fixes for document ``label`` applied to ``text``; ChangedSinceLint when ``text`` was not linted."""
        if linted_key(label, text) not in self.linted:
            raise ChangedSinceLint(label)
        return apply_fixes(text, self.findings.get(label, ()), self.max_share)


@dataclass(frozen=True)
class FixedDocument:
    """One document before and after fixing; ``label`` is its location (file, or ``file.jsonl:LINE``)."""

    label: str
    original: str
    result: FixResult


class FixPlanSink:
    """Builds a :class:`FixPlan` from a lint run: fixable findings by location, and the problems."""

    def __init__(self, config: Config) -> None:
        self.plan = FixPlan(config)
        self._by_label: dict[str, list[Finding]] = defaultdict(list)

    def _keep(self, finding: Finding) -> None:
        if finding.fix is not None:
            self._by_label[finding.path or finding.document_id].append(finding)
        elif finding.code in PROBLEM_CODES:
            self.plan.problems.append(finding)

    def digest(self, items: Iterable[ReadItem]) -> Iterator[ReadItem]:
        """``items`` unchanged, each document's label and text recorded (as a digest) on the way."""
        linted = self.plan.linted
        for item in items:
            if isinstance(item, Document):
                linted.add(linted_key(item.path or item.id, item.text))
            yield item

    def start(self) -> None:
        pass

    def document(self, outcome: DocumentOutcome) -> None:
        for finding in outcome.findings:
            self._keep(finding)

    def finish(self, summary: RunSummary) -> None:
        for finding in summary.source_findings:
            self._keep(finding)
        self.plan.findings = dict(self._by_label)
        self.plan.stats = summary.stats


def plan_fixes(paths: Iterable[str], config: Config, pipeline: Pipeline | None = None) -> FixPlan:
    """Lint every input in one run (so source rules see whole sources) and keep the fixable findings.

    ``pipeline``: where to lint (``--jobs``, ``--scheduler``; build it with ``measure=False``: fixes need no
    scorecard analyses); default: in this process.
    """
    pipeline = pipeline or Pipeline(config, measure=False)
    sink = FixPlanSink(config)
    sink.plan.input_options = replace(config.input, max_chars=pipeline.engine.max_chars)
    pipeline.run(sink.digest(pipeline.read(list(paths))), [sink])
    return sink.plan


def files_to_fix(paths: Iterable[str], config: Config) -> list[InputFile]:
    """The files the paths expand to, as ``provlint check`` reads them (no engine needed: just the readers)."""
    readers = {name: c.obj for name, c in get_registry().readers.items()}
    return list(input_files(list(paths), config.input, readers))


def write_back(item: InputFile, plan: FixPlan, out: IO[bytes], on_document: Callable[[FixedDocument], None]) -> bool:
    """Write ``item`` with its fixes to ``out`` through its reader; True when a fix changed it.

    ``on_document`` sees every document as it is fixed. Raises
    :class:`ChangedSinceLint` and the reader's
    :class:`~provlint.readers.WriteBackError`; ``out`` is then incomplete.
    """
    assert item.path is not None and item.reader is not None
    changed = False

    def fix(label: str, text: str) -> str:
        nonlocal changed
        result = plan.fix(label, text)
        on_document(FixedDocument(label, text, result))
        changed = changed or result.changed
        return result.text

    item.reader.write_back(item.path, plan.input_options, str(item.path), fix, out)
    return changed


def crashed(plan: FixPlan) -> list[Finding]:
    return [f for f in plan.problems if f.code == RULE_CRASHED.code]


__all__ = [
    "ChangedSinceLint",
    "FixPlan",
    "FixPlanSink",
    "FixedDocument",
    "crashed",
    "files_to_fix",
    "plan_fixes",
    "linted_key",
    "write_back",
]
