"""``normalize`` against the per-character loop it replaced: the same text, offset map and steps.

The loop below is the plain definition: the text read as runs (a character
and the combining marks after it; a carriage return, with its line feed, a
run of its own), each run normalised to NFC on its own, and an anchor wherever
the shift from normalised to raw offsets changes.
"""

from __future__ import annotations

import random
import unicodedata

import pytest

from provlint.normalize import Normalized, OffsetMap, normalize


def _per_character(raw: str) -> Normalized:
    has_bom = raw.startswith("\ufeff")
    is_nfc = unicodedata.is_normalized("NFC", raw)
    if not (has_bom or "\r" in raw or not is_nfc):
        return Normalized(raw, OffsetMap(raw_length=len(raw)), ())
    steps: list[str] = []
    out: list[str] = []
    anchors: list[int] = []
    shifts: list[int] = []
    norm_pos = raw_pos = current = 0

    def note(shift: int) -> None:
        nonlocal current
        if shift != current:
            if anchors and anchors[-1] == norm_pos:
                shifts[-1] = shift
            else:
                anchors.append(norm_pos)
                shifts.append(shift)
            current = shift

    if has_bom:
        steps.append("bom")
        raw_pos = 1
        note(1)
    n = len(raw)
    i = raw_pos
    while i < n:
        if raw[i] == "\r":
            if "newlines" not in steps:
                steps.append("newlines")
            note(i - norm_pos)
            out.append("\n")
            norm_pos += 1
            i += 2 if i + 1 < n and raw[i + 1] == "\n" else 1
            continue
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        run = raw[i:j]
        fixed = unicodedata.normalize("NFC", run) if not is_nfc and not run.isascii() else run
        if fixed != run and "nfc" not in steps:
            steps.append("nfc")
        note(i - norm_pos)
        out.append(fixed)
        for k in range(len(run), len(fixed)):
            anchors.append(norm_pos + k)
            shifts.append(j - (norm_pos + k))
            current = shifts[-1]
        norm_pos += len(fixed)
        i = j
    note(n - norm_pos)
    return Normalized("".join(out), OffsetMap(tuple(anchors), tuple(shifts), raw_length=n), tuple(steps))


#: Carriage returns and line feeds, a BOM, combining marks of several classes, characters NFC rewrites alone
#: (U+212B, U+0344, U+0958, U+09DC, which NFC lengthens), Hangul jamo (starters NFC composes only together).
ALPHABET = list("ae \r\n\ufeff\u0301\u0323\u0308\u212b\u00c5\u0344\u0958\u0915\u093c\u094d\u09dc\u1100\u1161\uac00x.")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "plain ascii",
        "\ufeff",
        "\ufeffBOM then text\r\n",
        "\r\n\r\n\r",
        "\u0301 a mark first",
        "\ufeff\u0301 a mark after the BOM",
        "line\r\n\u0301mark after CR LF\r\u0323 and after CR",
        "e\u0301 decomposed, \u212b angstrom, \u09dc\u09dc lengthened, \u0344 split",
        "\u1100\u1161 jamo stay apart",
        "e" + "\u0301" * 5000 + " a long run of marks",
        "\u0915\u094d\u0937 \u0958 \u0915\u093c",
    ],
)
def test_known_texts(raw: str) -> None:
    assert normalize(raw) == _per_character(raw)


def test_exact_map_of_a_mixed_text() -> None:
    result = normalize("\ufeffe\u0301\r\n\u09dcx")
    assert result.text == "\u00e9\n\u09a1\u09bcx"
    assert result.steps == ("bom", "nfc", "newlines")
    assert [result.offsets.to_raw(k) for k in range(len(result.text) + 1)] == [1, 3, 5, 6, 6, 7]


def test_random_texts() -> None:
    rng = random.Random(19)
    for _ in range(3000):
        raw = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40)))
        assert normalize(raw) == _per_character(raw), repr(raw)
