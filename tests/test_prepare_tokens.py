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
        index.setdefault(word.replace("İ", "i").lower(), []).append(start)
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


def _doc(text: str) -> PreparedDocument:
    return PreparedDocument(Document(id="t", text=text))


def test_lower_words_are_each_token_lower_cased_like_the_word_index() -> None:
    doc = _doc("İstanbul and ISTANBUL, Straße STRASSE ΟΔΟΣ. Σ.Α")
    # str.lower per token, "İ" read as "i" first (str.lower alone gives "i" and a combining dot, which the
    # phrases' case-insensitive patterns do not need); "ß" stays (casefold would give "ss"), and a final
    # capital sigma becomes "ς" as the end of its own token.
    assert doc.lower_words == ("istanbul", "and", "istanbul", "straße", "strasse", "οδος", "σ", "α")
    assert set(doc.lower_words) == set(doc.word_starts)


def test_word_index_holds_the_tokens_whose_lower_cased_text_is_wanted() -> None:
    doc = _doc("İstanbul and ISTANBUL, Straße STRASSE ΟΔΟΣ and")
    assert doc.word_index(frozenset({"istanbul", "and"})) == {"istanbul": (0, 2), "and": (1, 6)}
    assert doc.word_index(frozenset({"i\u0307stanbul", "strasse"})) == {"strasse": (4,)}
    assert doc.word_index(frozenset({"straße", "οδος"})) == {"straße": (3,), "οδος": (5,)}
    assert doc.word_index(frozenset({"ss", "is"})) == {}
    assert doc.word_index(frozenset()) == {}


def test_word_index_shares_one_pass_per_document_and_grows_the_wanted_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prepare_module, "WANTED_WORDS", prepare_module.WantedWords(limit=3))
    doc = _doc("It is what it is, as it was")
    assert doc.word_index(frozenset({"it", "is"})) == {"it": (0, 3, 6), "is": (1, 4)}
    kept = doc.__dict__["_wanted_index"]
    assert kept[0] == {"it", "is"}
    assert doc.word_index(frozenset({"is"})) == {"is": (1, 4)}
    assert doc.__dict__["_wanted_index"] is kept  # a subset of what the document already found: no new pass
    assert doc.word_index(frozenset({"was"})) == {"was": (7,)}
    assert prepare_module.WANTED_WORDS.words == {"it", "is", "was"}
    assert doc.__dict__["_wanted_index"][0] == {"it", "is", "was"}
    # Past the limit: the call gets its own pass and the shared set stays as it was.
    assert doc.word_index(frozenset({"as", "what"})) == {"as": (5,), "what": (2,)}
    assert prepare_module.WANTED_WORDS.words == {"it", "is", "was"}


def test_word_numbers_starting_find_a_prefix_at_the_first_and_the_last_token() -> None:
    doc = _doc("Could it be? It COULDN'T, it could")
    assert doc.lower_words == ("could", "it", "be", "it", "couldn't", "it", "could")
    assert doc.word_numbers_starting(["could"]) == [0, 4, 6]
    assert doc.word_numbers_starting(["co", "cou", "b"]) == [0, 2, 4, 6]  # overlapping prefixes: each token once
    assert doc.word_numbers_starting(["couldn'"]) == [4]
    assert doc.word_numbers_starting(["t"]) == []  # inside a token is not a start
    assert doc.word_index(frozenset({"could", "it"})) == {"could": (0, 6), "it": (1, 3, 5)}


def test_word_numbers_starting_read_the_lower_cased_token() -> None:
    doc = _doc("İstanbul Straße STRASSE")
    assert doc.word_numbers_starting(["i"]) == [0]
    assert doc.word_numbers_starting(["is"]) == [0]
    assert doc.word_numbers_starting(["i\u0307s"]) == []
    assert doc.word_numbers_starting(["stras"]) == [2]
    assert doc.word_numbers_starting(["straß"]) == [1]


def test_word_look_ups_on_an_empty_document() -> None:
    doc = _doc("")
    assert doc.lower_words == ()
    assert doc.word_index(frozenset({"a"})) == {}
    assert doc.word_numbers_starting(["a"]) == []


@pytest.mark.parametrize("prefix", ["", "a b", "\n"])
def test_a_word_prefix_must_be_non_empty_and_hold_no_whitespace(prefix: str) -> None:
    with pytest.raises(ValueError, match="non-empty and hold no whitespace"):
        _doc("a b").word_numbers_starting([prefix])


@pytest.mark.parametrize("text", TEXTS)
def test_word_look_ups_equal_the_word_index(text: str) -> None:
    doc = _doc(text)
    index = doc.word_starts
    offsets = doc.word_offsets
    for word in index:
        assert [offsets[i] for i in doc.word_index(frozenset({word}))[word]] == index[word]
        prefix = word[:2]
        if prefix.strip() == prefix:
            expected = sorted(s for w, starts in index.items() if w.startswith(prefix) for s in starts)
            assert [offsets[i] for i in doc.word_numbers_starting([prefix])] == expected
