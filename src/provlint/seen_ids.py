"""Which document ids a run has already seen, in compact memory.

Only a 64-bit BLAKE2b digest of each id is kept, never the id itself. Two
different ids share a digest with probability about n^2 / 2^65: below one in
a million for six million documents. A collision would report a false PL006,
never lose a document. BLAKE2b rather than ``hash()`` so that a run gives the
same findings whatever ``PYTHONHASHSEED`` is.

The newest digests sit in a set (about 70 bytes each); every
:data:`RECENT_LIMIT` of them are sorted into a run of 8-byte integers
(``array('Q')``), and runs of similar size are merged, as in a binary
counter, so there are never more than about log2(n / RECENT_LIMIT) runs to
bisect. A run of millions of documents keeps about 8 bytes per document
rather than 70, and the work of merging adds up to O(n log n) over the run.
"""

from __future__ import annotations

import hashlib
import heapq
from array import array
from bisect import bisect_left

#: Digests kept in the set before they are sorted into a compact run.
RECENT_LIMIT = 65_536


def _digest(document_id: str) -> int:
    digest = hashlib.blake2b(document_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


class SeenIds:
    def __init__(self, recent_limit: int = RECENT_LIMIT) -> None:
        if recent_limit < 1:
            raise ValueError("recent_limit must be at least 1")
        self.recent_limit = recent_limit
        self._recent: set[int] = set()
        #: Sorted, disjoint runs of digests, largest first.
        self._runs: list[array[int]] = []

    def __len__(self) -> int:
        return len(self._recent) + sum(len(run) for run in self._runs)

    @property
    def runs(self) -> int:
        """How many compact runs hold the older digests."""
        return len(self._runs)

    def __contains__(self, document_id: object) -> bool:
        """Whether ``document_id`` was recorded (without recording it)."""
        if not isinstance(document_id, str):
            return False
        key = _digest(document_id)
        return key in self._recent or self._in_runs(key)

    def add(self, document_id: str) -> bool:
        """Record ``document_id``; True when it had been seen before."""
        key = _digest(document_id)
        if key in self._recent or self._in_runs(key):
            return True
        self._recent.add(key)
        if len(self._recent) >= self.recent_limit:
            self._compact()
        return False

    def _in_runs(self, key: int) -> bool:
        for run in self._runs:
            i = bisect_left(run, key)
            if i < len(run) and run[i] == key:
                return True
        return False

    def _compact(self) -> None:
        run = array("Q", sorted(self._recent))
        self._recent = set()
        while self._runs and len(self._runs[-1]) <= len(run):
            # Merged without building a list of Python ints: memory stays at the two runs and the result.
            run = array("Q", heapq.merge(self._runs.pop(), run))
        self._runs.append(run)


def duplicate_id_message(document_id: str) -> str:
    return f"document id {document_id!r} was already used by an earlier document in this run"
