"""Append-only sequences that spill to a temporary file past a size threshold.

A run's end-of-run work (source-rule candidates, and the findings decided from
them) grows with the corpus: a boilerplate rule may raise a candidate on every
page of a site. Holding them in a list would make memory grow with the input,
so they go into a :class:`Spool`: items stay in memory until ``threshold`` of
them have gathered, then that chunk is pickled, in a compact tuple form, to
an anonymous temporary file and memory is freed. Iterating streams the chunks
back from the file in append order, one chunk at a time, then the in-memory
tail; a spool can be iterated any number of times. Memory is bounded by one
chunk, whatever the size of the input.

A chunk ends at ``threshold`` items or at ``budget`` bytes, whichever comes
first, the bytes estimated by ``sys.getsizeof`` of each item (or a ``weight``
function): items differ in size by orders of magnitude. A site-boilerplate
candidate carries a whole page's line arrays (tens of kilobytes), so 10,000
of them held before a spill were 300 MB on real pages, while 10,000 findings
are a few megabytes.
"""

from __future__ import annotations

import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

from .finding_schema import finding_fields, tuple_codec
from .model import Finding

if TYPE_CHECKING:  # pragma: no cover
    from .rule import Candidate

T = TypeVar("T")

#: Items kept in memory before a chunk is written out (a finding takes well under 2 KB).
DEFAULT_THRESHOLD = 10_000
#: Estimated bytes kept in memory before a chunk is written out, whatever the item count.
DEFAULT_BUDGET = 32 * 1024 * 1024


class Spool(Generic[T]):
    """An append-only, re-iterable sequence, spilled to a temporary file in chunks.

    ``encode``/``decode`` turn an item into its compact picklable form and back
    (identity by default). ``weight`` estimates an item's bytes in memory
    (default ``sys.getsizeof``); the chunk is written out once ``budget`` of
    them have gathered, even before ``threshold`` items.
    """

    def __init__(
        self,
        threshold: int = DEFAULT_THRESHOLD,
        encode: Callable[[T], Any] | None = None,
        decode: Callable[[Any], T] | None = None,
        weight: Callable[[T], int] = sys.getsizeof,
        budget: int = DEFAULT_BUDGET,
    ) -> None:
        if threshold < 1:
            raise ValueError("spool threshold must be at least 1")
        if budget < 1:
            raise ValueError("spool budget must be at least 1 byte")
        self.threshold = threshold
        self.budget = budget
        self._weight = weight
        self._encode = encode
        self._decode = decode
        self._memory: list[T] = []
        self._bytes = 0
        self._file: IO[bytes] | None = None
        self._spilled = 0
        self._chunks = 0

    def append(self, item: T) -> None:
        self._memory.append(item)
        self._bytes += self._weight(item)
        if len(self._memory) >= self.threshold or self._bytes >= self.budget:
            self._spill()

    def extend(self, items: Any) -> None:
        for item in items:
            self.append(item)

    def extend_encoded(self, data: list[Any]) -> None:
        """Append items given in their compact form (``encode``'s output, made by another process), written out as
        one chunk as they are: they are decoded only when iterated, not here."""
        if not data:
            return
        if self._memory:
            self._spill()
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="provlint-spool-")
        self._file.seek(0, 2)
        pickle.dump(data, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._spilled += len(data)
        self._chunks += 1

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="provlint-spool-")
        self._file.seek(0, 2)
        chunk = [self._encode(x) for x in self._memory] if self._encode else self._memory
        pickle.dump(chunk, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._spilled += len(self._memory)
        self._chunks += 1
        self._memory = []
        self._bytes = 0

    @property
    def spilled(self) -> int:
        """How many items live in the temporary file (0: all in memory)."""
        return self._spilled

    def __len__(self) -> int:
        return self._spilled + len(self._memory)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[T]:
        if self._file is not None:
            # Remember where the tail stood so that appends during iteration
            # (which would spill and move the file position) cannot confuse us.
            chunks = self._chunks
            position = 0
            for _ in range(chunks):
                self._file.seek(position)
                chunk = pickle.load(self._file)
                position = self._file.tell()
                if self._decode:
                    yield from (self._decode(x) for x in chunk)
                else:
                    yield from chunk
        yield from list(self._memory)

    def __contains__(self, item: object) -> bool:
        return any(x == item for x in self)

    def close(self) -> None:
        """Drop the items and delete the temporary file."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._memory = []
        self._spilled = self._chunks = self._bytes = 0

    def __repr__(self) -> str:
        return f"Spool({len(self)} items, {self._spilled} on disk)"


# -- compact forms ---------------------------------------------------------------

_encode_base, _decode_base = tuple_codec(Finding)
_BASE_WIDTH = len(finding_fields(Finding))


def encode_finding(f: Finding) -> tuple[Any, ...]:
    """A finding as a flat tuple (no per-item class references in the pickle).

    The layout is generated from the dataclass's fields (:mod:`provlint.finding_schema`);
    a subclass's finding carries its extra fields and, last, its class.
    """
    if type(f) is Finding:
        return _encode_base(f)
    return (*tuple_codec(type(f))[0](f), type(f))


def decode_finding(data: tuple[Any, ...]) -> Finding:
    """The finding :func:`encode_finding` encoded, equal to the original.

    A run on real pages decodes tens of thousands of spooled findings (site
    boilerplate is reported line by line), so the generated decoder skips the
    frozen dataclass's ``__init__``; a test holds the round trip equal.
    """
    if len(data) == _BASE_WIDTH:
        return _decode_base(data)
    return tuple_codec(data[-1])[1](data)


#: A finding's estimated bytes in memory: the object, its strings and its fix (measured: 1-2 KB).
FINDING_BYTES = 2048


def _finding_bytes(_: Finding) -> int:
    return FINDING_BYTES


def finding_spool(threshold: int = DEFAULT_THRESHOLD, budget: int = DEFAULT_BUDGET) -> Spool[Finding]:
    return Spool(threshold, encode_finding, decode_finding, _finding_bytes, budget)


#: One source-rule candidate as the run keeps it: (document index, source, rule code, candidate).
CandidateEntry = tuple[int, str, str, "Candidate"]


def encode_candidate(entry: CandidateEntry) -> tuple[Any, ...]:
    index, source, code, cand = entry
    return (index, source, code, cand.key, encode_finding(cand.finding))


def decode_candidate(data: tuple[Any, ...]) -> CandidateEntry:
    from .rule import Candidate

    index, source, code, key, finding = data
    return (index, source, code, Candidate(key, decode_finding(finding)))


def candidate_bytes(entry: CandidateEntry) -> int:
    """A candidate's estimated bytes in memory: its finding plus its key's ``sys.getsizeof``.

    A key that holds more than its own object (a page's line arrays) says so with ``__sizeof__``.
    """
    try:
        key_bytes = sys.getsizeof(entry[3].key)
    except Exception:  # a plugin's key with a broken __sizeof__: counted as its finding only
        key_bytes = 0
    return FINDING_BYTES + key_bytes


def candidate_spool(threshold: int = DEFAULT_THRESHOLD, budget: int = DEFAULT_BUDGET) -> Spool[CandidateEntry]:
    return Spool(threshold, encode_candidate, decode_candidate, candidate_bytes, budget)
