"""The plugin manager is strict (misspelled hooks reported), hermetic (autoload off, allow-list) and calls hooks
through pluggy; plugins may own a rule-code prefix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provlint import lint_text
from provlint.config import Config
from provlint.plugins import get_plugin_manager, select_plugins
from provlint.registry import RegistryError, build_registry, get_registry
from tests.reliability.helpers import run_cli
from tests.test_plugins import RULE_SOURCE, _fake_distribution, site  # noqa: F401 - site is a fixture

pytestmark = pytest.mark.installed_plugins

TYPO_SOURCE = RULE_SOURCE.replace("def provlint_register_rules(register):", "def provlint_register_rule(register):")

PREFIX_SOURCE = (
    RULE_SOURCE
    + """
@hookimpl
def provlint_rule_code_prefix():
    return "{prefix}"
"""
)


def test_misspelled_hook_is_a_load_error_naming_package_and_version(site: Path) -> None:  # noqa: F811
    _fake_distribution(site, "fake-typo", "fakeplug_typo", TYPO_SOURCE.format(code="PL780", name="typo-rule"), "typo")
    pm = get_plugin_manager()
    assert [str(e) for e in pm.load_errors] == [
        "plugin 'typo' from fake-typo 1.2.3 failed to load: "
        "unknown hook provlint_register_rule (did you mean provlint_register_rules?)"
    ]
    assert not pm.has_plugin("typo")
    assert get_registry().rule_class("PL780") is None
    code, out, _ = run_cli("plugins")
    assert code == 0
    assert out.splitlines()[-1] == (
        "FAILED plugin 'typo' from fake-typo 1.2.3 failed to load: "
        "unknown hook provlint_register_rule (did you mean provlint_register_rules?)"
    )
    code, out, _ = run_cli("plugins", "--format", "json")
    assert json.loads(out)["errors"][0]["package"] == "fake-typo"


def test_undecorated_hook_function_is_still_a_hook(site: Path) -> None:  # noqa: F811
    source = RULE_SOURCE.replace("@hookimpl\ndef provlint_register_rules", "def provlint_register_rules")
    _fake_distribution(site, "fake-plain", "fakeplug_plain", source.format(code="PL781", name="plain-rule"), "plain")
    assert get_plugin_manager().load_errors == []
    assert get_registry().origin("PL781").package == "fake-plain"


def test_autoload_off_and_allow_list(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    _fake_distribution(site, "fake-one", "fakeplug_one", RULE_SOURCE.format(code="PL782", name="rule-one"), "one")
    _fake_distribution(site, "fake-two", "fakeplug_two", RULE_SOURCE.format(code="PL783", name="rule-two"), "two")
    assert {"PL782", "PL783"} <= set(get_registry().rules)
    monkeypatch.setenv("PROVLINT_DISABLE_PLUGIN_AUTOLOAD", "1")
    assert not {"PL782", "PL783"} & set(get_registry().rules)  # the manager follows the switch
    assert all(p.builtin for p in get_plugin_manager().info())
    select_plugins(("fake-two",))  # by package name; loads although autoload is off
    assert "PL783" in get_registry().rules and "PL782" not in get_registry().rules
    monkeypatch.delenv("PROVLINT_DISABLE_PLUGIN_AUTOLOAD")
    select_plugins(("one", "missing"))  # allow-list with autoload on: only the named ones
    assert "PL782" in get_registry().rules and "PL783" not in get_registry().rules
    assert [str(e) for e in get_plugin_manager().load_errors] == [
        "plugin 'missing' from unknown unknown failed to load: not installed (named by --plugins)"
    ]


def test_plugins_option_on_the_command_line(site: Path, tmp_path: Path) -> None:  # noqa: F811
    _fake_distribution(site, "fake-one", "fakeplug_c1", RULE_SOURCE.format(code="PL784", name="rule-c1"), "one")
    _fake_distribution(site, "fake-two", "fakeplug_c2", RULE_SOURCE.format(code="PL785", name="rule-c2"), "two")
    doc = tmp_path / "a.txt"
    doc.write_text("Body.\nIn a...\n")
    code, out, _ = run_cli("check", "--plugins", "two", "--select", "PL7", "--no-scorecard", str(doc))
    assert code == 0  # the rule's findings are infos
    assert out.splitlines()[0] == f"{doc}:2:1: info PL785 [rule-c2] teaser"
    assert "PL784" not in out
    code, _, err = run_cli("check", "--plugins", "two", "--select", "PL784", str(doc))
    assert code == 2 and "'PL784' matches no rule" in err


def test_require_plugins_exits_2_when_missing_or_broken(site: Path, tmp_path: Path) -> None:  # noqa: F811
    _fake_distribution(site, "fake-good", "fakeplug_r1", RULE_SOURCE.format(code="PL786", name="rule-r1"), "good")
    _fake_distribution(site, "fake-broken", "fakeplug_r2", "raise ImportError('no numpy')\n", "broken")
    doc = tmp_path / "a.txt"
    doc.write_text("Body.\n")
    code, _, _ = run_cli("check", "--require-plugins", "good,fake-good", "--no-scorecard", str(doc))
    assert code == 0
    code, out, err = run_cli("check", "--require-plugins", "broken", str(doc))
    assert (code, out) == (2, "")
    assert err == (
        "provlint: error: required plugin missing: "
        "plugin 'broken' from fake-broken 1.2.3 failed to load: ImportError: no numpy\n"
    )
    code, _, err = run_cli("check", "--require-plugins", "nowhere", str(doc))
    assert code == 2 and err == "provlint: error: required plugin missing: plugin 'nowhere' is not installed\n"
    code, _, err = run_cli("check", "--plugins", "broken", "--require-plugins", "good", str(doc))
    assert code == 2 and err == (
        "provlint: error: required plugin missing: plugin 'good' is installed but not loaded "
        "(PROVLINT_DISABLE_PLUGIN_AUTOLOAD is set, or --plugins does not name it)\n"
    )


def test_registry_calls_hooks_through_pluggy() -> None:
    pm = get_plugin_manager()
    calls: list[str] = []
    undo = pm.add_hookcall_monitoring(lambda name, impls, kwargs: calls.append(name), lambda *a: None)
    try:
        registry = build_registry(pm)
    finally:
        undo()
    assert "PL201" in registry.rules and registry.rules["PL201"].builtin
    assert {"provlint_register_rules", "provlint_register_readers", "provlint_register_formatters"} <= set(calls)
    assert calls.count("provlint_register_rules") == len(pm.hook.provlint_register_rules.get_hookimpls())


def test_plugin_owns_a_code_prefix(site: Path) -> None:  # noqa: F811
    _fake_distribution(
        site, "fake-xy", "fakeplug_xy", PREFIX_SOURCE.format(code="XY001", name="xy-teaser", prefix="XY"), "xy"
    )
    assert get_registry().origin("XY001").package == "fake-xy"
    assert get_plugin_manager().load_errors == []
    result = lint_text("Body.\nIn a...", config=Config(select=("XY",)))
    assert [(f.code, f.line, f.column, f.message) for f in result.findings] == [("XY001", 2, 1, "teaser")]
    assert [f.code for f in lint_text("In a...", config=Config(select=("XY001",))).findings] == ["XY001"]


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (
            ("XY", "XY001"),
            ("XYZ", "XYZ001"),
            "rule-code prefix 'XYZ' of plugin 'p2' (fake-p2 1.2.3) collides with 'XY'",
        ),
        (
            ("XY", "XY001"),
            ("PLX", "PLX001"),
            "rule-code prefix 'PLX' of plugin 'p1' (fake-p1 1.2.3) collides with 'PL'",
        ),
        (("XY", "XY001"), (None, "XY002"), "plugin 'p2' (fake-p2 1.2.3) registered an invalid rule"),
        (("xy", "XY001"), (None, "PL790"), "plugin 'p1' (fake-p1 1.2.3) declared the rule-code prefix 'xy'"),
    ],
    ids=["prefix-of-another", "builtin-prefix", "code-in-anothers-prefix", "lower-case"],
)
def test_code_prefix_collisions(
    site: Path,  # noqa: F811
    first: tuple[str, str],
    second: tuple[str | None, str],
    message: str,
) -> None:
    for n, (prefix, code) in enumerate((first, second), start=1):
        if n == 2 and prefix == "PLX":
            prefix, code = first  # the collision with PL is the first plugin's: give it PLX
        source = (PREFIX_SOURCE if prefix else RULE_SOURCE).format(code=code, name=f"rule-{n}", prefix=prefix)
        if n == 1 and second[0] == "PLX":
            source = PREFIX_SOURCE.format(code="PLX001", name="rule-1", prefix="PLX")
        _fake_distribution(site, f"fake-p{n}", f"fakeplug_p{n}", source, f"p{n}")
    with pytest.raises(RegistryError) as err:
        get_registry()
    assert message in str(err.value)
