"""``--format grouped``: findings under one header per file, for reading a long report.

::

    seeds/002_5eb1399804b75041.txt  (seeds, 2 findings)
      16:1    PL201  [repeated-line] line repeats line 3

Findings starting on one line share one output line, as in ``text``. Then the
same summary, ``--statistics`` counts and scorecards as ``text``.
A document's findings arrive together, so each file's block is written as soon
as the document is linted; end-of-run (source-rule) findings follow in blocks
of their own. Document text is shown through :func:`terminal_safe`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import DocumentOutcome, Finding
from ..pipeline import RunSummary
from .base import terminal_safe
from .text import TextFormatter, same_line_groups


class GroupedFormatter(TextFormatter):
    name = "grouped"
    description = "Findings grouped by file, a header per file, then the summary and scorecards."

    def start(self) -> None:
        super().start()
        self.blocks = 0

    def _block(self, where: str, source: str, findings: Sequence[Finding]) -> None:
        n = len(findings)
        for f in findings:
            self._count(f)
        if not self.listing:
            return
        if self.blocks:
            self.stream.write("\n")
        self.blocks += 1
        self.stream.write(f"{terminal_safe(where)}  ({terminal_safe(source)}, {n} finding{'s' if n != 1 else ''})\n")
        for group in same_line_groups(findings):
            first = group[0]
            pos = f"{first.line}:{first.column}"
            body = " | ".join(
                f"{'' if f.column == first.column else f'col {f.column}: '}{f.severity.value} {f.code}  [{f.name}] "
                f"{terminal_safe(f.message)}"
                for f in group
            )
            self.stream.write(f"  {pos:<8} {body}\n")

    def document(self, outcome: DocumentOutcome) -> None:
        if outcome.findings:
            self._block(outcome.path or outcome.document_id, outcome.source, outcome.findings)

    def finish(self, summary: RunSummary) -> None:
        late: dict[tuple[str, str], list[Finding]] = {}
        for f in summary.source_findings:
            late.setdefault((f.path or f.document_id, f.source), []).append(f)
        for (where, source), findings in late.items():
            self._block(where, source, findings)
        self.tail(summary)
