"""langdetect's profiles, compacted once per installation into provlint's cache and mapped by every process.

langdetect reads 55 JSON profiles into a dict of 87,598 n-grams, each with a
list of 55 floats: about a second of CPU and a hundred MB of memory in every
process that detects a language (each ``--jobs`` worker, each Dask worker),
most of it left behind in the allocator once :func:`.fast_detector.compact_profiles`
has moved the weights into one array. Here the compacted form is stored in
the build cache (:mod:`provlint.cache`) as one file and mapped: the weights
are a read-only numpy array over the file's pages (shared by every process
through the page cache, read from disk only where detection looks), and the
n-grams become a dict from one decoded string. The weights are the same
IEEE doubles, so every probability is what langdetect computes.

File layout (native byte order)::

    magic (8 bytes) | marker u32 | n-grams u32 | languages u32 | language bytes u32 | n-gram bytes u32 | 0 u32
    languages (UTF-8, "\\n"-separated) | n-grams (UTF-8, "\\0"-separated) | zeros to a multiple of 8
    weights: float64[n-grams][languages], row i for the i-th n-gram

Without numpy (the ``fast`` extra) nothing is cached: langdetect loads its
profiles as usual.
"""

from __future__ import annotations

import mmap
import os
import struct
from typing import Any

from ...cache import entry_path, write_entry

MAGIC = b"PLLDPRO1"
MARKER = 0x01020304
_HEADER = struct.Struct("=8sIIIIII")


def profiles_key(directory: str) -> str:
    """The cache key: langdetect's version and the profile files in the order langdetect lists (and numbers) them."""
    import langdetect

    parts = [getattr(langdetect, "__version__", "?"), directory]
    for name in os.listdir(directory):
        stat = os.stat(os.path.join(directory, name))
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def encode(langlist: list[str], word_rows: dict[str, int], weights: Any) -> bytes:
    """The file content for compacted profiles; ValueError for what the layout cannot hold."""
    import numpy as np

    grams = sorted(word_rows, key=word_rows.__getitem__)
    if [word_rows[g] for g in grams] != list(range(len(grams))) or weights.shape != (len(grams), len(langlist)):
        raise ValueError("rows do not match the n-grams")
    if any("\0" in g for g in grams) or any("\n" in lang for lang in langlist):
        raise ValueError("a separator inside a name")
    langs_blob = "\n".join(langlist).encode("utf-8")
    grams_blob = "\0".join(grams).encode("utf-8", "surrogatepass")
    head = _HEADER.pack(MAGIC, MARKER, len(grams), len(langlist), len(langs_blob), len(grams_blob), 0)
    text = head + langs_blob + grams_blob
    return text + b"\0" * (-len(text) % 8) + np.ascontiguousarray(weights, dtype=np.float64).tobytes()


def decode(data: bytes | mmap.mmap) -> tuple[list[str], dict[str, int], Any]:
    """(languages, n-gram -> row, weights array over ``data``); ValueError for anything but :func:`encode`'s bytes."""
    import numpy as np

    if len(data) < _HEADER.size:
        raise ValueError("not a profile file: too short")
    magic, marker, rows, langs, langs_len, grams_len, _ = _HEADER.unpack_from(data, 0)
    if magic != MAGIC or marker != MARKER:
        raise ValueError("not a profile file (or another byte order)")
    at = _HEADER.size
    weights_at = at + langs_len + grams_len
    weights_at += -weights_at % 8
    if len(data) != weights_at + 8 * rows * langs:
        raise ValueError("profile file truncated or padded")
    langlist = bytes(data[at : at + langs_len]).decode("utf-8").split("\n")
    grams = bytes(data[at + langs_len : at + langs_len + grams_len]).decode("utf-8", "surrogatepass").split("\0")
    if len(langlist) != langs or len(grams) != rows:
        raise ValueError("profile file names do not match its counts")
    weights = np.frombuffer(data, dtype=np.float64, count=rows * langs, offset=weights_at).reshape(rows, langs)
    return langlist, dict(zip(grams, range(rows))), weights


def load_factory(seed: int) -> Any:
    """A seeded langdetect ``DetectorFactory`` holding every profile, compacted (numpy) and cached when possible."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    from .fast_detector import compact_profiles

    factory = DetectorFactory()
    try:
        import numpy  # noqa: F401  (the cached form is a numpy array)
    except ImportError:  # pragma: no cover - numpy is installed wherever the tests run
        path = None
    else:
        path = entry_path("language-profiles", profiles_key(PROFILES_DIRECTORY))
    loaded = _read(path) if path is not None else None
    if loaded is not None:
        factory.langlist, factory.word_lang_prob_map, factory.weight_rows = loaded
    else:
        factory.load_profile(PROFILES_DIRECTORY)
        compact_profiles(factory)
        if path is not None and hasattr(factory, "weight_rows"):
            try:
                write_entry(path, encode(factory.langlist, factory.word_lang_prob_map, factory.weight_rows))
            except ValueError:
                pass  # not storable: every process loads the profiles itself, as langdetect does
    factory.set_seed(seed)
    return factory


def _read(path: Any) -> tuple[list[str], dict[str, int], Any] | None:
    try:
        with open(path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return decode(mapped)
    except (OSError, ValueError):
        return None  # missing (first run), empty or foreign: built again
