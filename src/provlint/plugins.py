"""The plugin manager: built lazily, cached, never at import time.

Built-in plugins (rule families, readers, formatters) are registered first, by
module name, then every ``provlint`` entry point is loaded in its own ``try``.
An entry point that fails to import is recorded as a :class:`PluginError`
naming its distribution and version, and the rest still load.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import threading
from dataclasses import dataclass
from typing import Any

import pluggy

from . import hookspecs

ENTRY_POINT_GROUP = "provlint"

#: Modules that implement provlint's own hooks. Kept as names so that importing
#: provlint does not import every rule.
BUILTIN_PLUGINS: tuple[str, ...] = (
    "provlint.rules.engine",
    "provlint.rules.scraping",
    "provlint.rules.duplication",
    "provlint.rules.attribution",
    "provlint.rules.rewrite",
    "provlint.rules.language",
    "provlint.readers",
    "provlint.formatters",
    "provlint.scorecard_formats",
)


@dataclass(frozen=True)
class PluginInfo:
    """What ``provlint plugins`` shows for one loaded plugin."""

    name: str
    package: str
    version: str
    hooks: tuple[str, ...]
    builtin: bool


@dataclass(frozen=True)
class PluginError:
    """An entry point that could not be loaded."""

    name: str
    package: str
    version: str
    error: str

    def __str__(self) -> str:
        return f"plugin {self.name!r} from {self.package} {self.version} failed to load: {self.error}"


class PluginManager(pluggy.PluginManager):
    """pluggy's manager plus what provlint knows about where each plugin came from."""

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        self.load_errors: list[PluginError] = []
        self.origins: dict[str, tuple[str, str, bool]] = {}  # plugin name -> (package, version, builtin)

    def register_builtin(self, module_name: str) -> None:
        module = importlib.import_module(module_name)
        self.register(module, name=module_name)
        self.origins[module_name] = ("provlint", _provlint_version(), True)

    def load_entry_points(self, group: str = ENTRY_POINT_GROUP) -> None:
        for ep in _entry_points(group):
            dist = getattr(ep, "dist", None)
            package = dist.metadata["Name"] if dist is not None else "unknown"
            version = dist.version if dist is not None else "unknown"
            if self.has_plugin(ep.name) or self.is_blocked(ep.name):
                continue
            try:
                plugin = ep.load()
                self.register(plugin, name=ep.name)
            except Exception as exc:
                self.load_errors.append(PluginError(ep.name, package, version, f"{type(exc).__name__}: {exc}"))
                continue
            self.origins[ep.name] = (package, version, False)

    def info(self) -> list[PluginInfo]:
        out = []
        for name, plugin in self.list_name_plugin():
            if plugin is None:
                continue
            package, version, builtin = self.origins.get(name, ("unknown", "unknown", False))
            hooks = tuple(sorted(caller.name for caller in self.get_hookcallers(plugin) or ()))
            out.append(PluginInfo(name, package, version, hooks, builtin))
        return sorted(out, key=lambda p: (not p.builtin, p.name))

    def origin_of(self, plugin_name: str) -> tuple[str, str]:
        package, version, _ = self.origins.get(plugin_name, ("unknown", "unknown", False))
        return package, version


def _entry_points(group: str) -> list[Any]:
    return sorted(importlib.metadata.entry_points(group=group), key=lambda ep: ep.name)


def _provlint_version() -> str:
    from . import __version__

    return __version__


_lock = threading.Lock()
_manager: PluginManager | None = None


def get_plugin_manager() -> PluginManager:
    """The process-wide plugin manager, built on first use."""
    global _manager
    with _lock:
        if _manager is None:
            pm = PluginManager()
            for module_name in BUILTIN_PLUGINS:
                pm.register_builtin(module_name)
            pm.load_entry_points()
            _manager = pm
        return _manager


def reset_plugin_manager() -> None:
    """Forget the cached manager (tests; after installing a plugin at run time)."""
    global _manager
    with _lock:
        _manager = None
    from . import registry

    registry.reset_registry_cache()
