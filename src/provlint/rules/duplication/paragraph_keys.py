"""Repeated multi-line paragraphs, found once per document from the shared line keys.

PL204 reports them and PL201 steps aside for their lines, so both asked
:func:`~provlint.analyses.page_lines.paragraph_repeats`, which folds each
multi-line paragraph's text again (a split, a join and a case fold of text the
line keys already folded). A paragraph is a run of non-blank lines, so its key
(whitespace folded, case ignored) is its lines' keys joined by single spaces: each
line's key is its own text folded the same way and never empty. Here the keys are
joined from :func:`~provlint.analyses.page_lines.line_keys`, and the answer is kept
on the document (:func:`~provlint.analyses.per_document.per_document`), so the two
rules pay for it once. tests/rules/test_paragraph_keys.py compares it with
``paragraph_repeats``.
"""

from __future__ import annotations

from ...analyses.page_lines import line_keys
from ...analyses.per_document import per_document
from ...prepare import PreparedDocument


def repeated_paragraphs(doc: PreparedDocument) -> list[tuple[int, int]]:
    """(paragraph index, index of the earlier paragraph it repeats) for each repeated paragraph of two or
    more lines, in order; the same list as :func:`~provlint.analyses.page_lines.paragraph_repeats`."""
    return per_document(doc, "duplication:paragraph-repeats", lambda: _repeated_paragraphs(doc))


def _repeated_paragraphs(doc: PreparedDocument) -> list[tuple[int, int]]:
    keys = line_keys(doc)
    seen: dict[str, int] = {}
    out: list[tuple[int, int]] = []
    for para in doc.paragraphs:
        first = para.line
        last = first + para.text.count("\n")
        if last == first:
            continue  # one-line paragraphs are repeated lines (PL201)
        key = " ".join(keys[first : last + 1])
        earlier = seen.setdefault(key, para.index)
        if earlier != para.index:
            out.append((para.index, earlier))
    return out
