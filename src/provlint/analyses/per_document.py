"""Analyses kept on the prepared document they describe.

A shared analysis (the headline, the line features) is computed by the first
rule that asks and read by the others. Kept in the document's own ``__dict__``
(where :class:`~provlint.prepare.PreparedDocument` keeps its views, ``lines``
and ``sentences``), it lives exactly as long as the document: no module-level
"last document" slot that another document or thread can replace, and nothing
left over once the document is dropped. Keys contain a colon, so they never
shadow an attribute. A plugin rule's read-only call drops what it computed
there (isolation), and the next rule computes it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from ..prepare import PreparedDocument

T = TypeVar("T")


def per_document(doc: PreparedDocument, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, once per document and ``key`` (a name with a colon, as ``"analysis:headline"``)."""
    store = doc.__dict__
    try:
        return cast("T", store[key])
    except KeyError:
        value = compute()
        store[key] = value
        return value
