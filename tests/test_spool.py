"""Bounded end-of-run memory: candidates and late findings spill to disk in input order."""

from __future__ import annotations

from provlint import Config, Document, Finding, Fix, Severity
from provlint.api import _collect
from provlint.pipeline import Pipeline
from provlint.spool import Spool, candidate_spool, decode_finding, encode_finding, finding_spool
from provlint.testing import registry_with
from tests.parallel_rules import RecurringLine


def _finding(n: int, fix: bool = False) -> Finding:
    return Finding(
        code="PL998",
        name="x",
        category="duplication",
        severity=Severity.INFO,
        message=f"m{n}",
        document_id=f"d{n}",
        source="s",
        path=None,
        line=n,
        column=1,
        end_line=n,
        end_column=2,
        start=n,
        end=n + 1,
        excerpt="e",
        fix=Fix.delete(n, n + 1, "drop") if fix else None,
    )


def test_spool_spills_and_streams_back_in_order_repeatedly() -> None:
    spool: Spool[int] = Spool(threshold=4)
    spool.extend(range(10))
    assert (len(spool), spool.spilled) == (10, 8)
    assert list(spool) == list(range(10))
    spool.append(10)
    assert list(spool) == list(range(11))  # re-iterable, appends seen
    assert 7 in spool and 42 not in spool
    spool.close()
    assert list(spool) == [] and not spool


def test_finding_compact_form_round_trips() -> None:
    for f in (_finding(1), _finding(2, fix=True)):
        assert decode_finding(encode_finding(f)) == f
    spool = finding_spool(threshold=2)
    spool.extend(_finding(i, fix=i % 2 == 0) for i in range(5))
    assert list(spool) == [_finding(i, fix=i % 2 == 0) for i in range(5)]


def test_run_with_tiny_spool_gives_the_same_findings() -> None:
    footer = "Follow us on every network today"
    docs = [
        Document(id=f"d{i}", text=f"Story number {i} is here.\n{footer}\nAnother line {i % 3} here", source=f"s{i % 2}")
        for i in range(40)
    ]
    registry = registry_with(RecurringLine)
    config = Config(select=("PL998",))
    big = _collect(Pipeline(config, registry), docs)
    small_pipeline = Pipeline(config, registry)
    small_pipeline.run_state.spool_threshold = 3
    small_pipeline.run_state.candidates = candidate_spool(3)
    small = _collect(small_pipeline, docs)
    assert small.findings == big.findings
    assert small_pipeline.run_state.candidates.spilled == 0  # closed after finish
    # footer: in all 20 documents of each source; "Another line k here": in 7 (k=0) or 6/7 documents
    assert [(f.document_id, f.line, f.message) for f in big.findings[:4]] == [
        ("d0", 2, "line recurs in 20 documents of the source"),
        ("d0", 3, "line recurs in 7 documents of the source"),
        ("d1", 2, "line recurs in 20 documents of the source"),
        ("d1", 3, "line recurs in 7 documents of the source"),
    ]
    assert len(big.findings) == 80
    assert {k: v.to_dict() for k, v in small.scorecards.items()} == {k: v.to_dict() for k, v in big.scorecards.items()}


def test_sample_is_bounded_and_whole_words() -> None:
    from provlint.prepare import PreparedDocument

    short = PreparedDocument(Document(id="s", text="A short text."))
    assert short.sample(100) == "A short text."
    words = " ".join(f"w{i:04d}" for i in range(2000))  # 12,000 characters
    sample = PreparedDocument(Document(id="l", text=words)).sample(300)
    assert len(sample) <= 302
    first, middle, last = sample.split("\n")
    assert first.startswith("w0000 ") and last.endswith("w1999")
    assert all(len(tok) == 5 for part in (first, middle, last) for tok in part.split(" "))
    assert middle.split(" ")[0] == "w0992"


def test_decoded_finding_is_a_full_frozen_finding() -> None:
    """The fast decoder's instances behave as constructed ones: equal, hashable, frozen, replaceable, picklable."""
    import dataclasses
    import pickle

    import pytest

    from provlint.model import Edit

    for severity in Severity:
        original = dataclasses.replace(
            _finding(3),
            severity=severity,
            path="a/b.txt",
            fix=Fix("two edits", (Edit(0, 2, ""), Edit(5, 5, "x"))),
        )
        decoded = decode_finding(encode_finding(original))
        assert decoded == original and hash(decoded) == hash(original)
        assert dataclasses.asdict(decoded) == dataclasses.asdict(original)
        assert pickle.loads(pickle.dumps(decoded)) == original
        assert dataclasses.replace(decoded, line=9).line == 9
        with pytest.raises(dataclasses.FrozenInstanceError):
            decoded.line = 4  # type: ignore[misc]


def test_spool_spills_by_estimated_bytes_before_the_item_count() -> None:
    spool: Spool[str] = Spool(threshold=1000, weight=len, budget=10)
    spool.extend(["abcd", "efgh", "ij"])  # 4 + 4 + 2 = 10 bytes: the budget, a chunk goes to disk
    assert (len(spool), spool.spilled) == (3, 3)
    spool.append("k")
    assert (len(spool), spool.spilled) == (4, 3)
    assert list(spool) == ["abcd", "efgh", "ij", "k"]


def test_a_page_sized_candidate_counts_its_line_arrays() -> None:
    """Site-boilerplate candidates hold a page's lines: 10,000 of them were 300 MB before the byte budget."""
    from provlint.rule import Candidate
    from provlint.rules.duplication.site_boilerplate import PageLines
    from provlint.spool import FINDING_BYTES, candidate_bytes

    page = PageLines()
    for i in range(200):
        page.add(i, True, (i, i + 1, i, i + 2), (i + 1, 1, i + 1, 2), "Subscribe to our newsletter")
    size = candidate_bytes((0, "s", "PL207", Candidate(page, _finding(1))))
    assert size > FINDING_BYTES + 200 * (8 + 32 + 32 + len("Subscribe to our newsletter"))
    spool = candidate_spool(budget=size * 3)
    spool.extend([(i, "s", "PL207", Candidate(page, _finding(i))) for i in range(7)])
    assert (len(spool), spool.spilled) == (7, 6)
    assert [entry[0] for entry in spool] == list(range(7))


def test_a_broken_sizeof_counts_the_finding_only() -> None:
    from provlint.rule import Candidate
    from provlint.spool import FINDING_BYTES, candidate_bytes

    class Key:
        def __sizeof__(self) -> int:
            return -1  # sys.getsizeof raises ValueError

    assert candidate_bytes((0, "s", "PL998", Candidate(Key(), _finding(1)))) == FINDING_BYTES


def test_encoded_items_join_the_spool_in_order_without_decoding() -> None:
    """``extend_encoded``: a part another process encoded is written as one chunk, after what the spool held."""
    spool = finding_spool(threshold=3)
    spool.extend([_finding(0), _finding(1)])
    spool.extend_encoded([encode_finding(_finding(n, fix=n == 3)) for n in (2, 3)])
    spool.extend_encoded([])
    spool.append(_finding(4))
    assert (len(spool), spool.spilled) == (5, 4)
    assert list(spool) == [_finding(0), _finding(1), _finding(2), _finding(3, fix=True), _finding(4)]
    assert list(spool) == list(spool)  # re-iterable
