"""Reference extractors for ``provlint eval``: what other tools (and trivial scorers) flag on the same lines.

Not to be confused with :mod:`provlint.baseline` (accepted findings of a
previous run): these are the comparison rows of the accuracy tables.

* Trivial references, always available: ``flag every line`` and ``flag
  nothing``. With 85-92% of a page's lines being boilerplate, flagging
  everything scores a high boilerplate F1; these rows show what a scorer
  must beat.
* jusText and trafilatura, scored on exactly the lines provlint is scored on.

Both tools take HTML, and the datasets hold each page as text lines (one per
HTML text block). Each page is therefore rebuilt as the simplest HTML that
keeps those blocks: ``<html><body><p>line 1</p><p>line 2</p>...</body></html>``
(text escaped). The tools see the same blocks provlint sees, but none of the
original page's markup (no ``<nav>``, classes or link density from ``<a>``),
which both normally use; the comparison is about telling boilerplate from text
by the text alone.

* jusText: ``justext.justext(html, stoplist)`` classifies each ``<p>``; its
  ``xpath`` (``/html[1]/body[1]/p[N]``) gives the line. ``good`` is main
  content, anything else (``bad``, ``short``, ``near-good`` left unresolved)
  is boilerplate. The stoplist is chosen from the page's language as detected
  by langdetect; for a language jusText has no stoplist for, its
  language-independent mode (empty stoplist, stopword thresholds 0).
* trafilatura: ``trafilatura.extract(html)`` (defaults; comments excluded);
  the extracted text's lines are aligned to the page lines with
  :class:`difflib.SequenceMatcher` (whitespace folded) and a page line is
  boilerplate when no extracted line is aligned to it.

Both are optional (``pip install -e '.[eval]'``); nothing is downloaded.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Sequence
from typing import Any

_P_INDEX = re.compile(r"/p\[(\d+)\]$")
#: ISO 639-1 codes (as langdetect reports them) -> jusText stoplist names.
JUSTEXT_LANGUAGES = {
    "af": "Afrikaans",
    "ar": "Arabic",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "gu": "Gujarati",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "kn": "Kannada",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mr": "Marathi",
    "ne": "Nepali",
    "nl": "Dutch",
    "no": "Norwegian_Bokmal",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
}


#: The trivial references: (name, flag value for every line).
FLAG_EVERYTHING = "flag every line"
FLAG_NOTHING = "flag nothing"


class BaselineUnavailable(Exception):
    """A baseline's package is not installed."""


def page_html(lines: Sequence[str]) -> str:
    """The page as one ``<p>`` per line (blank lines too, so ``p[N]`` is line N)."""
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'


def _fold(text: str) -> str:
    return " ".join(text.split())


def detect_language(text: str) -> str | None:
    """The page's language (ISO 639-1) by langdetect, deterministically; None when undecidable."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return str(detect(text[:20000]))
    except LangDetectException:
        return None


def justext_baseline() -> Callable[[Sequence[str]], list[bool]]:
    try:
        import justext
    except ImportError as exc:
        raise BaselineUnavailable(f"jusText is not installed ({exc}); pip install -e '.[eval]'") from None
    stoplists: dict[str, Any] = {}

    def classify(lines: Sequence[str]) -> list[bool]:
        flags = [True] * len(lines)
        if not any(line.strip() for line in lines):
            return flags
        lang = detect_language("\n".join(lines))
        name = JUSTEXT_LANGUAGES.get(lang or "")
        kwargs: dict[str, Any] = {}
        if name is None:
            stoplist: Any = frozenset()
            kwargs = {"stopwords_low": 0, "stopwords_high": 0}
        else:
            if name not in stoplists:
                stoplists[name] = justext.get_stoplist(name)
            stoplist = stoplists[name]
        paragraphs = justext.justext(page_html(lines).encode("utf-8"), stoplist, encoding="utf-8", **kwargs)
        for p in paragraphs:
            m = _P_INDEX.search(p.xpath)
            if m:
                index = int(m.group(1)) - 1
                if 0 <= index < len(flags):
                    flags[index] = p.class_type != "good"
        return flags

    return classify


def trafilatura_baseline() -> Callable[[Sequence[str]], list[bool]]:
    try:
        import trafilatura
    except ImportError as exc:
        raise BaselineUnavailable(f"trafilatura is not installed ({exc}); pip install -e '.[eval]'") from None

    def classify(lines: Sequence[str]) -> list[bool]:
        flags = [True] * len(lines)
        extracted = trafilatura.extract(page_html(lines), include_comments=False) or ""
        page = [_fold(line) for line in lines]
        kept = [_fold(line) for line in extracted.split("\n") if line.strip()]
        matcher = difflib.SequenceMatcher(None, page, kept, autojunk=False)
        for block in matcher.get_matching_blocks():
            for i in range(block.a, block.a + block.size):
                flags[i] = False
        return flags

    return classify


def _constant(value: bool) -> Callable[[], Callable[[Sequence[str]], list[bool]]]:
    def build() -> Callable[[Sequence[str]], list[bool]]:
        def classify(lines: Sequence[str]) -> list[bool]:
            return [value] * len(lines)

        return classify

    return build


#: Reference name -> builder of its classifier ((lines of one page) -> flagged per line).
BASELINES: dict[str, Callable[[], Callable[[Sequence[str]], list[bool]]]] = {
    FLAG_EVERYTHING: _constant(True),
    FLAG_NOTHING: _constant(False),
    "jusText": justext_baseline,
    "trafilatura": trafilatura_baseline,
}
#: The references that need an optional package (the ``eval`` extra).
TOOL_BASELINES = ("jusText", "trafilatura")
TRIVIAL_BASELINES = (FLAG_EVERYTHING, FLAG_NOTHING)


def load_baselines(names: Sequence[str]) -> dict[str, Callable[[Sequence[str]], list[bool]]]:
    """The named references, ready to classify; :class:`BaselineUnavailable` when one is not installed."""
    return {name: BASELINES[name]() for name in names}


def available_baselines() -> tuple[list[str], dict[str, str]]:
    """The references that can run here, and why each other one cannot (name -> reason)."""
    usable: list[str] = []
    missing: dict[str, str] = {}
    for name in BASELINES:
        try:
            _classifier(name)
        except BaselineUnavailable as exc:
            missing[name] = str(exc)
        else:
            usable.append(name)
    return usable, missing


_BUILT: dict[str, Callable[[Sequence[str]], list[bool]]] = {}


def _classifier(name: str) -> Callable[[Sequence[str]], list[bool]]:
    if name not in _BUILT:
        _BUILT[name] = BASELINES[name]()
    return _BUILT[name]


def classify_page(names: Sequence[str], lines: Sequence[str]) -> dict[str, list[bool]]:
    """Flags per line from each named reference; a plain function of picklable arguments, for worker processes."""
    return {name: list(_classifier(name)(lines)) for name in names}


__all__ = [
    "BASELINES",
    "FLAG_EVERYTHING",
    "FLAG_NOTHING",
    "TOOL_BASELINES",
    "TRIVIAL_BASELINES",
    "BaselineUnavailable",
    "JUSTEXT_LANGUAGES",
    "available_baselines",
    "classify_page",
    "detect_language",
    "load_baselines",
    "page_html",
]
