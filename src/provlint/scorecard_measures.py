"""The scorecard's own analyses of a document, run whatever rules are selected.

Selection changes findings, not what a source measures: ``--ignore PL5``
must not remove the language and readability figures, and ``--select PL3``
must not make a page's menus disappear from its boilerplate share. When a run
produces scorecards, the engine calls :meth:`DocumentMeasurer.measure` on
every linted document:

* language and readability through the same typed analyses the PL5xx rules
  read (``doc.measures``), measured before the rules run, so a rule that
  re-detects later cannot change what the scorecard records;
* the spans of the built-in scraping and duplication rules that the
  selection left out, run with their default options and reported nowhere:
  they only add to the boilerplate share. Document rules run here; source
  rules (PL207 site boilerplate) run beside the selected rules in the engine
  (:attr:`DocumentMeasurer.source_rules`): their candidates and states take
  the run's one path (serial, ``--jobs``, Dask), and what their ``decide``
  keeps at the end goes to the scorecards only
  (:meth:`~provlint.scorecard.ScorecardSet.add_measured_findings`).

Runs without scorecards (``check --no-scorecard``) skip all of this: it costs
language detection and readability data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .measures import DocumentMeasures
from .model import Category
from .prepare import PreparedDocument
from .rule import DocumentRule, Rule, SourceRule, is_runnable

BOILERPLATE_CATEGORIES = frozenset({Category.SCRAPING, Category.DUPLICATION})


class DocumentMeasurer:
    """Measures documents for the scorecard; ``selected``: the codes of the rules the run reports."""

    def __init__(self, rule_classes: Iterable[type[Rule]], selected: Iterable[str]) -> None:
        chosen = set(selected)
        unselected = [
            cls
            for cls in rule_classes
            if cls.category in BOILERPLATE_CATEGORIES
            and cls.code not in chosen
            and cls.__module__.startswith("provlint.rules.")
            and is_runnable(cls)
        ]
        self.boilerplate_rules: list[DocumentRule] = [cls() for cls in unselected if issubclass(cls, DocumentRule)]
        self.source_rules: list[SourceRule[Any]] = [cls() for cls in unselected if issubclass(cls, SourceRule)]

    def before_fork(self) -> None:
        """Every document is measured for language and readability: load their data before ``--jobs`` forks."""
        from .rules.language.preload import load_language_data

        load_language_data()
        for rule in [*self.boilerplate_rules, *self.source_rules]:
            rule.before_fork()

    def measure(self, doc: PreparedDocument) -> DocumentMeasures:
        """Language, readability and the unselected boilerplate rules' spans of ``doc``."""
        from .rules.language.detection import document_language
        from .rules.language.readability import document_readability

        guess = document_language(doc)
        lang = guess.lang if guess is not None else None
        document_readability(doc, lang or doc.document.lang or None)
        spans: list[tuple[int, int]] = []
        for rule in self.boilerplate_rules:
            try:
                spans.extend((f.start, f.end) for f in rule.check(doc) if f.end > f.start)
            except Exception:  # measurement only: a rule that fails here is reported when it is selected
                continue
        summary = doc.measures.summary()
        return DocumentMeasures(summary.language, summary.flesch_reading_ease, tuple(sorted(spans)))
