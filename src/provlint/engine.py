"""Run rules over documents: the middle of the pipeline.

``Engine`` holds the run's resolved rule set (:mod:`provlint.selection`) as
configured rule instances and lints one document at a time. ``LintRun`` adds
what a whole run needs: input-order indices, accounting (read = linted +
skipped + failed), source-rule states (:mod:`provlint.source_states`) and
candidates, and the findings that only the end of the run can decide.
:meth:`LintRun.process` is the one "lint one item" path: the serial run, the
``--jobs`` workers and the Dask partitions all call it.

A rule that raises is reported as a PL004 finding on the document and the
run goes on; a read problem becomes a PL001/PL003 finding. Nothing is dropped.
The engine also reports duplicate ids (PL006) and documents over the size
limit (PL008, skipped). A rule over the per-document time budget (PL007) is a
run diagnostic (``RunStats.slow_rules``), never a finding: it depends on the
machine's load. Rules are warmed up (their data loaded) before the first
timed call; see :meth:`Engine.warm_up` and docs/reliability.md.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from .config import Config, check_input_format
from .encoded_findings import EncodedLate
from .isolation import InvalidResult, RuleGuard, crash_message, finding_problem, must_end_run
from .limits import (
    line_count,
    max_document_chars,
    max_document_lines,
    rule_time_budget,
    too_large_message,
    too_many_lines_message,
)
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
    SlowRule,
    record_origin,
)
from .prepare import PreparedDocument
from .readers.base import format_choices
from .registry import Registry, get_registry
from .rule import Candidate, Rule, SourceRule, SourceState
from .scorecard_measures import DocumentMeasurer
from .seen_ids import SeenIds, duplicate_id_message
from .selection import rule_options, select_rules
from .source_states import MergeFailure, SourceStates
from .spool import (
    DEFAULT_THRESHOLD,
    CandidateEntry,
    Spool,
    candidate_spool,
    decode_finding,
    encode_finding,
    finding_spool,
)
from .time_limit import time_limit

#: The text every rule sees once, untimed, before the first timed call (see :meth:`Engine.warm_up`).
WARM_UP_TEXT = """\
Council approves new budget for city parks
The city council approved a new budget for parks on Tuesday, officials said.
"We will plant more trees this year," the mayor told reporters after the vote [1].
Residents can read the full plan on the council's website. Work begins in May.
According to sources, the plan had been delayed twice by disagreements over costs.
"""


class Engine:
    """Selected, configured rule instances and the code that runs them."""

    def __init__(self, config: Config | None = None, registry: Registry | None = None, measure: bool = False) -> None:
        """``measure``: run the scorecard's own analyses on every document (provlint.scorecard_measures)."""
        self.config = config or Config()
        self.registry = registry or get_registry()
        self.selection = select_rules(self.config, self.registry)
        self.rule_classes: list[type[Rule]] = list(self.selection.rules)
        self.measure = measure
        self.measurer = (
            DocumentMeasurer(self.registry.rule_classes(), (cls.code for cls in self.rule_classes)) if measure else None
        )
        # unselected built-in source rules the scorecard measures with (never reported; scorecard_measures.py)
        self.measure_rules: list[SourceRule[Any]] = self.measurer.source_rules if self.measurer is not None else []
        self.measure_only = frozenset(rule.code for rule in self.measure_rules)
        check_input_format(self.config, format_choices(self.registry.readers))
        self._default_rules = self._instantiate(None)
        self._per_source: dict[str, list[Rule]] = {}
        reports = self.selection.reports
        self.time_budget = rule_time_budget(self.config) if reports(RULE_OVER_TIME_BUDGET.code) else 0.0
        self.check_duplicate_ids = reports(DUPLICATE_DOCUMENT_ID.code)
        self.max_chars = max_document_chars(self.config) if reports(DOCUMENT_TOO_LARGE.code) else 0
        self.max_lines = max_document_lines(self.config) if reports(DOCUMENT_TOO_LARGE.code) else 0
        self.warm = False
        self.guard = RuleGuard(self.registry, self.config, self.rules_for)

    # -- configuration ----------------------------------------------------------

    def _instantiate(self, source: str | None) -> list[Rule]:
        cfg = self.config
        where = cfg.path or "<configuration>"
        source_cfg = cfg.sources.get(source) if source else None
        instances: list[Rule] = []
        for cls in self.rule_classes:
            options: dict[str, Any] = {}
            for key in (cls.code, cls.name):
                if key in cfg.rules:
                    options.update(rule_options(cls, cfg.rules[key], where, f"rules.{key}"))
            if source_cfg is not None:
                if source_cfg.language and "declared_language" in cls.options:
                    # A rule option named declared_language defaults to the source's language.
                    options["declared_language"] = source_cfg.language
                for key in (cls.code, cls.name):
                    if key in source_cfg.rules:
                        options.update(rule_options(cls, source_cfg.rules[key], where, f"sources.{source}.rules.{key}"))
            instances.append(cls(options=options, severity=cfg.severity.get(cls.code)))
        return instances

    def rules_for(self, source: str) -> list[Rule]:
        if source not in self.config.sources:
            return self._default_rules
        if source not in self._per_source:
            rules = self._per_source[source] = self._instantiate(source)
            if self.warm:
                self._warm_rules(rules)
        return self._per_source[source]

    @property
    def rules(self) -> list[Rule]:
        return self._default_rules

    def source_rule(self, source: str, code: str) -> SourceRule[Any]:
        """The source rule instance that produced ``code``'s candidates for ``source`` (reported or measure-only)."""
        for rule in (*self.rules_for(source), *self.measure_rules):
            if rule.code == code and isinstance(rule, SourceRule):
                return rule
        raise KeyError(f"no source rule {code} for source {source!r}")

    # -- warm-up ------------------------------------------------------------------

    def release(self) -> None:
        """Stop the plugin rule host's child process, if one runs (it starts again on the next plugin rule call).

        Without this, every engine that ran a plugin rule would keep an idle child until it is garbage collected."""
        if self.guard.host is not None:
            self.guard.host.stop()

    def warm_up(self) -> None:
        """Load every rule's data before any timed call; once per engine (so once per process).

        Each rule's :meth:`~provlint.rule.Rule.warm_up` hook runs, then every
        rule sees :data:`WARM_UP_TEXT` once, untimed, its results discarded: a
        rule that loads a dictionary or compiles patterns on first use does it
        here, not inside the call the time budget measures. Called by the
        first :meth:`lint` when a budget is set, and by ``--jobs`` before its
        workers fork (so they share the loaded data) and in each worker.
        """
        if self.warm:
            return
        self.warm = True
        self._warm_rules(self._default_rules)
        for rules in self._per_source.values():
            self._warm_rules(rules)

    def before_fork(self) -> None:
        """Each rule's (and the scorecard measurer's) :meth:`~provlint.rule.Rule.before_fork`; ``--jobs`` calls it
        in the parent right before its workers fork. A rule failing here fails again, and is reported, on real
        documents."""
        rules = [*self._default_rules, *(r for rules in self._per_source.values() for r in rules), *self.measure_rules]
        for rule in rules:
            try:
                rule.before_fork()
            except Exception:
                continue
        if self.measurer is not None:
            self.measurer.before_fork()

    def _warm_rules(self, rules: Iterable[Rule]) -> None:
        sample = PreparedDocument(Document(id="<warm-up>", text=WARM_UP_TEXT, source="<warm-up>"))
        for rule in rules:
            try:
                rule.warm_up()
            except Exception:  # a rule failing here fails again, and is reported, on real documents
                continue
            self.guard.call(rule, sample)  # guarded: never raises; the results are discarded

    # -- linting ----------------------------------------------------------------

    def lint(
        self, doc: Document, index: int = 0
    ) -> tuple[DocumentOutcome, list[tuple[str, Candidate]], dict[str, SourceState]]:
        """Lint one document.

        Returns its outcome, the source-rule candidates it produced (with the
        rule code) and the per-rule source-state contributions of this document.
        """
        budget = self.time_budget
        if budget > 0 and not self.warm:
            self.warm_up()
        prepared = PreparedDocument(doc)
        # measured before the rules run: what a rule records later cannot change the scorecard's figures
        measures = self.measurer.measure(prepared) if self.measurer is not None else None
        findings: list[Finding] = []
        slow: list[SlowRule] = []
        errors: list[str] = []
        candidates: list[tuple[str, Candidate]] = []
        states: dict[str, SourceState] = {}
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
                findings.append(self.engine_finding(RULE_CRASHED.code, problem, doc.id, doc.source, doc.path))
            if budget > 0:
                took = time.perf_counter() - began
                if took > budget:
                    slow.append(SlowRule(rule.code, rule.name, doc.id, doc.path, took, budget))
        for rule in self.measure_rules:  # measurement only: a failure here is reported when the rule is selected
            call = self.guard.call(rule, prepared)
            candidates.extend([(rule.code, cand) for cand in call.candidates])
            if call.state is not None:
                states[rule.code] = call.state
        findings.sort(key=Finding.sort_key)
        outcome = DocumentOutcome(
            index=index,
            document_id=doc.id,
            source=doc.source,
            path=doc.path,
            url=doc.url,
            status="linted",
            findings=tuple(findings),
            words=prepared.word_count,
            chars=len(prepared.text),
            measures=measures if measures is not None else prepared.measures.summary(),
            errors=tuple(errors),
            slow=tuple(slow),
        )
        return outcome, candidates, states

    def admit(self, item: ReadItem) -> ReadItem:
        """The item to lint: a document over the size or line limit becomes a skipped PL008 problem."""
        if not isinstance(item, Document):
            return item
        reason = None
        if self.max_chars and len(item.text) > self.max_chars:
            reason = too_large_message(len(item.text), self.max_chars)
        elif self.max_lines and (lines := line_count(item.text)) > self.max_lines:
            reason = too_many_lines_message(lines, self.max_lines)
        if reason is None:
            return item
        return ReadProblem(
            item.id,
            item.path or item.id,
            reason,
            status="skipped",
            code=DOCUMENT_TOO_LARGE.code,
            source=item.source,
            url=item.url,
        )

    def engine_finding(
        self,
        code: str,
        message: str,
        document_id: str,
        source: str,
        path: str | None,
        line: int = 1,
        url: str | None = None,
    ) -> Finding:
        diagnostic = DIAGNOSTICS[code]
        severity = self.config.severity.get(code) or diagnostic.severity
        file, record = record_origin(path)
        return Finding(
            code=code,
            name=diagnostic.name,
            category="engine",
            severity=severity,
            message=message,
            document_id=document_id,
            source=source,
            path=path,
            file=file,
            record=record,
            line=line,
            column=1,
            end_line=line,
            end_column=1,
            start=0,
            end=0,
            excerpt="",
            url=url,
        )

    def problem_outcome(self, problem: ReadProblem, index: int) -> DocumentOutcome:
        findings: tuple[Finding, ...] = ()
        if problem.code in DIAGNOSTICS:
            findings = (
                self.engine_finding(
                    problem.code, problem.reason, problem.document_id, problem.source, problem.path, url=problem.url
                ),
            )
        return DocumentOutcome(
            index=index,
            document_id=problem.document_id,
            source=problem.source,
            path=problem.path,
            url=problem.url,
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
        self.source_states = SourceStates(timeout=float(engine.config.limits.plugin_rule_timeout))
        self.spool_threshold = spool_threshold
        # (doc index, source, code, candidate), appended in input order
        self.candidates: Spool[CandidateEntry] = candidate_spool(spool_threshold)
        self.seen_ids = SeenIds()
        self._next_index = 0
        #: the findings decided so far, in input order (by :meth:`finish`, or taken by :meth:`add_decided`)
        self.late: Spool[Finding] = finding_spool(spool_threshold)
        #: what the scorecard's measure-only source rules decided (filled with :attr:`late`)
        self.measured: Spool[Finding] = finding_spool(spool_threshold)
        # the report text of the late findings taken by add_decided, per part (None: some part had none)
        self._late_texts: Spool[str] | None = Spool(spool_threshold)
        self._late_format: str | None = None
        self._late_codes: dict[str, int] = {}

    def process(self, item: ReadItem, index: int) -> tuple[DocumentOutcome, list[CandidateEntry]]:
        """Lint one input item: the one path of every runner (serial, ``--jobs`` workers, Dask).

        The item is admitted (over the size limit: a skipped PL008 problem),
        linted or reported as a read problem, and its source-rule states are
        merged into :attr:`source_states`. Returns its outcome and its
        candidates; :meth:`take` then accounts for them in input order (in
        this run, or in the run a worker's batch returns to).
        """
        item = self.engine.admit(item)
        if isinstance(item, ReadProblem):
            return self.engine.problem_outcome(item, index), []
        outcome, candidates, states = self.engine.lint(item, index)
        self.source_states.add_document(item.source, states)
        return outcome, [(index, item.source, code, cand) for code, cand in candidates]

    def take(self, outcome: DocumentOutcome, candidates: Iterable[CandidateEntry]) -> DocumentOutcome:
        """Account for an outcome (linted here or by a worker) and keep its candidates.

        Outcomes must arrive in input order. Returns the outcome as the run
        reports it (with PL006 for a duplicate id: only the run that sees
        every id, in order, can tell).
        """
        if outcome.index != self._next_index:
            raise ValueError(f"outcome {outcome.index} out of order (expected {self._next_index})")
        self._next_index += 1
        self.candidates.extend(candidates)
        outcome = self.check_duplicate_id(outcome)
        self.stats.add(outcome)
        return outcome

    def check_duplicate_id(self, outcome: DocumentOutcome) -> DocumentOutcome:
        """Add PL006 to a linted document whose id an earlier document of this run had."""
        if (
            outcome.status != "linted"
            or not self.engine.check_duplicate_ids
            or not self.seen_ids.add(outcome.document_id)
        ):
            return outcome
        duplicate = self.engine.engine_finding(
            DUPLICATE_DOCUMENT_ID.code,
            duplicate_id_message(outcome.document_id),
            outcome.document_id,
            outcome.source,
            outcome.path,
        )
        return replace(outcome, findings=tuple(sorted((*outcome.findings, duplicate), key=Finding.sort_key)))

    def stream(self, items: Iterable[ReadItem]) -> Iterator[DocumentOutcome]:
        for item in items:
            yield self.take(*self.process(item, self._next_index))

    def finish(self) -> Collection[Finding]:
        """Decide the source rules' candidates; findings in input order.

        Candidates stream back from the spool in input order (:meth:`decide_into`). The result is a spool
        too (re-iterable, with a length), so memory stays bounded. When ``--jobs`` workers decided the
        run's candidates (:meth:`add_decided`), the spool holds none and their findings are already in.
        What the scorecard's measure-only rules decide (``Engine.measure_only``) goes to :attr:`measured`.
        """
        before = len(self.late)
        self.stats.rule_errors += self.decide_into(self.candidates, self.late, self.measured)
        self.candidates.close()
        texts = self._late_texts
        if texts is None or self._late_format is None or len(self.late) != before:
            return self.late
        return EncodedLate(self.late, self._late_format, texts, self._late_codes)

    def add_decided(self, part: DecidedPart) -> None:
        """Take the findings another process decided (:meth:`decide_part`), in input order, with their report
        text when the part has one (then :meth:`finish` returns them as an :class:`EncodedLate`)."""
        if part.packed is not None:  # straight into the spools, decoded when they are read
            self.late.extend_encoded(part.packed[0])
            self.measured.extend_encoded(part.packed[1])
        else:
            self.late.extend(part.findings)
            self.measured.extend(part.measured)
        self.stats.rule_errors += part.rule_errors
        if not part.count or self._late_texts is None:
            return
        if part.text is None or self._late_format not in (None, part.format):
            self._late_texts.close()
            self._late_texts = None  # a part without its text: the report's writer encodes them all
            return
        self._late_format = part.format
        self._late_texts.append(part.text)
        codes = self._late_codes
        for code, n in part.codes.items():
            codes[code] = codes.get(code, 0) + n

    def decide_part(self, entries: Iterable[CandidateEntry]) -> DecidedPart:
        """Decide ``entries`` (a run of whole documents' candidates, in input order) against
        :attr:`source_states`: what a ``--jobs`` worker returns for the candidates it kept."""
        findings: list[Finding] = []
        measured: list[Finding] = []
        errors = self.decide_into(entries, findings, measured)
        return DecidedPart(findings, measured, errors)

    def decide_into(self, entries: Iterable[CandidateEntry], out: _Extendable, measured: _Extendable) -> int:
        """Decide every candidate of ``entries`` against the merged state of its (rule, source); the one
        decision routine of every runner. Returns the number of PL004 findings it reported.

        ``entries`` come in input order; the findings of one document are sorted like a document's own and
        extend ``out`` together. A candidate whose (rule, source) state broke in a merge, or whose ``decide``
        raises, becomes a PL004 finding. What the measure-only rules decide extends ``measured`` instead, and
        their failures are not reported.
        """
        rules: dict[tuple[str, str], SourceRule[Any]] = {}
        group: list[Finding] = []
        group_index = -1
        errors = 0
        states, broken = self.source_states.states, self.source_states.broken
        measure_only = self.engine.measure_only
        # a plugin's decide runs here, with the merged state: time-limited (time_limit.py), as its merges are
        plugins, timeout = self.engine.guard.plugin_codes, self.source_states.timeout
        for index, source, code, cand in entries:
            if index != group_index:
                out.extend(sorted(group, key=Finding.sort_key))
                group, group_index = [], index
            key = (code, source)
            rule = rules.get(key)
            if rule is None:
                rule = rules[key] = self.engine.source_rule(source, code)
            state = states.get(key)
            failure = broken.get(key)
            if state is None and failure is None:
                continue
            if code in measure_only:
                if state is not None:
                    measured.extend(measured_findings(rule, cand, state))
                continue
            if state is not None:
                try:
                    with time_limit(timeout if code in plugins else 0.0, "decide"):
                        decided = list(rule.decide_all(cand, state))
                except BaseException as exc:  # SystemExit and a rule's KeyboardInterrupt too (isolation.py)
                    if must_end_run(exc):
                        raise
                    failure = MergeFailure.of(exc)
                    if failure.timed_out:  # the key's other candidates would each wait as long: all are PL004
                        broken[key] = failure
                        del states[key]
                else:
                    problems = [p for p in (finding_problem(f, None) for f in decided) if p is not None]
                    if problems:
                        failure = MergeFailure.of(InvalidResult(f"decide returned an invalid finding: {problems[0]}"))
                    else:
                        group.extend(decided)
            if failure is not None:
                c = cand.finding
                group.append(
                    self.engine.engine_finding(
                        RULE_CRASHED.code, failure_message(rule, failure), c.document_id, c.source, c.path
                    )
                )
                errors += 1
        out.extend(sorted(group, key=Finding.sort_key))
        return errors


class _Extendable(Protocol):
    def extend(self, items: Iterable[Finding], /) -> None: ...


@dataclass
class DecidedPart:
    """What deciding a run of documents' candidates gave: the reported findings in input order, what the
    measure-only rules decided, and the number of PL004 findings among the reported (picklable)."""

    findings: list[Finding] = field(default_factory=list)
    measured: list[Finding] = field(default_factory=list)
    rule_errors: int = 0
    #: ``findings``' report text in ``format``, as :func:`~provlint.encoded_findings.encode` writes a document's,
    #: and their number by rule code (counted where the text was written)
    text: str | None = None
    format: str | None = None
    codes: dict[str, int] = field(default_factory=dict)
    #: ``findings`` and ``measured`` in the spool's compact form (:func:`~provlint.spool.encode_finding`) instead,
    #: as a worker sends them: the run's spools take them without building each finding (:meth:`pack`)
    packed: tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]] | None = None

    @property
    def count(self) -> int:
        """How many findings the part reports."""
        return len(self.packed[0]) if self.packed is not None else len(self.findings)

    def pack(self) -> None:
        """Hold the findings in their compact form (for the trip to the run's process)."""
        if self.packed is None:
            self.packed = ([encode_finding(f) for f in self.findings], [encode_finding(f) for f in self.measured])
            self.findings, self.measured = [], []

    def unpack(self) -> None:
        """Hold the findings as findings again."""
        if self.packed is not None:
            self.findings = [decode_finding(t) for t in self.packed[0]]
            self.measured = [decode_finding(t) for t in self.packed[1]]
            self.packed = None


def measured_findings(rule: SourceRule[Any], cand: Candidate, state: Any) -> list[Finding]:
    """What a measure-only source rule decides for ``cand``; nothing when it fails (measurement only)."""
    try:
        decided = list(rule.decide_all(cand, state))
    except Exception:
        return []
    return [f for f in decided if finding_problem(f, None) is None]


def failure_message(rule: Rule, failure: MergeFailure) -> str:
    """The PL004 message for a state that broke in a merge or a ``decide`` that raised (as for a crash)."""
    what = "timed out" if failure.timed_out else "crashed"
    return f"rule {rule.code} ({rule.name}) {what}: {failure.error}" + (f": {failure.detail}" if failure.detail else "")


__all__ = ["DecidedPart", "Engine", "LintRun", "DocumentOutcome", "RunStats", "crash_message", "select_rules"]
