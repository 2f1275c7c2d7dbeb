"""What readers produce, and the rules for naming a document's source.

A reader streams one item at a time: a :class:`~provlint.model.Document`, or a
:class:`ReadProblem` for input that could not become one. Problems are never
dropped: the engine turns each into a PL0xx finding and counts it, so every
input document is accounted for.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from ..config import InputOptions
from ..model import ReadItem, ReadProblem

__all__ = ["ReadItem", "ReadProblem", "Reader", "derive_source", "host_of", "looks_binary"]


class Reader(Protocol):
    name: str
    suffixes: tuple[str, ...]

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
        """Stream the documents in ``path`` (None: standard input). ``label`` is how to name it."""
        ...  # pragma: no cover


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
