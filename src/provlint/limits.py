"""Run limits: the largest document linted, and the per-document time budget for rules.

``[tool.provlint.limits] max-document-chars`` (default 10,000,000; 0: no
limit): a document with more characters is skipped with a PL008 finding and
counted, instead of holding millions of line, sentence and word objects for
every rule. No article is that long; such input is a dump or a broken export.
``max-document-lines`` (default 200,000; 0: no limit) bounds the line count the
same way: every rule does some work per line, so a 2 MB file of a million
one-character lines would cost as much as a hundred real pages; at the limit a
document still finishes in a few seconds.

``[tool.provlint.limits] rule-time-budget`` (seconds, default 5; 0 switches
the check off). The engine times every rule call on every document with two
``time.perf_counter()`` reads (well under a microsecond), and a rule whose
call took longer than the budget is reported as a PL007 run diagnostic
(``RunStats.slow_rules``: a warning on standard error and the ``timings``
block of JSON output), never as a finding, since it depends on the machine's
load. Rules are warmed up first (``Engine.warm_up``), so loading data is not
counted. The rule is never interrupted: Python cannot stop a running function safely, its
findings are still valid, and the regular-expression timeout
(:data:`provlint.patterns.PATTERN_TIMEOUT`) already bounds the one kind of
runaway work that can be cut short. Reporting instead of killing keeps the
run deterministic and the common path unchanged.
"""

from __future__ import annotations

from .config import Config


def rule_time_budget(config: Config) -> float:
    """The configured budget in seconds; 0 (or less) means no budget."""
    return float(config.limits.rule_time_budget)


def max_document_chars(config: Config) -> int:
    """The configured size limit in characters; 0 means no limit."""
    return int(config.limits.max_document_chars)


def max_document_lines(config: Config) -> int:
    """The configured line limit; 0 means no limit."""
    return int(config.limits.max_document_lines)


def line_count(text: str) -> int:
    """Lines as preparation splits them (``\\r\\n``, ``\\r`` and ``\\n`` end a line), counted in C."""
    return text.count("\n") + text.count("\r") - text.count("\r\n") + 1


def too_many_lines_message(lines: int, limit: int) -> str:
    return f"document has {lines:,} lines, over the limit of {limit:,} ([limits] max-document-lines); skipped"


def too_large_message(chars: int, limit: int) -> str:
    return f"document has {chars:,} characters, over the limit of {limit:,} ([limits] max-document-chars); skipped"
