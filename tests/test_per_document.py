"""Analyses kept on their prepared document: computed once per document and key, None included."""

from __future__ import annotations

from provlint.analyses.per_document import per_document
from provlint.model import Document
from provlint.prepare import prepare


def test_computed_once_per_document_and_key() -> None:
    calls: list[str] = []

    def compute(name: str) -> object:
        calls.append(name)
        return None if name == "none" else [name]

    doc = prepare(Document(id="a", text="One line."))
    value = per_document(doc, "test:x", lambda: compute("x"))
    assert value == ["x"]
    assert per_document(doc, "test:x", lambda: compute("again")) is value
    assert per_document(doc, "test:none", lambda: compute("none")) is None
    assert per_document(doc, "test:none", lambda: compute("none")) is None
    other = prepare(Document(id="b", text="One line."))
    assert per_document(other, "test:x", lambda: compute("x")) == ["x"]
    assert calls == ["x", "none", "x"]
    assert doc.lines[0].text == "One line."  # the document's own views are untouched
