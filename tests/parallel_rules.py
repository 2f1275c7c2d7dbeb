"""Rules for the parallel and Dask tests. They live in a module of their own so
that worker processes (spawned, or Dask's) can import them by name."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from provlint import Candidate, Category, DocumentRule, Finding, Severity, SourceRule, SourceState
from provlint.prepare import PreparedDocument


class LineCounts(SourceState):
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def merge(self, other: Any) -> None:
        self.counts.update(other.counts)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.counts)


class RecurringLine(SourceRule[LineCounts]):
    """
    ## What it does
    Reports a line that recurs in at least three documents of a source.

    ## Why it matters
    Tests source-state merging across processes.

    ## Example
    The same footer on every page.
    """

    code = "PL998"
    name = "recurring-test-line"
    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "A line recurs across a source's documents."
    options = {"min_documents": 3}

    def new_state(self) -> LineCounts:
        return LineCounts()

    def observe(self, doc: PreparedDocument, state: LineCounts) -> Iterable[Candidate]:
        seen: set[str] = set()
        for line in doc.lines:
            key = line.text.strip()
            if len(key) < 8 or key in seen:
                continue
            seen.add(key)
            state.counts[key] += 1
            yield Candidate(key, self.finding(doc, line.start, line.end, "line recurs across the source"))

    def decide(self, candidate: Candidate, state: LineCounts) -> Finding | None:
        n = state.counts[candidate.key]
        if n < int(self.opts["min_documents"]):
            return None
        from dataclasses import replace

        return replace(candidate.finding, message=f"line recurs in {n} documents of the source")


class CrashesOnMarker(DocumentRule):
    """
    ## What it does
    Raises on documents holding CRASH-ME; kills its worker process on KILL-WORKER.

    ## Why it matters
    Tests crash handling in workers.

    ## Example
    CRASH-ME
    """

    code = "PL997"
    name = "crashes-on-marker"
    category = Category.REWRITE
    severity = Severity.WARNING
    summary = "Crashes on purpose."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        if "KILL-WORKER" in doc.text and multiprocessing.parent_process() is not None:
            # As the kernel's OOM killer would: no Python-level exit that an isolation layer could intercept.
            os.kill(os.getpid(), signal.SIGKILL)
        if "CRASH-ME" in doc.text or "KILL-WORKER" in doc.text:
            raise RuntimeError("marker found")
        return ()


class HangsOnMarker(DocumentRule):
    """
    ## What it does
    Never returns on documents holding HANG-HERE.

    ## Why it matters
    Tests that the plugin rule host's watchdog stops a hanging rule in every runner.

    ## Example
    HANG-HERE
    """

    code = "PL994"
    name = "hangs-on-marker"
    category = Category.REWRITE
    severity = Severity.WARNING
    summary = "Hangs on purpose."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        while "HANG-HERE" in doc.text:
            time.sleep(0.05)
        return ()


class Unmergeable(SourceState):
    """A state whose merge always raises: a plugin bug the runners must survive alike."""

    def __init__(self) -> None:
        self.documents = 1

    def merge(self, other: Any) -> None:
        raise ValueError("cannot merge these states")

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents}


class BrokenMerge(SourceRule[Unmergeable]):
    """
    ## What it does
    Proposes one candidate per document; its state's merge always raises.

    ## Why it matters
    Tests that every runner guards a plugin's raising merge the same way.

    ## Example
    Two documents of one source.
    """

    code = "PL996"
    name = "broken-merge"
    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "Merges badly on purpose."

    def new_state(self) -> Unmergeable:
        return Unmergeable()

    def observe(self, doc: PreparedDocument, state: Unmergeable) -> Iterable[Candidate]:
        yield Candidate(doc.document.id, self.finding(doc, 0, 0, "seen once in its source"))

    def decide(self, candidate: Candidate, state: Unmergeable) -> Finding | None:
        return candidate.finding


#: The process that runs the test; any other process (a --jobs or Dask worker) is "busy".
PARENT_PID_VARIABLE = "PROVLINT_TEST_PARENT_PID"


class SlowInWorkers(DocumentRule):
    """
    ## What it does
    Sleeps past a small time budget on documents holding SLOW-HERE, but only
    outside the test's own process, and reports every document holding it.

    ## Why it matters
    Tests that a busy worker changes no finding (PL007 is a run diagnostic).

    ## Example
    SLOW-HERE
    """

    code = "PL995"
    name = "slow-in-workers"
    category = Category.REWRITE
    severity = Severity.INFO
    summary = "Slow in worker processes on purpose."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        at = doc.text.find("SLOW-HERE")
        if at < 0:
            return
        if str(os.getpid()) != os.environ.get(PARENT_PID_VARIABLE):
            import time

            time.sleep(0.05)
        yield self.finding(doc, at, at + 9, "slow marker")


class FailsDeciding(SourceRule[LineCounts]):
    """
    ## What it does
    Proposes one candidate per document holding DECIDE-RAISES or DECIDE-KILLS and reports it at the end; its
    decide raises on the first marker and, in any process but the test's own, kills that process on the second.

    ## Why it matters
    Tests that the end-of-run decisions made in worker processes fail as the serial run's do.

    ## Example
    DECIDE-RAISES
    """

    code = "PL993"
    name = "fails-deciding"
    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "Fails while deciding, on purpose."

    def new_state(self) -> LineCounts:
        return LineCounts()

    def observe(self, doc: PreparedDocument, state: LineCounts) -> Iterable[Candidate]:
        for marker in ("DECIDE-RAISES", "DECIDE-KILLS", "DECIDE-FINE"):
            at = doc.text.find(marker)
            if at >= 0:
                state.counts[marker] += 1
                yield Candidate(marker, self.finding(doc, at, at + len(marker), f"{marker} seen"))

    def decide(self, candidate: Candidate, state: LineCounts) -> Finding | None:
        if candidate.key == "DECIDE-KILLS" and str(os.getpid()) != os.environ.get(PARENT_PID_VARIABLE):
            os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would, while the worker decides
        if candidate.key == "DECIDE-RAISES":
            raise RuntimeError("cannot decide")
        from dataclasses import replace

        return replace(candidate.finding, message=f"{candidate.key} in {state.counts[candidate.key]} documents")
