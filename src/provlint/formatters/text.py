"""The default output: one line per location, then a summary and the scorecards.

Location format: ``PATH:LINE:COLUMN: SEVERITY CODE [name] message``. ``PATH`` is the
file a document was read from; a JSON Lines record is ``FILE.jsonl:RECORD``
(the record's line in its file), and ``LINE:COLUMN`` (1-based, code points)
point inside the record's text. A document without a path shows its id.

Findings of one document that start on the same line are written as one
line: the first finding's location, then each finding's ``SEVERITY CODE [name]
message`` joined by `` | `` (a menu line flagged by a residue rule and a
navigation-block rule is printed once); a later finding that starts at
another column says so (``col 153: info CODE [name] message``). End-of-run findings (source rules)
are grouped among themselves the same way.

On a terminal the path, severity and code are coloured (as ruff does); never
with ``--no-color``, ``NO_COLOR`` or when the output is not a terminal. The
summary says how many findings carry a fix. ``--statistics`` replaces the
findings with one row per rule (count, code, name, fixable count), and
``--quiet`` leaves out everything but the findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..model import DocumentOutcome, Finding
from ..pipeline import RunSummary
from .base import Formatter, sorted_counts, terminal_safe

#: Rule names are padded to this width in ``--statistics`` rows (the longest built-in name is 25 characters).
STATISTICS_NAME_WIDTH = 28
_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


class TextFormatter(Formatter):
    name = "text"
    description = "One finding per line (path:line:col: CODE [name] message), then a per-source summary."

    def start(self) -> None:
        self._console: Any = None
        self.counts: Counter[str] = Counter()
        self.by_code: Counter[str] = Counter()
        self.fixable: Counter[str] = Counter()
        #: ``--statistics`` replaces the list of findings with counts per rule.
        self.listing = not self.context.statistics

    @property
    def console(self) -> Any:
        """The rich console for coloured lines, made on first use: plain output never imports rich."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                file=self.stream,
                force_terminal=self.context.color,
                no_color=not self.context.color,
                highlight=False,
                soft_wrap=True,
                width=120 if not self.context.color else None,
            )
        return self._console

    def _count(self, f: Finding) -> None:
        self.counts[f.severity.value] += 1
        self.by_code[f.code] += 1
        if f.fix is not None:
            self.fixable[f.code] += 1

    def document(self, outcome: DocumentOutcome) -> None:
        for group in same_line_groups(outcome.findings):
            self._line(group)

    def _line(self, group: Sequence[Finding]) -> None:
        """One output line for findings of one document starting on one line."""
        first = group[0]
        for f in group:
            self._count(f)
        if not self.listing:
            return
        where = terminal_safe(first.path or first.document_id)
        if self.context.color:
            parts = []
            for f in group:
                style = _SEVERITY_STYLE.get(f.severity.value, "")
                parts.append(
                    _column(f, first) + f"[{style}]{f.severity.value}[/{style}] [bold {style}]{f.code}[/bold {style}] "
                    f"[dim]\\[{f.name}][/dim] {_esc(terminal_safe(f.message))}"
                )
            self.console.print(f"[bold]{_esc(where)}[/bold]:{first.line}:{first.column}: " + " | ".join(parts))
        else:
            body = " | ".join(
                f"{_column(f, first)}{f.severity.value} {f.code} [{f.name}] {terminal_safe(f.message)}" for f in group
            )
            self.stream.write(f"{where}:{first.line}:{first.column}: {body}\n")

    def finish(self, summary: RunSummary) -> None:
        for group in same_line_groups(summary.source_findings):
            self._line(group)
        self.tail(summary)

    def tail(self, summary: RunSummary) -> None:
        """The per-rule counts (``--statistics``), the summary line, the fixable hint and the scorecards."""
        if self.context.statistics and self.by_code:
            for code, n in sorted_counts(self.by_code):
                meta = self.context.rules.get(code)
                name = meta.name if meta else ""
                self.stream.write(f"{n:>6}  {code}  {name:<{STATISTICS_NAME_WIDTH}} {self.fixable[code]:>6} fixable\n")
        if self.context.quiet:
            return
        stats = summary.stats
        total = sum(self.counts.values())
        self.stream.write(
            f"\nFound {total} finding{'s' if total != 1 else ''} "
            f"({self.counts['error']} error, {self.counts['warning']} warning, {self.counts['info']} info) "
            f"in {stats.read} document{'s' if stats.read != 1 else ''} "
            f"(linted {stats.linted}, skipped {stats.skipped}, failed {stats.failed}).\n"
        )
        fixable = sum(self.fixable.values())
        if fixable:
            self.stream.write(f"{fixable} fixable with `provlint fix`.\n")
        if self.context.show_scorecards and summary.scorecards:
            from ..scorecard import Scorecard
            from ..scorecard_formats.table import draw_scorecard

            cards = summary.scorecards.values()
            width = self.console.width if self.stream.isatty() else 200  # a file gets the whole table
            self.stream.write(
                draw_scorecard(cards, self.context.weights, Scorecard.total(cards), width, self.context.color)
            )


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
