"""docs/rules/ is generated from the rule metadata and must be current."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from provlint.cli.main import _load_commands, cli
from provlint.registry import get_registry
from provlint.ruledocs import builtin_pages
from tests.conftest import ROOT

_load_commands()
DOCS = ROOT / "docs" / "rules"


def test_committed_rule_pages_are_current() -> None:
    pages = builtin_pages(get_registry())
    committed = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(name for name in set(pages) | set(committed) if pages.get(name) != committed.get(name))
    assert not stale, (
        f"docs/rules/ is out of date ({', '.join(stale)}); run `.venv/bin/python scripts/gen_rule_docs.py` and commit"
    )


def test_rule_command_prints_the_page() -> None:
    pages = builtin_pages(get_registry())
    for cls in get_registry().rule_classes():
        name = f"{cls.code}.md"
        if name in pages:
            out = CliRunner().invoke(cli, ["rule", cls.code]).stdout
            assert out == pages[name]


def test_index_lists_every_builtin_rule_and_no_plugin_rule() -> None:
    index = builtin_pages(get_registry())["index.md"]
    assert "| [PL301](PL301.md) | dangling-citation-marker | attribution | warning | yes |" in index
    assert "PL901" not in index


def test_script_check_mode(tmp_path) -> None:  # type: ignore[no-untyped-def]
    script = str(ROOT / "scripts" / "gen_rule_docs.py")
    assert subprocess.run([sys.executable, script, "--check"], capture_output=True).returncode == 0
    out = subprocess.run([sys.executable, script, "--dir", str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 0 and f"wrote {tmp_path / 'PL201.md'}" in out.stdout
    (tmp_path / "PL201.md").write_text("edited by hand\n")
    (tmp_path / "PL999.md").write_text("stale\n")
    check = subprocess.run([sys.executable, script, "--check", "--dir", str(tmp_path)], capture_output=True, text=True)
    assert check.returncode == 1
    assert check.stdout.splitlines() == [
        f"out of date: {tmp_path / 'PL999.md'}",
        f"out of date: {tmp_path / 'PL201.md'}",
    ]
