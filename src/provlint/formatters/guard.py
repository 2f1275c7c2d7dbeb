"""A formatter that fails ends the run with exit code 2 and a message naming it.

Formatters are plugins too. One that raises -- anything, ``SystemExit(0)``
included -- while the report is being written would otherwise end the run
with a traceback (exit 1) or, worse, with its own exit code. The CLI drives
every formatter through :class:`GuardedFormatter`, which turns any failure
into :class:`FormatterFailed` (a :class:`~provlint.registry.RegistryError`:
the CLI reports it on standard error and exits 2). A user's Ctrl-C stays a
Ctrl-C.
"""

from __future__ import annotations

from typing import Any, TextIO

from ..encoded_findings import Encoding
from ..isolation import must_end_run, safe_str
from ..registry import Contribution, RegistryError
from .base import FormatContext


class FormatterFailed(RegistryError):
    """The output format raised while writing the report."""


class GuardedFormatter:
    """The sink the CLI writes a report through: the formatter, with its failures made errors."""

    def __init__(self, contribution: Contribution, stream: TextIO, context: FormatContext) -> None:
        self.contribution = contribution
        self.inner: Any = self._call(contribution.obj, stream, context)
        self.before_baseline = bool(getattr(self.inner, "before_baseline", False))

    def _call(self, function: Any, *args: Any) -> Any:
        try:
            return function(*args)
        except BaseException as exc:
            if must_end_run(exc):
                raise
            c = self.contribution
            origin = "provlint" if c.builtin else f"plugin {c.plugin!r}, {c.package} {c.version}"
            text = safe_str(exc)
            raise FormatterFailed(
                f"output format {c.obj.name!r} ({origin}) failed: {type(exc).__name__}" + (f": {text}" if text else "")
            ) from exc

    @property
    def findings_encoding(self) -> Encoding | None:
        """The format's name and its per-document encoder, for ``--jobs`` workers (None: the format has none)."""
        encoder = getattr(type(self.inner), "findings_encoder", None)
        encode = self._call(encoder) if encoder is not None else None
        if encode is None:
            return None
        return (str(self.contribution.obj.name), encode)

    def start(self) -> None:
        self._call(self.inner.start)

    def document(self, outcome: Any) -> None:
        self._call(self.inner.document, outcome)

    def finish(self, summary: Any) -> None:
        self._call(self.inner.finish, summary)
