"""A bounded memo of a per-line answer, keyed by the line's text.

Line rules ask the same question of the same text again and again: a site's
menu and footer lines recur on each of its pages, and a degenerate page (a
million lines of one character) repeats one line throughout. A line rule whose
answer depends on the line's text alone (and on its options, fixed per rule
instance) keeps a :class:`LineMemo` and pays for each distinct text once.
The memo is cleared whole when full, so its memory stays bounded whatever the
input; an answer that raises (a pattern timeout) is not remembered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: Distinct line texts remembered per memo before it starts over (a few MB of short lines at most).
MEMO_LINES = 16384


class LineMemo(Generic[T]):
    """``memo(text)`` is ``compute(text)``, computed once per distinct text while it stays in the memo.

    ``memo.hinted(text, hint)`` is the same answer, computed as ``compute(text, hint)``
    on a miss: a hint is something the caller already knows about the line (its
    keyword hits) that makes the computation cheaper, never one that changes its answer.
    """

    __slots__ = ("_compute", "_known", "_size")

    def __init__(self, compute: Callable[..., T], size: int = MEMO_LINES) -> None:
        self._compute = compute
        self._known: dict[str, T] = {}
        self._size = size

    def __call__(self, text: str) -> T:
        known = self._known
        try:
            return known[text]
        except KeyError:
            pass
        value = self._compute(text)
        if len(known) >= self._size:
            known.clear()
        known[text] = value
        return value

    def hinted(self, text: str, hint: Any) -> T:
        """``memo(text)``, computed as ``compute(text, hint)`` when the text is not remembered."""
        known = self._known
        try:
            return known[text]
        except KeyError:
            pass
        value = self._compute(text, hint)
        if len(known) >= self._size:
            known.clear()
        known[text] = value
        return value
