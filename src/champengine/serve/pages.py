"""The pages of a season, the same served and written as a static site: its home,
each class's tables (a column per round), the calendar with its changes, entry
lists, classifications with penalties, invitations and the audit trail.

Every page is built from the documents the JSON routes answer with; paths are
relative, so a page works from the server and from a folder alike.
"""

from __future__ import annotations

from html import escape

from ..timeline import Point
from . import charts
from .html import col, grid, page, table, text


def slug(text_: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text_.casefold()).strip("-")


def season_pages(library, snap) -> dict:
    """Relative path -> a function building that page, for every page of a season."""
    from ..documents import reading
    from ..projections import calendar
    from .routes import tables_of

    v = library.view(snap, Point())
    state, season = v.state, snap.season
    running = [r.key for r in calendar.running(state.calendar)]
    classified = [(r, c) for r in running for c in state.classes if (r, c) in state.results.races]
    tables = [(c, t) for c in state.scored_classes() for t in tables_of(state, c)]
    out = {f"{season}/index.html": lambda: home(library, snap, v, tables, classified),
           f"{season}/calendar.html": lambda: calendar_page(v),
           f"{season}/invitations.html": lambda: invitations_page(reading.invitations(v)),
           f"{season}/audit.html": lambda: audit_page(snap)}
    for c, t in tables:
        out[f"{season}/standings/{slug(c)}-{slug(t)}.html"] = (
            lambda c=c, t=t: standings_page(reading.standings_of(v, c, t)))
    for r in running:
        out[f"{season}/entries/{slug(r)}.html"] = lambda r=r: entries_page(
            reading.entries(v, r))
    for r in running:
        if state.timing.timed(r):
            out[f"{season}/timing/{slug(r)}.html"] = lambda r=r: timed_page(v, r)
    for r, c in classified:
        out[f"{season}/classification/{slug(r)}-{slug(c)}.html"] = (
            lambda r=r, c=c: classification_page(reading.classification(v, r, c)))
    return out


def index_page(docs: dict) -> str:
    body = grid([("Season", "", lambda r: f'<a href="{escape(r["season"])}/index.html">'
                                         f'{escape(r["season"])}</a>'),
                 col("Series", "series"), col("Year", "year", "n"), col("Events", "events", "n"),
                 ("Rounds run", "n", lambda r: f'{r["rounds_classified"]} / {r["rounds"]}')],
                docs["rows"])
    return page("Seasons", body)


def _up(path: str) -> str:
    return "../" * path.count("/")


def home(library, snap, v, tables, classified) -> str:
    from ..documents import reading
    from ..projections import calendar

    season = snap.season
    tiles = []
    for c in v.state.scored_classes():
        links = "".join(f'<li><a href="standings/{slug(c)}-{slug(t)}.html">{escape(t)}</a></li>'
                        for cc, t in tables if cc == c)
        races = "".join(
            f'<li><a href="classification/{slug(r)}-{slug(c)}.html">{escape(r)}</a></li>'
            for r, cc in classified if cc == c)
        tiles.append(f'<div class="tile"><strong>{escape(c)}</strong><ul>{links}</ul>'
                     f'<span class="note">Races</span><ul>{races}</ul></div>')
    rounds = "".join(f'<li><a href="entries/{slug(r.key)}.html">{escape(r.name or r.key)}</a></li>'
                     for r in calendar.running(v.state.calendar))
    tiles.append(f'<div class="tile"><strong>Entry lists</strong><ul>{rounds}</ul></div>')
    timed = "".join(f'<li><a href="timing/{slug(r.key)}.html">{escape(r.name or r.key)}</a></li>'
                    for r in calendar.running(v.state.calendar) if v.state.timing.timed(r.key))
    if timed:
        tiles.append(f'<div class="tile"><strong>Timed races</strong><ul>{timed}</ul></div>')
    tiles.append('<div class="tile"><strong>Season</strong><ul>'
                 '<li><a href="calendar.html">Calendar and its changes</a></li>'
                 '<li><a href="invitations.html">Invitations</a></li>'
                 '<li><a href="audit.html">Audit trail (the log)</a></li></ul></div>')
    chart_parts = []
    for c in v.state.scored_classes():
        kind = next((t for cc, t in tables if cc == c and t == "drivers"),
                    next((t for cc, t in tables if cc == c), None))
        if kind:
            d = reading.standings_of(v, c, kind)
            if d["rows"] and d["rounds"]:
                chart_parts.append(charts.progression(d))
    body = (f'<p class="note">As the log stands at seq {snap.seq}.</p>'
            f'<div class="tiles">{"".join(tiles)}</div><h2>Leaders, round by round</h2>'
            + "".join(chart_parts))
    return page(f"{season}", body, up="../", season=season)


def _position(rows: list[dict], i: int) -> tuple[str, str]:
    pos = rows[i]["position"]
    if pos is None:
        return "", "n"
    shared = any(rows[j]["position"] == pos for j in (i - 1, i + 1) if 0 <= j < len(rows))
    return text(pos), "n shared" if shared else "n"


def standings_page(d: dict) -> str:
    kind, rounds = d["table"], d["rounds"]
    headers = [("Pos", "n")]
    if kind == "teams":
        headers += [("Car", ""), ("Team", "")]
    elif kind == "drivers":
        headers += [("Driver", ""), ("Nat", ""), ("Team", "")]
    else:
        headers += [("Name", "")]
    headers += [(r[:3].upper(), "n") for r in rounds] + [("Total", "n")]
    rows = []
    for i, r in enumerate(d["rows"]):
        cells = [_position(d["rows"], i)]
        if kind == "teams":
            cells += [(text(r.get("car")), ""), (text(r["name"]), "")]
        elif kind == "drivers":
            cells += [(text(r["name"]), ""), (text(r.get("nationality")), ""),
                      (text(r.get("team")), "")]
        else:
            cells += [(text(r["name"]), "")]
        cells += [(text(r["by_round"].get(k)), "n") for k in rounds]
        cells.append((text(r["total"]), "n total"))
        css = " ".join(c for c, on in (("provisional", r.get("provisional")),
                                       ("excluded", r.get("excluded"))) if on)
        rows.append((css, cells))
    notes = ['<p class="note">A position followed by = is shared.</p>']
    if d["provisional"]:
        notes.append('<p class="note">* provisional: rests on a result under appeal or '
                     "not yet final.</p>")
    if any(r.get("excluded") for r in d["rows"]):
        notes.append('<p class="note">Struck through: excluded from the table.</p>')
    chart = charts.progression(d) if d["rows"] and rounds else ""
    body = table(headers, rows) + "".join(notes) + chart
    return page(f"{d['season']} {d['class']} {kind}", body, up="../../", season=d["season"])


def calendar_page(v) -> str:
    from ..documents import reading

    d = reading.calendar(v)
    body = grid([col("Rnd", "round", "n"), ("Race", "", lambda r: text(r["name"] or r["key"])),
                 col("Circuit", "circuit"), col("Country", "country"), col("Date", "date"),
                 col("Status", "status"),
                 ("History", "", lambda r: "<br>".join(
                     f'seq {c["seq"]}, {escape(c["recorded_at"][:10])}: {escape(c["change"])}'
                     for c in r["history"]))],
                d["rows"], lambda r: r["status"])
    return page(f"{d['season']} calendar", body, up="../", season=d["season"])


def entries_page(d: dict) -> str:
    body = grid([col("Car", "car"), col("Class", "class"), col("Team", "team"),
                 col("Chassis", "chassis"), col("Engine", "engine"), col("Tyres", "tyres"),
                 ("Drivers", "", lambda r: escape(", ".join(x["name"] for x in r["drivers"])))],
                d["rows"])
    return page(f"{d['season']} entry list, {d['round']}", body, up="../../", season=d["season"])


def classification_page(d: dict) -> str:
    body = grid([col("Pos", "position", "n"), col("Car", "car"), col("Team", "team"),
                 ("Drivers", "", lambda r: escape(", ".join(r["drivers"]))),
                 col("Status", "status"), col("Laps", "laps", "n"), col("Time", "time"),
                 col("Pole", "pole"), col("Pts", "points", "n"),
                 ("Penalties", "", lambda r: escape("; ".join(r["penalties"])))], d["rows"])
    if d.get("partial"):
        body = '<p class="note">Partial: only the rows published.</p>' + body
    return page(f"{d['season']} {d['class']} classification, {d['round']}", body,
                up="../../", season=d["season"])


def invitations_page(d: dict) -> str:
    body = grid([col("Event", "event"), col("Category", "category"), col("Class", "class"),
                 col("Pos", "position", "n"), col("Car", "car"), col("Team", "team"),
                 col("Provisional", "provisional")],
                d["rows"], lambda r: "provisional" if r["provisional"] else "")
    return page(f"{d['season']} invitations", body, up="../", season=d["season"])


def audit_page(snap) -> str:
    """The log itself: every event, who recorded it, when and why."""
    from ..codec import payload_to_dict

    rows = []
    for e in snap.events:
        fields = ", ".join(f"{k}={v}" for k, v in payload_to_dict(e.payload).items()
                           if v not in (None, "", [], (), {}))
        rows.append(("", [(text(e.seq), "n"), (escape(e.recorded_at.isoformat()[:19]), ""),
                          (text(e.type), ""), (text(e.actor), ""), (text(e.note), ""),
                          (escape(fields[:160]), "")]))
    body = table([("Seq", "n"), ("Recorded (UTC)", ""), ("Event", ""), ("Actor", ""),
                  ("Note", ""), ("What", "")], rows)
    return page(f"{snap.season} audit trail", body, up="../", season=snap.season)


#: a position chart samples the race this many times, and follows this many cars a class
SAMPLES, FOLLOWED = 48, 8


def timed_page(v, round_key: str) -> str:
    """A timed race: its running order at the end of the laps held, and a position chart
    per class (each car's place in its class through the race)."""
    from ..cli.timing_rows import clock
    from ..projections.running_order import order
    from ..projections.timed_race import race_of
    from .routes import running_order_doc

    race = race_of(v.state.timing, v.state.entries, round_key)
    end = race.end()
    d = running_order_doc(v, round_key, end)
    body = [f'<p class="note">Running order at {escape(clock(end))}, the last crossing of '
            f"the line the log holds.</p>",
            grid([col("Pos", "overall", "n"), col("Class", "class"), col("PIC", "position", "n"),
                  col("Car", "car"), col("Team", "team"), col("Driver", "driver"),
                  col("Laps", "laps", "n"), col("Gap", "gap", "n"), col("Pits", "pit_stops", "n"),
                  col("", "status")], d["rows"])]
    times = [end * k // SAMPLES for k in range(1, SAMPLES + 1)]
    snapshots = [{p.car: p.position for p in order(race, t)} for t in times]
    for cls in dict.fromkeys(r["class"] for r in d["rows"]):
        cars = [r["car"] for r in d["rows"] if r["class"] == cls][:FOLLOWED]
        series = [(f"#{car}", [snap.get(car) for snap in snapshots]) for car in cars]
        labels = [f"{t // 3_600_000}:{t // 60_000 % 60:02d}" for t in times]
        body.append(charts.positions_over_time(f"{cls}: position in class through the race",
                                               labels, series))
    return page(f"{v.state.season} {round_key}: timed race", "".join(body), up="../../",
                season=v.state.season)


def whatif_page(base_events, branch, doc: dict) -> str:
    """A what-if branch beside its base: the rows it changes, the invitations that change
    hands, and for each table it changes the leaders' points, base solid, branch dashed."""
    from ..documents import reading
    from ..timeline import view

    season = branch.season
    base_v, branch_v = view(base_events), view(branch.events)
    hypothetical = ", ".join(f"seq {h['seq']} {h['type']}" for h in doc["hypothetical"])
    body = [f'<p class="note">Branch from seq {branch.base_seq} (prefix '
            f"{escape(branch.prefix_hash[:12])}) with {escape(', '.join(doc['branch']['with']))}"
            f": {escape(hypothetical) or 'no event'}.</p>"]
    rows = [("", [(text(r["class"]), ""), (text(r["table"]), ""), (text(r["name"]), ""),
                  (text(r["car"]), ""), (text(r["position_before"]), "n"),
                  (text(r["total_before"]), "n"), (text(r["position_after"]), "n"),
                  (text(r["total_after"]), "n"),
                  (f'<span class="{"gained" if r["change"] > 0 else "lost"}">'
                   f'{"+" if r["change"] > 0 else ""}{text(r["change"])}</span>'
                   if r["change"] else "", "n")]) for r in doc["rows"]]
    body.append(table([("Class", ""), ("Table", ""), ("Name", ""), ("Car", ""), ("Pos", "n"),
                       ("Pts", "n"), ("Pos after", "n"), ("Pts after", "n"), ("Change", "n")],
                      rows))
    inv = doc["invitations"]
    for word, css in (("gained", "gained"), ("lost", "lost")):
        for r in inv[word]:
            body.append(f'<p class="{css}">Invitation {word}: {escape(r["event"])} '
                        f'{escape(r["category"])}: {escape(r["team"])} #{escape(r["car"])} '
                        f'(P{r["position"]} {escape(r["class"])})</p>')
    if not inv["gained"] and not inv["lost"]:
        body.append('<p class="note">Invitations: unchanged.</p>')
    for cls, kind in dict.fromkeys((r["class"], r["table"]) for r in doc["rows"]):
        before = reading.standings_of(base_v, cls, kind)
        after = reading.standings_of(branch_v, cls, kind)
        body.append(charts.beside(before, after))
    return page(f"{season}: what-if beside the log", "".join(body), up="../", season=season)
