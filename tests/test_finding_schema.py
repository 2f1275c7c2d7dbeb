"""One Finding schema: a field added to the dataclass reaches the spool, the JSON writer and the test helpers."""

from __future__ import annotations

import json
from dataclasses import dataclass

from provlint.finding_schema import FieldKind, field_names, finding_fields
from provlint.formatters.json import _FINDING_KEYS, finding_json
from provlint.model import Edit, Finding, Fix, Severity
from provlint.spool import decode_finding, encode_finding, finding_spool
from provlint.testing import _EXPECT_KEYS, finding_record


@dataclass(frozen=True)
class TracedFinding(Finding):
    """A finding with two fields more, as a future provlint (or a plugin) might add."""

    rule_version: str = "1.0"
    confidence: int = 0
    tags: tuple[str, ...] = ()


def _finding(cls: type[Finding] = Finding, **extra: object) -> Finding:
    return cls(
        code="PL950",
        name="teaser-line",
        category="scraping",
        severity=Severity.WARNING,
        message='teaser "line" \u2028 東京',
        document_id="doc-1",
        source="example.org",
        path=None,
        line=2,
        column=3,
        end_line=2,
        end_column=9,
        start=14,
        end=20,
        excerpt="Read more...",
        fix=Fix("drop it", (Edit(14, 20, ""), Edit(30, 30, "x"))),
        **extra,  # type: ignore[arg-type]
    )


def test_schema_is_read_from_the_dataclass() -> None:
    assert field_names(Finding) == tuple(Finding.__dataclass_fields__)
    assert _FINDING_KEYS == field_names(Finding)
    kinds = {s.name: s.kind for s in finding_fields(Finding)}
    assert kinds["line"] == FieldKind.INT and kinds["path"] == FieldKind.OPTIONAL_STR
    assert kinds["severity"] == FieldKind.SEVERITY and kinds["fix"] == FieldKind.FIX
    assert field_names(TracedFinding)[-3:] == ("rule_version", "confidence", "tags")


def test_added_field_round_trips_through_spool_json_and_testing() -> None:
    f = _finding(TracedFinding, rule_version="2.1", confidence=87, tags=("a", "b"))
    # spool: compact tuple and back, in memory and spilled to disk
    assert decode_finding(encode_finding(f)) == f
    assert type(decode_finding(encode_finding(f))) is TracedFinding
    spool = finding_spool(threshold=2)
    spool.extend([f, _finding(), f])
    assert list(spool) == [f, _finding(), f] and spool.spilled == 2
    # dict form and JSON writer: the new fields are there, in declaration order, same bytes as json.dump
    record = f.to_dict()
    assert list(record)[-3:] == ["rule_version", "confidence", "tags"]
    assert record["tags"] == ("a", "b") and record["confidence"] == 87
    expected = json.dumps({"findings": [record]}, indent=2, ensure_ascii=True)
    assert expected == '{\n  "findings": [\n    ' + finding_json(f) + "\n  ]\n}"
    assert TracedFinding.from_dict(json.loads(json.dumps(record))) == TracedFinding(
        **{**f.__dict__, "tags": ["a", "b"]}  # type: ignore[arg-type]
    )
    # testing helpers: any field can be named, the subclass's too
    assert finding_record(f, ["code", "document", "severity", "rule_version", "confidence"]) == {
        "code": "PL950",
        "document": "doc-1",
        "severity": "warning",
        "rule_version": "2.1",
        "confidence": 87,
    }


def test_base_finding_round_trips_and_expect_keys() -> None:
    f = _finding()
    assert decode_finding(encode_finding(f)) == f
    assert Finding.from_dict(f.to_dict()) == f
    assert {"line", "column", "message", "end_line", "end_column", "document", "severity", "code"} <= _EXPECT_KEYS
    assert "document_id" not in _EXPECT_KEYS and "fix" not in _EXPECT_KEYS


def test_maker_builds_what_init_builds() -> None:
    import pickle

    from provlint.finding_schema import maker

    for cls, extra in ((Finding, {}), (TracedFinding, {"confidence": 3, "tags": ("x",)})):
        by_init = _finding(cls, **extra)
        fields = {name: getattr(by_init, name) for name in field_names(cls)}
        made = maker(cls)(**fields)
        assert type(made) is cls
        assert made == by_init and hash(made) == hash(by_init) and repr(made) == repr(by_init)
        assert list(vars(made)) == list(vars(by_init))  # same field order: pickles and to_dict() agree
        assert pickle.loads(pickle.dumps(made)) == by_init
    # fields with defaults may be left out, as with __init__
    short = {n: getattr(_finding(), n) for n in field_names(Finding) if n not in ("fix", "url", "file", "record")}
    assert maker(Finding)(**short) == Finding(**short)  # type: ignore[arg-type]
    assert maker(Finding)(**short).record is None
    try:
        maker(Finding)(**{**short, "colour": "red"})
    except TypeError as exc:
        assert "colour" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("an unknown field must be refused, as __init__ refuses it")
