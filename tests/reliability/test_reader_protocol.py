"""The Reader protocol: plugin readers are chosen by name, by suffix and by sniffing standard input."""

from __future__ import annotations

import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pytest

from provlint import Config, lint_paths
from provlint.config import InputOptions
from provlint.hookspecs import hookimpl
from provlint.model import Document
from provlint.plugins import get_plugin_manager, reset_plugin_manager
from provlint.readers import Reader, WritableReader, stdin_stream
from provlint.readers.base import FixText, ReadItem
from provlint.registry import RegistryError, get_registry, reset_registry_cache
from tests.reliability.helpers import run_cli


class PipeReader:
    """``title|body`` per line: a toy format with one parser for reading and writing back."""

    name = "pipe"
    suffixes = (".pipe",)
    streams = True

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"PIPE|")

    def _lines(self, data: bytes) -> list[str]:
        return data.decode("utf-8").splitlines(keepends=True)

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
        data = path.read_bytes() if path is not None else stdin_stream().read()
        for n, line in enumerate(self._lines(data), start=1):
            _, _, body = line.rstrip("\n").partition("|")
            yield Document(id=f"{label}:{n}", text=body, source="pipe.example", path=f"{label}:{n}")

    def write_back(self, path: Path, options: InputOptions, label: str, fix: FixText, out: IO[bytes]) -> None:
        for n, line in enumerate(self._lines(path.read_bytes()), start=1):
            head, _, body = line.rstrip("\n").partition("|")
            end = "\n" if line.endswith("\n") else ""
            out.write(f"{head}|{fix(f'{label}:{n}', body)}{end}".encode())


@contextmanager
def plugin_readers(*readers: Any) -> Iterator[None]:
    module = types.ModuleType("provlint_reader_plugin")

    @hookimpl
    def provlint_register_readers(register):  # type: ignore[no-untyped-def]
        for reader in readers:
            register(reader)

    module.provlint_register_readers = provlint_register_readers  # type: ignore[attr-defined]
    reset_plugin_manager()
    get_plugin_manager().register(module, name="provlint-reader-plugin")
    reset_registry_cache()
    try:
        yield
    finally:
        reset_plugin_manager()
        reset_registry_cache()


def test_built_in_readers_implement_the_protocol() -> None:
    readers = {name: c.obj for name, c in get_registry().readers.items()}
    assert sorted(readers) == ["html", "jsonl", "parquet", "text", "warc"]
    for reader in readers.values():
        assert isinstance(reader, Reader)
    # HTML and WARC pages cannot be written back losslessly from their extracted text.
    assert sorted(n for n, r in readers.items() if isinstance(r, WritableReader)) == ["jsonl", "parquet", "text"]
    assert readers["jsonl"].sniff(b"\xef\xbb\xbf  {") and not readers["jsonl"].sniff(b"plain")
    assert readers["text"].sniff(b"plain") and not readers["text"].sniff(b"\x89PNG\r\n")


def test_plugin_reader_selected_by_name(tmp_path: Path) -> None:
    page = tmp_path / "page.data"  # a suffix no reader claims
    page.write_text("PIPE|Rome hosts the summit [3].\n", encoding="utf-8")
    with plugin_readers(PipeReader()):
        code, out, err = run_cli(
            "check", "--isolated", "--select", "PL301", "--input-format", "pipe", "--format", "grouped", str(page)
        )
    assert code == 1, err
    assert f"{page}:1" in out and "PL301" in out


def test_plugin_reader_name_in_config_and_unknown_name_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.data"
    page.write_text("PIPE|Rome hosts the summit [3].\n", encoding="utf-8")
    cfg = tmp_path / "provlint.toml"
    cfg.write_text('[input]\nformat = "pipe"\n', encoding="utf-8")
    with plugin_readers(PipeReader()):
        code, _, _ = run_cli("check", "--config", str(cfg), "--select", "PL301", "-q", str(page))
        assert code == 1
    code, _, err = run_cli("check", "--config", str(cfg), "--select", "PL301", str(page))
    assert code == 2
    assert (
        err
        == f"provlint: error: {cfg}: input.format: unknown reader 'pipe' (known: auto, html, jsonl, parquet, text, warc)\n"
    )
    code, _, err = run_cli("check", "--input-format", "pipe", str(page))
    assert code == 2 and "'pipe' is not a reader; choose from auto, html, jsonl, parquet, text, warc" in err


def test_standard_input_goes_to_the_plugin_reader_that_sniffs_it() -> None:
    with plugin_readers(PipeReader()):
        code, out, _ = run_cli(
            "check", "--isolated", "--select", "PL301", "--format", "json", "-", input=b"PIPE|A claim [7].\n"
        )
    assert code == 1
    assert '"path": "<stdin>:1"' in out and '"source": "pipe.example"' in out


class Incomplete:
    name = "half"
    suffixes = (".half",)


def test_reader_without_sniff_is_refused_by_the_registry() -> None:
    with plugin_readers(Incomplete()), pytest.raises(RegistryError) as err:
        get_registry()
    assert str(err.value).endswith(
        "registered an invalid reader 'half': streams must be True or False; has no sniff() method; has no read() method"
    )


class Faulty(PipeReader):
    """Yields one document, then a non-document, then raises; its sniff raises too."""

    name = "faulty"
    suffixes = (".faulty",)

    def sniff(self, head: bytes) -> bool:
        raise RuntimeError("sniff broke")

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
        yield Document(id=f"{label}:1", text="Fine [1].", source="s", path=f"{label}:1")
        yield "not a document"  # type: ignore[misc]
        raise ValueError("parser broke")

    def write_back(self, path: Path, options: InputOptions, label: str, fix: FixText, out: IO[bytes]) -> None:
        raise ValueError("writer broke")


def test_a_reader_that_fails_is_accounted_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.faulty").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Plain [2].\n", encoding="utf-8")
    with plugin_readers(Faulty()):
        result = lint_paths([str(tmp_path)], Config(select=("PL0", "PL301")))
        code, _, err = run_cli("fix", "--isolated", "--select", "PL301", "--in-place", str(tmp_path))
        stdin_code, out, _ = run_cli(
            "check", "--isolated", "--select", "PL301", "--format", "json", "-", input=b"x [3]"
        )
    a = str(tmp_path / "a.faulty")
    assert [(f.code, f.path, f.message) for f in result.findings] == [
        ("PL301", f"{a}:1", "citation marker [1] has no reference list"),
        ("PL001", a, "reader 'faulty' produced a str, not a document"),
        ("PL001", a, "reader 'faulty' failed: ValueError: parser broke"),
        ("PL301", str(tmp_path / "b.txt"), "citation marker [2] has no reference list"),
    ]
    assert result.stats.to_dict() == {"read": 4, "linted": 2, "skipped": 0, "failed": 2, "rule_errors": 0}
    assert code == 2
    assert f"provlint: error: {a}: the 'faulty' reader failed to write it back: ValueError: writer broke\n" in err
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "Plain.\n"
    assert stdin_code == 1 and '"path": "<stdin>"' in out  # the sniff that raised claimed nothing: read as text


class NativePanic(BaseException):
    """What a reader built on a native library raises when the library panics (pyo3's PanicException is one)."""


class Panicking(PipeReader):
    name = "panicking"
    suffixes = (".panic",)

    def sniff(self, head: bytes) -> bool:
        return False

    def read(self, path: Path | None, options: InputOptions, label: str) -> Iterator[ReadItem]:
        yield Document(id=f"{label}:1", text="Fine.", source="s", path=f"{label}:1")
        raise NativePanic("index out of bounds")


def test_a_reader_raising_outside_exception_is_accounted(tmp_path: Path) -> None:
    (tmp_path / "a.panic").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Plain text.\n", encoding="utf-8")
    with plugin_readers(Panicking()):
        result = lint_paths([str(tmp_path)], Config(select=("PL0",)))
    a = str(tmp_path / "a.panic")
    assert [(f.code, f.path, f.message) for f in result.findings] == [
        ("PL001", a, "reader 'panicking' failed: NativePanic: index out of bounds")
    ]
    assert result.stats.to_dict() == {"read": 3, "linted": 2, "skipped": 0, "failed": 1, "rule_errors": 0}
