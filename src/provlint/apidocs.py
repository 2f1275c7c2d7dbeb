"""The library reference (docs/api.md), rendered from the public API's signatures and docstrings.

``provlint.__all__`` is the public API; each name gets a section with its
signature and docstring, and each class its public methods and properties
(those with a docstring of their own). scripts/gen_api_docs.py writes the page
and tests/test_public_api.py checks it is current, so the reference cannot
drift from the code.
"""

from __future__ import annotations

import enum
import inspect
from typing import Any

HEADER = """# Python API

Generated from the docstrings by `scripts/gen_api_docs.py`; do not edit by hand. Everything here is importable from
`provlint` (`provlint.__all__`, also what `dir(provlint)` shows). Importing provlint is cheap: each name is imported
on first use, and the rules' data loads when a run needs it.

```python
import provlint

result = provlint.lint_text("Skip to content\\nThe summit opened [3].", source="example.com")
print(result.to_json(indent=2))
linter = provlint.Linter(provlint.configure(select=["PL1", "PL3"]), rules=[MyRule])  # reusable
```
"""


def _signature(name: str, obj: Any) -> str:
    try:
        return f"{name}{inspect.signature(obj)}"
    except (TypeError, ValueError):
        return name


def _members(cls: type) -> list[tuple[str, Any]]:
    """Public methods and properties defined on ``cls`` itself with a docstring of their own."""
    out = []
    for name, raw in vars(cls).items():
        if name.startswith("_"):
            continue
        func: Any
        if isinstance(raw, (classmethod, staticmethod)):
            func = raw.__func__
        elif isinstance(raw, property):
            func = raw.fget
        elif inspect.isfunction(raw):
            func = raw
        else:
            continue
        if func is not None and func.__doc__:
            out.append((name, raw))
    return out


def _doc(obj: Any) -> str:
    return inspect.cleandoc(obj.__doc__ or "").strip()


def _summary(obj: Any) -> str:
    """The first paragraph of a docstring, on one line."""
    return " ".join(_doc(obj).split("\n\n")[0].split())


def render_api(module: Any) -> str:
    """docs/api.md for ``module`` (provlint)."""
    parts = [HEADER]
    for name in sorted(n for n in module.__all__ if not n.startswith("_")):
        obj = getattr(module, name)
        kind = "class" if inspect.isclass(obj) else "function" if callable(obj) else "value"
        parts.append(f"## `{name}` ({kind})\n")
        if inspect.isclass(obj) and issubclass(obj, enum.Enum):
            values = ", ".join(f"`{member.value}`" for member in obj)
            parts.append(f"Values: {values}; `str()` gives the value.\n")
        elif kind != "value":
            parts.append(f"```python\n{_signature(name, obj)}\n```\n")
        doc = _doc(obj)
        if doc:
            parts.append(doc + "\n")
        if inspect.isclass(obj):
            for member, raw in _members(obj):
                if isinstance(raw, property):
                    parts.append(f"- `{name}.{member}` (property): {_summary(raw.fget)}")
                else:
                    func = raw.__func__ if isinstance(raw, (classmethod, staticmethod)) else raw
                    parts.append(f"- `{name}.{_signature(member, getattr(obj, member))}`: {_summary(func)}")
            if _members(obj):
                parts.append("")
    return "\n".join(parts).rstrip() + "\n"
