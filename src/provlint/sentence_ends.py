"""Where sentences end: the stops found with ``str.find``, not a pattern scan.

A sentence end is a run of stops (``.``, ``!``, ``?``, ``…``), then any
closing quotes or brackets, followed by whitespace or the end of the text: the
matches of ``SENTENCE_END``. Stops are rare in text (about one in 120
characters of a real page), so finding each stop character with ``str.find``
(a C scan) and reading the few characters after a run's first stop in Python
costs about a third of ``regex``'s scan of the whole text under the pattern
timeout (which checks the clock as it goes), and no pattern runs at all.
"""

from __future__ import annotations

from .lazy_pattern import lazy_compile
from .patterns import PATTERN_TIMEOUT

#: The definition the scan reproduces (tests/test_sentence_ends.py holds the two equal): a run of stops not
#: preceded by a stop, closing marks, then whitespace or the end of the text. Possessive and starting only where a
#: run starts: the backtracking form ``[.!?…]+["'”’»)\]]*(?=\s+|$)`` finds the same ends, but retried from every
#: dot of a long run of dots, quadratic in the run; the scan below reads each run once.
SENTENCE_END = r"""(?<![.!?…])[.!?…]++["'”’»)\]]*+(?=\s|$)"""

_STOPS = ".!?…"
_CLOSERS = frozenset("\"'”’»)]")
_WHITESPACE = lazy_compile(r"\s")
#: Whether ``regex``'s ``\s`` matches a character, learned per character that follows an end (few distinct ones).
_is_space: dict[str, bool] = {}
_MEMO_LIMIT = 4096


def sentence_ends(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every match of ``SENTENCE_END`` in ``text``, in order."""
    stops: list[int] = []
    add = stops.append
    for stop in _STOPS:
        at = text.find(stop)
        while at >= 0:
            add(at)
            at = text.find(stop, at + 1)
    if not stops:
        return []
    stops.sort()
    size = len(text)
    spans: list[tuple[int, int]] = []
    previous = -2
    for at in stops:
        if at == previous + 1:  # inside a run: its first stop decided it
            previous = at
            continue
        previous = at
        end = at + 1
        while end < size and text[end] in _STOPS:
            end += 1
        while end < size and text[end] in _CLOSERS:
            end += 1
        if end == size:
            spans.append((at, end))
            continue
        after = text[end]
        space = _is_space.get(after)
        if space is None:
            space = _WHITESPACE.match(after, timeout=PATTERN_TIMEOUT) is not None
            if len(_is_space) < _MEMO_LIMIT:
                _is_space[after] = space
        if space:
            spans.append((at, end))
    return spans
