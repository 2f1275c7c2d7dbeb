"""PL2xx: text repeated within a document or across a source's documents."""

from __future__ import annotations

from collections.abc import Callable

from ...hookspecs import hookimpl
from .comment_thread import CommentThread
from .near_duplicate_paragraph import NearDuplicateParagraph
from .repeated_headline import RepeatedHeadline
from .repeated_line import RepeatedLine
from .repeated_paragraph import RepeatedParagraph
from .site_boilerplate import SiteBoilerplate
from .teaser_list import TeaserList
from .truncated_teaser import TruncatedTeaser
from .widget_boilerplate import WidgetBoilerplate

RULES = (
    RepeatedLine,
    RepeatedHeadline,
    TruncatedTeaser,
    RepeatedParagraph,
    NearDuplicateParagraph,
    WidgetBoilerplate,
    SiteBoilerplate,
    CommentThread,
    TeaserList,
)


@hookimpl
def provlint_register_rules(register: Callable[[type], None]) -> None:
    for rule in RULES:
        register(rule)
