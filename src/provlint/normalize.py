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
import unicodedata
from dataclasses import dataclass


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
    """Return NFC text with ``\\n`` newlines and no leading BOM, plus the offset map."""
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
    raw_pos = 0
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

    if has_bom:
        steps.append("bom")
        raw_pos = 1
        note(1)

    n = len(raw)
    i = raw_pos
    while i < n:
        ch = raw[i]
        if ch == "\r":
            if "newlines" not in steps:
                steps.append("newlines")
            note(i - norm_pos)
            out.append("\n")
            norm_pos += 1
            i += 2 if i + 1 < n and raw[i + 1] == "\n" else 1
            continue
        # A run: one starter and the combining marks that follow it.
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        run = raw[i:j]
        if not is_nfc and not run.isascii():
            fixed = unicodedata.normalize("NFC", run)
            if fixed != run and "nfc" not in steps:
                steps.append("nfc")
        else:
            fixed = run
        note(i - norm_pos)
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
        i = j
    note(n - norm_pos)  # the end of the normalised text is the end of the raw text
    return Normalized(
        "".join(out),
        OffsetMap(tuple(anchors), tuple(shifts), raw_length=n),
        tuple(steps),
    )
