"""Plugin rules run in a child process that can be killed: a hard watchdog.

Python cannot stop a running function, so a plugin rule that never returns
(or sleeps in C code, or calls ``os._exit``) would hang or end the whole run
if it ran in the linting process. A :class:`RuleHost` is a child forked from
the process that owns the engine (so it has the same rule instances, with no
pickling of rules); the parent sends it each document once and then asks for
one rule call at a time, waiting at most ``[limits] plugin-rule-timeout``
seconds for the answer:

- no answer in time: the child is killed (SIGKILL) and the rule gets a PL004
  "stopped after N s" problem on that document; the next call starts a new child;
- the child dies (``os._exit(0)``, a crash in C code, the OOM killer): PL004
  "ended its process", with the exit status; the run goes on;
- otherwise the child answers with the validated :class:`~provlint.isolation.RuleCall`
  and the measurements the rule recorded (``doc.measures``).

The child writes nothing to the report: its standard output goes to standard
error. provlint's own rules never run here (they are trusted and in-process).
Where ``os.fork`` does not exist, plugin rules run in-process, guarded the same
way except for the watchdog.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import isolation
from .isolation import RuleCall, call_rule, safe_str
from .measures import Measures
from .model import Document
from .prepare import PreparedDocument
from .rule import Rule

if TYPE_CHECKING:  # pragma: no cover
    from multiprocessing.connection import Connection

CAN_FORK = hasattr(os, "fork")


def _serve(conn: Connection, rules_for: Callable[[str], list[Rule]]) -> None:
    """The child's loop: ("doc", Document) | ("call", source, code) in, ("ok", RuleCall, measures) out."""
    prepared: PreparedDocument | None = None
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone or done with us
        if message[0] == "doc":
            prepared = PreparedDocument(message[1])
            continue
        _, source, code = message
        assert prepared is not None
        rule = next(r for r in rules_for(source) if r.code == code)
        call = call_rule(rule, prepared, read_only=True)
        try:
            conn.send(("ok", call, prepared.measures))
        except Exception as exc:  # an unpicklable state or candidate key
            failed = RuleCall(
                problems=[f"rule {rule.code} ({rule.name}) returned values that cannot be sent back: {safe_str(exc)}"]
            )
            conn.send(("ok", failed, None))


class RuleHost:
    """The parent's handle on one child process that runs plugin rules (started on first use)."""

    def __init__(self, rules_for: Callable[[str], list[Rule]], timeout: float) -> None:
        self.rules_for = rules_for
        self.timeout = timeout
        self._conn: Connection | None = None
        self._pid = 0
        self._owner = 0  # the process that started the child: a forked copy of this handle must not use it
        self._sent: Document | None = None

    def _start(self) -> Connection:
        # multiprocessing is imported when a plugin rule first runs, not by every run that could have one
        from multiprocessing.connection import Connection

        parent_end, child_end = socket.socketpair()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the caller's code
            status = 0
            try:
                parent_end.close()
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
                isolation.every_interrupt_is_a_rules()
                os.dup2(2, 1)  # a rule's prints must not reach the report
                sys.stdout = sys.stderr
                _serve(Connection(child_end.detach()), self.rules_for)
            except BaseException:
                status = 70
            finally:
                os._exit(status)
        child_end.close()
        self._conn = Connection(parent_end.detach())
        self._pid = pid
        self._owner = os.getpid()
        self._sent = None
        return self._conn

    def call(self, rule: Rule, doc: PreparedDocument) -> tuple[RuleCall, Measures | None]:
        """Run ``rule`` on ``doc`` in the child; a hung or dead child becomes a problem, never an exception."""
        if self._conn is not None and self._owner != os.getpid():
            # Inherited through a fork (a --jobs worker): the child is the other process's.
            self._conn.close()
            self._conn, self._pid, self._sent = None, 0, None
        conn = self._conn or self._start()
        try:
            if self._sent is not doc.document:
                conn.send(("doc", doc.document))
                self._sent = doc.document
            conn.send(("call", doc.document.source, rule.code))
            if not conn.poll(self.timeout):
                self.stop()
                return self._problem(
                    rule,
                    doc,
                    f"rule {rule.code} ({rule.name}) stopped after {self.timeout:g} s "
                    "([limits] plugin-rule-timeout); no findings from it on this document",
                )
            kind, call, measures = conn.recv()
            assert kind == "ok"
            return call, measures
        except (EOFError, OSError):
            status = self.stop()
            return self._problem(
                rule,
                doc,
                f"rule {rule.code} ({rule.name}) ended its process ({status}); no findings from it on this document",
            )

    @staticmethod
    def _problem(rule: Rule, doc: PreparedDocument, message: str) -> tuple[RuleCall, Measures | None]:
        return RuleCall(problems=[message], errors=[f"{rule.code} on {doc.document.id}:\n{message}\n"]), None

    def stop(self) -> str:
        """Kill and reap the child; returns how it ended (for messages)."""
        conn, pid = self._conn, self._pid
        self._conn, self._pid, self._sent = None, 0, None
        if conn is not None:
            conn.close()
        if not pid:
            return "not running"
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done == 0:
                os.kill(pid, signal.SIGKILL)
                _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            return "exit status unknown"
        if os.WIFEXITED(status):
            return f"exit code {os.WEXITSTATUS(status)}"
        if os.WIFSIGNALED(status):
            return f"signal {os.WTERMSIG(status)}"
        return "exit status unknown"  # pragma: no cover

    def __del__(self) -> None:
        if self._pid and os.getpid() == self._owner:
            try:
                self.stop()
            except Exception:
                pass


__all__ = ["CAN_FORK", "RuleHost"]
