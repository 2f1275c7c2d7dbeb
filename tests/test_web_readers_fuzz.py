"""Mutated HTML, WARC and Parquet files through their readers: never an exception, every item accounted.

A seeded mutation fuzz (flipped, inserted and deleted bytes, truncation, gzip around a damaged WARC) of a valid
seed file per format. Longer runs: raise ``ROUNDS`` locally (3 x 1,200 inputs were run clean when this landed).
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("fastwarc")
pytest.importorskip("selectolax")

from provlint.config import InputOptions  # noqa: E402
from provlint.model import Document, ReadProblem  # noqa: E402
from provlint.readers.html import HtmlReader  # noqa: E402
from provlint.readers.parquet import ParquetReader  # noqa: E402
from provlint.readers.warc import WarcReader  # noqa: E402
from tests.test_reader_warc import build_crawl  # noqa: E402

ROUNDS = 60
HTML = (
    b"<html><head><meta charset=latin-1><title>t</title></head>"
    b"<body><nav><a>x</a></nav><p>hi<br>there</p><pre>a\nb</pre></body></html>"
)


def _mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        i = rng.randrange(len(out)) if out else 0
        if op < 0.4 and out:
            out[i] = rng.randrange(256)
        elif op < 0.7:
            out[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 5)))
        elif out:
            del out[i : i + rng.randint(1, 20)]
    if rng.random() < 0.2:
        out = out[: rng.randrange(len(out) + 1)]
    return bytes(out)


@pytest.mark.parametrize("seed", [1, 2])
def test_mutated_inputs_never_raise(tmp_path: Path, seed: int) -> None:
    build_crawl(tmp_path / "seed.warc.gz")
    warc_seed = gzip.decompress((tmp_path / "seed.warc.gz").read_bytes())
    pq.write_table(pa.table({"id": ["a", "b"], "text": ["x\ny", "z"]}), tmp_path / "seed.parquet")
    parquet_seed = (tmp_path / "seed.parquet").read_bytes()
    rng = random.Random(seed)
    cases = [
        (HtmlReader(), HTML, "p.html"),
        (WarcReader(), warc_seed, "c.warc"),
        (ParquetReader(), parquet_seed, "s.pq"),
    ]
    for n in range(ROUNDS):
        for reader, original, name in cases:
            data = _mutate(rng, original)
            if name == "c.warc" and rng.random() < 0.3:
                data, name = gzip.compress(data), "c.warc.gz"
            path = tmp_path / f"{n}-{name}"
            path.write_bytes(data)
            items = list(reader.read(path, InputOptions(), str(path)))
            assert all(isinstance(i, (Document, ReadProblem)) for i in items), (path, items)
