"""langdetect's n-grams of a text as profile rows, found with array operations (numpy, the ``fast`` extra).

langdetect walks a text character by character through a 3-character window
(:func:`.fast_detector.extract_ngrams` does it in one Python loop) and looks
each 1-, 2- and 3-gram up in its profiles: about 1,800 dictionary look-ups
and list appends for a 600-character sample. The window's rule can be stated
per position instead: with a space before the text, the character at ``j``
gives nothing when it and the one before are both spaces (a space run) or
both capitals (inside a capitalised word); otherwise it gives its 1-gram
(unless a space), the 2-gram ending at it, and the 3-gram ending at it unless
the character before is a space (a word's first letter has only the space
before it). So every candidate is an integer key of at most three code points
(21 bits each), looked up by binary search in the profiles' keys, sorted once
per process, and the rows come out position by position, 1-gram, 2-gram,
3-gram: langdetect's order (tests/test_ngram_index.py compares them with its
own loop on real pages and mixed scripts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Bits of a character's number in a key (langdetect's profiles use 3,160 distinct characters).
BITS = 14
#: The flag, beside the number, of a character ``str.isupper`` holds true of.
UPPER = 1 << BITS
#: The number of every character the profiles' n-grams do not use (so no key holding it is found).
UNKNOWN = 0
#: An n-gram's length as it sits in its key, above three characters' numbers (bits 42-43).
_LENGTH = {length: length << (3 * BITS) for length in (1, 2, 3)}


class _Numbered(dict[int, str]):
    """Code point -> one character whose code is the number of its normalised form in the profiles' alphabet,
    plus :data:`UPPER` when that form is upper case; a ``str.translate`` table, filled on first sight."""

    def __init__(self, alphabet: Mapping[str, int]) -> None:
        super().__init__()
        self.alphabet = alphabet

    def __missing__(self, point: int) -> str:
        from langdetect.utils.ngram import NGram

        normalized: str = NGram.normalize(chr(point))
        code = self.alphabet.get(normalized, UNKNOWN) | (UPPER if normalized.isupper() else 0)
        self[point] = chr(code)
        return chr(code)


class NgramIndex:
    """The profiles' n-grams (gram -> row) as one sorted array of integer keys and the rows in the same order.

    A key holds the n-gram's length (bits 42-43) and its characters' numbers (14 bits each, the last character
    lowest), so that 1-, 2- and 3-grams are found by one binary search.
    """

    __slots__ = ("_keys", "_numbered", "_rows", "_space")

    def __init__(self, rows: Mapping[str, int]) -> None:
        import numpy as np

        alphabet = {ch: number for number, ch in enumerate(sorted(set("".join(rows))), start=1)}
        if len(alphabet) >= UPPER or " " not in alphabet:
            raise ValueError("the profiles' characters do not fit the keys")
        numbering = {ord(ch): chr(number) for ch, number in alphabet.items()}
        grams = list(rows)
        lengths = np.fromiter(map(len, grams), dtype=np.intp, count=len(grams))
        numbers = np.frombuffer("".join(grams).translate(numbering).encode("utf-16-le"), dtype=np.uint16)
        starts = np.cumsum(lengths) - lengths
        keys: Any = np.zeros(len(grams), dtype=np.uint64)
        for column in range(3):
            longer = lengths > column
            keys[longer] = (keys[longer] << BITS) | numbers[starts[longer] + column]
        kept = (lengths >= 1) & (lengths <= 3)  # langdetect asks for nothing longer
        keys = keys[kept] | (lengths[kept].astype(np.uint64) << (3 * BITS))
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self._rows = np.fromiter(rows.values(), dtype=np.intp, count=len(grams))[kept][order]
        self._numbered = _Numbered(alphabet)
        self._space = alphabet[" "]

    def rows(self, text: str) -> Any:
        """The profile rows of the known n-grams of ``text`` (cleaned, not yet normalised), in the order
        langdetect's ``_extract_ngrams`` lists the n-grams after normalising each character."""
        import numpy as np

        coded = np.frombuffer(text.translate(self._numbered).encode("utf-16-le"), dtype=np.uint16)
        size = len(coded)
        if not size:
            return np.zeros(0, dtype=np.intp)
        space = self._space
        # Two spaces before the text: the window starts as after a space.
        numbers = np.empty(size + 2, dtype=np.uint64)
        numbers[:2] = space
        np.bitwise_and(coded, UPPER - 1, out=numbers[2:], casting="unsafe")
        upper = np.empty(size + 1, dtype=bool)
        upper[0] = False
        np.greater_equal(coded, UPPER, out=upper[1:])
        this, before, two_before = numbers[2:], numbers[1:-1], numbers[:-2]
        is_space = this == space
        space_before = before == space
        gives = ~((is_space & space_before) | (upper[1:] & upper[:-1]))
        keys = np.empty((size, 3), dtype=np.uint64)
        keys[:, 0] = this | _LENGTH[1]
        pair = (before << BITS) | this
        keys[:, 1] = pair | _LENGTH[2]
        keys[:, 2] = (two_before << (2 * BITS)) | pair | _LENGTH[3]
        wanted = np.empty((size, 3), dtype=bool)
        np.logical_and(gives, ~is_space, out=wanted[:, 0])
        wanted[:, 1] = gives
        np.logical_and(gives, ~space_before, out=wanted[:, 2])
        candidates = keys[wanted]  # row by row: position by position, 1-gram, 2-gram, 3-gram
        at = np.searchsorted(self._keys, candidates)
        np.minimum(at, len(self._keys) - 1, out=at)
        at = at[self._keys[at] == candidates]
        return self._rows[at]
