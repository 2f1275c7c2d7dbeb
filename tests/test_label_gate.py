"""The first-word gate of the page labels must leave the whole-line pattern's answer unchanged."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from provlint.analyses.label_gate import GatedLabels, first_words, literal_prefixes, needed_literals
from provlint.analyses.page_layout import Kind, classify_line
from provlint.analyses.page_lines import LABEL_MAX_CHARS, page_label_pattern, page_labels
from provlint.patterns import PATTERN_TIMEOUT
from tests.conftest import SEEDS

REAL_PAGES = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "real-pages.jsonl.gz"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("skip to (?:main )?content", {"skip"}),
        ("officials?", {"official"}),
        ("s?kip", None),  # a one-letter optional start: the line may begin with "k"
        ("log ?in", {"log"}),  # read as a beginning, so "login" passes the gate
        ("(?:the )?bottom line", {"the", "bottom"}),
        ("(?:Home|START)page", {"homepage", "startpage"}),
        ("foo|bar baz", {"foo", "bar"}),
        ("(?:« |‹ )?(?:older|newer) posts", None),
        (r"\d+ comments", None),
        ("(?:the )*end", None),
        ("(?:a|b)+c", None),
        ("(?i:may)", None),
        ("x{2}", None),
    ],
)
def test_first_words(fragment: str, expected: set[str] | None) -> None:
    assert first_words(fragment) == (frozenset(expected) if expected is not None else None)


def _kind(found: object) -> str | None:
    if found is None:
        return None
    return "nav" if found.group("nav") is not None else "widget"  # type: ignore[attr-defined]


def test_gate_skips_lines_no_gated_phrase_can_start() -> None:
    labels = GatedLabels([("nav", ["skip to content", r"\d+ comments"]), ("widget", ["share on \\w+"])])
    assert labels.may_match("Skip to content")
    assert labels.may_match("SHARE on facebook")
    assert not labels.may_match("12 comments")
    assert _kind(labels.match("12 comments", timeout=PATTERN_TIMEOUT)) == "nav"  # the open fragment is still tried
    assert _kind(labels.match("Share on Facebook:", timeout=PATTERN_TIMEOUT)) == "widget"
    assert labels.match("The minister said so.", timeout=PATTERN_TIMEOUT) is None


def test_gate_on_ss_folding() -> None:
    labels = GatedLabels([("nav", ["straße"]), ("widget", [])])
    assert labels.may_match("STRASSE")
    assert _kind(labels.match("STRASSE", timeout=PATTERN_TIMEOUT)) == "nav"


def _label_lines() -> list[str]:
    """The seeds' lines, a few typical labels, and every 8th distinct short line of the real-page benchmark corpus."""
    lines: set[str] = set()
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        real = sorted({line.strip() for record in handle for line in json.loads(record)["text"].splitlines()})
    lines.update(line for line in real[::8] if len(line) <= LABEL_MAX_CHARS)
    for path in sorted(SEEDS.glob("*.txt")):
        lines.update(line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    for name in (
        "Home",
        "Skip to main content",
        "Read more »",
        "Older posts",
        "12 Comments",
        "© 2024 Example Ltd",
        "Share on Facebook",
        "Home > News > World",
        "Photo: John Doe / Reuters",
        "5 min read",
        "All rights reserved.",
        "Kommentare",
        "Mehr zum Thema",
        "Lire aussi",
        "HOMEPAGE",
        "Next article",
    ):
        lines.add(name)
    lines.discard("")
    return sorted(lines)


def test_gated_labels_agree_with_the_full_pattern() -> None:
    full = page_label_pattern()
    gated = page_labels()
    lines = _label_lines()
    assert len(lines) > 5000
    for line in lines:
        assert _kind(gated.match(line, timeout=PATTERN_TIMEOUT)) == _kind(full.match(line, timeout=PATTERN_TIMEOUT)), (
            line
        )


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("  Skip to main content  ", Kind.NAV),
        ("12 Comments", Kind.NAV),
        ("Share on Facebook", Kind.NAV),
        ("Was this article helpful?", Kind.WIDGET),
        ("•", Kind.LEFTOVER),
        ("", Kind.BLANK),
        ("Breaking news from the capital", Kind.LABEL),
        ("x" * 401, Kind.TEXT),
    ],
)
def test_classify_line_cached_and_uncached(line: str, kind: Kind) -> None:
    assert classify_line(line) is kind
    assert classify_line(line) is kind  # the second time from the cache


def test_open_fragments_gated_by_their_keywords() -> None:
    """Every built-in fragment without a readable first word has its words, and with a line's keyword bits
    the gated labels still agree with the full pattern on real and made-up lines."""
    from provlint.analyses.keyword_lines import scan
    from provlint.analyses.page_lines import OPEN_LABEL_WORDS

    gated = page_labels()
    assert gated.open_bit == OPEN_LABEL_WORDS.bit != 0
    full = page_label_pattern()
    lines = [
        *_label_lines(),
        "© 2024 Example Media",
        "(C) Example",
        "Copyright 2019 Jane Doe",
        "Home › News › World",
        "Home | News | Sport",
        "News / Politics / Europe",
        "« Older posts",
        "NEWER ENTRIES ›",
        "1.2k shares",
        "12 Comments (3)",
        "5 min read",
        "Jane Doe / Getty Images",
        "Alle Rechte vorbehalten. All Rights Reserved",
        "3 Kommentare",
        "4 commentaires",
        "2 comentarios",
        "7 commenti",
    ]
    masks = scan("\n".join(lines)).masks
    assert len(masks) == len(lines)
    gated_out = 0
    for line, mask in zip(lines, masks):
        expected = _kind(full.match(line, timeout=PATTERN_TIMEOUT))
        assert _kind(gated.match(line, timeout=PATTERN_TIMEOUT, keywords=mask)) == expected, line
        gated_out += not gated.may_match(line) and not mask & gated.open_bit
    assert gated_out > 1000  # the keyword gate does leave lines out


def test_a_new_open_fragment_without_words_is_tried_on_every_line() -> None:
    labels = GatedLabels([("nav", [r"\d+ comments", r"\d+ likes"]), ("widget", [])], {r"\d+ comments": ("comment",)}, 4)
    assert labels.open_bit == 0
    assert _kind(labels.match("3 likes", keywords=0)) == "nav"
    labels = GatedLabels([("nav", [r"\d+ comments"]), ("widget", [])], {r"\d+ comments": ("comment",)}, 4)
    assert labels.open_bit == 4
    assert labels.match("3 comments", keywords=0) is None  # the caller says the line has no "comment"
    assert _kind(labels.match("3 comments", keywords=4)) == "nav"


def test_navigation_and_widget_labels_agree_with_their_patterns() -> None:
    """is_navigation and is_widget (and PL206) try the gated form; its answers are the plain patterns'."""
    from provlint.analyses.keyword_lines import scan
    from provlint.analyses.page_lines import navigation_labels, navigation_pattern, widget_labels, widget_pattern

    lines = [*_label_lines(), "© 2024 Example Media", "Home › News › World", "(c) Example. All rights reserved."]
    masks = scan("\n".join(lines)).masks
    pairs = [
        (navigation_labels(), navigation_pattern()),
        (widget_labels(), widget_pattern()),
        (
            navigation_labels(("en",), ("read the (?:full )?story",)),
            navigation_pattern(("en",), ("read the (?:full )?story",)),
        ),
        (widget_labels((r"\d+ people are reading",)), widget_pattern((r"\d+ people are reading",))),
    ]
    assert pairs[3][0].open_bit == 0  # an extra entry without a first word or declared words: no keyword gate
    for labels, pattern in pairs:
        hits = 0
        for line, mask in zip(lines, masks):
            expected = pattern.match(line, timeout=PATTERN_TIMEOUT) is not None
            hits += expected
            assert (labels.match(line, PATTERN_TIMEOUT, mask) is not None) == expected, line
        assert hits > 0


def _real_lines(limit: int) -> list[str]:
    with gzip.open(REAL_PAGES, "rt", encoding="utf-8") as handle:
        return [line for row in handle for line in json.loads(row)["text"].split("\n")][:limit]


def test_can_match_is_false_only_where_match_gives_none() -> None:
    from provlint.analyses.keyword_lines import scan

    labels = page_labels()
    lines = [*_real_lines(20000), "Skip to content", "12 Comments", "Home › News › World", "© 2024 Paper"]
    masks = scan("\n".join(lines)).masks
    pairs = [(t.strip(), m) for t, m in zip(lines, masks) if t.strip()]
    found = [labels.can_match(t, m) for t, m in pairs]
    assert all(labels.match(t, keywords=m) is None for (t, m), can in zip(pairs, found) if not can)
    assert sum(not can for can in found) > len(found) // 2  # most real lines are settled without a pattern
    assert labels.can_match("Skip to content", 0) and not labels.can_match("Council votes", 0)
    assert labels.can_match("12 Comments", -1) and not labels.can_match("12 Comments", 0)


def _plain_kind(stripped: str, keywords: int) -> Kind:
    """The line kind as the page layout computed it before its shortcuts (leftover, label gate, is_label)."""
    from provlint.analyses import page_layout as pl
    from provlint.analyses.page_lines import (
        CONSENT_WORDS_SET,
        GLYPHS,
        consent_pattern,
        is_label,
        may_be_consent,
        strip_glyphs,
    )

    size = len(stripped)
    if size <= LABEL_MAX_CHARS:
        if size <= 40 and pl.may_be_leftover(stripped) and pl.LEFTOVER.match(stripped, timeout=PATTERN_TIMEOUT):
            return Kind.LEFTOVER
        label = strip_glyphs(stripped) if stripped[0] in GLYPHS or "  " in stripped else stripped
        found = page_labels().match(label, timeout=PATTERN_TIMEOUT, keywords=keywords) if label else None
        if found is not None:
            return Kind.NAV if found.group("nav") is not None else Kind.WIDGET
    if keywords & CONSENT_WORDS_SET.bit and may_be_consent(stripped) and consent_pattern().match(stripped):
        return Kind.CONSENT
    return Kind.LABEL if size <= LABEL_MAX_CHARS and is_label(stripped, pl.LABEL_MAX_WORDS) else Kind.TEXT


def test_short_line_kinds_as_the_plain_classification() -> None:
    from provlint.analyses.keyword_lines import scan
    from provlint.analyses.page_layout import _classify_short

    extra = ["One two three four.", "One two three four", "a b c d e f g h i j k", "“Is it over?”", "5 of 9", "»"]
    lines = [*_real_lines(40000), *extra]
    masks = scan("\n".join(lines)).masks
    pairs = [(t.strip(), m) for t, m in zip(lines, masks) if t.strip() and len(t.strip()) <= 1500]
    assert [_classify_short.__wrapped__(t, m) for t, m in pairs] == [_plain_kind(t, m) for t, m in pairs]
    assert [_classify_short.__wrapped__(t, 0) for t in extra] == [
        Kind.TEXT,
        Kind.LABEL,
        Kind.TEXT,
        Kind.LABEL,
        Kind.LEFTOVER,
        Kind.LEFTOVER,
    ]


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("skip to (?:main )?content", {"skip to main content", "skip to content"}),
        ("officials?", {"official"}),
        ("log ?in", {"log"}),  # the space is optional: the prefix stops before it
        ("(?:the )?bottom line", {"the bottom line", "bottom line"}),
        ("read (?:also|more)", {"read also", "read more"}),
        (r"page \d{1,3}", {"page "}),  # a class ends the literal text, the space is kept
        ("close(?: menu| search)?", {"close"}),  # an optional group: what comes before it
        ("(?:leave|post) (?:a |your )?comment", {"leave a comment", "leave your comment", "leave comment",
                                                 "post a comment", "post your comment", "post comment"}),
        ("Schließen", {"schliessen"}),
        ("(?:« |‹ )?(?:older|newer) posts", None),
        (r"\d+ comments", None),
    ],
)  # fmt: skip
def test_literal_prefixes(fragment: str, expected: set[str] | None) -> None:
    assert literal_prefixes(fragment) == (frozenset(expected) if expected is not None else None)


def test_gate_reads_on_past_the_first_word() -> None:
    labels = GatedLabels([("nav", ["skip to (?:main )?content", "read more"]), ("widget", ["share on \\w+"])])
    assert labels.prefixes("Skip to main content") == ("skip to main content",)
    assert labels.prefixes("SKIP TO CONTENT") == ("skip to content",)
    assert labels.prefixes("Skipper wins the race") == ()  # a first-word gate of "skip" let it through
    assert labels.prefixes("Read moreover") == ("read more",)  # a prefix, not a word: the pattern decides
    assert labels.match("Read moreover", timeout=PATTERN_TIMEOUT) is None
    assert labels.prefixes("Skip\u00a0to content") == ()  # the fragment's space matches only a space
    assert labels.match("Skip\u00a0to content", timeout=PATTERN_TIMEOUT) is None
    assert _kind(labels.match("Share on Mastodon", timeout=PATTERN_TIMEOUT)) == "widget"


def test_prefixes_as_every_prefix_tried() -> None:
    """The prefixes found by length are those ``startswith`` finds among all of them, shortest first."""
    labels = page_labels()
    texts = [t.strip() for t in _real_lines(20000) if t.strip()]
    texts += ["Skip to content", "SKIP TO MAIN CONTENT", "Read more", "Read more news", "Home", "x", "ß"]
    found = 0
    for text in texts:
        head = text[: labels.longest].casefold()
        plain = tuple(sorted((w for w in labels.words if head.startswith(w)), key=len))
        assert labels.prefixes(text) == plain, text
        found += bool(plain)
    assert found > 500
    assert labels.prefixes("Read more news") == ("read", "read more", "read more news")


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        (r"(?:get|receive) (?:our |the )?(?:[\w ]{1,30} )?newsletter", {"newsletter"}),
        (r"\d{1,2}(?::\d{2})? min(?:ute)?s? read", {" read"}),
        ("sign in|log in", {"sign in", "log in"}),
        ("Schließen", {"schliessen"}),
        ("home(?:page)?", None),  # ends in a group
        ("officials?", None),  # ends in a quantifier
        (r"share on \w+", None),  # ends in a class
        (r"foo\s", None),  # the run begins inside an escape
        (r"x\x41", None),
        ("a|b+", None),  # one alternative without a literal end: no gate
    ],
)
def test_needed_literals(fragment: str, expected: set[str] | None) -> None:
    assert needed_literals(fragment) == (frozenset(expected) if expected is not None else None)


def test_bucket_tried_only_with_a_needed_literal() -> None:
    labels = GatedLabels([("nav", [r"(?:get|receive) (?:our |the )?(?:[\w ]{1,30} )?newsletter"]), ("widget", [])])
    assert _kind(labels.match("Get our newsletter", timeout=PATTERN_TIMEOUT)) == "nav"
    assert _kind(labels.match("GET THE WEEKLY NEWSLETTER", timeout=PATTERN_TIMEOUT)) == "nav"
    assert labels.match("Get the latest news from the region", timeout=PATTERN_TIMEOUT) is None
    assert labels.match("Get the newsletter archive", timeout=PATTERN_TIMEOUT) is None  # holds it, no match


def test_every_real_label_with_a_prefix_as_the_full_pattern() -> None:
    """Every distinct real line that passes the prefix gate (the lines the buckets and their literals decide)."""
    full = page_label_pattern()
    gated = page_labels()
    lines = sorted({t.strip() for t in _real_lines(10**7) if t.strip() and len(t.strip()) <= LABEL_MAX_CHARS})
    tried = [t for t in lines if gated.prefixes(t)]
    assert len(tried) > 2000
    for line in tried:
        expected = _kind(full.match(line, timeout=PATTERN_TIMEOUT))
        assert _kind(gated.match(line, timeout=PATTERN_TIMEOUT)) == expected, line


def test_gate_folds_dotted_capital_i_as_the_pattern_matches_it() -> None:
    """The patterns' "i" matches "İ"; its plain case fold ("i" and a combining dot) must not turn the line away."""
    full, gated = page_label_pattern(), page_labels()
    for line in ("İMAGE: Reuters", "SKİP TO CONTENT", "Skip to maİn content", "Image: Reuters"):
        expected = _kind(full.match(line, timeout=PATTERN_TIMEOUT))
        assert expected is not None, line
        assert _kind(gated.match(line, timeout=PATTERN_TIMEOUT)) == expected, line
    labels = GatedLabels([("nav", ["skip to content"]), ("widget", [])])
    assert labels.may_match("SKİP TO CONTENT") and labels.prefixes("SKİP TO CONTENT")


def test_open_fragments_tried_only_where_their_own_words_are() -> None:
    """With each open fragment's own keyword bit, a line is tried against the open fragments whose words it has:
    a line the caller says lacks "like" is not a likes counter, while one with it still matches."""
    fragments = {r"\d+ comments": ("comment",), r"\d+ likes": ("like",)}
    labels = GatedLabels(
        [("nav", [r"\d+ comments"]), ("widget", [r"\d+ likes"])], fragments, 4, {r"\d+ comments": 1, r"\d+ likes": 2}
    )
    assert _kind(labels.match("3 likes", keywords=4 | 2)) == "widget"
    assert labels.match("3 likes", keywords=4 | 1) is None  # only "comment" on the line: the likes fragment is left out
    assert _kind(labels.match("3 comments", keywords=4 | 1)) == "nav"
    assert labels.match("3 comments", keywords=1) is None  # the open fragments' own bit is missing
    assert _kind(labels.match("3 comments")) == "nav"  # all bits by default
    assert labels.match("3 comments", keywords=4) is None  # the open fragments' words, but neither one's own
    assert sorted(labels._open_patterns) == [0, 1, 2, 3]  # one second pattern per combination of bits met
    assert labels._open_patterns[0] is None
    # A fragment without its own bit: the whole second pattern is tried, as before.
    partial = GatedLabels(
        [("nav", [r"\d+ comments", r"\d+ likes"]), ("widget", [])], fragments, 4, {r"\d+ comments": 1}
    )
    assert _kind(partial.match("3 likes", keywords=4 | 1)) == "nav"


def test_built_in_open_fragments_each_have_their_words_bit() -> None:
    from provlint.analyses.page_lines import OPEN_LABEL_FRAGMENT_BITS, OPEN_LABEL_FRAGMENT_WORDS, OPEN_LABEL_WORDS

    assert set(OPEN_LABEL_FRAGMENT_BITS) == set(OPEN_LABEL_FRAGMENT_WORDS)
    breadcrumb = next(f for f in OPEN_LABEL_FRAGMENT_WORDS if f.startswith("(?=[^>»›/|]"))
    credit = next(f for f in OPEN_LABEL_FRAGMENT_WORDS if "getty images" in f)
    copyright_ = r"(?:©|\(c\)).{0,120}"
    bits = {OPEN_LABEL_FRAGMENT_BITS[f] for f in (breadcrumb, credit, copyright_)}
    assert len(bits) == 3 and not any(bit & OPEN_LABEL_WORDS.bit for bit in bits)
    assert OPEN_LABEL_FRAGMENT_BITS[r"(?:\d+ )?commentaires?"] == OPEN_LABEL_FRAGMENT_BITS[r"(?:\d+ )?commenti"]
    labels = page_labels()
    mask = OPEN_LABEL_WORDS.bit | OPEN_LABEL_FRAGMENT_BITS[credit]
    assert (
        labels.match("Home / News / World", keywords=mask) is None
    )  # a breadcrumb, but "/" counted for the credit only
    assert _kind(labels.match("Home / News / World", keywords=mask | OPEN_LABEL_FRAGMENT_BITS[breadcrumb])) == "nav"
