"""provlint on a Dask cluster: the same findings and scorecards as a serial run.

The cluster is a ``distributed.LocalCluster`` of two worker *processes*
(one thread each), so states, candidates and scorecards really cross process
boundaries as they would between machines.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from provlint import Config, Document
from provlint.api import _collect
from provlint.config import LimitsSection
from provlint.pipeline import Pipeline
from provlint.testing import registry_with
from tests.conftest import ROOT, SEEDS
from tests.parallel_rules import CrashesOnMarker, HangsOnMarker, RecurringLine

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
import dask.bag as db  # noqa: E402

from provlint.dask import lint_bag  # noqa: E402

sys.path.insert(0, str(ROOT))
from benchmarks.corpus import generate, write_jsonl  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as c:
        c.run(sys.path.insert, 0, str(ROOT))  # the test rules live in tests/
        yield c
    cluster.close()


def _docs() -> list[Document]:
    docs = [
        Document(id=p.name, text=p.read_text(encoding="utf-8"), source="seeds", path=str(p))
        for p in sorted(SEEDS.glob("*.txt"))
    ]
    for i, rec in enumerate(generate(docs=120, seed=5)):
        text = rec["text"] + ("\nCRASH-ME" if i == 9 else "")
        docs.append(
            Document(id=rec["id"], text=text, source=rec["source"], url=rec["url"], title=rec["title"], path=rec["id"])
        )
    return docs


def test_lint_bag_equals_serial(client: Any) -> None:
    docs = _docs()
    registry = registry_with(RecurringLine, CrashesOnMarker)
    serial = _collect(Pipeline(Config(), registry), docs)
    findings_bag, scorecards = lint_bag(db.from_sequence(docs, npartitions=5), Config(), registry)
    findings, cards = dask.compute(findings_bag, scorecards)
    assert findings == serial.findings
    assert {s: c.to_dict() for s, c in cards.items()} == {s: c.to_dict() for s, c in serial.scorecards.items()}
    assert {"PL998", "PL004", "PL301", "PL201"} <= {f.code for f in findings}


def test_the_plugin_rule_host_stops_a_hanging_rule_on_dask_workers(client: Any) -> None:
    """Plugin rules run in a killable host in Dask workers too: a hang is one PL004, as in a serial run."""
    docs = [Document(id=f"d{i}", text=f"Page {i}." + (" HANG-HERE" if i == 2 else ""), source="s") for i in range(6)]
    config = Config(select=("PL994", "PL004"), limits=LimitsSection(plugin_rule_timeout=1.0))
    registry = registry_with(HangsOnMarker)
    serial = _collect(Pipeline(config, registry), docs)
    findings_bag, _ = lint_bag(db.from_sequence(docs, npartitions=3), config, registry)
    (findings,) = dask.compute(findings_bag)
    assert findings == serial.findings
    assert [(f.code, f.document_id, f.message) for f in findings] == [
        (
            "PL004",
            "d2",
            "rule PL994 (hangs-on-marker) stopped after 1 s ([limits] plugin-rule-timeout); "
            "no findings from it on this document",
        )
    ]


def test_lint_bag_of_records_reports_bad_records(client: Any) -> None:
    records = [{"id": "a", "text": "Cited [2] here.", "source": "x"}, {"id": "b", "body": "no text"}]
    findings_bag, scorecards = lint_bag(db.from_sequence(records, npartitions=2), Config(select=("PL301",)))
    findings, cards = dask.compute(findings_bag, scorecards)
    assert [(f.code, f.document_id, f.message) for f in findings] == [
        ("PL301", "a", "citation marker [2] has no reference list"),
        ("PL001", "b", "line 1: record has no 'text' field"),  # a failed record keeps its id
    ]
    assert (cards["x"].documents, cards["unknown"].failed) == (1, 1)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_cli_scheduler_output_is_identical(client: Any, tmp_path: Path, fmt: str) -> None:
    from provlint.cli.main import _load_commands, cli

    _load_commands()
    corpus = tmp_path / "c.jsonl"
    with open(corpus, "w", encoding="utf-8") as out:
        write_jsonl(out, docs=200, seed=3)

    def check(*extra: str) -> str:
        result = CliRunner().invoke(cli, ["check", "--isolated", "--format", fmt, *extra, str(SEEDS), str(corpus)])
        assert result.exit_code == 1, result.output
        return result.stdout

    serial = check("-j", "1")
    assert check("--scheduler", client.scheduler.address) == serial
    if fmt == "json":
        assert json.loads(serial)["stats"]["read"] == 202
