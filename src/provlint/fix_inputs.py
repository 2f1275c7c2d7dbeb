"""Fix files and JSON Lines records: lint a whole run first, then rewrite.

Source rules (a line repeated across a site's pages) can only decide once every
document of a source has been seen, so fixing is two passes: :func:`plan_fixes`
lints all inputs together and keeps only the findings that carry a fix, keyed
by the document's location; then :func:`fix_text_file` and
:func:`fix_jsonl_records` re-read each input and apply them. Re-reading (rather
than holding every text in memory) keeps large JSON Lines corpora streaming.

For JSON Lines every field of a record is kept; the text field is replaced by
the fixed text, and ``provlint_fixes`` / ``provlint_fixes_skipped`` list what
was done. Lines that are not records provlint could lint are copied unchanged.

Core module: no CLI, no formatters.
"""

from __future__ import annotations

import codecs
import gzip
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .config import Config
from .fixes import FixResult, apply_fixes, max_removed_share
from .model import RULE_CRASHED, UNREADABLE_DOCUMENT, DocumentOutcome, Finding, RunStats
from .pipeline import Pipeline, RunSummary
from .readers import InputFile, input_files
from .readers.decoding import decode_bytes

FIXES_FIELD = "provlint_fixes"
SKIPPED_FIELD = "provlint_fixes_skipped"
#: Engine findings that mean an input was not (fully) fixed: unreadable input, crashed rule.
PROBLEM_CODES = (UNREADABLE_DOCUMENT.code, RULE_CRASHED.code)
#: Readers whose inputs provlint knows how to write back.
WRITABLE_READERS = ("text", "jsonl")


@dataclass
class FixPlan:
    """The fixable findings of one lint run, by document location (``Finding.path``)."""

    config: Config
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    #: Findings about inputs that could not be read (PL001) and crashed rules (PL004).
    problems: list[Finding] = field(default_factory=list)
    stats: RunStats = field(default_factory=RunStats)

    @property
    def max_share(self) -> float:
        return max_removed_share(self.config)

    def fix(self, label: str, text: str) -> FixResult:
        return apply_fixes(text, self.findings.get(label, ()), self.max_share)


@dataclass(frozen=True)
class FixedDocument:
    """One document before and after fixing; ``label`` is its location (file, or ``file.jsonl:LINE``)."""

    label: str
    original: str
    result: FixResult
    #: For text files: how to write the text back so that the bytes no fix covers stay as they were
    #: (the encoding it was decoded with, and its byte-order mark). None when that is impossible.
    encoding: str | None = "utf-8"
    bom: bytes = b""

    def fixed_bytes(self) -> bytes | None:
        """The fixed text in the file's own encoding, or None when the file cannot be written back losslessly."""
        if self.encoding is None:
            return None
        return self.bom + self.result.text.encode(self.encoding)


class FixPlanSink:
    """Builds a :class:`FixPlan` from a lint run: fixable findings by location, and the problems."""

    def __init__(self, config: Config) -> None:
        self.plan = FixPlan(config)
        self._by_label: dict[str, list[Finding]] = defaultdict(list)

    def _keep(self, finding: Finding) -> None:
        if finding.fix is not None:
            self._by_label[finding.path or finding.document_id].append(finding)
        elif finding.code in PROBLEM_CODES:
            self.plan.problems.append(finding)

    def start(self) -> None:
        pass

    def document(self, outcome: DocumentOutcome) -> None:
        for finding in outcome.findings:
            self._keep(finding)

    def finish(self, summary: RunSummary) -> None:
        for finding in summary.source_findings:
            self._keep(finding)
        self.plan.findings = dict(self._by_label)
        self.plan.stats = summary.stats


def plan_fixes(paths: Iterable[str], config: Config) -> FixPlan:
    """Lint every input in one run (so source rules see whole sources) and keep the fixable findings."""
    pipeline = Pipeline(config)
    sink = FixPlanSink(config)
    pipeline.run(pipeline.read(list(paths)), [sink])
    return sink.plan


def files_to_fix(paths: Iterable[str], config: Config) -> list[InputFile]:
    """The files the paths expand to, as ``provlint check`` reads them."""
    pipeline = Pipeline(config)
    readers = {name: c.obj for name, c in pipeline.registry.readers.items()}
    return list(input_files(list(paths), config.input, readers))


def fix_text_file(path: Path, plan: FixPlan) -> FixedDocument | None:
    """The fixed text of a text file, or None when it is not text (binary, unreadable)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    decoded = decode_bytes(data, plan.config.input.encoding)
    if decoded.binary:
        return None
    label = str(path)
    encoding: str | None = decoded.encoding
    bom = next((b for b in _BOMS if data.startswith(b)), b"")
    if decoded.encoding == "utf-16":
        encoding = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    try:
        if bom + decoded.text.encode(encoding or "utf-8") != data:
            encoding = None  # decoded with replacement characters: writing it back would change other bytes
    except (UnicodeEncodeError, LookupError):
        encoding = None
    return FixedDocument(label, decoded.text, plan.fix(label, decoded.text), encoding, bom)


_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def open_jsonl(path: Path, mode: str) -> IO[bytes]:
    """Open a JSON Lines file for binary reading or writing, gzipped when the name ends in ``.gz``."""
    if path.suffix == ".gz":
        return gzip.open(path, mode + "b")  # type: ignore[return-value]
    return open(path, mode + "b")


def fix_jsonl_records(stream: IO[bytes], label: str, plan: FixPlan) -> Iterator[tuple[bytes, FixedDocument | None]]:
    """Each output line of a JSON Lines input, with the document it holds when provlint linted one.

    Line numbers match the reader's (``label:LINE``), so the plan's findings
    find their records.
    """
    text_key = plan.config.input.fields["text"]
    for lineno, raw in enumerate(stream, start=1):
        record = _record(raw, text_key)
        if record is None:
            yield raw, None
            continue
        where = f"{label}:{lineno}"
        original = record[text_key]
        result = plan.fix(where, original)
        record[text_key] = result.text
        record[FIXES_FIELD] = [a.to_dict() for a in result.applied]
        record[SKIPPED_FIELD] = [s.to_dict() for s in result.skipped]
        line = json.dumps(record, ensure_ascii=False) + "\n"
        yield line.encode("utf-8"), FixedDocument(where, original, result)


def _record(raw: bytes, text_key: str) -> dict[str, Any] | None:
    """The record on this line when the reader would have linted it, else None (copied as is)."""
    if not raw.strip():
        return None
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get(text_key), str):
        return None
    return record


def crashed(plan: FixPlan) -> list[Finding]:
    return [f for f in plan.problems if f.code == RULE_CRASHED.code]


__all__ = [
    "FIXES_FIELD",
    "SKIPPED_FIELD",
    "WRITABLE_READERS",
    "FixPlan",
    "FixedDocument",
    "crashed",
    "files_to_fix",
    "fix_jsonl_records",
    "fix_text_file",
    "open_jsonl",
    "plan_fixes",
]
