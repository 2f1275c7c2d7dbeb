"""The source rules' end-of-run decisions made by the ``--jobs`` workers (provlint.parallel, provlint.batch):
the same findings as the serial run's, failures included, and nothing left behind."""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

import pytest

from provlint import Config, Document
from provlint.api import LintResult, _collect
from provlint.batch import decide_parked, lint_batch
from provlint.config import LimitsSection
from provlint.encoded_findings import encoded_late
from provlint.engine import Engine, LintRun
from provlint.formatters.json import findings_text
from provlint.model import DocumentOutcome, Finding
from provlint.pipeline import Pipeline, RunSummary
from provlint.source_states import SourceStates
from provlint.testing import registry_with
from tests.parallel_rules import PARENT_PID_VARIABLE, FailsDeciding, LineCounts, RecurringLine

FOOTER = "Copyright 2026 The Example Gazette, all rights reserved."


def _documents(markers: dict[int, str], count: int = 120) -> list[Document]:
    """``count`` documents of four sources, each with its source's footer; ``markers`` adds a line to some."""
    docs = []
    for n in range(count):
        text = f"Story number {n} of the day.\nA second line for story {n}.\n{FOOTER}"
        if n in markers:
            text += "\n" + markers[n]
        docs.append(Document(id=f"doc-{n:03d}", text=text, source=f"site-{n % 4}", path=f"doc-{n:03d}"))
    return docs


def _run(docs: list[Document], jobs: int) -> LintResult:
    # The test rules count as plugin rules; with the rule host off they run in the worker itself, so a kill
    # in decide takes the worker down as a crash in native code would.
    config = Config(select=("PL998", "PL993"), limits=LimitsSection(plugin_rule_timeout=0))
    return _collect(Pipeline(config, registry_with(RecurringLine, FailsDeciding), jobs=jobs, measure=False), docs)


@pytest.fixture(autouse=True)
def _parent_pid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PARENT_PID_VARIABLE, str(os.getpid()))


@pytest.mark.slow
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_worker_decisions_equal_serial_ones_with_a_raising_decide(
    method: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("provlint.parallel.start_method", lambda: method)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    docs = _documents({5: "DECIDE-RAISES", 6: "DECIDE-FINE", 90: "DECIDE-FINE", 91: "DECIDE-RAISES"})
    serial = _run(docs, 1)
    parallel = _run(docs, 2)
    assert parallel.findings == serial.findings
    assert parallel.stats.to_dict() == serial.stats.to_dict()
    assert serial.stats.to_dict() == {"read": 120, "linted": 120, "skipped": 0, "failed": 0, "rule_errors": 2}
    late = [(f.document_id, f.code, f.line, f.column, f.message) for f in serial.findings if f.code != "PL998"]
    assert late == [
        ("doc-005", "PL004", 1, 1, "rule PL993 (fails-deciding) crashed: RuntimeError: cannot decide"),
        ("doc-006", "PL993", 4, 1, "DECIDE-FINE in 2 documents"),
        ("doc-090", "PL993", 4, 1, "DECIDE-FINE in 2 documents"),
        ("doc-091", "PL004", 1, 1, "rule PL993 (fails-deciding) crashed: RuntimeError: cannot decide"),
    ]
    footers = [f for f in parallel.findings if f.code == "PL998"]
    assert len(footers) == 120 and footers[0].message == "line recurs in 30 documents of the source"
    assert os.listdir(tmp_path) == []  # the workers' candidate files and their folder are gone


@pytest.mark.slow
def test_a_worker_dying_while_deciding_fails_only_its_candidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    docs = _documents({7: "DECIDE-KILLS", 8: "DECIDE-FINE", 100: "DECIDE-FINE"})
    result = _run(docs, 2)
    assert result.stats.to_dict() == {"read": 120, "linted": 120, "skipped": 0, "failed": 0, "rule_errors": 1}
    # killed with its batch, then again alone: one PL004 for the candidate; every other candidate is decided (its
    # batch's one candidate per task), so the rest of the run equals a serial run without the killer
    late = [(f.document_id, f.code, f.message) for f in result.findings if f.code != "PL998"]
    assert late == [
        (
            "doc-007",
            "PL004",
            "rule PL993 (fails-deciding) crashed: BrokenProcessPool: worker process died while deciding",
        ),
        ("doc-008", "PL993", "DECIDE-FINE in 2 documents"),
        ("doc-100", "PL993", "DECIDE-FINE in 2 documents"),
    ]
    serial = _run(_documents({8: "DECIDE-FINE", 100: "DECIDE-FINE"}), 1)
    assert [f for f in result.findings if f.code == "PL998"] == [f for f in serial.findings if f.code == "PL998"]
    assert os.listdir(tmp_path) == []


def test_parked_candidates_decide_as_the_serial_run(tmp_path: Path) -> None:
    """In one process: a batch's candidates parked in a file, then decided against the merged states of their
    keys only, give the serial run's findings."""
    config = Config(select=("PL998",), limits=LimitsSection(plugin_rule_timeout=0))
    engine = Engine(config, registry_with(RecurringLine))
    docs = _documents({}, count=12)
    first = lint_batch(engine, list(enumerate(docs[:6])), park_in=str(tmp_path))
    second = lint_batch(engine, list(enumerate(docs[6:], start=6)), park_in=str(tmp_path))
    assert first.candidates == [[]] * 6 and [p.count for p in first.parked] == [18]  # three lines a document
    assert first.parked[0].keys == {("PL998", f"site-{n}") for n in range(4)}
    states = SourceStates()
    states.merge(first.states)
    states.merge(second.states)
    decided = [decide_parked(engine, p, states.subset(p.keys)) for p in (*first.parked, *second.parked)]
    assert len(os.listdir(tmp_path)) == 2  # the run that parked them removes the files once it holds the result
    assert [(len(p.findings), len(p.packed[0]) if p.packed else None) for p in decided] == [
        (0, 6),
        (0, 6),
    ]  # the footers
    for part in decided:  # the findings travel in the spool's compact form
        part.unpack()
    serial = LintRun(engine)
    for n, doc in enumerate(docs):
        serial.take(*serial.process(doc, n))
    expected = list(serial.finish())
    assert [f for part in decided for f in part.findings] == expected
    assert [(f.document_id, f.line, f.message) for f in expected[:2]] == [
        ("doc-000", 3, "line recurs in 3 documents of the source"),
        ("doc-001", 3, "line recurs in 3 documents of the source"),
    ]
    assert sum(part.rule_errors for part in decided) == 0


def test_subset_keeps_only_the_keys_asked_for() -> None:
    states = SourceStates(timeout=2.5)
    for source in ("a", "b", "c"):
        state = LineCounts()
        state.counts[source] = 1
        states.add(("PL998", source), state)
    from provlint.source_states import MergeFailure

    states.broken[("PL996", "a")] = MergeFailure("ValueError", "cannot merge")
    part = states.subset([("PL998", "a"), ("PL998", "c"), ("PL996", "a"), ("PL998", "z")])
    assert sorted(part.states) == [("PL998", "a"), ("PL998", "c")]
    assert part.states[("PL998", "a")] is states.states[("PL998", "a")]
    assert part.broken == {("PL996", "a"): MergeFailure("ValueError", "cannot merge")}
    assert part.timeout == 2.5


class _JsonLike:
    """A sink asking for the JSON encoding, as the JSON formatter does; keeps the run's late findings."""

    findings_encoding = ("json", findings_text)

    def start(self) -> None:
        self.late: Collection[Finding] = ()

    def document(self, outcome: DocumentOutcome) -> None:
        pass

    def finish(self, summary: RunSummary) -> None:
        self.late = summary.source_findings


@pytest.mark.slow
def test_workers_write_the_late_findings_report_text() -> None:
    docs = _documents({6: "DECIDE-FINE", 90: "DECIDE-FINE"})
    config = Config(select=("PL998", "PL993"), limits=LimitsSection(plugin_rule_timeout=0))
    sink = _JsonLike()
    Pipeline(config, registry_with(RecurringLine, FailsDeciding), jobs=2, measure=False).run(docs, [sink])
    late = encoded_late(sink.late, "json")
    assert late is not None and len(late) == 122
    assert ",\n    ".join(late.texts) == findings_text(tuple(late))
    assert late.codes == {"PL998": 120, "PL993": 2}
    assert list(late) == _run(docs, 1).findings
