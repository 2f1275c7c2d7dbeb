"""Keep the garbage collector off provlint's long-lived data during a CLI run.

Linting loads large, permanent tables on first use: langdetect's profiles,
the syllable table, pyphen's patterns, the compiled phrase patterns, about a
million objects. Python's cyclic collector would otherwise walk all of them
at every full collection, and a run on scraped pages, which creates tens of
thousands of findings, triggers many. ``gc.freeze()`` after the first document
moves everything alive then into the permanent generation, which collections
skip (about 6% of the run on real pages). Objects made later are collected as
usual; reference counting still frees the frozen ones.

It is process-wide, so only provlint's own processes do it: the CLI (here) and
the ``--jobs`` worker processes (:mod:`provlint.parallel`). ``import provlint``
never touches the embedding application's collector.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


class FreezeHeap:
    """A sink (:mod:`provlint.sink`) that freezes the collector's view of the heap after the first document.

    Put it after the sinks that write output, so that the first document's
    objects are done with before the freeze.
    """

    def __init__(self) -> None:
        self.frozen = False

    def start(self) -> None:
        pass

    def document(self, outcome: object) -> None:
        if not self.frozen:
            gc.freeze()
            self.frozen = True

    def finish(self, summary: object) -> None:
        pass


def freeze_after_first(items: Iterable[T]) -> Iterator[T]:
    """Yield ``items`` unchanged, freezing the collector's view of the heap after the first."""
    heap = FreezeHeap()
    for item in items:
        yield item
        heap.document(item)
