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
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

from .finding_schema import finding_fields, tuple_codec
from .model import Finding

if TYPE_CHECKING:  # pragma: no cover
    from .rule import Candidate

T = TypeVar("T")

#: Items kept in memory before a chunk is written out. A candidate or finding
#: takes well under 2 KB, so one chunk stays under about 20 MB.
DEFAULT_THRESHOLD = 10_000


class Spool(Generic[T]):
    """An append-only, re-iterable sequence, spilled to a temporary file in chunks.

    ``encode``/``decode`` turn an item into its compact picklable form and back
    (identity by default).
    """

    def __init__(
        self,
        threshold: int = DEFAULT_THRESHOLD,
        encode: Callable[[T], Any] | None = None,
        decode: Callable[[Any], T] | None = None,
    ) -> None:
        if threshold < 1:
            raise ValueError("spool threshold must be at least 1")
        self.threshold = threshold
        self._encode = encode
        self._decode = decode
        self._memory: list[T] = []
        self._file: IO[bytes] | None = None
        self._spilled = 0
        self._chunks = 0

    def append(self, item: T) -> None:
        self._memory.append(item)
        if len(self._memory) >= self.threshold:
            self._spill()

    def extend(self, items: Any) -> None:
        for item in items:
            self.append(item)

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="provlint-spool-")
        self._file.seek(0, 2)
        chunk = [self._encode(x) for x in self._memory] if self._encode else self._memory
        pickle.dump(chunk, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._spilled += len(self._memory)
        self._chunks += 1
        self._memory = []

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
        self._spilled = self._chunks = 0

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


def finding_spool(threshold: int = DEFAULT_THRESHOLD) -> Spool[Finding]:
    return Spool(threshold, encode_finding, decode_finding)


#: One source-rule candidate as the run keeps it: (document index, source, rule code, candidate).
CandidateEntry = tuple[int, str, str, "Candidate"]


def encode_candidate(entry: CandidateEntry) -> tuple[Any, ...]:
    index, source, code, cand = entry
    return (index, source, code, cand.key, encode_finding(cand.finding))


def decode_candidate(data: tuple[Any, ...]) -> CandidateEntry:
    from .rule import Candidate

    index, source, code, key, finding = data
    return (index, source, code, Candidate(key, decode_finding(finding)))


def candidate_spool(threshold: int = DEFAULT_THRESHOLD) -> Spool[CandidateEntry]:
    return Spool(threshold, encode_candidate, decode_candidate)
