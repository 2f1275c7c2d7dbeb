"""Built-in output formats, registered through the same hook as a plugin's."""

from __future__ import annotations

from collections.abc import Callable

from ..hookspecs import hookimpl
from .base import FormatContext, Formatter, terminal_safe
from .github import GithubFormatter
from .gitlab import GitlabFormatter
from .grouped import GroupedFormatter
from .json import JsonFormatter
from .jsonl import JsonLinesFormatter
from .junit import JunitFormatter
from .sarif import SarifFormatter
from .text import TextFormatter

__all__ = [
    "FormatContext",
    "Formatter",
    "terminal_safe",
    "GithubFormatter",
    "GitlabFormatter",
    "GroupedFormatter",
    "JsonFormatter",
    "JsonLinesFormatter",
    "JunitFormatter",
    "SarifFormatter",
    "TextFormatter",
]


@hookimpl
def provlint_register_formatters(register: Callable[[type], None]) -> None:
    register(TextFormatter)
    register(JsonFormatter)
    register(JsonLinesFormatter)
    register(SarifFormatter)
    register(GithubFormatter)
    register(JunitFormatter)
    register(GitlabFormatter)
    register(GroupedFormatter)
