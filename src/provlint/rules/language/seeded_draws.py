"""The draws of a seeded ``random.Random`` taken in blocks from numpy's Mersenne Twister (the ``fast`` extra).

langdetect's trials call ``random.choice`` once per n-gram drawn (hundreds of
Python calls per text) and ``random.gauss`` once per trial. Both read the same
32-bit outputs of the Mersenne Twister: ``choice`` over ``n`` items takes the
top ``n.bit_length()`` bits of one output and tries the next output while that
is ``n`` or more (``_randbelow_with_getrandbits``); ``random()`` makes a double
of two outputs (``genrand_res53``), and ``gauss`` is Python's own code over
``random()``. numpy's ``MT19937`` is the same generator with the same state
(624 words and a position), so a :class:`SeededDraws` started from the state
``random.Random(seed)`` has can produce the outputs in blocks and the draws of
a whole trial with array operations, and hand ``gauss`` the same doubles.

Whether this interpreter's ``choice`` and ``gauss`` read the generator that way
is checked once per process against the interpreter itself
(:func:`reproduces_random`); where it does not, callers keep calling
``random.Random``.
"""

from __future__ import annotations

import functools
import random
from typing import Any

#: Outputs produced once per process and seed, shared by every detection (a text's four trials take
#: about 500 on real pages); past them, more are made from the state that follows, :data:`BLOCK` at a time.
FIRST = 8192
BLOCK = 4096


@functools.cache
def _first_outputs(seed: int) -> tuple[Any, dict[str, Any]]:
    """The first :data:`FIRST` outputs of ``random.Random(seed)`` (read-only) and numpy's MT19937 state after them."""
    import numpy as np

    version, internal, _ = random.Random(seed).getstate()
    if version != 3 or len(internal) != 625:
        raise ValueError("unexpected random.Random state")
    generator = np.random.MT19937()
    key = np.asarray(internal[:624], dtype=np.uint32)
    generator.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": internal[624]}}
    outputs = generator.random_raw(FIRST)
    outputs.flags.writeable = False
    state: dict[str, Any] = dict(generator.state)
    return outputs, state


class _FromOutputs(random.Random):
    """A ``random.Random`` whose ``random()`` reads :class:`SeededDraws`' outputs: its own ``gauss`` runs on them."""

    def __init__(self, draws: SeededDraws) -> None:
        super().__init__(0)
        self._draws = draws

    def random(self) -> float:
        return self._draws.double()


class SeededDraws:
    """The outputs of ``random.Random(seed)`` from its start, with ``choice`` and ``gauss`` read off them."""

    __slots__ = ("_at", "_generator", "_outputs", "_python", "_seed")

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._outputs, _ = _first_outputs(seed)
        self._generator: Any = None
        self._at = 0
        self._python = _FromOutputs(self)

    def _ensure(self, count: int) -> None:
        """At least ``count`` outputs not yet read are produced."""
        import numpy as np

        missing = self._at + count - len(self._outputs)
        if missing > 0:
            if self._generator is None:
                self._generator = np.random.MT19937()
                self._generator.state = _first_outputs(self._seed)[1]
            more = self._generator.random_raw(max(missing, BLOCK))
            self._outputs = np.concatenate((self._outputs[self._at :], more))
            self._at = 0

    def _next(self) -> int:
        self._ensure(1)
        value = int(self._outputs[self._at])
        self._at += 1
        return value

    def double(self) -> float:
        """``random.random()``: 53 bits from two outputs (``genrand_res53``)."""
        high = self._next() >> 5
        low = self._next() >> 6
        return (high * 67108864.0 + low) * (1.0 / 9007199254740992.0)

    def gauss(self, mu: float, sigma: float) -> float:
        """``random.gauss(mu, sigma)``: the interpreter's own code, on these outputs (it keeps every second value)."""
        return self._python.gauss(mu, sigma)

    def peek_choices(self, n: int, count: int) -> Any:
        """The indices the next ``count`` calls of ``choice`` over ``n`` items would return, without taking them."""
        import numpy as np

        shift = 32 - n.bit_length()
        want = count
        while True:
            self._ensure(want)
            candidates = self._outputs[self._at : self._at + want] >> np.uint64(shift)
            accepted = np.flatnonzero(candidates < n)
            if len(accepted) >= count:
                return candidates[accepted[:count]].astype(np.intp)
            want *= 2

    def take_choices(self, n: int, count: int) -> None:
        """Take the outputs of the next ``count`` calls of ``choice`` over ``n`` items (as :meth:`peek_choices`)."""
        import numpy as np

        if count <= 0:
            return
        shift = 32 - n.bit_length()
        want = count
        while True:
            self._ensure(want)
            accepted = np.flatnonzero((self._outputs[self._at : self._at + want] >> np.uint64(shift)) < n)
            if len(accepted) >= count:
                self._at += int(accepted[count - 1]) + 1
                return
            want *= 2


@functools.cache
def reproduces_random(seed: int) -> bool:
    """True when :class:`SeededDraws` gives this interpreter's ``choice`` and ``gauss`` values for ``seed``
    (mixing both, over sizes from 1 to past 2**16), checked once per process."""
    try:
        ours = SeededDraws(seed)
    except (ImportError, ValueError):
        return False
    theirs = random.Random(seed)
    for n in (1, 2, 3, 5, 7, 100, 1000, 65537, 123457):
        if ours.gauss(0.0, 1.0) != theirs.gauss(0.0, 1.0):
            return False
        expected = [theirs.choice(range(n)) for _ in range(50)]
        if ours.peek_choices(n, 50).tolist() != expected:
            return False
        ours.take_choices(n, 50)
    return ours.gauss(0.0, 1.0) == theirs.gauss(0.0, 1.0)
