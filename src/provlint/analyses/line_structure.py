"""Where each line of a page sat in its HTML: the structure signals plain text has lost.

The HTML and WARC readers know, for every line they produce, which landmark it
sat in (``<nav>``, ``<header>``, ``<footer>``, ``<aside>``, ``<main>``/``<article>``
or the matching ARIA roles), how much of it was link text, which block element
ended it, and which boilerplate words its ancestors' ``class``/``id`` carried.
Readers of plain text know none of this, so the values are optional: a rule asks
:func:`line_structure` and gets None for a document that did not come from HTML.

The values are kept as parallel tuples (one entry per line of the document's
text, in order) so a page of thousands of lines costs a few tuples, pickles
cheaply to worker processes and compares equal in tests.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..prepare import PreparedDocument

#: The key under which readers store a :class:`PageStructure` in ``Document.metadata``.
METADATA_KEY = "line_structure"


class Region(enum.IntFlag):
    """Page landmarks a line sits inside (several at once when nested)."""

    NONE = 0
    NAV = 1  # <nav>, role=navigation
    HEADER = 2  # <header>, role=banner
    FOOTER = 4  # <footer>, role=contentinfo
    ASIDE = 8  # <aside>, role=complementary
    MAIN = 16  # <main>, <article>, role=main/article
    FORM = 32  # <form>, role=search/form

    @property
    def names(self) -> tuple[str, ...]:
        """The set flags' lower-case names, in declaration order (``("nav", "header")``)."""
        return tuple(r.name.lower() for r in Region if r and r in self and r.name)


#: Landmarks whose lines a reader of the article would not want.
BOILERPLATE_REGIONS = Region.NAV | Region.HEADER | Region.FOOTER | Region.ASIDE | Region.FORM


@dataclass(frozen=True)
class LineStructure:
    """One line's structure signals."""

    #: The block element the line ended in (``p``, ``li``, ``h1``, ``td``, ``div``, ...).
    tag: str
    regions: Region
    #: Characters of the line's text inside ``<a>`` elements.
    link_chars: int
    #: Characters of the line's text (after whitespace collapsing).
    chars: int
    #: Boilerplate words found in the ``class``/``id`` of the line's ancestors (``nav``, ``share``, ``footer``, ...).
    hints: tuple[str, ...]

    @property
    def link_density(self) -> float:
        """Share of the line's characters that are link text (0.0 for an empty line)."""
        return self.link_chars / self.chars if self.chars else 0.0

    @property
    def in_boilerplate_region(self) -> bool:
        return bool(self.regions & BOILERPLATE_REGIONS) and not self.regions & Region.MAIN


@dataclass(frozen=True)
class PageStructure:
    """Every line's :class:`LineStructure`, as parallel tuples indexed by line (0-based)."""

    tags: tuple[str, ...]
    regions: tuple[int, ...]
    link_chars: tuple[int, ...]
    chars: tuple[int, ...]
    hints: tuple[tuple[str, ...], ...]

    def __len__(self) -> int:
        return len(self.tags)

    def line(self, index: int) -> LineStructure:
        """Line ``index`` (0-based, as ``PreparedDocument.lines``)."""
        return LineStructure(
            self.tags[index],
            Region(self.regions[index]),
            self.link_chars[index],
            self.chars[index],
            self.hints[index],
        )

    def __iter__(self) -> Iterator[LineStructure]:
        return (self.line(i) for i in range(len(self.tags)))


def line_structure(doc: PreparedDocument) -> PageStructure | None:
    """The structure of ``doc``'s lines when its reader knew it (HTML, WARC), else None.

    Its length is the number of lines of the document's text, so ``structure.line(span.index)``
    answers for any span of ``doc.lines``.
    """
    value = doc.document.metadata.get(METADATA_KEY)
    return value if isinstance(value, PageStructure) else None
