"""Which files a folder walk passes over: the configuration's gitignore-style ``exclude`` patterns.

A pattern without a slash (``drafts``, ``*.tmp.txt``) matches a file or
folder of that name at any depth; a pattern with a slash (``archive/2019``,
``**/drafts/*.md``) matches the path relative to the folder being walked, and
``**`` stands for any number of folders; a trailing slash (``build/``) matches
folders only. A matched folder excludes everything under it. Patterns apply to
what a walk finds: a file named on the command line is always read (as with
ruff). Negation (``!keep.txt``) is not supported and is a configuration error.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Iterable
from pathlib import PurePosixPath


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> tuple[re.Pattern[str], bool, bool]:
    """(regex over a relative POSIX path, anchored to the walked folder, folders only)."""
    folders_only = pattern.endswith("/")
    body = pattern.strip("/") if folders_only else pattern.lstrip("/")
    anchored = "/" in body or pattern.startswith("/")
    parts = []
    for piece in body.split("/"):
        if piece == "**":
            parts.append("(?:[^/]+/)*")
        else:
            parts.append(
                fnmatch.translate(piece).removeprefix("(?s:").removesuffix(")\\Z").replace(".*", "[^/]*") + "/"
            )
    source = "".join(parts).removesuffix("/").replace("(?:[^/]+/)*/", "(?:[^/]+/)*")
    return re.compile(f"(?s:{source})\\Z"), anchored, folders_only


def excluded(relative: PurePosixPath, is_dir: bool, patterns: Iterable[str]) -> bool:
    """Whether ``relative`` (a path below the walked folder) or one of its folders matches a pattern."""
    parts = relative.parts
    for pattern in patterns:
        regex, anchored, folders_only = _compiled(pattern)
        for depth in range(1, len(parts) + 1):
            this_is_dir = depth < len(parts) or is_dir
            if folders_only and not this_is_dir:
                continue
            candidate = "/".join(parts[:depth]) if anchored else parts[depth - 1]
            if regex.match(candidate):
                return True
    return False
