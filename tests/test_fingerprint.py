"""Fingerprints: what makes two findings "the same" across runs."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from provlint.fingerprint import Fingerprinter, document_key, fingerprint_all, normal_excerpt, normal_path
from provlint.model import Finding, Severity


def _f(**changes: object) -> Finding:
    base = Finding(
        code="PL301",
        name="dangling-citation-marker",
        category="attribution",
        severity=Severity.WARNING,
        message="m",
        document_id="a.txt",
        source="s",
        path="a.txt",
        line=2,
        column=3,
        end_line=2,
        end_column=6,
        start=10,
        end=13,
        excerpt="[3]",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_position_and_message_are_not_part_of_it() -> None:
    moved = _f(line=40, column=1, end_line=40, end_column=4, start=900, end=903, message="other wording")
    assert fingerprint_all([_f()]) == fingerprint_all([moved])


def test_rule_source_document_and_excerpt_are() -> None:
    base = fingerprint_all([_f()])
    for other in (_f(code="PL302"), _f(source="t"), _f(path="b.txt", document_id="b.txt"), _f(excerpt="[4]")):
        assert fingerprint_all([other]) != base


def test_occurrence_index_separates_identical_findings() -> None:
    one, two = fingerprint_all([_f(), _f(line=9)])
    assert one != two
    fp = Fingerprinter()
    assert fp(_f()) == one and fp(_f()) == two


def test_excerpt_normalisation() -> None:
    assert normal_excerpt("  Skip\tto\n CONTENT ") == "skip to content"
    assert fingerprint_all([_f(excerpt="Skip  to content")]) == fingerprint_all([_f(excerpt="skip to Content")])


def test_paths_are_relative_and_records_keyed_by_id_not_line() -> None:
    assert normal_path("./seeds/a.txt") == "seeds/a.txt"
    assert normal_path(str(Path.cwd() / "seeds" / "a.txt")) == "seeds/a.txt"
    assert normal_path("<stdin>") == "<stdin>"
    outside = os.path.abspath(os.path.join(os.sep, "elsewhere", "a.txt"))
    assert normal_path(outside) == outside.replace("\\", "/")
    assert document_key(_f(path="corpus.jsonl:7", document_id="rec-1")) == "corpus.jsonl#rec-1"
    assert document_key(_f(path="corpus.jsonl:7", document_id="corpus.jsonl:7")) == "corpus.jsonl:7"
