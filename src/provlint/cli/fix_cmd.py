"""``provlint fix``: apply the fixes rules attach, as a diff, to an output folder or in place.

Exit codes: 0 done (or, with ``--diff``, nothing to change), 1 ``--diff`` found
changes, 2 usage errors, inputs that could not be read, inputs that changed
since they were linted or cannot be written back, and crashed rules.

Every input is written back by its own reader (``write_back``), to a
temporary file renamed over the target at the end (:mod:`provlint.atomic_write`):
an input is rewritten whole or not at all, keeps its mode, and with
``--in-place`` a symbolic link is written through only when its target lies
inside the folders being fixed, and a file with hard links is rewritten in
place so every link sees the fix.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path
from typing import IO

import click

from ..atomic_write import AtomicFile, OutputError
from ..fix_inputs import ChangedSinceLint, FixedDocument, FixPlan, crashed, files_to_fix, plan_fixes, write_back
from ..readers import InputFile, WriteBackError, can_write_back
from ..readers.files import is_within, real_path
from .main import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, cli
from .options import SharedOptions, shared_options


@cli.command()
@shared_options()
@click.option("--diff", is_flag=True, help="Print a unified diff of the fixes; write nothing.")
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Write fixed copies here: a folder (mirroring the inputs' relative paths) or, for one input file, a file.",
)
@click.option("--in-place", is_flag=True, help="Overwrite the input files that have fixes.")
def fix(shared: SharedOptions, diff: bool, output: str | None, in_place: bool) -> None:
    """Apply the fixes findings carry to PATHS (text files, folders, JSON Lines).

    Lints all inputs in one run (source rules see whole sources), then rewrites
    each input with the fixes applied. Text no fix covers is left as it was.
    """
    modes = [name for name, on in (("--diff", diff), ("--output", output is not None), ("--in-place", in_place)) if on]
    if len(modes) != 1:
        raise click.UsageError(
            "choose exactly one of --diff, --output DIR|FILE or --in-place"
            + (f" (got {', '.join(modes)})" if modes else "")
        )
    if "-" in shared.paths:
        raise click.UsageError("standard input cannot be fixed; save it to a file first")
    _tolerate_unencodable()
    paths = tuple(dict.fromkeys(shared.paths))  # a path given twice is one input (source rules must not count it twice)
    config = shared.config()
    files = files_to_fix(paths, config)
    targets = _targets(files, paths, Path(output)) if output is not None else {}
    for target in targets.values():
        why = _unwritable(target)
        if why:
            click.echo(f"provlint: error: cannot write --output {target}: {why}", err=True)
            sys.exit(EXIT_ERROR)
    roots = _roots(paths)
    plan = plan_fixes(paths, config, shared.pipeline(config))
    report = _Report(shared.quiet)
    rewritten: dict[tuple[int, int], Path] = {}  # files written in place, by (device, inode)
    for item in files:
        if item.path is None:
            report.error(f"{item.root}: no such file or directory")
            continue
        if item.problem is not None:
            report.error(f"{item.path}: {item.problem}")
            continue
        if not can_write_back(item.reader):
            name = getattr(item.reader, "name", "?")
            report.error(f"{item.path}: read by the {name!r} reader, which cannot write back; skipped")
            continue
        if diff:
            _fix_one(item, plan, report, None, show_diff=True)
        elif in_place:
            real = real_path(item.path)
            if not is_within(real, roots):
                report.error(f"{item.path}: a symbolic link to {real}, outside the folders being fixed; not rewritten")
                continue
            key = _file_key(real)
            if key in rewritten:
                # A hard or symbolic link to a file fixed a moment ago through another name: its text has
                # changed since the lint precisely because it was fixed.
                report.note(f"{item.path}: the same file as {rewritten[key]}, already fixed")
                continue
            if _fix_one(item, plan, report, item.path, show_diff=False, keep_links=True) and key is not None:
                rewritten[key] = item.path
        else:
            _fix_one(item, plan, report, targets[item.path], show_diff=False, write_unchanged=True)
    for problem in plan.problems:
        report.error(f"{problem.path or problem.document_id}: {problem.code} {problem.message}")
    report.summary(diff)
    if report.errors or crashed(plan):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if diff and report.changed_documents else EXIT_OK)


def _fix_one(
    item: InputFile,
    plan: FixPlan,
    report: _Report,
    target: Path | None,
    show_diff: bool,
    keep_links: bool = False,
    write_unchanged: bool = False,
) -> bool:
    """Write one input back through its reader: to ``target`` (None: nowhere), a diff, or both; True if written."""

    def seen(doc: FixedDocument) -> None:
        report.document(doc)
        if show_diff:
            _print_diff(doc)

    out: AtomicFile | None = None
    try:
        if target is None:
            with open(os.devnull, "wb") as nowhere:
                write_back(item, plan, nowhere, seen)
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        # In place, links were vetted by the caller; a copy in --output replaces whatever link sits at its path.
        out = AtomicFile(target, label=str(target), keep_links=keep_links, follow_links=keep_links)
        changed = write_back(item, plan, out.binary, seen)
        if changed or write_unchanged:
            out.commit()
            report.written += 1
            return True
        out.discard()
    except ChangedSinceLint as exc:
        report.error(f"{item.path}: changed since it was linted ({exc.label}); not written: run fix again")
    except WriteBackError as exc:
        report.error(f"{item.path}: {exc}")
    except (OutputError, OSError) as exc:
        report.error(str(exc) if isinstance(exc, OutputError) else f"{item.path}: {exc.strerror or exc}")
    except Exception as exc:  # a plugin reader's write_back that fails: this input only, never a traceback
        report.error(
            f"{item.path}: the {getattr(item.reader, 'name', '?')!r} reader failed to write it back: {type(exc).__name__}: {exc}"
        )
    finally:
        if out is not None:
            out.discard()  # no-op once committed
    return False


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _roots(paths: tuple[str, ...]) -> tuple[Path, ...]:
    """The folders being fixed: each folder argument, and the folder of each file argument (resolved)."""
    return tuple(real_path(Path(p)) if Path(p).is_dir() else real_path(Path(p).parent) for p in paths)


def _unwritable(target: Path) -> str | None:
    """Why ``target`` cannot be created (checked before linting), or None."""
    if target.is_dir():
        return "it is a folder"
    folder = target.parent
    while not folder.exists():
        if folder == folder.parent:
            break
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"folder {folder} is not writable"
    if target.exists() and not os.access(target, os.W_OK):
        return "permission denied"
    return None


def _tolerate_unencodable() -> None:
    """Lone surrogates (JSON ``\\ud800``) in labels, messages and diffs are printed as escapes, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # pragma: no cover - a stream that cannot change its error handler
                pass


def _targets(files: list[InputFile], paths: tuple[str, ...], output: Path) -> dict[Path, Path]:
    """Where each input's fixed copy goes; refuses collisions and writing over an input."""
    existing = [f for f in files if f.path is not None]
    single_file = len(paths) == 1 and len(existing) == 1 and existing[0].path == Path(paths[0])
    as_file = single_file and not output.is_dir() and not str(output).endswith(("/", os.sep))
    targets: dict[Path, Path] = {}
    for item in existing:
        assert item.path is not None
        if as_file:
            target = output
        elif Path(item.root).is_dir():
            target = output / item.path.relative_to(item.root)
        else:
            target = output / item.path.name
        targets[item.path] = target
    seen: dict[Path, Path] = {}
    inputs = {p.resolve() for p in targets}
    for source, target in targets.items():
        resolved = target.resolve()
        if resolved in inputs:
            raise click.UsageError(f"--output would overwrite the input {source}; use --in-place to fix files in place")
        if resolved in seen:
            raise click.UsageError(f"--output: {seen[resolved]} and {source} would both be written to {target}")
        seen[resolved] = source
    return targets


def _print_diff(doc: FixedDocument) -> None:
    if not doc.result.changed:
        return
    lines = difflib.unified_diff(
        doc.original.splitlines(keepends=True),
        doc.result.text.splitlines(keepends=True),
        fromfile=f"a/{doc.label}",
        tofile=f"b/{doc.label}",
    )
    out: IO[str] = sys.stdout
    for line in lines:
        out.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")


class _Report:
    """Per-fix lines and the closing summary, on standard error (standard output is for the diff)."""

    def __init__(self, quiet: bool) -> None:
        """``quiet``: errors only (no line per fix, no summary)."""
        self.quiet = quiet
        self.applied = 0
        self.skipped = 0
        self.documents = 0
        self.changed_documents = 0
        self.written = 0
        self.errors = 0

    def document(self, doc: FixedDocument) -> None:
        self.documents += 1
        result = doc.result
        self.applied += len(result.applied)
        self.skipped += len(result.skipped)
        if result.changed:
            self.changed_documents += 1
        if self.quiet:
            return
        for a in result.applied:
            f = a.finding
            assert f.fix is not None
            click.echo(f"{doc.label}:{f.line}:{f.column}: {f.code} fixed: {f.fix.description}", err=True)
        for s in result.skipped:
            f = s.finding
            click.echo(f"{doc.label}:{f.line}:{f.column}: {f.code} not fixed ({s.reason}): {s.detail}", err=True)

    def note(self, message: str) -> None:
        if not self.quiet:
            click.echo(message, err=True)

    def error(self, message: str) -> None:
        self.errors += 1
        click.echo(f"provlint: error: {message}", err=True)

    def summary(self, diff: bool) -> None:
        if self.quiet:
            return
        verb = "to apply" if diff else "applied"
        parts = [
            f"{self.applied} fix{'es' if self.applied != 1 else ''} {verb} in {self.changed_documents} "
            f"of {self.documents} document{'s' if self.documents != 1 else ''}"
        ]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if not diff:
            parts.append(f"{self.written} file{'s' if self.written != 1 else ''} written")
        click.echo("; ".join(parts), err=True)
