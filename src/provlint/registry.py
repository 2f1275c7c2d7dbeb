"""What the plugins contributed: rules, readers and formatters, by name.

Each ``provlint_register_*`` hook implementation is called with its own
``register`` callable, so every contribution is known together with the plugin
(and package, version) that made it. Two plugins claiming one rule code, one
rule name or one format name is a :class:`RegistryError` that names both.
"""

from __future__ import annotations

import re
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
    #: Registered by provlint itself (trusted with the shared document, run in-process).
    builtin: bool = False


@dataclass
class Registry:
    rules: dict[str, Contribution] = field(default_factory=dict)  # code -> rule class
    readers: dict[str, Contribution] = field(default_factory=dict)  # name -> reader
    formatters: dict[str, Contribution] = field(default_factory=dict)  # name -> formatter class
    scorecard_formats: dict[str, Contribution] = field(default_factory=dict)  # name -> scorecard format class

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


#: Letters a plugin's own rule-code prefix is made of (``XY`` -> ``XY001``).
PREFIX_PATTERN = re.compile(r"^[A-Z]{2,4}$")


def _hook_callers(pm: PluginManager, hook_name: str) -> Iterator[tuple[str, Callable[..., Any]]]:
    """(plugin name, a caller of ``hook_name`` restricted to that plugin), in registration order.

    Calls go through pluggy (spec checks, wrappers) one plugin at a time, so
    every contribution is known together with the plugin that made it.
    """
    hook = getattr(pm.hook, hook_name)
    names = [impl.plugin_name for impl in hook.get_hookimpls()]  # pluggy keeps registration order here
    plugins = {name: pm.get_plugin(name) for name in names}
    for name in names:
        others = [p for n, p in plugins.items() if n != name]
        yield name, pm.subset_hook_caller(hook_name, remove_plugins=others)


def _code_prefixes(pm: PluginManager) -> dict[str, str]:
    """Each plugin's declared rule-code prefix, checked against ``PL`` and each other."""
    claimed: dict[str, str] = {"PL": "provlint"}  # prefix -> plugin
    out: dict[str, str] = {}
    for plugin_name, caller in _hook_callers(pm, "provlint_rule_code_prefix"):
        package, version = pm.origin_of(plugin_name)
        prefix = caller()  # firstresult: the plugin's one answer
        if not isinstance(prefix, str) or not PREFIX_PATTERN.match(prefix):
            raise RegistryError(
                f"plugin {plugin_name!r} ({package} {version}) declared the rule-code prefix {prefix!r}: "
                "use 2 to 4 capital letters"
            )
        for other, owner in claimed.items():
            if prefix.startswith(other) or other.startswith(prefix):
                raise RegistryError(
                    f"rule-code prefix {prefix!r} of plugin {plugin_name!r} ({package} {version}) collides with "
                    f"{other!r} of {owner!r}: selecting one would select the other's rules"
                )
        claimed[prefix] = plugin_name
        out[plugin_name] = prefix
    return out


def build_registry(pm: PluginManager) -> Registry:
    """Call every plugin's ``provlint_register_*`` hooks (through pluggy) and collect what they register.

    Plugins are called in registration order: provlint's built-ins first, then
    entry points by name.
    """
    registry = Registry()
    names: dict[str, str] = {}  # rule name -> code
    prefixes = _code_prefixes(pm)

    for plugin_name, caller in _hook_callers(pm, "provlint_register_rules"):
        package, version = pm.origin_of(plugin_name)
        builtin = pm.is_builtin(plugin_name)
        allowed = ("PL", prefixes[plugin_name]) if plugin_name in prefixes else ("PL",)

        def register_rule(
            cls: type,
            _plugin: str = plugin_name,
            _pkg: str = package,
            _ver: str = version,
            _builtin: bool = builtin,
            _allowed: tuple[str, ...] = allowed,
        ) -> None:
            problems = validate_rule_class(cls, _allowed)
            if problems:
                raise RegistryError(
                    f"plugin {_plugin!r} ({_pkg} {_ver}) registered an invalid rule: " + "; ".join(problems)
                )
            code = cls.code  # type: ignore[attr-defined]
            name = cls.name  # type: ignore[attr-defined]
            for owner, owned in prefixes.items():
                if code.startswith(owned) and owner != _plugin:
                    raise RegistryError(
                        f"plugin {_plugin!r} ({_pkg} {_ver}) registered {code}, but prefix {owned!r} "
                        f"belongs to plugin {owner!r}"
                    )
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
            registry.rules[code] = Contribution(cls, _plugin, _pkg, _ver, _builtin)

        caller(register=register_rule)

    for hook_name, table in (
        ("provlint_register_readers", registry.readers),
        ("provlint_register_formatters", registry.formatters),
        ("provlint_register_scorecard_formats", registry.scorecard_formats),
    ):
        for plugin_name, caller in _hook_callers(pm, hook_name):
            package, version = pm.origin_of(plugin_name)

            def register_named(
                obj: Any,
                _table: dict[str, Contribution] = table,
                _plugin: str = plugin_name,
                _pkg: str = package,
                _ver: str = version,
                _builtin: bool = pm.is_builtin(plugin_name),
                _kind: str = hook_name.removeprefix("provlint_register_")[:-1].replace("_", " "),
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
                _table[name] = Contribution(obj, _plugin, _pkg, _ver, _builtin)

            caller(register=register_named)
    return registry


_cache: tuple[PluginManager, Registry] | None = None


def get_registry() -> Registry:
    """The registry built from the process-wide plugin manager (cached while that manager lives).

    Asking the manager first means a changed plugin selection
    (``PROVLINT_DISABLE_PLUGIN_AUTOLOAD``, ``--plugins``) is seen here too.
    """
    global _cache
    pm = get_plugin_manager()
    cached = _cache
    if cached is not None and cached[0] is pm:
        return cached[1]
    registry = build_registry(pm)
    _cache = (pm, registry)
    return registry


def reset_registry_cache() -> None:
    global _cache
    _cache = None
