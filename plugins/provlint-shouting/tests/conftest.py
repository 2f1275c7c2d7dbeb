"""This plugin's tests run against the installed plugin: entry-point autoload on, whatever earlier tests selected."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from provlint.plugins import reset_plugin_manager, select_plugins


@pytest.fixture(autouse=True)
def _installed_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("PROVLINT_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    select_plugins(None)
    reset_plugin_manager()
    yield
    reset_plugin_manager()
