"""PL0xx: what the engine itself reports (unreadable input, repaired encodings,
skipped binaries, crashed rules)."""

from __future__ import annotations

from typing import Callable

from ...hookspecs import hookimpl
from .binary_input_skipped import BinaryInputSkipped
from .rule_crashed import RuleCrashed
from .text_encoding_repaired import TextEncodingRepaired
from .unreadable_document import UnreadableDocument

RULES = (UnreadableDocument, TextEncodingRepaired, BinaryInputSkipped, RuleCrashed)


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    for rule in RULES:
        register(rule)
