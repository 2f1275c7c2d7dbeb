"""The pre-commit hook, run by the real ``pre-commit`` tool from this working tree.

The hook repository is a snapshot of the working tree (tracked and untracked,
not ignored files) committed in a temporary git repository, so uncommitted
changes are what gets tested. pre-commit builds the hook's own virtual
environment from it with pip (this needs the package index, as pre-commit
always does), once for both runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.slow

pytest.importorskip("pre_commit", reason="pre-commit is in the test extra: pip install -e '.[test]'")


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


def snapshot_repository(target: Path) -> str:
    """Copy the working tree's files into ``target``, commit them, return the commit."""
    files = git(ROOT, "ls-files", "-co", "--exclude-standard", "-z").split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return git(target, "rev-parse", "HEAD").strip()


def test_hook_fails_on_a_seed_and_passes_on_clean_text(tmp_path: Path) -> None:
    hook_repo = tmp_path / "hook"
    hook_repo.mkdir()
    rev = snapshot_repository(hook_repo)
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hook_repo.as_uri()}\n  rev: {rev}\n  hooks:\n  - id: provlint\n", encoding="utf-8"
    )
    shutil.copy(SEEDS / "002_5eb1399804b75041.txt", project / "article.txt")
    (project / "notes.md").write_text("# Notes\n\nA plain paragraph that says nothing wrong.\n", encoding="utf-8")
    (project / "script.py").write_text("print('Skip to content [3]')\n", encoding="utf-8")
    git(project, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    env.pop("VIRTUAL_ENV", None)

    def pre_commit(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--files", *files],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )

    bad = pre_commit("article.txt", "notes.md", "script.py")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "article.txt:16:1: warning PL201 [repeated-line] line repeats line 3" in bad.stdout
    assert "article.txt:17:1: warning PL201 [repeated-line] line repeats line 4" in bad.stdout
    assert "notes.md" not in bad.stdout.split("Failed", 1)[-1]
    assert "script.py" not in bad.stdout  # only prose files are given to the hook

    good = pre_commit("notes.md", "script.py")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "provlint" in good.stdout and "Passed" in good.stdout
