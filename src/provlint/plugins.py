"""The plugin manager: built lazily, cached, never at import time.

Built-in plugins (rule families, readers, formatters) are registered first, by
module name, then every ``provlint`` entry point is loaded in its own ``try``.
An entry point that fails to import is recorded as a :class:`PluginError`
naming its distribution and version, and the rest still load.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.metadata
import inspect
import os
import threading
from dataclasses import dataclass
from typing import Any

import pluggy

from . import hookspecs
from .config import ConfigError

ENTRY_POINT_GROUP = "provlint"

#: Modules that implement provlint's own hooks. Kept as names so that importing
#: provlint does not import every rule.
BUILTIN_PLUGINS: tuple[str, ...] = (
    "provlint.diagnostics",
    "provlint.rules.input",
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


class PluginRequirementError(ConfigError):
    """A plugin named by ``--require-plugins`` is not installed or failed to load (exit code 2)."""


#: Set (to anything but empty or ``0``) to load no entry-point plugin unless ``--plugins`` names it.
DISABLE_AUTOLOAD_ENV = "PROVLINT_DISABLE_PLUGIN_AUTOLOAD"


@dataclass(frozen=True)
class PluginSelection:
    """Which entry-point plugins a manager loads.

    ``allow``: only these (entry-point or distribution names), like pytest's
    ``-p``; they load even when autoload is off. None: every installed one,
    unless ``autoload`` is False.
    """

    autoload: bool = True
    allow: tuple[str, ...] | None = None

    @classmethod
    def current(cls) -> PluginSelection:
        value = os.environ.get(DISABLE_AUTOLOAD_ENV, "").strip().lower()
        return cls(autoload=value in ("", "0", "false", "no"), allow=_allowed)

    def wants(self, entry_name: str, package: str) -> bool:
        if self.allow is not None:
            return entry_name in self.allow or package in self.allow
        return self.autoload


class PluginManager(pluggy.PluginManager):
    """pluggy's manager plus what provlint knows about where each plugin came from.

    Strict: any function named ``provlint_*`` in a plugin is taken as a hook
    implementation (decorated or not), and one that matches no hook
    specification (a misspelling) is a load error naming the plugin's package
    and version; the plugin is not used.
    """

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        self.load_errors: list[PluginError] = []
        self.origins: dict[str, tuple[str, str, bool]] = {}  # plugin name -> (package, version, builtin)
        self.not_selected: set[str] = set()  # installed entry points (and packages) left out by the selection

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        opts = super().parse_hookimpl_opts(plugin, name)
        if opts is None and name.startswith(hookspecs.PROJECT + "_"):
            method = getattr(plugin, name, None)
            if inspect.isroutine(method):
                # Like pytest's pytest_* functions: a forgotten @hookimpl is still checked against the specs.
                return {}
        return opts

    def register_builtin(self, module_name: str) -> None:
        module = importlib.import_module(module_name)
        self.register(module, name=module_name)
        self.origins[module_name] = ("provlint", _provlint_version(), True)

    def load_entry_points(self, selection: PluginSelection, group: str = ENTRY_POINT_GROUP) -> None:
        found: set[str] = set()
        for ep in _entry_points(group):
            dist = getattr(ep, "dist", None)
            package = dist.metadata["Name"] if dist is not None else "unknown"
            version = dist.version if dist is not None else "unknown"
            found.update((ep.name, package))
            if self.has_plugin(ep.name):
                continue
            if not selection.wants(ep.name, package):
                self.not_selected.update((ep.name, package))
                continue
            try:
                plugin = ep.load()
                self.register(plugin, name=ep.name)
            except Exception as exc:
                self.load_errors.append(PluginError(ep.name, package, version, f"{type(exc).__name__}: {exc}"))
                continue
            self.origins[ep.name] = (package, version, False)
        for name in selection.allow or ():
            if name not in found:
                self.load_errors.append(PluginError(name, "unknown", "unknown", "not installed (named by --plugins)"))
        self.unregister_unknown_hooks()

    def unregister_unknown_hooks(self) -> None:
        """Report and drop plugins implementing a hook that has no specification, then ``check_pending``."""
        specs = {name for name in dir(hookspecs) if name.startswith(hookspecs.PROJECT + "_")}
        bad: dict[str, list[str]] = {}
        for hook_name, caller in sorted(vars(self.hook).items()):
            if not isinstance(caller, pluggy.HookCaller) or caller.has_spec():
                continue
            for impl in caller.get_hookimpls():
                if not impl.optionalhook:
                    bad.setdefault(impl.plugin_name, []).append(hook_name)
        for plugin_name, hooks in sorted(bad.items()):
            package, version, _ = self.origins.get(plugin_name, ("unknown", "unknown", False))
            hints = [_did_you_mean(h, specs) for h in hooks]
            self.load_errors.append(PluginError(plugin_name, package, version, "unknown hook " + ", ".join(hints)))
            self.unregister(name=plugin_name)
            self.origins.pop(plugin_name, None)
        self.check_pending()

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

    def is_builtin(self, plugin_name: str) -> bool:
        return self.origins.get(plugin_name, ("", "", False))[2]

    def require(self, names: tuple[str, ...]) -> None:
        """Raise :class:`PluginRequirementError` unless every one of ``names`` loaded (flake8's ``--require-plugins``)."""
        loaded = {name for name, (_, _, builtin) in self.origins.items() if not builtin}
        loaded |= {package for name, (package, _, builtin) in self.origins.items() if not builtin}
        problems = []
        for name in names:
            if name in loaded:
                continue
            failures = [str(e) for e in self.load_errors if name in (e.name, e.package)]
            if failures:
                problems.append(failures[0])
            elif name in self.not_selected:
                problems.append(
                    f"plugin {name!r} is installed but not loaded ({DISABLE_AUTOLOAD_ENV} is set, "
                    "or --plugins does not name it)"
                )
            else:
                problems.append(f"plugin {name!r} is not installed")
        if problems:
            raise PluginRequirementError("required plugin missing: " + "; ".join(problems))


def _did_you_mean(name: str, specs: set[str]) -> str:
    close = difflib.get_close_matches(name, sorted(specs), n=1)
    return f"{name} (did you mean {close[0]}?)" if close else name


def _entry_points(group: str) -> list[Any]:
    return sorted(importlib.metadata.entry_points(group=group), key=lambda ep: ep.name)


def _provlint_version() -> str:
    from . import __version__

    return __version__


_lock = threading.RLock()
_manager: PluginManager | None = None
_manager_selection: PluginSelection | None = None
_allowed: tuple[str, ...] | None = None


def select_plugins(allow: tuple[str, ...] | None) -> None:
    """Load only the entry-point plugins named in ``allow`` (None: all installed, the default).

    The manager is rebuilt on next use if this changes what it loads.
    """
    global _allowed
    with _lock:
        _allowed = tuple(allow) if allow is not None else None


def get_plugin_manager() -> PluginManager:
    """The process-wide plugin manager, built on first use.

    Rebuilt when the selection (``PROVLINT_DISABLE_PLUGIN_AUTOLOAD``,
    :func:`select_plugins`) differs from the one it was built with.
    """
    global _manager, _manager_selection
    with _lock:
        selection = PluginSelection.current()
        if _manager is not None and _manager_selection != selection:
            reset_plugin_manager()
        if _manager is None:
            pm = PluginManager()
            for module_name in BUILTIN_PLUGINS:
                pm.register_builtin(module_name)
            pm.load_entry_points(selection)
            _manager, _manager_selection = pm, selection
        return _manager


def reset_plugin_manager() -> None:
    """Forget the cached manager (tests; after installing a plugin at run time)."""
    global _manager, _manager_selection
    with _lock:
        _manager = None
        _manager_selection = None
    from . import registry

    registry.reset_registry_cache()
