"""The formatter interface: findings stream in, one document at a time.

A formatter is told ``start()``, then ``document(outcome)`` for each input item
in input order, then ``finish(summary)`` with the end-of-run findings, the
scorecards and the accounting. Streaming formats write as they go; whole-report
formats (JSON, SARIF) keep only what they must.

Every formatter that embeds document text must escape it for its format:
scraped text is untrusted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TextIO

import regex

from ..model import DocumentOutcome, Finding
from ..pipeline import RunSummary
from ..rule import RuleMeta


@dataclass(frozen=True)
class FormatContext:
    version: str
    rules: Mapping[str, RuleMeta] = field(default_factory=dict)
    color: bool = False
    verbose: bool = False
    show_scorecards: bool = True
    statistics: bool = False
    weights: Mapping[str, Any] = field(default_factory=dict)
    #: ``--quiet``: the findings only (human formats leave out the summary and the scorecards).
    quiet: bool = False


class Formatter:
    name: ClassVar[str]
    description: ClassVar[str]

    @classmethod
    def findings_encoder(cls) -> Callable[[tuple[Finding, ...]], str] | None:
        """Optional: a module-level function of one document's findings to the text ``document`` writes for them.

        Only for a format whose text for a document depends on its findings alone. ``--jobs`` workers then
        call it, and ``document`` receives the text with the findings
        (:func:`provlint.encoded_findings.encoded_text`), so the parent process only writes it. None: the
        format writes everything itself.
        """
        return None

    def __init__(self, stream: TextIO, context: FormatContext) -> None:
        self.stream = stream
        self.context = context

    def start(self) -> None:
        """Called once before the first document."""

    def document(self, outcome: DocumentOutcome) -> None:
        raise NotImplementedError

    def finish(self, summary: RunSummary) -> None:
        raise NotImplementedError


# C0 and C1 control characters except tab, plus the DEL character. ESC (\x1b)
# is among them, so no ANSI sequence from a document reaches the terminal.
# So are the bidirectional embedding, override and isolate controls (U+202A-
# U+202E, U+2066-U+2069): a scraped U+202E would otherwise reverse the rest of
# the line as a terminal, a CI log or a Markdown viewer shows it ("Trojan
# Source"); they are written as \u202e, visible and inert.
_CONTROL = regex.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str | None) -> str:
    """Text with control characters shown as escapes (``\\x1b``) instead of acting."""
    if not text:
        return ""
    return escape_controls(text.replace("\n", "\\n").replace("\r", "\\r"))


def escape_controls(text: str) -> str:
    """Control characters other than tab written as ``\\xNN``, bidirectional controls as ``\\uNNNN``."""
    return str(_CONTROL.sub(_escape, text))


def has_controls(text: str) -> bool:
    """Whether :func:`escape_controls` would change ``text``."""
    return _CONTROL.search(text) is not None


def _escape(match: regex.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True)
class FileLocation:
    """Where a finding sits in a file of the repository, as CI annotations need it.

    A text file's finding keeps its own line and columns. A JSON Lines record
    (path ``corpus.jsonl:12``) is one line of its file: the location is that
    line, and columns inside the record's text do not apply (``column`` None).
    """

    path: str
    line: int
    column: int | None
    end_line: int
    end_column: int | None


_RECORD_PATH = regex.compile(r"^(.+\.(?:jsonl|ndjson)(?:\.gz)?):(\d+)$", regex.IGNORECASE)


def record_file(path: str) -> str:
    """The file part of a JSON Lines record's path (``corpus.jsonl:12`` -> ``corpus.jsonl``)."""
    record = _RECORD_PATH.match(path)
    return record.group(1) if record else path


def file_location(finding: Finding) -> FileLocation:
    from ..fingerprint import normal_path

    path = finding.path or finding.document_id
    record = _RECORD_PATH.match(path)
    if record:
        line = int(record.group(2))
        return FileLocation(normal_path(record.group(1)), line, None, line, None)
    return FileLocation(normal_path(path), finding.line, finding.column, finding.end_line, finding.end_column)


def sorted_counts(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Per-rule counts, most frequent first, then by code (the ``--statistics`` order)."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
