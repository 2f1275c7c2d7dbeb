"""The scorecard table drawn without rich is, character for character, the table rich draws without colour."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from provlint.scorecard import Scorecard
from provlint.scorecard_formats.plain_table import TableData, plain_table
from provlint.scorecard_formats.table import _rich_table, draw_scorecard, scorecard_data


def rich_text(data: TableData, width: int) -> str:
    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, force_terminal=False, no_color=True, highlight=False, width=width, soft_wrap=False).print(
        _rich_table(data)
    )
    return buf.getvalue()


def card(source: str, documents: int, words: int) -> Scorecard:
    c = Scorecard(source)
    c.documents, c.words = documents, words
    return c


def test_the_scorecard_table_is_drawn_as_rich_draws_it() -> None:
    cards = [card("example.com", 3, 1234), card("news.example", 12, 98765), card("tiny.example", 1, 10)]
    total = Scorecard.total(cards)
    for width in (200, 180):
        data = scorecard_data(cards, None, total)
        drawn = plain_table(data, width)
        assert drawn is not None and drawn == rich_text(data, width)
        assert draw_scorecard(cards, None, total, width, color=False) == drawn
    lines = drawn.splitlines()
    assert lines[0].startswith("Scorecard per source (worst first) ") and len(lines[0]) == len(lines[1])
    assert lines[1].startswith("┏━━━━━━━━━━━━━━┳━━━━━━┳━━━━━━━━━┳")  # source, docs, words ("100,009")
    assert lines[-1].rstrip().endswith("See docs/scorecard.md.") and len(lines[-1]) == len(lines[1])


def test_what_rich_must_draw_is_left_to_rich() -> None:
    base = scorecard_data([card("example.com", 3, 1234)], None, None)
    cells, end = base.rows[0]

    def with_source(source: str) -> TableData:
        row = ((source, *cells[1:]), end)
        return TableData(base.title, base.caption, base.columns, (row,))

    assert plain_table(base, 200) is not None
    assert plain_table(base, 60) is None  # too wide: rich shrinks and wraps columns
    assert plain_table(with_source("süddeutsche.de"), 200) is None  # not plain ASCII
    assert plain_table(with_source("a:fire:b"), 200) is None  # an emoji code for rich
    wide = with_source("x" * 150)
    assert plain_table(wide, 200) is None
    assert draw_scorecard([card("x" * 150, 1, 1)], None, None, 200, color=False) == rich_text(
        scorecard_data([card("x" * 150, 1, 1)], None, None), 200
    )


cell = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=14)


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(alphabet="ab c[]/:", min_size=1, max_size=30),
    caption=st.text(alphabet="abc  ;:()[]./x", max_size=400),
    columns=st.lists(
        st.tuples(cell | st.sampled_from(["note", "source", "grade"]), st.sampled_from(["left", "right", "center"])),
        min_size=1,
        max_size=6,
    ),
    rows=st.lists(st.tuples(st.lists(cell, min_size=6, max_size=6), st.booleans()), max_size=5),
    width=st.integers(min_value=20, max_value=140),
)
def test_plain_drawing_equals_rich_whenever_it_draws(
    title: str,
    caption: str,
    columns: list[tuple[str, str]],
    rows: list[tuple[list[str], bool]],
    width: int,
) -> None:
    n = len(columns)
    data = TableData(title, caption, tuple(columns), tuple((tuple(cells[:n]), end) for cells, end in rows))
    drawn = plain_table(data, width)
    if drawn is not None:
        assert drawn == rich_text(data, width)
