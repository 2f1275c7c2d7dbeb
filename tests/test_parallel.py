"""--jobs: worker processes give exactly the serial run's findings, scorecards and output."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from provlint import Config, Document
from provlint.api import LintResult, _collect
from provlint.cli.main import _load_commands, cli
from provlint.config import LimitsSection
from provlint.model import ReadProblem
from provlint.parallel import BATCH_DOCS, batches
from provlint.pipeline import Pipeline
from provlint.testing import registry_with
from tests.conftest import ROOT, SEEDS
from tests.parallel_rules import CrashesOnMarker, RecurringLine

sys.path.insert(0, str(ROOT))
from benchmarks.corpus import write_jsonl

pytestmark = pytest.mark.slow

_load_commands()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 generated documents plus a malformed line, in JSON Lines."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        write_jsonl(out, docs=300, seed=11)
        out.write("{not json\n")
    return path


def _documents(corpus: Path) -> list[Document | ReadProblem]:
    items: list[Document | ReadProblem] = []
    for n, line in enumerate(corpus.read_text(encoding="utf-8").splitlines()):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            items.append(ReadProblem(f"bad-{n}", f"bad-{n}", "malformed JSON"))
            continue
        text = record["text"]
        if n == 17:
            text += "\nCRASH-ME"
        items.append(Document(id=record["id"], text=text, source=record["source"], path=record["id"]))
    return items


def _run(items: list[Document | ReadProblem], jobs: int) -> LintResult:
    registry = registry_with(RecurringLine, CrashesOnMarker)
    return _collect(Pipeline(Config(), registry, jobs=jobs), items)


def _cards(result: LintResult) -> dict[str, object]:
    return {source: card.to_dict() for source, card in result.scorecards.items()}


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_jobs_2_equals_serial_with_source_rule_and_crash(
    corpus: Path, method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("provlint.parallel.start_method", lambda: method)
    items = _documents(corpus)
    serial = _run(items, 1)
    parallel = _run(items, 2)
    assert len(items) > 3 * BATCH_DOCS  # several batches, so workers really ran
    assert parallel.findings == serial.findings
    assert _cards(parallel) == _cards(serial)
    assert parallel.stats.to_dict() == serial.stats.to_dict()
    codes = {f.code for f in serial.findings}
    assert {"PL998", "PL004", "PL001"} <= codes
    (crash,) = [f for f in parallel.findings if f.code == "PL004"]
    assert (crash.document_id, crash.message) == (
        "doc-0000017",
        "rule PL997 (crashes-on-marker) crashed: RuntimeError: marker found",
    )
    assert serial.stats.to_dict() == {"read": 301, "linted": 300, "skipped": 0, "failed": 1, "rule_errors": 1}


def test_dead_worker_fails_only_its_document(corpus: Path) -> None:
    items = _documents(corpus)[:150]
    doc = items[70]
    assert isinstance(doc, Document)
    items[70] = Document(id=doc.id, text=doc.text + "\nKILL-WORKER", source=doc.source, path=doc.path)
    # Test rules count as plugin rules, which run in a killable rule host; with the host off they run inside the
    # worker, so the SIGKILL takes the worker itself down, as a crash in native code or the OOM killer would.
    in_process = Config(limits=LimitsSection(plugin_rule_timeout=0))
    result = _collect(Pipeline(in_process, registry_with(RecurringLine, CrashesOnMarker), jobs=2), items)
    assert result.stats.to_dict() == {"read": 150, "linted": 149, "skipped": 0, "failed": 1, "rule_errors": 2}
    dead = [f for f in result.findings if f.code == "PL004" and f.document_id == doc.id]
    assert [(f.document_id, f.message) for f in dead] == [
        (doc.id, "worker process died while linting this document (BrokenProcessPool)")
    ]
    # every other document was linted as in a serial run without the killer
    serial = _run([d for i, d in enumerate(items) if i != 70], 1)
    assert [f for f in result.findings if f.document_id != doc.id and f.code != "PL998"] == [
        f for f in serial.findings if f.code != "PL998"
    ]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_cli_output_is_byte_identical(corpus: Path, fmt: str) -> None:
    def check(jobs: str) -> str:
        result = CliRunner().invoke(cli, ["check", "--isolated", "--format", fmt, "-j", jobs, str(SEEDS), str(corpus)])
        assert result.exit_code == 2, result.output  # the malformed line is a failed document
        return result.stdout

    serial = check("1")
    assert "PL001" in serial and "PL301" in serial
    assert check("2") == serial


def test_batches_keep_input_order() -> None:
    docs = [Document(id=str(i), text="x" * 100_000) for i in range(12)]
    cut = list(batches(docs, max_docs=5, max_chars=250_000))
    assert [[i for i, _ in b] for b in cut] == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]]
    assert [[i for i, _ in b] for b in batches(docs[:7], max_docs=5, max_chars=10**6)] == [[0, 1, 2, 3, 4], [5, 6]]


def test_streamed_json_is_exactly_json_dump(corpus: Path) -> None:
    for args in (
        ["--select", "PL301", str(SEEDS)],
        ["--select", "PL301", str(SEEDS / "002_5eb1399804b75041.txt")],
        [str(corpus)],
    ):
        out = CliRunner().invoke(cli, ["check", "--isolated", "--format", "json", "-j", "1", *args]).stdout
        assert out == json.dumps(json.loads(out), indent=2, ensure_ascii=True) + "\n"
    empty = json.loads(
        CliRunner()
        .invoke(
            cli,
            ["check", "--isolated", "--format", "json", "--select", "PL301", str(SEEDS / "002_5eb1399804b75041.txt")],
        )
        .stdout
    )
    assert empty["findings"] == [] and empty["stats"]["read"] == 1
