"""Built-in output formats, registered through the same hook as a plugin's."""

from __future__ import annotations

from typing import Callable

from ..hookspecs import hookimpl
from .base import FormatContext, Formatter, terminal_safe
from .json import JsonFormatter
from .text import TextFormatter

__all__ = ["FormatContext", "Formatter", "terminal_safe", "JsonFormatter", "TextFormatter"]


@hookimpl
def provlint_register_formatters(register: Callable[[type], None]) -> None:
    register(TextFormatter)
    register(JsonFormatter)
