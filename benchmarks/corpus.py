"""A deterministic benchmark corpus of news-like documents, 2-5 KB each.

Built from the repository's own text: the seed articles (seeds/*.txt) and the
rule-case fixtures (tests/rules/cases/*.toml). How documents are varied:

* Body: paragraphs of the seeds are drawn and shuffled, so each document is a
  different arrangement of real article prose; paragraphs are added until
  the document is within 150 bytes of a size drawn uniformly from 2,150 to
  4,950 bytes (a long paragraph is cut at a sentence end), so every document
  is 2-5 KB with the residue below counted in.
* Surface: numbers are redrawn (same digit count), and capitalised names are
  swapped among the names that occur in the seeds, so repeated prose does not
  repeat verbatim.
* Residue: with fixed probabilities a document gets scraping residue from
  the fixtures (menu lines, share widgets, repeated teaser lines, citation
  markers without references, the short texts of every rule case), at the top,
  the bottom or between paragraphs, as scraped pages carry it.
* Provenance: 40 sources (hosts) with a skewed (Zipf-like) share of documents,
  a URL, a title (the first line) and an id per document.

The same ``seed`` always gives byte-for-byte the same corpus.

    python benchmarks/corpus.py --docs 2000 -o /tmp/bench.jsonl
    python benchmarks/corpus.py --megabytes 1024 -o /tmp/1gb.jsonl   # ~1 GB
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
MIN_BYTES, MAX_BYTES = 2000, 5000
SOURCES = 40
# A capitalised word inside a sentence (after a lower-case word): mostly names.
_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}\b")
_NOT_NAMES = frozenset("President Minister Prime Chancellor Foreign Secretary General Union Council Summit".split())
_NUMBER = re.compile(r"\b\d+\b")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s")
RESIDUE_TOP = (
    "Skip to content",
    "Home | News | World | Business | Sport",
    "Advertisement",
    "No time to read?\nGet a summary",
)
RESIDUE_BOTTOM = (
    "Share on Facebook\nShare on Twitter",
    "Read more:",
    "Sign up for our newsletter",
    "© 2024 All rights reserved.",
    "Related articles",
)


class Materials:
    """Paragraphs, names and fixture snippets the generator draws from."""

    def __init__(self, root: Path = ROOT) -> None:
        self.paragraphs: list[str] = []
        self.titles: list[str] = []
        for path in sorted((root / "seeds").glob("*.txt")):
            blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
            self.titles.append(next((b for b in blocks if 30 < len(b) < 200), blocks[0]))
            self.paragraphs.extend(b for b in blocks[1:] if len(b) > 200)
        counts: dict[str, int] = {}
        for p in self.paragraphs:
            for match in _NAME.finditer(p):
                counts[match.group()] = counts.get(match.group(), 0) + 1
        self.names = sorted(n for n, c in counts.items() if c >= 2 and n not in _NOT_NAMES)
        self.snippets: list[str] = []
        for path in sorted((root / "tests" / "rules" / "cases").glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            for case in data.get("case", []):
                texts = [case["text"]] if "text" in case else [d["text"] for d in case.get("documents", [])]
                self.snippets.extend(t.strip() for t in texts if 0 < len(t.strip()) < 600)
        if not self.paragraphs:
            raise SystemExit("no seed paragraphs found under seeds/")


def _vary(text: str, rng: random.Random, names: list[str]) -> str:
    text = _NUMBER.sub(
        lambda m: str(rng.randrange(10 ** (len(m.group()) - 1) if len(m.group()) > 1 else 0, 10 ** len(m.group()))),
        text,
    )
    if names:
        text = _NAME.sub(lambda m: rng.choice(names) if m.group() in names and rng.random() < 0.3 else m.group(), text)
    return text


def _cut(paragraph: str, room: int) -> str:
    """``paragraph`` cut at the last sentence end that fits in ``room`` characters."""
    if len(paragraph) <= room:
        return paragraph
    ends = [m.end() for m in _SENTENCE_END.finditer(paragraph) if m.end() <= room]
    return paragraph[: ends[-1]].rstrip() if ends else paragraph[:room].rsplit(" ", 1)[0]


def _size(blocks: list[str]) -> int:
    return len("\n\n".join(blocks).encode())


def document(n: int, rng: random.Random, m: Materials) -> dict[str, str]:
    target = rng.randint(MIN_BYTES + 150, MAX_BYTES - 50)
    title = rng.choice(m.titles)
    top = [rng.choice(RESIDUE_TOP)] if rng.random() < 0.35 else []
    bottom = [rng.choice(RESIDUE_BOTTOM)] if rng.random() < 0.3 else []
    repeat = rng.random() < 0.15  # a repeated block, as a scraper's second pass leaves it
    body: list[str] = []
    order = rng.sample(m.paragraphs, len(m.paragraphs))
    i = 0

    def size() -> int:
        blocks = top + [title] + body + bottom
        return _size(blocks) + (len(body[0].encode()) + 2 if repeat and body else 0)

    while size() < target - 150:
        paragraph = _vary(order[i % len(order)], rng, m.names)
        i += 1
        if m.snippets and rng.random() < 0.12:
            paragraph = rng.choice(m.snippets)
        room = target - size() - 2
        if repeat and not body:
            room //= 2  # the first paragraph is written twice
        paragraph = _cut(paragraph, room)
        if len(paragraph) < 40:
            continue
        body.append(paragraph)
    blocks = top + [title] + body + bottom + (body[:1] if repeat else [])
    # Zipf-like share of documents per source: a few big sites, a long tail.
    rank = min(int(SOURCES * rng.random() ** 2.5), SOURCES - 1)
    host = f"news{rank:02d}.example"
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    return {
        "id": f"doc-{n:07d}",
        "url": f"https://www.{host}/{n}/{slug}",
        "title": title,
        "source": host,
        "text": "\n\n".join(blocks),
    }


def generate(
    docs: int | None = None, megabytes: float | None = None, seed: int = 7, root: Path = ROOT
) -> Iterator[dict[str, str]]:
    """Documents until ``docs`` of them or ``megabytes`` of text have been made."""
    rng = random.Random(seed)
    materials = Materials(root)
    made = 0
    size = 0
    while (docs is None or made < docs) and (megabytes is None or size < megabytes * 1e6):
        doc = document(made, rng, materials)
        made += 1
        size += len(doc["text"].encode())
        yield doc
        if docs is None and megabytes is None:
            break


def write_jsonl(
    out: IO[str], docs: int | None = None, megabytes: float | None = None, seed: int = 7
) -> tuple[int, int]:
    """Write the corpus as JSON Lines; returns (documents, bytes written)."""
    n = written = 0
    for doc in generate(docs, megabytes, seed):
        line = json.dumps(doc, ensure_ascii=False) + "\n"
        out.write(line)
        n += 1
        written += len(line.encode())
    return n, written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--docs", type=int, help="number of documents")
    group.add_argument("--megabytes", type=float, help="stop once this many MB of text are written")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", default="-", help="JSON Lines file (default: standard output)")
    args = parser.parse_args(argv)
    if args.output == "-":
        n, size = write_jsonl(sys.stdout, args.docs, args.megabytes, args.seed)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n") as out:
            n, size = write_jsonl(out, args.docs, args.megabytes, args.seed)
    print(f"wrote {n} documents, {size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
