"""Hugging Face ``datasets``: provlint's spans and scores as new columns, through batched ``Dataset.map``.

:func:`annotate` adds ``provlint_spans`` (a list of ``{start, end, code,
severity}`` per row) and ``provlint_scores`` (``words``, ``flagged_share``,
``findings_per_1k_words``, ...; see :mod:`provlint.tagging`) to a dataset.
:class:`BatchAnnotator` is the function it maps: picklable and holding no
engine until its first call, so ``num_proc=N`` workers each build their own
and ``datasets`` can fingerprint it for its cache. Only document rules run
(a ``map`` sees rows, never the whole corpus; see
:mod:`provlint.integrations.linting`).

Needs the ``[hf]`` extra (``pip install 'provlint[hf]'``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..config import Config
from .linting import DocumentLinter

EXTRA_MESSAGE = "provlint.integrations.hf needs the [hf] extra: pip install 'provlint[hf]'"


class BatchAnnotator:
    """``batch -> {prefix + "spans": [...], prefix + "scores": [...]}`` for ``Dataset.map(batched=True)``."""

    def __init__(
        self,
        text_column: str = "text",
        id_column: str | None = "id",
        url_column: str | None = "url",
        config: Config | str | None = None,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        prefix: str = "provlint_",
    ) -> None:
        self.text_column = text_column
        self.id_column = id_column
        self.url_column = url_column
        self.linter = DocumentLinter(config, select, ignore)
        self.prefix = prefix

    def __call__(self, batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        texts = batch[self.text_column]
        ids = batch.get(self.id_column) if self.id_column else None
        urls = batch.get(self.url_column) if self.url_column else None
        spans: list[list[dict[str, Any]]] = []
        scores: list[dict[str, Any]] = []
        for i, text in enumerate(texts):
            doc_id = str(ids[i]) if ids is not None and ids[i] is not None else str(i)
            metadata = {"url": urls[i]} if urls is not None else None
            row = self.linter.tags(doc_id, text if isinstance(text, str) else "", metadata).to_dict()
            spans.append(row["spans"])
            scores.append(row["scores"])
        return {f"{self.prefix}spans": spans, f"{self.prefix}scores": scores}


def annotate(
    dataset: Any,
    text_column: str = "text",
    id_column: str | None = "id",
    url_column: str | None = "url",
    config: Config | str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    batch_size: int = 64,
    num_proc: int | None = None,
    prefix: str = "provlint_",
) -> Any:
    """``dataset`` with provlint's span and score columns (a ``datasets.Dataset`` or ``DatasetDict``)."""
    try:
        import datasets  # noqa: F401
    except ImportError as exc:
        raise ImportError(EXTRA_MESSAGE) from exc
    columns = set(
        dataset.column_names
        if not isinstance(dataset.column_names, dict)
        else next(iter(dataset.column_names.values()))
    )
    annotator = BatchAnnotator(
        text_column,
        id_column if id_column in columns else None,
        url_column if url_column in columns else None,
        config,
        select,
        ignore,
        prefix,
    )
    return dataset.map(annotator, batched=True, batch_size=batch_size, num_proc=num_proc, desc="provlint")
