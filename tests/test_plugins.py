"""Plugins through entry points: discovery, broken plugins, code clashes, hooks."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from provlint import lint_text
from provlint.plugins import get_plugin_manager, reset_plugin_manager
from provlint.registry import RegistryError, get_registry

#: These tests load entry-point plugins (see tests/conftest.py).
pytestmark = pytest.mark.installed_plugins


def _fake_distribution(root: Path, name: str, module: str, source: str, entry_name: str) -> None:
    """Write a module and a dist-info with a ``provlint`` entry point, as pip would install it."""
    (root / f"{module}.py").write_text(textwrap.dedent(source))
    dist = root / f"{name.replace('-', '_')}-1.2.3.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.2.3\n")
    (dist / "entry_points.txt").write_text(f"[provlint]\n{entry_name} = {module}\n")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    reset_plugin_manager()
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for mod in [m for m in sys.modules if m.startswith("fakeplug")]:
        del sys.modules[mod]
    reset_plugin_manager()


RULE_SOURCE = """
from provlint import Category, DocumentRule, Severity, hookimpl

class TeaserEllipsis(DocumentRule):
    '''
    ## What it does
    Flags "..." lines.

    ## Why it matters
    Teasers.

    ## Example
    ``In a...``
    '''
    code = "{code}"
    name = "{name}"
    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "A line ending in three dots."

    def check(self, doc):
        for line in doc.lines:
            if line.text.endswith("..."):
                yield self.finding(doc, line.start, line.end, "teaser")

@hookimpl
def provlint_register_rules(register):
    register(TeaserEllipsis)
"""


def test_entry_point_rule_is_found_and_runs(site: Path) -> None:
    _fake_distribution(site, "fake-plug", "fakeplug_a", RULE_SOURCE.format(code="PL777", name="teaser-dots"), "teaser")
    origin = get_registry().origin("PL777")
    assert (origin.plugin, origin.package, origin.version) == ("teaser", "fake-plug", "1.2.3")
    result = lint_text("Body.\nIn a...", config=None)
    assert [(f.code, f.line, f.column) for f in result.findings] == [("PL777", 2, 1)]
    info = {p.name: p for p in get_plugin_manager().info()}
    assert info["teaser"].hooks == ("provlint_register_rules",)


def test_broken_plugin_is_reported_and_others_load(site: Path) -> None:
    _fake_distribution(site, "fake-broken", "fakeplug_broken", "raise ImportError('no such thing')\n", "broken")
    _fake_distribution(site, "fake-plug", "fakeplug_b", RULE_SOURCE.format(code="PL778", name="teaser-dots-b"), "good")
    pm = get_plugin_manager()
    assert [str(e) for e in pm.load_errors] == [
        "plugin 'broken' from fake-broken 1.2.3 failed to load: ImportError: no such thing"
    ]
    assert get_registry().rule_class("PL778") is not None


def test_two_plugins_claiming_one_code_names_both(site: Path) -> None:
    _fake_distribution(site, "fake-plug", "fakeplug_c", RULE_SOURCE.format(code="PL201", name="other-name"), "clash")
    with pytest.raises(RegistryError) as err:
        get_registry()
    message = str(err.value)
    assert "rule code PL201 is claimed by two plugins" in message
    assert "'provlint.rules.duplication'" in message and "'clash' (fake-plug 1.2.3" in message


def test_invalid_rule_metadata_is_rejected(site: Path) -> None:
    bad = RULE_SOURCE.format(code="PL779", name="Not_Kebab")
    _fake_distribution(site, "fake-plug", "fakeplug_d", bad, "bad")
    with pytest.raises(RegistryError, match="name 'Not_Kebab' is not kebab-case"):
        get_registry()


def test_plugin_manager_is_lazy() -> None:
    import subprocess

    code = "import provlint, sys; print('provlint.plugins' in sys.modules, 'provlint.rules.duplication' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip() == "False False"


def test_example_plugin_package_when_installed() -> None:
    pytest.importorskip("provlint_shouting")
    origin = get_registry().origin("PL901")
    assert origin.package == "provlint-shouting"
    result = lint_text("BREAKING NEWS: MARKETS CRASH AS NOBODY EXPECTED\nCalm body.")
    assert [(f.code, f.line, f.column, f.message) for f in result.findings] == [
        ("PL901", 1, 1, "line is shouting (100% capitals)")
    ]
