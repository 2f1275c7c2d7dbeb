"""A document with more lines than ``[limits] max-document-lines`` is skipped (PL008) and accounted for.

Every rule does some work per line, so line count, not size, bounds a run on
a 2 MB file of a million one-character lines (issue 17).
"""

from __future__ import annotations

from pathlib import Path

from provlint import Config, Document, lint_documents
from provlint.config import ConfigError, LimitsSection, load_config
from provlint.limits import line_count
from tests.reliability.helpers import run_cli


def test_line_count_follows_preparation() -> None:
    assert [line_count(t) for t in ("", "a", "a\nb", "a\r\nb", "a\rb\n", "\n\n")] == [1, 1, 2, 2, 3, 3]


def test_a_million_one_character_lines_are_skipped_at_once(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("x\n" * 1_000_000, encoding="utf-8")
    code, out, _ = run_cli("check", "--isolated", "--no-scorecard", str(path))
    assert code == 1  # PL008 is a warning: findings, not a crash
    assert (
        f"{path}:1:1: warning PL008 [document-too-large] document has 1,000,001 lines, over the limit of 200,000 "
        "([limits] max-document-lines); skipped" in out
    )
    assert "(linted 0, skipped 1, failed 0)" in out


def test_at_the_limit_a_document_is_linted_and_zero_switches_the_limit_off() -> None:
    docs = [Document(id="a", text="x\n" * 4, source="s"), Document(id="b", text="x\n" * 5, source="s")]
    limited = lint_documents(docs, Config(select=("PL008",), limits=LimitsSection(max_document_lines=5)))
    assert [(f.code, f.document_id, f.message) for f in limited.findings] == [
        ("PL008", "b", "document has 6 lines, over the limit of 5 ([limits] max-document-lines); skipped")
    ]
    assert (limited.stats.linted, limited.stats.skipped) == (1, 1)
    off = lint_documents(docs, Config(select=("PL008",), limits=LimitsSection(max_document_lines=0)))
    assert (off.findings, off.stats.linted) == ([], 2)


def test_a_negative_line_limit_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "provlint.toml").write_text("[limits]\nmax-document-lines = -5\n", encoding="utf-8")
    try:
        load_config(tmp_path / "provlint.toml")
    except ConfigError as exc:
        assert "max-document-lines" in str(exc)
    else:  # pragma: no cover - the assertion above is the test
        raise AssertionError("a negative limit was accepted")
