"""The default output: one line per location, then a summary and the scorecards.

Location format: ``PATH:LINE:COLUMN: CODE [name] message``. ``PATH`` is the
file a document was read from; a JSON Lines record is ``FILE.jsonl:RECORD``
(the record's line in its file), and ``LINE:COLUMN`` (1-based, code points)
point inside the record's text. A document without a path shows its id.

Findings of one document that start on the same line are written as one
line: the first finding's location, then each finding's ``CODE [name]
message`` joined by `` | `` (a menu line flagged by a residue rule and a
navigation-block rule is printed once); a later finding that starts at
another column says so (``col 153: CODE [name] message``). End-of-run findings (source rules)
are grouped among themselves the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from rich.console import Console

from ..model import DocumentOutcome, Finding
from ..pipeline import RunSummary
from .base import Formatter, sorted_counts, terminal_safe

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


class TextFormatter(Formatter):
    name = "text"
    description = "One finding per line (path:line:col: CODE [name] message), then a per-source summary."

    def start(self) -> None:
        self.console = Console(
            file=self.stream,
            force_terminal=self.context.color,
            no_color=not self.context.color,
            highlight=False,
            soft_wrap=True,
            width=120 if not self.context.color else None,
        )
        self.counts: Counter[str] = Counter()
        self.by_code: Counter[str] = Counter()

    def document(self, outcome: DocumentOutcome) -> None:
        for group in same_line_groups(outcome.findings):
            self._line(group)

    def _line(self, group: Sequence[Finding]) -> None:
        """One output line for findings of one document starting on one line."""
        first = group[0]
        for f in group:
            self.counts[f.severity.value] += 1
            self.by_code[f.code] += 1
        where = terminal_safe(first.path or first.document_id)
        if self.context.color:
            parts = []
            for f in group:
                style = _SEVERITY_STYLE.get(f.severity.value, "")
                parts.append(
                    _column(f, first)
                    + f"[{style}]{f.code}[/{style}] [dim]\\[{f.name}][/dim] {_esc(terminal_safe(f.message))}"
                )
            self.console.print(f"[bold]{_esc(where)}[/bold]:{first.line}:{first.column}: " + " | ".join(parts))
        else:
            body = " | ".join(f"{_column(f, first)}{f.code} [{f.name}] {terminal_safe(f.message)}" for f in group)
            self.stream.write(f"{where}:{first.line}:{first.column}: {body}\n")

    def finish(self, summary: RunSummary) -> None:
        for group in same_line_groups(summary.source_findings):
            self._line(group)
        self.tail(summary)

    def tail(self, summary: RunSummary) -> None:
        """The summary line, the per-rule counts (``--statistics``) and the scorecards."""
        stats = summary.stats
        total = sum(self.counts.values())
        self.stream.write(
            f"\nFound {total} finding{'s' if total != 1 else ''} "
            f"({self.counts['error']} error, {self.counts['warning']} warning, {self.counts['info']} info) "
            f"in {stats.read} document{'s' if stats.read != 1 else ''} "
            f"(linted {stats.linted}, skipped {stats.skipped}, failed {stats.failed}).\n"
        )
        if self.context.statistics and self.by_code:
            self.stream.write("\n")
            for code, n in sorted_counts(self.by_code):
                meta = self.context.rules.get(code)
                self.stream.write(f"{n:>6}  {code}  {meta.name if meta else ''}\n")
        if self.context.show_scorecards and summary.scorecards:
            self.stream.flush()
            from ..scorecard import Scorecard
            from ..scorecard_formats.table import scorecard_table

            cards = summary.scorecards.values()
            wide = Console(
                file=self.stream,
                force_terminal=self.context.color,
                no_color=not self.context.color,
                highlight=False,
                width=self.console.width if self.stream.isatty() else 200,  # a file gets the whole table
            )
            wide.print(scorecard_table(cards, self.context.weights, Scorecard.total(cards)))


def _column(f: Finding, first: Finding) -> str:
    """``col N: `` for a grouped finding that starts at another column than the line's location."""
    return "" if f.column == first.column else f"col {f.column}: "


def same_line_groups(findings: Iterable[Finding]) -> Iterator[list[Finding]]:
    """Runs of consecutive findings of one document that start on the same line.

    A document's findings come sorted by offset, so findings starting on one
    line are neighbours; streaming keeps memory to one group.
    """
    group: list[Finding] = []
    for f in findings:
        if group and (f.document_id != group[0].document_id or f.path != group[0].path or f.line != group[0].line):
            yield group
            group = []
        group.append(f)
    if group:
        yield group


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)
