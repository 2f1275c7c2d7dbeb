"""``provlint tag``: rows per record as JSON Lines, Parquet and dolma attribute files."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from provlint.cli.main import _load_commands, cli
from provlint.tagging import TagSpan, covered_chars, dolma_attributes, record_tags

_load_commands()

NAV = "Home\nNews\nSport\nAccording to experts, the budget is big [citation needed]."
CLEAN = "The council voted seven to two on Tuesday evening."
NAV_SPANS = [
    {"start": 0, "end": 4, "code": "PL101", "severity": "warning"},
    {"start": 5, "end": 15, "code": "PL103", "severity": "info"},
    {"start": 16, "end": 36, "code": "PL303", "severity": "info"},
    {"start": 56, "end": 73, "code": "PL302", "severity": "warning"},
]

#: dolma's attribute-file row (docs/data-format.md in allenai/dolma, "Dolma Toolkit Attributes Format"):
#: the document's id and a flat ``attributes`` object whose values are lists of [start, end, score] spans,
#: named ``<experiment>__<tagger>__<type>``.
DOLMA_ATTRIBUTES_SCHEMA = {
    "type": "object",
    "required": ["id", "attributes"],
    "properties": {
        "id": {"type": "string"},
        "source": {"type": "string"},
        "attributes": {
            "type": "object",
            "propertyNames": {"pattern": "^[^_]+(_[^_]+)*__[^_]+(_[^_]+)*__.+$"},
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "array",
                    "prefixItems": [{"type": "integer"}, {"type": "integer"}, {"type": "number"}],
                    "minItems": 3,
                    "maxItems": 3,
                },
            },
        },
    },
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    docs = tmp_path / "ds" / "documents" / "2024"
    docs.mkdir(parents=True)
    lines = [json.dumps({"id": "a", "text": NAV}), json.dumps({"id": "b", "text": CLEAN}), '{"broken']
    with gzip.open(docs / "part-0.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    (docs / "part-1.jsonl").write_text(json.dumps({"id": "c", "text": CLEAN + "\nShare this article"}) + "\n")
    return tmp_path / "ds" / "documents"


def test_scores_and_spans() -> None:
    spans = [TagSpan(0, 10, "PL101", "warning"), TagSpan(5, 20, "PL201", "info"), TagSpan(30, 40, "PL303", "error")]
    tags = record_tags("x", "site", "f:1", "linted", spans, words=50, chars=100)
    assert tags.scores.flagged_share == 0.2  # PL101 and PL201 overlap: 0-20; PL303 is not removable text
    assert (tags.scores.findings, tags.scores.errors, tags.scores.warnings, tags.scores.infos) == (3, 1, 1, 1)
    assert tags.scores.findings_per_1k_words == 60.0
    assert covered_chars([(0, 5), (3, 8), (10, 12), (11, 11)]) == 10
    assert dolma_attributes(tags, "exp") == {
        "exp__provlint__pl101": [[0, 10, 0.5]],
        "exp__provlint__pl201": [[5, 20, 0.25]],
        "exp__provlint__pl303": [[30, 40, 1.0]],
        "exp__provlint__flagged_share": [[0, 100, 0.2]],
        "exp__provlint__findings_per_1k_words": [[0, 100, 60.0]],
    }


def test_tag_json_lines(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "tags.jsonl"
    code, _, err = run("tag", str(corpus), "-o", str(out))
    assert code == 0
    assert err == "provlint: tagged 4 record(s) from 2 input(s)\n"
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["status"]) for r in rows] == [
        ("a", "linted"),
        ("b", "linted"),
        (f"{corpus}/2024/part-0.jsonl.gz:3", "failed"),
        ("c", "linted"),
    ]
    assert rows[0]["spans"] == NAV_SPANS
    assert rows[0]["scores"]["flagged_share"] == round(14 / len(NAV), 6)  # PL101 0-4 and PL103 5-15
    assert rows[2]["spans"] == [{"start": 0, "end": 0, "code": "PL001", "severity": "error"}]
    assert rows[3]["spans"] == [{"start": 51, "end": 69, "code": "PL101", "severity": "warning"}]


def test_tag_parquet_loads_back_with_pyarrow(corpus: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "tags.parquet"
    assert run("tag", str(corpus), "-o", str(out))[0] == 0
    table = pq.read_table(out)
    assert table.column_names == ["id", "source", "path", "status", "spans", "scores"]
    assert table.column("id").to_pylist() == ["a", "b", f"{corpus}/2024/part-0.jsonl.gz:3", "c"]
    assert table.column("spans").to_pylist()[0] == NAV_SPANS
    assert table.column("scores").to_pylist()[1]["words"] == 9


def test_tag_dolma_layout_matches_documents_row_for_row(corpus: Path) -> None:
    assert run("tag", str(corpus), "--dolma", "--name", "pl_v1")[0] == 0
    root = corpus.parent / "attributes" / "pl_v1" / "2024"
    assert sorted(p.name for p in root.iterdir()) == ["part-0.jsonl.gz", "part-1.jsonl"]
    with gzip.open(root / "part-0.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows: list[dict[str, Any]] = [json.loads(line) for line in handle]
    rows += [json.loads(line) for line in (root / "part-1.jsonl").read_text().splitlines()]
    for row in rows:
        jsonschema.validate(row, DOLMA_ATTRIBUTES_SCHEMA)
    assert [r["id"] for r in rows] == ["a", "b", f"{corpus}/2024/part-0.jsonl.gz:3", "c"]
    assert rows[0]["attributes"]["pl_v1__provlint__pl302"] == [[56, 73, 0.5]]
    assert rows[1]["attributes"] == {
        "pl_v1__provlint__flagged_share": [[0, len(CLEAN), 0.0]],
        "pl_v1__provlint__findings_per_1k_words": [[0, len(CLEAN), 0.0]],
    }


def test_tag_dolma_needs_a_documents_folder_or_output(tmp_path: Path) -> None:
    path = tmp_path / "flat.jsonl"
    path.write_text(json.dumps({"text": CLEAN}) + "\n")
    code, _, err = run("tag", str(path), "--dolma")
    assert code == 2
    assert (
        err
        == f"provlint: error: {path}: not below a 'documents' folder; give -o DIR for the attribute files (dolma layout)\n"
    )
    code, _, _ = run("tag", str(path), "--dolma", "-o", str(tmp_path / "attrs"))
    assert code == 0 and (tmp_path / "attrs" / "flat.jsonl").exists()


def test_tag_without_output_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "flat.jsonl"
    path.write_text(json.dumps({"text": CLEAN}) + "\n")
    code, _, err = run("tag", str(path))
    assert (code, err) == (2, "provlint: error: give -o OUT (.jsonl, .jsonl.gz or .parquet), or --dolma\n")


def test_unwritable_output_is_exit_2_and_leaves_nothing(corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = run("tag", str(corpus), "-o", str(blocker / "tags.jsonl"))
    assert code == 2
    assert err == f"provlint: error: cannot write annotations: File exists: {blocker}\n"  # mkdir of its folder
    pytest.importorskip("pyarrow.parquet")  # the parquet extra
    out = tmp_path / "tags.parquet"
    code, _, err = run("tag", str(corpus), "-o", str(out), "--output-format", "parquet")
    assert code == 0 and out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".provlint")]  # no temporary file left
