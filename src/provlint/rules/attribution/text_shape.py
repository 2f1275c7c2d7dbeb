"""Cheap tests of what a line of scraped text is, shared by the attribution rules.

Scraped pages carry inline JavaScript, CSS and JSON; ``arguments[0]`` there is
an index, not a citation marker, and ``"use strict"`` is not a quotation.
"""

from __future__ import annotations

from ...prepare import PreparedDocument

_CODE_CHARS = frozenset("{}();=<>|&$\\")
_CODE_TOKENS = ("function(", "function ", "var ", "=>", "return ", "://", "};", "&&", "||", "!==", "===")


def looks_like_code(text: str) -> bool:
    """True when a line reads as program code or markup rather than prose."""
    if not text:
        return False
    symbols = sum(map(text.count, _CODE_CHARS))  # one C scan per symbol rather than a Python step per character
    if symbols >= 6 and symbols / len(text) > 0.04:
        return True
    return sum(text.count(t) for t in _CODE_TOKENS) >= 2


# The commonest English function words: over a twentieth of any English text.
_ENGLISH = frozenset("the of and to in is that for it was on with as by be are this at from".split())


def reads_as_english(doc: PreparedDocument, min_share: float = 0.05) -> bool:
    """True when common English function words make up ``min_share`` of the words.

    Rules whose vocabulary is English (attribution verbs) use this to stay
    quiet on other languages; a declared ``lang`` wins when there is one.
    """
    lang = doc.document.lang
    if lang:
        return lang.lower().startswith("en")
    count = doc.word_count
    if not count:
        return False
    hits = sum(map(_ENGLISH.__contains__, doc.lower_words))  # one C pass, no per-word index
    return hits / count >= min_share
