"""The CLI keeps the cyclic collector off the data loaded for the first document."""

from __future__ import annotations

import gc

from provlint.cli.heap import freeze_after_first


def test_freeze_after_first_yields_everything_and_freezes_once_the_first_is_out() -> None:
    gc.unfreeze()
    try:
        seen = []
        for item in freeze_after_first(iter([1, 2, 3])):
            seen.append((item, gc.get_freeze_count() > 0))
        assert seen == [(1, False), (2, True), (3, True)]
        gc.unfreeze()
        assert list(freeze_after_first([])) == [] and gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
