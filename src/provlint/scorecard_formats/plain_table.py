"""The scorecard table as rich draws it without colour, drawn without importing rich.

``provlint check`` prints the scorecard table after the findings, on every
run that shows scorecards. Importing rich costs a one-file run about a tenth
of its time, yet in plain text (a file, a pipe, CI, ``NO_COLOR``) a table
that fits its width is simple: a heavy-head box, one space of padding, each
column as wide as its widest cell, the title and the wrapped caption padded
to the table's width. :func:`plain_table` draws exactly that, character for
character (tests/test_plain_table.py compares it with rich on generated
tables), and returns None whenever rich would do more: a table wider than
the width (rich shrinks and wraps columns), text whose cells are not one
character each, a backslash (which rich's markup escaping treats
specially), or a ``:name:`` rich might turn into an emoji. The caller then
uses rich.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: Characters known to be one terminal cell wide (printable ASCII).
_ONE_CELL = re.compile(r"[ -~]*")
#: What rich's emoji replacement could match (``:smile:``): left to rich.
_EMOJI_CODE = re.compile(r":\S*?:")
#: A word and the whitespace after it, as rich's wrapping splits text.
_WORD = re.compile(r"\s*\S+\s*")


@dataclass(frozen=True)
class TableData:
    """A table's text: title, caption, (header, justify) per column, rows of cells and where a section ends."""

    title: str
    caption: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple[tuple[str, ...], bool], ...]  # (cells, a section ends after this row)


def _plain_text(text: str) -> bool:
    """One cell per character, and nothing rich's markup escaping treats specially (backslashes, emoji codes)."""
    return _ONE_CELL.fullmatch(text) is not None and "\\" not in text and _EMOJI_CODE.search(text) is None


def _plain_cell(text: str) -> bool:
    """Plain text rich lays out as it is (it strips the ends of some justified cells)."""
    return _plain_text(text) and text == text.strip()


def _justify(text: str, width: int, how: str) -> str:
    excess = width - len(text)
    if how == "right":
        return " " * excess + text
    if how == "center":
        left = excess // 2
        return " " * left + text + " " * (excess - left)
    return text + " " * excess


def _wrap(text: str, width: int) -> list[str] | None:
    """Lines of ``text`` broken as rich breaks them (whole words, trailing spaces dropped); None if a word is wider."""
    lines: list[str] = []
    line = ""
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word.rstrip()) > width:
            return None
        if line and len(line) + len(word.rstrip()) > width:
            lines.append(line.rstrip())
            line = word
        else:
            line += word
    lines.append(line.rstrip())
    return lines


def plain_table(data: TableData, width: int) -> str | None:
    """The table as rich prints it without colour in ``width`` columns, or None when rich must draw it."""
    cells = [*(h for h, _ in data.columns), *(c for row_cells, _ in data.rows for c in row_cells)]
    if not (_plain_text(data.title) and _plain_text(data.caption) and all(_plain_cell(c) for c in cells)):
        return None
    if any(len(cells) != len(data.columns) for cells, _ in data.rows):
        return None
    widths = [
        max([len(header), *(len(cells[i]) for cells, _ in data.rows)]) for i, (header, _) in enumerate(data.columns)
    ]
    total = sum(widths) + 3 * len(widths) + 1
    if total > width or len(data.title) > total:
        return None
    caption = _wrap(data.caption, total) if data.caption else []
    if caption is None:
        return None

    def rule(left: str, fill: str, cross: str, right: str) -> str:
        return left + cross.join(fill * (w + 2) for w in widths) + right

    def row(edge: str, cells: Sequence[str], justify: Sequence[str]) -> str:
        body = edge.join(f" {_justify(c, w, j)} " for c, w, j in zip(cells, widths, justify, strict=True))
        return edge + body + edge

    justify = [j for _, j in data.columns]
    out = [data.title.ljust(total)] if data.title else []
    out += [rule("┏", "━", "┳", "┓"), row("┃", [h for h, _ in data.columns], justify), rule("┡", "━", "╇", "┩")]
    for i, (row_cells, section_ends) in enumerate(data.rows):
        out.append(row("│", row_cells, justify))
        if section_ends and i < len(data.rows) - 1:  # no section line above the bottom edge
            out.append(rule("├", "─", "┼", "┤"))
    out.append(rule("└", "─", "┴", "┘"))
    out += [line.ljust(total) for line in caption]
    return "\n".join(out) + "\n"
