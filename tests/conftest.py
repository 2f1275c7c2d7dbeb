from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
UPDATE = bool(os.environ.get("PROVLINT_UPDATE_SNAPSHOTS"))
# provlint's build cache (compiled patterns, syllable table): one per user for the test runs, never ~/.cache.
os.environ.setdefault("PROVLINT_CACHE_DIR", str(Path(tempfile.gettempdir()) / f"provlint-test-cache-{os.getuid()}"))


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(autouse=True)
def _no_project_config(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Run every test from an empty folder so that no stray provlint.toml is discovered."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(autouse=True)
def _builtin_plugins_only(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests see provlint's built-in plugins only, whatever is installed in the environment.

    The example plugins (plugins/) are installed in CI's environment; a test
    that wants entry-point plugins (installed ones, or fake distributions it
    writes itself) is marked ``@pytest.mark.installed_plugins``. Subprocesses
    inherit the switch through the environment.
    """
    from provlint.plugins import select_plugins

    if request.node.get_closest_marker("installed_plugins") is None:
        monkeypatch.setenv("PROVLINT_DISABLE_PLUGIN_AUTOLOAD", "1")
    else:
        monkeypatch.delenv("PROVLINT_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    yield
    select_plugins(None)  # a --plugins option given in a test does not outlive it


def snapshot(name: str, actual: str) -> None:
    """Compare ``actual`` with tests/snapshots/NAME; PROVLINT_UPDATE_SNAPSHOTS=1 rewrites it."""
    check_snapshot(ROOT / "tests" / "snapshots" / name, actual, update=UPDATE)


def check_snapshot(path: Path, actual: str, *, update: bool) -> None:
    """A missing snapshot is written for review and the test FAILS: a new snapshot is never accepted silently
    (CI would otherwise pass on whatever the code printed)."""
    if update:
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        path.write_text(actual, encoding="utf-8")
        pytest.fail(f"snapshot {path.name} was missing: written now; review it, commit it and rerun")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"snapshot {path.name} differs; rerun with PROVLINT_UPDATE_SNAPSHOTS=1 to accept"
