"""PL4xx: machine-rewrite and template residue: is the text what it claims to be?"""

from __future__ import annotations

from collections.abc import Callable

from ...hookspecs import hookimpl
from .assistant_residue import AssistantResidue
from .divergent_headline import DivergentHeadline
from .recap_list import RecapList
from .template_heading import TemplateHeading

RULES = (TemplateHeading, RecapList, AssistantResidue, DivergentHeadline)


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    for rule in RULES:
        register(rule)
