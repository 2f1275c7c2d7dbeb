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
from ..remote import (
    RemoteError,
    RemoteFile,
    expand_local_glob,
    expand_remote,
    has_glob,
    inner_name,
    is_remote,
    local_opener,
    remote_opener,
    staged,
)
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
    "read_input",
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
    """One file a path argument expands to: ``root`` is the argument, ``path`` the local file, ``remote`` the
    remote one (fsspec URL); both None for an argument that names nothing (``problem`` says why)."""

    root: str
    path: Path | None
    reader: Any | None
    remote: RemoteFile | None = None
    problem: str = "no such file or directory"

    @property
    def label(self) -> str:
        return self.remote.url if self.remote is not None else str(self.path or self.root)


def input_files(paths: Iterable[str], options: InputOptions, readers: dict[str, Any]) -> Iterator[InputFile]:
    """The files under ``paths`` in a stable order, each with the reader chosen for it (``-`` is skipped).
    Remote URLs and glob patterns expand through :mod:`provlint.remote`."""
    for raw in paths:
        if raw == "-":
            continue
        if is_remote(raw):
            yield from _remote_files(raw, options, readers)
            continue
        path = Path(raw)
        if not path.exists() and has_glob(raw):
            matches = expand_local_glob(raw)
            if not matches:
                yield InputFile(raw, None, None, problem="no file matches this pattern")
            for match in matches:
                yield from _local_files(str(match), match, options, readers)
            continue
        yield from _local_files(raw, path, options, readers)


def _local_files(raw: str, path: Path, options: InputOptions, readers: dict[str, Any]) -> Iterator[InputFile]:
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)):
            reader = _reader_for(file, options, readers, explicit=False)
            if reader is not None:
                yield InputFile(raw, file, reader)
    elif path.is_file() or path.exists():
        yield InputFile(raw, path, _reader_for(path, options, readers, explicit=True))
    else:
        yield InputFile(raw, None, None)


def _remote_files(raw: str, options: InputOptions, readers: dict[str, Any]) -> Iterator[InputFile]:
    try:
        found = expand_remote(raw)
    except RemoteError as exc:
        yield InputFile(raw, None, None, problem=str(exc))
        return
    if not found:
        yield InputFile(raw, None, None, problem="no such file, folder or match")
    explicit = len(found) == 1 and found[0].url == raw
    for remote in found:
        reader = _reader_for(Path(remote.name), options, readers, explicit=explicit)
        if reader is not None:
            yield InputFile(raw, None, reader, remote=remote)


def read_input(item: InputFile, options: InputOptions, readers: dict[str, Any]) -> Iterator[ReadItem]:
    """The documents of one input file: read in place, or staged first when remote or compressed in a way
    its reader does not read itself; a missing or unopenable input is one ReadProblem."""
    label = item.label
    if item.reader is None or (item.path is None and item.remote is None):
        yield ReadProblem(label, label, item.problem, source=derive_source(None, None, Path(item.root)))
        return
    suffixes = [s for r in readers.values() for s in r.suffixes]
    if item.remote is not None:
        opener, name, parent = remote_opener(item.remote.url), item.remote.name, item.remote.parent
    elif item.path is not None and inner_name(item.path.name, suffixes) is not None:
        opener, name, parent = local_opener(item.path), item.path.name, item.path.parent.name
    else:
        assert item.path is not None
        yield from item.reader.read(item.path, options, label)
        return
    try:
        with staged(opener, name, parent) as local:
            yield from item.reader.read(local, options, label)
    except (RemoteError, OSError, EOFError) as exc:
        yield ReadProblem(label, label, f"cannot read input: {exc}", source=parent or "unknown")


def iter_inputs(paths: Iterable[str], options: InputOptions, readers: dict[str, Any]) -> Iterator[ReadItem]:
    """Stream every document under ``paths`` (``-`` is standard input), in a stable order."""
    for raw in paths:
        if raw == "-":
            if options.format in ("jsonl", "auto", "text"):
                yield from stdin_items(options, options.format)
            continue
        for item in input_files([raw], options, readers):
            yield from read_input(item, options, readers)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _reader_for(path: Path, options: InputOptions, readers: dict[str, Any], explicit: bool) -> Any | None:
    if options.format != "auto" and options.format in readers:
        return readers[options.format]
    name = path.name.lower()
    inner = inner_name(name, [s for r in readers.values() for s in r.suffixes])
    name = inner or name  # a.txt.zst is read as a.txt once decompressed
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
