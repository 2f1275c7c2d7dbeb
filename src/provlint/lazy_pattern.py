"""Regular expressions declared at module level, compiled on first use.

Every rule module is imported whenever the registry is built: by ``provlint
rules``, ``provlint rule CODE`` and by a run that selects one family. A
module-level ``regex.compile`` makes all of them pay for every rule's
patterns (a few milliseconds each, tens of milliseconds in all), even for
rules that never run. :func:`lazy_compile` declares a pattern in the same
place and spelling, and compiles it (through provlint's build cache,
:func:`provlint.cache.compile_pattern`) the first time anything on it is
used, once per process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from .cache import compile_pattern

if TYPE_CHECKING:  # pragma: no cover
    import regex

#: How many lazily declared patterns this process has compiled (tests pin what a run loads).
compiled_count = 0


class LazyPattern:
    """A stand-in for ``regex.compile(source, flags)`` that compiles on first attribute access.

    After the first use the compiled pattern's attributes (``search``,
    ``finditer``, ``pattern``, ...) are kept on the instance, so later calls
    cost what a call on the compiled pattern costs. Pickles as its source and
    flags (a worker process compiles its own copy).
    """

    def __init__(self, source: str, flags: int = 0) -> None:
        self.__dict__["_source"] = source
        self.__dict__["_flags"] = flags

    def compiled(self) -> regex.Pattern[str]:
        """The compiled pattern (compiled now if this is the first use)."""
        found = self.__dict__.get("_compiled")
        if found is None:
            global compiled_count
            found = compile_pattern(self.__dict__["_source"], self.__dict__["_flags"])
            self.__dict__["_compiled"] = found
            compiled_count += 1
        return cast("regex.Pattern[str]", found)

    @property
    def is_compiled(self) -> bool:
        return "_compiled" in self.__dict__

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_source", "_flags", "_compiled"):
            raise AttributeError(name)
        value = getattr(self.compiled(), name)
        self.__dict__[name] = value
        return value

    def __reduce__(self) -> tuple[type[LazyPattern], tuple[str, int]]:
        return (LazyPattern, (self.__dict__["_source"], self.__dict__["_flags"]))

    def __repr__(self) -> str:
        state = "compiled" if self.is_compiled else "not compiled yet"
        return f"LazyPattern({self.__dict__['_source']!r}, {self.__dict__['_flags']}; {state})"


def lazy_compile(source: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(source, flags)``, deferred to the pattern's first use (see :class:`LazyPattern`)."""
    return cast("regex.Pattern[str]", LazyPattern(source, flags))
