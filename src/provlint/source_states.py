"""Source-rule states of a run, merged in one place.

Every runner (in this process, ``--jobs`` workers, Dask partitions) collects
per-document states keyed by (rule code, source) and combines them with
:meth:`SourceStates.merge`; this is the only code that calls a plugin's
``SourceState.merge``. A merge that raises leaves the merged state unknown:
the key is marked broken (with the error's text, a picklable value), later
states for it are dropped, and at the end of the run every candidate of that
key becomes a PL004 finding. So a broken merge gives the same accounted,
reported outcome whichever runner met it. A merge that outruns ``timeout``
seconds (``[limits] plugin-rule-timeout``; :mod:`provlint.time_limit`) breaks
its key the same way, as timed out.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .isolation import must_end_run, safe_str
from .rule import SourceState
from .time_limit import CallTimedOut, time_limit

Key = tuple[str, str]  # (rule code, source)


@dataclass(frozen=True)
class MergeFailure:
    """Why a key's state is unknown: the exception's type and text (picklable)."""

    error: str
    detail: str
    timed_out: bool = False

    @classmethod
    def of(cls, exc: BaseException) -> MergeFailure:
        return cls(type(exc).__name__, safe_str(exc), isinstance(exc, (TimeoutError, CallTimedOut)))


@dataclass
class SourceStates:
    """States by (rule code, source), and the keys whose merge failed."""

    states: dict[Key, SourceState] = field(default_factory=dict)
    broken: dict[Key, MergeFailure] = field(default_factory=dict)
    timeout: float = 0.0  # seconds one merge may take (0: no limit)

    def add(self, key: Key, state: SourceState) -> None:
        """Merge ``state`` into the state kept for ``key`` (guarded: a raising merge breaks the key)."""
        if key in self.broken:
            return
        mine = self.states.get(key)
        if mine is None:
            self.states[key] = state
            return
        try:
            with time_limit(self.timeout, "merge"):
                mine.merge(state)
        except BaseException as exc:  # as for rule calls (provlint.isolation): all but the user's Ctrl-C
            if must_end_run(exc):
                raise
            self.broken[key] = MergeFailure.of(exc)
            del self.states[key]

    def add_document(self, source: str, states: Mapping[str, SourceState]) -> None:
        """One document's states, keyed by rule code."""
        for code, state in states.items():
            self.add((code, source), state)

    def merge(self, other: SourceStates) -> None:
        """Fold ``other`` (a worker's batch, a partition) into these states."""
        for key, failure in other.broken.items():
            self.broken.setdefault(key, failure)
            self.states.pop(key, None)
        for key, state in other.states.items():
            self.add(key, state)

    def merged(self, other: SourceStates) -> SourceStates:
        """A new value: ``self`` and ``other`` merged, neither changed (for Dask, which may reuse values)."""
        out: SourceStates = pickle.loads(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        out.merge(other)
        return out

    def subset(self, keys: Iterable[Key]) -> SourceStates:
        """The states (and failures) of ``keys`` only, shared with ``self``: what deciding their candidates needs."""
        out = SourceStates(timeout=self.timeout)
        for key in keys:
            state = self.states.get(key)
            if state is not None:
                out.states[key] = state
            failure = self.broken.get(key)
            if failure is not None:
                out.broken[key] = failure
        return out

    def __len__(self) -> int:
        return len(self.states) + len(self.broken)


__all__ = ["Key", "MergeFailure", "SourceStates"]
