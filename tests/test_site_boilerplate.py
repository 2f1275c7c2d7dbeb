"""PL207 site-boilerplate: learnt across a source's documents, mergeable state."""

from __future__ import annotations

from pathlib import Path

import pytest

from provlint import Config, lint_paths
from provlint.model import Document, Finding
from provlint.prepare import PreparedDocument
from provlint.rules.duplication.line_sketch import LineSketch
from provlint.rules.duplication.site_boilerplate import PageLines, SiteBoilerplate

SITES = Path(__file__).parent / "fixtures" / "sites"
HEADERS = {"dailyharbor": (1, 2), "northwire": (1, 2, 3)}


def _documents() -> list[Document]:
    return [
        Document(id=str(p.relative_to(SITES)), text=p.read_text(encoding="utf-8"), source=p.parent.name, path=str(p))
        for p in sorted(SITES.glob("*/*.txt"))
    ]


def _decide(rule: SiteBoilerplate, docs: list[Document], split: int | None, serialise: bool = False) -> list[Finding]:
    """Run the rule with the source state built in one pass or in two halves merged."""
    states: dict[str, list[LineSketch]] = {}
    candidates = []
    for i, doc in enumerate(docs):
        half = 0 if split is None or i < split else 1
        per_source = states.setdefault(doc.source, [rule.new_state(), rule.new_state()])
        own = rule.new_state()
        candidates.extend((doc.source, c) for c in rule.observe(PreparedDocument(doc), own))
        per_source[half].merge(own)
    merged = {}
    for source, (first, second) in states.items():
        if serialise:  # as if each half came from another process
            first, second = LineSketch.from_dict(first.to_dict()), LineSketch.from_dict(second.to_dict())
        second.merge(first)  # the other order than one pass
        merged[source] = second
    return [f for source, c in candidates for f in rule.decide_all(c, merged[source])]


def test_fixture_has_two_sources_and_enough_documents() -> None:
    docs = _documents()
    assert len(docs) >= 20
    assert {d.source for d in docs} == {"dailyharbor", "northwire"}


def test_headers_and_footers_are_reported_once_per_block_in_every_document() -> None:
    result = lint_paths([str(SITES)], Config(select=("PL207",)))
    got = {
        (Path(f.path or "").parent.name, Path(f.path or "").name, f.line, f.end_line, f.message)
        for f in result.findings
    }
    want = set()
    for doc in _documents():
        total = 12 if doc.source == "dailyharbor" else 10
        lines = doc.text.split("\n")
        footer = (len(lines) - 2, len(lines) - 1)  # the file ends with a newline
        for block in (HEADERS[doc.source], footer):
            want.add(
                (
                    doc.source,
                    Path(doc.path or "").name,
                    block[0],
                    block[-1],
                    f"{len(block)} consecutive lines recur in {total} of {total} documents of this source "
                    "(site boilerplate)",
                )
            )
    assert got == want
    # The quote two articles share is below the threshold (min-share 0.3 of 12 = 4 documents).
    assert not any("listen to everyone" in f.excerpt for f in result.findings)


def test_two_halves_merged_give_the_same_findings_as_one_pass() -> None:
    rule = SiteBoilerplate()
    docs = _documents()
    one_pass = _decide(rule, docs, None)
    assert len(one_pass) == 12 * 2 + 10 * 2  # a header block and a footer block per page
    for split in (1, 7, len(docs) // 2, len(docs) - 1):
        assert _decide(rule, docs, split) == one_pass
        assert _decide(rule, docs, split, serialise=True) == one_pass


def test_sketch_merge_is_commutative_and_associative() -> None:
    a, b, c = LineSketch(64, 3), LineSketch(64, 3), LineSketch(64, 3)
    a.add_document([1, 2, 3])
    b.add_document([2, 3, 99])
    c.add_document([3])
    left = LineSketch.from_dict(a.to_dict())
    left.merge(b)
    left.merge(c)
    right = LineSketch.from_dict(c.to_dict())
    bc = LineSketch.from_dict(b.to_dict())
    bc.merge(a)
    right.merge(bc)
    assert left.to_dict() == right.to_dict()
    assert left.documents == 3 and left.count(3) == 3 and left.count(2) >= 2


def test_sketch_is_bounded() -> None:
    sketch = LineSketch(width=128, depth=4)
    sketch.add_document(range(100_000))
    assert len(sketch.nonzero()) <= 128 * 4
    assert sketch.dense is not None and len(sketch.dense) == 128 * 4 and not sketch.cells  # a flat array, not a dict
    assert sketch.count(5) >= 1  # collisions only ever overcount


def test_dense_and_sparse_sketches_merge_to_the_same_counts() -> None:
    """A busy source's sketch is a flat array, a small one a dict: merging any mix in any order agrees."""
    parts = [LineSketch(256, 4) for _ in range(4)]
    parts[0].add_document(range(0, 200))  # dense (over 1/16 of the 1,024 counters)
    parts[1].add_document([1, 2, 3])  # sparse
    parts[2].add_document(range(150, 400))  # dense
    parts[3].add_document([7, 399])  # sparse
    assert [p.dense is not None for p in parts] == [True, False, True, False]
    results = []
    for order in ([0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]):
        total = LineSketch.from_dict(parts[order[0]].to_dict())
        for i in order[1:]:
            total.merge(LineSketch.from_dict(parts[i].to_dict()))
        results.append(total.to_dict())
    assert all(r == results[0] for r in results)
    merged = LineSketch.from_dict(results[0])
    assert merged.documents == 4 and merged.count(2) >= 2 and merged.count(399) >= 2 and merged.count(175) >= 2


def test_a_block_finding_spans_its_lines_and_its_fix_deletes_them() -> None:
    """Blank lines inside a block are part of it; a line that is not boilerplate ends it; CRLF counts raw."""
    pages = [f"Home | World\r\n\r\nSport | Culture\r\nStory {i} begins here.\r\nHome | World\r\n" for i in range(5)]
    docs = [Document(id=str(i), text=text, source="s.example") for i, text in enumerate(pages)]
    rule = SiteBoilerplate({"min_documents": 5, "min_source_documents": 5})
    findings = _decide(rule, docs, None)
    first = [f for f in findings if f.document_id == "0"]
    assert [(f.line, f.column, f.end_line, f.end_column, f.start, f.end) for f in first] == [
        (1, 1, 3, 16, 0, 31),
        (5, 1, 5, 13, 55, 67),
    ]
    assert [f.message for f in first] == [
        "2 consecutive lines recur in 5 of 5 documents of this source (site boilerplate)",
        "line recurs in 5 of 5 documents of this source (site boilerplate)",
    ]
    assert first[0].excerpt == "Home | World Sport | Culture"
    assert first[0].fix is not None and first[0].fix.description == "delete the site boilerplate lines"
    assert [(e.start, e.end) for e in first[0].fix.edits] == [(0, 33)]
    assert pages[0][:33] == "Home | World\r\n\r\nSport | Culture\r\n" and pages[0][33:].startswith("Story 0")
    assert first[1].fix is not None and [(e.start, e.end) for e in first[1].fix.edits] == [(55, 69)]


def test_one_candidate_per_page_holding_flat_arrays_that_pickle() -> None:
    import pickle

    doc = _documents()[0]
    rule = SiteBoilerplate()
    candidates = list(rule.observe(PreparedDocument(doc), rule.new_state()))
    assert len(candidates) == 1
    page = candidates[0].key
    assert isinstance(page, PageLines) and len(page.hashes) == len([x for x in doc.text.split("\n") if x.strip()])
    assert pickle.loads(pickle.dumps(page)) == page and hash(pickle.loads(pickle.dumps(page))) == hash(page)


def test_a_dense_sketch_starts_with_byte_counters_and_widens_exactly_when_one_overflows() -> None:
    """A busy source's counters take a byte each until a line recurs in 256 documents; the counts never change."""
    sketch = LineSketch(width=64, depth=2)
    sketch.add_document(range(10))  # 20 of 128 counters: over 1/64, dense
    assert sketch.dense is not None and sketch.dense.typecode == "B" and sketch.dense.itemsize == 1
    for _ in range(254):
        sketch.add_document([3])
    assert sketch.count(3) == 255 and sketch.dense.typecode == "B"
    sketch.add_document([3, 4])  # counter 256 needs 16 bits: the rest of the document is still counted
    assert sketch.dense.typecode == "H"
    assert (sketch.count(3), sketch.count(4), sketch.count(5), sketch.documents) == (256, 2, 1, 256)
    assert len(sketch.dense) == 128 and not sketch.cells


def test_merging_and_restoring_widen_the_dense_counters_as_needed() -> None:
    left, right = LineSketch(width=64, depth=2), LineSketch(width=64, depth=2)
    for _ in range(200):
        left.add_document(range(10))
        right.add_document(range(5, 15))
    assert left.dense is not None and right.dense is not None
    assert left.dense.typecode == right.dense.typecode == "B"
    left.merge(right)  # 400 documents hold lines 5-9
    assert left.dense is not None and left.dense.typecode == "H"
    assert [left.count(h) for h in (0, 5, 9, 14)] == [200, 400, 400, 200]
    restored = LineSketch.from_dict(left.to_dict())
    assert restored.dense is not None and restored.dense.typecode == "H"
    assert restored.to_dict() == left.to_dict() and restored.count(7) == 400
    big = LineSketch.from_dict(
        {"width": 64, "depth": 2, "documents": 70_000, "cells": {str(c): 70_000 for c in range(30)}}
    )
    assert big.dense is not None and big.dense.typecode == "I" and big.nonzero() == {c: 70_000 for c in range(30)}


def test_a_sparse_sketch_turns_dense_past_one_sixty_fourth_of_its_counters() -> None:
    sketch = LineSketch(width=256, depth=4)  # 1,024 counters: dense past 16
    sketch.add_document([1, 2, 3, 4])  # 16 counters
    assert sketch.dense is None and len(sketch.cells) == 16
    sketch.add_document([5])
    assert sketch.dense is not None and sketch.dense.typecode == "B" and list(sketch.nonzero().values()) == [1] * 20


def test_line_hash_is_the_eight_byte_blake2b_digest() -> None:
    """The hash every process and every stored sketch agrees on: BLAKE2b, 8-byte digest, read little-endian."""
    import hashlib

    from provlint.rules.duplication.line_sketch import line_hash

    assert line_hash("home | world") == 2246829717707088588
    assert line_hash("") == 13020603013274838756
    for key in ("home | world", "", "straße", "\ud800x", "x" * 500):
        digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        assert line_hash(key) == int.from_bytes(digest, "little")


def test_all_cells_are_each_hashes_cells_at_every_shape() -> None:
    import random

    rng = random.Random(207)
    hashes = [rng.getrandbits(64) for _ in range(300)] + [0, 2**64 - 1, 2**32, 2**32 - 1]
    for width, depth in ((1 << 16, 4), (64, 4), (1000, 4), (97, 3), (1 << 16, 1), (50, 6)):
        sketch = LineSketch(width, depth)
        assert sketch._all_cells(hashes) == [c for h in hashes for c in sketch._cells(h)], (width, depth)
    # the default shape: row r's counter is r * width + (low + r * (high | 1)) % width
    assert LineSketch()._all_cells([2246829717707088588]) == [58060, 80517, 168510, 256503]


def _reference_page(doc: PreparedDocument, min_chars: int = 2, max_chars: int = 200) -> tuple[list[int], ...]:
    """Per counted line, line by line as the rule's documentation says: the joins, raw spans of the text and
    of what Rule.delete_line_fix deletes, raw (line, column) of the text's start and end."""
    joins: list[int] = []
    spans: list[int] = []
    positions: list[int] = []
    previous = last_text = -1
    for line in doc.lines:
        text = line.text.strip()
        if not text:
            continue
        if min_chars <= len(text) <= max_chars:
            start = line.start + len(line.text) - len(line.text.lstrip())
            end = start + len(text)
            (cut,) = SiteBoilerplate.delete_line_fix(doc, line.index, "").edits
            spans += [doc.to_raw(start), doc.to_raw(end), cut.start, cut.end]
            positions += [*doc.raw_position(doc.to_raw(start)), *doc.raw_position(doc.to_raw(end))]
            joins.append(int(previous >= 0 and last_text == previous))
            previous = line.index
        last_text = line.index
    return joins, spans, positions


def test_the_page_columns_are_the_line_by_line_values() -> None:
    """Leading and trailing whitespace, blank lines, lines too short and too long, CRLF and a BOM (raw offsets
    differ), a last line with and without a newline."""
    body = [" Home | World  ", "", "x", "Sport | Culture", "y" * 201, "\tStory begins here.", "   ", "Footer"]
    texts = {
        "lf": "\n".join(body),
        "lf-end": "\n".join(body) + "\n",
        "crlf": "\ufeff" + "\r\n".join(body),
        "one": "  only line ",
        "none": "x\n\n \ny",
    }
    rule = SiteBoilerplate()
    for name, text in texts.items():
        doc = PreparedDocument(Document(id=name, text=text))
        state = rule.new_state()
        candidates = list(rule.observe(doc, state))
        joins, spans, positions = _reference_page(doc)
        assert state.documents == 1
        if not joins:
            assert candidates == [] and name == "none"
            continue
        page = candidates[0].key
        assert (list(page.joins), list(page.spans), list(page.positions)) == (joins, spans, positions), name
    doc = PreparedDocument(Document(id="lf", text=texts["lf"]))
    page = next(iter(rule.observe(doc, rule.new_state()))).key
    # "x" (too short) and the 201 "y"s (too long) are non-blank lines between counted ones; "   " is blank
    assert list(page.joins) == [0, 0, 0, 1]
    assert list(page.link_like) == [-1, -1, -1, -1]  # short lines kept whole: decided from their text
    assert page.texts == ["Home | World", "Sport | Culture", "Story begins here.", "Footer"]
    assert list(page.spans[:4]) == [1, 13, 0, 16] and list(page.positions[:4]) == [1, 2, 1, 14]


@pytest.mark.parametrize("depth", [4, 3])
def test_count_all_is_count_of_each_hash_sparse_and_dense(depth: int) -> None:
    import random

    rng = random.Random(207)
    sketch = LineSketch(width=64, depth=depth)
    hashes = [rng.getrandbits(64) for _ in range(40)]
    for _ in range(30):
        sketch.add_document(set(rng.sample(hashes, 12)))
    probes = [*hashes, *(rng.getrandbits(64) for _ in range(10))]
    assert sketch.count_all(probes) == [sketch.count(h) for h in probes]
    sketch._maybe_densify()
    for _ in range(200):  # enough documents for the counters to go dense
        sketch.add_document(set(rng.sample(hashes, 30)))
    assert sketch.dense is not None
    assert sketch.count_all(probes) == [sketch.count(h) for h in probes]
    assert sketch.count_all([]) == []
