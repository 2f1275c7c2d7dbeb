"""PL2xx: text repeated within a document or across a source's documents."""

from __future__ import annotations

from typing import Callable

from ...hookspecs import hookimpl
from .repeated_line import RepeatedLine

RULES = (RepeatedLine,)


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    for rule in RULES:
        register(rule)
