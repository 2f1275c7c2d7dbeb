"""Opening inputs safely: special files refused, gzip recognised, reads bounded by the size limit.

Every reader that reads files goes through these helpers, so the policy is
one: a FIFO or device is never opened (opening a FIFO blocks, /dev/zero never
ends), the first bytes are looked at before anything else is read, and no
more than the size limit allows is ever loaded.
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import stat
import sys
import zlib
from pathlib import Path
from typing import IO

GZIP_MAGIC = b"\x1f\x8b"
#: A gzip member header is 10 bytes: magic, compression method 8 (deflate), flags whose top three bits are reserved.
GZIP_HEADER_BYTES = 10


def looks_gzipped(head: bytes) -> bool:
    """Whether ``head`` starts a gzip member: the whole 10-byte header's fixed parts, not the 2-byte magic alone.

    Two bytes are common in text (a file of ``\\x1f\\x8b`` and a line break is no gzip file); a deflate method
    byte and clear reserved flags make a chance match on text or on other binary formats unlikely, so such a file
    is read as what it is, and only a real but damaged gzip member is reported as damaged.
    """
    return len(head) >= GZIP_HEADER_BYTES and head.startswith(GZIP_MAGIC) and head[2] == 8 and head[3] & 0xE0 == 0


HEAD_BYTES = 8192
#: Errors that reading a damaged or unreadable input raises; readers turn them into a ReadProblem.
READ_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error, gzip.BadGzipFile)


def special_file(path: Path) -> str | None:
    """What kind of special file ``path`` is (``"FIFO"``, ``"character device"``, ...), or None for a regular one."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # the open will report it
    for test, what in (
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return what
    return None


def special_file_message(what: str) -> str:
    return f"not a regular file ({what}); refused"


class _RawStream(io.RawIOBase):
    """A binary stream seen as raw, so that :class:`io.BufferedReader` can give it ``peek``."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


_stdin: tuple[object, io.BufferedReader] | None = None


def stdin_stream() -> IO[bytes]:
    """Standard input as a binary stream with ``peek`` (sniffing must not consume what the reader reads)."""
    global _stdin
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # started with standard input closed (``<&-``)
        raise OSError(errno.EBADF, "standard input is closed")
    if _stdin is not None and _stdin[0] is buffer:
        return _stdin[1]
    if isinstance(buffer, io.BufferedReader):
        wrapped = buffer
    else:
        wrapped = io.BufferedReader(_RawStream(buffer), buffer_size=1 << 16)
    _stdin = (buffer, wrapped)
    return wrapped


def peek_head(stream: IO[bytes], size: int = HEAD_BYTES) -> bytes:
    """Up to ``size`` first bytes of a stream with ``peek`` (see :func:`open_binary`), without consuming them."""
    return bytes(stream.peek(size)[:size])  # type: ignore[attr-defined]


def open_binary(path: Path | None) -> IO[bytes]:
    """``path`` opened for reading (None: standard input), gunzipped when it starts with the gzip magic.

    The result always has ``peek``. Raises OSError (and, for a damaged gzip
    header, the errors in :data:`READ_ERRORS`).
    """
    if path is None:
        stream: IO[bytes] = stdin_stream()
    else:
        stream = open(path, "rb")
    try:
        if looks_gzipped(peek_head(stream, GZIP_HEADER_BYTES)):
            zipped = gzip.GzipFile(fileobj=stream, mode="rb") if path is None else _GzipOwning(stream)
            return zipped  # type: ignore[return-value]
    except BaseException:
        if path is not None:
            stream.close()
        raise
    return stream


class _GzipOwning(gzip.GzipFile):
    """A GzipFile that closes the file it reads from."""

    def __init__(self, fileobj: IO[bytes]) -> None:
        super().__init__(fileobj=fileobj, mode="rb")
        self._owned = fileobj

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._owned.close()


def read_limited(stream: IO[bytes], max_bytes: int) -> bytes | None:
    """The rest of ``stream``, or None when it holds more than ``max_bytes`` (0: no limit) -- never more is read."""
    if max_bytes <= 0:
        return stream.read()
    data = stream.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def max_bytes_for(max_chars: int) -> int:
    """A byte count above which a file surely has more than ``max_chars`` characters (4 bytes per character at most)."""
    return 4 * max_chars if max_chars > 0 else 0


def too_many_bytes_message(max_bytes: int, max_chars: int) -> str:
    return (
        f"input is larger than {max_bytes:,} bytes, so over the limit of {max_chars:,} characters "
        "([limits] max-document-chars); skipped"
    )


def describe_error(exc: BaseException) -> str:
    """A short reason for a read error: the OS message without the path, else the exception's text."""
    if isinstance(exc, OSError) and exc.strerror and not isinstance(exc, gzip.BadGzipFile):
        return exc.strerror
    text = str(exc) or type(exc).__name__
    return text if isinstance(exc, (OSError, EOFError)) else f"{text} (damaged compressed data)"


def is_within(path: Path, roots: tuple[Path, ...]) -> bool:
    """Whether the resolved ``path`` lies inside one of the (resolved) ``roots``."""
    return any(path == root or root in path.parents for root in roots)


def real_path(path: Path) -> Path:
    return Path(os.path.realpath(path))
