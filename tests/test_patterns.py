from __future__ import annotations

import pytest
import regex

from provlint.patterns import PATTERN_TIMEOUT, phrase_pattern


def test_whole_line_phrases_are_case_and_unicode_insensitive() -> None:
    p = phrase_pattern(["skip to content", "read also", "weiterlesen"], whole_line=True)
    assert p.match("Skip to Content", timeout=PATTERN_TIMEOUT)
    assert p.match("  READ ALSO:", timeout=PATTERN_TIMEOUT)
    assert p.match("WEITERLESEN", timeout=PATTERN_TIMEOUT)
    assert not p.match("Read also the full report on the summit.", timeout=PATTERN_TIMEOUT)


def test_word_boundaries() -> None:
    p = phrase_pattern(["experts say"])
    assert [m.start() for m in p.finditer("Experts say so; pundits-experts sayings", timeout=PATTERN_TIMEOUT)] == [0]


def test_timeout_raises() -> None:
    evil = regex.compile(r"(\w+\s?)+$")
    with pytest.raises(TimeoutError):
        evil.match("a" * 5000 + "!", timeout=0.05)
