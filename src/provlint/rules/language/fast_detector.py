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
pages). Without numpy (an optional dependency, the ``fast`` extra) langdetect's
own loops run.

Its ``append`` removes URLs and e-mail addresses with langdetect's own
patterns (run by the regex module, with provlint's pattern timeout) and folds
runs of spaces in one pass where langdetect appends character by character
(the same text).
"""

from __future__ import annotations

import functools
from typing import Any

import regex

from ...lazy_pattern import lazy_compile
from ...patterns import PATTERN_TIMEOUT

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
        def __init__(self, factory: Any) -> None:
            super().__init__(factory)
            self.weight_rows = getattr(factory, "weight_rows", None)

        def append(self, text: str) -> None:
            text = urls.sub(" ", text, timeout=PATTERN_TIMEOUT)
            text = mails.sub(" ", text, timeout=PATTERN_TIMEOUT)
            text = NGram.normalize_vi(text)
            self.text += _SPACES.sub(" ", text[: self.max_text_length], timeout=PATTERN_TIMEOUT)

        def _detect_block(self) -> None:
            if self.weight_rows is None:
                super()._detect_block()  # the profiles were not compacted: langdetect's own loops
                return
            import numpy as np

            self.cleaning_text()
            ngrams = self._extract_ngrams()
            if not ngrams:
                raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
            table = self.word_lang_prob_map
            local: dict[int, int] = {}
            # A draw from ``drawn`` is a draw from ``ngrams`` (same length, same generator): it names the row.
            drawn = [local.setdefault(table[w], len(local)) for w in ngrams]
            weights = self.weight_rows[np.fromiter(local, dtype=np.intp, count=len(local))]
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
