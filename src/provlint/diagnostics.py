"""Engine diagnostics: the PL0xx codes the engine reports itself, as metadata.

These are not rules: nothing here is ever run on a document. Each class
carries a code's metadata (from :mod:`provlint.model`) and its explanation,
so that ``provlint rules``, ``provlint rule PL004`` and docs/rules/ list it,
and ``select``/``ignore`` choose it, like any rule. The engine, the readers
and the parallel runners report them (see :mod:`provlint.engine`).
"""

from __future__ import annotations

from collections.abc import Callable

from .hookspecs import hookimpl
from .model import (
    BINARY_INPUT_SKIPPED,
    DOCUMENT_TOO_LARGE,
    DUPLICATE_DOCUMENT_ID,
    RULE_CRASHED,
    RULE_OVER_TIME_BUDGET,
    UNREADABLE_DOCUMENT,
)
from .rule import EngineDiagnostic


class UnreadableDocument(EngineDiagnostic):
    """
    ## What it does
    Reports input that could not become a document: a file that cannot be
    opened, a JSON Lines record that is malformed, is not an object, or has no
    string ``text`` field. The finding names the file and line and says why.

    ## Why it matters
    A corpus run must account for every input. A record that silently vanishes
    skews counts and scorecards and hides broken exports upstream.

    ## Example
    A JSON Lines file whose line 7 reads ``{"id": 3, "text": }`` gives
    ``corpus.jsonl:7:1: PL001 [unreadable-document] line 7: malformed JSON: Expecting value at column 20``.
    """

    diagnostic = UNREADABLE_DOCUMENT


class BinaryInputSkipped(EngineDiagnostic):
    """
    ## What it does
    Reports files that are binary (a known signature such as PDF, PNG, ZIP or
    ELF, or NUL bytes in the first 8 KiB) and were therefore skipped, not read
    as text.

    ## Why it matters
    Reading binary data as text produces garbage findings and garbage
    scorecards; skipping it silently loses track of the input.

    ## Example
    ``scraped/logo.png`` in a folder of articles gives
    ``PL003 [binary-input-skipped] binary file skipped (PNG image)``.
    """

    diagnostic = BINARY_INPUT_SKIPPED


class RuleCrashed(EngineDiagnostic):
    """
    ## What it does
    Reports a rule (built-in or from a plugin) that raised an exception or
    whose pattern timed out on a document. The message names the rule and the
    exception; ``--verbose`` prints the traceback.

    ## Why it matters
    One faulty rule must not stop a run over millions of documents, but its
    failure must not pass unseen either: the document was only partly checked.

    ## Example
    ``PL004 [rule-crashed] rule PL901 (shouting-headline) crashed: ZeroDivisionError: division by zero``.
    """

    diagnostic = RULE_CRASHED


class DuplicateDocumentId(EngineDiagnostic):
    """
    ## What it does
    Reports a document whose id was already used by an earlier document of
    the same run (the same JSON Lines ``id`` twice, or one file given twice).
    The run keeps a 64-bit hash of every id it has seen, so memory stays
    bounded (about 70 bytes per document) however long the ids are.

    ## Why it matters
    Findings, fixes and downstream joins are keyed by document id: two
    documents with one id cannot be told apart, and a re-exported or
    double-scraped record skews the source's scorecard.

    ## Example
    A JSON Lines file whose lines 1 and 9 both say ``"id": "story-17"`` gives,
    on line 9, ``PL006 [duplicate-document-id] document id 'story-17' was
    already used by an earlier document in this run``.
    """

    diagnostic = DUPLICATE_DOCUMENT_ID


class RuleOverTimeBudget(EngineDiagnostic):
    """
    ## What it does
    Reports a rule (built-in or from a plugin) that took longer than the
    configured per-document budget (``[tool.provlint.limits]
    rule-time-budget``, seconds; default 5, 0 switches the check off) on one
    document. The rule is not stopped: its findings are kept and the run goes
    on. Rules load their data in a warm-up step before timing starts, so a
    first call that loads a dictionary is not mistaken for a slow one.

    A slow call depends on the machine's load, not on the text, so it is a
    run diagnostic, never a finding: it is counted in the run's statistics,
    printed as a warning on standard error and listed in the ``timings``
    block of JSON output, and it never enters findings, scorecards or
    baselines (output stays identical whatever ``--jobs``).

    ## Why it matters
    A rule that is slow on some inputs (a plugin with a quadratic loop, a
    pattern close to its timeout) turns a corpus run of hours into days. The
    warning names the rule and the document so the cause can be found and
    the rule fixed, configured or switched off.

    ## Example
    ``provlint: warning: rule PL901 (shouting-headline) took 7.31 s on
    pages/a.txt (budget 5.00 s)``.
    """

    diagnostic = RULE_OVER_TIME_BUDGET


class DocumentTooLarge(EngineDiagnostic):
    """
    ## What it does
    Reports a document longer than ``[tool.provlint.limits]
    max-document-chars`` (default 10,000,000 characters) or with more lines
    than ``max-document-lines`` (default 200,000; 0 switches either off).
    The document is skipped, not linted, and counted as skipped.

    ## Why it matters
    No article is ten million characters long: such input is a database dump,
    a concatenation gone wrong or a hostile file. Linting it would hold
    millions of line, sentence and word objects in memory and stall an
    unattended run; skipping it with a finding keeps the run bounded and the
    input accounted for.

    ## Example
    A file holding one 100 MB line gives ``PL008 [document-too-large]
    document has 100,000,000 characters, over the limit of 10,000,000
    ([limits] max-document-chars); skipped``; a 2 MB file of a million
    one-character lines gives ``document has 1,000,001 lines, over the
    limit of 200,000 ([limits] max-document-lines); skipped``.
    """

    diagnostic = DOCUMENT_TOO_LARGE


DIAGNOSTIC_CLASSES: tuple[type[EngineDiagnostic], ...] = (
    UnreadableDocument,
    BinaryInputSkipped,
    RuleCrashed,
    DuplicateDocumentId,
    RuleOverTimeBudget,
    DocumentTooLarge,
)


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    for cls in DIAGNOSTIC_CLASSES:
        register(cls)
