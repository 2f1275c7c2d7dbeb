"""``--format sarif``: a SARIF 2.1.0 log for code-scanning services.

One run. ``tool.driver`` carries provlint's name, version and every
registered rule (built-in and plugin) with its summary, its explanation as
help text (Markdown from the rule docstring) and its default level. Each
result points at its rule by ``ruleId`` and ``ruleIndex`` and at the document
by a physical location (artifact URI, region with lines, columns and a
snippet). Every document read is listed in ``artifacts`` with its source and
status, so the log accounts for every input. Columns count Unicode code
points (``columnKind``), as provlint's do. ``partialFingerprints`` carry the
line-independent fingerprint of :mod:`provlint.fingerprint`.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from urllib.parse import quote

from ..fingerprint import Fingerprinter
from ..model import DocumentOutcome, Finding
from ..pipeline import RunSummary
from ..rule import RuleMeta
from .base import Formatter, file_location

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: Used when the installed distribution declares no home page (Project-URL).
DEFAULT_INFORMATION_URI = "https://pypi.org/project/provlint/"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "provlintFingerprint/v1"


def information_uri() -> str:
    """The project's home page from the installed package metadata, else its package index page."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("provlint")
    except PackageNotFoundError:
        return DEFAULT_INFORMATION_URI
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "documentation", "source") and url.strip():
            return str(url).strip()
    home = meta["Home-page"] if "Home-page" in meta else None
    return home.strip() if home and home.strip() else DEFAULT_INFORMATION_URI


def artifact_uri(path: str) -> str:
    """A URI reference for a (relative) path; ``:`` and spaces are percent-encoded."""
    return quote(path, safe="/")


def section(explanation: str, title: str) -> str:
    """The text of one ``## title`` section of a rule explanation."""
    out: list[str] = []
    inside = False
    for line in explanation.splitlines():
        if line.startswith("## "):
            inside = line[3:].strip() == title
            continue
        if inside:
            out.append(line)
    return "\n".join(out).strip()


def rule_descriptor(meta: RuleMeta) -> dict[str, Any]:
    what = section(meta.explanation, "What it does") or meta.summary
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": what},
        "help": {"text": meta.explanation, "markdown": meta.explanation},
        "defaultConfiguration": {"level": LEVEL[meta.severity.value]},
        "properties": {
            "category": meta.category.value,
            "kind": meta.kind,
            "fixable": meta.fixable,
            "tags": [meta.category.value],
        },
    }


class SarifFormatter(Formatter):
    name = "sarif"
    description = "SARIF 2.1.0 log (rules with help text, results with regions, artifacts, fingerprints)."

    def start(self) -> None:
        self.rule_index = {code: i for i, code in enumerate(sorted(self.context.rules))}
        self.artifacts: list[dict[str, Any]] = []
        self.artifact_index: dict[str, int] = {}
        self.results: list[dict[str, Any]] = []
        self.fingerprint = Fingerprinter()
        self.by_rule: Counter[str] = Counter()

    def _artifact(self, path: str, source: str, status: str) -> int:
        index = self.artifact_index.get(path)
        if index is None:
            index = self.artifact_index[path] = len(self.artifacts)
            self.artifacts.append(
                {
                    "location": {"uri": artifact_uri(path)},
                    "roles": ["analysisTarget"],
                    "properties": {"source": source, "status": status},
                }
            )
        return index

    def _result(self, f: Finding) -> None:
        loc = file_location(f)
        index = self._artifact(loc.path, f.source, "linted")
        region: dict[str, Any] = {"startLine": loc.line, "endLine": loc.end_line}
        if loc.column is not None and loc.end_column is not None:
            region["startColumn"] = loc.column
            region["endColumn"] = loc.end_column
        if f.excerpt:
            region["snippet"] = {"text": f.excerpt}
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": LEVEL[f.severity.value],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(loc.path), "index": index},
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: self.fingerprint(f)},
            "properties": {
                "documentId": f.document_id,
                "source": f.source,
                "category": f.category,
                "documentLine": f.line,
                "documentColumn": f.column,
                # a JSON Lines record's identity, each part on its own
                **({"documentUrl": f.url} if f.url else {}),
                **({"file": f.file} if f.file else {}),
                **({"record": f.record} if f.record is not None else {}),
            },
        }
        if f.code in self.rule_index:
            result["ruleIndex"] = self.rule_index[f.code]
        self.by_rule[f.code] += 1
        self.results.append(result)

    def document(self, outcome: DocumentOutcome) -> None:
        self._artifact(file_location_of(outcome), outcome.source, outcome.status)
        for f in outcome.findings:
            self._result(f)

    def finish(self, summary: RunSummary) -> None:
        for f in summary.source_findings:
            self._result(f)
        properties: dict[str, Any] = {
            "stats": summary.stats.to_dict(),
            "scorecards": {s: c.to_dict(self.context.weights) for s, c in summary.scorecards.items()},
        }
        if self.context.statistics:
            properties["statistics"] = dict(sorted(self.by_rule.items()))
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "provlint",
                            "version": self.context.version,
                            "semanticVersion": self.context.version,
                            "informationUri": information_uri(),
                            "rules": [rule_descriptor(self.context.rules[c]) for c in sorted(self.context.rules)],
                        }
                    },
                    "columnKind": "unicodeCodePoints",
                    "artifacts": self.artifacts,
                    "results": self.results,
                    "invocations": [
                        {"executionSuccessful": summary.stats.failed == 0 and summary.stats.rule_errors == 0}
                    ],
                    "properties": properties,
                }
            ],
        }
        json.dump(log, self.stream, indent=2, ensure_ascii=True)
        self.stream.write("\n")


def file_location_of(outcome: DocumentOutcome) -> str:
    """The artifact path of a document (its file, for a JSON Lines record)."""
    from ..fingerprint import normal_path
    from .base import record_file

    return normal_path(record_file(outcome.path or outcome.document_id))
