"""langdetect's detector with its sampling trials run on arrays.

langdetect decides a text's language by random trials: each draws n-grams of
the text at random and multiplies the 55 language probabilities by the drawn
n-gram's weights (``p * (weight + q)``), normalising every fifth draw
(``p / sum``), until one language passes 0.99999. It writes those as indexed
Python loops over the 55 languages, run hundreds of times per text: most of
the time provlint spends on a page's language.

:class:`FastDetector` keeps langdetect's text cleaning, n-gram extraction and
random draws (the same seeded generator, called in the same order with lists
of the same length) and does the arithmetic on numpy arrays: the weights of
the text's distinct n-grams are looked up once per text and offset once per
trial, each draw multiplies one row into the probabilities, and the sum runs
left to right (``np.add.accumulate``) as Python's ``sum`` does. Every
operation is the same IEEE double operation on the same operands in the same
order, so each probability, and so each detected language, is bit for bit what
langdetect computes (tests/test_fast_detector.py compares them on real
pages). The n-grams come as profile rows from :mod:`.ngram_index` (array
operations instead of a Python step per character), and each trial's draws in
blocks from :mod:`.seeded_draws` (the same generator's outputs read with array
operations instead of a ``random.choice`` call per draw), so that a block of
five draws between two normalisations is one reduction down five rows. Where
this interpreter's ``random`` does not read its generator as
:mod:`.seeded_draws` expects (checked once per process), ``random.choice`` is
called per draw. Without numpy (an optional dependency, the ``fast`` extra)
langdetect's own loops run.

Its ``append`` removes URLs and e-mail addresses with langdetect's own
patterns (run by the regex module, with provlint's pattern timeout) and folds
runs of spaces in one pass where langdetect appends character by character
(the same text). Its text cleaning counts the characters of each kind from the
text's distinct characters, and its n-gram extraction normalises the text in
one ``str.translate`` through a per-process table (each distinct character
normalised once by langdetect's own ``NGram.normalize``) before walking it with
langdetect's n-gram window: the same n-grams in the same order, without two
method calls and a block search per character.
"""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

import regex

from ...lazy_pattern import lazy_compile
from ...patterns import PATTERN_TIMEOUT
from .ngram_index import NgramIndex
from .seeded_draws import SeededDraws, reproduces_random

#: Runs of two or more spaces: langdetect keeps the first space of a run.
_SPACES = lazy_compile(" {2,}")


def compact_profiles(factory: Any) -> None:
    """Move the loaded profiles' weights into one array (numpy installed): ``factory.word_lang_prob_map`` then
    maps each n-gram to its row of ``factory.weight_rows``.

    87,598 n-grams by 55 languages: 39 MB of doubles in one block instead of as
    many Python lists and float objects, which worker processes forked after
    the load share (reading a list of floats writes their reference counts,
    which copies the pages into each worker; reading an array does not).
    Without numpy the factory is left as langdetect built it.
    """
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is installed wherever the tests run
        return
    table = factory.word_lang_prob_map
    factory.weight_rows = np.array(list(table.values()), dtype=np.float64)
    factory.word_lang_prob_map = {word: row for row, word in enumerate(table)}


#: Code points langdetect's cleaning drops from a text that is mostly not Latin: ``'A' <= ch <= 'z'``.
_LATIN_RANGE = dict.fromkeys(range(ord("A"), ord("z") + 1))


class _Normalized(dict[int, str]):
    """Code point -> the character langdetect's n-grams see (``NGram.normalize``), filled on first sight.

    A ``str.translate`` table: bounded by the characters that exist.
    """

    def __missing__(self, point: int) -> str:
        from langdetect.utils.ngram import NGram

        normalized: str = NGram.normalize(chr(point))
        self[point] = normalized
        return normalized


_NORMALIZED = _Normalized()


def mostly_not_latin(text: str) -> bool:
    """langdetect's test for dropping Latin letters: fewer than half as many as the other letters and marks."""
    from langdetect.utils.unicode_block import unicode_block

    latin = other = 0
    for ch, count in Counter(text).items():
        if "A" <= ch <= "z":
            latin += count
        elif ch >= "\u0300" and unicode_block(ch) != "Latin Extended Additional":
            other += count
    return latin * 2 < other


def extract_ngrams(text: str, known: Any) -> list[str]:
    """The 1- to 3-grams of ``text`` that are in ``known``, as langdetect's ``_extract_ngrams`` lists them.

    langdetect's window: the last three normalised characters, restarted
    after a space; nothing is taken inside a run of capitals (from the second
    capital on, until a character that is not one).
    """
    result: list[str] = []
    append = result.append
    grams = " "
    capitals = False
    for ch in text.translate(_NORMALIZED):
        last = grams[-1]
        if last == " ":
            grams = " "
            capitals = False
            if ch == " ":
                continue
        elif len(grams) >= 3:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            if last.isupper():
                capitals = True
        else:
            capitals = False
        if capitals:
            continue
        if ch != " " and ch in known:
            append(ch)
        size = len(grams)
        if size >= 2:
            pair = grams[-2:]
            if pair in known:
                append(pair)
            if size >= 3 and grams in known:
                append(grams)
    return result


@functools.cache
def detector_class() -> type[Any]:
    """The ``langdetect.detector.Detector`` subclass (built once, after langdetect is imported)."""
    from langdetect.detector import Detector
    from langdetect.lang_detect_exception import ErrorCode, LangDetectException
    from langdetect.utils.ngram import NGram

    # langdetect's own URL and e-mail patterns (plain ASCII classes), in the regex module for its timeout.
    urls = regex.compile(Detector.URL_RE.pattern)
    mails = regex.compile(Detector.MAIL_RE.pattern)

    class FastDetector(Detector):  # type: ignore[misc]
        text: str

        def __init__(self, factory: Any) -> None:
            super().__init__(factory)
            self.weight_rows = getattr(factory, "weight_rows", None)

        def append(self, text: str) -> None:
            text = urls.sub(" ", text, timeout=PATTERN_TIMEOUT)
            text = mails.sub(" ", text, timeout=PATTERN_TIMEOUT)
            text = NGram.normalize_vi(text)
            self.text += _SPACES.sub(" ", text[: self.max_text_length], timeout=PATTERN_TIMEOUT)

        def cleaning_text(self) -> None:
            if mostly_not_latin(self.text):
                self.text = self.text.translate(_LATIN_RANGE)

        def _extract_ngrams(self) -> list[str]:
            return extract_ngrams(self.text, self.word_lang_prob_map)

        def _detect_block(self) -> None:
            weight_rows = self.weight_rows
            if weight_rows is None:
                super()._detect_block()  # the profiles were not compacted: langdetect's own loops
                return
            self.cleaning_text()
            index = ngram_index(self.word_lang_prob_map)
            if index is not None and self.seed is not None and reproduces_random(self.seed):
                self._trials_in_blocks(index.rows(self.text), weight_rows)
            else:
                self._trials_drawn_one_by_one(self._extract_ngrams(), weight_rows)

        def _trials_in_blocks(self, rows: Any, weight_rows: Any) -> None:
            """The trials with each trial's draws taken in blocks from :class:`.seeded_draws.SeededDraws`."""
            import numpy as np

            count = len(rows)
            if not count:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            distinct, drawn = np.unique(rows, return_inverse=True)
            weights = weight_rows[distinct]
            size = len(self.langlist)
            trials = self.n_trial
            totals = np.zeros(size)
            draws = SeededDraws(self.seed)
            limit, threshold = self.ITERATION_LIMIT, self.CONV_THRESHOLD
            for _ in range(trials):
                prob = np.full(size, 1.0 / size)
                alpha = self.alpha + draws.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                shifted = (alpha / self.BASE_FREQ) + weights
                ahead = 0
                rows_drawn: Any = None
                # Draw i multiplies one row in; after draw 0 and every fifth draw after it the
                # probabilities are normalised and the trial may stop: blocks of draws 0, 1-5, 6-10, ...
                # A block's products are one reduction down the rows, the probabilities first in place of
                # the row before the block (already used), so each element is multiplied in langdetect's order.
                prob *= shifted[drawn[draws.peek_choices(count, 1)[0]]]
                i = 0
                while True:
                    values = prob.tolist()
                    total = sum(values)  # left to right, as langdetect's normalisation adds
                    prob /= total
                    if max(values) / total > threshold or i >= limit:
                        break
                    if i + 6 > ahead:
                        ahead = max(2 * ahead, i + 128)
                        rows_drawn = shifted[drawn[draws.peek_choices(count, ahead)]]
                    block = rows_drawn[i : i + 6]
                    block[0] = prob
                    np.multiply.reduce(block, axis=0, out=prob)
                    i += 5
                draws.take_choices(count, i + 1)
                totals += prob / trials
            self.langprob = totals.tolist()

        def _trials_drawn_one_by_one(self, ngrams: list[str], weight_rows: Any) -> None:
            """The trials with ``random.choice`` called per draw (an interpreter whose ``random`` differs)."""
            import numpy as np

            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            table = self.word_lang_prob_map
            local: dict[int, int] = {}
            # A draw from ``drawn`` is a draw from ``ngrams`` (same length, same generator): it names the row.
            drawn = [local.setdefault(table[w], len(local)) for w in ngrams]
            weights = weight_rows[np.fromiter(local, dtype=np.intp, count=len(local))]
            size = len(self.langlist)
            trials = self.n_trial
            totals = [0.0] * size
            choice = self.random.choice
            self.random.seed(self.seed)
            for _ in range(trials):
                prob = np.full(size, 1.0 / size)
                alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
                shifted = (alpha / self.BASE_FREQ) + weights
                i = 0
                while True:
                    prob *= shifted[choice(drawn)]
                    if i % 5 == 0:
                        values = prob.tolist()
                        total = sum(values)  # left to right, as langdetect's normalisation adds
                        prob /= total
                        # Division by a positive total keeps the order: the largest quotient is max / total.
                        if max(values) / total > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                            break
                    i += 1
                for j, p in enumerate(prob.tolist()):
                    totals[j] += p / trials
            self.langprob = totals

    return FastDetector


def ngram_index(word_rows: dict[str, int]) -> NgramIndex | None:
    """The :class:`.ngram_index.NgramIndex` of compacted profiles (built once per mapping), None without numpy."""
    index = _indexes.get(id(word_rows))
    if index is None or index[0] is not word_rows:
        try:
            built = NgramIndex(word_rows)
        except (ImportError, ValueError):
            return None
        _indexes[id(word_rows)] = index = (word_rows, built)
    return index[1]


#: id(profiles' n-gram -> row mapping) -> (the mapping, its index): a process holds one or two factories.
_indexes: dict[int, tuple[dict[str, int], NgramIndex]] = {}
