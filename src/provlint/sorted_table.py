"""A read-only ``str -> bytes`` table in one file, looked up by binary search without loading it.

Readability reads the CMU syllable table (about 126,000 words) and a pyphen
hyphenation dictionary (about 14,000 patterns) a few hundred times per
document. Loading either as a dict costs every process 30 to 150 ms before its
first document, which is most of what ``provlint check`` on one small file
waits for. A :class:`SortedTable` is built once into provlint's build cache
(:func:`cached_table`) with its keys sorted; a process maps the file and
binary-searches it, so opening costs the same for any size and a lookup reads
about log2(N) keys. Found and missed keys are remembered per table, so a long
run pays each distinct key's search once; after :data:`LOAD_AFTER_SEARCHES`
searches (a long run, where a search per distinct key adds up to seconds) the
table is read whole into a dict once.

File layout (native byte order and sizes, checked by a marker on opening)::

    magic (8 bytes) | marker u32 | count u32 | meta length u32 | 0 u32
    meta (bytes), zero-padded to a multiple of 4
    key offsets u32[count + 1] | value offsets u32[count + 1]
    keys (UTF-8, sorted by their bytes, which is code-point order) | values
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Callable, Iterable, Iterator

from .cache import entry_path, write_entry

MAGIC = b"PLSTAB1\n"
MARKER = 0x01020304
_HEADER = struct.Struct("=8sIIII")
#: Keys remembered per table (found or not) before the memory is cleared and starts again.
MEMO_LIMIT = 250_000
#: Binary searches after which a table is read whole into a dict: a long run (many documents, many
#: languages) then looks keys up at dict speed, while a short one never pays for loading the table.
LOAD_AFTER_SEARCHES = 20_000


def _encode_key(key: str) -> bytes:
    return key.encode("utf-8", "surrogatepass")


def encode(items: Iterable[tuple[str, bytes]], meta: bytes = b"") -> bytes:
    """The file content of a table holding ``items`` (later duplicates of a key replace earlier ones)."""
    entries = sorted({_encode_key(k): bytes(v) for k, v in items}.items())
    key_offsets = [0]
    value_offsets = [0]
    for key, value in entries:
        key_offsets.append(key_offsets[-1] + len(key))
        value_offsets.append(value_offsets[-1] + len(value))
    if key_offsets[-1] >= 2**32 or value_offsets[-1] >= 2**32:
        raise ValueError("table too large")
    pad = b"\0" * (-len(meta) % 4)
    return b"".join(
        [
            _HEADER.pack(MAGIC, MARKER, len(entries), len(meta), 0),
            meta,
            pad,
            struct.pack(f"={len(key_offsets)}I", *key_offsets),
            struct.pack(f"={len(value_offsets)}I", *value_offsets),
            *(k for k, _ in entries),
            *(v for _, v in entries),
        ]
    )


class SortedTable:
    """A table read from :func:`encode`'s bytes or a mapped file of them; raises ValueError on anything else."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        size = len(data)
        if size < _HEADER.size:
            raise ValueError("not a sorted table: too short")
        magic, marker, count, meta_len, _ = _HEADER.unpack_from(data, 0)
        if magic != MAGIC or marker != MARKER:
            raise ValueError("not a sorted table (or another byte order)")
        offsets_at = _HEADER.size + meta_len + (-meta_len % 4)
        keys_at = offsets_at + 8 * (count + 1)
        if size < keys_at:
            raise ValueError("sorted table truncated")
        view = memoryview(data)
        self._key_offsets = view[offsets_at : offsets_at + 4 * (count + 1)].cast("I")
        self._value_offsets = view[offsets_at + 4 * (count + 1) : keys_at].cast("I")
        self._keys_at = keys_at
        self._values_at = keys_at + self._key_offsets[count]
        if size != self._values_at + self._value_offsets[count]:
            raise ValueError("sorted table truncated or padded")
        self._data = data
        self._count: int = count
        self.meta = bytes(data[_HEADER.size : _HEADER.size + meta_len])
        self._memo: dict[str, bytes | None] = {}
        self._searches = 0
        #: Every entry, once :data:`LOAD_AFTER_SEARCHES` searches were made (None before).
        self._loaded: dict[str, bytes] | None = None

    def __len__(self) -> int:
        return self._count

    def find(self, key: str) -> bytes | None:
        """The value stored under ``key``, or None."""
        loaded = self._loaded
        if loaded is not None:
            return loaded.get(key)
        memo = self._memo
        if key in memo:
            return memo[key]
        self._searches += 1
        if self._searches > LOAD_AFTER_SEARCHES:
            self._loaded = loaded = self._load()
            self._memo = {}
            return loaded.get(key)
        wanted = _encode_key(key)
        data, offsets, base = self._data, self._key_offsets, self._keys_at
        lo, hi = 0, self._count
        found: bytes | None = None
        while lo < hi:
            mid = (lo + hi) // 2
            probe = data[base + offsets[mid] : base + offsets[mid + 1]]
            if probe < wanted:
                lo = mid + 1
            elif probe > wanted:
                hi = mid
            else:
                at = self._values_at
                found = data[at + self._value_offsets[mid] : at + self._value_offsets[mid + 1]]
                break
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        memo[key] = found
        return found

    def as_dict(self) -> dict[str, bytes]:
        """Every entry as a dict, read whole now if it was not yet (a caller that looks up many keys:
        its ``get`` is one hash, with no Python call around it). Later :meth:`find` calls read the same dict."""
        if self._loaded is None:
            self._loaded = self._load()
            self._memo = {}
        return self._loaded

    @property
    def loaded(self) -> bool:
        """True once the table was read whole into memory (see :data:`LOAD_AFTER_SEARCHES`)."""
        return self._loaded is not None

    def _load(self) -> dict[str, bytes]:
        data, keys, values = self._data, self._key_offsets, self._value_offsets
        base, at = self._keys_at, self._values_at
        return {
            bytes(data[base + keys[i] : base + keys[i + 1]]).decode("utf-8", "surrogatepass"): bytes(
                data[at + values[i] : at + values[i + 1]]
            )
            for i in range(self._count)
        }

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.find(key) is not None

    def items(self) -> Iterator[tuple[str, bytes]]:
        """Every entry, in key order, decoded one at a time (nothing is kept: for building other indexes)."""
        data, keys, values = self._data, self._key_offsets, self._value_offsets
        base, at = self._keys_at, self._values_at
        for i in range(self._count):
            key = bytes(data[base + keys[i] : base + keys[i + 1]]).decode("utf-8", "surrogatepass")
            yield key, bytes(data[at + values[i] : at + values[i + 1]])

    def keys(self) -> Iterator[str]:
        """Every key, in sorted order (decoded one at a time: for tests and tools, not for lookups)."""
        data, offsets, base = self._data, self._key_offsets, self._keys_at
        for i in range(self._count):
            yield data[base + offsets[i] : base + offsets[i + 1]].decode("utf-8", "surrogatepass")


def cached_table(
    kind: str, key: str, build: Callable[[], Iterable[tuple[str, bytes]]], meta: Callable[[], bytes] | None = None
) -> SortedTable:
    """The table stored under (``kind``, ``key``) in the build cache, built and stored first if missing.

    The stored file is mapped, not read: a process touches only the pages
    its lookups land on. A missing, truncated or foreign entry is rebuilt;
    with the cache off or unwritable the table lives in memory.
    """
    path = entry_path(kind, key)
    if path is not None:
        try:
            with open(path, "rb") as handle:
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            return SortedTable(mapped)
        except (OSError, ValueError):
            pass  # missing (first run), empty or corrupt: build it
    data = encode(build(), meta() if meta is not None else b"")
    write_entry(path, data)
    return SortedTable(data)
