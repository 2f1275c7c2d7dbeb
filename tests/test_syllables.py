"""Syllable counts and readability figures: textstat's, bit for bit, with each word counted once per process."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyphen
import pytest

from provlint.model import Document
from provlint.prepare import PreparedDocument
from provlint.rules.language import readability, syllables
from provlint.rules.language.detection import document_language
from provlint.rules.language.readability import SUPPORTED, measure, syllable_counter, window
from provlint.rules.language.syllables import HyphenationPatterns, SyllableCounter
from provlint.sorted_table import SortedTable, encode

REAL_PAGES = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"


@pytest.mark.parametrize(
    ("lang", "word", "count"),
    [
        ("en", "readability", 5),  # the CMU dictionary (pyphen alone finds read-ab-il-ity: 4)
        ("en", "the", 1),
        ("en", "provlint", 1),  # not in the CMU dictionary, no hyphenation point
        ("de", "donaudampfschifffahrt", 5),  # do-nau-dampf-schiff-fahrt
        ("de", "silbentrennung", 4),
        ("de", "über", 1),  # ü-ber: a point one letter from the start does not count
        ("hu", "megszentségteleníthetetlenségeskedéseitekért", 17),  # nonstandard patterns: their digits
        ("ru", "достопримечательность", 7),
        ("fr", "anticonstitutionnellement", 9),
    ],
)
def test_word_counts(lang: str, word: str, count: int) -> None:
    assert syllable_counter(lang).count(word) == count


@pytest.mark.parametrize(
    "lang",
    # de and hu hold 66,000 and 105,000 patterns: parsing them twice takes seconds
    ["en_US", pytest.param("de_DE", marks=pytest.mark.slow), pytest.param("hu", marks=pytest.mark.slow), "nl", "it"],
)
def test_hyphenation_points_are_pyphens(lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Built into the cache and read back from it, the patterns give pyphen's own points (two letters from each end)."""
    monkeypatch.setenv("PROVLINT_CACHE_DIR", str(tmp_path))
    words = (
        "hyphenation readability straightforward extraordinary silbentrennung donaudampfschifffahrt über a "
        "egészségügyi megszentségteleníthetetlenségeskedéseitekért lettergrepen ziekenhuisopname precipitevolissimevolmente"
    ).split()
    own = pyphen.Pyphen(lang=lang)
    for run in ("built", "mapped"):
        patterns = readability._hyphenation_patterns(lang)
        assert [patterns.points(w) for w in words] == [len(own.positions(w)) for w in words], (lang, run)
    assert any(p.name.startswith("hyphenation-table-") for p in tmp_path.rglob("*"))


def _windows(langs: frozenset[str]) -> list[tuple[str, str]]:
    """The readability windows of every 3rd real page in one of ``langs``, with that language."""
    out = []
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        for n, record in enumerate(handle):
            text = json.loads(record)["text"]
            if n % 3 or not text.strip():
                continue
            doc = PreparedDocument(Document(id=str(n), text=text, source="s"))
            guess = document_language(doc)
            if guess is not None and guess.lang in langs:
                out.append((window(doc), guess.lang))
    return out


@pytest.mark.parametrize(
    "langs",
    # textstat parses pyphen's German dictionary (66,000 patterns) itself: seconds
    [frozenset({"en"}), pytest.param(SUPPORTED - {"en"}, marks=pytest.mark.slow)],
)
def test_figures_are_textstats_on_real_pages(langs: frozenset[str]) -> None:
    from textstat.backend import counts, metrics, selections

    readability.install_offline_syllables()
    windows = _windows(langs)
    assert len(windows) > 20
    scored = 0
    for text, lang in windows:
        ours = measure(text, lang)
        if ours is None:
            assert counts.count_words(text) < readability.MIN_WORDS
            continue
        scored += 1
        words = selections.list_words(text, lowercase=True)
        assert syllable_counter(lang).total(words) == counts.count_syllables(text, lang), (lang, text[:80])
        expected = (
            round(float(metrics.flesch_reading_ease(text, lang)), 2),
            round(float(metrics.flesch_kincaid_grade(text, lang)), 2),
            round(float(metrics.words_per_sentence(text)), 2),
        )
        assert (ours.flesch_reading_ease, ours.grade_level, ours.avg_sentence_length) == expected, (lang, text[:80])
    assert scored > 20


EDGES = [
    "",
    "One. Two words. Three words here! Four? ...",
    "It's the dogs' bones. They'll say 'no'. Rock 'n' roll isn't dead' Ends with an apostrophe'",
    "Ünïcödé wörds — and dashes - here; a.b.c. e.g. 3.5 per cent. !!! ?? Done",
    "no terminal mark at all and only lower case words",
    "«Quoted» start… and _under_score ⅻ numbers² e\u0301 combining; odd\x1cspaces\u2028here. 'Tis 'twas.",
    "... !? leading marks. x",
]


def test_counts_are_textstats() -> None:
    """The words, their number and the sentences are textstat's own functions' on real windows and edge cases."""
    from textstat.backend import counts, selections

    readability.install_offline_syllables()
    texts = [text for text, _ in _windows(frozenset({"en", "de", "fr", "es", "ru"}))] + EDGES
    assert len(texts) > 40
    for text in texts:
        lowered, sentences = readability.textstat_counts(text)
        assert lowered == selections.list_words(text, lowercase=True), text[:80]
        assert len(lowered) == counts.count_words(text), text[:80]
        assert sentences == counts.count_sentences(text), text[:80]
    assert readability.textstat_counts(EDGES[1]) == (["one", "two", "words", "three", "words", "here", "four"], 1)


def test_punctuation_is_textstats_on_every_code_point() -> None:
    from textstat.backend.transformations import remove_punctuation

    readability.install_offline_syllables()
    every = "".join(chr(point) for point in range(0x110000) if point != ord("'"))
    assert readability._without_punctuation(every) == remove_punctuation(every, rm_apostrophe=False)
    assert readability._without_punctuation("it's the dogs' 'bone' we'd") == "it's the dogs bone we'd"


def _counter(items: list[tuple[str, bytes]], maxlen: int, words: dict[str, int] | None = None) -> SyllableCounter:
    hyphenation = HyphenationPatterns(maxlen, SortedTable(encode(items)))
    cmu = SortedTable(encode([(w, bytes((n,))) for w, n in words.items()])) if words is not None else None
    return SyllableCounter(hyphenation, cmu)


# "1b" and "c1": odd points before b and after c (TeX's notation: the digit sits between two letters).
PATTERNS = [("b", bytes((0, 1))), ("c", bytes((1, 1)))]


def test_points_follow_the_patterns_and_the_pronunciations_come_first() -> None:
    counter = _counter(PATTERNS, 1, {"abcabc": 9})
    assert counter.count("aabbaa") == 3  # points at 2 and 3: aa-b-baa
    assert counter.count("abaa") == 1  # the point at 1 is too close to the start
    assert counter.count("aacaa") == 2  # after c: aac-aa
    assert counter.count("aab") == 1  # the point at 2 is too close to the end
    assert counter.count("abcabc") == 9  # the pronunciation's count, not the points'
    assert counter.total(["aabbaa", "aab", "abcabc", "aabbaa"]) == 3 + 1 + 9 + 3


def test_the_memo_is_bounded_and_a_long_run_indexes_the_patterns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(syllables, "MEMO_WORDS", 2)
    monkeypatch.setattr(syllables, "LOAD_AFTER_WORDS", 3)
    patterns = HyphenationPatterns(1, SortedTable(encode(PATTERNS)))
    counter = SyllableCounter(patterns)
    assert [counter.count(w) for w in ("aabbaa", "abaa")] == [3, 1]
    assert patterns._automaton is None and len(counter._memo) == 2
    assert counter.count("aab") == 1  # the third new word: the patterns are indexed, the full memo starts over
    assert patterns._automaton is not None and counter._memo == {"aab": 1}
    assert [counter.count(w) for w in ("aabbaa", "abaa", "aab", "aacaa", "bcbcb")] == [3, 1, 1, 2, 2]
    assert len(counter._memo) <= 2


@pytest.mark.parametrize("lang", ["en", pytest.param("de", marks=pytest.mark.slow), "ru"])
def test_indexed_patterns_give_the_same_points(lang: str) -> None:
    """The automaton finds exactly the patterns the substring look-ups find, on the words of real pages."""
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        words = sorted(
            {w.lower() for n, line in enumerate(handle) if n % 4 == 0 for w in json.loads(line)["text"].split()}
        )
    looked_up = readability._hyphenation_patterns(lang)
    indexed = readability._hyphenation_patterns(lang)
    indexed.load()
    assert indexed._automaton is not None and len(words) > 5000
    assert [indexed.points(w) for w in words] == [looked_up.points(w) for w in words]


def test_the_automaton_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pickle

    monkeypatch.setenv("PROVLINT_CACHE_DIR", str(tmp_path))
    words = ["hyphenation", "readability", "straightforward", "provlint", "extraordinary"]
    built = readability._hyphenation_patterns("en")
    built.load()
    [entry] = [p for p in tmp_path.rglob("hyphenation-automaton-*")]
    expected = [built.points(w) for w in words]
    monkeypatch.setattr(syllables, "_index", lambda table: pytest.fail("rebuilt despite the cache"))
    cached = readability._hyphenation_patterns("en")
    cached.load()
    assert (
        [cached.points(w) for w in words] == expected == [3, 3, 2, 0, 2]
    )  # pyphen en_GB: hy-phen-a-tion, read-ab-il-ity
    # A tampered entry naming anything but the automaton class is refused, and the automaton built again.
    entry.write_bytes(pickle.dumps(print))
    monkeypatch.undo()
    monkeypatch.setenv("PROVLINT_CACHE_DIR", str(tmp_path))
    with pytest.raises(pickle.UnpicklingError):
        syllables._load_automaton(entry.read_bytes())
    again = readability._hyphenation_patterns("en")
    again.load()
    assert [again.points(w) for w in words] == expected
    assert syllables._load_automaton(entry.read_bytes()) is not None  # rewritten whole


def test_a_cached_automaton_is_read_at_the_first_new_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a cached automaton the first new words are counted by substring look-ups; with one, it is read
    at the first new word (the same counts either way)."""
    monkeypatch.setenv("PROVLINT_CACHE_DIR", str(tmp_path))
    first = readability._hyphenation_patterns("nl")
    assert not first.index_is_cached()
    counter = SyllableCounter(first)
    assert counter.count("lettergrepen") == 4  # let-ter-gre-pen: three points, two letters from either end
    assert first._automaton is None
    first.load()  # builds the automaton and leaves it in the cache
    assert first._automaton is not None and not first.index_is_cached()  # loaded: nothing left to read

    second = readability._hyphenation_patterns("nl")
    assert second.index_is_cached() and second._automaton is None
    counter = SyllableCounter(second)
    assert counter.count("lettergrepen") == 4
    assert second._automaton is not None
    assert [counter.count(w) for w in ("ziekenhuisopname", "appel")] == [6, 2]
