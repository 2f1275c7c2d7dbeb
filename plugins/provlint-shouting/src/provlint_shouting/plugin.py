"""The plugin module named by the ``provlint`` entry point."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from provlint import Category, DocumentRule, Finding, PreparedDocument, Severity, hookimpl


class ShoutingLine(DocumentRule):
    """
    ## What it does
    Reports lines of at least ``min-letters`` letters of which at least
    ``min-share`` are capitals, such as ``BREAKING: YOU WON'T BELIEVE THIS``.

    ## Why it matters
    All-caps lines are clickbait headlines, banner residue or spam; readers
    and quality filters treat them as low-quality text. Lines of a code
    listing (``doc.code_lines``) are passed over: constants and comments
    written in capitals are code, not shouting.

    ## Example
    ```
    BREAKING NEWS: MARKETS CRASH AS NOBODY EXPECTED
    ```
    gives ``PL901 line is shouting (100% capitals)``.
    """

    code = "PL901"
    name = "shouting-line"
    category = Category.REWRITE
    severity = Severity.WARNING
    summary = "A line written in capital letters."
    options = {"min_letters": 12, "min_share": 0.9}

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        min_letters = int(self.opts["min_letters"])
        min_share = float(self.opts["min_share"])
        code: frozenset[int] | None = None  # the code listings' lines, looked for at the first candidate
        for line in doc.lines:
            text = line.text
            # Cheap gate first: a shouting line has at least min_letters capitals.
            upper = sum(map(str.isupper, text))
            if upper < min_letters * min_share:
                continue
            letters = sum(map(str.isalpha, text))
            if letters < min_letters:
                continue
            share = upper / letters
            if share >= min_share:
                if code is None:
                    code = doc.code_lines
                if line.index in code:
                    continue  # a listing's constant or comment (``# INVALID EXAMPLES``) is code, not shouting
                lead = len(line.text) - len(line.text.lstrip())
                yield self.finding(
                    doc,
                    line.start + lead,
                    line.start + len(line.text.rstrip()),
                    f"line is shouting ({share:.0%} capitals)",
                )


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    register(ShoutingLine)
