"""--jobs workers write the JSON report's findings; the parent writes that text only for the findings it was made from."""

from __future__ import annotations

import io
import json
import pickle
from collections.abc import Collection
from pathlib import Path

import pytest
from click.testing import CliRunner

from provlint import Config, Document
from provlint.batch import lint_batch
from provlint.cli.main import _load_commands, cli
from provlint.encoded_findings import EncodedFindings, EncodedLate, encode, encoded_late, encoded_text
from provlint.engine import DecidedPart, Engine, LintRun
from provlint.formatters.base import FormatContext, Formatter
from provlint.formatters.json import JsonFormatter, findings_text
from provlint.model import DocumentOutcome, Finding, RunStats, Severity
from provlint.pipeline import RunSummary
from tests.conftest import SEEDS

_load_commands()


def _finding(code: str, start: int) -> Finding:
    return Finding(
        code=code,
        name="teaser-line",
        category="scraping",
        severity=Severity.WARNING,
        message='a "quoted" \u2028 東京 message',
        document_id="d",
        source="s",
        path=None,
        line=1,
        column=start + 1,
        end_line=1,
        end_column=start + 3,
        start=start,
        end=start + 2,
        excerpt="ab",
    )


FINDINGS = (_finding("PL101", 0), _finding("PL201", 5), _finding("PL101", 9))


def test_encoded_findings_equal_the_tuple_and_survive_pickling() -> None:
    encoded = encode(FINDINGS, ("json", findings_text))
    assert type(encoded) is EncodedFindings and encoded == FINDINGS and hash(encoded) == hash(FINDINGS)
    back = pickle.loads(pickle.dumps(encoded, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back) is EncodedFindings and back == FINDINGS
    assert encoded_text(back, "json") == findings_text(FINDINGS)
    assert encoded_text(back, "sarif") is None  # another format's text is never written
    assert encoded_text(FINDINGS, "json") is None  # a plain tuple (the baseline filter's, PL006's) has none


def test_encode_leaves_findings_plain_when_the_encoder_fails_or_there_are_none() -> None:
    def broken(findings: tuple[Finding, ...]) -> str:
        raise RuntimeError("boom")

    def not_text(findings: tuple[Finding, ...]) -> str:
        return 42  # type: ignore[return-value]

    assert encode(FINDINGS, ("json", broken)) is FINDINGS
    assert encode(FINDINGS, ("json", not_text)) is FINDINGS
    assert encode((), ("json", findings_text)) == ()


def _report(outcomes: list[DocumentOutcome]) -> str:
    stream = io.StringIO()
    formatter = JsonFormatter(stream, FormatContext(version="0", statistics=True))
    formatter.start()
    for outcome in outcomes:
        formatter.document(outcome)
    return stream.getvalue() + json.dumps(formatter.counts) + str(formatter.count)


def test_json_formatter_writes_the_same_bytes_from_the_workers_text() -> None:
    def outcomes(findings: tuple[Finding, ...]) -> list[DocumentOutcome]:
        return [
            DocumentOutcome(i, f"d{i}", "s", None, "linted", part)
            for i, part in enumerate((findings, (), findings[:1], findings))
        ]

    plain = _report(outcomes(FINDINGS))
    assert _report(outcomes(encode(FINDINGS, ("json", findings_text)))) == plain
    # text made by another encoder for another format is ignored: the formatter encodes the findings itself
    assert _report(outcomes(EncodedFindings(FINDINGS, "sarif", "not json"))) == plain


def test_lint_batch_encodes_with_the_output_formats_encoder() -> None:
    engine = Engine(Config(select=("PL301",)))
    text = (SEEDS / "000_594639b3d20ec59d.txt").read_text(encoding="utf-8")
    result = lint_batch(engine, [(0, Document(id="a", text=text, source="s"))], ("json", findings_text))
    findings = result.outcomes[0].findings
    assert findings and {f.code for f in findings} == {"PL301"}
    assert encoded_text(findings, "json") == findings_text(tuple(findings))
    assert Formatter.findings_encoder() is None and JsonFormatter.findings_encoder() is findings_text


@pytest.mark.slow
def test_jobs_2_json_report_with_a_baseline_equals_serial(tmp_path: Path) -> None:
    """The baseline filter replaces the workers' findings: the parent encodes what is left, as a serial run does."""
    corpus = tmp_path / "docs.jsonl"
    text = (SEEDS / "000_594639b3d20ec59d.txt").read_text(encoding="utf-8")
    with open(corpus, "w", encoding="utf-8") as out:
        for i in range(80):
            out.write(json.dumps({"id": f"d{i}", "text": text + f"\nLine {i}.", "source": f"s{i % 3}"}) + "\n")
    runner = CliRunner()
    baseline = tmp_path / "baseline.json"
    written = runner.invoke(cli, ["check", "--isolated", "--write-baseline", str(baseline), str(SEEDS)])
    assert written.exit_code in (0, 1), written.output

    def check(jobs: str) -> str:
        args = ["check", "--isolated", "--format", "json", "--baseline", str(baseline), "-j", jobs, str(corpus)]
        result = runner.invoke(cli, [*args, str(SEEDS)])
        assert result.exit_code in (0, 1), result.output
        return result.stdout

    serial = check("1")
    assert '"PL301"' in serial  # the corpus's findings, encoded by the workers under -j 2
    assert '000_594639b3d20ec59d.txt"' not in serial  # the seeds' findings: filtered, so encoded by the parent
    assert check("2") == serial


def _late_report(late: Collection[Finding], first: tuple[Finding, ...]) -> str:
    """A whole JSON report: one document's findings, then ``late`` at the end of the run."""
    stream = io.StringIO()
    formatter = JsonFormatter(stream, FormatContext(version="0", statistics=True))
    formatter.start()
    formatter.document(DocumentOutcome(0, "d0", "s", None, "linted", first))
    formatter.finish(RunSummary(late, {}, RunStats()))
    return stream.getvalue()


@pytest.mark.parametrize("first", [FINDINGS, ()])
def test_late_findings_written_from_the_workers_text(first: tuple[Finding, ...]) -> None:
    """A run whose late findings all came with their parts' text (the --jobs workers' decisions) returns them as
    an EncodedLate, and the report written from it is byte for byte the one written finding by finding."""
    run = LintRun(Engine(Config(select=("PL301",))))
    parts = [FINDINGS[:2], FINDINGS[2:], FINDINGS]
    for part in parts:
        codes = {code: [f.code for f in part].count(code) for code in {f.code for f in part}}
        run.add_decided(DecidedPart(list(part), [], 0, findings_text(part), "json", codes))
    run.add_decided(DecidedPart([], [], 0))  # a part without findings has no text, and needs none
    late = run.finish()
    assert type(late) is EncodedLate and list(late) == [f for part in parts for f in part] and len(late) == 6
    assert late.codes == {"PL101": 4, "PL201": 2} and list(late.texts) == [findings_text(p) for p in parts]
    plain = _late_report(list(late), first)
    assert _late_report(late, first) == plain
    assert json.loads(plain)["statistics"] == {"PL101": 4 + 2 * len(first) // 3, "PL201": 2 + len(first) // 3}


def test_late_findings_stay_plain_when_a_part_has_no_text() -> None:
    run = LintRun(Engine(Config(select=("PL301",))))
    run.add_decided(DecidedPart(list(FINDINGS[:1]), [], 0, findings_text(FINDINGS[:1]), "json"))
    run.add_decided(DecidedPart(list(FINDINGS[1:]), [], 1))  # decided again after a worker died: no text
    late = run.finish()
    assert type(late) is not EncodedLate and list(late) == list(FINDINGS)
    assert run.stats.rule_errors == 1
    assert encoded_late(late, "json") is None
    other = LintRun(Engine(Config(select=("PL301",))))
    other.add_decided(DecidedPart(list(FINDINGS), [], 0, "not json", "sarif"))
    assert encoded_late(other.finish(), "json") is None  # another format's text is never written
