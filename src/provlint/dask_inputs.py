"""Partitioned inputs on Dask: one partition per input file, read on the workers, annotations per partition.

Corpora on object storage come as shards (``s3://bucket/crawl/part-*.parquet``,
``gs://.../*.jsonl.gz``). :func:`files_bag` turns paths, folders, globs and
fsspec URLs into a bag with one partition per file, each read where it is
computed (a worker opens its own shard through fsspec; nothing is read by the
client). :func:`provlint.dask.lint_bag` lints it with the same findings as a
serial run, source rules included. :func:`tag_files` writes ``provlint tag``'s
rows (:mod:`provlint.tagging`) as one JSON Lines file per partition
(``part-00000.jsonl``, ...), each written atomically by the worker that made it.

Needs the ``[dask]`` extra, plus ``[remote]`` for URLs and the extras of the formats read.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .config import Config
from .dask import _decide, _lint_partition, _merge_states, _partition_states, _reported, _spec
from .model import ReadItem
from .readers import InputFile, input_files, read_input
from .registry import Registry, get_registry
from .source_states import SourceStates
from .tagging import record_tags, span_of

try:
    import dask.bag as db
    from dask.base import compute
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("provlint.dask_inputs needs Dask: pip install 'provlint[dask]'") from exc

__all__ = ["files_bag", "tag_files"]


def _read_partition(files: Iterable[InputFile], config: Config) -> list[ReadItem]:
    readers = {name: c.obj for name, c in get_registry().readers.items()}
    return [item for file in files for item in read_input(file, config.input, readers)]


def files_bag(paths: Sequence[str], config: Config | None = None) -> db.Bag:
    """A bag of the documents (and read problems) under ``paths``, one partition per input file."""
    config = config or Config()
    readers = {name: c.obj for name, c in get_registry().readers.items()}
    files = list(input_files(paths, config.input, readers))
    if not files:
        empty: db.Bag = db.from_sequence([], npartitions=1)
        return empty
    bag: db.Bag = db.from_sequence(files, npartitions=len(files)).map_partitions(_read_partition, config)
    return bag


def _tag_partition(
    results: list[Any], late: Iterable[Any], number: Iterable[int], out_dir: str
) -> list[dict[str, Any]]:
    """Write this partition's rows to ``out_dir/part-NNNNN.jsonl``; return its (file, rows) summary."""
    partition = next(iter(number), 0)
    by_doc: dict[tuple[str | None, str], list[Any]] = {}
    for finding in late:
        by_doc.setdefault((finding.path, finding.document_id), []).append(span_of(finding))
    target = Path(out_dir) / f"part-{partition:05d}.jsonl"
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=".provlint-", suffix=".part")
    rows = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="surrogatepass") as out:
            for outcome in results[0].outcomes:
                spans = [span_of(f) for f in outcome.findings] + by_doc.pop((outcome.path, outcome.document_id), [])
                tags = record_tags(
                    outcome.document_id,
                    outcome.source,
                    outcome.path,
                    outcome.status,
                    spans,
                    outcome.words,
                    outcome.chars,
                )
                out.write(json.dumps(tags.to_dict(), ensure_ascii=False) + "\n")
                rows += 1
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return [{"file": str(target), "rows": rows}]


def tag_files(
    paths: Sequence[str],
    out_dir: str | Path,
    config: Config | None = None,
    registry: Registry | None = None,
    scheduler: Any = None,
) -> list[Mapping[str, Any]]:
    """Lint the files under ``paths`` on Dask and write one annotation file per input file to ``out_dir``.

    Returns ``[{"file": path, "rows": n}, ...]`` in partition order. ``scheduler``: what ``dask.compute``
    takes (a ``distributed.Client``, ``"processes"``, ``"sync"``); default: Dask's current one.
    """
    config = config or Config()
    bag = files_bag(paths, config)
    token, spec = _spec(config, registry)
    numbers = db.range(bag.npartitions, npartitions=bag.npartitions)
    results = bag.map_partitions(_lint_partition, numbers, token, spec)
    states = results.map_partitions(_partition_states).fold(_merge_states, initial=SourceStates())
    late = results.map_partitions(_decide, states, token, spec).map_partitions(_reported)  # the run's findings
    written = results.map_partitions(_tag_partition, late, numbers, str(out_dir))
    kwargs = {"scheduler": scheduler} if scheduler is not None else {}
    (summary,) = compute(written, **kwargs)
    return list(summary)
