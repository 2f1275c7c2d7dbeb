"""Engine behaviour: accounting, read problems, crashing rules, decoding policy."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path

from provlint import Category, Config, Document, DocumentRule, Severity, lint_documents, lint_paths
from provlint.prepare import PreparedDocument
from provlint.testing import run_rule


class Exploding(DocumentRule):
    """
    ## What it does
    Raises.

    ## Why it matters
    Tests the engine.

    ## Example
    Any text.
    """

    code = "PL999"
    name = "exploding"
    category = Category.REWRITE
    severity = Severity.WARNING
    summary = "Always raises."

    def check(self, doc: PreparedDocument) -> Iterable:  # type: ignore[type-arg]
        raise ZeroDivisionError("boom")


def test_crashing_rule_is_reported_and_run_goes_on() -> None:
    docs = [Document(id="a", text="one", path="a"), Document(id="b", text="two", path="b")]
    result = run_rule(Exploding, docs)
    assert [(f.code, f.document_id, f.message) for f in result.findings] == [
        ("PL004", "a", "rule PL999 (exploding) crashed: ZeroDivisionError: boom"),
        ("PL004", "b", "rule PL999 (exploding) crashed: ZeroDivisionError: boom"),
    ]
    assert result.stats.to_dict() == {"read": 2, "linted": 2, "skipped": 0, "failed": 0, "rule_errors": 2}
    assert "ZeroDivisionError" in result.errors[0]


def test_jsonl_problems_are_accounted(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl.gz"
    lines = [
        json.dumps({"id": "ok", "text": "Fine text.", "url": "https://www.news.example/a"}),
        "{not json",
        json.dumps({"id": "nt"}),
        json.dumps({"id": "num", "text": 42}),
        json.dumps([1, 2]),
    ]
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    result = lint_paths([str(path)], Config())
    assert [(f.code, f.path, f.message) for f in result.findings] == [
        ("PL001", f"{path}:2", "line 2: malformed JSON: Expecting property name enclosed in double quotes at column 2"),
        ("PL001", f"{path}:3", "line 3: record has no 'text' field"),
        ("PL001", f"{path}:4", "line 4: field 'text' is a JSON number, not a string"),
        ("PL001", f"{path}:5", "line 5: record is a JSON list, not an object"),
    ]
    s = result.stats
    assert (s.read, s.linted, s.skipped, s.failed) == (5, 1, 0, 4)
    # a record that fails keeps its identity (id, url) and the source its records default to (the folder)
    assert [(f.document_id, f.source) for f in result.findings] == [
        (f"{path}:2", tmp_path.name),
        ("nt", tmp_path.name),
        ("num", tmp_path.name),
        (f"{path}:5", tmp_path.name),
    ]
    assert list(result.scorecards) == ["news.example", tmp_path.name]


def test_a_failed_record_keeps_its_url_and_its_source(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": "x1", "url": "https://www.site.example/p", "text": None}) + "\n")
    result = lint_paths([str(path)], Config())
    (finding,) = result.findings
    assert (finding.code, finding.document_id, finding.url, finding.source, finding.file, finding.record) == (
        "PL001",
        "x1",
        "https://www.site.example/p",
        "site.example",
        str(path),
        1,
    )
    card = result.scorecards["site.example"]
    assert (card.documents, card.failed) == (1, 1)


def test_binary_and_latin1_files(tmp_path: Path) -> None:
    (tmp_path / "logo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "old.txt").write_bytes("Caf\xe9 society.".encode("latin-1"))
    result = lint_paths([str(tmp_path)], Config())
    assert [(f.code, Path(f.path or "").name, f.message) for f in result.findings] == [
        ("PL003", "logo.txt", "binary file skipped (PNG image)"),
        ("PL002", "old.txt", "not valid utf-8 (byte 3); decoded as Windows-1252"),
    ]
    assert (result.stats.read, result.stats.linted, result.stats.skipped) == (2, 1, 1)


def test_source_derivation(tmp_path: Path) -> None:
    folder = tmp_path / "site-a"
    folder.mkdir()
    (folder / "x.md").write_text("text")
    docs = list(lint_paths([str(folder)], Config()).scorecards)
    assert docs == ["site-a"]
    result = lint_documents([Document(id="1", text="t", source="explicit")], Config())
    assert list(result.scorecards) == ["explicit"]


def test_offsets_map_back_to_raw_text() -> None:
    raw = "\ufeffCaf\u0065\u0301 first.\r\nCited here [4].\r\n"
    result = run_rule("PL301", raw)
    (f,) = result.findings
    assert raw[f.start : f.end] == "[4]"
    assert (f.line, f.column) == (2, 12)


def test_nfc_that_lengthens_the_text_maps_offsets_inside_the_raw_text() -> None:
    """U+09DC is excluded from composition: NFC turns it into two characters, so the
    normalised text is longer than the raw one (found by scripts/fuzz.py)."""
    from provlint.normalize import normalize

    raw = "Ab \u09dc. End \u09dc"
    norm = normalize(raw)
    assert len(norm.text) == len(raw) + 2
    assert not norm.offsets.is_identity
    mapped = [norm.offsets.to_raw(k) for k in range(len(norm.text) + 1)]
    assert mapped == sorted(mapped)  # monotonic
    assert mapped[-1] == len(raw)
    assert all(0 <= m <= len(raw) for m in mapped)
    assert mapped[len(norm.text) - 2] == len(raw) - 1  # the decomposed character's start maps to its raw start
    assert raw[norm.offsets.to_raw(norm.text.index("End")) :].startswith("End")
