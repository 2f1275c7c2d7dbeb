"""Apply the fixes rules attach to findings, safely.

A :class:`~provlint.model.Fix` is a set of edits on the *raw* text of a
document. Applying several at once has to be safe by construction:

* every offset refers to the original text; the edits are applied in one pass
  from the end, so no fix shifts another's offsets;
* a fix is all or nothing: if any of its edits overlaps an edit already
  accepted, the whole fix is skipped and reported;
* the order is deterministic: by first offset, then the longer span first (so
  the deletion of a whole line wins over a marker inside it), then rule code
  and message;
* a fix that would remove more than ``max-removed-share`` of the document
  (``[tool.provlint.fix]``) is skipped and reported: a linter that deletes most
  of a text has probably misread it;
* text that no accepted edit covers is copied unchanged.

This module is core: it imports neither the CLI nor the formatters.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .config import Config, FixSection
from .model import Edit, Finding

#: The default share; ``[tool.provlint.fix]`` is declared in :mod:`provlint.config`.
DEFAULT_MAX_REMOVED_SHARE = FixSection().max_removed_share

#: Why a fix was not applied.
SKIP_OVERLAP = "overlap"
SKIP_TOO_LARGE = "too-large"
SKIP_INVALID = "invalid"


@dataclass(frozen=True)
class AppliedFix:
    """A finding whose fix was applied to the text."""

    finding: Finding

    def to_dict(self) -> dict[str, Any]:
        f = self.finding
        assert f.fix is not None
        return {
            "code": f.code,
            "name": f.name,
            "line": f.line,
            "column": f.column,
            "description": f.fix.description,
            "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in f.fix.edits],
        }


@dataclass(frozen=True)
class SkippedFix:
    """A finding whose fix was not applied, and why (``reason`` is one of the ``SKIP_*`` values)."""

    finding: Finding
    reason: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        f = self.finding
        return {
            "code": f.code,
            "name": f.name,
            "line": f.line,
            "column": f.column,
            "reason": self.reason,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class FixResult:
    """The fixed text, the fixes applied (in text order) and those skipped."""

    text: str
    applied: tuple[AppliedFix, ...] = ()
    skipped: tuple[SkippedFix, ...] = ()
    #: Accepted edits sorted by start, for mapping offsets back to the original.
    edits: tuple[Edit, ...] = field(default=(), repr=False)

    @property
    def changed(self) -> bool:
        """Whether any fix was applied (the text differs from the input)."""
        return bool(self.applied)

    def original_offset(self, offset: int) -> int:
        """Where ``offset`` in the fixed text was in the original text.

        Inside a replacement, the start of the replaced span is returned.
        """
        shift = 0
        for edit in self.edits:
            new_start = edit.start + shift
            if offset < new_start:
                break
            new_end = new_start + len(edit.replacement)
            if offset < new_end:
                return edit.start
            shift += len(edit.replacement) - (edit.end - edit.start)
        return offset - shift


def max_removed_share(config: Config | None) -> float:
    """The configured share (0-1] of a document above which a single fix is refused."""
    return float((config.fix if config is not None else FixSection()).max_removed_share)


def _fix_order(finding: Finding) -> tuple[int, int, str, str, int]:
    assert finding.fix is not None
    starts = [e.start for e in finding.fix.edits]
    ends = [e.end for e in finding.fix.edits]
    first = min(starts)
    return (first, -(max(ends) - first), finding.code, finding.message, finding.start)


def _overlaps(a: Edit, b: Edit) -> bool:
    """Half-open spans overlap; an insertion conflicts with another at the same point or inside a span."""
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


class _Accepted:
    """Accepted edits kept sorted by start, with an overlap query."""

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []  # (start, end): an insertion sorts before a span at its point
        self.edits: list[tuple[Edit, Finding]] = []

    def conflict(self, edit: Edit) -> Finding | None:
        i = bisect.bisect_right(self.keys, (edit.end, edit.end))
        # Spans are disjoint, so only the neighbours before ``i`` can overlap.
        for j in range(i - 1, -1, -1):
            other, owner = self.edits[j]
            if _overlaps(edit, other):
                return owner
            if other.end < edit.start:
                break
        return None

    def add(self, edit: Edit, owner: Finding) -> None:
        i = bisect.bisect_right(self.keys, (edit.start, edit.end))
        self.keys.insert(i, (edit.start, edit.end))
        self.edits.insert(i, (edit, owner))


def apply_fixes(text: str, findings: Iterable[Finding], max_share: float = DEFAULT_MAX_REMOVED_SHARE) -> FixResult:
    """Apply the fixes of ``findings`` (raw offsets into ``text``); findings without a fix are ignored."""
    fixable = sorted((f for f in findings if f.fix is not None and f.fix.edits), key=_fix_order)
    accepted = _Accepted()
    applied: list[AppliedFix] = []
    skipped: list[SkippedFix] = []
    seen: set[tuple[Edit, ...]] = set()
    size = len(text)
    for finding in fixable:
        assert finding.fix is not None
        edits = tuple(sorted(finding.fix.edits, key=lambda e: (e.start, e.end)))
        problem = _invalid(edits, size)
        if problem:
            skipped.append(SkippedFix(finding, SKIP_INVALID, problem))
            continue
        removed = sum(e.end - e.start for e in edits)
        if size and removed / size > max_share:
            skipped.append(
                SkippedFix(
                    finding,
                    SKIP_TOO_LARGE,
                    f"would remove {removed} of {size} characters ({removed / size:.0%}), "
                    f"more than max-removed-share {max_share:.0%}",
                )
            )
            continue
        if edits in seen:
            # Another rule proposed exactly these edits: the text is already fixed.
            applied.append(AppliedFix(finding))
            continue
        owner = next((o for o in (accepted.conflict(e) for e in edits) if o is not None), None)
        if owner is not None:
            skipped.append(
                SkippedFix(
                    finding,
                    SKIP_OVERLAP,
                    f"overlaps the fix of {owner.code} at {owner.line}:{owner.column}",
                )
            )
            continue
        for e in edits:
            accepted.add(e, finding)
        seen.add(edits)
        applied.append(AppliedFix(finding))
    ordered = [e for e, _ in accepted.edits]
    pieces: list[str] = []
    pos = 0
    for e in ordered:
        pieces.append(text[pos : e.start])
        pieces.append(e.replacement)
        pos = e.end
    pieces.append(text[pos:])
    return FixResult("".join(pieces), tuple(applied), tuple(skipped), tuple(ordered))


def _invalid(edits: tuple[Edit, ...], size: int) -> str | None:
    for e in edits:
        if not 0 <= e.start <= e.end <= size:
            return f"edit {e.start}-{e.end} lies outside the text (length {size})"
    for a, b in zip(edits, edits[1:]):
        if _overlaps(a, b):
            return f"its own edits {a.start}-{a.end} and {b.start}-{b.end} overlap"
    return None


__all__ = ["AppliedFix", "FixResult", "SkippedFix", "apply_fixes", "max_removed_share"]
