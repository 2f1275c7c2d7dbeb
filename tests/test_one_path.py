"""One "lint one item" path and one merge routine behind every runner.

The serial run, ``--jobs 2`` worker processes and a Dask cluster must give
the same accounted, reported outcome for a plugin whose ``SourceState.merge``
raises, and byte-identical JSON findings when a rule is slow only in the
workers (a slow rule is a run diagnostic, never a finding).
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from provlint import Config, Document
from provlint.api import ResultSink
from provlint.config import LimitsSection
from provlint.formatters.base import FormatContext
from provlint.formatters.json import JsonFormatter
from provlint.pipeline import Pipeline, RunSummary
from provlint.registry import Registry, get_registry
from provlint.testing import registry_with
from tests.conftest import ROOT
from tests.parallel_rules import PARENT_PID_VARIABLE, BrokenMerge, CrashesOnMarker, SlowInWorkers

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
import dask.bag as db  # noqa: E402

from provlint.dask import lint_bag  # noqa: E402

sys.path.insert(0, str(ROOT))
from benchmarks.corpus import generate  # noqa: E402

pytestmark = pytest.mark.slow

os.environ[PARENT_PID_VARIABLE] = str(os.getpid())  # inherited by every worker started from here


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as c:
        c.run(sys.path.insert, 0, str(ROOT))  # the test rules live in tests/
        yield c
    cluster.close()


def _docs() -> list[Document]:
    """150 documents (three batches for --jobs), a few sources with several documents each."""
    docs = []
    for i, rec in enumerate(generate(docs=150, seed=3)):
        text = rec["text"] + ("\nSLOW-HERE" if i in (5, 70, 140) else "") + ("\nCRASH-ME" if i == 33 else "")
        docs.append(Document(id=rec["id"], text=text, source=rec["source"], path=rec["id"]))
    return docs


def _json_run(pipeline: Pipeline, docs: list[Document]) -> tuple[str, RunSummary]:
    stream = io.StringIO()
    context = FormatContext(version="test", weights=pipeline.config.section("scorecard"))
    summary = pipeline.run(docs, [JsonFormatter(stream, context)])
    return stream.getvalue(), summary


def _without_timings(text: str) -> str:
    """The JSON report up to the machine-dependent ``timings`` block (always last)."""
    cut = text.find(',\n  "timings": ')
    return text if cut < 0 else text[:cut] + "\n}\n"


def _pipelines(config: Config, registry: Registry, client: Any) -> dict[str, Pipeline]:
    return {
        "serial": Pipeline(config, registry),
        "jobs 2": Pipeline(config, registry, jobs=2),
        "dask": Pipeline(config, registry, scheduler=client.scheduler.address),
    }


def test_a_raising_merge_gives_one_outcome_through_every_runner(client: Any) -> None:
    docs = _docs()
    config = Config(select=("PL996", "PL997", "PL004"))
    registry = registry_with(BrokenMerge, CrashesOnMarker)
    results = {}
    for name, pipeline in _pipelines(config, registry, client).items():
        sink = ResultSink()
        pipeline.run(docs, [sink])
        results[name] = sink.result
    serial = results["serial"]
    by_source: dict[str, int] = {}
    for doc in docs:
        by_source[doc.source] = by_source.get(doc.source, 0) + 1
    alone = {s for s, n in by_source.items() if n == 1}
    # Sources of one document never merge: their candidate stands. Every other source's state
    # broke in a merge: each of its candidates is a PL004 naming the rule and the error.
    expected_crashes = sum(n for n in by_source.values() if n > 1)
    crashes = [f for f in serial.findings if f.code == "PL004" and "PL996" in f.message]
    assert len(crashes) == expected_crashes > 0
    assert crashes[0].message == "rule PL996 (broken-merge) crashed: ValueError: cannot merge these states"
    assert sorted(f.source for f in serial.findings if f.code == "PL996") == sorted(alone)
    assert serial.stats.to_dict() == {
        "read": 150,
        "linted": 150,
        "skipped": 0,
        "failed": 0,
        "rule_errors": expected_crashes + 1,  # and the CRASH-ME document
    }
    for name in ("jobs 2", "dask"):
        assert results[name].findings == serial.findings, name
        assert results[name].stats.to_dict() == serial.stats.to_dict(), name
        assert {s: c.to_dict() for s, c in results[name].scorecards.items()} == {
            s: c.to_dict() for s, c in serial.scorecards.items()
        }, name
    bag_findings, _ = lint_bag(db.from_sequence(docs, npartitions=4), config, registry)
    assert dask.compute(bag_findings)[0] == serial.findings


def test_a_rule_slow_only_in_workers_changes_no_byte_of_the_findings(client: Any) -> None:
    docs = _docs()
    config = Config(select=("PL301", "PL201", "PL995", "PL007"), limits=LimitsSection(rule_time_budget=0.01))
    registry = registry_with(SlowInWorkers)
    reports = {name: _json_run(p, docs) for name, p in _pipelines(config, registry, client).items()}
    serial_text, _ = reports["serial"]
    # PL995 sleeps only in workers; on a busy machine any rule may also be slow here: that is the point.
    serial_findings = _without_timings(serial_text)
    assert [f["code"] for f in json.loads(serial_findings)["findings"]].count("PL995") == 3
    assert all(f["code"] != "PL007" for f in json.loads(serial_findings)["findings"])
    for name in ("jobs 2", "dask"):
        text, summary = reports[name]
        assert _without_timings(text) == serial_findings, name
        # The workers were slow: reported as run diagnostics, and only there.
        assert "PL995" in {s.code for s in summary.stats.slow_rules}, name
        timings = json.loads(text)["timings"]
        assert timings["slow_calls"] == summary.stats.slow_calls >= 3
        assert all(s["budget"] == 0.01 and s["seconds"] >= 0.01 for s in timings["slow_rules"])


def test_measure_only_site_boilerplate_gives_one_scorecard_through_every_runner(client: Any) -> None:
    """PL207 unselected still measures boilerplate for the scorecard, the same way in every runner."""
    sites = ROOT / "tests" / "fixtures" / "sites"
    docs = [
        Document(id=str(p.relative_to(sites)), text=p.read_text(encoding="utf-8"), source=p.parent.name)
        for p in sorted(sites.glob("*/*.txt"))
    ]
    config = Config(select=("PL301",))
    cards = {}
    for name, pipeline in _pipelines(config, get_registry(), client).items():
        summary = pipeline.run(docs, [])
        assert list(summary.source_findings) == [], name
        cards[name] = {s: c.to_dict() for s, c in summary.scorecards.items()}
    assert all(card["boilerplate_chars"] > 0 for card in cards["serial"].values())
    assert cards["jobs 2"] == cards["serial"]
    assert cards["dask"] == cards["serial"]
    bag_findings, bag_cards = lint_bag(db.from_sequence(docs, npartitions=3), config)
    findings, by_source = dask.compute(bag_findings, bag_cards)
    assert findings == []
    assert {s: c.to_dict() for s, c in by_source.items()} == cards["serial"]
