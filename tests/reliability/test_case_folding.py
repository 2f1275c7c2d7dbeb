"""Full case folding cannot make a rule's patterns blow up.

provlint's patterns match case-insensitively with full folding (``patterns.FLAGS``), under which "ß" also
matches "ss" and "ﬁ" matches "fi". A pattern whose literals hold such letters can then try many alignments on a
run of them; PL107's credit pattern took 85 s on a line of thirty "ß" (found by scripts/fuzz.py). Every built-in
rule must finish such text within its pattern timeout: a timeout would be a PL004 crash on the document.
"""

from __future__ import annotations

from provlint import Config, Document, lint_documents
from provlint.registry import get_registry

RUNS = ("ß" * 40, "ﬁ" * 40, "ẞ" * 40, "İ" * 40, "ﬀ" * 40)
TAILS = (
    "The quick brown fox jumps over the lazy dog.",
    "Press release (Photo: Jane Doe/Reuters)",
    "Subscribe to our newsletter",
    "Sources say the plan, according to officials, may be delayed.",
    "© 2024 All rights reserved",
)


def test_runs_of_folding_letters_crash_no_rule() -> None:
    text = "\n".join(run + tail for run in RUNS for tail in TAILS) + "\n" + "\n".join(RUNS)
    builtin = tuple(code for code, c in sorted(get_registry().rules.items()) if c.builtin)
    result = lint_documents([Document(id="folding", text=text, source="s")], Config(select=builtin))
    assert [f.message for f in result.findings if f.code == "PL004"] == []
