"""Which document ids a run has already seen, in bounded memory.

Only a 64-bit BLAKE2b digest of each id is kept (a Python set of ints, about
70 bytes per document whatever the id's length), never the id itself. Two
different ids share a digest with probability about n^2 / 2^65: below one in
a million for six million documents. A collision would report a false PL006,
never lose a document. BLAKE2b rather than ``hash()`` so that a run gives the
same findings whatever ``PYTHONHASHSEED`` is.
"""

from __future__ import annotations

import hashlib


class SeenIds:
    def __init__(self) -> None:
        self._digests: set[int] = set()

    def __len__(self) -> int:
        return len(self._digests)

    def add(self, document_id: str) -> bool:
        """Record ``document_id``; True when it had been seen before."""
        digest = hashlib.blake2b(document_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        key = int.from_bytes(digest, "little")
        if key in self._digests:
            return True
        self._digests.add(key)
        return False


def duplicate_id_message(document_id: str) -> str:
    return f"document id {document_id!r} was already used by an earlier document in this run"
