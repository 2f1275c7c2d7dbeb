"""Every driver goes through Pipeline.run and its sinks; the baseline filter lives in the pipeline."""

from __future__ import annotations

from pathlib import Path

from provlint import Config
from provlint.api import ResultSink
from provlint.baseline import BaselineFilter, load_baseline, write_baseline
from provlint.model import DocumentOutcome
from provlint.pipeline import Pipeline, RunSummary
from provlint.sink import Sink
from tests.conftest import SEEDS


class Recorder:
    def __init__(self, before_baseline: bool = False) -> None:
        self.before_baseline = before_baseline
        self.events: list[str] = []
        self.findings: list[str] = []
        self.summary: RunSummary | None = None

    def start(self) -> None:
        self.events.append("start")

    def document(self, outcome: DocumentOutcome) -> None:
        self.events.append(f"document {outcome.index}")
        self.findings.extend(f"{f.path}:{f.line}:{f.code}" for f in outcome.findings)

    def finish(self, summary: RunSummary) -> None:
        self.events.append("finish")
        self.findings.extend(f"{f.path}:{f.line}:{f.code}" for f in summary.source_findings)
        self.summary = summary


def _run(sinks: list[Sink], baseline: BaselineFilter | None = None) -> RunSummary:
    pipeline = Pipeline(Config(), baseline=baseline)
    return pipeline.run(pipeline.read([str(SEEDS)]), sinks)


def test_sinks_see_start_each_document_in_order_then_finish() -> None:
    recorder = Recorder()
    collector = ResultSink()
    assert isinstance(recorder, Sink) and isinstance(collector, Sink)
    summary = _run([recorder, collector])
    documents = len(list(SEEDS.iterdir()))
    assert recorder.events == ["start", *(f"document {i}" for i in range(documents)), "finish"]
    assert recorder.summary is summary
    assert summary.stats.read == documents
    assert recorder.findings == [f"{f.path}:{f.line}:{f.code}" for f in collector.result.findings]
    assert collector.result.stats is summary.stats


def test_baseline_hides_findings_from_every_sink_and_from_the_scorecards(tmp_path: Path) -> None:
    everything = ResultSink()
    plain = _run([everything])
    all_findings = everything.result.findings
    assert plain.scorecards and sum(c.findings for c in plain.scorecards.values()) == len(all_findings) > 0
    path = tmp_path / "baseline.json"
    write_baseline(path, all_findings)

    baseline = BaselineFilter(load_baseline(path))
    after = Recorder()
    raw = Recorder(before_baseline=True)
    summary = _run([after, raw], baseline)
    assert after.findings == []  # every finding is in the baseline
    assert baseline.matched == len(all_findings)
    # The scorecards no longer count what the baseline hides; documents and words still count.
    assert sum(c.findings for c in summary.scorecards.values()) == 0
    assert {s: c.documents for s, c in summary.scorecards.items()} == {
        s: c.documents for s, c in plain.scorecards.items()
    }
    # A sink that writes a new baseline still sees every finding.
    assert raw.findings == [f"{f.path}:{f.line}:{f.code}" for f in all_findings]
