"""SpanStore: the scorecards' per-document covered spans, bounded in memory."""

from __future__ import annotations

import pickle

from provlint import Config, Document, lint_documents
from provlint.span_store import SpanStore


def test_entries_survive_spilling_and_newer_values_win() -> None:
    store = SpanStore(limit=3)
    for i in range(10):
        store[("site", f"d{i}")] = (100 + i, [(i, i + 2), (50, 60)])
    assert store._db is not None  # spilled to the temporary database
    assert len(store._memory) < 3
    assert store.get(("site", "d4"), (-1, [])) == (104, [(4, 6), (50, 60)])
    assert store.get(("site", "missing"), (-1, [])) == (-1, [])
    store[("site", "d4")] = (104, [(0, 80)])  # updated after it went to disk
    assert store.get(("site", "d4"), (-1, [])) == (104, [(0, 80)])
    entries = dict(store.items())
    assert len(entries) == len(store) == 10
    assert entries[("site", "d4")] == (104, [(0, 80)])


def test_pickle_and_update_carry_every_entry() -> None:
    store = SpanStore(limit=2)
    for i in range(5):
        store[("a", str(i))] = (10, [(0, i)])
    copy = pickle.loads(pickle.dumps(store))
    assert dict(copy.items()) == dict(store.items())
    other = SpanStore()
    other[("b", "x")] = (5, [(1, 2)])
    other.update(copy)
    assert len(other) == 6
    store.close()
    copy.close()


def test_scorecards_are_the_same_whatever_the_memory_limit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The boilerplate share of a site whose nav lines are both document and site findings."""
    import provlint.span_store as span_store

    docs = [
        Document(
            id=f"p{i}",
            source="site.example",
            text=f"Skip to content\nHome\nWorld\nBusiness\nStory {i} opened on Tuesday with a long sentence about it.\n"
            "© 2024 Site Example. All rights reserved.\n",
        )
        for i in range(30)
    ]
    baseline = lint_documents(docs, Config()).scorecards["site.example"].to_dict()
    monkeypatch.setattr(span_store, "DEFAULT_LIMIT", 4)
    monkeypatch.setattr(span_store.SpanStore.__init__, "__defaults__", (4, span_store.DEFAULT_BUDGET))
    spilled = lint_documents(docs, Config()).scorecards["site.example"].to_dict()
    assert spilled == baseline
    assert spilled["boilerplate_chars"] > 0


def test_a_document_with_many_spans_counts_toward_the_byte_budget() -> None:
    """Entries are written out by their size too: a page's spans, not only the number of pages."""
    from provlint.span_store import _ENTRY_BYTES

    spans = [(i * 10, i * 10 + 5) for i in range(100)]  # 1,600 bytes packed
    store = SpanStore(limit=1000, budget=3 * (_ENTRY_BYTES + 1600))
    store[("site", "a")] = (5000, spans)
    store[("site", "b")] = (5000, spans)
    assert store._db is None and len(store._memory) == 2
    store[("site", "c")] = (5000, spans)  # the third reaches the budget: all three go to disk
    assert store._db is not None and not store._memory
    assert store.get(("site", "b"), (-1, [])) == (5000, spans)
    assert dict(store.items())[("site", "c")] == (5000, spans)
