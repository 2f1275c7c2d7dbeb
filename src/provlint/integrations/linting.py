"""One document at a time, for pipeline steps that see documents one by one (datatrove, ``datasets.map``).

A streaming step cannot wait for the end of a corpus, so only document rules
run here: the source rules that compare a site's pages (PL207 site
boilerplate, cross-page repeats) need a whole run and stay with ``provlint
check`` / ``provlint tag``. The engine is built on first use and dropped when
the step is pickled, so a step crosses process boundaries (datatrove's
executors, ``datasets.map(num_proc=N)``) as a few settings and builds its own
engine in each worker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..config import Config, load_config
from ..model import Document, ReadProblem
from ..readers.base import derive_source
from ..tagging import RecordTags, record_tags, span_of


class DocumentLinter:
    """Lints single documents with a configuration built from a file and/or selection options."""

    def __init__(
        self,
        config: Config | str | None = None,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
    ) -> None:
        self.config_spec = config
        self.select = tuple(select) if select else None
        self.ignore = tuple(ignore) if ignore else None
        self._engine: Any = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_engine"] = None
        return state

    @property
    def engine(self) -> Any:
        if self._engine is None:
            from ..engine import Engine

            spec = self.config_spec
            config = spec if isinstance(spec, Config) else load_config(spec, discover=False)
            config = config.with_overrides(select=self.select, ignore=self.ignore)
            self._engine = Engine(config)
        return self._engine

    def tags(self, doc_id: str, text: str, metadata: Mapping[str, Any] | None = None) -> RecordTags:
        """Findings as spans and scores for one text; ``metadata`` may give ``source``, ``url``, ``title``,
        ``published`` and ``lang`` (as datatrove and dolma records carry them)."""
        meta = metadata or {}
        url = _str(meta.get("url"))
        doc = Document(
            id=doc_id,
            text=text,
            source=derive_source(meta.get("source"), url, None),
            url=url,
            title=_str(meta.get("title")),
            published=_str(meta.get("published") or meta.get("date")),
            lang=_str(meta.get("lang") or meta.get("language")),
            path=doc_id,
        )
        engine = self.engine
        item = engine.admit(doc)
        if isinstance(item, ReadProblem):
            outcome = engine.problem_outcome(item, 0)
        else:
            outcome, _candidates, _states = engine.lint(item, 0)
        return record_tags(
            doc_id,
            outcome.source,
            doc_id,
            outcome.status,
            [span_of(f) for f in outcome.findings],
            outcome.words,
            len(text),
        )


def _str(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text or None
