"""Normalise raw text and keep a map back to the raw offsets.

Rules read normalised text (Unicode NFC, ``\\n`` newlines, no BOM) but every
finding and fix is reported against the raw text the user has, so the
normalisation must explain itself: :class:`OffsetMap` turns any offset into the
normalised text back into the raw offset it came from.

The common case (already NFC, ``\\n`` newlines, no BOM) costs one
``is_normalized`` call and yields an identity map.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class OffsetMap:
    """Piecewise-constant shift from normalised offsets to raw offsets.

    ``anchors[i]`` is a normalised offset from which on ``shifts[i]`` is added to
    get the raw offset. An empty map is the identity.
    """

    anchors: tuple[int, ...] = ()
    shifts: tuple[int, ...] = ()
    raw_length: int = 0

    def to_raw(self, offset: int) -> int:
        if not self.anchors:
            return offset
        i = bisect.bisect_right(self.anchors, offset) - 1
        shift = self.shifts[i] if i >= 0 else 0
        return min(offset + shift, self.raw_length) if self.raw_length else offset + shift

    @property
    def is_identity(self) -> bool:
        return not self.anchors


@dataclass(frozen=True)
class Normalized:
    text: str
    offsets: OffsetMap
    steps: tuple[str, ...]  # what was done, for explanations ("nfc", "newlines", "bom")


def normalize(raw: str) -> Normalized:
    """Return NFC text with ``\\n`` newlines and no leading BOM, plus the offset map.

    The text is read as runs: a character and the combining marks after it
    (a carriage return, with the line feed after it, is a run of its own and
    starts a new one). A run is normalised on its own, so the result does not
    depend on how the text is cut. Only the runs that change (a carriage
    return, a run NFC rewrites) cost Python work: one search finds them
    through a class of the characters that can start or sit in one, and the
    text between them is copied in one slice.
    """
    has_bom = raw.startswith("\ufeff")
    has_cr = "\r" in raw
    is_nfc = unicodedata.is_normalized("NFC", raw)
    if not (has_bom or has_cr or not is_nfc):
        return Normalized(raw, OffsetMap(raw_length=len(raw)), ())

    steps: list[str] = []
    out: list[str] = []
    anchors: list[int] = []
    shifts: list[int] = []
    norm_pos = 0
    current_shift = 0

    def note(shift: int) -> None:
        nonlocal current_shift
        if shift != current_shift:
            if anchors and anchors[-1] == norm_pos:
                shifts[-1] = shift
            else:
                anchors.append(norm_pos)
                shifts.append(shift)
            current_shift = shift

    begin = 0  # where the first run starts (after a BOM)
    if has_bom:
        steps.append("bom")
        begin = 1
        note(1)

    n = len(raw)
    copied = begin  # raw[begin:copied] is in ``out`` already
    checked = begin  # the runs before this are handled (every mark of a run is a hit: look at each run once)
    for hit in _events(raw, nfc=not is_nfc).finditer(raw, begin):
        at = hit.start()
        if at < checked:
            continue
        if raw[at] == "\r":
            out.append(raw[copied:at])
            norm_pos += at - copied
            if "newlines" not in steps:
                steps.append("newlines")
            out.append("\n")
            norm_pos += 1
            copied = checked = at + 2 if at + 1 < n and raw[at + 1] == "\n" else at + 1
            note(copied - norm_pos)
            continue
        i = _run_start(raw, at, begin)
        if i < copied:
            i = copied  # a run never starts before the end of the one before
        j = at + 1
        while j < n and combining(raw[j]):
            j += 1
        checked = j
        run = raw[i:j]
        fixed = unicodedata.normalize("NFC", run) if not run.isascii() else run
        if fixed == run:
            continue
        if "nfc" not in steps:
            steps.append("nfc")
        out.append(raw[copied:i])
        norm_pos += i - copied
        out.append(fixed)
        if len(fixed) > len(run):
            # NFC can lengthen a run (composition exclusions such as U+09DC
            # decompose): the characters past the raw run's length map to the
            # run's raw end, one anchor each (such runs are a few characters).
            for k in range(len(run), len(fixed)):
                anchors.append(norm_pos + k)
                shifts.append(j - (norm_pos + k))
                current_shift = shifts[-1]
        norm_pos += len(fixed)
        copied = j
        note(copied - norm_pos)
    out.append(raw[copied:])
    norm_pos += n - copied
    note(n - norm_pos)  # the end of the normalised text is the end of the raw text
    return Normalized(
        "".join(out),
        OffsetMap(tuple(anchors), tuple(shifts), raw_length=n),
        tuple(steps),
    )


def _run_start(raw: str, at: int, begin: int) -> int:
    """Where the run holding ``raw[at]`` starts: the character before its combining marks, unless a
    carriage return (or its line feed) or the text's start comes first, when the run starts with a mark."""
    i = at
    while i > begin and combining(raw[i]) and combining(raw[i - 1]):
        i -= 1
    if combining(raw[i]) and i > begin and not _ends_a_newline(raw, i - 1):
        i -= 1  # the character the marks follow
    return i


def _ends_a_newline(raw: str, k: int) -> bool:
    """True when ``raw[k]`` is a carriage return or the line feed of a CR LF: the next run starts after it."""
    return raw[k] == "\r" or (raw[k] == "\n" and k > 0 and raw[k - 1] == "\r")


#: Per character: "cr", "mark" (combining class not 0), "changes" (NFC rewrites it alone) or "" (none of these).
_kinds: dict[str, str] = {}


def _kind(char: str) -> str:
    found = _kinds.get(char)
    if found is None:
        if char == "\r":
            found = "cr"
        elif combining(char):
            found = "mark"
        elif unicodedata.normalize("NFC", char) != char:
            found = "changes"
        else:
            found = ""
        if len(_kinds) < _KINDS_KEPT:
            _kinds[char] = found
    return found


_KINDS_KEPT = 1 << 16


def _events(raw: str, *, nfc: bool) -> re.Pattern[str]:
    """A pattern finding where something may change: carriage returns and, when the text needs NFC, every
    combining mark and every character NFC rewrites on its own (a run NFC changes holds one of them)."""
    if not nfc:
        return _CR
    chars = "".join(sorted(c for c in set(raw) if _kind(c)))
    return _class_pattern(chars) if chars else _CR


@lru_cache(maxsize=256)
def _class_pattern(chars: str) -> re.Pattern[str]:
    return re.compile("[" + "".join(map(re.escape, chars)) + "]")


_CR = re.compile("\r")
combining = unicodedata.combining
