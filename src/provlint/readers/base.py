"""What readers produce, and the rules for naming a document's source.

A reader streams one item at a time: a :class:`~provlint.model.Document`, or a
:class:`ReadProblem` for input that could not become one. Problems are never
dropped: the engine turns each into a PL0xx finding and counts it, so every
input document is accounted for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Protocol, runtime_checkable
from urllib.parse import urlsplit

from ..config import InputOptions
from ..model import ReadItem, ReadProblem

__all__ = [
    "FixText",
    "ReadItem",
    "ReadProblem",
    "Reader",
    "WritableReader",
    "WriteBackError",
    "can_write_back",
    "derive_source",
    "format_choices",
    "host_of",
    "looks_binary",
    "reader_problems",
]


class WriteBackError(Exception):
    """A reader cannot write this input back without changing bytes no fix covers; the message says why."""


#: What ``write_back`` calls for each document: (label as ``read`` gave it, text as read) -> fixed text.
#: It may raise (e.g. when the text differs from what was linted); the reader lets the exception through.
FixText = Callable[[str, str], str]


@runtime_checkable
class Reader(Protocol):
    """An input format, contributed through ``provlint_register_readers`` (built-ins included).

    ``name`` is the format's name: a choice of ``--input-format`` and of the
    configuration's ``[input] format``. A file found in a folder walk whose name
    ends with one of ``suffixes`` (lower case, e.g. ``".jsonl.gz"``) is read by
    this reader; a file named on the command line with an unknown suffix is read
    as text. ``streams`` says whether ``read(None, ...)`` can read standard
    input; with ``--input-format auto`` standard input goes to the first such
    reader whose ``sniff`` accepts its first bytes (text is the fallback). A
    reader reads standard input through :func:`provlint.readers.stdin_stream`
    (never ``sys.stdin`` directly: the bytes sniffed are buffered there).

    ``read`` streams the documents in ``path`` (None: standard input) one at a
    time; ``label`` names the input in ids and messages. It never raises for bad
    input: a file or record that cannot become a document is a
    :class:`ReadProblem` with a reason, and reading goes on, so every input is
    accounted for. Size limits are the reader's job too
    (``options.max_chars``): never load more than the limit to find out.
    """

    name: str
    suffixes: tuple[str, ...]
    streams: bool

    def sniff(self, head: bytes) -> bool:
        """True when ``head`` (up to the first 4 KiB of an input) looks like this format."""
        ...  # pragma: no cover

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
        """Stream the documents in ``path`` (None: standard input). ``label`` is how to name it."""
        ...  # pragma: no cover


@runtime_checkable
class WritableReader(Reader, Protocol):
    """A reader that ``provlint fix`` can write back through (the format's one parser does both).

    ``write_back`` re-reads ``path`` exactly as ``read`` does (same labels),
    calls ``fix(label, text)`` for every document ``read`` would yield, and
    writes the whole input to ``out`` with each document's text replaced by
    the fixed one; every byte outside the documents' texts stays as it was
    (JSON Lines: only the text field's value changes). Inputs that ``read``
    reports as problems are copied unchanged. It raises :class:`WriteBackError`
    when the input cannot be written back losslessly (e.g. it was decoded with
    replacement characters and a fix changes it).
    """

    def write_back(self, path: Path, options: InputOptions, label: str, fix: FixText, out: IO[bytes]) -> None:
        """Write ``path`` with fixed texts to ``out``."""
        ...  # pragma: no cover


def reader_problems(reader: object) -> list[str]:
    """What ``reader`` lacks to be a :class:`Reader` (empty when it is one); the registry refuses it otherwise."""
    problems = []
    name = getattr(reader, "name", None)
    if not isinstance(name, str) or not name or name == "auto" or not name.replace("-", "").isalnum():
        problems.append(f"name {name!r} is not a format name (letters, digits and '-'; not 'auto')")
    suffixes = getattr(reader, "suffixes", None)
    if not isinstance(suffixes, tuple) or not all(isinstance(s, str) and s.startswith(".") for s in suffixes):
        problems.append("suffixes must be a tuple of strings starting with '.'")
    if not isinstance(getattr(reader, "streams", None), bool):
        problems.append("streams must be True or False")
    for method in ("sniff", "read"):
        if not callable(getattr(reader, method, None)):
            problems.append(f"has no {method}() method")
    return problems


def format_choices(readers: Iterable[str]) -> tuple[str, ...]:
    """``auto`` and every registered reader's name: the valid ``--input-format`` / ``[input] format`` values."""
    return ("auto", *sorted(readers))


def can_write_back(reader: object) -> bool:
    return callable(getattr(reader, "write_back", None))


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def derive_source(explicit: object, url: str | None, path: Path | None) -> str:
    """Explicit field, else the URL's host without ``www.``, else the parent folder, else ``unknown``."""
    if isinstance(explicit, str) and explicit.strip():
        return explicit.strip()
    host = host_of(url)
    if host:
        return host
    if path is not None:
        parent = path.resolve().parent.name if not path.parent.name else path.parent.name
        if parent:
            return parent
    return "unknown"


def looks_binary(head: bytes) -> str | None:
    """Why these first bytes look like a binary file, or None."""
    signatures = {
        b"%PDF": "PDF document",
        b"\x89PNG": "PNG image",
        b"\xff\xd8\xff": "JPEG image",
        b"GIF8": "GIF image",
        b"PK\x03\x04": "ZIP archive",
        b"\x7fELF": "ELF executable",
    }
    for magic, what in signatures.items():
        if head.startswith(magic):
            return what
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with BOM: text, decoded by the policy
    if b"\x00" in head:
        return "contains NUL bytes"
    return None
