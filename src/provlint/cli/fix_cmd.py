"""``provlint fix``: apply the fixes rules attach, as a diff, to an output folder or in place.

Exit codes: 0 done (or, with ``--diff``, nothing to change), 1 ``--diff`` found
changes, 2 usage errors, inputs that could not be read and crashed rules.
"""

from __future__ import annotations

import difflib
import os
import sys
import tempfile
from pathlib import Path
from typing import IO

import click

from ..fix_inputs import (
    WRITABLE_READERS,
    FixedDocument,
    FixPlan,
    crashed,
    files_to_fix,
    fix_jsonl_records,
    fix_text_file,
    open_jsonl,
    plan_fixes,
)
from ..readers import InputFile
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
    paths = tuple(dict.fromkeys(shared.paths))  # a path given twice is one input (source rules must not count it twice)
    config = shared.config()
    files = files_to_fix(paths, config)
    targets = _targets(files, paths, Path(output)) if output is not None else {}
    plan = plan_fixes(paths, config, shared.pipeline(config))
    report = _Report(shared.quiet)
    for item in files:
        if item.path is None:
            report.error(f"{item.root}: no such file or directory")
            continue
        reader = getattr(item.reader, "name", "?")
        if reader not in WRITABLE_READERS:
            report.error(f"{item.path}: read by the {reader!r} reader, which fix cannot write back; skipped")
            continue
        target = targets.get(item.path) if output is not None else (item.path if in_place else None)
        if reader == "jsonl":
            _fix_jsonl(item.path, target, plan, report, diff)
        else:
            _fix_text(item.path, target, plan, report, diff, write_unchanged=output is not None)
    for problem in plan.problems:
        report.error(f"{problem.path or problem.document_id}: {problem.code} {problem.message}")
    report.summary(diff)
    if report.errors or crashed(plan):
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if diff and report.changed_documents else EXIT_OK)


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


def _fix_text(
    path: Path, target: Path | None, plan: FixPlan, report: _Report, diff: bool, write_unchanged: bool
) -> None:
    fixed = fix_text_file(path, plan)
    if fixed is None:
        return  # not text: already reported by the lint run (PL001/PL003)
    report.document(fixed)
    if diff:
        _print_diff(fixed)
    elif target is not None and (fixed.result.changed or write_unchanged):
        data = fixed.fixed_bytes()
        if data is None:
            report.error(
                f"{path}: not written: it was decoded with replacement characters, "
                "so writing it back would change text no fix covers"
            )
            return
        _write_atomic(target, data)
        report.written += 1


def _fix_jsonl(path: Path, target: Path | None, plan: FixPlan, report: _Report, diff: bool) -> None:
    try:
        source = open_jsonl(path, "r")
    except OSError:
        return  # reported by the lint run (PL001)
    with source:
        if diff or target is None:
            for _, doc in fix_jsonl_records(source, str(path), plan):
                if doc is not None:
                    report.document(doc)
                    if diff:
                        _print_diff(doc)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        changed = False
        handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=".provlint-", suffix=target.name)
        os.close(handle)
        try:
            with open_jsonl(Path(tmp), "w") as out:
                for line, doc in fix_jsonl_records(source, str(path), plan):
                    out.write(line)
                    if doc is not None:
                        report.document(doc)
                        changed = changed or doc.result.changed
            if target != path or changed:
                os.replace(tmp, target)
                report.written += 1
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=".provlint-", suffix=target.name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


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
