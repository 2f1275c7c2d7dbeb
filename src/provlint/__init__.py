"""provlint: lint scraped, syndicated and machine-rewritten text for quality
and provenance problems, and score each source.

    >>> import provlint
    >>> result = provlint.lint_text("Skip to content\\nThe article.")

Importing provlint is cheap: the plugin manager, the rules and the CLI load
on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Candidate",
    "Category",
    "Config",
    "Document",
    "DocumentRule",
    "Edit",
    "Finding",
    "Fix",
    "FixResult",
    "LintResult",
    "PreparedDocument",
    "Scorecard",
    "Severity",
    "SourceRule",
    "SourceState",
    "hookimpl",
    "fix_text",
    "lint_documents",
    "lint_paths",
    "lint_text",
    "load_config",
    "__version__",
]

_LAZY = {
    "Candidate": "provlint.rule",
    "Category": "provlint.model",
    "Config": "provlint.config",
    "Document": "provlint.model",
    "DocumentRule": "provlint.rule",
    "Edit": "provlint.model",
    "Finding": "provlint.model",
    "Fix": "provlint.model",
    "FixResult": "provlint.fixes",
    "LintResult": "provlint.api",
    "PreparedDocument": "provlint.prepare",
    "Scorecard": "provlint.scorecard",
    "Severity": "provlint.model",
    "SourceRule": "provlint.rule",
    "SourceState": "provlint.rule",
    "hookimpl": "provlint.hookspecs",
    "fix_text": "provlint.api",
    "lint_documents": "provlint.api",
    "lint_paths": "provlint.api",
    "lint_text": "provlint.api",
    "load_config": "provlint.config",
}

if TYPE_CHECKING:  # pragma: no cover
    from .api import LintResult, fix_text, lint_documents, lint_paths, lint_text
    from .config import Config, load_config
    from .fixes import FixResult
    from .hookspecs import hookimpl
    from .model import Category, Document, Edit, Finding, Fix, Severity
    from .prepare import PreparedDocument
    from .rule import Candidate, DocumentRule, SourceRule, SourceState
    from .scorecard import Scorecard


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'provlint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
