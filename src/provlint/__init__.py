"""provlint: lint scraped, syndicated and machine-rewritten text for quality
and provenance problems, and score each source.

    >>> import provlint
    >>> result = provlint.lint_text("Skip to content\\nThe article.")
    >>> [str(f.severity) for f in result.findings]
    ['warning']

The public API is what ``provlint.__all__`` (and ``dir(provlint)``) lists;
docs/api.md is generated from its docstrings by scripts/gen_api_docs.py.
Importing provlint is cheap: every name is imported on first use, and the
plugin manager, the rules and their data load when a run needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> the module that defines it (imported on first use).
_LAZY = {
    "Candidate": "provlint.rule",
    "Category": "provlint.model",
    "Config": "provlint.config",
    "ConfigError": "provlint.config",
    "Document": "provlint.model",
    "DocumentRule": "provlint.rule",
    "Edit": "provlint.model",
    "Finding": "provlint.model",
    "Fix": "provlint.model",
    "FixResult": "provlint.fixes",
    "LintResult": "provlint.api",
    "Linter": "provlint.linter",
    "PreparedDocument": "provlint.prepare",
    "RegistryError": "provlint.registry",
    "Scorecard": "provlint.scorecard",
    "Severity": "provlint.model",
    "SourceRule": "provlint.rule",
    "SourceState": "provlint.rule",
    "configure": "provlint.api",
    "fix_text": "provlint.api",
    "hookimpl": "provlint.hookspecs",
    "lint_documents": "provlint.api",
    "lint_paths": "provlint.api",
    "lint_text": "provlint.api",
    "load_config": "provlint.config",
}

#: The public API; the same names as _LAZY's, plus __version__ (tests/test_public_api.py checks both).
__all__ = [
    "Candidate",
    "Category",
    "Config",
    "ConfigError",
    "Document",
    "DocumentRule",
    "Edit",
    "Finding",
    "Fix",
    "FixResult",
    "LintResult",
    "Linter",
    "PreparedDocument",
    "RegistryError",
    "Scorecard",
    "Severity",
    "SourceRule",
    "SourceState",
    "__version__",
    "configure",
    "fix_text",
    "hookimpl",
    "lint_documents",
    "lint_paths",
    "lint_text",
    "load_config",
]

if TYPE_CHECKING:  # pragma: no cover
    from .api import LintResult, configure, fix_text, lint_documents, lint_paths, lint_text
    from .config import Config, ConfigError, load_config
    from .fixes import FixResult
    from .hookspecs import hookimpl
    from .linter import Linter
    from .model import Category, Document, Edit, Finding, Fix, Severity
    from .prepare import PreparedDocument
    from .registry import RegistryError
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


def __dir__() -> list[str]:
    """The public API (``__all__``), not the submodules imported so far."""
    return list(__all__)
