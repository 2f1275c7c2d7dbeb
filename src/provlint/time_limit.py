"""A time limit for plugin code that has to run in this process.

Plugin rules' ``check`` and ``observe`` run in a killable child process
(:mod:`provlint.rule_host`), but a source rule's ``SourceState.merge`` and
``decide`` work on states gathered from every document, which live here. A
merge or decide that never returns would hang the run; :func:`time_limit`
interrupts it instead: on POSIX, in the main thread, an interval timer raises
:class:`CallTimedOut` inside the call (again every second if the plugin
swallows it), and the caller reports the key as timed out (PL004) and goes on.
Elsewhere (a Dask worker's thread, Windows) it does nothing: the limit is a
safety net, not a budget.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: After the first interruption, how often the timer fires again while the call has not returned.
REPEAT_SECONDS = 1.0


class CallTimedOut(BaseException):
    """Raised inside a call that outran its time limit.

    A BaseException, so that a plugin's ``except Exception`` does not swallow it.
    """


def can_limit() -> bool:
    """Whether :func:`time_limit` can interrupt a call here (POSIX timers, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float, what: str = "call") -> Iterator[None]:
    """Raise :class:`CallTimedOut` in the body once it has run ``seconds`` (0 or less: no limit)."""
    if seconds <= 0 or not can_limit():
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise CallTimedOut(f"{what} took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


__all__ = ["CallTimedOut", "can_limit", "time_limit"]
