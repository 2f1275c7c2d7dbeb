"""The language data a ``--jobs`` run loads whole before its workers fork (``Rule.before_fork``).

Every worker process needs langdetect's profiles (mapped from the build
cache, :mod:`.profiles`, plus a dict of their 87,598 n-grams), textstat, and
the syllable data of each language it meets (pyphen's patterns, read whole
after a few hundred new words). Loaded lazily, each worker pays for them again
and holds its own copy. Loaded once in the parent right before a fork, they
are in the workers from the start, in memory pages the workers share. The
engine's warm-up cannot do this: it runs in every process, and a one-file
``provlint check`` on English text never needs the profiles (the function-word
check decides), so it must not load them. The rules that read a document's
language or readability, and the scorecard's measurer, call
:func:`load_language_data` from their ``before_fork``.
"""

from __future__ import annotations


def load_language_data() -> None:
    """langdetect's profiles, textstat and English's syllable data, loaded now (each once per process)."""
    from .detection import language_profiles
    from .readability import preload

    language_profiles()
    preload()


class UsesLanguageData:
    """Mixin of the rules that read the document's language or readability (``doc.measures``)."""

    def before_fork(self) -> None:
        load_language_data()
