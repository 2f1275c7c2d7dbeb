"""The plugin module named by the ``provlint`` entry point: a ``csv`` output format.

``provlint check --format csv corpus/`` writes a header row and one row per
finding, streamed as documents are linted. People open these files in
spreadsheets, and the text in them is scraped from the web, so two things are
escaped beyond what the csv module does: control characters are removed, and
a cell that a spreadsheet would read as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable

from provlint import Finding, hookimpl
from provlint.formatters.base import Formatter
from provlint.model import DocumentOutcome
from provlint.pipeline import RunSummary

COLUMNS = (
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "code",
    "name",
    "severity",
    "category",
    "source",
    "document_id",
    "message",
    "excerpt",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> str:
    """One spreadsheet-safe cell."""
    text = _CONTROL.sub("", "" if value is None else str(value))
    # A bare carriage return is not a line terminator here (\n is), so the csv
    # module would leave it unquoted and readers would split the row there.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


class CsvFormatter(Formatter):
    name = "csv"
    description = "CSV, one row per finding (spreadsheet-safe: no formulas, no control characters)."

    def start(self) -> None:
        self.writer = csv.writer(self.stream, lineterminator="\n")
        self.writer.writerow(COLUMNS)

    def _row(self, f: Finding) -> None:
        values = {**f.to_dict(), "path": f.path or f.document_id}
        self.writer.writerow([cell(values[c]) for c in COLUMNS])

    def document(self, outcome: DocumentOutcome) -> None:
        for f in outcome.findings:
            self._row(f)

    def finish(self, summary: RunSummary) -> None:
        for f in summary.source_findings:
            self._row(f)


@hookimpl
def provlint_register_formatters(register: Callable[[type], None]) -> None:
    register(CsvFormatter)
