"""datatrove pipeline steps: :class:`ProvlintFilter` drops documents, :class:`ProvlintAnnotator` annotates them.

Both lint each document with provlint's document rules (see
:mod:`provlint.integrations.linting` for why source rules do not run in a
streaming step) and count, in datatrove's per-step stats, how many findings of
each code they saw (``provlint_PL101``, ...). The filter's decision is
documented per dropped document: its reason (``provlint_flagged_share``,
``provlint_severity_error``, ``provlint_code_PL302``, ...) is datatrove's
``dropped_<reason>`` counter and, with an ``exclusion_writer``, the dropped
document's ``metadata["filter_reason"]``.

Needs the ``[datatrove]`` extra (``pip install 'provlint[datatrove]'``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..config import Config
from ..tagging import RecordTags
from .linting import DocumentLinter

EXTRA_MESSAGE = "the datatrove steps need the [datatrove] extra: pip install 'provlint[datatrove]'"

try:
    from datatrove.data import Document as DatatroveDocument
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.filters.base_filter import BaseFilter
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(EXTRA_MESSAGE) from exc

_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


@dataclass(frozen=True)
class DropPolicy:
    """When a document is dropped; every criterion left None or empty is off. The first that holds is the reason.

    - ``max_flagged_share``: drop when more than this share of the text is boilerplate or scraping residue.
    - ``max_findings_per_1k_words``: drop when findings are denser than this.
    - ``drop_severity``: drop when any finding is at or above this severity (``"error"``, ``"warning"``).
    - ``drop_codes``: drop when any finding's code starts with one of these (``"PL302"``, ``"PL4"``).
    """

    max_flagged_share: float | None = 0.5
    max_findings_per_1k_words: float | None = None
    drop_severity: str | None = None
    drop_codes: tuple[str, ...] = ()

    def reason(self, tags: RecordTags) -> str | None:
        """Why ``tags``'s document is dropped, or None when it is kept."""
        scores = tags.scores
        if self.max_flagged_share is not None and scores.flagged_share > self.max_flagged_share:
            return "provlint_flagged_share"
        if self.max_findings_per_1k_words is not None and scores.findings_per_1k_words > self.max_findings_per_1k_words:
            return "provlint_findings_per_1k_words"
        if self.drop_severity is not None:
            floor = _SEVERITY_RANK[self.drop_severity]
            worst = max((_SEVERITY_RANK[s.severity] for s in tags.spans), default=-1)
            if worst >= floor:
                return f"provlint_severity_{self.drop_severity}"
        if self.drop_codes:
            for span in tags.spans:
                if span.code.startswith(self.drop_codes):
                    return f"provlint_code_{span.code}"
        return None


def annotation(tags: RecordTags) -> dict[str, Any]:
    """What the steps put in ``doc.metadata["provlint"]``: spans and scores (JSON-ready)."""
    row = tags.to_dict()
    return {"spans": row["spans"], "scores": row["scores"]}


class _Linting:
    """The linting both steps share: one :class:`DocumentLinter`, per-code stats."""

    linter: DocumentLinter

    def _tag(self, step: Any, doc: DatatroveDocument) -> RecordTags:
        tags = self.linter.tags(str(doc.id), doc.text, doc.metadata)
        for span in tags.spans:
            step.stat_update(f"provlint_{span.code}")
        return tags


class ProvlintFilter(_Linting, BaseFilter):  # type: ignore[misc]
    """Keep a document unless provlint's findings meet the :class:`DropPolicy`.

    ``annotate`` also writes the findings and scores into ``doc.metadata[metadata_key]`` (kept documents and
    those handed to the ``exclusion_writer`` alike).
    """

    name = "🧹 provlint"

    def __init__(
        self,
        policy: DropPolicy | None = None,
        config: Config | str | None = None,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        annotate: bool = True,
        metadata_key: str = "provlint",
        exclusion_writer: Any = None,
        batch_size: int = 1,
    ) -> None:
        super().__init__(exclusion_writer=exclusion_writer, batch_size=batch_size)
        self.policy = policy or DropPolicy()
        self.linter = DocumentLinter(config, select, ignore)
        self.annotate = annotate
        self.metadata_key = metadata_key

    def filter(self, doc: DatatroveDocument) -> bool | tuple[bool, str]:
        tags = self._tag(self, doc)
        if self.annotate:
            doc.metadata[self.metadata_key] = annotation(tags)
        reason = self.policy.reason(tags)
        return True if reason is None else (False, reason)


class ProvlintAnnotator(_Linting, PipelineStep):  # type: ignore[misc]
    """Add provlint's findings (spans) and document scores to ``doc.metadata[metadata_key]``; drop nothing."""

    name = "🏷 provlint"
    type = "🏷 - ANNOTATOR"

    def __init__(
        self,
        config: Config | str | None = None,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        metadata_key: str = "provlint",
    ) -> None:
        super().__init__()
        self.linter = DocumentLinter(config, select, ignore)
        self.metadata_key = metadata_key

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Any:
        for doc in data or ():
            with self.track_time():
                doc.metadata[self.metadata_key] = annotation(self._tag(self, doc))
            self.stat_update("annotated")
            yield doc
