"""Property: JSON Lines write-back changes the text value and nothing else, whatever the record looks like."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provlint.config import InputOptions
from provlint.readers.jsonl import JsonLinesReader

ANY_CHAR = st.characters(codec=None, categories=None)  # every code point, lone surrogates included
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(ANY_CHAR, max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
WS = st.sampled_from(["", " ", "  ", "\t"])


@st.composite
def records(draw: Any) -> tuple[bytes, str]:
    """A raw JSON Lines line (spacing, duplicate keys, escapes as drawn) and its text value as parsed."""
    pairs = draw(st.lists(st.tuples(st.text(max_size=6), VALUES), max_size=5))
    text = draw(st.text(ANY_CHAR, max_size=60))
    pairs.insert(draw(st.integers(0, len(pairs))), ("text", text))
    pairs = [p for p in pairs if p[0] != "text"] + [("text", text)] if draw(st.booleans()) else pairs
    ascii_only = draw(st.booleans())
    ws = draw(WS)
    body = ("," + ws).join(
        f"{json.dumps(k, ensure_ascii=ascii_only)}{ws}:{ws}{json.dumps(v, ensure_ascii=ascii_only)}" for k, v in pairs
    )
    line = "{" + ws + body + ws + "}"
    try:
        raw = line.encode("utf-8")
    except UnicodeEncodeError:  # a raw lone surrogate: write it escaped, as any JSON encoder would
        raw = line.encode("utf-8", "backslashreplace")
    parsed = json.loads(raw.decode("utf-8"))
    return raw + draw(st.sampled_from([b"\n", b"\r\n"])), parsed["text"]


def pairs_of(raw: bytes) -> list[Any]:
    """Every key and value in order, duplicates kept, numbers as written."""
    return json.loads(  # type: ignore[no-any-return]
        raw.decode("utf-8"), object_pairs_hook=list, parse_float=str, parse_int=str, parse_constant=str
    )


def write_back(raw: bytes, fix: Any) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.jsonl"
        path.write_bytes(raw)
        out = io.BytesIO()
        JsonLinesReader().write_back(path, InputOptions(), str(path), lambda label, text: fix(text), out)
        return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(), st.integers(min_value=0, max_value=60))
def test_write_back_changes_only_the_text_value(record: tuple[bytes, str], cut: int) -> None:
    raw, text = record
    assert write_back(raw, lambda t: t) == raw  # nothing to fix: byte for byte the same
    fixed = text[:cut] + "\u2603" + text[cut + 1 :]
    out = write_back(raw, lambda t: fixed)
    assert out.endswith(raw[len(raw.rstrip(b"\r\n")) :])
    before, after = pairs_of(raw), pairs_of(out)
    last_text = max(i for i, (k, _) in enumerate(before) if k == "text")
    assert after[last_text] == ("text", fixed)
    assert after[:last_text] + after[last_text + 1 :] == before[:last_text] + before[last_text + 1 :]
    start = raw.index(b"{")
    assert out[:start] == raw[:start]
