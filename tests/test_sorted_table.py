"""SortedTable: a str -> bytes table searched in a mapped file, built once into the build cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from provlint import sorted_table
from provlint.sorted_table import SortedTable, cached_table, encode

ITEMS = [("the", b"\x01"), ("readability", b"\x05"), ("straße", b"\x02"), ("", b"empty key"), ("zebra", b"")]


def test_lookups_find_every_key_and_nothing_else() -> None:
    table = SortedTable(encode(ITEMS, meta=b"7"))
    assert len(table) == 5 and table.meta == b"7"
    assert [table.find(k) for k, _ in ITEMS] == [v for _, v in ITEMS]
    assert [table.find(k) for k in ("thee", "th", "Straße", "strasse", "a", "zzz", "\ud800")] == [None] * 7
    assert "straße" in table and "Straße" not in table and 3 not in table
    assert list(table.keys()) == ["", "readability", "straße", "the", "zebra"]  # code-point order


def test_later_duplicates_replace_earlier_ones_and_an_empty_table_works() -> None:
    assert SortedTable(encode([("a", b"1"), ("a", b"2")])).find("a") == b"2"
    empty = SortedTable(encode([]))
    assert (len(empty), empty.find("a"), list(empty.keys())) == (0, None, [])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d[:10], "too short"),
        (lambda d: b"NOTATAB\n" + d[8:], "another byte order"),
        (lambda d: d[:-1], "truncated or padded"),
        (lambda d: d + b"\0", "truncated or padded"),
        (lambda d: d[:40], "truncated"),
    ],
)
def test_damaged_data_is_refused(damage: object, message: str) -> None:
    data = encode(ITEMS)
    with pytest.raises(ValueError, match=message):
        SortedTable(damage(data))  # type: ignore[operator]


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sorted_table, "MEMO_LIMIT", 3)
    table = SortedTable(encode(ITEMS))
    for key in ("a", "b", "c", "the"):
        table.find(key)
    assert table._memo == {"the": b"\x01"}  # cleared at the limit, then the new key
    assert table.find("the") == b"\x01" and table.find("zebra") == b""


def test_cached_table_is_built_once_then_mapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVLINT_CACHE_DIR", str(tmp_path))
    calls: list[int] = []

    def build() -> list[tuple[str, bytes]]:
        calls.append(1)
        return ITEMS

    first = cached_table("test-table", "k1", build, lambda: b"meta")
    again = cached_table("test-table", "k1", build)
    assert calls == [1]
    assert (first.find("the"), again.find("the"), again.meta) == (b"\x01", b"\x01", b"meta")
    [entry] = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert entry.name.startswith("test-table-")
    entry.write_bytes(entry.read_bytes()[:-3])  # a damaged entry is rebuilt and rewritten
    assert cached_table("test-table", "k1", build).find("readability") == b"\x05"
    assert calls == [1, 1] and entry.read_bytes() == encode(ITEMS)


def test_cached_table_without_a_cache_lives_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVLINT_NO_CACHE", "1")
    monkeypatch.setenv("PROVLINT_CACHE_DIR", str(tmp_path))
    assert cached_table("test-table", "k", lambda: ITEMS).find("zebra") == b""
    assert list(tmp_path.iterdir()) == []


def test_a_table_searched_often_is_read_whole_and_answers_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sorted_table, "LOAD_AFTER_SEARCHES", 3)
    table = SortedTable(encode(ITEMS))
    assert [table.find(k) for k in ("the", "zebra", "thee")] == [b"\x01", b"", None]
    assert not table.loaded  # three searches so far
    assert table.find("the") == b"\x01" and not table.loaded  # remembered: no search
    assert table.find("straße") == b"\x02" and table.loaded  # the fourth search reads the table whole
    assert [table.find(k) for k, _ in ITEMS] == [v for _, v in ITEMS]
    assert [table.find(k) for k in ("thee", "Straße", "\ud800")] == [None] * 3


def test_as_dict_reads_the_table_whole_once() -> None:
    table = SortedTable(encode(ITEMS))
    assert table.find("the") == b"\x01" and not table.loaded
    entries = table.as_dict()
    assert entries == dict(ITEMS) and table.loaded and table.as_dict() is entries
    assert [table.find(k) for k in ("zebra", "thee")] == [b"", None]
