"""The one configuration system: ``[tool.provlint]`` in pyproject.toml, or a
``provlint.toml``, found by walking up from the working directory; ``--config``
overrides; command-line flags override the file.

Configuration is data only: TOML is parsed, never executed. Every key is
checked; an unknown key, code or bad value is a :class:`ConfigError` that
names the key and the file (the CLI turns it into exit code 2).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, ClassVar

from .model import Category, Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILENAMES = ("provlint.toml", ".provlint.toml", "pyproject.toml")
DEFAULT_FIELDS = {
    "id": "id",
    "text": "text",
    "source": "source",
    "url": "url",
    "title": "title",
    "published": "published",
    "lang": "lang",
}
#: The built-in ``[input] format`` values; plugins add their readers' names (checked against the registry
#: by :func:`check_input_format` once the registry is known).
INPUT_FORMATS = ("auto", "text", "jsonl")
#: Folders a walk never enters unless the configuration's ``exclude`` says otherwise (hidden ones are skipped too).
DEFAULT_EXCLUDE = ("__pycache__", "node_modules", "site-packages", "venv")


class ConfigError(Exception):
    """A configuration problem; the message names the key and the file."""


@dataclass(frozen=True)
class InputOptions:
    """How readers turn input into documents."""

    format: str = "auto"
    fields: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_FIELDS))
    suffixes: tuple[str, ...] = (".txt", ".md", ".markdown", ".text")
    encoding: str = "utf-8"
    #: gitignore-style patterns of files and folders a folder walk passes over
    #: (top-level ``exclude`` replaces the defaults, ``extend-exclude`` adds to them).
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    #: Follow symbolic links that leave the scanned folders (``--follow-links``).
    follow_links: bool = False
    #: ``[limits] max-document-chars``, for readers to bound what they load (0: no limit).
    max_chars: int = 10_000_000


@dataclass(frozen=True)
class SourceConfig:
    """Settings for one source (site, publisher, feed)."""

    language: str | None = None
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


# -- the tables owned by later pipeline steps -----------------------------------
#
# Each is declared here, typed and frozen, so that parsing a file never depends
# on which modules happen to be imported (a fresh process knows every table).
# Field names are the TOML keys with "-" written "_".


@dataclass(frozen=True)
class Section:
    """Base of a ``[tool.provlint.NAME]`` table: typed fields with their defaults."""

    #: The table's name in TOML.
    NAME: ClassVar[str] = ""

    #: Allowed (lowest, highest) value of numeric keys, by TOML key; None: unbounded on that side.
    RANGES: ClassVar[Mapping[str, tuple[float | None, float | None]]] = {}

    def as_table(self) -> dict[str, Any]:
        """The values keyed as in TOML (kebab-case)."""
        return {f.name.replace("_", "-"): getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class ScorecardSection(Section):
    """``[scorecard]``: what each measure costs and when a source is graded (docs/scorecard.md)."""

    NAME: ClassVar[str] = "scorecard"
    # points per unit of the measured value at first (provlint.scorecard.cost)
    weight_boilerplate: float = 1.0  # per percentage point of characters
    weight_attribution: float = 4.0  # per severity-weighted finding per 1,000 words
    weight_rewrite: float = 5.0
    weight_language: float = 2.0
    weight_engine: float = 0.5  # per percentage point of documents
    # the most points a measure can cost (approached, never reached)
    ceiling_boilerplate: float = 60.0
    ceiling_attribution: float = 15.0
    ceiling_rewrite: float = 15.0
    ceiling_language: float = 5.0
    ceiling_engine: float = 5.0
    # fewer linted words than this: "too small to grade"
    min_words: int = 500
    # how much one finding of each severity counts in the per-1,000-words measures
    severity_error: float = 2.0
    severity_warning: float = 1.0
    severity_info: float = 0.25

    RANGES: ClassVar[Mapping[str, tuple[float | None, float | None]]] = {
        **{
            f"weight-{c}": (0.0, None)
            for c in ("engine", "scraping", "duplication", "attribution", "rewrite", "language")
        },
        "category-cap": (0.0, 100.0),
        "min-words": (1, None),
        "severity-error": (0.0, None),
        "severity-warning": (0.0, None),
        "severity-info": (0.0, None),
    }


@dataclass(frozen=True)
class FixSection(Section):
    """``[fix]``: how much of a document one fix may remove (docs/fix.md)."""

    NAME: ClassVar[str] = "fix"
    max_removed_share: float = 0.5

    RANGES: ClassVar[Mapping[str, tuple[float | None, float | None]]] = {"max-removed-share": (0.0, 1.0)}


@dataclass(frozen=True)
class LimitsSection(Section):
    """``[limits]``: the largest document linted and the per-document rule time budget (docs/reliability.md)."""

    NAME: ClassVar[str] = "limits"
    rule_time_budget: float = 5.0
    max_document_chars: int = 10_000_000
    # more lines than this: skipped as too large (per-line work stays bounded; 0: no limit)
    max_document_lines: int = 200_000
    # a plugin rule that has not answered after this many seconds is stopped (0: plugin rules run in-process)
    plugin_rule_timeout: float = 60.0

    RANGES: ClassVar[Mapping[str, tuple[float | None, float | None]]] = {
        "rule-time-budget": (0.0, None),  # 0: no budget
        "max-document-chars": (0, None),  # 0: no limit
        "max-document-lines": (0, None),  # 0: no limit
    }


#: Every table besides the core keys, by TOML name.
SECTIONS: Mapping[str, type[Section]] = {cls.NAME: cls for cls in (ScorecardSection, FixSection, LimitsSection)}


@dataclass(frozen=True)
class Config:
    """A run's settings: rule selection, severities, rule options, sources, input and the sections.

    Built by :func:`load_config` from a file, by :meth:`from_dict` or
    ``provlint.configure(...)`` from Python values (same checks, same
    messages), or directly (every field has a default: all rules).
    """

    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    sources: Mapping[str, SourceConfig] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    input: InputOptions = field(default_factory=InputOptions)
    scorecard: ScorecardSection = field(default_factory=ScorecardSection)
    fix: FixSection = field(default_factory=FixSection)
    limits: LimitsSection = field(default_factory=LimitsSection)
    path: str | None = None

    def with_overrides(self, **changes: Any) -> Config:
        """A copy with the given fields replaced; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "<dict>") -> Config:
        """A configuration from a mapping shaped like the TOML file (``{"select": [...], "rules": {...}}``),
        with the same checks and messages; ``source`` names it in those messages."""
        if not isinstance(data, Mapping):
            raise ConfigError(f"{source}: expected a mapping of configuration keys, got {type(data).__name__}")
        config = parse_config(data, source)
        return replace(config, path=None)

    def section(self, name: str) -> Mapping[str, Any]:
        """The ``[NAME]`` table's values keyed as in TOML (defaults included)."""
        value = getattr(self, name, None) if name in SECTIONS else None
        return value.as_table() if isinstance(value, Section) else {}


# -- loading ------------------------------------------------------------------


def find_config_file(start: Path | None = None) -> Path | None:
    """The nearest provlint.toml, .provlint.toml or pyproject.toml with [tool.provlint]."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        for filename in CONFIG_FILENAMES:
            candidate = directory / filename
            if not candidate.is_file():
                continue
            if filename != "pyproject.toml":
                return candidate
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if "provlint" in data.get("tool", {}):
                return candidate
    return None


def load_config(path: str | Path | None = None, *, discover: bool = True) -> Config:
    """Load ``path``, or the discovered file, or the defaults."""
    if path is None:
        found = find_config_file() if discover else None
        if found is None:
            return parse_config({}, None)
        path = found
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: configuration is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: arrays or tables are nested too deeply to be a provlint configuration") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("provlint", {})
        prefix = "tool.provlint."
    else:
        prefix = ""
    return parse_config(data, str(path), prefix=prefix)


def parse_config(data: Mapping[str, Any], path: str | None, prefix: str = "") -> Config:
    where = path or "<defaults>"

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{where}: {prefix}{key}: {problem}")

    known = {
        "select",
        "extend-select",
        "ignore",
        "severity",
        "rules",
        "sources",
        "fail-on",
        "input",
        "exclude",
        "extend-exclude",
    }
    excludes: dict[str, tuple[str, ...]] = {}
    kwargs: dict[str, Any] = {"path": path}
    for key, value in data.items():
        if key in SECTIONS:
            kwargs[key] = _section(value, SECTIONS[key], key, fail)
            continue
        if key not in known:
            raise fail(key, f"unknown key (known keys: {', '.join(sorted(known | set(SECTIONS)))})")
        if key in ("select", "extend-select", "ignore"):
            kwargs[key.replace("-", "_")] = _string_list(value, key, fail)
        elif key == "fail-on":
            kwargs["fail_on"] = _severity(value, key, fail)
        elif key == "severity":
            if not isinstance(value, Mapping):
                raise fail(key, 'must be a table of CODE = "error|warning|info"')
            kwargs["severity"] = {str(code).upper(): _severity(v, f"{key}.{code}", fail) for code, v in value.items()}
        elif key == "rules":
            kwargs["rules"] = _rule_tables(value, key, fail)
        elif key == "sources":
            if not isinstance(value, Mapping):
                raise fail(key, "must be a table of source names")
            kwargs["sources"] = {str(name): _source(table, f"{key}.{name}", fail) for name, table in value.items()}
        elif key == "input":
            kwargs["input"] = _input(value, key, fail)
        elif key in ("exclude", "extend-exclude"):
            excludes[key.replace("-", "_")] = _patterns(value, key, fail)
    if excludes:
        kwargs["input"] = replace(kwargs.get("input", InputOptions()), **excludes)
    return Config(**kwargs)


def _patterns(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    """gitignore-style patterns: ``name``, ``dir/``, ``path/*.txt``, ``**/drafts`` (negation ``!`` is not supported)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(key, 'must be a list of patterns such as "drafts/" or "*.tmp.txt"')
    for v in value:
        if v.strip().startswith("!"):
            raise fail(key, f"{v!r}: negated patterns are not supported")
    return tuple(v.strip() for v in value)


def _string_list(value: Any, key: str, fail: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, "must be a list of rule codes, prefixes, names or categories")
    return tuple(v.strip() for v in value if v.strip())


def _severity(value: Any, key: str, fail: Any) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise fail(key, str(exc)) from None


def _rule_tables(value: Any, key: str, fail: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, Mapping):
        raise fail(key, "must be a table of rule tables, e.g. [tool.provlint.rules.PL201]")
    out: dict[str, dict[str, Any]] = {}
    for rule_key, options in value.items():
        if not isinstance(options, Mapping):
            raise fail(f"{key}.{rule_key}", "must be a table of option = value")
        out[str(rule_key)] = {str(k).replace("-", "_"): v for k, v in options.items()}
    return out


def _source(value: Any, key: str, fail: Any) -> SourceConfig:
    if not isinstance(value, Mapping):
        raise fail(key, "must be a table")
    language = None
    rules: dict[str, dict[str, Any]] = {}
    for k, v in value.items():
        if k == "language":
            if not isinstance(v, str):
                raise fail(f"{key}.{k}", 'must be a language code such as "en"')
            language = v
        elif k == "rules":
            rules = _rule_tables(v, f"{key}.{k}", fail)
        else:
            raise fail(f"{key}.{k}", "unknown key (known keys: language, rules)")
    return SourceConfig(language=language, rules=rules)


def _input(value: Any, key: str, fail: Any) -> InputOptions:
    if not isinstance(value, Mapping):
        raise fail(key, "must be a table")
    opts = InputOptions()
    changes: dict[str, Any] = {}
    for k, v in value.items():
        if k == "format":
            if not isinstance(v, str) or not v:
                raise fail(f"{key}.{k}", f"must be a reader name ({', '.join(INPUT_FORMATS)}, or a plugin's)")
            changes["format"] = v
        elif k == "fields":
            if not isinstance(v, Mapping) or not all(isinstance(x, str) for x in v.values()):
                raise fail(f"{key}.{k}", 'must be a table of field = "record key"')
            unknown = set(v) - set(DEFAULT_FIELDS)
            if unknown:
                raise fail(f"{key}.{k}.{sorted(unknown)[0]}", f"unknown field (known: {', '.join(DEFAULT_FIELDS)})")
            changes["fields"] = {**DEFAULT_FIELDS, **v}
        elif k == "suffixes":
            if not isinstance(v, list) or not all(isinstance(x, str) and x.startswith(".") for x in v):
                raise fail(f"{key}.{k}", 'must be a list of file suffixes such as ".txt"')
            changes["suffixes"] = tuple(v)
        elif k == "encoding":
            if not isinstance(v, str):
                raise fail(f"{key}.{k}", "must be an encoding name")
            changes["encoding"] = v
        else:
            raise fail(f"{key}.{k}", "unknown key (known keys: encoding, fields, format, suffixes)")
    return replace(opts, **changes)


def check_input_format(config: Config, formats: Iterable[str]) -> None:
    """Refuse an ``[input] format`` that names no registered reader (``formats``: the valid names)."""
    choices = tuple(formats)
    if config.input.format not in choices:
        where = config.path or "<defaults>"
        prefix = "tool.provlint." if where.endswith("pyproject.toml") else ""
        raise ConfigError(
            f"{where}: {prefix}input.format: unknown reader {config.input.format!r} (known: {', '.join(choices)})"
        )


def _section(value: Any, cls: type[Section], key: str, fail: Any) -> Section:
    """The table checked key by key against ``cls``'s fields (ints are accepted for floats)."""
    if not isinstance(value, Mapping):
        raise fail(key, "must be a table")
    defaults = cls().as_table()
    changes: dict[str, Any] = {}
    for k, v in value.items():
        if k not in defaults:
            raise fail(f"{key}.{k}", f"unknown key (known keys: {', '.join(sorted(defaults))})")
        problem = type_problem(v, defaults[k]) or range_problem(v, cls.RANGES.get(k))
        if problem:
            raise fail(f"{key}.{k}", problem)
        changes[k.replace("-", "_")] = v  # an int stays an int (as written), a valid float
    return cls(**changes)


def type_problem(value: Any, default: Any) -> str | None:
    """Why ``value`` cannot replace ``default``, or None when it can."""
    if default is None:
        return None
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    elif isinstance(default, (list, tuple)):
        ok = isinstance(value, list)
    else:
        ok = isinstance(value, type(default))
    if ok:
        return None
    return f"expected {type(default).__name__}, got {type(value).__name__} {value!r}"


def range_problem(value: Any, bounds: tuple[float | None, float | None] | None) -> str | None:
    """Why a number is out of ``bounds`` (or not finite: TOML allows nan and inf), or None."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return f"must be a finite number, got {value!r}"
    if bounds is None:
        return None
    low, high = bounds
    if low is not None and value < low:
        return (
            f"must be at least {low:g}, got {value!r}"
            if high is None
            else f"must be {low:g} to {high:g}, got {value!r}"
        )
    if high is not None and value > high:
        return (
            f"must be at most {high:g}, got {value!r}" if low is None else f"must be {low:g} to {high:g}, got {value!r}"
        )
    return None


# -- selection ----------------------------------------------------------------


_CATEGORY_VALUES = frozenset(c.value for c in Category)


def selector_matches(selector: str, cls: Any) -> bool:
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    if s.upper().startswith("PL") or (s.isupper() and s.lower() not in _CATEGORY_VALUES):
        # A code or code prefix: PL2, PL201, or a plugin's own prefix (XY, XY001); names are lower case.
        return bool(cls.code.startswith(s.upper()))
    low = s.lower()
    return bool(low == cls.name or low == cls.category.value)


def check_selectors(selectors: Iterable[str], classes: Iterable[Any], where: str, key: str) -> None:
    classes = list(classes)
    categories = {c.value for c in Category}
    for s in selectors:
        if s.lower() in categories or s.upper() == "ALL":
            continue
        if not any(selector_matches(s, cls) for cls in classes):
            raise ConfigError(f"{where}: {key}: {s!r} matches no rule code, prefix, name or category")
