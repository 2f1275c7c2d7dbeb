"""Baselines: accept today's findings, fail only on new ones.

A team adopting provlint on an existing corpus records the current findings
once (``provlint check --write-baseline provlint-baseline.json``) and from
then on runs with ``--baseline provlint-baseline.json``: findings recorded in
the baseline are left out of the report and the exit code, new ones are
reported, and recorded ones that no longer occur are counted as fixed.

Findings are matched by :mod:`provlint.fingerprint` (rule, source, document,
normalised excerpt, occurrence index), never by line, so editing a document
above a finding or moving its lines does not make the finding new.

The file is JSON with sorted keys, one entry per finding, entries sorted by
document, rule and fingerprint, so that it diffs cleanly under version
control. The format is documented in docs/baseline.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from .fingerprint import Fingerprinter, document_key, document_key_of
from .model import DocumentOutcome, Finding

FORMAT_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or is not a provlint baseline."""


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    code: str
    document: str
    excerpt: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {
            "fingerprint": self.fingerprint,
            "code": self.code,
            "document": self.document,
            "excerpt": self.excerpt,
            "message": self.message,
        }

    def sort_key(self) -> tuple[str, str, str]:
        return (self.document, self.code, self.fingerprint)


def entry_for(finding: Finding, fingerprint: str) -> BaselineEntry:
    return BaselineEntry(fingerprint, finding.code, document_key(finding), finding.excerpt, finding.message)


def write_baseline(out: str | Path | TextIO, findings: Iterable[Finding]) -> int:
    """Record ``findings`` (in report order) in ``out`` (a path, written atomically, or a text stream);
    returns the number of entries."""
    fingerprint = Fingerprinter()
    entries = sorted((entry_for(f, fingerprint(f)) for f in findings), key=BaselineEntry.sort_key)
    data = {"tool": "provlint", "version": FORMAT_VERSION, "findings": [e.to_dict() for e in entries]}
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if isinstance(out, (str, Path)):
        from .atomic_write import write_bytes

        write_bytes(out, text.encode("utf-8", "backslashreplace"))
    else:
        out.write(text)
    return len(entries)


def load_baseline(path: str | Path) -> dict[str, BaselineEntry]:
    """The entries of a baseline file, by fingerprint."""
    try:
        data: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise BaselineError(f"{path}: not a JSON baseline: {exc}") from None
    except RecursionError:
        raise BaselineError(f"{path}: the baseline is nested too deeply to be a provlint baseline") from None
    if not isinstance(data, dict) or data.get("tool") != "provlint" or not isinstance(data.get("findings"), list):
        raise BaselineError(
            f'{path}: not a provlint baseline (expected an object with tool = "provlint" and a findings list)'
        )
    if data.get("version") != FORMAT_VERSION:
        raise BaselineError(
            f"{path}: baseline format version {data.get('version')!r} is not supported (expected {FORMAT_VERSION})"
        )
    entries: dict[str, BaselineEntry] = {}
    keys = ("fingerprint", "code", "document", "excerpt", "message")
    for i, raw in enumerate(data["findings"]):
        if not isinstance(raw, dict) or any(k not in raw for k in keys):
            raise BaselineError(f"{path}: findings[{i}]: needs fingerprint, code, document, excerpt and message")
        wrong = next((k for k in keys if not isinstance(raw[k], str)), None)
        if wrong is not None:
            # A number or list here would be turned into a string that matches nothing (or the wrong finding).
            raise BaselineError(
                f"{path}: findings[{i}].{wrong}: expected a string, got {type(raw[wrong]).__name__} {raw[wrong]!r:.60}"
            )
        if not raw["fingerprint"]:
            raise BaselineError(f"{path}: findings[{i}].fingerprint: must not be empty")
        entry = BaselineEntry(**{k: raw[k] for k in keys})
        entries[entry.fingerprint] = entry
    return entries


@dataclass
class BaselineFilter:
    """Drops findings recorded in a baseline, as the run goes.

    Pass each document's outcome through :meth:`outcome` and the end-of-run
    findings through :meth:`new_findings`, in report order. Afterwards
    ``matched`` counts the findings the baseline accepted and :meth:`fixed`
    lists the entries of the documents seen in this run that no longer occur
    (entries for documents this run did not read are neither fixed nor new).
    """

    entries: dict[str, BaselineEntry]
    matched: int = 0
    _seen: set[str] = field(default_factory=set)
    _documents: set[str] = field(default_factory=set)
    _fingerprint: Fingerprinter = field(default_factory=Fingerprinter)

    @classmethod
    def from_file(cls, path: str | Path) -> BaselineFilter:
        return cls(load_baseline(path))

    def outcome(self, outcome: DocumentOutcome) -> DocumentOutcome:
        """The outcome with only the findings the baseline does not hold."""
        self._documents.add(document_key_of(outcome.path, outcome.document_id))
        return replace(outcome, findings=self.new_findings(outcome.findings))

    def new_findings(self, findings: Iterable[Finding]) -> tuple[Finding, ...]:
        out = []
        for f in findings:
            fp = self._fingerprint(f)
            if fp in self.entries:
                self._seen.add(fp)
                self.matched += 1
            else:
                out.append(f)
        return tuple(out)

    def fixed(self) -> list[BaselineEntry]:
        """Baseline entries no finding of this run matched (the problem is gone)."""
        return sorted(
            (e for fp, e in self.entries.items() if fp not in self._seen and e.document in self._documents),
            key=BaselineEntry.sort_key,
        )
