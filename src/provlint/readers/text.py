"""Plain-text and Markdown files (optionally gzipped): one document per file.

Reading is bounded: the first 8 KiB decide whether the input is text at all
(a binary file is skipped having read no more), and the rest is read only up
to the size limit, so a 2 GB file is never loaded to find out it is too large.
"""

from __future__ import annotations

import codecs
import gzip
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..config import InputOptions
from ..model import BINARY_INPUT_SKIPPED, DOCUMENT_TOO_LARGE, Document
from .base import FixText, ReadItem, ReadProblem, WriteBackError, derive_source, looks_binary
from .decoding import Decoded, decode_bytes
from .files import (
    HEAD_BYTES,
    READ_ERRORS,
    describe_error,
    max_bytes_for,
    open_binary,
    peek_head,
    read_limited,
    too_many_bytes_message,
)

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class _Loaded:
    data: bytes
    decoded: Decoded
    gzipped: bool


class TextReader:
    name = "text"
    suffixes = (".txt", ".md", ".markdown", ".text", ".txt.gz", ".md.gz")
    streams = True

    def sniff(self, head: bytes) -> bool:
        """Anything that is not binary is text: this reader is the fallback for standard input."""
        return looks_binary(head) is None

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
        loaded = _load(path, options, label)
        if isinstance(loaded, ReadProblem):
            yield loaded
            return
        decoded = loaded.decoded
        yield Document(
            id=label,
            text=decoded.text,
            source=derive_source(None, None, path),
            path=label,
            metadata={"encoding": decoded.encoding, "decode_note": decoded.note} if decoded.note else {},
        )

    def write_back(self, path: Path, options: InputOptions, label: str, fix: FixText, out: IO[bytes]) -> None:
        """The file with its text fixed, in its own encoding, byte-order mark and compression."""
        loaded = _load(path, options, label)
        if isinstance(loaded, ReadProblem):
            _copy(path, out)
            return
        text = loaded.decoded.text
        fixed = fix(label, text)
        if fixed == text:
            _copy(path, out)
            return
        data = _encode_like(loaded, fixed)
        if loaded.gzipped:
            with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as zipped:
                zipped.write(data)
        else:
            out.write(data)


def _load(path: Path | None, options: InputOptions, label: str) -> _Loaded | ReadProblem:
    source = derive_source(None, None, path)
    what = "input" if path is None else "file"
    try:
        stream = open_binary(path)
    except READ_ERRORS as exc:
        return ReadProblem(label, label, f"cannot read {what}: {describe_error(exc)}", source=source)
    gzipped = isinstance(stream, gzip.GzipFile)
    try:
        head = peek_head(stream, HEAD_BYTES)
        why = looks_binary(head)
        if why:
            return ReadProblem(
                label,
                label,
                f"binary {what} skipped ({why})",
                status="skipped",
                code=BINARY_INPUT_SKIPPED.code,
                source=source,
            )
        max_bytes = max_bytes_for(options.max_chars)
        data = read_limited(stream, max_bytes)
    except READ_ERRORS as exc:
        return ReadProblem(label, label, f"cannot read {what}: {describe_error(exc)}", source=source)
    finally:
        if path is not None:
            stream.close()
    if data is None:
        return ReadProblem(
            label,
            label,
            too_many_bytes_message(max_bytes, options.max_chars),
            status="skipped",
            code=DOCUMENT_TOO_LARGE.code,
            source=source,
        )
    return _Loaded(data, decode_bytes(data, options.encoding), gzipped)


def _encode_like(loaded: _Loaded, text: str) -> bytes:
    """``text`` in the file's own encoding and BOM; WriteBackError when that would change bytes no fix covers."""
    data, decoded = loaded.data, loaded.decoded
    bom = next((b for b in _BOMS if data.startswith(b)), b"")
    encoding = decoded.encoding
    if encoding == "utf-16":
        encoding = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    try:
        if bom + decoded.text.encode(encoding) == data:
            return bom + text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        pass
    raise WriteBackError(
        "not written: it was decoded with replacement characters, so writing it back would change text no fix covers"
    )


def _copy(path: Path, out: IO[bytes]) -> None:
    with open(path, "rb") as source:
        shutil.copyfileobj(source, out)
