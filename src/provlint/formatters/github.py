"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::warning file=a.txt,line=3,col=1,endLine=3,endColumn=9,title=PL201 (repeated-line)::line repeats line 1``

GitHub parses these from a step's output and shows them on the pull request.
Values are escaped as the runner expects: in the message ``%``, ``\\r`` and
``\\n`` become ``%25``, ``%0D`` and ``%0A``; in properties ``:`` and ``,`` also
become ``%3A`` and ``%2C``; other control characters are written as ``\\xNN``.
Scraped text can therefore never end an annotation early or inject a second
workflow command. Bidirectional controls (U+202E ...) are written as ``\\u202e``
so a log line cannot be shown reversed.

A file name holding control characters (an ANSI colour sequence, say) cannot
be named in ``file=``: written raw it would act in the log, written escaped it
names a file that does not exist. Such an annotation leaves out the location
properties and starts its message with the escaped path instead.
"""

from __future__ import annotations

from ..model import DocumentOutcome, Finding
from ..pipeline import RunSummary
from .base import Formatter, escape_controls, file_location, has_controls

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    # Other control characters (ESC colouring the log, NUL) are shown, not sent.
    return escape_controls(escaped)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    loc = file_location(f)
    props: list[tuple[str, str]] = []
    message = f"{f.code} {f.message}"
    if has_controls(loc.path):
        message = f"{loc.path}:{loc.line}: {message}"
    else:
        props += [("file", loc.path), ("line", str(loc.line))]
        if loc.column is not None:
            props.append(("col", str(loc.column)))
        props.append(("endLine", str(loc.end_line)))
        if loc.end_column is not None:
            props.append(("endColumn", str(loc.end_column)))
    props.append(("title", f"{f.code} ({f.name})"))
    head = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{_LEVEL[f.severity.value]} {head}::{escape_data(message)}"


class GithubFormatter(Formatter):
    name = "github"
    description = "GitHub Actions workflow-command annotations (::error file=...,line=...::message)."

    def document(self, outcome: DocumentOutcome) -> None:
        for f in outcome.findings:
            self.stream.write(annotation(f) + "\n")

    def finish(self, summary: RunSummary) -> None:
        for f in summary.source_findings:
            self.stream.write(annotation(f) + "\n")
