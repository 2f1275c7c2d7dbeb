"""Every rule case file under cases/ runs here: exact findings, rule by rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from provlint.testing import RuleCase, check_case, load_case_dir

CASES_DIR = Path(__file__).parent / "cases"
CASES = load_case_dir(CASES_DIR)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case: RuleCase) -> None:
    check_case(case)
