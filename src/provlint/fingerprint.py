"""Stable finding fingerprints that survive lines moving.

A baseline, GitLab's Code Quality report and SARIF's ``partialFingerprints``
all need to recognise "the same finding" in a later run of an edited
document. Line numbers cannot be part of that identity (inserting a paragraph
would make every later finding look new), so a fingerprint hashes what stays:

* the rule code,
* the source,
* the document key: its path relative to the working directory (for a JSON
  Lines record with an id, the file and the id, never the record's line),
* the normalised excerpt (case-folded, whitespace collapsed),
* the occurrence index: how many findings of the same rule with the same
  normalised excerpt came earlier in the same document.

The occurrence index separates two identical ``[3]`` markers in one article;
the cost is that inserting a new identical finding *before* old ones shifts
which of them counts as new, which still reports exactly one new finding.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable

import regex

from .model import Finding

_LINE_SUFFIX = regex.compile(r":\d+$")
_SPACE = regex.compile(r"\s+")


def normal_path(path: str) -> str:
    """``path`` with ``/`` separators, relative to the working directory when under it, no ``./``."""
    if path.startswith("<"):  # <stdin> and friends are labels, not paths
        return path
    p = path.replace("\\", "/")
    if os.path.isabs(p):
        try:
            rel = os.path.relpath(p)
        except ValueError:  # another drive on Windows
            rel = p
        if not rel.startswith(".."):
            p = rel.replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p


def document_key(finding: Finding) -> str:
    """What identifies the finding's document across runs (never a line number)."""
    return document_key_of(finding.path, finding.document_id)


def document_key_of(path: str | None, document_id: str) -> str:
    path = path or document_id
    if document_id != path:
        # A record with an id of its own: the file it is in plus the id.
        return f"{normal_path(_LINE_SUFFIX.sub('', path))}#{document_id}"
    return normal_path(path)


def normal_excerpt(text: str) -> str:
    return str(_SPACE.sub(" ", text)).strip().casefold()


class Fingerprinter:
    """Gives each finding of a run its fingerprint, counting occurrences as findings arrive.

    Feed findings in report order (each document's findings in document order,
    then the end-of-run findings), as every output format and the baseline do,
    so that the occurrence index means the same thing in every run. Occurrences
    are counted under a 16-byte digest of the identity, so a run with millions
    of findings keeps a small table.
    """

    def __init__(self) -> None:
        self._seen: Counter[bytes] = Counter()

    def __call__(self, finding: Finding) -> str:
        identity = "\x1f".join((finding.code, finding.source, document_key(finding), normal_excerpt(finding.excerpt)))
        slot = hashlib.blake2b(identity.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        occurrence = self._seen[slot]
        self._seen[slot] += 1
        return hashlib.sha256(f"{identity}\x1f{occurrence}".encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint_all(findings: Iterable[Finding]) -> list[str]:
    """Fingerprints of ``findings``, in order, as one run would give them."""
    fingerprint = Fingerprinter()
    return [fingerprint(f) for f in findings]
