"""The frame every page shares: head, navigation, the stylesheet (screen, phone and
print) and the script that reloads a served page when its season's log grows."""

from __future__ import annotations

from html import escape

STYLE = """
:root { --ink: #1b1f24; --muted: #5b6570; --line: #d7dce1; --band: #f3f5f7; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: #fff; }
header { background: var(--ink); color: #fff; padding: .6rem 1rem; }
header a { color: #fff; text-decoration: none; margin-right: 1rem; }
header .live { float: right; font-size: .8rem; opacity: .8; }
main { padding: 1rem; max-width: 1200px; margin: 0 auto; }
h1 { font-size: 1.4rem; margin: .2rem 0 .6rem; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
a { color: var(--accent); }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; min-width: 100%; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid var(--line); text-align: left;
         white-space: nowrap; }
th { background: var(--band); font-weight: 600; position: sticky; top: 0; }
td.n, th.n { text-align: right; }
tr.provisional td.total::after { content: "*"; color: #b35c00; }
tr.excluded td { color: var(--muted); text-decoration: line-through; }
td.shared::after { content: "="; color: var(--muted); }
td.dropped { color: var(--muted); }
.note { color: var(--muted); font-size: .9rem; }
.tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: .8rem; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; }
.tile ul { margin: .3rem 0 0; padding-left: 1.1rem; }
svg.chart { width: 100%; max-width: 720px; height: auto; display: block; margin: .6rem 0; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .tick, svg.chart .legend { font-size: 11px; fill: var(--muted); }
svg.chart .chart-title { font-size: 13px; font-weight: 600; fill: var(--ink); }
.gained { color: #007a4d; } .lost { color: #b3261e; }
@media (max-width: 600px) {
  body { font-size: 14px; } main { padding: .6rem; } th, td { padding: .2rem .35rem; }
  header a { margin-right: .6rem; }
}
@media print {
  header, .live, nav.more { display: none; }
  body { font-size: 10pt; } main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  th { position: static; } .scroll { overflow: visible; }
  table, svg.chart { page-break-inside: avoid; }
}
"""

#: a served page listens to its season's stream and reloads when the log grows; a page
#: opened from a file has no stream and stays as written
LIVE = """
(function () {
  var season = document.body.getAttribute("data-season");
  var badge = document.getElementById("live");
  if (!season || !/^https?:$/.test(location.protocol) || !window.EventSource) return;
  var root = document.body.getAttribute("data-root") || "/";
  var source = new EventSource(root + "seasons/" + encodeURIComponent(season) + "/stream");
  source.onopen = function () { if (badge) badge.textContent = "live"; };
  source.addEventListener("grew", function () { source.close(); location.reload(); });
  window.addEventListener("pagehide", function () { source.close(); });
})();
"""


def page(title: str, content: str, *, up: str = "", season: str | None = None,
         served_root: str = "/") -> str:
    """A whole HTML page. ``up`` is the relative path to the site's root (``../``)."""
    nav = [f'<a href="{up}index.html">Seasons</a>']
    if season:
        nav.append(f'<a href="{up}{escape(season)}/index.html">{escape(season)}</a>')
    data = f' data-season="{escape(season)}" data-root="{escape(served_root)}"' if season else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="data:,">'
            f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
            f"<body{data}><header>{''.join(nav)}<span class=\"live\" id=\"live\"></span>"
            f"</header><main><h1>{escape(title)}</h1>{content}</main>"
            f"<script>{LIVE}</script></body></html>\n")


def table(headers: list[tuple[str, str]], rows: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """A table: headers as (text, css class), rows as (row class, [(cell html, css)])."""
    head = "".join(f'<th class="{c}">{escape(t)}</th>' for t, c in headers)
    body = "".join(
        f'<tr class="{rc}">' + "".join(f'<td class="{c}">{h}</td>' for h, c in cells) + "</tr>"
        for rc, cells in rows)
    if not rows:
        body = f'<tr><td colspan="{len(headers)}" class="note">(none)</td></tr>'
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>' \
           f"</table></div>"


def text(value) -> str:
    """A cell's text: empty for None, whole numbers whole."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return escape(str(value))


def col(header: str, key: str, css: str = ""):
    """A column of a ``grid``: its header, its css class, and its cell: the row's ``key``."""
    return header, css, lambda r: text(r[key])


def grid(columns, rows, row_class=lambda r: "") -> str:
    """A table of document rows: columns as (header, css class, row -> cell html)."""
    return table([(h, c) for h, c, _ in columns],
                 [(row_class(r), [(cell(r), c) for _, c, cell in columns]) for r in rows])
