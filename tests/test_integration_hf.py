"""provlint.integrations.hf.annotate on a Hugging Face datasets.Dataset (batched map)."""

from __future__ import annotations

import pickle

import pytest

from provlint.integrations.hf import BatchAnnotator, annotate

CITED = "The council voted seven to two on Tuesday evening [citation needed]."
NAV = "Home\nNews\nSport\nWeather\nLogin"


def _dataset() -> object:
    # Imported here: importing datasets takes seconds, and only the slow tests need it.
    datasets = pytest.importorskip("datasets", reason="the [hf] extra (datasets) is not installed")
    return datasets.Dataset.from_dict(
        {"id": ["a", "b", "c"], "text": [CITED, NAV, "Plain and fine text about the weather."], "url": [None] * 3}
    )


@pytest.mark.slow
def test_annotate_adds_span_and_score_columns() -> None:
    out = annotate(_dataset(), batch_size=2)
    assert out.column_names == ["id", "text", "url", "provlint_spans", "provlint_scores"]
    assert out[0]["provlint_spans"] == [{"start": 50, "end": 67, "code": "PL302", "severity": "warning"}]
    assert out[1]["provlint_scores"]["flagged_share"] > 0.5
    assert out[2]["provlint_spans"] == []
    assert out[2]["provlint_scores"]["words"] == 7


def test_annotator_pickles_without_its_engine() -> None:
    annotator = BatchAnnotator(select=["PL3"])
    first = annotator({"text": [CITED], "id": ["x"]})
    copy = pickle.loads(pickle.dumps(annotator))
    assert copy.linter._engine is None
    assert copy({"text": [CITED], "id": ["x"]}) == first


@pytest.mark.slow
def test_annotate_with_worker_processes() -> None:
    assert annotate(_dataset(), num_proc=2, batch_size=1)["provlint_spans"] == annotate(_dataset())["provlint_spans"]
