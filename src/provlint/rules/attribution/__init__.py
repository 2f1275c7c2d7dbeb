"""PL3xx: citations and attribution: who says so?"""

from __future__ import annotations

from collections.abc import Callable

from ...hookspecs import hookimpl
from .dangling_citation_marker import DanglingCitationMarker
from .placeholder_attribution import PlaceholderAttribution
from .stacked_hedges import StackedHedges
from .unattributed_quote import UnattributedQuote
from .unnamed_authority import UnnamedAuthority
from .vague_attribution import VagueAttribution

RULES = (
    DanglingCitationMarker,
    PlaceholderAttribution,
    VagueAttribution,
    UnnamedAuthority,
    UnattributedQuote,
    StackedHedges,
)


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    for rule in RULES:
        register(rule)
