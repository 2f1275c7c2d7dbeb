"""scripts/add_rule.py adds a working rule: file, registration, case file; the new rule passes its own cases."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "add_rule.py"


def _copy_project(tmp: Path) -> Path:
    shutil.copytree(ROOT / "src" / "provlint", tmp / "src" / "provlint", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tests" / "rules" / "cases", tmp / "tests" / "rules" / "cases")
    return tmp


def _add(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    args = [
        sys.executable, str(SCRIPT), "--root", str(root), "--no-docs",
        "--code", "PL499", "--name", "signoff-residue", "--summary", "A rewrite's sign-off is left in the text.",
        "--pattern", r"(?i)\bthanks for reading\b",
        "--failing", "Great story.\nMore later. Thanks for reading!", "--passing", "Great story.", *extra,
    ]  # fmt: skip
    return subprocess.run(args, capture_output=True, text=True)


def test_new_rule_is_registered_and_passes_its_cases(tmp_path: Path) -> None:
    root = _copy_project(tmp_path)
    proc = _add(root)
    assert proc.returncode == 0, proc.stderr
    rule_file = root / "src/provlint/rules/rewrite/signoff_residue.py"
    assert "class SignoffResidue(DocumentRule):" in rule_file.read_text()
    init = (root / "src/provlint/rules/rewrite/__init__.py").read_text()
    assert "from .signoff_residue import SignoffResidue\n" in init and "    SignoffResidue,\n" in init
    cases = (root / "tests/rules/cases/PL499.toml").read_text()
    assert '{ line = 2, column = 13, message = "signoff residue \\"Thanks for reading\\"" }' in cases
    check = (
        "from provlint.testing import load_cases, check_case\n"
        f"cases = load_cases({str(root / 'tests/rules/cases/PL499.toml')!r})\n"
        "assert len(cases) == 2\n"
        "for case in cases: check_case(case)\n"
        "from provlint.registry import get_registry\n"
        "print(get_registry().rule_class('PL499').name)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    run = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "signoff-residue"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--code", "PL201"), 'code = "PL201" is taken by another rule'),
        (("--code", "PL050"), "--code must be PL1xx-PL5xx"),
        (("--pattern", "(unclosed"), "--pattern does not compile"),
    ],
)
def test_refuses_bad_requests(tmp_path: Path, extra: tuple[str, ...], message: str) -> None:
    proc = _add(_copy_project(tmp_path), *extra)
    assert proc.returncode == 2 and message in proc.stderr
