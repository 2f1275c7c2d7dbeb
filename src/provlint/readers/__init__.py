"""Built-in readers (a plugin like any other) and input discovery.

:func:`iter_inputs` expands the paths given on the command line into a stream
of documents and read problems, choosing a reader per file by suffix.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import InputOptions
from ..hookspecs import hookimpl
from .base import ReadItem, ReadProblem, derive_source
from .html import HtmlReader
from .jsonl import JsonLinesReader, stdin_items
from .parquet import ParquetReader
from .text import TextReader
from .warc import WarcReader

__all__ = [
    "HtmlReader",
    "InputFile",
    "ReadItem",
    "ReadProblem",
    "derive_source",
    "input_files",
    "iter_inputs",
    "JsonLinesReader",
    "ParquetReader",
    "TextReader",
    "WarcReader",
]


@hookimpl
def provlint_register_readers(register: Callable[[Any], None]) -> None:
    register(TextReader())
    register(JsonLinesReader())
    register(HtmlReader())
    register(ParquetReader())
    register(WarcReader())


class InputError(Exception):
    """A path given on the command line does not exist."""


@dataclass(frozen=True)
class InputFile:
    """One file a path argument expands to: ``root`` is the argument, ``path`` the file, None for a missing path."""

    root: str
    path: Path | None
    reader: Any | None


def input_files(paths: Iterable[str], options: InputOptions, readers: dict[str, Any]) -> Iterator[InputFile]:
    """The files under ``paths`` in a stable order, each with the reader chosen for it (``-`` is skipped)."""
    for raw in paths:
        if raw == "-":
            continue
        path = Path(raw)
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)):
                reader = _reader_for(file, options, readers, explicit=False)
                if reader is not None:
                    yield InputFile(raw, file, reader)
        elif path.is_file() or path.exists():
            yield InputFile(raw, path, _reader_for(path, options, readers, explicit=True))
        else:
            yield InputFile(raw, None, None)


def iter_inputs(paths: Iterable[str], options: InputOptions, readers: dict[str, Any]) -> Iterator[ReadItem]:
    """Stream every document under ``paths`` (``-`` is standard input), in a stable order."""
    for raw in paths:
        if raw == "-":
            if options.format in ("jsonl", "auto", "text"):
                yield from stdin_items(options, options.format)
            continue
        for item in input_files([raw], options, readers):
            if item.path is None:
                yield ReadProblem(raw, raw, "no such file or directory", source=derive_source(None, None, Path(raw)))
            else:
                assert item.reader is not None
                yield from item.reader.read(item.path, options, str(item.path))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _reader_for(path: Path, options: InputOptions, readers: dict[str, Any], explicit: bool) -> Any | None:
    if options.format != "auto" and options.format in readers:
        return readers[options.format]
    name = path.name.lower()
    for reader in readers.values():
        if reader.name == "text":
            continue
        if any(name.endswith(s) for s in reader.suffixes):
            return reader
    if any(name.endswith(s) for s in options.suffixes):
        return readers.get("text")
    # A file named explicitly is read as text whatever its suffix; in a folder
    # walk, unknown suffixes are passed over (like ruff with non-Python files).
    return readers.get("text") if explicit else None
