"""langdetect's profiles from provlint's cache: the same languages, n-grams and weights as langdetect's own load."""

from __future__ import annotations

from pathlib import Path

import pytest

from provlint.rules.language import profiles
from provlint.rules.language.fast_detector import compact_profiles

np = pytest.importorskip("numpy")  # the fast extra: without it nothing is cached


def _fresh() -> object:
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    compact_profiles(factory)
    return factory


def test_the_cached_factory_is_langdetects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVLINT_CACHE_DIR", str(tmp_path))
    own = _fresh()
    built = profiles.load_factory(7)  # builds the entry
    assert [p.name.split("-")[:2] for p in tmp_path.rglob("language-profiles-*")] == [["language", "profiles"]]
    mapped = profiles.load_factory(7)  # reads it back
    for factory in (built, mapped):
        assert factory.langlist == own.langlist and len(factory.langlist) == 55
        assert factory.word_lang_prob_map == own.word_lang_prob_map
        assert factory.weight_rows.tobytes() == own.weight_rows.tobytes()  # the same doubles, bit for bit
        assert factory.seed == 7
    assert not mapped.weight_rows.flags.writeable  # the file's pages, read-only


def test_round_trip_and_damaged_files_are_refused() -> None:
    weights = np.arange(6, dtype=np.float64).reshape(3, 2) / 7
    data = profiles.encode(["en", "de"], {"a": 0, " b": 1, "ßc": 2}, weights)
    langs, rows, back = profiles.decode(data)
    assert (langs, rows) == (["en", "de"], {"a": 0, " b": 1, "ßc": 2}) and back.tobytes() == weights.tobytes()
    for damaged, message in (
        (data[:10], "too short"),
        (b"NOTPROFS" + data[8:], "another byte order"),
        (data[:-8], "truncated or padded"),
        (data + b"\0" * 8, "truncated or padded"),
    ):
        with pytest.raises(ValueError, match=message):
            profiles.decode(damaged)
    with pytest.raises(ValueError, match="separator"):
        profiles.encode(["en"], {"a\0b": 0}, np.zeros((1, 1)))
    with pytest.raises(ValueError, match="rows"):
        profiles.encode(["en", "de"], {"a": 0}, np.zeros((2, 2)))


def test_a_corrupt_entry_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVLINT_CACHE_DIR", str(tmp_path))
    from langdetect.detector_factory import PROFILES_DIRECTORY

    from provlint.cache import entry_path

    path = entry_path("language-profiles", profiles.profiles_key(PROFILES_DIRECTORY))
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage")
    factory = profiles.load_factory(0)
    assert len(factory.langlist) == 55 and factory.weight_rows.shape == (87598, 55)
    assert profiles.decode(path.read_bytes())[0] == factory.langlist  # rewritten whole


def test_before_fork_loads_the_language_data_only_when_the_run_uses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--jobs`` calls Engine.before_fork before forking: language data when a language rule runs or scorecards
    are measured, nothing otherwise (each rule says what it needs through ``Rule.before_fork``)."""
    from provlint import Config
    from provlint.engine import Engine
    from provlint.registry import get_registry
    from provlint.rules.language import detection, readability

    def fresh() -> None:
        monkeypatch.setattr(detection, "_factory", None)
        monkeypatch.setattr(readability, "_counters", {})

    fresh()
    Engine(Config(select=("PL505",)), get_registry(), measure=False).before_fork()  # PL505: no language data
    assert detection._factory is None and readability._counters == {}
    for select, measure in ((("PL504",), False), (("PL505",), True)):
        fresh()
        Engine(Config(select=select), get_registry(), measure=measure).before_fork()
        assert detection._factory is not None and list(readability._counters) == ["en"]
        assert readability._counters["en"]._hyphenation._table is None  # read whole into a dict


def test_with_the_cache_off_the_profiles_load_as_langdetect_loads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROVLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("PROVLINT_NO_CACHE", "1")
    factory = profiles.load_factory(0)
    assert factory.weight_rows.flags.writeable and factory.weight_rows.shape == (87598, 55)
    assert list(tmp_path.iterdir()) == []
