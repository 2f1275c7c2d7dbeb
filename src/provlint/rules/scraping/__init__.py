"""PL1xx: scraping artefacts: text that still carries the page it was scraped from."""

from __future__ import annotations

from collections.abc import Callable

from ...hookspecs import hookimpl
from .broken_encoding import BrokenEncoding
from .image_caption import ImageCaption
from .layout_leftover import LayoutLeftover
from .leftover_markup import LeftoverMarkup
from .navigation_block import NavigationBlock
from .navigation_residue import NavigationResidue
from .orphan_fragment import OrphanFragment

RULES = (
    NavigationResidue,
    OrphanFragment,
    NavigationBlock,
    LayoutLeftover,
    LeftoverMarkup,
    BrokenEncoding,
    ImageCaption,
)


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    for rule in RULES:
        register(rule)
