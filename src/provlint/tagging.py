"""Per-record annotations for pipelines (``provlint tag``): findings as spans and per-document scores.

Corpus pipelines (dolma's mixer, datatrove, Spark jobs) do not read reports:
they join a column or an attribute file to their documents and filter on it.
A :class:`RecordTags` is that row for one input record: its id, every finding
as a (start, end, code, severity) span in the record's raw text (code points,
as Python slices), and scores measured on the document. Findings that only
the end of a run can decide (site boilerplate seen across pages) are merged
into their record's row, so a row is complete.

Scores (all per document):

- ``flagged_share``: share of the text's characters covered by at least one
  scraping or duplication finding (PL1xx, PL2xx; the union of their spans), the
  part a cleaning step would remove.
- ``findings_per_1k_words``: findings of every category per 1,000 words.
- ``findings``, ``errors``, ``warnings``, ``infos``, ``words``, ``chars``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .model import Finding, Severity

#: Code prefixes whose spans count towards ``flagged_share``: text a cleaning step removes.
REMOVABLE_PREFIXES = ("PL1", "PL2")
#: A span's score in dolma attributes: how bad the finding is, comparable across codes.
SEVERITY_SCORE: Mapping[str, float] = {"info": 0.25, "warning": 0.5, "error": 1.0}


@dataclass(frozen=True)
class TagSpan:
    start: int
    end: int
    code: str
    severity: str


@dataclass(frozen=True)
class DocumentScores:
    words: int
    chars: int
    findings: int
    errors: int
    warnings: int
    infos: int
    flagged_share: float
    findings_per_1k_words: float


@dataclass(frozen=True)
class RecordTags:
    """One input record's annotations, in input order."""

    id: str
    source: str
    path: str | None
    status: str  # linted | skipped | failed
    spans: tuple[TagSpan, ...]
    scores: DocumentScores

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines / Parquet row: ``spans`` as a list of objects, ``scores`` as an object."""
        return {
            "id": self.id,
            "source": self.source,
            "path": self.path,
            "status": self.status,
            "spans": [asdict(s) for s in self.spans],
            "scores": asdict(self.scores),
        }


def span_of(finding: Finding) -> TagSpan:
    return TagSpan(finding.start, finding.end, finding.code, finding.severity.value)


def record_tags(
    doc_id: str,
    source: str,
    path: str | None,
    status: str,
    spans: Iterable[TagSpan],
    words: int,
    chars: int,
) -> RecordTags:
    """The row for one record from the spans of all its findings (document and end-of-run ones)."""
    ordered = tuple(sorted(spans, key=lambda s: (s.start, s.end, s.code)))
    counts = {s.value: 0 for s in Severity}
    for span in ordered:
        counts[span.severity] += 1
    covered = covered_chars((s.start, s.end) for s in ordered if s.code.startswith(REMOVABLE_PREFIXES))
    scores = DocumentScores(
        words=words,
        chars=chars,
        findings=len(ordered),
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
        flagged_share=round(min(covered, chars) / chars, 6) if chars else 0.0,
        findings_per_1k_words=round(1000 * len(ordered) / words, 3) if words else 0.0,
    )
    return RecordTags(doc_id, source, path, status, ordered, scores)


def covered_chars(spans: Iterable[tuple[int, int]]) -> int:
    """Characters covered by the union of ``[start, end)`` spans (overlaps count once)."""
    total = 0
    reach = -1
    for start, end in sorted(spans):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def dolma_attributes(tags: RecordTags, name: str) -> dict[str, list[list[float]]]:
    """dolma's attribute layout for one record: ``{name}__provlint__{code}`` -> ``[[start, end, score], ...]``
    per finding code (score: the severity, see :data:`SEVERITY_SCORE`), and the document scores as one span over
    the whole text (``{name}__provlint__flagged_share``, ``..._findings_per_1k_words``)."""
    attrs: dict[str, list[list[float]]] = {}
    for span in tags.spans:
        attrs.setdefault(f"{name}__provlint__{span.code.lower()}", []).append(
            [span.start, span.end, SEVERITY_SCORE[span.severity]]
        )
    whole = tags.scores.chars
    attrs[f"{name}__provlint__flagged_share"] = [[0, whole, tags.scores.flagged_share]]
    attrs[f"{name}__provlint__findings_per_1k_words"] = [[0, whole, tags.scores.findings_per_1k_words]]
    return attrs
