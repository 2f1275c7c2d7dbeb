"""Run rules over documents: the middle of the pipeline.

``Engine`` resolves the configuration against the registry into rule
instances once, then lints one document at a time. ``LintRun`` adds what a
whole run needs: input-order indices, accounting (read = linted + skipped +
failed), source-rule state and candidates, and the findings that only the end
of the run can decide.

A rule that raises is reported as a PL004 finding on the document and the
run goes on; a read problem becomes a PL001/PL003 finding. Nothing is dropped.
The engine also reports duplicate ids (PL006), rules over the per-document
time budget (PL007) and documents over the size limit (PL008, skipped); see
docs/reliability.md.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from .config import Config, ConfigError, check_input_format, check_selectors, selector_matches, type_problem
from .isolation import RuleGuard, crash_message
from .limits import max_document_chars, over_budget_message, rule_time_budget, too_large_message
from .model import (
    DIAGNOSTICS,
    DOCUMENT_TOO_LARGE,
    DUPLICATE_DOCUMENT_ID,
    RULE_CRASHED,
    RULE_OVER_TIME_BUDGET,
    Document,
    DocumentOutcome,
    Finding,
    ReadItem,
    ReadProblem,
    RunStats,
)
from .prepare import PreparedDocument
from .readers.base import format_choices
from .registry import Registry, get_registry
from .rule import Candidate, Rule, SourceRule, SourceState, excerpt
from .seen_ids import SeenIds, duplicate_id_message
from .spool import DEFAULT_THRESHOLD, CandidateEntry, Spool, candidate_spool, finding_spool

#: Kept for code written against the old names; the codes live in :mod:`provlint.model`.
RULE_CRASH_CODE = RULE_CRASHED.code
DUPLICATE_ID_CODE = DUPLICATE_DOCUMENT_ID.code
OVER_BUDGET_CODE = RULE_OVER_TIME_BUDGET.code
TOO_LARGE_CODE = DOCUMENT_TOO_LARGE.code


class Engine:
    """Selected, configured rule instances and the code that runs them."""

    def __init__(self, config: Config | None = None, registry: Registry | None = None) -> None:
        self.config = config or Config()
        self.registry = registry or get_registry()
        self.rule_classes = select_rules(self.config, self.registry)
        check_input_format(self.config, format_choices(self.registry.readers))
        self._default_rules = self._instantiate(None)
        self._per_source: dict[str, list[Rule]] = {}
        selected = {cls.code for cls in self.rule_classes}
        self.time_budget = rule_time_budget(self.config) if OVER_BUDGET_CODE in selected else 0.0
        self.check_duplicate_ids = DUPLICATE_ID_CODE in selected
        self.max_chars = max_document_chars(self.config) if TOO_LARGE_CODE in selected else 0
        self.guard = RuleGuard(self.registry, self.config, self.rules_for)

    # -- configuration ----------------------------------------------------------

    def _instantiate(self, source: str | None) -> list[Rule]:
        cfg = self.config
        where = cfg.path or "<configuration>"
        source_cfg = cfg.sources.get(source) if source else None
        instances: list[Rule] = []
        for cls in self.rule_classes:
            options: dict[str, Any] = {}
            for table, key_prefix in (
                (cfg.rules, "rules"),
                (source_cfg.rules if source_cfg else {}, f"sources.{source}.rules"),
            ):
                if key_prefix != "rules" and source_cfg and source_cfg.language and "declared_language" in cls.options:
                    # A rule option named declared_language defaults to the source's language.
                    options["declared_language"] = source_cfg.language
                for key in (cls.code, cls.name):
                    if key in table:
                        options.update(_check_options(cls, table[key], where, f"{key_prefix}.{key}"))
            severity = cfg.severity.get(cls.code)
            instances.append(cls(options=options, severity=severity))
        return instances

    def rules_for(self, source: str) -> list[Rule]:
        if source not in self.config.sources:
            return self._default_rules
        if source not in self._per_source:
            self._per_source[source] = self._instantiate(source)
        return self._per_source[source]

    @property
    def rules(self) -> list[Rule]:
        return self._default_rules

    def declared_language(self, doc: Document) -> str | None:
        if doc.lang:
            return doc.lang
        source_cfg = self.config.sources.get(doc.source)
        return source_cfg.language if source_cfg else None

    # -- linting ----------------------------------------------------------------

    def lint(
        self, doc: Document, index: int = 0
    ) -> tuple[DocumentOutcome, list[tuple[str, Candidate]], dict[str, SourceState]]:
        """Lint one document.

        Returns its outcome, the source-rule candidates it produced (with the
        rule code) and the per-rule source-state contributions of this document.
        """
        prepared = PreparedDocument(doc)
        findings: list[Finding] = []
        errors: list[str] = []
        candidates: list[tuple[str, Candidate]] = []
        states: dict[str, SourceState] = {}
        budget = self.time_budget
        for rule in self.rules_for(doc.source):
            began = time.perf_counter()
            # The guard validates what the rule returns and turns any misbehaviour into problems (isolation.py).
            call = self.guard.call(rule, prepared)
            findings.extend(call.findings)
            candidates.extend([(rule.code, cand) for cand in call.candidates])
            if call.state is not None:
                states[rule.code] = call.state
            errors.extend(call.errors)
            for problem in call.problems:
                findings.append(self.engine_finding(RULE_CRASH_CODE, problem, doc.id, doc.source, doc.path))
            if budget > 0:
                took = time.perf_counter() - began
                if took > budget:
                    findings.append(
                        self.engine_finding(
                            OVER_BUDGET_CODE,
                            over_budget_message(rule.code, rule.name, took, budget),
                            doc.id,
                            doc.source,
                            doc.path,
                        )
                    )
        findings.sort(key=Finding.sort_key)
        outcome = DocumentOutcome(
            index=index,
            document_id=doc.id,
            source=doc.source,
            path=doc.path,
            status="linted",
            findings=tuple(findings),
            words=prepared.word_count,
            chars=len(prepared.text),
            metrics=dict(prepared.metrics),
            errors=tuple(errors),
        )
        return outcome, candidates, states

    def admit(self, item: ReadItem) -> ReadItem:
        """The item to lint: a document over the size limit becomes a skipped PL008 problem."""
        if isinstance(item, Document) and self.max_chars and len(item.text) > self.max_chars:
            return ReadProblem(
                item.id,
                item.path or item.id,
                too_large_message(len(item.text), self.max_chars),
                status="skipped",
                code=TOO_LARGE_CODE,
                source=item.source,
            )
        return item

    def crash_finding(self, doc: PreparedDocument, rule: Rule, exc: BaseException) -> Finding:
        return self.engine_finding(
            RULE_CRASH_CODE,
            crash_message(rule, exc),
            doc.document.id,
            doc.document.source,
            doc.document.path,
        )

    def engine_finding(
        self, code: str, message: str, document_id: str, source: str, path: str | None, line: int = 1
    ) -> Finding:
        diagnostic = DIAGNOSTICS[code]
        severity = self.config.severity.get(code) or diagnostic.severity
        return Finding(
            code=code,
            name=diagnostic.name,
            category="engine",
            severity=severity,
            message=message,
            document_id=document_id,
            source=source,
            path=path,
            line=line,
            column=1,
            end_line=line,
            end_column=1,
            start=0,
            end=0,
            excerpt="",
        )

    def problem_outcome(self, problem: ReadProblem, index: int) -> DocumentOutcome:
        findings: tuple[Finding, ...] = ()
        if problem.code in DIAGNOSTICS:
            findings = (
                self.engine_finding(problem.code, problem.reason, problem.document_id, problem.source, problem.path),
            )
        return DocumentOutcome(
            index=index,
            document_id=problem.document_id,
            source=problem.source,
            path=problem.path,
            status=problem.status,
            findings=findings,
        )


class LintRun:
    """One run over a stream of inputs: outcomes in input order, then the end-of-run findings.

    Memory stays bounded whatever the input size: source-rule candidates go
    into a :class:`~provlint.spool.Spool` that spills to a temporary file past
    ``spool_threshold`` items, and :meth:`finish` streams them back in input
    order, deciding each one and spooling the findings it keeps.
    """

    def __init__(self, engine: Engine, spool_threshold: int = DEFAULT_THRESHOLD) -> None:
        self.engine = engine
        self.stats = RunStats()
        self.source_states: dict[tuple[str, str], SourceState] = {}
        self.spool_threshold = spool_threshold
        # (doc index, source, code, candidate), appended in input order
        self.candidates: Spool[CandidateEntry] = candidate_spool(spool_threshold)
        self.seen_ids = SeenIds()
        self.broken_states: dict[tuple[str, str], BaseException] = {}  # source states whose merge raised
        self._next_index = 0

    def process(self, item: ReadItem) -> DocumentOutcome:
        index = self._next_index
        self._next_index += 1
        item = self.engine.admit(item)
        if isinstance(item, ReadProblem):
            outcome = self.engine.problem_outcome(item, index)
        else:
            outcome, candidates, states = self.engine.lint(item, index)
            self.absorb(item.source, index, candidates, states)
        outcome = self.check_duplicate_id(outcome)
        self.stats.add(outcome)
        return outcome

    def check_duplicate_id(self, outcome: DocumentOutcome) -> DocumentOutcome:
        """Add PL006 to a linted document whose id an earlier document of this run had.

        Done here, in input order by the run that owns the accounting, whether the
        document was linted in this process or by a worker.
        """
        if (
            outcome.status != "linted"
            or not self.engine.check_duplicate_ids
            or not self.seen_ids.add(outcome.document_id)
        ):
            return outcome
        duplicate = self.engine.engine_finding(
            DUPLICATE_ID_CODE,
            duplicate_id_message(outcome.document_id),
            outcome.document_id,
            outcome.source,
            outcome.path,
        )
        return replace(outcome, findings=tuple(sorted((*outcome.findings, duplicate), key=Finding.sort_key)))

    def absorb(
        self, source: str, index: int, candidates: list[tuple[str, Candidate]], states: Mapping[str, SourceState]
    ) -> None:
        """Merge one document's source-rule contributions (documents in input order)."""
        self.merge_states({(code, source): state for code, state in states.items()})
        for code, cand in candidates:
            self.candidates.append((index, source, code, cand))

    def merge_states(self, states: Mapping[tuple[str, str], SourceState]) -> None:
        """Merge source states keyed by (rule code, source), e.g. a worker's batch."""
        for key, state in states.items():
            if key in self.broken_states:
                continue
            if key in self.source_states:
                try:
                    self.source_states[key].merge(state)
                except Exception as exc:
                    # The merged state is now unknown: its candidates become PL004 at the end.
                    self.broken_states[key] = exc
                    del self.source_states[key]
            else:
                self.source_states[key] = state

    def take(self, outcome: DocumentOutcome, candidates: Iterable[CandidateEntry]) -> DocumentOutcome:
        """Account for an outcome linted elsewhere (a worker) and keep its candidates.

        Outcomes must arrive in input order, as :meth:`process` would see them.
        Returns the outcome as the run reports it (with PL006 for a duplicate id).
        """
        if outcome.index != self._next_index:
            raise ValueError(f"outcome {outcome.index} out of order (expected {self._next_index})")
        self._next_index += 1
        self.candidates.extend(candidates)
        outcome = self.check_duplicate_id(outcome)
        self.stats.add(outcome)
        return outcome

    def stream(self, items: Iterable[ReadItem]) -> Iterator[DocumentOutcome]:
        for item in items:
            yield self.process(item)

    def finish(self) -> Spool[Finding]:
        """Decide the source rules' candidates; findings in input order.

        Candidates stream back from the spool in input order; the findings of
        one document are sorted like a document's own. The result is a spool
        too (re-iterable, with a length), so memory stays bounded.
        """
        rules: dict[tuple[str, str], SourceRule[Any]] = {}
        out = finding_spool(self.spool_threshold)
        group: list[Finding] = []
        group_index = -1
        for index, source, code, cand in self.candidates:
            if index != group_index:
                out.extend(sorted(group, key=Finding.sort_key))
                group, group_index = [], index
            key = (code, source)
            rule = rules.get(key)
            if rule is None:
                found = next(r for r in self.engine.rules_for(source) if r.code == code)
                assert isinstance(found, SourceRule)
                rule = rules[key] = found
            state = self.source_states.get(key)
            failure: BaseException | None = self.broken_states.get(key)
            finding: Finding | None = None
            if state is None and failure is None:
                continue
            if state is not None:
                try:
                    finding = rule.decide(cand, state)
                except Exception as exc:
                    failure = exc
            if failure is not None:
                c = cand.finding
                finding = self.engine.engine_finding(
                    RULE_CRASH_CODE, crash_message(rule, failure), c.document_id, c.source, c.path
                )
                self.stats.rule_errors += 1
            if finding is not None:
                group.append(finding)
        out.extend(sorted(group, key=Finding.sort_key))
        self.candidates.close()
        return out


def select_rules(config: Config, registry: Registry) -> list[type[Rule]]:
    classes = registry.rule_classes()
    where = config.path or "<configuration>"
    for key, selectors in (
        ("select", config.select),
        ("extend-select", config.extend_select),
        ("ignore", config.ignore),
    ):
        check_selectors(selectors, classes, where, key)
    for code in config.severity:
        if registry.rule_class(code) is None:
            raise ConfigError(f"{where}: severity.{code}: unknown rule code")
    for table_name, table in [("rules", config.rules)] + [
        (f"sources.{s}.rules", sc.rules) for s, sc in config.sources.items()
    ]:
        for key in table:
            if registry.rule_class(key) is None:
                raise ConfigError(f"{where}: {table_name}.{key}: unknown rule code or name")
    chosen = []
    for cls in classes:
        picked = any(selector_matches(s, cls) for s in (*config.select, *config.extend_select))
        dropped = any(selector_matches(s, cls) for s in config.ignore)
        if picked and not dropped:
            chosen.append(cls)
    return chosen


def _check_options(cls: type[Rule], options: Mapping[str, Any], where: str, key: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in options.items():
        if name not in cls.options:
            known = ", ".join(k.replace("_", "-") for k in cls.options) or "none"
            raise ConfigError(
                f"{where}: {key}.{name.replace('_', '-')}: unknown option for {cls.code} ({cls.name}); known options: {known}"
            )
        problem = type_problem(value, cls.options[name])
        if problem:
            raise ConfigError(f"{where}: {key}.{name.replace('_', '-')}: {problem}")
        out[name] = tuple(value) if isinstance(cls.options[name], tuple) else value
    return out


__all__ = ["Engine", "LintRun", "DocumentOutcome", "RunStats", "select_rules", "excerpt"]
