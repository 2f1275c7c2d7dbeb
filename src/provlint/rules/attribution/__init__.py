"""PL3xx: citations and attribution: who says so?"""

from __future__ import annotations

from typing import Callable

from ...hookspecs import hookimpl
from .dangling_citation_marker import DanglingCitationMarker
from .placeholder_attribution import PlaceholderAttribution
from .unnamed_authority import UnnamedAuthority
from .vague_attribution import VagueAttribution

RULES = (DanglingCitationMarker, PlaceholderAttribution, VagueAttribution, UnnamedAuthority)


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    for rule in RULES:
        register(rule)
