"""A finding from a JSON Lines record names the record in every output: file, line, id and URL as separate fields."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from provlint.cli.main import _load_commands, cli
from provlint.model import record_origin

_load_commands()


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "feed.jsonl"
    records = [
        {"id": "fine-1", "url": "https://news.example/a/1", "source": "news.example", "text": "Nothing to see."},
        {"id": "art-7", "url": "https://news.example/a/7", "source": "news.example", "text": "Cited here [2]."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _run(*args: str) -> str:
    return CliRunner().invoke(cli, ["check", "--isolated", "--select", "PL301", *args], catch_exceptions=False).stdout


def test_record_origin() -> None:
    assert record_origin("corpus.jsonl:12") == ("corpus.jsonl", 12)
    assert record_origin("a/b.NDJSON.gz:3") == ("a/b.NDJSON.gz", 3)
    assert record_origin("notes.txt") == ("notes.txt", None)
    assert record_origin("odd:12") == ("odd:12", None)  # only record formats carry a line
    assert record_origin(None) == (None, None)


def test_json_finding_carries_file_record_id_and_url(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (finding,) = json.loads(_run("--format", "json", str(corpus)))["findings"]
    assert {k: finding[k] for k in ("path", "file", "record", "document_id", "url", "line", "column")} == {
        "path": f"{corpus}:2",
        "file": str(corpus),
        "record": 2,
        "document_id": "art-7",
        "url": "https://news.example/a/7",
        "line": 1,
        "column": 12,
    }


def test_sarif_properties_carry_the_record(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (result,) = json.loads(_run("--format", "sarif", str(corpus)))["runs"][0]["results"]
    props = result["properties"]
    assert (props["documentId"], props["documentUrl"], props["record"]) == ("art-7", "https://news.example/a/7", 2)
    assert props["file"] == str(corpus)


def test_junit_testcase_carries_the_record(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    cases = ET.fromstring(_run("--format", "junit", str(corpus))).findall("./testsuite/testcase")
    assert [c.get("file") for c in cases] == [str(corpus), str(corpus)]
    props = [{p.get("name"): p.get("value") for p in c.findall("./properties/property")} for c in cases]
    assert props == [
        {"document_id": "fine-1", "record": "1", "url": "https://news.example/a/1"},
        {"document_id": "art-7", "record": "2", "url": "https://news.example/a/7"},
    ]
    assert cases[1].find("failure") is not None and cases[0].find("failure") is None


def test_a_plain_file_has_no_record(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Cited here [2].\n", encoding="utf-8")
    (finding,) = json.loads(_run("--format", "json", str(page)))["findings"]
    assert (finding["file"], finding["record"], finding["url"]) == (str(page), None, None)
