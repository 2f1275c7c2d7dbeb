"""Remote, compressed and globbed inputs: ``s3://``, ``gs://``, ``hf://``, ``https://``, ``memory://`` (fsspec),
``.gz``/``.bz2``/``.zst`` files, and ``*``/``**`` patterns.

Readers read local files (they seek, memory-map Parquet, sniff). A remote or
compressed input is therefore *staged*: streamed in chunks through fsspec and
the decompressor into a temporary local file named like the original without
its compression suffix (in a folder named like the original's parent, so a
text file's source is still its folder), read by the reader chosen for that
name, and deleted as soon as its documents are read. Memory stays flat; disk
holds one input at a time. Labels (ids, locations) keep the original URL.

A compression suffix a reader handles itself (``.jsonl.gz``, ``.warc.gz``,
``.html.gz``) is left to that reader. fsspec is an optional extra
(``provlint[remote]``), as is ``zstandard`` for ``.zst``; a missing one is a
message naming the extra.
"""

from __future__ import annotations

import bz2
import glob
import gzip
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

REMOTE_EXTRA = "remote paths need the [remote] extra: pip install 'provlint[remote]' (fsspec)"
ZSTD_EXTRA = ".zst input needs the [remote] extra: pip install 'provlint[remote]' (zstandard)"
COMPRESSION_SUFFIXES = (".gz", ".bz2", ".zst")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_CHUNK = 1 << 20


class RemoteError(Exception):
    """A remote or compressed input could not be opened; the message says why (and names a missing extra)."""


@dataclass(frozen=True)
class RemoteFile:
    """One file a remote argument expands to: its URL (the label) and the file name readers see."""

    url: str
    name: str
    parent: str


def is_remote(raw: str) -> bool:
    """True for a URL with a scheme other than ``file://``."""
    match = _SCHEME.match(raw)
    return match is not None and match.group(1).lower() != "file"


def has_glob(raw: str) -> bool:
    return any(c in raw for c in "*?[")


def inner_name(name: str, suffixes: Iterable[str]) -> str | None:
    """The name a compressed file is read under (``a.txt.zst`` -> ``a.txt``), or None when ``name`` is not
    compressed or a reader handles the compressed name itself (``suffixes``: every reader's suffixes)."""
    lower = name.lower()
    if not lower.endswith(COMPRESSION_SUFFIXES) or any(lower.endswith(s) for s in suffixes):
        return None
    return name[: name.rfind(".")]


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError as exc:
        raise RemoteError(REMOTE_EXTRA) from exc
    return fsspec


def expand_remote(raw: str) -> list[RemoteFile]:
    """The files a remote argument names: a file, every file below a folder, or a glob's matches (sorted).
    An empty list when nothing matches."""
    fsspec = _fsspec()
    try:
        fs, path = fsspec.core.url_to_fs(raw)
    except (ImportError, ValueError) as exc:  # unknown protocol, or its package (s3fs, gcsfs) not installed
        raise RemoteError(f"{raw}: {exc}") from exc
    try:
        if has_glob(path):
            found = [p for p in fs.glob(path) if fs.isfile(p)]
        elif fs.isdir(path):
            found = [p for p in fs.find(path) if not any(part.startswith(".") for part in p.split("/"))]
        elif fs.exists(path):
            return [RemoteFile(raw, _basename(path), _basename(_dirname(path)))]
        else:
            found = []
    except OSError as exc:
        raise RemoteError(f"{raw}: {exc}") from exc
    return [RemoteFile(fs.unstrip_protocol(p), _basename(p), _basename(_dirname(p))) for p in sorted(found)]


def expand_local_glob(raw: str) -> list[Path]:
    """A local pattern's matches (``**`` crosses folders), sorted."""
    return [Path(p) for p in sorted(glob.glob(raw, recursive=True))]


def _basename(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def _dirname(path: str) -> str:
    stripped = path.rstrip("/")
    return stripped.rsplit("/", 1)[0] if "/" in stripped else ""


@contextmanager
def staged(opener: Any, name: str, parent: str) -> Iterator[Path]:
    """A temporary local copy of the stream ``opener()`` returns, decompressed when ``name`` ends with a
    compression suffix and saved as ``parent/name`` without it; deleted on exit."""
    with tempfile.TemporaryDirectory(prefix="provlint-stage-") as tmp:
        folder = Path(tmp) / (parent or "input")
        folder.mkdir()
        lower = name.lower()
        target = folder / (name[: name.rfind(".")] if lower.endswith(COMPRESSION_SUFFIXES) else name)
        with opener() as raw, open(target, "wb") as out:
            with _decompressing(raw, lower) as stream:
                shutil.copyfileobj(stream, out, _CHUNK)
        yield target


@contextmanager
def _decompressing(raw: IO[bytes], lower_name: str) -> Iterator[IO[bytes]]:
    if lower_name.endswith(".gz"):
        with gzip.GzipFile(fileobj=raw, mode="rb") as stream:
            yield stream  # type: ignore[misc]
    elif lower_name.endswith(".bz2"):
        with bz2.BZ2File(raw, "rb") as stream:
            yield stream
    elif lower_name.endswith(".zst"):
        try:
            import zstandard
        except ImportError as exc:
            raise RemoteError(ZSTD_EXTRA) from exc
        with zstandard.ZstdDecompressor().stream_reader(raw) as stream:
            yield stream
    else:
        yield raw


def remote_opener(url: str) -> Any:
    """A callable opening ``url`` for binary reading through fsspec."""
    fsspec = _fsspec()

    def opener() -> Any:
        return fsspec.open(url, "rb").open()

    return opener


def local_opener(path: Path) -> Any:
    def opener() -> IO[bytes]:
        return open(path, "rb")

    return opener
