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

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
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


class EncodedLate(Collection[Finding]):
    """A run's end-of-run findings (iterated, counted, as ``findings``) with their report text in ``format``.

    The ``--jobs`` workers decide the source rules' candidates and write each part's findings as text
    (:meth:`provlint.engine.LintRun.add_decided`); ``texts`` are those parts' texts in input order, each as
    :func:`encode` makes it for a document, and ``codes`` counts the findings by rule code. The run builds one
    only when every late finding came with its part's text; the baseline filter builds a new collection.
    """

    def __init__(self, findings: Collection[Finding], format: str, texts: Iterable[str], codes: Mapping[str, int]):
        self.findings = findings
        self.format = format
        self.texts = texts
        self.codes = dict(codes)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __contains__(self, item: object) -> bool:
        return item in self.findings


def encoded_late(findings: Collection[Finding], format: str) -> EncodedLate | None:
    """``findings`` (a run's late findings) as an :class:`EncodedLate` in ``format``, or None (encode them here)."""
    if type(findings) is EncodedLate and findings.format == format:
        return findings
    return None


__all__ = ["EncodedFindings", "EncodedLate", "Encoding", "encode", "encoded_late", "encoded_text"]
