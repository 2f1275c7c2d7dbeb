"""Every rule's cost grows linearly with its input: the time on 8n against the time on n, as a ratio.

test_linear_time.py catches a rule that takes hours on pathological input.
This catches the milder kind that still hurts on real pages: a rule that
compares every line with every other line (issue 19: PL203 on a listing page,
PL205 on a page repeated many times) finishes in seconds on one page and in
minutes on sixteen. Each input is built at two sizes, n and 8n, from one
generator, and each rule is timed on both in the same test run: linear work
takes about 8 times as long on the larger input, quadratic work about 64
times. A ratio above :data:`LIMIT` fails.

Timing is CPU time of this process with the garbage collector paused, the
best of a few runs, so other processes on a shared machine barely move it;
inputs where the larger run stays under :data:`FLOOR_SECONDS` pass, since
nothing that fast can hurt. ``test_a_quadratic_rule_fails`` shows that the
check fails where it should.
"""

from __future__ import annotations

import gc
import gzip
import json
import time
from collections.abc import Callable, Iterable
from functools import cache

import pytest

from provlint import Document
from provlint.model import Category, Finding, Severity
from provlint.prepare import PreparedDocument
from provlint.registry import get_registry
from provlint.rule import DocumentRule, Rule, SourceRule, is_runnable
from tests.conftest import ROOT

#: Linear work gives about 8 (more with cache effects); quadratic about 64.
LIMIT = 24.0
#: A rule under this on the larger input cannot hurt, whatever its ratio (timer noise dominates there).
FLOOR_SECONDS = 0.02
RUNS = 3


@cache
def _page() -> str:
    """A real page (scrapinghub-aeb, MIT): menus, teasers and prose, one line per HTML block."""
    path = ROOT / "tests" / "fixtures" / "eval" / "scrapinghub-aeb.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        pages = [json.loads(line)["text"] for line in handle if line.strip()]
    page = min(pages, key=lambda text: abs(len(text) - 6000))
    return page[: page.index("\n", 3000)]


@cache
def _seed() -> str:
    text = (ROOT / "seeds" / "000_594639b3d20ec59d.txt").read_text(encoding="utf-8")
    return text[: text.index("\n", 2500)]


def _teasers(copies: int) -> str:
    """A listing page: every article's cut-off teaser, then the articles' full first paragraphs."""
    fulls = [
        f"Article {i} reports that the regional minister spoke about the budget on day {i % 7}" for i in range(copies)
    ]
    teasers = [full[:48] + "..." for full in fulls]
    return "\n".join(teasers + [full + " before a long debate in parliament ended." for full in fulls])


def _recaps(copies: int) -> str:
    """An article followed by a numbered recap list, again and again (recap lists, citations, headings)."""
    block = _seed()
    items = [" ".join(s.split()) for s in block.split(". ") if len(s.split()) > 6][:3]
    recap = "\n".join(f"{n}. {item}." for n, item in enumerate(items, 1))
    return "\n\n".join(f"{block}\n\nKey points:\n{recap}" for _ in range(copies))


def _block_then_doubled(count: int) -> str:
    """Distinct lines, then the same lines each twice: every line's copies span all the others (PL201's fields)."""
    lines = [f"Catalogue entry number {i} of the spring list" for i in range(count)]
    return "\n".join(lines + [line for line in lines for _ in range(2)])


#: name -> (make(scale), base scale). The larger input is make(8 * base). Repeated pages start at two
#: copies: the second copy turns every line into a repeat, and findings are part of the work.
INPUTS: dict[str, tuple[Callable[[int], str], int]] = {
    "real page repeated": (lambda k: "\n".join([_page()] * k), 2),
    "seed article repeated": (lambda k: "\n\n".join([_seed()] * k), 2),
    "one-character lines": (lambda k: "a\n" * k, 1500),
    "teasers and full paragraphs": (_teasers, 200),
    "numbered recap lists": (_recaps, 3),
    "lines between blank lines": (lambda k: "The same short line is here again\n\n\n" * k, 300),
    "a block, then its lines doubled": (_block_then_doubled, 100),
    # Only for test_a_quadratic_rule_fails: small, since the rule there is quadratic on purpose.
    "probe": (lambda k: "a\n" * k, 300),
}
RULE_INPUTS = [name for name in INPUTS if name != "probe"]
RULES = sorted((c for c in get_registry().rule_classes() if is_runnable(c)), key=lambda c: c.code)


@cache
def prepared(name: str, scale: int) -> PreparedDocument:
    make, _ = INPUTS[name]
    doc = PreparedDocument(Document(id=name, text=make(scale), path=name, source="example.org"))
    for attr in ("lines", "paragraphs", "sentences", "words", "word_texts"):  # shared, as the engine shares them
        getattr(doc, attr)
    return doc


def run_rule(rule: Rule, doc: PreparedDocument) -> None:
    if isinstance(rule, SourceRule):
        state = rule.new_state()
        for candidate in list(rule.observe(doc, state)):
            rule.decide(candidate, state)
    else:
        assert isinstance(rule, DocumentRule)
        for _ in rule.check(doc):
            pass


def cpu_seconds(fn: Callable[[], None], runs: int) -> float:
    """The best CPU time of ``runs`` calls, with the cyclic collector paused."""
    best = float("inf")
    enabled = gc.isenabled()
    for _ in range(runs):
        gc.disable()
        try:
            began = time.process_time()
            fn()
            best = min(best, time.process_time() - began)
        finally:
            if enabled:
                gc.enable()
    return best


def growth(rule: Rule, name: str) -> tuple[float, float]:
    """(seconds on n, seconds on 8n) of ``rule`` on input ``name``; a second look when the first is suspect."""
    _, base = INPUTS[name]
    small, large = prepared(name, base), prepared(name, 8 * base)
    run_rule(rule, small)  # compile patterns and load data outside the timings
    for runs in (1, RUNS):
        t_small = cpu_seconds(lambda: run_rule(rule, small), runs)
        t_large = cpu_seconds(lambda: run_rule(rule, large), runs)
        if t_large < FLOOR_SECONDS or t_large <= LIMIT * max(t_small, 1e-6):
            break
    return t_small, t_large


def too_slow(rule: Rule, names: Iterable[str]) -> list[str]:
    out = []
    for name in names:
        t_small, t_large = growth(rule, name)
        if t_large >= FLOOR_SECONDS and t_large > LIMIT * max(t_small, 1e-6):
            out.append(f"{name}: {1000 * t_small:.1f} ms on n, {1000 * t_large:.1f} ms on 8n")
    return out


@pytest.mark.parametrize("cls", RULES, ids=[c.code for c in RULES])
def test_rule_time_grows_linearly(cls: type[Rule]) -> None:
    slow = too_slow(cls(), RULE_INPUTS)
    assert slow == [], f"{cls.code} grows faster than its input (limit {LIMIT:.0f}x for 8x): {'; '.join(slow)}"


def test_preparation_time_grows_linearly() -> None:
    slow = []
    for name in RULE_INPUTS:
        make, base = INPUTS[name]
        texts = make(base), make(8 * base)

        def prepare(text: str) -> Callable[[], None]:
            def go() -> None:
                doc = PreparedDocument(Document(id="x", text=text))
                for attr in ("lines", "paragraphs", "sentences", "words", "word_texts"):
                    getattr(doc, attr)

            return go

        t_small, t_large = (cpu_seconds(prepare(t), RUNS) for t in texts)
        if t_large >= FLOOR_SECONDS and t_large > LIMIT * t_small:
            slow.append(name)
    assert slow == []


class EveryLineAgainstEveryLine(DocumentRule):
    """
    ## What it does
    Compares every line with every other line: the quadratic rule the check must catch.
    ## Why it matters
    It proves the check can fail.
    ## Example
    None.
    """

    code = "PL999"
    name = "every-line-against-every-line"
    category = Category.DUPLICATION
    severity = Severity.INFO
    summary = "Quadratic on purpose."

    def check(self, doc: PreparedDocument) -> Iterable[Finding]:
        texts = [line.text for line in doc.lines]
        same = sum(1 for a in texts for b in texts if a == b)
        return [] if same < 0 else []


def test_a_quadratic_rule_fails() -> None:
    slow = too_slow(EveryLineAgainstEveryLine(), ["probe"])
    assert len(slow) == 1 and slow[0].startswith("probe: ")
