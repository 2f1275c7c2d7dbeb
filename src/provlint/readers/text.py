"""Plain-text and Markdown files: one document per file."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from ..config import InputOptions
from ..model import BINARY_INPUT_SKIPPED, Document
from .base import ReadItem, ReadProblem, derive_source
from .decoding import decode_bytes


class TextReader:
    name = "text"
    suffixes = (".txt", ".md", ".markdown", ".text")

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
        if path is None:
            data = sys.stdin.buffer.read()
        else:
            try:
                data = path.read_bytes()
            except OSError as exc:
                yield ReadProblem(label, label, f"cannot read file: {exc.strerror or exc}")
                return
        decoded = decode_bytes(data, options.encoding)
        if decoded.binary:
            yield ReadProblem(
                label,
                label,
                f"binary file skipped ({decoded.binary})",
                status="skipped",
                code=BINARY_INPUT_SKIPPED.code,
                source=derive_source(None, None, path),
            )
            return
        yield Document(
            id=label,
            text=decoded.text,
            source=derive_source(None, None, path),
            path=label,
            metadata={"encoding": decoded.encoding, "decode_note": decoded.note} if decoded.note else {},
        )
