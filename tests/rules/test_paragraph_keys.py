"""repeated_paragraphs(doc): the repeated multi-line paragraphs from the shared line keys, once per document."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from provlint import Document
from provlint.analyses.page_lines import paragraph_repeats
from provlint.prepare import prepare
from provlint.rules.duplication.paragraph_keys import repeated_paragraphs

ROOT = Path(__file__).resolve().parent.parent.parent
REAL_PAGES = ROOT / "benchmarks" / "data" / "real-pages.jsonl.gz"


def test_repeated_paragraphs_exact() -> None:
    text = (
        "Key facts\nThe summit lasted  two days.\n\n"  # paragraph 0
        "Solo line\n\n"  # 1: one line, never a paragraph repeat
        "KEY FACTS \n\tthe summit lasted two days.\n\n"  # 2: repeats 0 (case and whitespace ignored)
        "Solo line\n\n"  # 3
        "Straße\nEnde\n\n"  # 4
        "STRASSE\nende\n\n"  # 5: repeats 4 (case folding)
        "Key facts The summit\nlasted two days.\n\n"  # 6: same words, other line break: repeats 0
        "key facts\nthe summit lasted two days.\n"  # 7: repeats 0 again (the first copy is named)
    )
    doc = prepare(Document(id="a", text=text))
    assert repeated_paragraphs(doc) == [(2, 0), (5, 4), (6, 0), (7, 0)]
    assert repeated_paragraphs(doc) == paragraph_repeats(doc)
    assert repeated_paragraphs(doc) is repeated_paragraphs(doc)  # kept on the document


def test_no_repeats() -> None:
    doc = prepare(Document(id="b", text="one\ntwo\n\nthree\nfour\n\nfive"))
    assert repeated_paragraphs(doc) == []
    assert repeated_paragraphs(prepare(Document(id="c", text=""))) == []


def test_same_as_paragraph_repeats_on_real_pages() -> None:
    """Each page alone (real pages rarely repeat a multi-line paragraph) and the page followed by its own
    text upper-cased with its line breaks moved (every multi-line paragraph repeats)."""
    found = 0
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        for i, row in zip(range(150), handle):
            page = json.loads(row)["text"]
            for text in (page, page + "\n\n" + page.upper().replace(" ", "\n", 3)):
                doc = prepare(Document(id=str(i), text=text))
                mine = repeated_paragraphs(doc)
                assert mine == paragraph_repeats(doc), i
                found += len(mine)
    assert found > 100  # the doubled pages do repeat paragraphs
