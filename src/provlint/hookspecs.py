"""The hooks through which provlint is extended.

Every contribution -- rules, readers, output formats, scorecard formats, CLI commands -- comes in
through these hooks, built-in ones included: provlint's own rule families,
readers and formatters are plugins registered the same way as a third party's.

A plugin is a module (or object) with functions named like the specs below,
decorated with :data:`hookimpl`, and announced under the ``provlint`` entry
point group::

    [project.entry-points.provlint]
    my_rules = "my_package.plugin"

Each ``provlint_register_*`` hook receives a ``register`` callable and calls it
once per contributed object. Hooks are called once per run, never per document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    import click

PROJECT = "provlint"

hookspec = pluggy.HookspecMarker(PROJECT)
#: Decorate plugin functions with this to implement a hook.
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def provlint_register_rules(register: Callable[[type], None]) -> None:
    """Contribute rule classes.

    Call ``register(RuleClass)`` for each :class:`provlint.DocumentRule` or
    :class:`provlint.SourceRule` subclass the plugin provides. Codes are global:
    two plugins registering one code is an error that names both plugins.
    """


@hookspec(firstresult=True)
def provlint_rule_code_prefix() -> str:  # type: ignore[empty-body]
    """Claim a rule-code prefix of your own: return 2 to 4 capital letters, e.g. ``"XY"``.

    The plugin's rules may then be coded ``XY001`` ... ``XY999`` (as well as in
    ``PL600``-``PL999``), and no other plugin may register a code with that
    prefix. A prefix that is a prefix of another one (``X`` and ``XY``, or
    ``P`` and provlint's ``PL``) is refused, since selecting one would select
    the other's rules. Users select the rules by the prefix: ``--select XY``.
    """


@hookspec
def provlint_register_readers(register: Callable[[Any], None]) -> None:
    """Contribute input readers.

    Call ``register(reader)`` with an object implementing
    :class:`provlint.readers.Reader`: a ``name`` (a choice of ``--input-format``
    and ``[input] format``), the file ``suffixes`` it claims, ``streams``
    (can it read standard input), ``sniff(head)`` and ``read(path, options,
    label)``; ``write_back(...)`` (:class:`provlint.readers.WritableReader`)
    lets ``provlint fix`` rewrite its inputs. A reader lacking any of these is
    a registry error naming the plugin.
    """


@hookspec
def provlint_register_formatters(register: Callable[[type], None]) -> None:
    """Contribute output formats.

    Call ``register(FormatterClass)`` with a :class:`provlint.formatters.base.Formatter`
    subclass; its ``name`` becomes a ``--format`` choice.
    """


@hookspec
def provlint_register_scorecard_formats(register: Callable[[type], None]) -> None:
    """Contribute scorecard report formats.

    Call ``register(FormatClass)`` with a
    :class:`provlint.scorecard_formats.base.ScorecardFormat` subclass; its
    ``name`` becomes a ``provlint scorecard --format`` choice. The counterpart
    of :func:`provlint_register_formatters`, which write findings.
    """


@hookspec
def provlint_register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``provlint`` command-line interface.

    ``cli`` is the top-level :class:`click.Group`; decorate new commands with
    ``@cli.command()``.
    """
