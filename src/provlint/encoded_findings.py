"""A document's findings together with the report text a worker process wrote for them.

Under ``--jobs`` every report is written by the parent process, one document
at a time, and writing is per-finding work: on real pages the JSON report's
findings were the largest part of the parent's CPU after start-up. The
parent is the one process that cannot be multiplied, so per-document work
belongs in the workers. A formatter whose text for a document's findings is
a pure function of those findings names that function
(:meth:`provlint.formatters.base.Formatter.findings_encoder`); the workers call
it and send the text with the findings, as :class:`EncodedFindings`; the
formatter writes the text when it receives that same object.

Whatever changes a document's findings on the way (the baseline filter, the
run's duplicate-id finding) builds a new plain tuple, so a text can only be
written with the findings it was made from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from .model import Finding

#: (the output format's name, its function of a document's findings to their text)
Encoding = tuple[str, Callable[[tuple[Finding, ...]], str]]


class EncodedFindings(tuple[Finding, ...]):
    """A tuple of findings (equal to the plain tuple) carrying ``text``, their report text in ``format``."""

    format: str
    text: str

    def __new__(cls, findings: Iterable[Finding], format: str, text: str) -> EncodedFindings:
        self = super().__new__(cls, findings)
        self.format = format
        self.text = text
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (EncodedFindings, (tuple(self), self.format, self.text))


def encode(findings: tuple[Finding, ...], encoding: Encoding) -> tuple[Finding, ...]:
    """``findings`` with their text in ``encoding``; unchanged when there are none or the encoder fails.

    A failing encoder is not this process's to report: the formatter meets the
    same findings in the parent, encodes them itself and fails there, where a
    failing formatter is reported (formatters/guard.py).
    """
    if not findings:
        return findings
    name, function = encoding
    try:
        text = function(findings)
    except Exception:
        return findings
    if type(text) is not str:
        return findings
    return EncodedFindings(findings, name, text)


def encoded_text(findings: tuple[Finding, ...], format: str) -> str | None:
    """The text a worker wrote for ``findings`` in ``format``, or None (encode them here)."""
    if type(findings) is EncodedFindings and findings.format == format:
        return findings.text
    return None


__all__ = ["EncodedFindings", "Encoding", "encode", "encoded_text"]
