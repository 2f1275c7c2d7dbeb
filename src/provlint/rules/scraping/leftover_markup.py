from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Iterable
from html.entities import html5

from ...analyses.code_listings import code_lines
from ...lazy_pattern import lazy_compile
from ...model import Category, Edit, Finding, Fix, Severity
from ...patterns import FLAGS, finditer_each
from ...prepare import PreparedDocument
from ...rule import DocumentRule

#: HTML element names; a ``<word>`` that is not one of these is left alone
#: (``<Project>``, ``a <b> c`` in prose are rarer than real tags but exist).
HTML_TAGS = frozenset(
    "a abbr address article aside audio b blockquote body br button caption center cite code col dd del details div "
    "dl dt em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img "
    "input ins label legend li link main mark meta nav noscript object ol option p picture pre q s script section "
    "select small source span strike strong style sub summary sup svg table tbody td template textarea tfoot th "
    "thead time title tr u ul video wbr".split()
)
_MARKUP = lazy_compile(
    r"<(/?)([a-z][a-z0-9]{0,11})(?:\s+[a-z][a-z0-9:_-]{0,30}\s*=\s*(?:\"[^\"\n]{0,300}\"|'[^'\n]{0,300}'|[^\s<>\"']{1,300})){0,12}\s*/?>"
    r"|<!--[^\n]{0,300}?-->"
    r"|&(?:#\d{2,7}|#x[0-9a-f]{2,6}|[a-z][a-z0-9]{1,31});",
    FLAGS,
)


class LeftoverMarkup(DocumentRule):
    """
    ## What it does
    Reports HTML left in the text: tags of real HTML elements (``<p>``,
    ``</div>``, ``<br/>``, ``<a href="...">``), comments (``<!-- ... -->``)
    and character entities (``&nbsp;``, ``&amp;``, ``&#8217;``). Angle brackets
    around words that are not HTML element names are left alone, as are
    ``&`` signs that do not form an entity, and markup inside a code listing
    (an HTML page's ``<pre>``, a fenced or plainly code-shaped block of plain
    text), which shows HTML as written. The fix deletes a tag or comment
    and replaces an entity with the character it stands for.

    ## Why it matters
    Markup in extracted text means the HTML was not (fully) converted: the
    text shows codes instead of characters, and tags split words apart for
    search and language models.

    ## Example
    ```
    Prices rose&nbsp;3% <br/> in May.
    ```
    gives ``PL105 HTML entity "&nbsp;"`` and ``PL105 HTML tag "<br/>"``.
    """

    code = "PL105"
    name = "leftover-markup"
    category = Category.SCRAPING
    severity = Severity.WARNING
    summary = "HTML tags, comments or character entities were left in the text."
    fixable = True

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        text = doc.text
        if "<" not in text and "&" not in text:
            return
        code = code_lines(doc)
        starts = [line.start for line in doc.lines] if code else []
        for m in finditer_each(_MARKUP, text):  # a timeout per search: long pages hold many entities
            token = m.group()
            start, end = m.span()
            if code and bisect_right(starts, start) - 1 in code:
                continue  # a listing quotes HTML as it is written (``<html lang="en">``, ``&amp;``)
            if token.startswith("&"):
                name = token[1:]
                if not name.startswith("#") and name not in html5:
                    continue
                char = html.unescape(token)
                fix = Fix(f"replace {token} with the character", (Edit(doc.to_raw(start), doc.to_raw(end), char),))
                yield self.finding(doc, start, end, f'HTML entity "{token}"', fix=fix)
            elif token.startswith("<!--"):
                yield self.finding(
                    doc, start, end, "HTML comment", fix=self.delete_fix(doc, start, end, "delete the comment")
                )
            else:
                if m.group(2).casefold() not in HTML_TAGS:
                    continue
                shown = token if len(token) <= 40 else token[:39] + "…"
                yield self.finding(
                    doc, start, end, f'HTML tag "{shown}"', fix=self.delete_fix(doc, start, end, "delete the tag")
                )
