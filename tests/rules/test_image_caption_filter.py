"""PL107's pre-filter must be a necessary condition of its credit pattern: it only leaves out lines that cannot match."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from provlint.analyses.keyword_lines import scan
from provlint.model import Document
from provlint.patterns import PATTERN_TIMEOUT
from provlint.prepare import PreparedDocument, prepare
from provlint.rules.scraping.image_caption import _CREDIT, _FOOTER, CREDIT_KEYWORDS, ImageCaption, may_hold_credit

REAL_PAGES = Path(__file__).resolve().parent.parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"

#: Pieces of credits: every literal the pattern needs, with case partners outside ASCII ("İ" matches "i",
#: "ſ" matches "s", "K" (Kelvin) matches "k"), the separators and brackets around them, and caption words.
_OPENERS = ("", "(", "( ", "(AP ", "(afp ", ". ", "! ", "” ", " ")
_WORDS = (
    "Photo", "PHOTOGRAPH", "foto", "Fotos", "fotoſ", "image", "İMAGE", "İmage", "picture", "PİCTURE", "Bild",
    "credit", "CREDİT", "Photo credit", "Image copyright", "COPYRİGHT", "photo source", "Bilds", "©", "© ",
)  # fmt: skip
_SEPARATORS = ("", ":", ": ", " : ", "/", " by ", " von ", " copyright ", " COPYRİGHT ", "\u00a0:\u00a0")
_NAMES = (
    "Jane Doe", "Jane Doe/Reuters", "Mike Blake/ Getty Images", "x/y/AFP", "DPA", "Rex Features", "ZUMA Press",
    "Kelvin", "A.B", "picture-alliance", "Keystone files", "ap for The Times", "2024", "ß" * 5, "K/ap",
)  # fmt: skip
_CLOSERS = ("", ")", " )", ".", "!", ") x", "(", "/", "\u00a0")


def _random_lines(count: int, seed: int) -> list[str]:
    """Caption-like lines: a caption, then a credit put together from the pieces, some of it damaged."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [rng.choice(("", "The bridge", "Fans at the final.", "Straße", "x" * rng.randint(0, 300)))]
        parts += [rng.choice(_OPENERS), rng.choice(_WORDS), rng.choice(_SEPARATORS)]
        parts += [rng.choice(_NAMES), rng.choice(_CLOSERS)]
        text = "".join(parts)
        if rng.random() < 0.3 and text:  # damage: drop one character
            cut = rng.randrange(len(text))
            text = text[:cut] + text[cut + 1 :]
        text = text.strip()
        if text:
            out.append(text)
    return out


def test_prefilter_never_drops_a_line_the_pattern_matches() -> None:
    lines = _random_lines(10000, seed=107)
    matched = [t for t in lines if _CREDIT.search(t, timeout=PATTERN_TIMEOUT) is not None]
    assert len(matched) > 3000  # the pieces make plenty of credits, so the test has teeth
    assert [t for t in matched if not may_hold_credit(t)] == []
    assert sum(1 for t in lines if not may_hold_credit(t)) > 1000  # and the filter does leave lines out


@pytest.mark.parametrize(
    ("text", "may", "credit"),
    [
        ("İMAGE: Reuters", True, "İMAGE: Reuters"),  # "İ".lower() is two characters: mapped to "i" first
        ("PİCTURE copyright Jane Doe", True, "PİCTURE copyright Jane Doe"),
        ("Fans at the final. (Manu Fernandez/AP)", True, "(Manu Fernandez/AP)"),
        ("Mike Blake/ Reuters files", True, "Mike Blake/ Reuters files"),
        ("Der Bürgermeister. © Stadt Nordhausen", True, "© Stadt Nordhausen"),
        ("x" * 300 + ". Credit: NASA", True, "Credit: NASA"),  # a credit at the end of a long line
        ("He said the photo: was taken by a tourist.", True, None),  # passes the filter, not the pattern
        ("The image (left) shows the bridge", False, None),
        ("see example.org/news/2024", False, None),
        ("Photos of the bridge", False, None),
        ("The council approved the budget on Tuesday.", False, None),
    ],
)
def test_prefilter_cases(text: str, may: bool, credit: str | None) -> None:
    assert may_hold_credit(text) is may
    found = _CREDIT.search(text, timeout=PATTERN_TIMEOUT)
    assert (found.group().strip() if found else None) == credit


def _all_lines_findings(doc: PreparedDocument) -> list[tuple[int, str]]:
    """PL107 as it was before the keyword scan: the filter and the pattern on every line."""
    out = []
    for line in doc.lines:
        text = line.text.strip()
        if not text or len(text) > 400 or not may_hold_credit(text):
            continue
        found = _CREDIT.search(text, timeout=PATTERN_TIMEOUT)
        if found is None:
            continue
        credit = found.group().strip()
        if credit.startswith("©") and _FOOTER.search(credit, timeout=PATTERN_TIMEOUT):
            continue
        out.append((line.index, f'image caption with credit "{credit}"'))
    return out


def test_keyword_lines_hold_every_line_the_filter_passes() -> None:
    """A line the filter lets through has a hit of :data:`CREDIT_KEYWORDS` (random and real lines)."""
    lines = _random_lines(10000, seed=7) + ["İMAGE: Reuters", "PHOTO: X", "Bild: dpa", "a/b", "© x"]
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        lines += [line for row in handle for line in json.loads(row)["text"].split("\n")][::3]
    masks = scan("\n".join(lines)).masks
    passed = [(t, m) for t, m in zip(lines, masks) if t.strip() and may_hold_credit(t.strip())]
    assert len(passed) > 3000
    assert [t for t, m in passed if not m & CREDIT_KEYWORDS.bit] == []


def test_findings_as_over_every_line() -> None:
    rule = ImageCaption()
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        texts = [json.loads(row)["text"] for row in handle][::2]
    texts.append("\n".join(_random_lines(2000, seed=71)))
    total = 0
    for i, text in enumerate(texts):
        doc = prepare(Document(id=str(i), text=text))
        expected = _all_lines_findings(doc)
        total += len(expected)
        got = [(f.line - 1, f.message) for f in rule.check(doc)]
        assert got == expected
    assert total > 500
