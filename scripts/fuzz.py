#!/usr/bin/env python3
"""Long fuzz run outside the test suite: random text, bytes and JSON Lines through readers, engine and every rule.

    nice -n 19 .venv/bin/python scripts/fuzz.py --inputs 100000 --seed 1 --max-seconds 1800

Checks the same invariants as tests/reliability/test_fuzz.py (no crash,
positions inside the document and consistent with the raw text, accounting
balanced) plus determinism on every 25th input (re-linted by a fresh engine)
and, on every 50th, every registered output format (valid whatever the text,
accounting as the engine counted; see tests/reliability/formats.py). Files
go through the readers as provlint reads them (gzip by magic, sometimes
corrupt; JSON Lines with a byte-order mark or a 5,000-digit integer), and on
every 10th file input the reader writes it back: with nothing to fix the
bytes must come back unchanged (or the reader refuses with WriteBackError),
and a real change must not crash.
With ``--web`` the mix also holds web inputs through their readers: HTML pages
(random tags, charsets and entities around the same text pieces), WARC files
(response records with such pages, one gzip member per record) and Parquet
files (random text, null and non-string columns), each sometimes mutated
byte by byte; these need the html, warc and parquet extras.
Inputs are generated from a seeded ``random.Random``, so a failure is
reproducible from the seed and the input number; failing inputs are also
written to --failures (a folder) as files.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from provlint import Config, Document  # noqa: E402
from provlint.config import InputOptions, LimitsSection  # noqa: E402
from provlint.engine import Engine, LintRun  # noqa: E402
from provlint.formatters.base import FormatContext  # noqa: E402
from provlint.pipeline import Pipeline  # noqa: E402
from provlint.readers.base import ReadItem, ReadProblem, WriteBackError  # noqa: E402
from provlint.readers.decoding import decode_bytes  # noqa: E402
from provlint.readers.files import GZIP_MAGIC  # noqa: E402
from provlint.readers.jsonl import JsonLinesReader  # noqa: E402
from provlint.readers.text import TextReader  # noqa: E402
from provlint.registry import get_registry  # noqa: E402
from tests.reliability.formats import KEYS, PARTIAL_ACCOUNTING, VALIDATORS  # noqa: E402
from tests.reliability.properties import check_finding_positions, check_no_crash  # noqa: E402
from tests.reliability.test_fuzz import PIECES  # noqa: E402

#: Plugin rules run in-process (read-only view) rather than in a forked rule host: the determinism check
#: builds a fresh Engine every 25th input, and each would fork a host that lives until this script ends.
CONFIG = Config(limits=LimitsSection(rule_time_budget=0.0, max_document_chars=10_000_000, plugin_rule_timeout=0.0))


def random_text(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(0, 25)):
        roll = rng.random()
        if roll < 0.5:
            parts.append(rng.choice(PIECES))
        elif roll < 0.7:
            parts.append("".join(rng.choice("abcdefghij XYZ.,;:'\"()-") for _ in range(rng.randint(1, 30))))
        elif roll < 0.9:
            parts.append(
                "".join(
                    chr(rng.choice((rng.randint(0, 0x7F), rng.randint(0x80, 0x2FFF), rng.randint(0xE000, 0x10FFFF))))
                    for _ in range(rng.randint(1, 10))
                )
            )
        else:
            parts.append(rng.choice(PIECES) * rng.randint(2, 60))  # runs
    return "".join(parts)


def mutate(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(0, 4)):
        op = rng.random()
        pos = rng.randint(0, len(buf))
        if op < 0.4:
            buf[pos:pos] = bytes([rng.randint(0, 255)])
        elif op < 0.7 and buf:
            buf[min(pos, len(buf) - 1)] = rng.randint(0, 255)
        else:
            del buf[pos : pos + rng.randint(1, 8)]
    return bytes(buf)


def random_bytes(rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.15:
        return bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 300)))
    encoding = rng.choice(["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252", "latin-1"])
    data = random_text(rng).encode(encoding, "replace")
    return maybe_gzip(rng, mutate(rng, data) if roll < 0.6 else data)


def maybe_gzip(rng: random.Random, data: bytes) -> bytes:
    """Sometimes gzipped, and a third of those damaged (truncated or corrupt)."""
    if rng.random() >= 0.1:
        return data
    zipped = gzip.compress(data, mtime=0)
    return mutate(rng, zipped) if rng.random() < 0.33 else zipped


def random_value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 3 or roll < 0.4:
        return rng.choice([None, True, 0, -1, 2.5, "", random_text(rng)[:40]])
    if roll < 0.7:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {random_text(rng)[:6]: random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def random_jsonl(rng: random.Random) -> bytes:
    lines = []
    for _ in range(rng.randint(0, 6)):
        record: dict[str, Any] = {}
        if rng.random() < 0.9:
            record["text"] = random_text(rng) if rng.random() < 0.85 else random_value(rng)
        for key in ("id", "source", "url", "title", "lang", "published"):
            if rng.random() < 0.5:
                record[key] = random_text(rng)[:20] if rng.random() < 0.7 else random_value(rng)
        line = json.dumps(record, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
        if rng.random() < 0.03:
            line = b'{"n": ' + b"7" * 5000 + b", " + line[1:]  # over Python's int-conversion limit
        lines.append(mutate(rng, line) if rng.random() < 0.2 else line)
    data = b"\n".join(lines) + (b"\n" if rng.random() < 0.8 else b"")
    if rng.random() < 0.05:
        data = b"\xef\xbb\xbf" + data
    return maybe_gzip(rng, data)


TAGS = ("p", "div", "nav", "footer", "h1", "h2", "li", "ul", "table", "td", "tr", "pre", "script", "style", "a", "br")


def random_html(rng: random.Random) -> bytes:
    """A page of random tags, entities and text pieces, in a declared (or wrongly declared) charset."""
    charset = rng.choice(["utf-8", "latin-1", "windows-1252", "shift_jis", "bogus", ""])
    parts = [f'<html><head><meta charset="{charset}"><title>{random_text(rng)[:60]}</title></head><body>']
    for _ in range(rng.randint(0, 30)):
        roll = rng.random()
        tag = rng.choice(TAGS)
        if roll < 0.6:
            parts.append(f"<{tag}>{random_text(rng)}</{tag}>")
        elif roll < 0.75:
            parts.append(f"<{tag} class='{random_text(rng)[:10]}'>")  # never closed
        elif roll < 0.85:
            parts.append(rng.choice(["&amp;", "&#x1F600;", "&nbsp;", "&#0;", "&bogus;", "&#xD800;", "<!--", "]]>"]))
        else:
            parts.append(f"</{tag}>")  # never opened
    data = "".join(parts).encode(charset if charset not in ("bogus", "") else "utf-8", "replace")
    return maybe_gzip(rng, mutate(rng, data) if rng.random() < 0.3 else data)


def random_warc(rng: random.Random) -> bytes:
    """A crawl of one to four response records holding random pages, sometimes damaged."""
    from fastwarc import warc

    members = []
    for n in range(rng.randint(1, 4)):
        record = warc.WarcRecord()
        record.init_headers(record_type=rng.choice([warc.WarcRecordType.response, warc.WarcRecordType.conversion]))
        record.headers["WARC-Target-URI"] = rng.choice([f"https://site{n}.example/p", "", "not a url", "http://x"])
        body = random_html(rng)
        ctype = rng.choice(["text/html", "text/plain", "application/pdf", ""])
        record.headers["Content-Type"] = "application/http; msgtype=response"
        record.set_bytes_content(f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n\r\n".encode() + body)
        member = io.BytesIO()
        record.write(member)
        members.append(gzip.compress(member.getvalue(), mtime=0) if rng.random() < 0.7 else member.getvalue())
    data = b"".join(members)
    return mutate(rng, data) if rng.random() < 0.3 else data


def random_parquet(rng: random.Random) -> bytes:
    """A Parquet file of random text, null and non-string columns, sometimes damaged."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = rng.randint(0, 6)
    texts = [random_text(rng) if rng.random() < 0.85 else None for _ in range(rows)]
    columns: dict[str, Any] = {"id": [str(i) for i in range(rows)], "text": texts}
    if rng.random() < 0.2:
        columns["text"] = [rng.randint(0, 9) for _ in range(rows)]
    if rng.random() < 0.5:
        columns["url"] = [rng.choice(["https://a.example/x", None, random_text(rng)[:20]]) for _ in range(rows)]
    out = io.BytesIO()
    pq.write_table(pa.table(columns), out)
    data = out.getvalue()
    return mutate(rng, data) if rng.random() < 0.3 else data


#: Input kinds: generator and weight; the web kinds only with --web.
KINDS: dict[str, tuple[Any, int]] = {"text": (random_text, 5), "bytes": (random_bytes, 3), "jsonl": (random_jsonl, 2)}
WEB_KINDS: dict[str, tuple[Any, int]] = {
    "html": (random_html, 3),
    "warc": (random_warc, 2),
    "parquet": (random_parquet, 2),
}


def web_reader(kind: str) -> Any:
    from provlint.readers.html import HtmlReader
    from provlint.readers.parquet import ParquetReader
    from provlint.readers.warc import WarcReader

    return {"html": HtmlReader, "warc": WarcReader, "parquet": ParquetReader}[kind]()


def items_for(kind: str, payload: Any, index: int, scratch: Path) -> tuple[list[ReadItem], str | None]:
    """Reader items for one input, and the raw text positions refer to (None: not checked)."""
    if kind == "text":
        return [Document(id=f"text-{index}", text=payload, path=f"text-{index}")], payload
    scratch.write_bytes(payload)
    if kind in WEB_KINDS:
        items = list(web_reader(kind).read(scratch, InputOptions(), f"{kind}-{index}"))
        assert all(isinstance(item, (Document, ReadProblem)) for item in items), "a reader yielded a non-item"
        return items, None
    if kind == "bytes":
        items = list(TextReader().read(scratch, InputOptions(), f"bytes-{index}.txt"))
        decoded = decode_bytes(payload)
        return items, None if decoded.binary or payload.startswith(GZIP_MAGIC) else decoded.text
    return list(JsonLinesReader().read(scratch, InputOptions(), f"lines-{index}.jsonl")), None


def check_write_back(kind: str, payload: bytes, scratch: Path) -> None:
    """Nothing to fix: the input comes back byte for byte (gzip: its content), or the reader refuses cleanly;
    a changed text is written without a crash."""
    reader: Any = TextReader() if kind == "bytes" else JsonLinesReader()
    scratch.write_bytes(payload)
    for change in (False, True):
        out = io.BytesIO()
        try:
            reader.write_back(
                scratch,
                InputOptions(),
                str(scratch),
                (lambda label, t: t[: len(t) // 2]) if change else (lambda label, t: t),
                out,
            )
        except WriteBackError:
            continue
        if change:
            continue
        got = out.getvalue()
        if got != payload:
            assert payload.startswith(GZIP_MAGIC) and gzip.decompress(got) == gzip.decompress(payload), (
                "write-back with nothing to fix changed the bytes"
            )


def check_formats(items: list[ReadItem]) -> None:
    """The same items through every registered output format: valid output, accounting as the engine counted."""
    registry = get_registry()
    rules = {cls.code: cls.meta() for cls in registry.rule_classes()}
    for name, contribution in sorted(registry.formatters.items()):
        assert name in VALIDATORS, f"no validator for format {name!r}"
        pipeline = Pipeline(CONFIG)
        stream = io.StringIO()
        formatter = contribution.obj(stream, FormatContext(version="0", rules=rules))
        formatter.start()
        for outcome in pipeline.outcomes(items):
            formatter.document(outcome)
        summary = pipeline.finish()
        formatter.finish(summary)
        stated = VALIDATORS[name](stream.getvalue())
        counted = summary.stats.to_dict()
        if name not in PARTIAL_ACCOUNTING:
            assert set(stated) == set(KEYS), f"{name}: states only {sorted(stated)}"
        assert stated == {k: counted[k] for k in stated}, f"{name}: states {stated}, engine counted {counted}"


def comparable(findings: Iterable[Any]) -> list[dict[str, Any]]:
    return [f.to_dict() for f in findings if f.code != "PL006"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=3600.0)
    parser.add_argument("--failures", type=Path, default=Path("fuzz-failures"))
    parser.add_argument("--web", action="store_true", help="Also HTML, WARC and Parquet inputs (web extras).")
    args = parser.parse_args()
    kinds = {**KINDS, **(WEB_KINDS if args.web else {})}

    rng = random.Random(args.seed)
    engine = Engine(CONFIG)
    run = LintRun(engine)
    began = time.monotonic()
    counts = dict.fromkeys(kinds, 0)
    items_total = 0
    problems: list[str] = []
    done = 0
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "input.txt"
        for index in range(args.inputs):
            if time.monotonic() - began > args.max_seconds:
                break
            kind = rng.choices(list(kinds), weights=[weight for _, weight in kinds.values()])[0]
            payload = kinds[kind][0](rng)
            counts[kind] += 1
            done += 1
            try:
                items, raw = items_for(kind, payload, index, scratch)
                outcomes = list(run.stream(items))
                items_total += len(items)
                for outcome in outcomes:
                    check_no_crash(outcome.findings, outcome.errors)
                    if raw is not None and outcome.status == "linted":
                        check_finding_positions(raw, outcome.findings)
                if index % 50 == 0:
                    check_formats(items)
                if kind in ("bytes", "jsonl") and index % 10 == 0:
                    check_write_back(kind, payload, scratch)
                if index % 25 == 0:
                    fresh = LintRun(Engine(CONFIG))
                    again, _ = items_for(kind, payload, index, scratch)
                    for first, item in zip(outcomes, again):
                        assert comparable(next(fresh.stream([item])).findings) == comparable(first.findings), (
                            "not deterministic"
                        )
            except Exception as exc:
                problems.append(f"input {index} ({kind}): {type(exc).__name__}: {exc}")
                args.failures.mkdir(exist_ok=True)
                data = payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else payload
                (args.failures / f"{index}-{kind}.bin").write_bytes(data)
                (args.failures / f"{index}-{kind}.txt").write_text(traceback.format_exc())
            if done % 10_000 == 0:
                print(
                    f"{done} inputs, {len(problems)} problems, {time.monotonic() - began:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
    run.finish()
    stats = run.stats.to_dict()
    balanced = stats["read"] == stats["linted"] + stats["skipped"] + stats["failed"] == items_total
    elapsed = time.monotonic() - began
    print(
        json.dumps(
            {
                "inputs": done,
                "by_kind": counts,
                "documents_read": stats["read"],
                "stats": stats,
                "accounting_balanced": balanced,
                "problems": len(problems),
                "seconds": round(elapsed, 1),
                "command": " ".join(["scripts/fuzz.py", *sys.argv[1:]]),
            },
            indent=2,
        )
    )
    for p in problems[:20]:
        print(p, file=sys.stderr)
    return 0 if balanced and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
