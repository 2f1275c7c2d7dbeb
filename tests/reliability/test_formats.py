"""Every registered output format: valid whatever the text, document text escaped, accounting balanced."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from provlint import Config
from provlint.formatters.base import FormatContext, terminal_safe
from provlint.formatters.text import TextFormatter
from provlint.pipeline import Pipeline
from provlint.registry import get_registry
from tests.reliability.formats import KEYS, PARTIAL_ACCOUNTING, VALIDATORS
from tests.reliability.helpers import run_cli

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
#: Covers every installed rule and format, plugins included (see tests/conftest.py).
pytestmark = pytest.mark.installed_plugins
FORMATS = sorted(get_registry().formatters)
# What the hostile corpus holds: 12 files and records.jsonl's 8 lines (4 fail, 4 become documents).
HOSTILE_STATS = {"read": 20, "linted": 14, "skipped": 2, "failed": 4}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed hostile corpus plus what is too large to commit: a line over the size limit."""
    root = tmp_path_factory.mktemp("hostile")
    for path in HOSTILE.iterdir():
        if path.name != "README.md":
            (root / path.name).write_bytes(path.read_bytes())
    # File names are untrusted too: an ANSI sequence and a workflow-command separator in one.
    (root / "evil\x1b[2J::name,%0A.txt").write_text("")  # empty: PL005 prints the name
    with open(root / "huge-line.txt", "wb") as out:
        out.write(b"<script>" + b"x" * 10_000_000 + b"\x1b[31m\n")
    return root


def test_every_format_has_a_validator() -> None:
    missing = [f for f in FORMATS if f not in VALIDATORS]
    assert missing == [], f"add a validator for {missing} to tests/reliability/formats.py"


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_corpus_through_every_format(fmt: str, corpus: Path) -> None:
    code, out, err = run_cli("check", "--format", fmt, "--no-color", str(corpus))
    assert code == 2  # failed inputs
    assert fmt in VALIDATORS, f"no validator for format {fmt!r}"
    stats = VALIDATORS[fmt](out)
    check_stats(fmt, stats, {**HOSTILE_STATS, "read": 22, "linted": 15, "skipped": 3})


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "inputs,expected",
    [
        ([], {"read": 0, "linted": 0, "skipped": 0, "failed": 0}),
        (["ok"], {"read": 1, "linted": 1, "skipped": 0, "failed": 0}),
        (["ok", "bin", "missing", "bad.jsonl"], {"read": 6, "linted": 3, "skipped": 1, "failed": 2}),
    ],
    ids=["nothing", "one", "mixed"],
)
def test_accounting_in_every_format(fmt: str, inputs: list[str], expected: dict[str, int], tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("A plain article.\n")
    (tmp_path / "bin.txt").write_bytes(b"%PDF-1.4")
    (tmp_path / "bad.jsonl").write_text('{"id": 1, "text": "a"}\n{oops\n{"id": 2, "text": "b"}\n')
    (tmp_path / "empty").mkdir()
    paths = [str(tmp_path / n) if n != "missing" else str(tmp_path / "missing.txt") for n in inputs]
    paths = [p if not p.endswith(("ok", "bin")) else p + ".txt" for p in paths] or [str(tmp_path / "empty")]
    code, out, _ = run_cli("check", "--format", fmt, "--no-color", *paths)
    assert fmt in VALIDATORS, f"no validator for format {fmt!r}"
    check_stats(fmt, VALIDATORS[fmt](out), expected)


def check_stats(fmt: str, stats: dict[str, int], expected: dict[str, int]) -> None:
    if fmt not in PARTIAL_ACCOUNTING:
        assert set(stats) == set(KEYS), f"{fmt} states only {sorted(stats)}"
        assert stats["read"] == stats["linted"] + stats["skipped"] + stats["failed"]
    assert stats == {k: expected[k] for k in stats}


def test_json_is_valid_whatever_the_text(corpus: Path) -> None:
    _, out, _ = run_cli("check", "--format", "json", str(corpus / "records.jsonl"), str(corpus / "ansi.txt"))
    report = json.loads(out)
    assert out.isascii()
    messages = [f["message"] for f in report["findings"]]
    assert "line 3: malformed JSON: Invalid control character at column 35" in messages
    excerpts = {f["excerpt"] for f in report["findings"] if f["code"] == "PL201"}
    assert any("\x1b[31mRED" in e for e in excerpts)  # the JSON string holds the text exactly, escaped as \u001b


def test_text_output_neutralises_ansi_end_to_end(corpus: Path) -> None:
    code, out, _ = run_cli("check", "--no-color", str(corpus / "records.jsonl"), str(corpus / "ansi.txt"), str(corpus))
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\x1b[31mevil-source\\x1b[0m" in out  # the scorecard table's source name, shown as text
    assert "evil\\x1b[2J::name,%0A.txt" in out  # a hostile file name, shown as text


def test_scorecard_table_with_colour_keeps_document_escapes_inert(corpus: Path) -> None:
    pipeline = Pipeline(Config())
    stream = io.StringIO()
    formatter = TextFormatter(stream, FormatContext(version="0", color=True))
    formatter.start()
    for outcome in pipeline.outcomes(pipeline.read([str(corpus / "records.jsonl"), str(corpus / "ansi.txt")])):
        formatter.document(outcome)
    formatter.finish(pipeline.finish())
    out = stream.getvalue()
    assert "\x1b[" in out  # rich's own colours
    for payload in ("\x1b[31mevil", "\x1b[2J", "\x1b]0;", "\x1b]8;;", "\x07", "\x9b"):
        assert payload not in out
    assert "\\x1b" in out  # the source name's ESC, shown as text in the table


def test_hostile_corpus_api_accounting(corpus: Path) -> None:
    from provlint import lint_paths

    result = lint_paths([str(HOSTILE)], Config())
    assert result.stats.to_dict() == {**HOSTILE_STATS, "read": 21, "linted": 15, "rule_errors": 0}
    assert result.by_code("PL004") == [], result.errors[:1]


@pytest.mark.parametrize("fmt", FORMATS)
def test_lone_surrogates_reach_every_format_through_a_real_stdout(fmt: str, tmp_path: Path) -> None:
    """JSON escapes such as \\ud800 decode to text no encoding can write; the report must still be written."""
    import os
    import subprocess
    import sys

    path = tmp_path / "in.jsonl"
    record = '{"id": "a\\ud800", "text": "Skip to content\\nBody \\udfff text [3] here."}\n'
    path.write_text(record + record)
    proc = subprocess.run(
        [sys.executable, "-m", "provlint", "check", "--isolated", "--format", fmt, str(path)],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"},
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr.decode("utf-8", "replace")[-800:]
    out = proc.stdout.decode("utf-8")  # strictly valid UTF-8
    check_stats(fmt, VALIDATORS[fmt](out), {"read": 2, "linted": 2, "skipped": 0, "failed": 0})


def test_terminal_safe() -> None:
    assert terminal_safe("a\x1b[31mb\x9b1m\x07\r\nc\td") == "a\\x1b[31mb\\x9b1m\\x07\\r\\nc\td"
    assert terminal_safe(None) == "" and terminal_safe("plain é 字") == "plain é 字"


# -- property: any text, in any field a format shows, gives a valid report in every format ------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from provlint import Document  # noqa: E402
from tests.reliability.test_fuzz import TEXT  # noqa: E402

FIELD = st.one_of(
    st.sampled_from(["\x1b[31m", "<script>", "::error::", "%0A", "]]>", "\x00", "\u202e", "a,b:c"]),
    st.text(max_size=20),
)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, doc_id=FIELD, source=FIELD)
def test_any_text_gives_a_valid_report_in_every_format(text: str, doc_id: str, source: str) -> None:
    registry = get_registry()
    rules = {cls.code: cls.meta() for cls in registry.rule_classes()}
    for fmt in FORMATS:
        assert fmt in VALIDATORS, f"no validator for format {fmt!r}"
        pipeline = Pipeline(Config())
        stream = io.StringIO()
        formatter = registry.formatters[fmt].obj(stream, FormatContext(version="0", rules=rules))
        formatter.start()
        doc = Document(
            id="d" + doc_id, text=text + "\n" + text, source=source or "unknown", path="d" + doc_id, title=doc_id
        )
        for outcome in pipeline.outcomes([doc]):
            formatter.document(outcome)
        formatter.finish(pipeline.finish())
        check_stats(fmt, VALIDATORS[fmt](stream.getvalue()), {"read": 1, "linted": 1, "skipped": 0, "failed": 0})


def test_carriage_returns_in_text_keep_every_format_parseable() -> None:
    """Found by scripts/fuzz.py: a bare \\r in an id broke the CSV plugin's rows."""
    registry = get_registry()
    rules = {cls.code: cls.meta() for cls in registry.rule_classes()}
    doc = Document(id="a\rb\r\nc", text="Skip to content\rBody [3].\r\rBody [3].", source="s\rt", path="a\rb\r\nc")
    for fmt in FORMATS:
        pipeline = Pipeline(Config())
        stream = io.StringIO()
        formatter = registry.formatters[fmt].obj(stream, FormatContext(version="0", rules=rules))
        formatter.start()
        for outcome in pipeline.outcomes([doc]):
            formatter.document(outcome)
        formatter.finish(pipeline.finish())
        check_stats(fmt, VALIDATORS[fmt](stream.getvalue()), {"read": 1, "linted": 1, "skipped": 0, "failed": 0})
