"""``provlint check --show-settings``: the resolved configuration and where it came from.

Which file configures a run is decided by discovery (docs/configuration.md,
"Which file is used"): the nearest folder, from the working directory up, with
a ``provlint.toml``, ``.provlint.toml`` or a ``pyproject.toml`` holding
``[tool.provlint]``; in one folder, in that order. When a folder holds more
than one, the others are named here as not used, so nobody edits the wrong one.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..config import CONFIG_FILENAMES, Config, InputOptions, Section, find_config_file
from .options import SharedOptions

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def configures_provlint(path: Path) -> bool:
    """Whether ``path`` would configure provlint if discovery reached it first."""
    if not path.is_file():
        return False
    if path.name != "pyproject.toml":
        return True
    try:
        return "provlint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def not_used_beside(found: Path) -> list[Path]:
    """Other configuration files in ``found``'s folder, which discovery passed over."""
    return [
        found.parent / name
        for name in CONFIG_FILENAMES
        if name != found.name and configures_provlint(found.parent / name)
    ]


def _value(value: Any) -> str:
    """A value written as TOML (strings, numbers, booleans, lists, inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{_key(str(k))} = {_value(v)}" for k, v in value.items()) + " }"
    return _value(str(getattr(value, "value", value)))


def _key(key: str) -> str:
    bare = key.replace("-", "").replace("_", "").isalnum() and key.isascii()
    return key if bare else json.dumps(key, ensure_ascii=False)


def render_settings(config: Config, shared: SharedOptions) -> str:
    """The origin of the settings, then every setting as TOML (defaults included)."""
    lines: list[str] = []
    if shared.isolated:
        lines.append("# Settings: provlint's defaults (--isolated: configuration files are ignored)")
    elif shared.config_path:
        lines.append(f"# Settings from {shared.config_path} (--config)")
    else:
        found = find_config_file()
        if found is None:
            lines.append(f"# Settings: provlint's defaults (no configuration file found from {Path.cwd()} up)")
        else:
            lines.append(f"# Settings from {found} (the nearest configuration file from {Path.cwd()} up)")
            for other in not_used_beside(found):
                lines.append(f"# Not used: {other} ({found.name} takes precedence in the same folder)")
    lines.append("# Command-line options are applied on top.")
    lines.append("")
    lines.append(f"select = {_value(config.select)}")
    lines.append(f"extend-select = {_value(config.extend_select)}")
    lines.append(f"ignore = {_value(config.ignore)}")
    lines.append(f"fail-on = {_value(config.fail_on.value)}")
    lines.append(f"exclude = {_value(config.input.exclude)}")
    lines.append(f"extend-exclude = {_value(config.input.extend_exclude)}")
    lines.append("")
    lines.append("[severity]")
    lines.extend(f"{_key(code)} = {_value(level.value)}" for code, level in sorted(config.severity.items()))
    lines.append("")
    lines.append("[input]")
    for f in fields(InputOptions):
        if f.name in ("exclude", "extend_exclude"):
            continue
        lines.append(f"{f.name.replace('_', '-')} = {_value(getattr(config.input, f.name))}")
    for name in sorted(config.rules):
        lines.append("")
        lines.append(f"[rules.{_key(name)}]")
        lines.extend(f"{_key(k.replace('_', '-'))} = {_value(v)}" for k, v in config.rules[name].items())
    for source, settings in sorted(config.sources.items()):
        lines.append("")
        lines.append(f"[sources.{_key(source)}]")
        if settings.language is not None:
            lines.append(f"language = {_value(settings.language)}")
        for name, options in settings.rules.items():
            lines.append(f"rules.{_key(name)} = {_value({k.replace('_', '-'): v for k, v in options.items()})}")
    for f in fields(config):
        section = getattr(config, f.name)
        if isinstance(section, Section):
            lines.append("")
            lines.append(f"[{section.NAME}]")
            lines.extend(f"{_key(k)} = {_value(v)}" for k, v in section.as_table().items())
    return "\n".join(lines) + "\n"
