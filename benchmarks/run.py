"""Throughput and memory of provlint, side by side with peers, on real and generated pages.

    python benchmarks/run.py                      # both corpora, every tool; updates docs/performance.md
    python benchmarks/run.py --docs 200 --no-write
    python benchmarks/run.py --corpus pages.jsonl.gz   # one corpus of your own (JSON Lines, gzipped or not)
    python benchmarks/run.py --memory big.jsonl   # peak RSS of a default run on a large JSON Lines file

Two corpora by default, one table each: the real pages shipped in
benchmarks/data/real-pages.jsonl.gz (482 pages of two MIT- and Apache-licensed
page sets, see benchmarks/data/README.md), which is the figure users meet, and
the generated corpus (benchmarks/corpus.py, ``--docs`` documents). A gzipped
corpus is unpacked to a temporary file first, so every tool reads the same
plain JSON Lines. Each tool runs in a fresh child process (``--child``) on the
same corpus, so that one tool's imports and caches cannot
help or hurt another and the child's peak RSS is its own. Timings exclude
interpreter start-up and imports and include everything a user waits for:

* provlint: ``provlint check --format json -o /dev/null`` (read, prepare, every
  built-in rule, scorecards, formatting; plugins from the environment are left
  out), with ``--jobs 1`` and ``--jobs N``;
* proselint: every check of its registry enabled (``restricted`` included),
  one ``LintFile`` per document with text (proselint raises on an empty
  text, and there is nothing to lint in one);
* datatrove: GopherQualityFilter, GopherRepetitionFilter, C4QualityFilter and
  FineWebQualityFilter applied to every document with text (no early exit).

provlint's rows (and its start-up) are the median of ``--repeat`` runs
(default 3): a shared virtual machine's speed drifts by about 10% between
runs. The peers, which take minutes, run once.

MB/s counts the UTF-8 bytes of the documents' text. CPU seconds (this
process, and its worker processes) and MB per CPU second are printed too: on
a shared machine they vary far less than wall-clock figures. Peak RSS is the largest
resident set of one process (for ``--jobs N``, the largest of the parent and
its workers). The run fails (exit 1) when provlint's single-process throughput
is below its corpus's regression floor.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
REAL_PAGES = ROOT / "benchmarks" / "data" / "real-pages.jsonl.gz"
START, END = "<!-- benchmark:start -->", "<!-- benchmark:end -->"
TARGET_SPEEDUP_2_JOBS = 1.8


@dataclass(frozen=True)
class Targets:
    """What one corpus's rows are judged against (issue 19): a regression floor that fails the run,
    a target throughput per core, and how many times faster than each peer provlint should be."""

    floor: float
    target: float
    vs: tuple[tuple[str, float], ...] = ()


# The floors guard against regressions, at about 40-50% of the figure of the code they were set on: real pages
# 0.15 (0.36 MB/s at the end of issue 19's fourth round); generated 0.25 (0.48 then). The generated floor was 0.5,
# set in the first round on a smaller rule set; from the second round's 0.27 MB/s on, run.py failed on it every time.
REAL = Targets(floor=0.15, target=1.0, vs=(("proselint", 8.0), ("datatrove", 10.0)))
GENERATED = Targets(floor=0.25, target=2.0)


# -- children: one tool each ---------------------------------------------------------


def _texts(path: str) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _cpu_seconds() -> tuple[float, float]:
    """(this process, its finished children) user + system CPU seconds."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _timed(fn: Any) -> dict[str, Any]:
    """Run ``fn`` and report wall seconds and the CPU seconds it used (parent and workers)."""
    cpu0 = _cpu_seconds()
    start = time.perf_counter()
    extra = fn() or {}
    seconds = time.perf_counter() - start
    cpu1 = _cpu_seconds()
    return {"seconds": seconds, "cpu_parent": cpu1[0] - cpu0[0], "cpu_workers": cpu1[1] - cpu0[1], **extra}


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024.0  # Linux reports KiB


def child_provlint(path: str, jobs: int) -> dict[str, Any]:
    from provlint.cli.main import _load_commands, cli

    _load_commands()
    from provlint.registry import get_registry

    # The default rule set is provlint's own rules: plugins installed in the
    # same environment (such as the example plugin) are not part of it.
    builtin = ",".join(code for code, c in sorted(get_registry().rules.items()) if c.package == "provlint")
    args = [
        "check",
        "--isolated",
        "--quiet",
        "--format",
        "json",
        "-o",
        os.devnull,
        "-j",
        str(jobs),
        "--select",
        builtin,
        path,
    ]

    def run() -> None:
        try:
            cli.main(args, standalone_mode=False)
        except SystemExit:
            pass

    return _timed(run)


def child_proselint(path: str) -> dict[str, Any]:
    from proselint.checks import __register__
    from proselint.config import DEFAULT
    from proselint.registry import CheckRegistry
    from proselint.tools import LintFile

    CheckRegistry().register_many(__register__)
    config = dict(DEFAULT)
    config["checks"] = {name: True for name in DEFAULT["checks"]}
    config["max_errors"] = 10**9
    docs = [d for d in _texts(path) if d["text"]]

    def run() -> dict[str, Any]:
        findings = 0
        for d in docs:
            findings += len(LintFile(d["id"], d["text"]).lint(config))  # type: ignore[arg-type]
        return {"findings": findings}

    return _timed(run)


def child_datatrove(path: str) -> dict[str, Any]:
    from datatrove.data import Document
    from datatrove.pipeline.filters import (
        C4QualityFilter,
        FineWebQualityFilter,
        GopherQualityFilter,
        GopherRepetitionFilter,
    )

    filters = [GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(), FineWebQualityFilter()]
    docs = [d for d in _texts(path) if d["text"]]
    filters_warm = Document(text="Warm up the tokenizer. It loads on first use.", id="warm")
    for f in filters:
        f.filter(filters_warm)

    def run() -> dict[str, Any]:
        kept = 0
        for d in docs:
            doc = Document(text=d["text"], id=d["id"])
            results = [f.filter(doc) for f in filters]
            kept += all(r is True for r in results)
        return {"kept": kept}

    return _timed(run)


def run_child(tool: str, corpus: Path, jobs: int = 1) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", tool, "--corpus", str(corpus), "--jobs", str(jobs)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        return {"error": last}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_median(tool: str, corpus: Path, jobs: int, repeat: int) -> dict[str, Any]:
    """The run with the median wall time of ``repeat`` runs (the first error, if any run fails).

    A shared virtual machine's speed drifts by 10% from one run to the next; the median of a
    few runs is a steadier figure than any one of them and, unlike the best, is not biased.
    """
    results = [run_child(tool, corpus, jobs) for _ in range(max(1, repeat))]
    failed = [r for r in results if "error" in r]
    if failed:
        return failed[0]
    results.sort(key=lambda r: r["seconds"])
    return {**results[len(results) // 2], "runs": len(results)}


# -- the parent ---------------------------------------------------------------------


def measure(corpus: Path, jobs: int, peers: bool, repeat: int = 3) -> list[dict[str, Any]]:
    """provlint's rows (and its start-up) are the median of ``repeat`` runs; the peers, which
    take minutes each, run once."""
    docs = _texts(str(corpus))
    size = sum(len(d["text"].encode()) for d in docs)
    plan: list[tuple[str, str, int]] = [
        ("provlint", "provlint --jobs 1", 1),
        ("provlint", f"provlint --jobs {jobs}", jobs),
    ]
    if peers:
        plan += [("proselint", "proselint (all checks)", 1), ("datatrove", "datatrove Gopher+C4+FineWeb", 1)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:  # provlint's one-off cost per process: one document linted
        one_doc = Path(tmp) / "one.jsonl"
        with open(corpus, encoding="utf-8") as src:
            one_doc.write_text(src.readline(), encoding="utf-8")
        print("measuring provlint start-up (1 document) ...", file=sys.stderr, flush=True)
        startup = run_median("provlint", one_doc, 1, repeat)
    for tool, label, n in plan:
        print(f"measuring {label} ...", file=sys.stderr, flush=True)
        result = run_median(tool, corpus, n, repeat if tool == "provlint" else 1)
        row = {"tool": tool, "label": label, "jobs": n, "docs": len(docs), "mb": size / 1e6, **result}
        if "seconds" in result:
            row["docs_s"] = len(docs) / result["seconds"]
            row["mb_s"] = size / 1e6 / result["seconds"]
            row["mb_s_core"] = row["mb_s"] / n
            cpu = result["cpu_parent"] + result["cpu_workers"]
            row["mb_cpu_s"] = size / 1e6 / cpu if cpu else 0.0
            if tool == "provlint" and "seconds" in startup and result["seconds"] > startup["seconds"]:
                row["startup_s"] = startup["seconds"]
                row["steady_mb_s"] = size / 1e6 / (result["seconds"] - startup["seconds"])
        rows.append(row)
    return rows


def verdicts(rows: list[dict[str, Any]], targets: Targets = REAL) -> tuple[list[str], bool]:
    """Lines comparing the figures with the targets, and whether the floor holds."""
    one = next(r for r in rows if r["tool"] == "provlint" and r["jobs"] == 1)
    many = next(r for r in rows if r["tool"] == "provlint" and r["jobs"] > 1)
    lines: list[str] = []
    ok = True
    for r in (one, many):
        if "mb_s_core" not in r:
            lines.append(f"FAIL {r['label']}: {r.get('error')}")
            ok = False
            continue
        if r is one:  # the floor is judged on one process, where "per core" is unambiguous
            floor_ok = r["mb_s_core"] >= targets.floor
            ok &= floor_ok
            verdict = "ok  " if floor_ok else "FAIL"
        else:
            verdict = "info"
        lines.append(
            f"{verdict} {r['label']}: {r['mb_s_core']:.2f} MB/s per core "
            f"(floor {targets.floor}, target {targets.target})"
        )
        if "startup_s" in r:
            lines.append(
                f"info {r['label']}: {r['startup_s']:.2f} s of it is the one-off start-up (one document: language "
                f"profiles, syllable dictionary, patterns); after it {r['steady_mb_s']:.2f} MB/s"
            )
    if "cpu_parent" in many and many["cpu_parent"] + many["cpu_workers"] > 0:
        share = many["cpu_parent"] / (many["cpu_parent"] + many["cpu_workers"])
        lines.append(
            f"info --jobs {many['jobs']}: the parent (reading, output, scorecards) used {100 * share:.0f}% of the CPU; "
            f"so the speed-up is bounded by about {1 / max(share, 1 / many['jobs']):.1f}x"
            if share
            else ""
        )
    if "mb_s" in one and "mb_s" in many:
        speedup = many["mb_s"] / one["mb_s"]
        lines.append(
            f"{'met ' if speedup >= TARGET_SPEEDUP_2_JOBS else 'miss'} --jobs {many['jobs']} speed-up: "
            f"{speedup:.2f}x (target {TARGET_SPEEDUP_2_JOBS}x with 2 jobs)"
        )
    if "steady_mb_s" in one and "steady_mb_s" in many:
        # The start-up runs in the parent before any worker exists (the workers inherit what
        # it loads), so on a small corpus it caps the end-to-end speed-up; this is the rest.
        lines.append(
            f"info --jobs {many['jobs']} speed-up after the one-off start-up: "
            f"{many['steady_mb_s'] / one['steady_mb_s']:.2f}x"
        )
    for tool, target in targets.vs:
        peer = next((r for r in rows if r["tool"] == tool), None)
        if peer is None:
            continue
        if "mb_s" not in peer or "mb_s" not in one:
            lines.append(f"n/a  vs {tool}: {peer.get('error', 'not measured')}")
            continue
        ratio = one["mb_s"] / peer["mb_s"]
        lines.append(
            f"{'met ' if ratio >= target else 'miss'} provlint --jobs 1 vs {tool}: {ratio:.1f}x (target {target:.0f}x)"
        )
    return lines, ok


def table(rows: list[dict[str, Any]]) -> str:
    out = [
        "| tool | jobs | docs | MB | seconds | docs/s | MB/s | MB/s per core | CPU s (parent + workers) | MB per CPU s | peak RSS (MB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        if "seconds" not in r:
            out.append(
                f"| {r['label']} | {r['jobs']} | {r['docs']} | {r['mb']:.2f} | not run: {r.get('error')} | | | | | | |"
            )
            continue
        out.append(
            f"| {r['label']} | {r['jobs']} | {r['docs']} | {r['mb']:.2f} | {r['seconds']:.2f} | {r['docs_s']:.0f} | "
            f"{r['mb_s']:.2f} | {r['mb_s_core']:.2f} | {r['cpu_parent']:.2f} + {r['cpu_workers']:.2f} | "
            f"{r['mb_cpu_s']:.2f} | {r['rss_mb']:.0f} |"
        )
    return "\n".join(out)


def machine_note() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    cores = os.cpu_count()
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{when}; Python {platform.python_version()} on {platform.machine()}, {cores} cores; "
        f"load average at start {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1 / 5 / 15 min)"
    )


def write_doc(block: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{START}\n{block}\n{END}{tail}", encoding="utf-8")


def memory_mode(path: Path, jobs: int) -> int:
    """Peak RSS of ``provlint check`` (default rules) on a large file, against the 300 MB target."""
    size = path.stat().st_size
    print(f"provlint check --jobs {jobs} on {path} ({size / 1e6:.0f} MB) ...", file=sys.stderr, flush=True)
    result = run_child("provlint", path, jobs)
    if "error" in result:
        print(f"FAIL: {result['error']}")
        return 1
    ok = result["rss_mb"] < 300
    print(
        f"{'ok  ' if ok else 'FAIL'} peak RSS {result['rss_mb']:.0f} MB (target < 300 MB) in {result['seconds']:.0f} s, "
        f"{size / 1e6 / result['seconds']:.2f} MB/s of file"
    )
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="provlint's benchmark against peers")
    parser.add_argument(
        "--docs", type=int, default=2000, help="documents in the generated corpus (default 2000, ~7 MB)"
    )
    parser.add_argument("--jobs", type=int, default=0, help="jobs for the parallel row (default: all cores)")
    parser.add_argument(
        "--corpus", type=Path, help="measure this JSON Lines corpus (.gz too) instead of the real and generated ones"
    )
    parser.add_argument("--no-peers", action="store_true", help="measure provlint only")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/performance.md")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each provlint row; the median is reported (default 3; peers run once)",
    )
    parser.add_argument("--memory", type=Path, metavar="JSONL", help="memory mode: peak RSS on this (large) file")
    parser.add_argument(
        "--memory-real",
        type=float,
        metavar="MB",
        help="memory mode on the real pages repeated to MB megabytes (1024 for the 1 GB target)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    jobs = args.jobs or cores

    if args.child:
        fn = {
            "provlint": lambda: child_provlint(str(args.corpus), args.jobs or 1),
            "proselint": lambda: child_proselint(str(args.corpus)),
            "datatrove": lambda: child_datatrove(str(args.corpus)),
        }[args.child]
        result = fn()
        result["rss_mb"] = _peak_rss_mb()
        print(json.dumps(result))
        return 0
    if args.memory_real:
        with tempfile.TemporaryDirectory() as tmp:
            big = Path(tmp) / "real-repeated.jsonl"
            print(f"writing the real pages repeated to {args.memory_real:.0f} MB ...", file=sys.stderr, flush=True)
            repeat_corpus(REAL_PAGES, big, args.memory_real)
            return memory_mode(big, args.jobs or 1)
    if args.memory:
        return memory_mode(args.memory, args.jobs or 1)

    with tempfile.TemporaryDirectory() as tmp:
        note = machine_note()
        sections: list[str] = []
        ok = True
        for title, corpus, targets in corpora(args.corpus, args.docs, Path(tmp)):
            print(f"== {title}", file=sys.stderr, flush=True)
            rows = measure(corpus, max(2, jobs), not args.no_peers, args.repeat)
            lines, corpus_ok = verdicts(rows, targets)
            ok &= corpus_ok
            section = "\n".join([f"**{title}**", "", table(rows), "", "```", *lines, "```"])
            print(section)
            sections.append(section)
    command = "python benchmarks/run.py" + (f" --corpus {args.corpus}" if args.corpus else "")
    command += f" --docs {args.docs}" if args.docs != 2000 else ""
    command += f" --repeat {args.repeat}" if args.repeat != 3 else ""
    command += " --no-peers" if args.no_peers else ""
    runs = f"provlint rows: the median of {args.repeat} runs each; peers: one run each."
    block = "\n\n".join([f"Measured {note}.\nCommand: `{command}`; {runs}", *sections])
    if not args.no_write:
        write_doc(block)
        print(f"wrote the tables to {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0 if ok else 1


def corpora(own: Path | None, docs: int, tmp: Path) -> list[tuple[str, Path, Targets]]:
    """(title, plain JSON Lines file, targets) of each corpus to measure: the one given, else the
    real pages and the generated corpus."""
    if own is not None:
        return [(f"Corpus {own.name}", unpacked(own, tmp / "own.jsonl"), REAL)]
    sys.path.insert(0, str(ROOT))
    from benchmarks.corpus import write_jsonl

    generated = tmp / "generated.jsonl"
    with open(generated, "w", encoding="utf-8") as out:
        write_jsonl(out, docs=docs)
    return [
        ("Real pages (benchmarks/data/real-pages.jsonl.gz)", unpacked(REAL_PAGES, tmp / "real.jsonl"), REAL),
        (f"Generated corpus (benchmarks/corpus.py, {docs} documents)", generated, GENERATED),
    ]


def unpacked(path: Path, target: Path) -> Path:
    """``path`` as plain JSON Lines: a gzipped file is unpacked to ``target`` (so no tool pays for gzip)."""
    if not path.name.endswith(".gz"):
        return path
    with gzip.open(path, "rb") as src, open(target, "wb") as out:
        shutil.copyfileobj(src, out)
    return target


def repeat_corpus(path: Path, target: Path, megabytes: float) -> int:
    """Write ``path``'s records again and again (ids made unique) until ``megabytes`` MB are written.

    For the memory target on real pages: the 4.7 MB real corpus repeated to 1 GB. Returns the records written.
    """
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as src:  # type: ignore[operator]
        records = [json.loads(line) for line in src if line.strip()]
    written = count = 0
    with open(target, "w", encoding="utf-8") as out:
        for copy in range(1 << 30):
            for record in records:
                line = json.dumps({**record, "id": f"{record['id']}#{copy}"}, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
                count += 1
            if written >= megabytes * 1e6:
                return count
    return count


if __name__ == "__main__":
    sys.exit(main())
