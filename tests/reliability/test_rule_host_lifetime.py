"""The plugin rule host's child process ends with the run: many runs in one process leave no idle children."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from provlint import Config, Document
from provlint.pipeline import Pipeline
from provlint.rule_host import CAN_FORK
from provlint.testing import registry_with
from tests.parallel_rules import CrashesOnMarker


def _children() -> set[int]:
    """This process's live children, from /proc (zombies count: they are unreaped hosts too)."""
    me = str(os.getpid())
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            out.add(int(stat.parent.name))
    return out


@pytest.mark.skipif(not CAN_FORK or not Path("/proc/self/stat").exists(), reason="needs fork and /proc")
def test_each_run_stops_its_rule_host() -> None:
    before = _children()
    for i in range(3):
        pipeline = Pipeline(Config(), registry_with(CrashesOnMarker))  # a test rule is a plugin rule: it runs in a host
        summary = pipeline.run([Document(id=f"d{i}", text="Plain text.", source="s")], [])
        assert summary.stats.linted == 1
        assert _children() == before, f"run {i} left its rule host running"
