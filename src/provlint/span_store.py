"""A mapping from documents to covered character spans that does not grow in memory.

The scorecards count a document's boilerplate characters once, even when a
source rule decides at the end of the run that a line already covered by the
document's own findings is site boilerplate too. For that they remember the
covered spans of every document with boilerplate findings until the end of
the run: on a corpus of millions of pages that is millions of entries.

:class:`SpanStore` keeps up to ``limit`` entries in a dict and moves them, in
one transaction, to a private temporary SQLite database (stdlib, on disk,
deleted when the store is closed or collected) whenever the dict fills up.
Look-ups see the dict first, so a newer value always wins. Pickling (Dask
sends scorecard sets between workers) carries the entries themselves.

In memory an entry's spans are packed (16 bytes a span, as in the database),
and the dict is written out at ``limit`` entries or at ``budget`` bytes,
whichever comes first: real pages have a few dozen boilerplate spans each,
about 2.5 KB a document as lists of tuples, so 50,000 of them were 125 MB of
a run's memory before the first write.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterator
from typing import Any

Key = tuple[str, str]  # (source, document id)
Entry = tuple[int, list[tuple[int, int]]]  # (document characters or -1, sorted disjoint spans)

#: Entries kept in memory before they go to the database.
DEFAULT_LIMIT = 50_000
#: Estimated bytes kept in memory before they go to the database.
DEFAULT_BUDGET = 16 * 1024 * 1024
#: An entry's estimated bytes besides its packed spans: the key's strings, the tuples, the dict slot.
_ENTRY_BYTES = 240


def _pack(spans: list[tuple[int, int]]) -> bytes:
    return array("q", [x for span in spans for x in span]).tobytes()


def _unpack(blob: bytes) -> list[tuple[int, int]]:
    flat = array("q")
    flat.frombytes(blob)
    return [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]


class SpanStore:
    """``(source, document id) -> (chars, spans)`` with bounded memory."""

    def __init__(self, limit: int = DEFAULT_LIMIT, budget: int = DEFAULT_BUDGET) -> None:
        self.limit = limit
        self.budget = budget
        self._memory: dict[Key, tuple[int, bytes]] = {}
        self._bytes = 0
        self._db: sqlite3.Connection | None = None

    def __len__(self) -> int:
        return sum(1 for _ in self.items())

    def get(self, key: Key, default: Entry) -> Entry:
        found = self._memory.get(key)
        if found is not None:
            return found[0], _unpack(found[1])
        if self._db is not None:
            row = self._db.execute("SELECT chars, spans FROM spans WHERE source = ? AND doc = ?", key).fetchone()
            if row is not None:
                return int(row[0]), _unpack(row[1])
        return default

    def __setitem__(self, key: Key, value: Entry) -> None:
        blob = _pack(value[1])
        self._memory[key] = (value[0], blob)
        self._bytes += _ENTRY_BYTES + len(blob)
        if len(self._memory) >= self.limit or self._bytes >= self.budget:
            self._spill()

    def items(self) -> Iterator[tuple[Key, Entry]]:
        """Every entry once (the newest value of each key)."""
        if self._db is not None:
            for source, doc, chars, blob in self._db.execute(
                "SELECT source, doc, chars, spans FROM spans ORDER BY rowid"
            ):
                key = (source, doc)
                if key not in self._memory:
                    yield key, (int(chars), _unpack(blob))
        for key, (chars, blob) in list(self._memory.items()):
            yield key, (chars, _unpack(blob))

    def update(self, other: SpanStore) -> None:
        for key, value in other.items():
            self[key] = value

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- internals -----------------------------------------------------------

    def _spill(self) -> None:
        if self._db is None:
            # "" is SQLite's private temporary database: on disk, removed on close.
            self._db = sqlite3.connect("", isolation_level=None)
            self._db.execute("PRAGMA journal_mode = OFF")
            self._db.execute("PRAGMA synchronous = OFF")
            self._db.execute(
                "CREATE TABLE spans (source TEXT, doc TEXT, chars INTEGER, spans BLOB, PRIMARY KEY (source, doc))"
            )
        rows = [(source, doc, chars, blob) for (source, doc), (chars, blob) in self._memory.items()]
        self._db.execute("BEGIN")
        self._db.executemany("INSERT OR REPLACE INTO spans VALUES (?, ?, ?, ?)", rows)
        self._db.execute("COMMIT")
        self._memory.clear()
        self._bytes = 0

    def __getstate__(self) -> dict[str, Any]:
        return {"limit": self.limit, "budget": self.budget, "entries": list(self.items())}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.limit = int(state["limit"])
        self.budget = int(state.get("budget", DEFAULT_BUDGET))
        self._memory = {}
        self._bytes = 0
        self._db = None
        for (source, doc), value in state["entries"]:
            self[(source, doc)] = value

    def __del__(self) -> None:
        self.close()
