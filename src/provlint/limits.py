"""Run limits: the per-document time budget for rules, and where its value lives.

``[tool.provlint.limits] rule-time-budget`` (seconds, default 5; 0 switches
the check off). The engine times every rule call on every document with two
``time.perf_counter()`` reads (well under a microsecond), and a rule whose
call took longer than the budget gets a PL007 finding on that document. The
rule is never interrupted: Python cannot stop a running function safely, its
findings are still valid, and the regular-expression timeout
(:data:`provlint.patterns.PATTERN_TIMEOUT`) already bounds the one kind of
runaway work that can be cut short. Reporting instead of killing keeps the
run deterministic and the common path unchanged.
"""

from __future__ import annotations

from .config import Config, register_section

LIMITS_DEFAULTS = {"rule-time-budget": 5.0}
register_section("limits", LIMITS_DEFAULTS)


def rule_time_budget(config: Config) -> float:
    """The configured budget in seconds; 0 (or less) means no budget."""
    value = config.section("limits").get("rule-time-budget", LIMITS_DEFAULTS["rule-time-budget"])
    return float(value)


def over_budget_message(code: str, name: str, seconds: float, budget: float) -> str:
    return f"rule {code} ({name}) took {seconds:.2f} s on this document (budget {budget:.2f} s)"
