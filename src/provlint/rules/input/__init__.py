"""PL0xx rules that judge the input itself: empty documents and text the
fallback decoding policy repaired. (The other PL0xx codes are engine
diagnostics, reported by the engine rather than run: provlint.diagnostics.)"""

from __future__ import annotations

from collections.abc import Callable

from ...hookspecs import hookimpl
from .empty_document import EmptyDocument
from .text_encoding_repaired import TextEncodingRepaired

RULES = (TextEncodingRepaired, EmptyDocument)


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    for rule in RULES:
        register(rule)
