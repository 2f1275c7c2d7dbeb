"""Start-up: what one small invocation costs, beside ruff and proselint.

    python benchmarks/startup.py                 # measure, print the table, update docs/performance.md
    python benchmarks/startup.py --repeat 9 --no-write
    git worktree add --detach /tmp/provlint-before REV
    python benchmarks/startup.py --before /tmp/provlint-before   # adds a before/after table

A pre-commit hook, an editor save or a CI job on a few files pays provlint's
start-up on every run, so these rows are whole processes, timed from the
outside: interpreter start, imports, configuration, rule data, one 2 KB
article (the first 2 KB of seeds/000, cut at a line end), the report. Each
row is the median of ``--repeat`` runs, after one untimed warm-up run (which
fills provlint's build cache and the operating system's file cache; a
separate row shows a first run with an empty build cache).

Wall-clock seconds on a shared machine swing with the load, so every row also
gives the CPU seconds (user + system) the process used, which vary far less.
The targets (issue 18) are wall-clock figures on a quiet machine:
``--version`` <= 0.15 s, ``check`` with the default rules <= 0.5 s, ``check
--select PL3`` <= 0.3 s, ``import provlint`` <= 0.1 s.

Every subprocess runs without ``PYTHONDONTWRITEBYTECODE`` (a development
shell may set it): installed packages have their byte code cached, and
without it every import would recompile its module.

``--before DIR`` (a checkout of an earlier commit, e.g. a git worktree) adds
a before/after table: each provlint command is run alternately with the
package in ``DIR/src`` (put first on ``PYTHONPATH``) and with the installed
one, so both see the same machine load; on a shared machine that comparison
is more telling than either figure alone.

Peers: ruff (on a 2 KB Python file, as a reference for "instant") and
proselint (on the same article), when installed (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- startup:start -->", "<!-- startup:end -->"
ARTICLE_BYTES = 2048
TARGETS = {
    "provlint --version": 0.15,
    "import provlint": 0.10,
    "provlint check (default rules)": 0.5,
    "provlint check --select PL3": 0.3,
}

PYTHON_SAMPLE = '''"""A small module for the ruff row."""

from __future__ import annotations

import os
import sys


def read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def main(argv: list[str]) -> int:
    for name in argv:
        if not os.path.exists(name):
            print(f"missing: {name}", file=sys.stderr)
            return 2
        print(len(read(name)))
    return 0
'''


@dataclass(frozen=True)
class Row:
    label: str
    wall: float
    cpu: float
    runs: int
    note: str = ""


def article(folder: Path) -> Path:
    """The first 2 KB of seeds/000, cut at a line end."""
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].read_bytes()[:ARTICLE_BYTES]
    text = seed[: seed.rfind(b"\n") + 1] if b"\n" in seed else seed
    path = folder / "article.txt"
    path.write_bytes(text)
    return path


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(label: str, argv: list[str], env: dict[str, str], repeat: int, warm: bool = True, note: str = "") -> Row:
    if warm:
        timed(argv, env)
    runs = [timed(argv, env) for _ in range(repeat)]
    return Row(label, statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs), repeat, note=note)


def cold(label: str, argv: list[str], env: dict[str, str], repeat: int, folder: Path) -> Row:
    """Runs that each start with an empty build cache."""
    runs = []
    for i in range(repeat):
        fresh = {**env, "PROVLINT_CACHE_DIR": str(folder / f"cold-{i}")}
        runs.append(timed(argv, fresh))
    return Row(
        label,
        statistics.median(w for w, _ in runs),
        statistics.median(c for _, c in runs),
        repeat,
        note="empty build cache: patterns compiled, syllable and hyphenation tables built",
    )


def rows(repeat: int) -> list[Row]:
    bindir = Path(sys.executable).parent
    provlint = str(bindir / "provlint")
    with tempfile.TemporaryDirectory(prefix="provlint-startup-") as tmp:
        folder = Path(tmp)
        doc = str(article(folder))
        env = {**os.environ, "PROVLINT_CACHE_DIR": str(folder / "cache"), "NO_COLOR": "1"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: byte code cached
        out: list[Row] = [
            measure("python -c pass (interpreter alone)", [sys.executable, "-c", "pass"], env, repeat),
            measure("import provlint", [sys.executable, "-c", "import provlint"], env, repeat),
            measure("provlint --version", [provlint, "--version"], env, repeat),
            measure("provlint --help", [provlint, "--help"], env, repeat),
            measure("provlint rules", [provlint, "rules"], env, repeat),
            measure("provlint check (default rules)", [provlint, "check", doc], env, repeat),
            measure("provlint check --select PL3", [provlint, "check", "--select", "PL3", doc], env, repeat),
            measure(
                "provlint check --no-scorecard -q",
                [provlint, "check", "--no-scorecard", "-q", doc],
                env,
                repeat,
                note="no scorecard: no scorecard measures, no table",
            ),
            measure(
                "provlint check --select PL3 --no-scorecard -q",
                [provlint, "check", "--select", "PL3", "--no-scorecard", "-q", doc],
                env,
                repeat,
                note="no scorecard measures: no language or readability data",
            ),
            cold("provlint check, first run", [provlint, "check", doc], env, max(1, repeat // 2), folder),
        ]
        ruff = shutil.which("ruff", path=str(bindir)) or shutil.which("ruff")
        if ruff:
            sample = folder / "sample.py"
            sample.write_text(PYTHON_SAMPLE, encoding="utf-8")
            out.append(measure("ruff --version", [ruff, "--version"], env, repeat))
            out.append(
                measure(
                    "ruff check (2 KB Python file)",
                    [ruff, "check", "--no-cache", "--isolated", str(sample)],
                    env,
                    repeat,
                )
            )
        proselint = shutil.which("proselint", path=str(bindir)) or shutil.which("proselint")
        if proselint:
            out.append(measure("proselint --version", [proselint, "--version"], env, repeat))
            out.append(measure("proselint (same article)", [proselint, doc], env, repeat))
    return out


#: The commands of the before/after table.
COMPARED = (
    ("import provlint", ["-c", "import provlint"]),
    ("provlint --version", ["--version"]),
    ("provlint rules", ["rules"]),
    ("provlint check (default rules)", ["check", "{doc}"]),
    ("provlint check --select PL3", ["check", "--select", "PL3", "{doc}"]),
    ("provlint check --select PL3 --no-scorecard -q", ["check", "--select", "PL3", "--no-scorecard", "-q", "{doc}"]),
)


def before_after(repeat: int, before: Path) -> list[tuple[str, Row, Row]]:
    """(label, before, after) per command, runs alternating between the two versions."""
    bindir = Path(sys.executable).parent
    provlint = str(bindir / "provlint")
    out = []
    with tempfile.TemporaryDirectory(prefix="provlint-startup-") as tmp:
        folder = Path(tmp)
        doc = str(article(folder))
        env = {**os.environ, "PROVLINT_CACHE_DIR": str(folder / "cache"), "NO_COLOR": "1"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("PYTHONPATH", None)
        old_env = {**env, "PYTHONPATH": str(before / "src")}
        for label, args in COMPARED:
            head = [sys.executable] if args[0] == "-c" else [provlint]
            argv = head + [a.replace("{doc}", doc) for a in args]
            timed(argv, old_env)
            timed(argv, env)
            old_runs, new_runs = [], []
            for _ in range(repeat):
                old_runs.append(timed(argv, old_env))
                new_runs.append(timed(argv, env))
            out.append(
                (
                    label,
                    Row(
                        label,
                        statistics.median(w for w, _ in old_runs),
                        statistics.median(c for _, c in old_runs),
                        repeat,
                    ),
                    Row(
                        label,
                        statistics.median(w for w, _ in new_runs),
                        statistics.median(c for _, c in new_runs),
                        repeat,
                    ),
                )
            )
    return out


def before_after_table(pairs: list[tuple[str, Row, Row]], before: Path) -> str:
    rev = subprocess.run(
        ["git", "-C", str(before), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip() or str(before)
    lines = [
        "",
        f"Before ({rev}) and after (this commit), runs alternating so that both see the same load "
        "(`--before`; median of the same number of runs):",
        "",
        "| command | before wall s | after wall s | before CPU s | after CPU s | CPU after / before |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, old, new in pairs:
        ratio = new.cpu / old.cpu if old.cpu else float("nan")
        lines.append(f"| {label} | {old.wall:.3f} | {new.wall:.3f} | {old.cpu:.3f} | {new.cpu:.3f} | {ratio:.2f} |")
    return "\n".join(lines) + "\n"


def table(results: list[Row], repeat: int, command: str) -> str:
    load = os.getloadavg()
    lines = [
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC with `{command}`; Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; load "
        f"average at the end {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1 / 5 / 15 min). Median of {repeat} "
        "runs after one warm-up run.",
        "",
        "| command | wall s | CPU s | target (wall) | note |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        target = TARGETS.get(r.label)
        verdict = ""
        if target is not None:
            verdict = f"<= {target:.2f} ({'met' if r.wall <= target else 'missed'})"
        lines.append(f"| {r.label} | {r.wall:.3f} | {r.cpu:.3f} | {verdict} | {r.note} |")
    return "\n".join(lines) + "\n"


def write_doc(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    if START not in doc or END not in doc:
        raise SystemExit(f"{DOC} has no {START} ... {END} section")
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    tmp = DOC.with_suffix(".md.tmp")
    tmp.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")
    os.replace(tmp, DOC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="Timed runs per row (median reported).")
    parser.add_argument("--no-write", action="store_true", help="Print the table; leave docs/performance.md alone.")
    parser.add_argument(
        "--before", type=Path, help="A checkout of an earlier commit: add a before/after table (runs alternating)."
    )
    args = parser.parse_args()
    results = rows(max(1, args.repeat))
    command = "python benchmarks/startup.py " + " ".join(sys.argv[1:])
    text = table(results, args.repeat, command.strip())
    if args.before is not None:
        text += before_after_table(before_after(max(1, args.repeat), args.before.resolve()), args.before)
    print(text, end="")
    if not args.no_write:
        write_doc(text)


if __name__ == "__main__":
    main()
