"""provlint's datatrove steps inside a real datatrove LocalPipelineExecutor."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove", reason="the [datatrove] extra is not installed")

from datatrove.data import Document as DatatroveDocument
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from provlint.integrations.datatrove import DropPolicy, ProvlintAnnotator, ProvlintFilter

NAV = "Home\nNews\nSport\nWeather\nLogin"
CITED = "The council voted seven to two on Tuesday evening [citation needed]."
CLEAN = "The council voted seven to two on Tuesday evening after a long debate."


def _read(folder: Path) -> list[dict[str, Any]]:
    rows = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle)
    return rows


@pytest.mark.slow
def test_filter_and_annotator_in_a_local_pipeline(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    records = [
        {"id": "nav", "text": NAV, "url": "https://www.example.com/nav"},
        {"id": "cited", "text": CITED},
        {"id": "clean", "text": CLEAN},
    ]
    (source / "docs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    policy = DropPolicy(max_flagged_share=0.5, drop_codes=("PL302",))
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(source)),
            ProvlintFilter(policy, exclusion_writer=JsonlWriter(str(tmp_path / "dropped"))),
            ProvlintAnnotator(select=["PL3"], metadata_key="provlint_pl3"),
            JsonlWriter(str(tmp_path / "kept")),
        ],
        logging_dir=str(tmp_path / "logs"),
        tasks=1,
        workers=1,
    )
    executor.run()
    kept = _read(tmp_path / "kept")
    dropped = _read(tmp_path / "dropped")
    assert [d["id"] for d in kept] == ["clean"]
    assert kept[0]["metadata"]["provlint"]["spans"] == []
    assert kept[0]["metadata"]["provlint_pl3"]["scores"]["findings"] == 0
    assert [(d["id"], d["metadata"]["filter_reason"]) for d in dropped] == [
        ("nav", "provlint_flagged_share"),
        ("cited", "provlint_code_PL302"),
    ]
    assert dropped[1]["metadata"]["provlint"]["spans"] == [
        {"start": 50, "end": 67, "code": "PL302", "severity": "warning"}
    ]
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text())
    filter_stats = next(s["stats"] for s in stats if "provlint" in s["name"] and "FILTER" in s["name"])
    assert filter_stats["dropped_provlint_flagged_share"] == 1
    assert filter_stats["dropped_provlint_code_PL302"] == 1
    assert filter_stats["forwarded"] == 1
    assert filter_stats["provlint_PL302"] == 1


def test_policy_reasons_in_order() -> None:
    flt = ProvlintFilter(DropPolicy(max_flagged_share=None, drop_severity="warning"))
    doc = DatatroveDocument(text=CITED, id="x")
    assert flt.filter(doc) == (False, "provlint_severity_warning")
    assert doc.metadata["provlint"]["scores"]["warnings"] == 1
    assert ProvlintFilter(DropPolicy(max_flagged_share=None)).filter(DatatroveDocument(text=CITED, id="y")) is True
    dense = ProvlintFilter(DropPolicy(max_flagged_share=None, max_findings_per_1k_words=50.0), annotate=False)
    undecorated = DatatroveDocument(text=CITED, id="z")
    assert dense.filter(undecorated) == (False, "provlint_findings_per_1k_words")
    assert "provlint" not in undecorated.metadata
