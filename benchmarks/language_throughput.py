"""Throughput of the default rule set, and of the PL5xx (language/readability) rules alone,
on 2-5 KB news documents: the article lines ("main") of the labelled pages in /work/shared/eval.

    .venv/bin/python benchmarks/language_throughput.py [--docs 300] [--eval-dir /work/shared/eval]

Prints MB/s per core (one process) for: every rule, PL5xx only, everything but PL5xx;
and how many PL5xx findings fire on these ordinary articles (a false-alarm check:
they are edited news text, so PL502/PL505 should be rare).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter
from pathlib import Path

from provlint.api import lint_documents
from provlint.config import Config
from provlint.model import Document


def news_documents(eval_dir: Path, limit: int) -> list[Document]:
    docs: list[Document] = []
    for name in ("cleanportaleval", "trafilatura-eval", "scrapinghub-aeb"):
        path = eval_dir / f"{name}.jsonl.gz"
        if not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                labels = (rec.get("labels") or {}).get("lines") or []
                lines = rec["text"].split("\n")
                main = [t for t, lab in zip(lines, labels) if lab == "main" and t.strip()]
                text = "\n\n".join(main)
                if 2000 <= len(text.encode("utf-8")) <= 5000:
                    docs.append(
                        Document(id=rec["id"], text=text, source=rec.get("source") or "unknown", path=rec["id"])
                    )
                if len(docs) >= limit:
                    return docs
    return docs


def measure(docs: list[Document], config: Config, label: str) -> Counter[str]:
    """Steady state: one untimed pass first (plugin loading, langdetect profiles, the CMU
    dictionary and a hyphenation dictionary per language are loaded once per process)."""
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    start = time.process_time()
    lint_documents(docs, config=config)
    cold = time.process_time() - start
    start = time.process_time()
    result = lint_documents(docs, config=config)
    seconds = time.process_time() - start
    print(
        f"{label:<22} {len(docs)} docs, {size / 1e6:.2f} MB: {size / 1e6 / seconds:.2f} MB/s per core "
        f"({seconds:.2f} s CPU; first pass with one-time loading {cold:.2f} s)"
    )
    return Counter(f.code for f in result.findings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    args = parser.parse_args()
    docs = news_documents(args.eval_dir, args.docs)
    if not docs:
        raise SystemExit(f"no 2-5 KB documents found in {args.eval_dir}")
    counts = measure(docs, Config(), "default rule set")
    measure(docs, Config(select=("PL5",)), "PL5xx only")
    measure(docs, Config(ignore=("PL5",)), "everything but PL5xx")
    pl5 = {k: v for k, v in sorted(counts.items()) if k.startswith("PL5")}
    print(f"PL5xx findings on {len(docs)} ordinary articles: {pl5 or 'none'}")


if __name__ == "__main__":
    main()
