"""Mergeable, bounded counts of hashed lines: the state of the site-boilerplate rule.

A count-min sketch: ``depth`` rows of ``width`` counters; a line's hash picks
one counter per row, adding a document adds 1 to each, and the estimate of a
line's document count is the smallest of its counters. Counters are stored
sparsely (only those ever touched) while few are, so a document's own sketch
is as small as its line set; once a sketch has touched more than
:data:`DENSE_SHARE` of its counters it switches to one flat array of counters.
The array starts with one byte per counter (256 KB at the default shape) and
is widened to 16, 32 and 64 bits only when a counter outgrows its type, so a
busy source's sketch takes a quarter of the 32-bit array's 1 MB until one of
its lines recurs in 256 of its documents (and half until 65,536). A dict of
the few thousand counters a sparse sketch holds at the switch is about as
large as the byte array. A source's sketch never holds more than
``width * depth`` counters however many documents it sees, and the counts are
the same whatever the storage.

Merging adds counters, which is associative and commutative: a source's
sketch is the same whether its documents were counted in one process, in
several, or on a cluster, so the rule's findings are too. Estimates never
undercount; they can overcount when lines collide in every row, which with
the default 65,536 x 4 counters needs a source with hundreds of thousands of
distinct lines before it matters (raise ``sketch-width`` for such sources).
"""

from __future__ import annotations

import hashlib
import struct
from array import array
from collections.abc import Iterable, Sequence
from typing import Any

from ...rule import SourceState

#: Defaults: 4 rows of 65,536 counters, at most 262,144 counters per source.
DEFAULT_WIDTH = 1 << 16
DEFAULT_DEPTH = 4
#: A sparse sketch that touches more than this share of its counters becomes dense: at the default shape
#: 4,096 counters, whose dict (about 300 KB with its int objects) is as large as the dense byte array.
DENSE_SHARE = 1 / 64
#: Typecodes of the dense array, narrowest first: it is widened to the next one when a counter overflows.
_TYPECODES = ("B", "H", "I", "Q")
#: A line hash's low 32 bits.
_LOW = 0xFFFFFFFF


#: BLAKE2b with an 8-byte digest before any input: each line's hash starts from a copy, which costs about half
#: of setting up the parameters again (``blake2b(data, digest_size=8)``, the same digest).
_EMPTY_BLAKE2B = hashlib.blake2b(digest_size=8)
_UINT64 = struct.Struct("<Q")


def line_hash(key: str) -> int:
    """A stable 64-bit hash of a normalised line (the same in every process): the little-endian number of
    the line's 8-byte BLAKE2b digest (UTF-8, lone surrogates passed through)."""
    digest = _EMPTY_BLAKE2B.copy()
    digest.update(key.encode("utf-8", "surrogatepass"))
    value: int = _UINT64.unpack(digest.digest())[0]
    return value


class LineSketch(SourceState):
    """Document counts of hashed lines for one source, plus the number of documents."""

    def __init__(self, width: int = DEFAULT_WIDTH, depth: int = DEFAULT_DEPTH) -> None:
        self.width = width
        self.depth = depth
        self.documents = 0
        self.cells: dict[int, int] = {}  # sparse counters, while ``dense`` is None
        self.dense: array[int] | None = None

    def _cells(self, h: int) -> list[int]:
        width = self.width
        low, high = h & _LOW, (h >> 32) | 1
        return [row * width + (low + row * high) % width for row in range(self.depth)]

    def _all_cells(self, hashes: Iterable[int]) -> list[int]:
        """The counters of every hash, one list, hash by hash and row by row (what :meth:`_cells` gives each).

        ``(low + row * high) % width`` is ``(low % width + row * (high % width)) % width``: both halves are
        reduced once per hash, and the rows then work on numbers below ``width`` (one machine digit at the
        default width, where the 64-bit hash's halves are bigger). At the default depth the four rows are
        written out: no inner loop per hash.
        """
        width = self.width
        if self.depth != DEFAULT_DEPTH:
            rows = range(self.depth)
            return [row * width + ((h & _LOW) + row * ((h >> 32) | 1)) % width for h in hashes for row in rows]
        cells: list[int] = []
        add = cells.extend
        second, third, fourth = width, 2 * width, 3 * width
        for h in hashes:
            low, high = (h & _LOW) % width, ((h >> 32) | 1) % width
            add(
                (
                    low,
                    second + (low + high) % width,
                    third + (low + 2 * high) % width,
                    fourth + (low + 3 * high) % width,
                )
            )
        return cells

    def _maybe_densify(self) -> None:
        if self.dense is None and len(self.cells) > self.width * self.depth * DENSE_SHARE:
            dense = _array_for(max(self.cells.values(), default=0), self.width * self.depth)
            for c, n in self.cells.items():
                dense[c] = n
            self.dense = dense
            self.cells = {}

    def _widen(self) -> array[int]:
        """Replace the dense array by one of the next wider type (a counter outgrew the current one)."""
        assert self.dense is not None
        self.dense = array(_TYPECODES[_TYPECODES.index(self.dense.typecode) + 1], self.dense)
        return self.dense

    def _add_dense(self, counts: Iterable[tuple[int, int]]) -> None:
        """Add ``n`` to dense counter ``c`` for each ``(c, n)``, widening the array when one overflows
        (the increment that overflowed did not happen: it is redone on the wider array)."""
        dense = self.dense
        assert dense is not None
        for c, n in counts:
            try:
                dense[c] += n
            except OverflowError:
                while True:
                    dense = self._widen()
                    try:
                        dense[c] += n
                        break
                    except OverflowError:
                        continue

    def add_document(self, hashes: Iterable[int]) -> None:
        """Count one document with its set of distinct line hashes."""
        self.documents += 1
        cells = self._all_cells(hashes)
        dense = self.dense
        if dense is not None:
            pending = iter(cells)
            try:
                for c in pending:
                    dense[c] += 1
            except OverflowError:  # counter ``c`` was not incremented: it and the rest go the careful way
                self._add_dense([(c, 1), *((rest, 1) for rest in pending)])
            return
        sparse = self.cells
        get = sparse.get
        for c in cells:
            sparse[c] = get(c, 0) + 1
        self._maybe_densify()

    def count(self, h: int) -> int:
        """Estimated number of documents holding the line (never too low)."""
        if self.dense is not None:
            dense = self.dense
            return min(dense[c] for c in self._cells(h))
        return min(self.cells.get(c, 0) for c in self._cells(h))

    def count_all(self, hashes: Sequence[int]) -> list[int]:
        """:meth:`count` of each hash, in order: the counters read in one pass (:meth:`_all_cells`) and the
        minimum of each hash's ``depth`` counters taken by ``map``, not a generator per hash (PL207 decides
        every counted line of every page at the end of the run, in the one process that cannot be
        multiplied)."""
        cells = self._all_cells(hashes)
        if self.dense is not None:
            values = list(map(self.dense.__getitem__, cells))
        else:
            get = self.cells.get
            values = [get(c, 0) for c in cells]
        depth = self.depth
        if depth == 4:  # the default: four rows
            return list(map(min, values[0::4], values[1::4], values[2::4], values[3::4]))
        return [min(values[i : i + depth]) for i in range(0, len(values), depth)]

    def merge(self, other: Any) -> None:
        if not isinstance(other, LineSketch) or (other.width, other.depth) != (self.width, self.depth):
            raise ValueError("can only merge line sketches of the same shape")
        self.documents += other.documents
        if other.dense is not None and self.dense is None:
            self.cells, other_cells = {}, self.cells  # take the other's array, add our sparse counters to it
            self.dense = array(other.dense.typecode, other.dense)
        else:
            other_cells = other.cells if other.dense is None else dict(_nonzero(other.dense))
        if self.dense is not None:
            self._add_dense(other_cells.items())
            return
        cells = self.cells
        for c, n in other_cells.items():
            cells[c] = cells.get(c, 0) + n
        self._maybe_densify()

    def nonzero(self) -> dict[int, int]:
        """Every touched counter, sorted by position (the same whatever the storage)."""
        if self.dense is not None:
            return dict(_nonzero(self.dense))
        return dict(sorted(self.cells.items()))

    def to_dict(self) -> dict[str, Any]:
        return {"width": self.width, "depth": self.depth, "documents": self.documents, "cells": self.nonzero()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineSketch:
        sketch = cls(int(data["width"]), int(data["depth"]))
        sketch.documents = int(data["documents"])
        sketch.cells = {int(k): int(v) for k, v in data["cells"].items()}
        sketch._maybe_densify()
        return sketch


def _array_for(largest: int, size: int) -> array[int]:
    """A zeroed dense array of ``size`` counters of the narrowest type that holds ``largest``."""
    for code in _TYPECODES:
        dense = array(code, bytes(array(code).itemsize * size))
        try:
            dense[0] = largest
        except OverflowError:
            continue
        dense[0] = 0
        return dense
    raise OverflowError(f"a line count of {largest} does not fit a 64-bit counter")


def _nonzero(dense: array[int]) -> Iterable[tuple[int, int]]:
    return ((c, n) for c, n in enumerate(dense) if n)
