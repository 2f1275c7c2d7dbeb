"""Built-in readers (a plugin like any other) and input discovery.

:func:`iter_inputs` expands the paths given on the command line into a stream
of documents and read problems, choosing a reader per file: the one named by
``--input-format`` / ``[input] format``, else by suffix. Standard input
(``-``) goes to the named reader, or to the first reader that can read a
stream and whose ``sniff`` accepts its first bytes (text last).

Folder walks do not follow symbolic links that lead outside the scanned
roots (nor links to folders) unless ``--follow-links``; FIFOs, devices and
sockets named on the command line are refused with PL001 (opening a FIFO
blocks, a device never ends).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..atomic_write import terminating
from ..config import InputOptions
from ..hookspecs import hookimpl
from ..model import Document
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
from .base import (
    Reader,
    ReadItem,
    ReadProblem,
    WritableReader,
    WriteBackError,
    can_write_back,
    derive_source,
    format_choices,
    reader_problems,
)
from .exclude import excluded
from .files import (
    READ_ERRORS,
    describe_error,
    is_within,
    peek_head,
    real_path,
    special_file,
    special_file_message,
    stdin_stream,
)
from .html import HtmlReader
from .jsonl import JsonLinesReader
from .parquet import ParquetReader
from .text import TextReader
from .warc import WarcReader

__all__ = [
    "InputFile",
    "ReadItem",
    "ReadProblem",
    "Reader",
    "WritableReader",
    "WriteBackError",
    "can_write_back",
    "derive_source",
    "format_choices",
    "input_files",
    "iter_inputs",
    "read_input",
    "reader_problems",
    "stdin_stream",
    "HtmlReader",
    "JsonLinesReader",
    "ParquetReader",
    "TextReader",
    "WarcReader",
]

#: The reader that takes what no other claims (files named explicitly, standard input).
FALLBACK = "text"


@hookimpl
def provlint_register_readers(register: Callable[[Any], None]) -> None:
    register(TextReader())
    register(JsonLinesReader())
    register(HtmlReader())
    register(ParquetReader())
    register(WarcReader())


@dataclass(frozen=True)
class InputFile:
    """One file a path argument expands to: ``root`` is the argument, ``path`` the local file, ``remote`` the
    remote one (an fsspec URL); both None for an argument that names nothing.

    ``problem`` says why a path is refused (a FIFO, a device, a folder that cannot be listed) or why an argument
    names nothing.
    """

    root: str
    path: Path | None
    reader: Any | None
    problem: str | None = None
    remote: RemoteFile | None = None

    @property
    def label(self) -> str:
        return self.remote.url if self.remote is not None else str(self.path or self.root)


def input_files(paths: Iterable[str], options: InputOptions, readers: Mapping[str, Any]) -> Iterator[InputFile]:
    """The files under ``paths`` in a stable order, each with the reader chosen for it (``-`` is skipped).
    Remote URLs and glob patterns expand through :mod:`provlint.remote`."""
    for raw in paths:
        if raw == "-":
            continue
        if is_remote(raw):
            yield from _remote_files(raw, options, readers)
            continue
        path = Path(raw)
        if not path.exists() and not path.is_symlink() and has_glob(raw):
            matches = expand_local_glob(raw)
            if not matches:
                yield InputFile(raw, None, None, "no file matches this pattern")
            for match in matches:
                yield from _local_files(str(match), match, options, readers)
            continue
        yield from _local_files(raw, path, options, readers)


def _local_files(raw: str, path: Path, options: InputOptions, readers: Mapping[str, Any]) -> Iterator[InputFile]:
    if path.is_dir():
        files, errors = _walk(path, options.follow_links, (*options.exclude, *options.extend_exclude))
        for folder, why in errors:
            yield InputFile(raw, folder, None, f"cannot read folder: {why}")
        for file in files:
            reader = _reader_for(file, options, readers, explicit=False)
            if reader is not None:
                yield InputFile(raw, file, reader)
    elif path.exists() or path.is_symlink():
        what = special_file(path)
        if what is not None:
            yield InputFile(raw, path, None, special_file_message(what))
        else:
            yield InputFile(raw, path, _reader_for(path, options, readers, explicit=True))
    else:
        yield InputFile(raw, None, None)


def _remote_files(raw: str, options: InputOptions, readers: Mapping[str, Any]) -> Iterator[InputFile]:
    try:
        found = expand_remote(raw)
    except RemoteError as exc:
        yield InputFile(raw, None, None, str(exc))
        return
    if not found:
        yield InputFile(raw, None, None, "no such file, folder or match")
    explicit = len(found) == 1 and found[0].url == raw
    for remote in found:
        reader = _reader_for(Path(remote.name), options, readers, explicit=explicit)
        if reader is not None:
            yield InputFile(raw, None, reader, remote=remote)


def read_input(item: InputFile, options: InputOptions, readers: Mapping[str, Any]) -> Iterator[ReadItem]:
    """The documents of one input file: read in place, or staged first when remote or compressed in a way its
    reader does not read itself (:mod:`provlint.remote`); a missing or refused input is one ReadProblem."""
    label = item.label
    parent = item.remote.parent if item.remote is not None else None
    source = parent or derive_source(None, None, item.path or Path(item.root))
    if item.path is None and item.remote is None:
        yield ReadProblem(label, label, item.problem or "no such file or directory", source=source)
        return
    if item.problem is not None or item.reader is None:
        yield ReadProblem(label, label, item.problem or "no reader for this input", source=source)
        return
    suffixes = [s for r in readers.values() for s in r.suffixes]
    if item.remote is not None:
        opener, name, parent = remote_opener(item.remote.url), item.remote.name, item.remote.parent
    elif item.path is not None and inner_name(item.path.name, suffixes) is not None:
        opener, name, parent = local_opener(item.path), item.path.name, item.path.parent.name
    else:
        yield from _guarded(item.reader, item.path, options, label)
        return
    try:
        with staged(opener, name, parent or "") as local:
            yield from _guarded(item.reader, local, options, label)
    except (RemoteError, OSError, EOFError) as exc:
        yield ReadProblem(label, label, f"cannot read input: {exc}", source=source)


def iter_inputs(paths: Iterable[str], options: InputOptions, readers: Mapping[str, Any]) -> Iterator[ReadItem]:
    """Stream every document under ``paths`` (``-`` is standard input), in a stable order."""
    for raw in paths:
        if raw == "-":
            yield from _stdin_items(options, readers)
            continue
        for item in input_files([raw], options, readers):
            yield from read_input(item, options, readers)


def _guarded(reader: Any, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
    """``reader.read``, with a reader that raises or yields something else turned into a ReadProblem (the run goes
    on, the input is accounted for)."""
    try:
        for item in reader.read(path, options, label):
            if isinstance(item, (Document, ReadProblem)):
                yield item
            else:
                yield ReadProblem(
                    label, label, f"reader {reader.name!r} produced a {type(item).__name__}, not a document"
                )
    except (KeyboardInterrupt, GeneratorExit):
        raise  # the user's Ctrl-C, or the consumer closing this generator
    except BaseException as exc:  # also what native readers raise outside Exception (a Rust panic) and SystemExit
        if isinstance(exc, SystemExit) and terminating():
            raise  # SIGTERM or SIGHUP arrived while reading (a run waiting on its standard input): end the run
        yield ReadProblem(label, label, f"reader {reader.name!r} failed: {_describe(exc)}")


def _describe(exc: BaseException) -> str:
    try:
        text = str(exc)
    except Exception:  # an exception whose str() fails
        text = ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _stdin_items(options: InputOptions, readers: Mapping[str, Any]) -> Iterator[ReadItem]:
    label = "<stdin>"
    if options.format != "auto":
        reader = readers.get(options.format)
        if reader is None or not getattr(reader, "streams", False):
            yield ReadProblem(label, label, f"the {options.format!r} reader cannot read standard input")
            return
        yield from _guarded(reader, None, options, label)
        return
    try:
        head = peek_head(stdin_stream(), 4096)
    except READ_ERRORS as exc:
        yield ReadProblem(label, label, f"cannot read input: {describe_error(exc)}")
        return
    fallback = readers.get(FALLBACK)
    for reader in readers.values():
        if reader is not fallback and getattr(reader, "streams", False) and _sniffs(reader, head):
            yield from _guarded(reader, None, options, label)
            return
    if fallback is None:  # pragma: no cover - the built-in text reader is always registered
        yield ReadProblem(label, label, "no reader accepts standard input")
        return
    yield from _guarded(fallback, None, options, label)


def _sniffs(reader: Any, head: bytes) -> bool:
    try:
        return bool(reader.sniff(head))
    except Exception:  # a plugin's sniff that raises does not claim the input
        return False


def _walk(root: Path, follow_links: bool, patterns: tuple[str, ...] = ()) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Regular files under ``root``, sorted, hidden ones left out; links leaving the roots only with ``follow_links``.

    Also the folders that could not be listed, with why (each becomes a failed input, not a silent gap).
    ``patterns``: the configuration's ``exclude`` and ``extend-exclude`` (see :mod:`provlint.readers.exclude`);
    an excluded folder is not entered.
    """
    top = real_path(root)
    found: list[Path] = []
    errors: list[tuple[Path, str]] = []
    visited: set[Path] = set()

    def failed(exc: OSError) -> None:
        errors.append((Path(exc.filename or root), exc.strerror or str(exc)))

    for folder, dirs, files in os.walk(root, followlinks=follow_links, onerror=failed):
        base = Path(folder)
        if follow_links:  # a link back up the tree would loop forever
            here = real_path(base)
            if here in visited:
                dirs[:] = []
                continue
            visited.add(here)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if patterns:
            inside = PurePosixPath(base.relative_to(root).as_posix())
            dirs[:] = [d for d in dirs if not excluded(inside / d, True, patterns)]
            files = [f for f in files if not excluded(inside / f, False, patterns)]
        for name in files:
            if name.startswith("."):
                continue
            file = base / name
            if not file.is_file():  # FIFOs, devices, sockets, broken links
                continue
            if not follow_links and file.is_symlink() and not is_within(real_path(file), (top,)):
                continue
            found.append(file)
    rel = {f: f.relative_to(root).parts for f in found}
    return sorted(found, key=lambda f: rel[f]), errors


def _reader_for(path: Path, options: InputOptions, readers: Mapping[str, Any], explicit: bool) -> Any | None:
    if options.format != "auto" and options.format in readers:
        return readers[options.format]
    name = path.name.lower()
    name = inner_name(name, [s for r in readers.values() for s in r.suffixes]) or name  # a.txt.zst: as a.txt
    for reader in readers.values():
        if reader.name == FALLBACK:
            continue
        if any(name.endswith(s) for s in reader.suffixes):
            return reader
    fallback = readers.get(FALLBACK)
    if fallback is not None and any(name.endswith(s) for s in (*options.suffixes, *fallback.suffixes)):
        return fallback
    # A file named explicitly is read as text whatever its suffix; in a folder
    # walk, unknown suffixes are passed over (like ruff with non-Python files).
    return fallback if explicit else None
