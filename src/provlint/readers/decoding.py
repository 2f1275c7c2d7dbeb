"""The decoding policy for bytes read from files and standard input.

1. Binary signatures or NUL bytes (outside UTF-16 with a BOM): not text; skipped.
2. A byte-order mark decides (UTF-8, UTF-16 LE/BE).
3. Otherwise the configured encoding (UTF-8 by default), strictly.
4. If that fails: Windows-1252/Latin-1 when the bytes decode that way without C1
   control characters (typical of legacy pages), else the configured encoding
   with U+FFFD replacement characters.

Whenever step 3 does not succeed as is, ``note`` says what was done and the
engine reports it as a PL002 finding, so no repair is silent. Byte positions
in notes count from the start of the input (a BOM included). JSON Lines input
applies the same policy to each line that is not valid UTF-8. The policy and
every message are listed in docs/reliability.md.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from .base import looks_binary


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None
    binary: str | None = None


def decode_bytes(data: bytes, encoding: str = "utf-8") -> Decoded:
    why_binary = looks_binary(data[:8192])
    if why_binary:
        return Decoded("", "binary", binary=why_binary)
    if data.startswith(codecs.BOM_UTF8):
        return _strict_or_replace(data[3:], "utf-8", skipped=3)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoded = _strict_or_replace(data, "utf-16")
        note = decoded.note or "decoded as UTF-16 (byte-order mark)"
        return Decoded(decoded.text, "utf-16", note)
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    except LookupError:
        return Decoded(
            data.decode("utf-8", errors="replace"),
            "utf-8",
            f"unknown encoding {encoding!r}; decoded as UTF-8 with replacement",
        )
    try:
        text = data.decode("cp1252")
        if not any("\x80" <= ch <= "\x9f" for ch in text):
            return Decoded(text, "cp1252", f"not valid {encoding} (byte {first_bad}); decoded as Windows-1252")
    except UnicodeDecodeError:
        pass
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd")
    return Decoded(
        text, encoding, f"not valid {encoding} (first bad byte at {first_bad}); {bad} character(s) replaced with U+FFFD"
    )


def _strict_or_replace(data: bytes, encoding: str, skipped: int = 0) -> Decoded:
    """Decode strictly, else with replacement; ``skipped`` bytes (a BOM) precede ``data`` in the file."""
    try:
        return Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        return Decoded(
            text,
            encoding,
            f"not valid {encoding} (first bad byte at {exc.start + skipped}); {bad} character(s) replaced with U+FFFD",
        )
