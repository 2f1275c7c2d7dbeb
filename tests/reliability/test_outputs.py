"""Output files are written whole or not at all, and unwritable ones fail before any linting."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from provlint.atomic_write import TEMP_PREFIX, AtomicFile, OutputError
from provlint.model import Category, Severity
from provlint.prepare import PreparedDocument
from provlint.rule import DocumentRule
from tests.reliability.helpers import plugin_rules, run_cli

LINTED: list[str] = []


class Counting(DocumentRule):
    """
    ## What it does
    Counts the documents it sees.

    ## Why it matters
    Tests that nothing was linted.

    ## Example
    Any text.
    """

    code = "PL981"
    name = "counting-rule"
    category = Category.REWRITE
    severity = Severity.INFO
    summary = "Counts documents."

    def check(self, doc: PreparedDocument) -> Iterable[Any]:
        LINTED.append(doc.document.id)
        return ()


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith(TEMP_PREFIX))


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text("A cited claim [4].\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command, option",
    [
        (("check", "-o"), "-o"),
        (("check", "--write-baseline"), "--write-baseline"),
        (("scorecard", "-o"), "-o"),
    ],
)
def test_output_in_a_missing_folder_fails_before_linting(
    tmp_path: Path, page: Path, command: tuple[str, str], option: str
) -> None:
    target = tmp_path / "missing" / "report.out"
    LINTED.clear()
    with plugin_rules(Counting):
        code, _, err = run_cli(command[0], "--isolated", "--select", "PL981", command[1], str(target), str(page))
    assert code == 2
    assert err == f"provlint: error: cannot write {option} {target}: folder {target.parent} does not exist\n"
    assert LINTED == []


def test_output_under_a_file_or_onto_a_folder_fails_before_linting(tmp_path: Path, page: Path) -> None:
    LINTED.clear()
    with plugin_rules(Counting):
        code, _, err = run_cli("check", "--isolated", "--select", "PL981", "-o", str(page / "r.json"), str(page))
        assert (code, err) == (2, f"provlint: error: cannot write -o {page / 'r.json'}: {page} is not a folder\n")
        code, _, err = run_cli("scorecard", "--isolated", "-o", str(tmp_path), str(page))
        assert code == 2 and "Invalid value for '-o' / '--output'" in err  # click refuses a folder outright
    assert LINTED == []


def test_report_is_complete_mode_is_the_usual_one_and_no_temp_file_remains(tmp_path: Path, page: Path) -> None:
    report = tmp_path / "report.sarif"
    baseline = tmp_path / "baseline.json"
    code, out, _ = run_cli(
        "check", "--isolated", "--select", "PL301", "--format", "sarif", "-o", str(report), str(page)
    )
    assert (code, out) == (1, "")
    assert report.read_text(encoding="utf-8").rstrip().endswith("}")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(report.stat().st_mode) == 0o666 & ~mask
    code, _, err = run_cli("check", "--isolated", "--select", "PL301", "--write-baseline", str(baseline), str(page))
    assert code == 0 and err.endswith(f"provlint: wrote 1 finding to baseline {baseline}\n")
    assert '"tool": "provlint"' in baseline.read_text(encoding="utf-8")
    assert temp_files(tmp_path) == []


def test_crash_during_the_run_leaves_the_old_report_and_no_temp_file(
    tmp_path: Path, page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "report.json"
    report.write_text("old report\n", encoding="utf-8")
    report.chmod(0o640)
    from provlint.pipeline import Pipeline

    def crash(self: Pipeline, items: Any, sinks: Any) -> Any:
        for sink in sinks:
            sink.start()
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Pipeline, "run", crash)
    with pytest.raises(RuntimeError, match="disk on fire"):
        run_cli("check", "--isolated", "--format", "json", "-o", str(report), str(page))
    assert report.read_text(encoding="utf-8") == "old report\n"
    assert temp_files(tmp_path) == []
    monkeypatch.undo()
    code, _, _ = run_cli("check", "--isolated", "--select", "PL301", "--format", "json", "-o", str(report), str(page))
    assert code == 1 and report.read_text(encoding="utf-8").startswith("{")
    assert stat.S_IMODE(report.stat().st_mode) == 0o640  # the replaced file's mode is kept


def test_sigterm_during_the_run_leaves_no_report_and_no_temp_file(tmp_path: Path) -> None:
    """A CI job killed mid-run must not leave a 0-byte SARIF for the upload step."""
    report = tmp_path / "report.sarif"
    proc = subprocess.Popen(
        [sys.executable, "-m", "provlint", "check", "--isolated", "--format", "sarif", "-o", str(report), "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not temp_files(tmp_path):  # the run has started and holds its temporary file
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    assert not report.exists()
    assert temp_files(tmp_path) == []


class TermsItself(DocumentRule):
    """
    ## What it does
    Sends its own process SIGTERM, as a CI runner stopping the job would, while it runs.

    ## Why it matters
    Tests that the signal ends the run wherever it lands.

    ## Example
    Any text.
    """

    code = "PL982"
    name = "terminated-mid-rule"
    category = Category.REWRITE
    severity = Severity.INFO
    summary = "Receives SIGTERM while it runs."

    def check(self, doc: PreparedDocument) -> Iterable[Any]:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises here; reaching the end means the signal was lost
        return ()


class ExitsItself(TermsItself):
    code = "PL983"
    name = "exits-mid-rule"

    def check(self, doc: PreparedDocument) -> Iterable[Any]:
        raise SystemExit(143)


def test_sigterm_inside_a_rule_or_a_reader_ends_the_run_instead_of_failing_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SIGTERM handler's SystemExit is not a rule crash (PL004) nor a failed read: it ends the run.

    Before, a signal that landed inside a rule call or a reader (a run blocked on its standard
    input) was caught by their guards, and the run went on to exit 2.
    """
    import threading

    from provlint import atomic_write
    from provlint.isolation import call_rule
    from provlint.model import Document
    from provlint.prepare import prepare
    from provlint.readers import _guarded

    monkeypatch.setattr(atomic_write, "_terminated", threading.Event())  # this test's signal only
    doc = prepare(Document(id="d", text="Some text.\n"))
    # A rule's own SystemExit is its failure, as ever.
    assert call_rule(ExitsItself(), doc).problems == ["rule PL983 (exits-mid-rule) crashed: SystemExit: 143"]

    class Reader:
        name = "exiting-reader"

        def read(self, path: Any, options: Any, label: str) -> Iterator[Any]:
            raise SystemExit(143)
            yield

    from provlint.config import InputOptions

    problems = list(_guarded(Reader(), None, InputOptions(), "in.txt"))
    assert [p.reason for p in problems] == ["reader 'exiting-reader' failed: SystemExit: 143"]
    with pytest.raises(SystemExit) as info, AtomicFile(tmp_path / "report.json"):  # installs the handler, as -o does
        call_rule(TermsItself(), doc)
    assert info.value.code == 128 + signal.SIGTERM and atomic_write.terminating()
    assert temp_files(tmp_path) == []
    with pytest.raises(SystemExit):  # from now on, an exit inside a reader ends the run too
        list(_guarded(Reader(), None, InputOptions(), "in.txt"))


def test_atomic_file_discards_on_error_and_writes_through_links(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to("real.txt")
    with pytest.raises(ValueError), AtomicFile(link) as out:
        out.binary.write(b"half")
        raise ValueError
    assert target.read_text(encoding="utf-8") == "old" and temp_files(tmp_path) == []
    with AtomicFile(link) as out:
        out.text().write("new\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new\n"
    with pytest.raises(OutputError, match="it is a folder"):
        AtomicFile(tmp_path)


def test_a_report_onto_one_of_the_inputs_is_refused(page: Path) -> None:
    before = page.read_bytes()
    code, _, err = run_cli("check", "--isolated", "--format", "json", "-o", str(page), str(page))
    assert (code, err) == (2, f"provlint: error: cannot write -o {page}: it is an input of this run\n")
    assert page.read_bytes() == before


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_replaced_file_keeps_its_owner_when_allowed(tmp_path: Path) -> None:
    target = tmp_path / "owned.txt"
    target.write_text("old", encoding="utf-8")
    os.chown(target, 12345, 23456)
    with AtomicFile(target) as out:
        out.binary.write(b"new")
    assert (target.stat().st_uid, target.stat().st_gid) == (12345, 23456)
    assert target.read_bytes() == b"new"


@pytest.mark.parametrize("option", ["-o", "--dump"])
def test_eval_output_in_a_missing_folder_fails_before_scoring(tmp_path: Path, option: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "tiny.jsonl").write_text(
        '{"id": "p", "source": "s", "lines": [{"text": "Menu", "label": "boilerplate"}]}\n', encoding="utf-8"
    )
    target = tmp_path / "missing" / "table.md"
    code, _, err = run_cli("eval", "--data", str(data), "--no-baselines", option, str(target))
    assert code == 2
    assert "scoring" not in err  # refused before the first dataset
    assert err.endswith(f"folder {target.parent} does not exist\n")
    assert not target.parent.exists()
