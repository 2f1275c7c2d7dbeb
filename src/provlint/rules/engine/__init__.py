"""PL0xx: what the engine itself reports (unreadable input, repaired encodings,
skipped binaries, crashed rules,
empty documents, duplicate ids, rules over their time budget,
documents over the size limit)."""

from __future__ import annotations

from collections.abc import Callable

from ...hookspecs import hookimpl
from .binary_input_skipped import BinaryInputSkipped
from .document_too_large import DocumentTooLarge
from .duplicate_document_id import DuplicateDocumentId
from .empty_document import EmptyDocument
from .rule_crashed import RuleCrashed
from .rule_over_time_budget import RuleOverTimeBudget
from .text_encoding_repaired import TextEncodingRepaired
from .unreadable_document import UnreadableDocument

RULES = (
    UnreadableDocument,
    TextEncodingRepaired,
    BinaryInputSkipped,
    RuleCrashed,
    EmptyDocument,
    DuplicateDocumentId,
    RuleOverTimeBudget,
    DocumentTooLarge,
)


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    for rule in RULES:
        register(rule)
