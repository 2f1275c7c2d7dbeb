"""LineMemo: one computation per distinct line text, bounded, nothing remembered for a call that raises."""

from __future__ import annotations

import pytest

from provlint.analyses.line_memo import LineMemo


def test_computes_each_text_once() -> None:
    calls: list[str] = []

    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    memo = LineMemo(length)
    assert [memo(t) for t in ["a", "bb", "a", "a", "bb"]] == [1, 2, 1, 1, 2]
    assert calls == ["a", "bb"]


def test_starts_over_when_full() -> None:
    calls: list[str] = []

    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    memo = LineMemo(upper, size=2)
    assert [memo(t) for t in ["a", "b", "c", "a"]] == ["A", "B", "C", "A"]
    assert calls == ["a", "b", "c", "a"]  # "c" found the memo full: it started over, so "a" is computed again


def test_a_raising_call_is_not_remembered() -> None:
    seen: list[str] = []

    def flaky(text: str) -> str:
        seen.append(text)
        if len(seen) == 1:
            raise TimeoutError("pattern timed out")
        return text

    memo = LineMemo(flaky)
    with pytest.raises(TimeoutError):
        memo("x")
    assert memo("x") == "x"
    assert seen == ["x", "x"]
