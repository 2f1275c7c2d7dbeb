"""The HTML report: one self-contained file, inert whatever the documents hold.

No network at view time: the CSS and the small script (sorting, filtering)
are inline and the chart is inline SVG. Every piece of text that comes from
data (sources, ids, URLs, paths, messages, excerpts) goes through
:func:`html.escape`. On top of that, a Content-Security-Policy meta tag allows
nothing but this page's own style and script, identified by their SHA-256
hashes: even text that slipped through escaping could not run a script, an
event handler or load anything.

What a reader wants first comes first: sources worst first, a box saying how
the score works, each source's measured values and the points they cost, a
filter for long source lists, per-rule and per-category breakdowns (columns
that are zero for every source are left out), the comparison with changed
sources first, and the worst documents named by id and URL.
"""

from __future__ import annotations

import base64
import hashlib
import html
from typing import Any

from ..model import Category
from ..scorecard import MEASURES, Scorecard, settings
from .base import ScorecardFormat, score_delta
from .report import ScorecardReport

CATEGORIES = [c.value for c in Category]
GRADE_COLOURS = {"A": "#2e7d32", "B": "#689f38", "C": "#f9a825", "D": "#ef6c00", "F": "#c62828"}

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#222;max-width:90rem}
h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:right;vertical-align:top}
th:first-child,td:first-child,td.text{text-align:left}
th button{all:unset;cursor:pointer;font-weight:bold}th button:focus{outline:2px solid #1565c0}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
tr.total td{font-weight:bold;background:#f5f5f5}
.grade{font-weight:bold}.muted{color:#777}.cost{color:#b71c1c}
.how{border:1px solid #90caf9;background:#e3f2fd;padding:.5rem 1rem;border-radius:4px}
code,.excerpt{font-family:ui-monospace,monospace;font-size:.85rem}
.excerpt{color:#555;white-space:pre-wrap;word-break:break-word}
ul.findings{margin:.2rem 0 1rem 0;padding-left:1.2rem}
details.source{margin:.3rem 0}details.source summary{cursor:pointer}
input#filter{font-size:1rem;padding:.3rem;width:20rem}
"""

SCRIPT = """
(function(){
  function value(cell){var v=cell.getAttribute('data-value');return v===null?cell.textContent:v;}
  document.querySelectorAll('table.sortable').forEach(function(table){
    var heads=table.querySelectorAll('thead th');
    heads.forEach(function(th,index){
      var button=th.querySelector('button');if(!button){return;}
      button.addEventListener('click',function(){
        var asc=th.getAttribute('aria-sort')!=='ascending';
        heads.forEach(function(h){h.removeAttribute('aria-sort');});
        th.setAttribute('aria-sort',asc?'ascending':'descending');
        var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){
          var x=value(a.cells[index]),y=value(b.cells[index]);var nx=parseFloat(x),ny=parseFloat(y);
          var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:String(x).localeCompare(String(y));
          return asc?c:-c;});
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
  var filter=document.getElementById('filter');var count=document.getElementById('filter-count');
  function apply(){
    var q=filter.value.trim().toLowerCase();var shown=0;var all=0;
    document.querySelectorAll('[data-source]').forEach(function(el){
      var hit=q===''||el.getAttribute('data-source').toLowerCase().indexOf(q)!==-1;
      el.hidden=!hit;
      if(el.tagName==='TR'&&el.parentNode.parentNode.id==='sources'){all++;if(hit){shown++;}}
    });
    count.textContent=shown+' of '+all+' sources shown';
  }
  if(filter){filter.addEventListener('input',apply);}
  var hash=window.location.hash;
  var wanted=/^#sort=(\\d+)(-desc)?$/.exec(hash);
  var sources=document.getElementById('sources');
  if(wanted&&sources){
    var th=sources.querySelectorAll('thead th')[parseInt(wanted[1],10)];
    if(th){var b=th.querySelector('button');b.click();if(wanted[2]){b.click();}}
  }
  var q=/^#filter=(.*)$/.exec(hash);
  if(q&&filter){filter.value=decodeURIComponent(q[1]);apply();}
  document.documentElement.setAttribute('data-sortable','ready');
})();
"""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = (
    "default-src 'none'; "
    f"style-src {_hash(STYLE)}; script-src {_hash(SCRIPT)}; "
    "img-src 'none'; font-src 'none'; connect-src 'none'; object-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)


def e(value: Any) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def _score_text(card: Scorecard, report: ScorecardReport) -> str:
    v = card.verdict(report.weights)
    return f"{v.score:.1f} ({v.grade})" if v.score is not None else f"{v.grade}: {v.reason}"


def render_html(report: ScorecardReport) -> str:
    total = report.total
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>provlint scorecard</title>",
        f"<style>{STYLE}</style>",
        "</head><body>",
        "<h1>provlint scorecard</h1>",
        f'<p>Overall <span class="grade">{e(_score_text(total, report))}</span> over {total.documents} '
        f"documents and {total.words:,} words from {len(report.cards)} sources. "
        f'<span class="muted">provlint {e(report.version)}</span></p>',
        _how(report),
        "<h2>Sources, worst first</h2>",
        '<p><label for="filter">Filter sources: </label><input type="search" id="filter" '
        'placeholder="part of a source name" autocomplete="off"> '
        f'<span id="filter-count" class="muted">{len(report.cards)} of {len(report.cards)} sources shown</span></p>',
        _chart(report),
        '<p class="muted">Each measure cell: the measured value, then the points it cost. '
        "Click a column heading to sort.</p>",
        _sources_table(report),
        "<h2>Per source: measures, categories and rules</h2>",
        _breakdown(report),
        "<h2>Findings per rule</h2>",
        _rule_table(report),
    ]
    if report.comparison is not None:
        parts += [
            f"<h2>Change since {e(report.comparison.baseline)} (changed sources first)</h2>",
            _comparison_table(report),
        ]
    parts += ["<h2>Worst documents</h2>", _worst(report), f"<script>{SCRIPT}</script>", "</body></html>"]
    return "\n".join(parts) + "\n"


def _how(report: ScorecardReport) -> str:
    w = settings(report.weights)
    rows = "".join(
        f'<tr><td class="text">{e(m.key)}</td><td class="text">{e(m.codes)}</td>'
        f'<td class="text">{e(m.unit)} {e(m.what)}</td><td>{float(w[f"weight-{m.key}"]):g}</td>'
        f"<td>{float(w[f'ceiling-{m.key}']):g}</td></tr>"
        for m in MEASURES
    )
    return (
        '<section class="how" id="how-score"><h2>How the score works</h2>'
        "<p>A source starts at 100 and loses points for what is <em>measured</em> in its text, not for how many "
        "findings there are: the share of its characters covered by boilerplate and scraping findings (overlapping "
        "findings count once), problems per 1,000 words, and the share of documents that could not be read. "
        "Each measure costs <code>max &times; (1 &minus; e<sup>&minus;weight &times; value / max</sup>)</code> "
        "points: <code>weight</code> points per unit at first, never more than <code>max</code>, and always more "
        f"for a larger value. Sources with fewer than {int(w['min-words']):,} words are too small to grade; "
        "sources with no linted words (empty, all documents failed or skipped) get no score (n/a). "
        "Grades: A &ge; 90, B &ge; 80, C &ge; 70, D &ge; 60, else F.</p>"
        '<table id="measures"><thead><tr><th>measure</th><th>rules</th><th>value</th><th>weight</th><th>max</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _chart(report: ScorecardReport) -> str:
    cards = report.worst_first()
    bar_h, gap, label_w, width = 22, 6, 220, 640
    height = max(1, len(cards)) * (bar_h + gap) + gap
    rows = []
    for i, card in enumerate(cards):
        v = card.verdict(report.weights)
        y = gap + i * (bar_h + gap)
        score = v.score if v.score is not None else 0.0
        bar = (width - label_w - 60) * score / 100.0
        label = card.source if len(card.source) <= 30 else card.source[:29] + "…"
        shown = f"{score:.1f} {v.grade}" if v.score is not None else v.grade
        rows.append(
            f'<g data-source="{e(card.source)}"><title>{e(card.source)}: {e(_score_text(card, report))}</title>'
            f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end" font-size="13" fill="#222">{e(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{bar:.1f}" height="{bar_h}" fill="{GRADE_COLOURS.get(v.grade, "#777")}"></rect>'
            f'<text x="{label_w + bar + 6:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="13" fill="#222">{e(shown)}</text></g>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Score per source" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">' + "".join(rows) + "</svg>"
    )


def _head(columns: list[str]) -> str:
    cells = "".join(f'<th scope="col"><button type="button">{e(c)}</button></th>' for c in columns)
    return f"<thead><tr>{cells}</tr></thead>"


def _shown_measures(report: ScorecardReport) -> list[str]:
    """Measures with a value for some source (a column of zeros says nothing)."""
    keys = []
    for m in MEASURES:
        if any(
            c.measure.key == m.key and c.value > 0 for card in report.cards.values() for c in card.costs(report.weights)
        ):
            keys.append(m.key)
    return keys


def _row(card: Scorecard, report: ScorecardReport, measures: list[str], total: bool = False) -> str:
    v = card.verdict(report.weights)
    r = card.readability_summary()
    langs = ", ".join(f"{lang} {n}" for lang, n in sorted(card.languages.items(), key=lambda kv: (-kv[1], kv[0])))
    costs = {c.measure.key: c for c in card.costs(report.weights)}
    cells = [
        f'<td class="text">{e(card.source)}</td>',
        f"<td>{card.documents}</td>",
        f'<td data-value="{card.words}">{card.words:,}</td>',
    ]
    for key in measures:
        c = costs[key]
        shown = f"{c.value:.1f}%" if c.measure.unit == "%" else f"{c.value:.2f}"
        cost = f' <span class="cost">&minus;{c.points:.1f}</span>' if c.points else ""
        cells.append(f'<td data-value="{c.value:.4f}">{shown}{cost}</td>')
    if v.score is None:
        why = v.reason
    else:
        paid = sorted((c for c in costs.values() if c.points), key=lambda c: -c.points)
        why = "; ".join(f"{c.measure.key} −{c.points:.1f}" for c in paid) or "nothing measured against it"
    cells += [
        f'<td data-value="{r["median"] if r else -999}">{"%.1f" % r["median"] if r else "-"}</td>',
        f'<td class="text">{e(langs) or "-"}</td>',
        f'<td data-value="{v.score if v.score is not None else -1}">{v.score if v.score is not None else e(v.grade)}</td>',
        f'<td class="grade">{e(v.grade)}</td>',
        f'<td class="text">{e(why)}</td>',
    ]
    attrs = ' class="total"' if total else f' data-source="{e(card.source)}"'
    return f"<tr{attrs}>" + "".join(cells) + "</tr>"


def _sources_table(report: ScorecardReport) -> str:
    measures = _shown_measures(report)
    labels = [f"{key} {'%' if next(m for m in MEASURES if m.key == key).unit == '%' else '/1k'}" for key in measures]
    head = _head(["source", "docs", "words", *labels, "Flesch median", "languages", "score", "grade", "why"])
    body = "".join(_row(c, report, measures) for c in report.worst_first())
    foot = _row(report.total, report, measures, total=True)
    return f'<table class="sortable" id="sources">{head}<tbody>{body}</tbody><tfoot>{foot}</tfoot></table>'


def _breakdown(report: ScorecardReport) -> str:
    out = []
    for card in report.worst_first():
        costs = "".join(
            f'<tr><td class="text">{e(c.measure.key)} <span class="muted">{e(c.measure.codes)}</span></td>'
            f"<td>{e(c.shown_value)}</td><td>{c.weight:g}</td><td>{c.ceiling:g}</td><td>&minus;{c.points:.1f}</td></tr>"
            for c in card.costs(report.weights)
        )
        categories = "".join(
            f'<tr><td class="text">{e(cat)}</td><td>{n}</td><td>{card.per_1000_words(n):.2f}</td>'
            f"<td>{100 * card.documents_affected.get(cat, 0) / card.documents if card.documents else 0:.0f}%</td></tr>"
            for cat, n in sorted(card.by_category.items())
        )
        rules = ", ".join(f"{e(code)} {n}" for code, n in sorted(card.by_code.items(), key=lambda kv: (-kv[1], kv[0])))
        v = card.verdict(report.weights)
        out.append(
            f'<details class="source" data-source="{e(card.source)}"><summary><strong>{e(card.source)}</strong> '
            f"{e(_score_text(card, report))}</summary>"
            '<table class="costs"><thead><tr><th>measure</th><th>value</th><th>weight</th><th>max</th><th>points</th>'
            f"</tr></thead><tbody>{costs}</tbody></table>"
            + (f"<p>{e(v.reason)}</p>" if v.reason else "")
            + (
                '<table class="categories"><thead><tr><th>category</th><th>findings</th><th>per 1k words</th>'
                f"<th>documents affected</th></tr></thead><tbody>{categories}</tbody></table>"
                if categories
                else "<p>No findings.</p>"
            )
            + (f"<p>Rules: {rules}</p>" if rules else "")
            + "</details>"
        )
    return "".join(out)


def _rule_table(report: ScorecardReport) -> str:
    codes = sorted({code for card in report.cards.values() for code, n in card.by_code.items() if n})
    if not codes:
        return "<p>No findings.</p>"
    rows = []
    for card in report.worst_first():
        cells = "".join(f"<td>{card.by_code.get(code, 0)}</td>" for code in codes)
        rows.append(f'<tr data-source="{e(card.source)}"><td class="text">{e(card.source)}</td>{cells}</tr>')
    return f'<table class="sortable" id="rules">{_head(["source", *codes])}<tbody>{"".join(rows)}</tbody></table>'


def _comparison_table(report: ScorecardReport) -> str:
    assert report.comparison is not None
    rows = []
    for c in report.comparison.changes:
        attrs = f' data-source="{e(c.source)}"' if c.source in report.cards else ""
        rows.append(
            f'<tr{attrs}><td class="text">{e(c.source)}</td><td>{"n/a" if c.old is None else f"{c.old:.1f}"}</td>'
            f"<td>{'n/a' if c.new is None else f'{c.new:.1f}'}</td>"
            f'<td data-value="{c.delta if c.delta is not None else 0}">{score_delta(c.delta)}</td></tr>'
        )
    return f'<table class="sortable" id="comparison">{_head(["source", "before", "now", "change"])}<tbody>{"".join(rows)}</tbody></table>'


def _worst(report: ScorecardReport) -> str:
    if not report.worst:
        return "<p>No document has findings.</p>"
    out = ['<ol class="worst">']
    for doc in report.worst:
        more = doc.total_findings - len(doc.findings)
        # the URL as text, never a link: the report loads and links to nothing outside itself
        url = f' <code class="url">{e(doc.url)}</code>' if doc.url else ""
        path = f" {e(doc.path)}," if doc.path and doc.path != doc.document_id else ""
        out.append(
            f'<li data-source="{e(doc.source)}"><p><strong>{e(doc.document_id)}</strong>{url} '
            f'<span class="muted">{e(doc.source)},{path} {doc.words:,} words, {doc.total_findings} findings</span></p>'
            '<ul class="findings">'
        )
        shown: set[str] = set()
        for f in doc.findings:
            excerpt = f.get("excerpt") or ""
            quote = excerpt and excerpt not in shown and excerpt not in f["message"]
            shown.add(excerpt)
            out.append(
                f"<li><code>{f['line']}:{f['column']}</code> <code>{e(f['code'])}</code> [{e(f['name'])}] "
                f"{e(f['message'])}" + (f'<div class="excerpt">{e(excerpt)}</div>' if quote else "") + "</li>"
            )
        if more > 0:
            out.append(f'<li class="muted">… and {more} more</li>')
        out.append("</ul></li>")
    out.append("</ol>")
    return "".join(out)


class HtmlFormat(ScorecardFormat):
    name = "html"
    description = "One self-contained HTML page: sources worst first, how the score works, filter, breakdowns."

    def render(self, report: ScorecardReport, color: bool = False) -> str:
        return render_html(report)
