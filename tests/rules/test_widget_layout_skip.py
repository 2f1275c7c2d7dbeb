"""PL206 reads the page layout's kinds, when a rule computed them, to leave out lines no built-in list matches;
its findings are those of the line-by-line check."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from provlint.analyses.page_layout import known_kinds, layout
from provlint.model import Document
from provlint.prepare import prepare
from provlint.rules.duplication.widget_boilerplate import WidgetBoilerplate, _plain

REAL_PAGES = Path(__file__).resolve().parent.parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"


def test_plain_lines_are_their_own_label() -> None:
    assert _plain("Listen to this article")
    assert _plain("12 comments")
    assert not _plain(" Listen to this article")
    assert not _plain("Listen to this article ")
    assert not _plain("Listen\tto this article")  # the layout's label keeps the tab, this rule's does not
    assert not _plain("Listen to\u00a0this article")
    assert not _plain("Listen  to this article")
    assert not _plain("• Listen to this article")
    assert not _plain("- Listen to this article")


def _findings(doc_text: str, with_layout: bool) -> list[tuple[int, str]]:
    doc = prepare(Document(id="d", text=doc_text))
    if with_layout:
        layout(doc)
        assert known_kinds(doc) is not None
    else:
        assert known_kinds(doc) is None
    return [(f.line, f.message) for f in WidgetBoilerplate().check(doc)]


def test_findings_with_and_without_the_layout_agree() -> None:
    made = "\n".join(
        [
            "Listen to this article",
            "Listen\tto this article",
            "  Listen to this article",
            "» Listen to this article",
            "LISTEN TO THIS ARTICLE",
            "İnstagram",
            "The council met on Tuesday.",
            "No time to read?",
            "Skip to content",
            "© 2024 Example Media. All rights reserved.",
            "Page 2 of 5",
        ]
    )
    expected = _findings(made, with_layout=False)
    assert [line for line, _ in expected] == [1, 2, 3, 4, 5, 8, 10, 11]
    assert _findings(made, with_layout=True) == expected
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        pages = [json.loads(row)["text"] for row in handle][:200]
    found = 0
    for text in pages:
        plain = _findings(text, with_layout=False)
        assert _findings(text, with_layout=True) == plain
        found += len(plain)
    assert found > 20
