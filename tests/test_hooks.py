"""Each hook exercised through a plugin registered at run time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from provlint.config import InputOptions
from provlint.formatters.base import Formatter
from provlint.hookspecs import hookimpl
from provlint.model import Document
from provlint.plugins import get_plugin_manager, reset_plugin_manager
from provlint.registry import get_registry


class UpperReader:
    name = "upper"
    suffixes = (".upper",)
    streams = False

    def sniff(self, head: bytes) -> bool:
        return False

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[Document]:
        assert path is not None
        yield Document(id=label, text=path.read_text().upper(), source="upper", path=label)


class CountFormatter(Formatter):
    name = "count"
    description = "Number of findings."

    def start(self) -> None:
        self.n = 0

    def document(self, outcome: Any) -> None:
        self.n += len(outcome.findings)

    def finish(self, summary: Any) -> None:
        self.stream.write(f"{self.n + len(summary.source_findings)}\n")


class Plugin:
    @hookimpl
    def provlint_register_readers(self, register: Any) -> None:
        register(UpperReader())

    @hookimpl
    def provlint_register_formatters(self, register: Any) -> None:
        register(CountFormatter)

    @hookimpl
    def provlint_register_commands(self, cli: click.Group) -> None:
        @cli.command("hello")
        def hello() -> None:
            click.echo("hello from a plugin")


@pytest.fixture
def plugin() -> Iterator[None]:
    reset_plugin_manager()
    get_plugin_manager().register(Plugin(), name="test-plugin")
    yield
    reset_plugin_manager()


def test_reader_and_formatter_hooks(plugin: None, tmp_path: Path) -> None:
    from provlint.cli.main import _load_commands, cli

    f = tmp_path / "a.upper"
    f.write_text("cited [1].\n")
    assert "upper" in get_registry().readers and "count" in get_registry().formatters
    _load_commands()
    result = CliRunner().invoke(cli, ["check", "--format", "count", str(f)])
    assert result.stdout == "1\n"
    assert result.exit_code == 1
    hello = CliRunner().invoke(cli, ["hello"])
    assert hello.stdout == "hello from a plugin\n"
