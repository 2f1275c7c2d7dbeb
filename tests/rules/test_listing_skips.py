"""Rules whose findings a code listing known from an HTML page's ``<pre>`` block holds back.

PL202 and PL402 judge text no plain-text listing can hold (a headline, a numbered list of sentences read as
prose, which a fence around them does not make a listing); an HTML page says which lines were preformatted.
Each text gives its finding in ``<p>`` lines and none in a ``<pre>`` block.
"""

from __future__ import annotations

import html

import pytest

from provlint.analyses.line_structure import METADATA_KEY
from provlint.model import Document
from provlint.testing import run_rule

html_extract = pytest.importorskip("provlint.readers.html_extract")
pytest.importorskip("selectolax", reason="the [html] extra (selectolax) is not installed")

RECAP = """The leaders hold opposing views on sending troops to support Ukraine after a ceasefire.
Migration remains a point of contention between Italy and France.
Both countries emphasize the importance of European strategic autonomy and defense collaboration.
  1. Both countries emphasize European strategic autonomy, but the leaders hold opposing views on sending troops to support Ukraine.
  2. Migration remains a point of contention between Italy and France despite the improved dynamic."""
RECAP_FINDING = (
    5,
    "recap list restates the article: 2 of 2 items repeat earlier text (77% of their word pairs appear above)",
)
HEADLINE = "Officials met on Tuesday in Geneva to resume talks.\nTalks resume in Geneva"


def _page(text: str, block: str, title: str | None) -> Document:
    """``text`` after an intro paragraph, in one ``<pre>`` block or as one ``<p>`` per line."""
    if block == "pre":
        body = f"<pre>{html.escape(text)}</pre>"
    else:
        body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
    page = html_extract.extract(f"<html><body><p>The example below shows it.</p>{body}</body></html>")
    return Document(id="d", text=page.text, title=title, metadata={METADATA_KEY: page.structure})


@pytest.mark.parametrize(
    ("code", "text", "title", "finding"),
    [
        ("PL402", RECAP, None, RECAP_FINDING),
        ("PL202", HEADLINE, "Talks resume in Geneva", (3, "headline repeated from the title")),
    ],
)
def test_a_pre_block_holds_back_what_paragraphs_report(
    code: str, text: str, title: str | None, finding: tuple[int, str]
) -> None:
    def found(block: str) -> list[tuple[int, str]]:
        return [(f.line, f.message) for f in run_rule(code, _page(text, block, title)).findings]

    assert found("p") == [finding]
    assert found("pre") == []
