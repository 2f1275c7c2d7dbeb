"""``--format gitlab``: a GitLab Code Quality report (a JSON array of issues).

Each issue has ``description``, ``check_name`` (the rule code), ``fingerprint``,
``severity`` and ``location.path`` / ``location.lines.begin``. GitLab compares
fingerprints between the merge request and its target branch to show what is
new, so the fingerprint must not contain a line number: it is
:mod:`provlint.fingerprint`'s (rule, source, document, normalised excerpt,
occurrence index), the same identity the baseline uses.
"""

from __future__ import annotations

import json
from typing import Any

from ..fingerprint import Fingerprinter
from ..model import DocumentOutcome, Finding
from ..pipeline import RunSummary
from .base import Formatter, file_location

#: GitLab's scale is info, minor, major, critical, blocker; provlint's three
#: levels take the lower three so that no text finding outranks a security one.
SEVERITY = {"info": "info", "warning": "minor", "error": "major"}


class GitlabFormatter(Formatter):
    name = "gitlab"
    description = "GitLab Code Quality report (JSON array with line-independent fingerprints)."

    def start(self) -> None:
        self.fingerprint = Fingerprinter()
        self.issues: list[dict[str, Any]] = []

    def _issue(self, f: Finding) -> None:
        loc = file_location(f)
        self.issues.append(
            {
                "type": "issue",
                "description": f"{f.code} [{f.name}] {f.message}",
                "check_name": f.code,
                "categories": ["Style"],
                "fingerprint": self.fingerprint(f),
                "severity": SEVERITY[f.severity.value],
                "location": {"path": loc.path, "lines": {"begin": loc.line, "end": loc.end_line}},
            }
        )

    def document(self, outcome: DocumentOutcome) -> None:
        for f in outcome.findings:
            self._issue(f)

    def finish(self, summary: RunSummary) -> None:
        for f in summary.source_findings:
            self._issue(f)
        json.dump(self.issues, self.stream, indent=2, ensure_ascii=True)
        self.stream.write("\n")
