"""Bad input of every kind: each gets a specific message, is counted, and the run goes on."""

from __future__ import annotations

import codecs
import json
import tracemalloc
from pathlib import Path

import pytest

from provlint import Config, Document, lint_documents, lint_paths
from provlint.config import InputOptions, LimitsSection
from provlint.readers import iter_inputs
from provlint.readers.jsonl import JsonLinesReader
from provlint.readers.text import TextReader

ENGINE_ONLY = Config(select=("PL0",))


def findings(paths: list[str], config: Config = ENGINE_ONLY) -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    result = lint_paths(paths, config)
    return [(f.code, f.path or "", f.message) for f in result.findings], result.stats.to_dict()


# -- the decoding policy, one case per branch, with the exact PL002 message ----------------

DECODING_CASES = [
    ("utf8.txt", "Plain café text.".encode(), None, "Plain café text."),
    ("utf8-bom.txt", codecs.BOM_UTF8 + "Café.".encode(), None, "Café."),
    (
        "utf8-bom-bad.txt",
        codecs.BOM_UTF8 + b"caf\xe9 ok",
        "not valid utf-8 (first bad byte at 6); 1 character(s) replaced with U+FFFD",
        "caf\ufffd ok",
    ),
    (
        "utf16le.txt",
        codecs.BOM_UTF16_LE + "Grüße aus Köln.".encode("utf-16-le"),
        "decoded as UTF-16 (byte-order mark)",
        "Grüße aus Köln.",
    ),
    (
        "utf16be.txt",
        codecs.BOM_UTF16_BE + "Grüße aus Köln.".encode("utf-16-be"),
        "decoded as UTF-16 (byte-order mark)",
        "Grüße aus Köln.",
    ),
    (
        "utf16-lone-surrogate.txt",
        codecs.BOM_UTF16_LE + b"a\x00\x00\xd8",
        "not valid utf-16 (first bad byte at 4); 1 character(s) replaced with U+FFFD",
        "a\ufffd",
    ),
    (
        "latin1.txt",
        "Le café coûte 2 €.".encode("cp1252"),
        "not valid utf-8 (byte 6); decoded as Windows-1252",
        "Le café coûte 2 €.",
    ),
    (
        "latin1-smart-quotes.txt",
        b"\x93Quoted\x94 text",
        "not valid utf-8 (byte 0); decoded as Windows-1252",
        "\u201cQuoted\u201d text",
    ),
    (
        "invalid-utf8.txt",
        b"bad \x81\x8d bytes",
        "not valid utf-8 (first bad byte at 4); 2 character(s) replaced with U+FFFD",
        "bad \ufffd\ufffd bytes",
    ),
]


@pytest.mark.parametrize("name,data,note,text", DECODING_CASES, ids=[c[0] for c in DECODING_CASES])
def test_decoding_policy(tmp_path: Path, name: str, data: bytes, note: str | None, text: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    items = list(TextReader().read(path, InputOptions(), name))
    assert len(items) == 1 and isinstance(items[0], Document)
    assert items[0].text == text
    found, stats = findings([str(path)])
    assert found == ([("PL002", str(path), note)] if note else [])
    assert stats == {"read": 1, "linted": 1, "skipped": 0, "failed": 0, "rule_errors": 0}


def test_declared_encoding_is_used_strictly(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café.".encode("latin-1"))
    config = Config(select=("PL0",), input=InputOptions(encoding="latin-1"))
    assert findings([str(path)], config)[0] == []
    bad = Config(select=("PL0",), input=InputOptions(encoding="no-such-codec"))
    assert findings([str(path)], bad)[0] == [
        ("PL002", str(path), "unknown encoding 'no-such-codec'; decoded as UTF-8 with replacement")
    ]


def test_jsonl_line_in_latin1_is_decoded_by_the_policy(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "fine"}\n')
    assert findings([str(path)]) == (
        [("PL002", f"{path}:1", "line 1: not valid utf-8 (byte 24); decoded as Windows-1252")],
        {"read": 2, "linted": 2, "skipped": 0, "failed": 0, "rule_errors": 0},
    )


# -- binary input ---------------------------------------------------------------------------

BINARY_CASES = [
    ("nul.txt", b"text\x00with a NUL", "contains NUL bytes"),
    ("utf16-no-bom.txt", "plain".encode("utf-16-le"), "contains NUL bytes"),
    ("doc.pdf.txt", b"%PDF-1.7\n...", "PDF document"),
    ("logo.png.txt", b"\x89PNG\r\n\x1a\n....", "PNG image"),
    ("photo.jpg.txt", b"\xff\xd8\xff\xe0....", "JPEG image"),
    ("anim.gif.txt", b"GIF89a....", "GIF image"),
    ("bundle.zip.txt", b"PK\x03\x04....", "ZIP archive"),
    ("prog.txt", b"\x7fELF\x02\x01\x01", "ELF executable"),
]


@pytest.mark.parametrize("name,data,why", BINARY_CASES, ids=[c[0] for c in BINARY_CASES])
def test_binary_files_are_skipped_and_counted(tmp_path: Path, name: str, data: bytes, why: str) -> None:
    (tmp_path / name).write_bytes(data)
    (tmp_path / "ok.txt").write_text("A normal article.\n")
    found, stats = findings([str(tmp_path)])
    assert found == [("PL003", str(tmp_path / name), f"binary file skipped ({why})")]
    assert stats == {"read": 2, "linted": 1, "skipped": 1, "failed": 0, "rule_errors": 0}


def test_binary_standard_input_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.reliability.helpers import run_cli

    code, out, _ = run_cli("check", "--select", "PL0", "--no-scorecard", "-", input=b"\x89PNG\r\n\x1a\n\x00\x00")
    assert "<stdin>:1:1: warning PL003 [binary-input-skipped] binary input skipped (PNG image)" in out
    assert "(linted 0, skipped 1, failed 0)" in out
    assert code == 1


# -- empty and whitespace-only documents -------------------------------------------------------


def test_empty_and_whitespace_documents(tmp_path: Path) -> None:
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-blank.txt").write_bytes(b" \r\n\t\r\n")
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"id": "e", "text": ""}) + "\n" + json.dumps({"id": "w", "text": "\u00a0 \n"}) + "\n"
    )
    found, stats = findings([str(tmp_path)])
    assert found == [
        ("PL005", str(tmp_path / "a-empty.txt"), "document is empty"),
        ("PL005", str(tmp_path / "b-blank.txt"), "document contains only whitespace (6 characters)"),
        ("PL005", f"{tmp_path / 'c.jsonl'}:1", "document is empty"),
        ("PL005", f"{tmp_path / 'c.jsonl'}:2", "document contains only whitespace (3 characters)"),
    ]
    assert stats == {"read": 4, "linted": 4, "skipped": 0, "failed": 0, "rule_errors": 0}


# -- malformed JSON Lines ---------------------------------------------------------------------


def test_malformed_json_lines_report_line_numbers_and_the_run_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"id": "1", "text": "First."}),
        '{"id": "2", "text": "unterminated',
        "",
        json.dumps({"id": "4"}),
        json.dumps({"id": "5", "text": None}),
        json.dumps({"id": "6", "text": ["a", "b"]}),
        json.dumps({"id": "7", "text": {"body": "x"}}),
        json.dumps({"id": "8", "text": 3.5}),
        json.dumps({"id": "9", "text": True}),
        json.dumps("just a string"),
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"id": "12", "text": "Last."}),
        '{"id": "13", "text": "x"} trailing',
    ]
    path.write_text("\n".join(lines) + "\n")
    found, stats = findings([str(path)])
    p = str(path)
    assert found == [
        ("PL001", f"{p}:2", "line 2: malformed JSON: Invalid control character at column 34"),
        ("PL001", f"{p}:4", "line 4: record has no 'text' field"),
        ("PL001", f"{p}:5", "line 5: field 'text' is a JSON null, not a string"),
        ("PL001", f"{p}:6", "line 6: field 'text' is a JSON array, not a string"),
        ("PL001", f"{p}:7", "line 7: field 'text' is a JSON object, not a string"),
        ("PL001", f"{p}:8", "line 8: field 'text' is a JSON number, not a string"),
        ("PL001", f"{p}:9", "line 9: field 'text' is a JSON boolean, not a string"),
        ("PL001", f"{p}:10", "line 10: record is a JSON str, not an object"),
        ("PL001", f"{p}:11", "line 11: JSON nested too deeply"),
        ("PL001", f"{p}:13", "line 13: malformed JSON: Extra data at column 27"),
    ]
    assert stats == {"read": 12, "linted": 2, "skipped": 0, "failed": 10, "rule_errors": 0}


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "c.jsonl.gz"
    data = gzip.compress(
        "".join(json.dumps({"id": str(i), "text": f"Record {i} text."}) + "\n" for i in range(2000)).encode()
    )
    path.write_bytes(data[: len(data) // 2])
    result = lint_paths([str(path)], ENGINE_ONLY)
    stats = result.stats.to_dict()
    assert [(f.code, f.path, f.message) for f in result.findings] == [
        ("PL001", str(path), "cannot read file: Compressed file ended before the end-of-stream marker was reached")
    ]
    assert stats["failed"] == 1 and 0 < stats["linted"] < 2000
    assert stats["read"] == stats["linted"] + 1


def test_json_line_over_the_byte_limit_is_skipped_and_reading_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import provlint.readers.jsonl as jsonl

    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Before."}),
        json.dumps({"id": "big", "text": "x" * 5_000_000}),
        json.dumps({"id": "c", "text": "y" * 990})[:999],
        json.dumps({"id": "d", "text": "After."}),
    ]
    path.write_text("\n".join(lines) + "\n")
    found, stats = findings([str(path)])
    assert found == [
        ("PL008", f"{path}:2", "line 2: record is longer than 1,000 bytes; skipped"),
        (
            "PL001",
            f"{path}:3",
            "line 3: malformed JSON: Invalid control character at column 1000",
        ),  # 1,000 bytes: within the limit
    ]
    assert stats == {"read": 4, "linted": 2, "skipped": 1, "failed": 1, "rule_errors": 0}


def test_huge_json_record_is_linted(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    text = "A sentence of ordinary length for a news article.\n" * 40_000  # 2 MB of text
    meta = {"k%d" % i: list(range(20)) for i in range(5000)}
    path.write_text(json.dumps({"id": "big", "text": text, "extra": meta}) + "\n")
    result = lint_paths([str(path)], Config(select=("PL0",)))
    assert result.stats.to_dict() == {"read": 1, "linted": 1, "skipped": 0, "failed": 0, "rule_errors": 0}
    assert result.findings == []


# -- duplicate ids -----------------------------------------------------------------------------


def test_duplicate_ids_are_reported_on_the_later_document(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    records = [
        {"id": "story-17", "text": "One."},
        {"id": "other", "text": "Two."},
        {"id": "story-17", "text": "Three."},
        {"id": 17, "text": "Four."},
        {"id": "17", "text": "Five."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    found, stats = findings([str(path)])
    assert found == [
        ("PL006", f"{path}:3", "document id 'story-17' was already used by an earlier document in this run"),
        ("PL006", f"{path}:5", "document id '17' was already used by an earlier document in this run"),
    ]
    assert stats["linted"] == 5


def test_same_file_twice_has_a_duplicate_id(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Text.\n")
    assert findings([str(path), str(path)])[0] == [
        ("PL006", str(path), f"document id {str(path)!r} was already used by an earlier document in this run")
    ]


def test_duplicate_id_memory_does_not_grow_with_id_length() -> None:
    from provlint.seen_ids import SeenIds

    seen = SeenIds()
    long_id = "x" * 1_000_000
    tracemalloc.start()
    for i in range(200):
        seen.add(f"{i}{long_id}")
    _, peak = tracemalloc.get_traced_memory()
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(seen) == 200
    assert current < 64 * 1024  # 200 digests, not 200 MB of ids
    assert seen.add(f"7{long_id}") is True and seen.add("new") is False


# -- size ------------------------------------------------------------------------------------


def test_single_100_mb_line_is_skipped_as_too_large(tmp_path: Path) -> None:
    path = tmp_path / "one-line.txt"
    with open(path, "wb") as out:
        chunk = b"word " * 200_000  # 1 MB
        for _ in range(100):
            out.write(chunk)
    (tmp_path / "ok.txt").write_text("Fine.\n")
    found, stats = findings([str(tmp_path)])
    assert found == [
        (
            "PL008",
            str(path),
            "input is larger than 40,000,000 bytes, so over the limit of 10,000,000 characters "
            "([limits] max-document-chars); skipped",
        )
    ]
    assert stats == {"read": 2, "linted": 1, "skipped": 1, "failed": 0, "rule_errors": 0}


def test_size_limit_is_configurable_and_can_be_switched_off() -> None:
    doc = Document(id="d", text="word " * 1000, path="d")
    small = Config(select=("PL0",), limits=LimitsSection(max_document_chars=4999))
    assert [(f.code, f.message) for f in lint_documents([doc], small).findings] == [
        ("PL008", "document has 5,000 characters, over the limit of 4,999 ([limits] max-document-chars); skipped")
    ]
    off = Config(select=("PL0",), limits=LimitsSection(max_document_chars=0))
    assert lint_documents([doc], off).stats.linted == 1
    assert lint_documents([doc], Config(select=("PL0",), ignore=("PL008",))).stats.linted == 1


def test_large_jsonl_file_is_streamed(tmp_path: Path) -> None:
    """60 MB of records are read one at a time: peak memory stays near one record."""
    path = tmp_path / "large.jsonl"
    record = json.dumps({"id": "r", "text": "x" * 1_000_000})
    with open(path, "w") as out:
        for _ in range(60):
            out.write(record + "\n")
    readers = {"jsonl": JsonLinesReader(), "text": TextReader()}
    tracemalloc.start()
    count = 0
    for item in iter_inputs([str(path)], InputOptions(), readers):
        assert isinstance(item, Document)
        count += 1
        del item
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 60
    assert peak < 12 * 1024 * 1024, f"peak {peak} bytes: the file was not streamed"


def test_missing_and_unreadable_paths(tmp_path: Path) -> None:
    unreadable = tmp_path / "secret.txt"
    unreadable.write_text("x")
    unreadable.chmod(0)
    found, stats = findings([str(tmp_path / "nope.txt"), str(unreadable)])
    import os

    expected = [("PL001", str(tmp_path / "nope.txt"), "no such file or directory")]
    if os.geteuid() != 0:
        expected.append(("PL001", str(unreadable), "cannot read file: Permission denied"))
    assert found == expected
    assert stats["failed"] == len(expected)


def test_standard_input_json_lines_with_bad_lines() -> None:
    from tests.reliability.helpers import run_cli

    data = b'{"id": "a", "text": "Fine."}\n{broken\n{"id": "c", "text": "caf\xe9"}\n{"id": "a", "text": "  "}\n'
    code, out, _ = run_cli("check", "--select", "PL0", "--no-scorecard", "-", input=data)
    assert out.splitlines()[:4] == [
        "<stdin>:2:1:1: error PL001 [unreadable-document] line 2: malformed JSON: Expecting property name enclosed in double quotes at column 2",
        "<stdin>:3:1:1: warning PL002 [text-encoding-repaired] line 3: not valid utf-8 (byte 24); decoded as Windows-1252",
        # one document's findings on one line share one output line
        "<stdin>:4:1:1: warning PL005 [empty-document] document contains only whitespace (2 characters)"
        " | warning PL006 [duplicate-document-id] document id 'a' was already used by an earlier document in this run",
        "",
    ]
    assert "in 4 documents (linted 3, skipped 0, failed 1)" in out
    assert code == 2


def test_parallel_run_reports_duplicates_and_oversize_like_a_serial_one(tmp_path: Path) -> None:
    """Workers lint; the run that owns the accounting finds duplicate ids, in input order."""
    from tests.reliability.helpers import run_cli

    path = tmp_path / "c.jsonl"
    records = [
        {"id": "x", "text": "One."},
        {"id": "y", "text": "word " * 2000},
        {"id": "x", "text": "Three."},
        {"id": "z", "text": ""},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    (tmp_path / "provlint.toml").write_text("select = ['PL0']\n[limits]\nmax-document-chars = 5000\n")
    args = ["check", "--config", str(tmp_path / "provlint.toml"), "--format", "json", str(path)]
    serial = json.loads(run_cli(*args)[1])
    parallel = json.loads(run_cli(*args, "--jobs", "2")[1])
    assert [(f["code"], f["path"]) for f in serial["findings"]] == [
        ("PL008", f"{path}:2"),
        ("PL006", f"{path}:3"),
        ("PL005", f"{path}:4"),
    ]
    assert parallel["findings"] == serial["findings"]
    assert parallel["stats"] == serial["stats"] == {"read": 4, "linted": 3, "skipped": 1, "failed": 0, "rule_errors": 0}


def test_duplicate_ids_found_across_compacted_runs() -> None:
    """Older digests move into sorted 8-byte runs; a duplicate is found wherever its first copy sits."""
    from provlint.seen_ids import SeenIds

    seen = SeenIds(recent_limit=4)
    assert [seen.add(f"doc-{i}") for i in range(37)] == [False] * 37
    assert len(seen) == 37 and 1 <= seen.runs <= 4  # 9 compactions merged like a binary counter
    assert [seen.add(f"doc-{i}") for i in (0, 3, 17, 35, 36)] == [True] * 5
    assert seen.add("doc-37") is False and seen.add("doc-37") is True
    assert len(seen) == 38


@pytest.mark.slow
def test_duplicate_id_memory_is_about_8_bytes_per_id_once_compacted() -> None:
    from provlint.seen_ids import SeenIds

    tracemalloc.start()
    seen = SeenIds(recent_limit=1000)
    for i in range(100_000):
        seen.add(f"https://example.com/news/{i}")
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(seen) == 100_000
    assert current < 100_000 * 8 + 200_000  # the runs, plus the recent set of at most 1,000 digests
