"""What the plugins contributed: rules, readers and formatters, by name.

Each ``provlint_register_*`` hook implementation is called with its own
``register`` callable, so every contribution is known together with the plugin
(and package, version) that made it. Two plugins claiming one rule code, one
rule name or one format name is a :class:`RegistryError` that names both.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .plugins import PluginManager, get_plugin_manager
from .readers.base import reader_problems
from .rule import Rule, validate_rule_class


class RegistryError(Exception):
    """A plugin contributed something invalid or something another plugin already claims."""


@dataclass(frozen=True)
class Contribution:
    obj: Any
    plugin: str
    package: str
    version: str


@dataclass
class Registry:
    rules: dict[str, Contribution] = field(default_factory=dict)  # code -> rule class
    readers: dict[str, Contribution] = field(default_factory=dict)  # name -> reader
    formatters: dict[str, Contribution] = field(default_factory=dict)  # name -> formatter class

    def rule_classes(self) -> list[type[Rule]]:
        return [self.rules[code].obj for code in sorted(self.rules)]

    def rule_class(self, code_or_name: str) -> type[Rule] | None:
        key = code_or_name.strip()
        if key.upper() in self.rules:
            return self.rules[key.upper()].obj  # type: ignore[no-any-return,unused-ignore]
        for contribution in self.rules.values():
            if contribution.obj.name == key.lower():
                return contribution.obj  # type: ignore[no-any-return,unused-ignore]
        return None

    def origin(self, code: str) -> Contribution:
        return self.rules[code]

    def __iter__(self) -> Iterator[type[Rule]]:
        return iter(self.rule_classes())


def build_registry(pm: PluginManager) -> Registry:
    registry = Registry()
    names: dict[str, str] = {}  # rule name -> code

    def contributions(hook_name: str) -> Iterator[tuple[str, Callable[..., Any]]]:
        hook = getattr(pm.hook, hook_name)
        # Oldest registration first: built-ins, then entry points in name order.
        for impl in reversed(hook.get_hookimpls()):
            yield impl.plugin_name, impl.function

    for plugin_name, function in contributions("provlint_register_rules"):
        package, version = pm.origin_of(plugin_name)

        def register_rule(cls: type, _plugin: str = plugin_name, _pkg: str = package, _ver: str = version) -> None:
            problems = validate_rule_class(cls)
            if problems:
                raise RegistryError(
                    f"plugin {_plugin!r} ({_pkg} {_ver}) registered an invalid rule: " + "; ".join(problems)
                )
            code = cls.code  # type: ignore[attr-defined]
            name = cls.name  # type: ignore[attr-defined]
            if code in registry.rules:
                other = registry.rules[code]
                if other.obj is cls:
                    return
                raise RegistryError(
                    f"rule code {code} is claimed by two plugins: {other.plugin!r} "
                    f"({other.package} {other.version}, {other.obj.__qualname__}) and {_plugin!r} "
                    f"({_pkg} {_ver}, {cls.__qualname__})"
                )
            if name in names:
                other = registry.rules[names[name]]
                raise RegistryError(
                    f"rule name {name!r} is claimed by two plugins: {other.plugin!r} "
                    f"({other.obj.code}) and {_plugin!r} ({code})"
                )
            names[name] = code
            registry.rules[code] = Contribution(cls, _plugin, _pkg, _ver)

        function(register=register_rule)

    for hook_name, table in (
        ("provlint_register_readers", registry.readers),
        ("provlint_register_formatters", registry.formatters),
    ):
        for plugin_name, function in contributions(hook_name):
            package, version = pm.origin_of(plugin_name)

            def register_named(
                obj: Any,
                _table: dict[str, Contribution] = table,
                _plugin: str = plugin_name,
                _pkg: str = package,
                _ver: str = version,
                _kind: str = hook_name.rsplit("_", 1)[-1][:-1],
            ) -> None:
                name = getattr(obj, "name", None)
                if not isinstance(name, str) or not name:
                    raise RegistryError(f"plugin {_plugin!r} registered a {_kind} without a name")
                if _kind == "reader":
                    problems = reader_problems(obj)
                    if problems:
                        raise RegistryError(
                            f"plugin {_plugin!r} ({_pkg} {_ver}) registered an invalid reader {name!r}: "
                            + "; ".join(problems)
                        )
                if name in _table and _table[name].obj is not obj:
                    other = _table[name]
                    raise RegistryError(
                        f"{_kind} {name!r} is claimed by two plugins: {other.plugin!r} "
                        f"({other.package} {other.version}) and {_plugin!r} ({_pkg} {_ver})"
                    )
                _table[name] = Contribution(obj, _plugin, _pkg, _ver)

            function(register=register_named)
    return registry


@functools.lru_cache(maxsize=1)
def _cached_registry() -> Registry:
    return build_registry(get_plugin_manager())


def get_registry() -> Registry:
    """The registry built from the process-wide plugin manager (cached)."""
    return _cached_registry()


def reset_registry_cache() -> None:
    _cached_registry.cache_clear()
