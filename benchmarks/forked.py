"""Measure in a child forked from a warmed-up process, so that every measurement starts from the same state.

A run of provlint fills per-process memos (line kinds, detected language samples, syllable counts, names) as it
goes. A benchmark that times the same pages twice in one process would find the second pass remembered and report
a speed no run has. A child forked from the warmed-up parent starts with the parent's compiled patterns and loaded
data, as a ``--jobs`` worker does, and with memos that hold nothing of the timed pages.
"""

from __future__ import annotations

import os
import pickle
import traceback
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def in_child(work: Callable[[], T]) -> T:
    """``work()`` run in a forked child, its (picklable) result sent back; here where the platform cannot fork."""
    if not hasattr(os, "fork"):  # pragma: no cover - not on POSIX
        return work()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, send the result, leave without running the parent's clean-up
        code = 0
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(work(), out)
        except BaseException:
            traceback.print_exc()  # the child's own error, on the shared standard error
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as handle:
        payload = handle.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        raise RuntimeError(f"the measuring child failed (wait status {status})")
    result: T = pickle.loads(payload)
    return result
