"""Which rules a run uses: the configuration resolved against the registry, once.

``select``/``extend-select``/``ignore`` pick codes, prefixes, names and
categories; the result is a :class:`RuleSelection`: the rules the engine runs
(in code order) and the engine diagnostics it reports. Every selector, every
``[severity]`` code and every ``[rules.X]`` table must name something the
registry holds, else a :class:`~provlint.config.ConfigError` names the key
and the file. Per-rule options are checked here too, so a bad option fails
before any document is read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .config import Config, ConfigError, check_selectors, selector_matches, type_problem
from .registry import Registry
from .rule import Rule, is_runnable


@dataclass(frozen=True)
class RuleSelection:
    """The resolved rule set of a run."""

    #: Rules the engine runs, in code order.
    rules: tuple[type[Rule], ...]
    #: Engine diagnostic codes (PL0xx) selected: the engine reports only these
    #: among the checks it can switch off (duplicate ids, time budget, size limit).
    diagnostics: frozenset[str]

    def reports(self, code: str) -> bool:
        return code in self.diagnostics

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(cls.code for cls in self.rules)


def select_rules(config: Config, registry: Registry) -> RuleSelection:
    """Resolve ``config``'s selectors against ``registry`` (raising ConfigError on unknown names)."""
    classes = registry.rule_classes()
    where = config.path or "<configuration>"
    for key, selectors in (
        ("select", config.select),
        ("extend-select", config.extend_select),
        ("ignore", config.ignore),
    ):
        check_selectors(selectors, classes, where, key)
    for code in config.severity:
        if registry.rule_class(code) is None:
            raise ConfigError(f"{where}: severity.{code}: unknown rule code")
    for table_name, table in [("rules", config.rules)] + [
        (f"sources.{s}.rules", sc.rules) for s, sc in config.sources.items()
    ]:
        for key in table:
            if registry.rule_class(key) is None:
                raise ConfigError(f"{where}: {table_name}.{key}: unknown rule code or name")
    rules: list[type[Rule]] = []
    diagnostics: set[str] = set()
    for cls in classes:
        picked = any(selector_matches(s, cls) for s in (*config.select, *config.extend_select))
        dropped = any(selector_matches(s, cls) for s in config.ignore)
        if picked and not dropped:
            if is_runnable(cls):
                rules.append(cls)
            else:
                diagnostics.add(cls.code)
    return RuleSelection(tuple(rules), frozenset(diagnostics))


def rule_options(cls: type[Rule], options: Mapping[str, Any], where: str, key: str) -> dict[str, Any]:
    """``options`` (a ``[rules.X]`` table) checked against ``cls.options``: names and types."""
    out: dict[str, Any] = {}
    for name, value in options.items():
        if name not in cls.options:
            known = ", ".join(k.replace("_", "-") for k in cls.options) or "none"
            raise ConfigError(
                f"{where}: {key}.{name.replace('_', '-')}: unknown option for {cls.code} ({cls.name}); known options: {known}"
            )
        problem = type_problem(value, cls.options[name])
        if problem:
            raise ConfigError(f"{where}: {key}.{name.replace('_', '-')}: {problem}")
        out[name] = tuple(value) if isinstance(cls.options[name], tuple) else value
    return out


__all__ = ["RuleSelection", "rule_options", "select_rules"]
