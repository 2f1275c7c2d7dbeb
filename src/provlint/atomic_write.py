"""Every file provlint writes is written whole or not at all.

An :class:`AtomicFile` is a temporary file in the target's own folder (so the
final rename never crosses file systems); :meth:`AtomicFile.commit` flushes it
to disk and renames it over the target, so a killed or crashed run never
leaves a truncated or empty report behind (a 0-byte SARIF that a CI step would
upload). The temporary file is removed on every other way out: an exception,
``sys.exit``, SIGTERM or SIGHUP (turned into ``SystemExit`` while an output is
open), and interpreter exit.

Creating the AtomicFile *is* the writability check: check, scorecard and fix
create theirs before linting, so an unwritable ``-o`` path fails at once (exit
2, naming the path) instead of after the whole run.

Symbolic links are written through (the link stays, its target gets the new
content, as a shell redirection would). The new file keeps the mode of the
file it replaces (a new one gets the usual ``0666 & ~umask``). A file with
several hard links is, with ``keep_links``, rewritten in place from the
complete temporary copy, so every link sees the new content; the temporary
copy is removed only once that succeeded.
"""

from __future__ import annotations

import atexit
import io
import os
import signal
import stat
import tempfile
import threading
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO, TextIO

TEMP_PREFIX = ".provlint-tmp-"

_live: set[str] = set()
_owner_pid = os.getpid()
_handlers_installed = False
#: Set once SIGTERM or SIGHUP reached this process: the ``SystemExit`` raised for it must end the run
#: wherever it lands, even inside a rule call, whose guard turns any other ``SystemExit`` into a PL004.
_terminated = threading.Event()


def terminating() -> bool:
    """Whether a termination signal (SIGTERM, SIGHUP) was turned into ``SystemExit`` in this process."""
    return _terminated.is_set()


class OutputError(Exception):
    """An output file cannot be written; the message names it."""


def _remove_live() -> None:
    if os.getpid() != _owner_pid:
        return
    for path in list(_live):
        try:
            os.unlink(path)
        except OSError:
            pass
        _live.discard(path)


atexit.register(_remove_live)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if os.getpid() != _owner_pid:  # a forked worker: die as it would have
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    _terminated.set()
    raise SystemExit(128 + signum)


def _install_handlers() -> None:
    """SIGTERM/SIGHUP unwind the stack (running every cleanup) instead of killing at once; only default handlers
    are replaced, and only in the main thread."""
    global _handlers_installed, _owner_pid
    if _handlers_installed or threading.current_thread() is not threading.main_thread():
        return
    _owner_pid = os.getpid()
    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None and signal.getsignal(sig) == signal.SIG_DFL:
            signal.signal(sig, _on_signal)
    _handlers_installed = True


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _keep_owner(path: str, old: os.stat_result) -> None:
    """Give the new file the replaced file's owner and group where allowed (root fixing a user's files)."""
    if (old.st_uid, old.st_gid) == (os.getuid(), os.getgid()) or not hasattr(os, "chown"):
        return
    try:
        os.chown(path, old.st_uid, old.st_gid)
    except OSError:
        pass  # not allowed: the file is the writer's, as with any editor


class AtomicFile:
    """A file written to a temporary file beside ``target`` and renamed over it by :meth:`commit`.

    Use as a context manager (commit on success, discard on an exception) or
    call :meth:`commit` / :meth:`discard` yourself. ``label`` is how messages
    name the output (e.g. ``"-o report.sarif"``). ``keep_links``: rewrite a
    file with several hard links in place; ``follow_links=False``: replace a
    symbolic link at ``target`` instead of writing through it.
    """

    def __init__(
        self, target: str | Path, *, label: str | None = None, keep_links: bool = False, follow_links: bool = True
    ) -> None:
        self.label = label or str(target)
        # follow_links=False: a symbolic link at ``target`` is replaced by the file, not written through.
        self.target = Path(os.path.realpath(target) if follow_links else os.path.abspath(target))
        self.keep_links = keep_links
        self._text: io.TextIOWrapper | None = None
        if self.target.is_dir():
            raise OutputError(f"cannot write {self.label}: it is a folder")
        folder = self.target.parent
        _install_handlers()
        try:
            fd, self.temp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix="-" + self.target.name[:80])
        except OSError as exc:
            if not folder.exists():
                raise OutputError(f"cannot write {self.label}: folder {folder} does not exist") from None
            if not folder.is_dir():
                raise OutputError(f"cannot write {self.label}: {folder} is not a folder") from None
            raise OutputError(f"cannot write {self.label}: {exc.strerror or exc}") from None
        _live.add(self.temp)
        self.binary: IO[bytes] = os.fdopen(fd, "wb")
        self.done = False

    def text(self, errors: str = "strict") -> TextIO:
        """A UTF-8 text stream onto the file (``\\n`` newlines); ``errors`` as for :func:`open`."""
        if self._text is None:
            self._text = io.TextIOWrapper(self.binary, encoding="utf-8", errors=errors, newline="\n")
        return self._text

    def commit(self) -> None:
        """Flush to disk and put the file in place (with the mode of the file it replaces)."""
        if self.done:
            return
        try:
            if self._text is not None:
                self._text.flush()
            self.binary.flush()
            os.fsync(self.binary.fileno())
            self.binary.close()
            try:
                old = os.lstat(self.target)
            except FileNotFoundError:
                old = None
            if old is not None and stat.S_ISLNK(old.st_mode):
                old = None  # a link being replaced: the new file gets the usual mode
            os.chmod(self.temp, stat.S_IMODE(old.st_mode) if old is not None else _umask_mode())
            if old is not None:
                _keep_owner(self.temp, old)
            if self.keep_links and old is not None and old.st_nlink > 1:
                try:
                    self._rewrite_in_place()
                except OSError as exc:
                    # The target may be half rewritten: the complete new content stays in the temporary file.
                    _live.discard(self.temp)
                    self.done = True
                    raise OutputError(
                        f"cannot write {self.label}: {exc.strerror or exc}; its fixed content is in {self.temp}"
                    ) from None
            else:
                os.replace(self.temp, self.target)
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write {self.label}: {exc.strerror or exc}") from None
        _live.discard(self.temp)
        self.done = True

    def _rewrite_in_place(self) -> None:
        """Copy the complete temporary file over the target's content, keeping its inode (and so its hard links)."""
        with open(self.temp, "rb") as source, open(self.target, "r+b") as target:
            while chunk := source.read(1 << 20):
                target.write(chunk)
            target.truncate()
            target.flush()
            os.fsync(target.fileno())
        os.unlink(self.temp)

    def discard(self) -> None:
        """Remove the temporary file; the target is left as it was."""
        if self.done:
            return
        self.done = True
        try:
            if self._text is not None:
                self._text.close()
            else:
                self.binary.close()
        except (OSError, ValueError):
            pass
        try:
            os.unlink(self.temp)
        except FileNotFoundError:
            pass
        _live.discard(self.temp)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


def write_bytes(target: str | Path, data: bytes, *, label: str | None = None) -> None:
    """Write ``data`` to ``target`` atomically."""
    with AtomicFile(target, label=label) as out:
        out.binary.write(data)


def open_temp_files() -> frozenset[str]:
    """Temporary files not yet committed or discarded (for tests)."""
    return frozenset(_live)
