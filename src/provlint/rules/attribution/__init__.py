"""PL3xx: citations and attribution: who says so?"""

from __future__ import annotations

from typing import Callable

from ...hookspecs import hookimpl
from .dangling_citation_marker import DanglingCitationMarker
from .vague_attribution import VagueAttribution

RULES = (DanglingCitationMarker, VagueAttribution)


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    for rule in RULES:
        register(rule)
