"""Shared helpers for the reliability suite: running the CLI, adding rules as a plugin would."""

from __future__ import annotations

import types
from collections.abc import Iterator
from contextlib import contextmanager

from click.testing import CliRunner

from provlint.cli.main import _load_commands, cli
from provlint.hookspecs import hookimpl
from provlint.plugins import get_plugin_manager, reset_plugin_manager
from provlint.registry import reset_registry_cache

_load_commands()


def run_cli(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@contextmanager
def plugin_rules(*rule_classes: type) -> Iterator[None]:
    """Register ``rule_classes`` through the plugin hook, as an installed plugin's module would."""
    module = types.ModuleType("provlint_test_plugin")

    @hookimpl
    def provlint_register_rules(register):  # type: ignore[no-untyped-def]
        for cls in rule_classes:
            register(cls)

    module.provlint_register_rules = provlint_register_rules  # type: ignore[attr-defined]
    reset_plugin_manager()
    get_plugin_manager().register(module, name="provlint-test-plugin")
    reset_registry_cache()
    try:
        yield
    finally:
        reset_plugin_manager()
