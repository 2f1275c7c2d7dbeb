"""A per-user disk cache for data provlint would otherwise rebuild at every start.

Compiling the phrase-list patterns (several thousand characters of
case-insensitive alternation each) and reading the CMU syllable table take
over a second per process: most of what a pre-commit hook or an editor save
waits for on a small file. Both are pure functions of provlint's data and the
installed libraries, so they are built once and kept here:

- location: ``$PROVLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/provlint``, else
  ``~/.cache/provlint``; ``PROVLINT_NO_CACHE=1`` turns the cache off;
- versioned: entries live under a folder named after provlint's version and
  the Python version, and each key also names the library versions it
  depends on, so an upgrade never reads an older build;
- race-safe: an entry is written to a temporary file in the same folder and
  renamed into place, so two processes building the same entry at once each
  write a whole file and a reader never sees half of one;
- optional: any problem reading or writing (read-only home, full disk, a
  corrupt entry) falls back to building the data in memory; the cache only
  ever makes a run faster, never changes its result.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:  # pragma: no cover
    import regex

T = TypeVar("T")

CACHE_ENV = "PROVLINT_CACHE_DIR"
NO_CACHE_ENV = "PROVLINT_NO_CACHE"


def cache_root() -> Path | None:
    """The cache folder for this provlint and Python version, or None when caching is off."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    base = os.environ.get(CACHE_ENV)
    if base:
        root = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = Path(xdg) / "provlint" if xdg else Path.home() / ".cache" / "provlint"
    from . import __version__

    return root / f"v{__version__}-py{sys.version_info[0]}{sys.version_info[1]}"


def entry_path(kind: str, key: str) -> Path | None:
    """Where the entry ``key`` of ``kind`` (a file-name prefix) lives; None when caching is off."""
    root = cache_root()
    if root is None:
        return None
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return root / f"{kind}-{digest}"


def read_entry(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def write_entry(path: Path | None, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (temporary file + rename); problems are ignored."""
    if path is None:
        return
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def cached(kind: str, key: str, build: Callable[[], T], dump: Callable[[T], bytes], load: Callable[[bytes], T]) -> T:
    """``build()``, or its result as stored under (``kind``, ``key``) by an earlier process.

    ``load`` must raise on data it does not accept (any exception means: rebuild).
    """
    path = entry_path(kind, key)
    data = read_entry(path)
    if data is not None:
        try:
            return load(data)
        except Exception:
            pass  # corrupt or foreign entry: rebuild and overwrite it
    value = build()
    try:
        encoded = dump(value)
    except Exception:
        return value
    write_entry(path, encoded)
    return value


# -- compiled regular expressions ---------------------------------------------


class _PatternUnpickler(pickle.Unpickler):
    """Unpickles a compiled ``regex`` pattern and nothing else.

    ``regex`` pickles a pattern as a call of its C constructor with the
    compiled program, so loading one skips parsing and optimising the
    expression (the slow part). Only that constructor may be named by an
    entry, so a tampered cache file cannot make the unpickler call anything else.
    """

    def find_class(self, module: str, name: str) -> Any:
        if module in ("regex._regex", "_regex") and name == "compile":
            import regex._regex as compiled

            return compiled.compile
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a pattern cache entry")


_patterns: dict[tuple[str, int], regex.Pattern[str]] = {}
_patterns_lock = threading.Lock()


def compile_pattern(source: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(source, flags)``, loaded from the disk cache when an earlier process compiled it.

    The result is the same compiled pattern (the test suite checks matches are
    identical); patterns are also kept in memory for the life of the process.
    """
    import regex

    key = (source, flags)
    found = _patterns.get(key)
    if found is not None:
        return found

    def load(data: bytes) -> regex.Pattern[str]:
        pattern = _PatternUnpickler(io.BytesIO(data)).load()
        if not isinstance(pattern, regex.Pattern) or pattern.pattern != source:
            raise ValueError("cache entry holds another pattern")
        return cast("regex.Pattern[str]", pattern)

    pattern = cached(
        "regex",
        f"{regex.__version__}\0{flags}\0{source}",
        lambda: regex.compile(source, flags),
        lambda p: pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL),
        load,
    )
    with _patterns_lock:
        return _patterns.setdefault(key, pattern)
