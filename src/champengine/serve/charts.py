"""Charts as inline SVG, drawn here: nothing to fetch when a page opens, nothing to run.

Why our own SVG and no charting library: the pages must open offline and from a
file, with no request leaving the machine; a line chart of points over rounds is
a few dozen elements, which a library would bring a renderer of megabytes (or a
script engine in the page) to draw. The SVG is text in the page: it prints, scales
to a phone's width, and a test can read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

#: colours that stay apart for the common kinds of colour blindness (Okabe and Ito)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000",
           "#F0E442")

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 44, 170, 28, 36


def _ticks(top: float) -> list[float]:
    """Four or five round steps from 0 to at least ``top``."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / 4
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    ticks, value = [], 0.0
    while value < top + step * 0.999:
        ticks.append(value)
        value += step
    return ticks


def _label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def line_chart(title: str, x_labels: Sequence[str],
               series: Sequence[tuple[str, Sequence[float | None], str]],
               *, y_title: str = "points", dashed: Sequence[bool] | None = None,
               positions: bool = False, hues: Sequence[int] | None = None) -> str:
    """An SVG line chart: one line per series (name, a value per x label or None, css
    class), named in a legend; ``dashed`` draws a series dashed; ``positions`` puts 1
    at the top and counts down (a position chart); ``hues`` picks each series' colour
    (by default each its own)."""
    values = [v for _, ys, _ in series for v in ys if v is not None]
    if positions:
        ticks = [float(p) for p in range(1, int(max(values, default=1)) + 1)]
    else:
        ticks = _ticks(max(values, default=0))
    top = ticks[-1] or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(x_labels), 1)

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        if positions:
            return TOP + (plot_h * (v - 1) / (top - 1) if top > 1 else 0)
        return TOP + plot_h - plot_h * v / top

    parts = [f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>",
             f'<text class="chart-title" x="{LEFT}" y="16">{escape(title)}</text>']
    for t in ticks:
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(t):.1f}" '
                     f'y2="{y(t):.1f}"/><text class="tick" x="{LEFT - 6}" y="{y(t) + 4:.1f}" '
                     f'text-anchor="end">{_label(t)}</text>')
    every = -(-len(x_labels) // 8)  # at most eight labels along the bottom
    for i, label in enumerate(x_labels):
        if i % every:
            continue
        parts.append(f'<text class="tick" x="{x(i):.1f}" y="{TOP + plot_h + 16}" '
                     f'text-anchor="middle">{escape(label)}</text>')
    parts.append(f'<text class="tick" x="12" y="{TOP + plot_h / 2:.0f}" '
                 f'transform="rotate(-90 12 {TOP + plot_h / 2:.0f})" text-anchor="middle">'
                 f"{escape(y_title)}</text>")
    for k, (name, ys, css) in enumerate(series):
        colour = PALETTE[(hues[k] if hues else k) % len(PALETTE)]
        points = [(x(i), y(v)) for i, v in enumerate(ys) if v is not None]
        if not points:
            continue
        dash = ' stroke-dasharray="6 4"' if dashed and dashed[k] else ""
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<g class="series {escape(css)}"><title>{escape(name)}</title>'
                     f'<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dash} '
                     f'points="{path}"/>')
        if len(points) <= 24:  # a dot per value, where there is room for it
            parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>'
                      for px, py in points]
        parts.append("</g>")
        ly = TOP + 14 * k + 6
        parts.append(f'<line x1="{WIDTH - RIGHT + 12}" x2="{WIDTH - RIGHT + 30}" y1="{ly}" '
                     f'y2="{ly}" stroke="{colour}" stroke-width="3"{dash}/>'
                     f'<text class="legend" x="{WIDTH - RIGHT + 34}" y="{ly + 4}">'
                     f"{escape(name[:26])}</text>")
    parts.append("</svg>")
    return "".join(parts)


def progression(doc: dict, leaders: int = 5) -> str:
    """The points of a standings table's leaders, added up round by round."""
    rounds = doc["rounds"]
    series = []
    for row in doc["rows"][:leaders]:
        running, ys = 0.0, []
        for r in rounds:
            running += row["by_round"].get(r) or 0
            ys.append(running)
        series.append((row["name"], ys, "leader"))
    title = f"{doc['class']} {doc['table']}: points after each round"
    return line_chart(title, [r[:3].upper() for r in rounds], series)


def positions_over_time(title: str, times: Sequence[str],
                        cars: Sequence[tuple[str, Sequence[int | None]]]) -> str:
    """A position chart: each car's place in its class at each race time."""
    return line_chart(title, times, [(name, ps, "car") for name, ps in cars],
                      y_title="position", positions=True)


def _running(row: dict, rounds: Sequence[str]) -> list[float]:
    total, out = 0.0, []
    for r in rounds:
        total += row["by_round"].get(r) or 0
        out.append(total)
    return out


def beside(base: dict, branch: dict, leaders: int = 4) -> str:
    """A what-if beside its base: the branch's leaders, their points in the log (solid)
    and in the branch (dashed)."""
    rounds = branch["rounds"]
    base_rows = {r["key"] if "key" in r else r["name"]: r for r in base["rows"]}
    series, dashed, hues = [], [], []
    for n, row in enumerate(branch["rows"][:leaders]):
        was = base_rows.get(row["key"] if "key" in row else row["name"])
        if was is not None:
            series.append((f"{row['name']} (log)", _running(was, rounds), "base"))
            dashed.append(False)
            hues.append(n)
        series.append((f"{row['name']} (what-if)", _running(row, rounds), "branch"))
        dashed.append(True)
        hues.append(n)
    title = f"{branch['class']} {branch['table']}: the log and the what-if"
    return line_chart(title, [r[:3].upper() for r in rounds], series, dashed=dashed,
                      hues=hues)
