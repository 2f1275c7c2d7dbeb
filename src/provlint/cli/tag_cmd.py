"""``provlint tag``: per-record annotations (findings as spans, document scores) for pipelines.

Writes one row per input record, in input order, as JSON Lines or Parquet
(``-o OUT``, chosen by the suffix or ``--output-format``), or dolma attribute
files (``--dolma``: one attributes file per documents file, row for row).
Exit codes: 0 written (findings do not fail a tagging run), 2 usage errors or
an output that could not be written (nothing is left half-written).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from ..atomic_write import OutputError
from ..model import Finding, ReadItem, ReadProblem
from ..readers import input_files, read_input
from ..tag_outputs import (
    DolmaTagWriter,
    JsonLinesTagWriter,
    ParquetTagWriter,
    TagOutputError,
    TagWriter,
    dolma_destination,
)
from ..tagging import TagSpan, record_tags
from .main import EXIT_ERROR, EXIT_OK, cli
from .options import SharedOptions, shared_options


@cli.command()
@shared_options()
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="Annotation file (.jsonl, .jsonl.gz or .parquet); with --dolma, the attributes folder (optional).",
)
@click.option(
    "--output-format",
    type=click.Choice(["jsonl", "parquet"]),
    default=None,
    help="Format of the annotation file (default: from the -o suffix).",
)
@click.option(
    "--dolma", is_flag=True, help="Write dolma attribute files, one per documents file (docs/integrations.md)."
)
@click.option("--name", default="provlint", show_default=True, help="Attribute name prefix (dolma's experiment name).")
def tag(
    shared: SharedOptions,
    output: str | None,
    output_format: str | None,
    dolma: bool,
    name: str,
) -> None:
    """Annotate every record of PATHS with its findings as spans and per-document scores."""
    paths = shared.paths
    config = shared.config()
    pipeline = shared.pipeline(config)
    readers = {n: c.obj for n, c in pipeline.registry.readers.items()}
    files = [f for f in input_files(paths, config.input, readers)]
    try:
        writer = _writer(files, output, output_format, dolma, name)
    except (TagOutputError, OutputError) as exc:
        click.echo(f"provlint: error: {exc}", err=True)
        raise SystemExit(EXIT_ERROR) from None
    except OSError as exc:  # a folder for the output that cannot be made
        click.echo(f"provlint: error: cannot write annotations: {exc.strerror or exc}: {exc.filename}", err=True)
        raise SystemExit(EXIT_ERROR) from None
    # Per outcome, in input order: the input file it came from and its raw text length.
    origin: list[tuple[int, int]] = []

    def items() -> Iterator[ReadItem]:
        for index, file in enumerate(files):
            for item in read_input(file, config.input, readers):
                origin.append((index, len(item.text) if not isinstance(item, ReadProblem) else 0))
                yield item

    ok = False
    try:
        with tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="surrogatepass") as rows:
            count = 0
            for outcome in pipeline.outcomes(items()):
                file_index, chars = origin[count]
                count += 1
                row = [
                    outcome.document_id,
                    outcome.source,
                    outcome.path,
                    outcome.status,
                    outcome.words,
                    chars,
                    file_index,
                    [_finding_row(f) for f in outcome.findings],
                ]
                rows.write(json.dumps(row) + "\n")
            late: dict[tuple[str | None, str], list[list[Any]]] = {}
            for finding in pipeline.finish().source_findings:
                late.setdefault((finding.path, finding.document_id), []).append(_finding_row(finding))
            rows.seek(0)
            for line in rows:
                doc_id, source, path, status, words, chars, file_index, found = json.loads(line)
                found.extend(late.pop((path, doc_id), []))
                tags = record_tags(doc_id, source, path, status, [TagSpan(*r) for r in found], words, chars)
                writer.write(tags, file_index)
        ok = True
    except (TagOutputError, OutputError) as exc:
        click.echo(f"provlint: error: {exc}", err=True)
        raise SystemExit(EXIT_ERROR) from None
    except OSError as exc:
        click.echo(f"provlint: error: cannot write annotations: {exc}", err=True)
        raise SystemExit(EXIT_ERROR) from None
    finally:
        writer.close(ok)
    click.echo(f"provlint: tagged {count} record(s) from {len(files)} input(s)", err=True)
    raise SystemExit(EXIT_OK)


def _writer(files: list[Any], output: str | None, output_format: str | None, dolma: bool, name: str) -> TagWriter:
    if dolma:
        if output_format == "parquet":
            raise TagOutputError("--dolma writes dolma's JSON Lines attribute files; drop --output-format parquet")
        out_dir = Path(output) if output else None
        destinations = []
        for file in files:
            if file.remote is not None and out_dir is not None:
                destinations.append(out_dir / file.remote.name)
            elif file.path is None:
                raise TagOutputError(
                    f"{file.label}: {file.problem}"
                    if file.remote is None
                    else f"{file.label}: remote documents need -o DIR for their attribute files"
                )
            else:
                destinations.append(dolma_destination(file.path, file.root, out_dir, name))
        return DolmaTagWriter(destinations, name)
    if not output:
        raise TagOutputError("give -o OUT (.jsonl, .jsonl.gz or .parquet), or --dolma")
    target = Path(output)
    fmt = output_format or ("parquet" if target.suffix in (".parquet", ".pq") else "jsonl")
    return ParquetTagWriter(target) if fmt == "parquet" else JsonLinesTagWriter(target)


def _finding_row(f: Finding) -> list[Any]:
    return [f.start, f.end, f.code, f.severity.value]
