"""The shared word and sentence splits equal their plain definitions, however they are computed.

``PreparedDocument`` tokenises with one large match per piece of text and
finds sentence ends in one scan of the whole text; these tests pin both to
the per-word ``finditer`` and per-line scans they replace.
"""

from __future__ import annotations

import pytest
import regex

from provlint import prepare as prepare_module
from provlint import word_tokens as word_tokens_module
from provlint.model import Document
from provlint.prepare import PreparedDocument
from provlint.word_tokens import WORD

TEXTS = [
    "",
    "\n\n",
    "a-'b rock-n-roll -n x- -y ’tis don’t",
    "__init__ x_y 12,5 ²³ é e\u0301 İstanbul ß",
    'Mr. Smith met Dr. J. Doe in the U.S. on Monday.  He left! Did he? Yes…\n\nNext line "quoted." (aside.)',
    "  leading blanks. trailing words  \n   \n...\nend without stop",
    "Ends with a newline.\n",
    "Windows\r\nline ends. And a lone\rreturn.\r\n\r\nNext paragraph? Yes.",
    "x\u00b2 \u00bd \u0915\u094d\u0937\u093f \u203f\u2040 a\u200db \u24b6\u24b7 \U0001f600 \U0001d400\U0001d401",
    "ΟΔΟΣ. Σ.Α ολος’ς  \u00a0nbsp\u00a0. \u3000ideographic\u3000. end\u2029para.",
    "sep\x1c\x1dchars. \x85next. \u2028x.",
    "dots" + "." * 500 + "x and " + "!?" * 300 + " then.",
    "a" * 70000 + ". " + "word-" * 20000 + "end.",
    "Fig. 3 shows no. 5 vs. e.g. the U.S. and i.e. Sept. data; Prof. Smith. Professor.",
]


def _finditer_words(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in WORD.finditer(text)]


@pytest.mark.parametrize("text", TEXTS)
def test_word_tokens_equal_finditer(text: str) -> None:
    doc = PreparedDocument(Document(id="t", text=text))
    expected = _finditer_words(doc.text)  # the normalised text (NFC)
    assert list(zip(doc.word_offsets, doc.word_texts)) == expected
    assert [(w.start, w.text) for w in doc.words] == expected
    assert all(doc.text[w.start : w.end] == w.text for w in doc.words)
    assert doc.word_count == len(expected)
    index: dict[str, list[int]] = {}
    for start, word in expected:
        index.setdefault(word.lower(), []).append(start)
    assert doc.word_starts == index
    assert list(doc.sorted_words) == sorted(index)


def test_long_text_is_tokenised_in_pieces_with_the_same_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word_tokens_module, "CHUNK", 16)
    text = "one two-three\nfour’s five six seven eight\nnine ten eleven twelve thirteen fourteen " * 5 + "x" * 40
    assert len(word_tokens_module.chunks(text)) > 5
    doc = PreparedDocument(Document(id="t", text=text))
    assert list(zip(doc.word_offsets, doc.word_texts)) == _finditer_words(text)


#: The sentence end as it was first written: backtracking, tried from every position.
_PLAIN_SENTENCE_END = regex.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+|$)""")


def _per_line_sentences(doc: PreparedDocument) -> list[tuple[int, int, int]]:
    """The sentence split as a scan per line: (start, end, line) of each sentence."""
    out = []
    for line in doc.lines:
        text = line.text
        if not text.strip():
            continue
        begin = 0
        pieces = []
        for m in _PLAIN_SENTENCE_END.finditer(text):
            if m.group() == "." and prepare_module._is_abbreviation(text, m.start()):
                continue
            pieces.append((begin, m.end()))
            begin = m.end()
        pieces.append((begin, len(text)))
        for lo, hi in pieces:
            piece = text[lo:hi]
            if piece.strip():
                start = line.start + lo + len(piece) - len(piece.lstrip())
                out.append((start, start + len(piece.strip()), line.index))
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_sentences_equal_a_per_line_scan(text: str) -> None:
    doc = PreparedDocument(Document(id="t", text=text))
    assert [(s.start, s.end, s.line) for s in doc.sentences] == _per_line_sentences(doc)
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    assert all(doc.text[s.start : s.end] == s.text for s in doc.sentences)
