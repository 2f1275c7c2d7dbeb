"""The invariants every run must keep, shared by the hypothesis tests and scripts/fuzz.py.

Each check raises AssertionError naming what broke.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping

from provlint.model import DIAGNOSTICS, Finding

_BREAK = re.compile(r"\r\n|\r|\n")


def raw_line_starts(raw: str) -> list[int]:
    """Where each raw line starts: after \\r\\n, \\r or \\n (after a leading BOM on line 1)."""
    starts = [1 if raw.startswith("\ufeff") else 0]
    starts.extend(m.end() for m in _BREAK.finditer(raw))
    return starts


def expected_position(starts: list[int], offset: int) -> tuple[int, int]:
    i = max(bisect.bisect_right(starts, offset) - 1, 0)
    return i + 1, offset - starts[i] + 1


def check_finding_positions(raw: str, findings: Iterable[Finding]) -> None:
    """Offsets inside the raw text, and line/column exactly those of the raw offsets."""
    starts = raw_line_starts(raw)
    for f in findings:
        where = f"{f.code} {f.message!r}"
        assert 0 <= f.start <= f.end <= len(raw), f"{where}: offsets {f.start}..{f.end} outside 0..{len(raw)}"
        assert 1 <= f.line <= f.end_line <= len(starts), f"{where}: lines {f.line}..{f.end_line} of {len(starts)}"
        assert f.column >= 1 and f.end_column >= 1, f"{where}: column {f.column}/{f.end_column}"
        if f.code in DIAGNOSTICS:
            continue  # engine findings about the whole document sit at 1:1
        assert (f.line, f.column) == expected_position(starts, f.start), (
            f"{where}: {f.line}:{f.column} but raw offset {f.start} is at {expected_position(starts, f.start)}"
        )
        assert (f.end_line, f.end_column) == expected_position(starts, f.end), (
            f"{where}: ends {f.end_line}:{f.end_column} but raw offset {f.end} is at {expected_position(starts, f.end)}"
        )


def check_no_crash(findings: Iterable[Finding], errors: Iterable[str] = ()) -> None:
    crashed = [f.message for f in findings if f.code == "PL004"]
    assert not crashed, f"rule crashed: {crashed[0]}\n{next(iter(errors), '')}"


def check_accounting(stats: Mapping[str, int]) -> None:
    assert stats["read"] == stats["linted"] + stats["skipped"] + stats["failed"], f"unbalanced: {dict(stats)}"
