from __future__ import annotations

from pathlib import Path

import pytest
from provlint_shouting.plugin import ShoutingLine

from provlint.testing import RuleCase, check_case, load_case_dir, run_rule

CASES = load_case_dir(Path(__file__).parent / "cases")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cases(case: RuleCase) -> None:
    check_case(case, ShoutingLine)


def test_rule_class_runs_without_installation() -> None:
    result = run_rule(ShoutingLine, "ALL CAPS LINE THAT IS LONG ENOUGH")
    assert [(f.code, f.line, f.column) for f in result.findings] == [("PL901", 1, 1)]
