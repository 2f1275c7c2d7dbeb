"""The default output: one finding per line, then a summary and the scorecards."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

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
        for finding in outcome.findings:
            self._line(finding)

    def _line(self, f: Finding) -> None:
        self.counts[f.severity.value] += 1
        self.by_code[f.code] += 1
        where = terminal_safe(f.path or f.document_id)
        message = terminal_safe(f.message)
        style = _SEVERITY_STYLE.get(f.severity.value, "")
        if self.context.color:
            self.console.print(
                f"[bold]{_esc(where)}[/bold]:{f.line}:{f.column}: [{style}]{f.code}[/{style}] [dim]\\[{f.name}][/dim] {_esc(message)}"
            )
        else:
            self.stream.write(f"{where}:{f.line}:{f.column}: {f.code} [{f.name}] {message}\n")

    def finish(self, summary: RunSummary) -> None:
        for f in summary.source_findings:
            self._line(f)
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
            self.console.print(scorecard_table(summary, self.context.weights))


def scorecard_table(summary: RunSummary, weights: object = None) -> Table:
    table = Table(title="Scorecard per source", title_justify="left")
    for column, justify in (
        ("source", "left"),
        ("docs", "right"),
        ("words", "right"),
        ("findings", "right"),
        ("per 1k words", "right"),
        ("boilerplate", "right"),
        ("score", "right"),
        ("grade", "center"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for source, card in summary.scorecards.items():
        data = card.to_dict(weights)  # type: ignore[arg-type]
        table.add_row(
            _esc(terminal_safe(source)),
            str(card.documents),
            f"{card.words:,}",
            str(card.findings),
            f"{data['findings_per_1000_words']:.1f}",
            f"{100 * data['boilerplate_share']:.1f}%",
            f"{data['score']:.1f}",
            data["grade"],
        )
    return table


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)
