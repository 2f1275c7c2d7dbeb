"""The progress bar: on a terminal only, never for machine formats or with --quiet."""

from __future__ import annotations

import io

import pytest

from provlint import Config, Document
from provlint.cli.progress import wants_progress, with_progress
from provlint.pipeline import Pipeline


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_for_people_on_a_terminal() -> None:
    assert wants_progress("text", quiet=False, stream=Tty())
    assert not wants_progress("text", quiet=True, stream=Tty())
    assert not wants_progress("json", quiet=False, stream=Tty())
    assert not wants_progress("text", quiet=False, stream=io.StringIO())


def test_progress_passes_outcomes_through(monkeypatch: pytest.MonkeyPatch) -> None:
    err = Tty()
    monkeypatch.setattr("sys.stderr", err)
    docs = [Document(id=str(i), text=f"Line {i} cites [2].") for i in range(40)]
    pipeline = Pipeline(Config(select=("PL301",)))
    plain = [o.findings for o in Pipeline(Config(select=("PL301",))).outcomes(docs)]
    shown = [o.findings for o in with_progress(pipeline.outcomes(docs), enabled=True)]
    assert shown == plain and len(shown) == 40
    assert "linted" in err.getvalue()
