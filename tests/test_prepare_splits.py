"""Exact lines, paragraphs and sentences of small documents (offsets into the normalised text)."""

from __future__ import annotations

from provlint.model import Document
from provlint.prepare import PreparedDocument, Span


def _doc(text: str) -> PreparedDocument:
    return PreparedDocument(Document(id="t", text=text))


def test_empty_and_whitespace_only_documents() -> None:
    empty = _doc("")
    assert empty.lines == (Span(0, 0, "", 0, 0),)
    assert (empty.paragraphs, empty.sentences, empty.line_starts) == ((), (), (0,))
    blank = _doc(" \t\n\u3000\n")
    assert blank.lines == (Span(0, 2, " \t", 0, 0), Span(3, 4, "\u3000", 1, 1), Span(5, 5, "", 2, 2))
    assert (blank.paragraphs, blank.sentences) == ((), ())


def test_crlf_lines_paragraphs_and_sentences() -> None:
    doc = _doc("  Héllo wörld. Mr. Smith\r\nsaid so!\r\n \r\nNext e\u0301tape… ok\r\n")
    assert doc.text == "  Héllo wörld. Mr. Smith\nsaid so!\n \nNext étape… ok\n"
    assert doc.lines == (
        Span(0, 24, "  Héllo wörld. Mr. Smith", 0, 0),
        Span(25, 33, "said so!", 1, 1),
        Span(34, 35, " ", 2, 2),
        Span(36, 50, "Next étape… ok", 3, 3),
        Span(51, 51, "", 4, 4),
    )
    assert doc.line_starts == (0, 25, 34, 36, 51)
    assert doc.paragraphs == (
        Span(0, 33, "  Héllo wörld. Mr. Smith\nsaid so!", 0, 0),
        Span(36, 50, "Next étape… ok", 1, 3),
    )
    assert doc.sentences == (
        Span(2, 14, "Héllo wörld.", 0, 0),
        Span(15, 24, "Mr. Smith", 1, 0),
        Span(25, 33, "said so!", 2, 1),
        Span(36, 47, "Next étape…", 3, 3),
        Span(48, 50, "ok", 4, 3),
    )
    # the raw positions of the lines: the CRLF documents' columns count from the raw line starts
    assert doc.raw_position(doc.to_raw(36)) == (4, 1)
    assert doc.raw_position(doc.to_raw(25)) == (2, 1)


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    doc = _doc("Fig. 3 vs. J. Doe in the U.S. today. Prof. X met Professors. Then e.g. this. Sept. ends")
    assert [s.text for s in doc.sentences] == [
        "Fig. 3 vs. J. Doe in the U.S. today.",
        "Prof. X met Professors.",
        "Then e.g. this.",
        "Sept. ends",
    ]


def test_a_long_run_of_stops_is_one_pass() -> None:
    """A run of 200,000 dots not followed by a space: the backtracking end pattern retried from every dot and
    ran into its time limit; the possessive one reads the run once."""
    text = "Wait" + "." * 200_000 + "x then! Done"
    doc = _doc(text)
    assert [(s.start, s.end) for s in doc.sentences] == [(0, 200_011), (200_012, 200_016)]
    assert doc.sentences[1].text == "Done"


def test_is_blank_is_what_strip_removes() -> None:
    blank = ["", " ", "\t\x0b\x0c", "\u3000\u2028", "\x1c\x1d\x1e\x1f", "\x85\xa0"]
    filled = ["a", " a ", "\u200b", "\ufeff", "\u3000x"]
    assert [Span(0, len(t), t, 0, 0).is_blank for t in blank + filled] == [True] * 6 + [False] * 5
    assert [not t.strip() for t in blank + filled] == [True] * 6 + [False] * 5
