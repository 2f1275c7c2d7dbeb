from __future__ import annotations

import pytest
import regex

from provlint.patterns import PATTERN_TIMEOUT, finditer_each, phrase_pattern


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


def test_finditer_each_gives_finditers_matches() -> None:
    from provlint.rules.attribution import dangling_citation_marker as pl301
    from provlint.rules.attribution import names
    from provlint.rules.attribution import placeholder_attribution as pl302
    from tests.conftest import SEEDS

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    text += "\nTK TK said [citation needed] Ms. Jane van Doe [3][a] relations.³ (source) {{cn}} Dr. Who\nJ. R. R. Smith"
    patterns = [names._CAP_RUN.compiled(), pl301._MARKER.compiled(), pl302._pattern(), pl302._TK.compiled()]  # type: ignore[attr-defined]
    for pattern in patterns:
        for pos in (0, 1, 17):
            expected = [m.span() for m in pattern.finditer(text, pos, timeout=PATTERN_TIMEOUT)]
            assert [m.span() for m in finditer_each(pattern, text, pos)] == expected
            assert expected


def test_finditer_each_times_each_search_not_the_whole_scan() -> None:
    """The regex module counts a finditer's timeout over all its matches: 300,000 cheap ones add up past it."""
    pattern = regex.compile(r"[A-Z]\w*")
    text = "Abc def " * 300_000
    with pytest.raises(TimeoutError):
        for _ in pattern.finditer(text, timeout=0.1):
            pass
    assert sum(1 for _ in finditer_each(pattern, text, timeout=0.1)) == 300_000


def test_finditer_each_refuses_an_empty_match() -> None:
    with pytest.raises(ValueError, match="matched the empty string"):
        list(finditer_each(regex.compile(r"a*"), "bab"))
