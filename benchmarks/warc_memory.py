"""Peak memory of the WARC reader on a large crawl: it must stay flat as the file grows.

    python benchmarks/warc_memory.py [--mb 1000] [--keep FILE]

Writes a gzipped WARC (one gzip member per record, as crawlers write them) of
about ``--mb`` MB of HTML response records with FastWARC's writer, each page
built from the labelled page datasets' lines (or generated lines when
../shared/eval is absent), then streams it through the WARC reader (HTML
extraction included, no linting) and prints the process's peak resident memory
after 10%, 50% and 100% of the records. Flat means the three figures are close:
the reader holds one record at a time.
"""

from __future__ import annotations

import argparse
import gzip
import html
import io
import json
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def page_texts() -> list[str]:
    data = ROOT.parent / "shared" / "eval" / "trafilatura-eval.jsonl.gz"
    if data.exists():
        with gzip.open(data, "rt", encoding="utf-8") as handle:
            return [json.loads(line)["text"] for line in handle][:200]
    return ["\n".join(f"Line {i} of a generated page with some words in it." for i in range(200))] * 20


def write_warc(path: Path, megabytes: int) -> int:
    from fastwarc.warc import WarcRecord, WarcRecordType

    texts = page_texts()
    written = 0
    count = 0
    with open(path, "wb") as out:
        while written < megabytes * 1_000_000:
            text = texts[count % len(texts)]
            body = (
                "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n")) + "</body></html>"
            )
            payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body.encode()
            record = WarcRecord()
            record.init_headers(record_type=WarcRecordType.response)
            record.headers["WARC-Target-URI"] = f"https://site{count % 50}.example/page/{count}"
            record.headers["Content-Type"] = "application/http; msgtype=response"
            record.set_bytes_content(payload)
            member = io.BytesIO()
            record.write(member)
            out.write(gzip.compress(member.getvalue(), compresslevel=1))
            written += len(payload)
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=int, default=1000, help="uncompressed HTML payload to write, in MB")
    parser.add_argument("--keep", type=Path, default=None, help="write the WARC here and keep it")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from provlint.config import InputOptions
    from provlint.readers.warc import WarcReader

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "crawl.warc.gz"
        records = write_warc(path, args.mb)
        print(f"{path}: {records:,} records, {args.mb} MB of HTML, {path.stat().st_size / 1e6:.0f} MB gzipped")
        print(f"peak RSS before reading: {peak_mb():.0f} MB")
        marks = {records // 10: "10%", records // 2: "50%", records: "100%"}
        seen = 0
        for _ in WarcReader().read(path, InputOptions(), str(path)):
            seen += 1
            if seen in marks:
                print(f"peak RSS after {marks[seen]} of the records ({seen:,}): {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
