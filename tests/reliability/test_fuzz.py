"""Property tests: arbitrary Unicode text, arbitrary bytes as files, arbitrary JSON Lines.

No crash, positions inside the document and consistent with the raw text,
findings deterministic, accounting balanced. scripts/fuzz.py runs the same
checks over 100,000+ inputs outside the normal test run.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provlint import Config, lint_paths, lint_text
from provlint.readers.decoding import decode_bytes
from tests.reliability.properties import check_accounting, check_finding_positions, check_no_crash

# Pieces that reach the rules' interesting paths: line breaks of every kind,
# combining marks (NFC changes lengths), BOMs, citation markers, brackets, URLs,
# controls and escapes, case-folding oddities.
PIECES = [
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\ufeff",
    "\u2028",
    "\x85",
    "\x0b",
    "\x00",
    "\x1b[31m",
    "\t",
    "  ",
    "\u00a0",
    "e\u0301",
    "\u0301",
    "\u212b",
    "ﬁ",
    "İ",
    "ß",
    "[1]",
    "[23]",
    "(",
    ")",
    "[",
    "]",
    "...",
    "…",
    ". ",
    "? ",
    "!",
    "References",
    "Read more",
    "Advertisement",
    "Share this:",
    "http://example.com/a?b=c",
    "www.example.org",
    "The quick brown fox jumps over the lazy dog.",
    "SHOUTING HEADLINE",
    '"quoted"',
    "\u201cquoted\u201d",
    "<script>alert(1)</script>",
    "%0A",
    "::error::",
    "12,345",
    "Dr. Smith said",
    "U.S. officials",
]
TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=60).map("".join),
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _snapshot(result) -> list[dict]:  # type: ignore[no-untyped-def]
    return [f.to_dict() for f in result.findings]


@FUZZ
@given(TEXT)
def test_arbitrary_text(text: str) -> None:
    result = lint_text(text, Config())
    check_no_crash(result.findings, result.errors)
    check_finding_positions(text, result.findings)
    check_accounting(result.stats.to_dict())
    assert result.stats.linted == 1
    assert _snapshot(lint_text(text, Config())) == _snapshot(result)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=600),
        TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
        TEXT.map(lambda t: t.encode("utf-16")),
        TEXT.map(lambda t: t.encode("cp1252", "replace")),
    )
)
def test_arbitrary_bytes_as_a_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_bytes(data)
        result = lint_paths([str(path)], Config())
        again = lint_paths([str(path)], Config())
    check_no_crash(result.findings, result.errors)
    check_accounting(result.stats.to_dict())
    assert result.stats.read == 1
    decoded = decode_bytes(data)
    if decoded.binary:
        assert result.stats.skipped == 1 and result.codes == ["PL003"]
    else:
        assert result.stats.linted == 1
        raw = decoded.text
        check_finding_positions(raw, result.findings)
    assert _snapshot(again) == _snapshot(result)


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
RECORD = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=6), st.integers(0, 5), JSON_VALUE),
        "text": st.one_of(TEXT, JSON_VALUE),
        "source": st.one_of(st.text(max_size=10), JSON_VALUE),
        "url": st.one_of(st.text(max_size=30), JSON_VALUE),
        "title": JSON_VALUE,
        "lang": st.sampled_from(["en", "de", "", "xx"]),
    },
)
# JSON may escape lone surrogates ("\\ud800"), which no UTF-8 text can hold: they reach rules and formats.
SURROGATE_RECORD = st.builds(
    lambda pre, post, rid: ('{"id": "%s\\udc80", "text": "%s\\ud800\\n%s\\udfff %s"}' % (rid, pre, pre, post)).encode(),
    st.sampled_from(["Skip to content", "Body", "[3]", ""]),
    st.sampled_from(["text.", "x", ""]),
    st.sampled_from(["a", "b"]),
)
LINE = st.one_of(
    SURROGATE_RECORD,
    RECORD.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8")),
    RECORD.map(lambda r: json.dumps(r).encode("ascii")),
    st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" ")),
    JSON_VALUE.map(lambda v: json.dumps(v).encode()),
)


@FUZZ
@given(st.lists(LINE, max_size=12))
def test_arbitrary_json_lines(lines: list[bytes]) -> None:
    data = b"\n".join(lines) + b"\n"
    # a UTF-8 BOM opening the file marks the encoding; it is no record of its own
    expected = sum(1 for piece in data.removeprefix(b"\xef\xbb\xbf").split(b"\n") if piece.strip())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.jsonl"
        path.write_bytes(data)
        result = lint_paths([str(path)], Config())
        again = lint_paths([str(path)], Config())
    check_no_crash(result.findings, result.errors)
    check_accounting(result.stats.to_dict())
    assert result.stats.read == expected
    assert result.stats.skipped == 0
    assert result.by_code("PL001").__len__() == result.stats.failed
    assert _snapshot(again) == _snapshot(result)


@pytest.mark.slow
def test_findings_identical_across_processes_and_hash_seeds() -> None:
    """Set and dict orders change with PYTHONHASHSEED; the report must not."""
    import os
    import subprocess
    import sys

    hostile = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "NO_COLOR": "1"}
        proc = subprocess.run(
            [sys.executable, "-m", "provlint", "check", "--isolated", "--format", "json", str(hostile)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert proc.returncode == 2, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["stats"]["read"] == 21
