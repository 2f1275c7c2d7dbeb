"""The HTML report: one self-contained file, inert whatever the documents hold.

No network at view time: the CSS and the small sorting script are inline and
the chart is inline SVG. Every piece of text that comes from data (sources,
ids, paths, messages, excerpts) goes through :func:`html.escape`. On top of
that, a Content-Security-Policy meta tag allows nothing but this page's own
style and script, identified by their SHA-256 hashes: even text that slipped
through escaping could not run a script, an event handler or load anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
from typing import Any

from ..model import Category
from ..scorecard import Scorecard
from .model import ScorecardReport

CATEGORIES = [c.value for c in Category]
GRADE_COLOURS = {"A": "#2e7d32", "B": "#689f38", "C": "#f9a825", "D": "#ef6c00", "F": "#c62828"}

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#222;max-width:80rem}
h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:right;vertical-align:top}
th:first-child,td:first-child,td.text{text-align:left}
th button{all:unset;cursor:pointer;font-weight:bold}th button:focus{outline:2px solid #1565c0}
th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
tr.total td{font-weight:bold;background:#f5f5f5}
.grade{font-weight:bold}.muted{color:#777}
code,.excerpt{font-family:ui-monospace,monospace;font-size:.85rem}
.excerpt{color:#555;white-space:pre-wrap;word-break:break-word}
ul.findings{margin:.2rem 0 1rem 0;padding-left:1.2rem}
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
  var wanted=/^#sort=(\\d+)(-desc)?$/.exec(window.location.hash);
  var sources=document.getElementById('sources');
  if(wanted&&sources){
    var th=sources.querySelectorAll('thead th')[parseInt(wanted[1],10)];
    if(th){var b=th.querySelector('button');b.click();if(wanted[2]){b.click();}}
  }
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


def render_html(report: ScorecardReport) -> str:
    total = report.total
    w = report.weights
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
        f'<p>Overall <span class="grade">{total.score(w):.1f} ({e(total.grade(w))})</span> over {total.documents} '
        f"documents and {total.words:,} words from {len(report.cards)} sources. "
        f'<span class="muted">provlint {e(report.version)}</span></p>',
        "<h2>Scores</h2>",
        _chart(report),
        "<h2>Sources</h2>",
        '<p class="muted">Click a column heading to sort.</p>',
        _sources_table(report),
        "<h2>Findings by category</h2>",
        _category_table(report),
    ]
    if report.comparison is not None:
        parts += [f"<h2>Change since {e(report.comparison.baseline)}</h2>", _comparison_table(report)]
    parts += ["<h2>Worst documents</h2>", _worst(report), f"<script>{SCRIPT}</script>", "</body></html>"]
    return "\n".join(parts) + "\n"


def _chart(report: ScorecardReport) -> str:
    cards = list(report.cards.values())
    bar_h, gap, label_w, width = 22, 6, 220, 640
    height = max(1, len(cards)) * (bar_h + gap) + gap
    rows = []
    for i, card in enumerate(cards):
        score, grade = card.score(report.weights), card.grade(report.weights)
        y = gap + i * (bar_h + gap)
        bar = (width - label_w - 60) * score / 100.0
        label = card.source if len(card.source) <= 30 else card.source[:29] + "…"
        rows.append(
            f"<g><title>{e(card.source)}: {score:.1f} ({e(grade)})</title>"
            f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end" font-size="13" fill="#222">{e(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{bar:.1f}" height="{bar_h}" fill="{GRADE_COLOURS.get(grade, "#777")}"></rect>'
            f'<text x="{label_w + bar + 6:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="13" fill="#222">{score:.1f} {e(grade)}</text></g>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Score per source" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">' + "".join(rows) + "</svg>"
    )


def _head(columns: list[str]) -> str:
    cells = "".join(f'<th scope="col"><button type="button">{e(c)}</button></th>' for c in columns)
    return f"<thead><tr>{cells}</tr></thead>"


def _row(card: Scorecard, report: ScorecardReport, css: str = "") -> str:
    d = card.to_dict(report.weights)
    r = d["readability_summary"]
    langs = ", ".join(f"{lang} {n}" for lang, n in sorted(card.languages.items(), key=lambda kv: (-kv[1], kv[0])))
    explanation = "; ".join(d["explanation"]) or "no penalties"
    cells = [
        f'<td class="text">{e(card.source)}</td>',
        f"<td>{card.documents}</td>",
        f'<td data-value="{card.words}">{card.words:,}</td>',
        f"<td>{card.findings}</td>",
        f"<td>{d['findings_per_1000_words']:.1f}</td>",
        f'<td data-value="{d["boilerplate_share"]}">{100 * d["boilerplate_share"]:.1f}%</td>',
        f'<td data-value="{r["median"] if r else -999}">{"%.1f" % r["median"] if r else "-"}</td>',
        f'<td data-value="{r["mean"] if r else -999}">{"%.1f" % r["mean"] if r else "-"}</td>',
        f'<td class="text">{e(langs) or "-"}</td>',
        f"<td>{d['score']:.1f}</td>",
        f'<td class="grade">{e(d["grade"])}</td>',
        f'<td class="text">{e(explanation)}</td>',
    ]
    return (f'<tr class="{css}">' if css else "<tr>") + "".join(cells) + "</tr>"


def _sources_table(report: ScorecardReport) -> str:
    head = _head(
        [
            "source",
            "docs",
            "words",
            "findings",
            "per 1k words",
            "boilerplate",
            "Flesch median",
            "Flesch mean",
            "languages",
            "score",
            "grade",
            "why",
        ]
    )
    body = "".join(_row(c, report) for c in report.cards.values())
    foot = _row(report.total, report, "total")
    return f'<table class="sortable" id="sources">{head}<tbody>{body}</tbody><tfoot>{foot}</tfoot></table>'


def _category_table(report: ScorecardReport) -> str:
    columns = ["source"] + [f"{c} (per 1k / docs affected)" for c in CATEGORIES]
    rows = []
    for card in report.cards.values():
        cells = [f'<td class="text">{e(card.source)}</td>']
        for c in CATEGORIES:
            n = card.by_category.get(c, 0)
            share = card.documents_affected.get(c, 0) / card.documents if card.documents else 0.0
            cells.append(
                f'<td data-value="{card.per_1000_words(n):.4f}">{n} · {card.per_1000_words(n):.1f} / {100 * share:.0f}%</td>'
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="sortable" id="categories">{_head(columns)}<tbody>{"".join(rows)}</tbody></table>'


def _comparison_table(report: ScorecardReport) -> str:
    assert report.comparison is not None
    rows = []
    for c in report.comparison.changes:
        rows.append(
            f'<tr><td class="text">{e(c.source)}</td><td>{"-" if c.old is None else f"{c.old:.1f}"}</td>'
            f"<td>{'-' if c.new is None else f'{c.new:.1f}'}</td>"
            f'<td data-value="{c.delta if c.delta is not None else 0}">{"-" if c.delta is None else f"{c.delta:+.1f}"}</td></tr>'
        )
    return f'<table class="sortable" id="comparison">{_head(["source", "before", "now", "change"])}<tbody>{"".join(rows)}</tbody></table>'


def _worst(report: ScorecardReport) -> str:
    if not report.worst:
        return "<p>No document has findings.</p>"
    out = ['<ol class="worst">']
    for doc in report.worst:
        more = doc.total_findings - len(doc.findings)
        out.append(
            f'<li><p><strong>{e(doc.path or doc.document_id)}</strong> <span class="muted">{e(doc.source)}, '
            f'{doc.words:,} words, {doc.total_findings} findings</span></p><ul class="findings">'
        )
        for f in doc.findings:
            out.append(
                f"<li><code>{f['line']}:{f['column']}</code> <code>{e(f['code'])}</code> [{e(f['name'])}] "
                f"{e(f['message'])}"
                + (f'<div class="excerpt">{e(f["excerpt"])}</div>' if f.get("excerpt") else "")
                + "</li>"
            )
        if more > 0:
            out.append(f'<li class="muted">… and {more} more</li>')
        out.append("</ul></li>")
    out.append("</ol>")
    return "".join(out)
