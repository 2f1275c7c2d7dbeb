"""A reusable linter: configuration and rules resolved once, for a web service, a notebook or a script.

:class:`Linter` holds a configuration and a rule registry (the built-in
rules, the installed plugins' and any local rule classes passed in, without
packaging a plugin). Each call lints with them; the rules' data (phrase
patterns, syllable table, language profiles) is loaded by the first call that
needs it and kept for the life of the process, so only the first call pays
for it. ``provlint.lint_text(text, rules=[MyRule])`` is a one-off
``Linter(rules=[MyRule]).lint_text(text)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .config import Config
from .model import Document, ReadItem

if TYPE_CHECKING:  # pragma: no cover
    from .api import LintResult
    from .fixes import FixResult
    from .pipeline import Pipeline
    from .registry import Registry
    from .rule import Rule


def with_rules(base: Registry, rules: Iterable[type[Rule]]) -> Registry:
    """``base`` plus local rule classes, checked as a plugin's would be (metadata, unique code and name)."""
    from .registry import Contribution, Registry, RegistryError
    from .rule import validate_rule_class

    extra = list(rules)
    if not extra:
        return base
    table = dict(base.rules)
    names = {c.obj.name: code for code, c in table.items()}
    for cls in extra:
        problems = validate_rule_class(cls)
        if problems:
            raise RegistryError(f"local rule {getattr(cls, '__qualname__', cls)!r} is invalid: " + "; ".join(problems))
        code, name = cls.code, cls.name
        if code in table and table[code].obj is not cls:
            other = table[code]
            raise RegistryError(
                f"local rule {cls.__qualname__} claims code {code}, already {other.obj.__qualname__} "
                f"from {other.package} {other.version}"
            )
        if name in names and names[name] != code:
            raise RegistryError(f"local rule {cls.__qualname__} claims name {name!r}, already {names[name]}")
        table[code] = Contribution(cls, "local", "local", "")
        names[name] = code
    return Registry(rules=table, readers=dict(base.readers), formatters=dict(base.formatters))


class Linter:
    """Lints texts, documents and paths with one configuration and one set of rules, call after call.

    ``config``: a :class:`~provlint.config.Config` (``provlint.configure(...)``
    or ``Config.from_dict(...)`` build one); default: every rule with its
    defaults (no configuration file is read: pass ``load_config()`` for that).
    ``rules``: local rule classes (subclasses of ``DocumentRule`` or
    ``SourceRule`` with the usual metadata) added to the built-in and plugin
    rules; they are selected whatever ``config.select`` says, since you asked
    for them by passing them.
    """

    def __init__(self, config: Config | None = None, rules: Iterable[type[Rule]] = ()) -> None:
        from .registry import get_registry

        local = list(rules)
        config = config if config is not None else Config()
        if local:
            config = replace(config, extend_select=(*config.extend_select, *(cls.code for cls in local)))
        self.config: Config = config
        self.registry: Registry = with_rules(get_registry(), local)
        self.local_rules: tuple[type[Rule], ...] = tuple(local)

    def pipeline(self, jobs: int = 1) -> Pipeline:
        """A fresh run (pipelines keep a run's state: source rules, scorecards, accounting)."""
        from .pipeline import Pipeline

        return Pipeline(self.config, registry=self.registry, jobs=jobs)

    def lint_documents(self, documents: Iterable[Document | ReadItem]) -> LintResult:
        """Lint documents you built (or reader items); one run, so source rules see them all."""
        from .api import collect

        return collect(self.pipeline(), documents)

    def lint_text(self, text: str, **fields: Any) -> LintResult:
        """Lint one text. ``fields`` are :class:`~provlint.model.Document` fields (``id``, ``source``, ``title``, ...)."""
        fields.setdefault("id", "<text>")
        fields.setdefault("path", fields["id"])
        return self.lint_documents([Document(text=text, **fields)])

    def lint_paths(self, paths: Iterable[str], jobs: int = 1) -> LintResult:
        """Lint files, folders and JSON Lines files (``-``: standard input); ``jobs`` worker processes."""
        from .api import collect

        pipeline = self.pipeline(jobs)
        return collect(pipeline, pipeline.read(list(paths)))

    def fix_text(self, text: str, **fields: Any) -> FixResult:
        """Lint ``text`` and apply the fixes its findings carry (``[fix] max-removed-share`` applies)."""
        from .fixes import apply_fixes, max_removed_share

        result = self.lint_text(text, **fields)
        return apply_fixes(text, result.findings, max_removed_share(self.config))

    def __repr__(self) -> str:
        local = ", ".join(cls.code for cls in self.local_rules)
        return f"Linter(config={self.config.path or '<in memory>'!r}, local_rules=[{local}])"
