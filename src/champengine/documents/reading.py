"""Documents of the reading commands: standings, entries, calendar, classification,
invitations, scenarios and the season report."""

from __future__ import annotations

from ..errors import UsageError
from . import class_of, doc, number, table_of


def standings(view, class_text: str, kind: str) -> dict:
    """``champ standings``: one table of a class, a row per competitor."""
    class_ = class_of(view.state, class_text)
    return standings_of(view, class_, table_of(view.state, class_, kind))


def standings_of(view, class_: str, kind: str) -> dict:
    from ..projections.standings import table

    t = table(view.state, class_, kind, view.upto)
    rows = []
    for s in t.rows:
        row: dict = {"position": s.position, "key": s.key, "name": s.name,
                     "total": number(s.total), "by_round": {r: number(p) for r, p in s.by_round}}
        if t.competitor == "car":
            row.update(car=s.car, team=s.team, nationality=s.nationality,
                       chassis=list(s.chassis))
        elif t.competitor == "driver":
            row.update(nationality=s.nationality, team=s.team,
                       entries_by_round={r: {"car": c, "team": tm}
                                         for r, c, tm in s.entries_by_round})
        row["provisional"] = s.provisional
        if s.excluded:
            row.update(excluded=True, excluded_by=s.excluded_by)
        rows.append(row)
    return doc(view, **{"class": class_, "table": kind, "competitor": str(t.competitor),
                        "rounds": list(t.rounds), "provisional": t.provisional, "rows": rows})


def entries(view, round_text: str | None = None, class_text: str | None = None) -> dict:
    """``champ entries``: the entry list of a round; of the whole season (a round's crew
    in each column, ``overview.season_entries``) when no round is given."""
    from ..projections import calendar
    from ..timeline import resolve_round

    if round_text is None:
        from .overview import season_entries

        return season_entries(view, class_text)
    state = view.state
    _, key = resolve_round(state, round_text)
    wanted = class_of(state, class_text) if class_text else None
    numbers = calendar.numbers(state.calendar)
    rows = []
    for car, entry in state.entries.entries.items():
        if wanted and entry.class_ != wanted or not entry.active_at(numbers, key):
            continue
        spec = entry.spec_at(numbers, key)
        crew = [state.entries.drivers[d] for d in state.entries.crew(key, car)]
        team, nationality = entry.team_at(numbers, key)
        rows.append({"car": car, "class": entry.class_, "team": team,
                     "nationality": nationality, "chassis": spec.chassis,
                     "engine": spec.engine, "make": spec.make, "tyres": entry.tyres,
                     "drivers": [{"key": d.key, "name": d.name, "nationality": d.nationality}
                                 for d in crew]})
    return doc(view, round=key, **{"class": wanted}, rows=rows)


def calendar(view) -> dict:
    """``champ calendar``: the rounds in order with each one's history of changes."""
    from ..projections import calendar as cal

    numbers = cal.numbers(view.state.calendar)
    ordered = sorted(view.state.calendar.rounds.values(),
                     key=lambda r: (numbers.get(r.key, 1 << 20), r.scheduled_order))
    rows = [{"round": numbers.get(r.key), "key": r.key, "name": r.name, "circuit": r.circuit,
             "country": r.country, "date": r.date.isoformat() if r.date else None,
             "status": "cancelled" if r.cancelled else "scheduled",
             "history": [{"seq": c.seq, "recorded_at": c.recorded_at.isoformat(),
                          "change": c.what} for c in r.history]}
            for r in ordered
            if view.upto is None or (numbers.get(r.key) or 1 << 20) <= view.upto]
    return doc(view, rows=rows)


def classification(view, round_text: str, class_text: str | None = None) -> dict:
    """``champ classification``: a race in one class, after corrections and decisions;
    every class of the round (``classifications``) when no class is given."""
    from ..projections import calendar
    from ..projections.classification import classify
    from ..projections.standings import car_rounds
    from ..timeline import resolve_round

    if class_text is None:
        return classifications(view, round_text)

    state = view.state
    _, key = resolve_round(state, round_text)
    cls = class_of(state, class_text)
    placed = classify(state.results, key, cls)
    if placed is None:
        raise UsageError(f"{cls} at {key} has no classification")
    scored = car_rounds(state, cls, [key])
    pole = state.results.poles.get((key, cls))
    rows = []
    for p in placed:
        entry = state.entries.entries[p.car]
        cr = scored.get(p.car, {}).get(key)
        rows.append({"position": p.position, "car": p.car,
                     "team": entry.team_at(calendar.numbers(state.calendar), key)[0],
                     "drivers": [state.entries.drivers[d].name
                                 for d in state.entries.crew(key, p.car)],
                     "status": p.status, "laps": p.laps, "time": p.time,
                     "pole": bool(pole and pole[0] == p.car),
                     "points": number(cr.points) if cr else 0, "penalties": list(p.penalties)})
    race = state.results.races[(key, cls)]
    return doc(view, round=key, **{"class": cls}, partial=race.partial, rows=rows)


def invitations(view) -> dict:
    """``champ invitations``: one row per invitation the standings earn."""
    from ..projections.invitations import granted

    rows = [{"event": i.event, "category": i.category, "class": i.class_, "team": i.team,
             "car": i.car, "position": i.position, "provisional": i.provisional}
            for i in granted(view.state, view.upto)]
    return doc(view, rows=rows)


def scenarios(view, class_text: str, kind: str) -> dict:
    """``champ scenarios``: who can still win, the most each can reach, who has clinched."""
    from ..projections.scenarios import remaining_rounds
    from ..projections.scenarios import scenarios as work_out

    cls = class_of(view.state, class_text)
    rows = [{"position": s.position, "name": s.name, "car": s.car, "points": number(s.points),
             "max_points": number(s.max_points), "can_win": s.can_win, "clinched": s.clinched,
             "conditions": list(s.conditions), "key": s.key,
             "min_points": number(s.min_points), "out": s.out,
             **({"invitation": s.invitation} if s.invitation else {})}
            for s in work_out(view.state, cls, kind, view.upto)]
    left = remaining_rounds(view.state, cls, view.upto)
    return doc(view, **{"class": cls, "table": kind, "rounds_left": left}, rows=rows)


def report_tables(view) -> list[dict]:
    """The standings document of every table of every scored class that has rows."""
    state = view.state
    return [d for class_ in state.scored_classes() for spec in state.table_specs(class_)
            if (d := standings_of(view, class_, spec.table))["rows"]]


def report(view) -> dict:
    """``champ report --format json``: every table whole, the invitations, a flat row list."""
    docs = report_tables(view)
    invited = invitations(view)
    strip = ("season", "as_of")
    rows = [{"class": d["class"], "table": d["table"], **r} for d in docs for r in d["rows"]]
    return doc(view, tables=[{k: v for k, v in d.items() if k not in strip} for d in docs],
               invitations=invited["rows"], rows=rows)


def classifications(view, round_text: str) -> dict:
    """``champ classification`` without ``--class``: every class classified at the round,
    each whole under ``classes``, and their rows together (with ``class``) under ``rows``."""
    from ..timeline import resolve_round

    state = view.state
    _, key = resolve_round(state, round_text)
    docs = [classification(view, key, c) for c in state.classes
            if (key, c) in state.results.races]
    if not docs:
        raise UsageError(f"no class has a classification at {key}")
    strip = ("season", "as_of", "round")
    rows = [{"class": d["class"], **r} for d in docs for r in d["rows"]]
    return doc(view, round=key, classes=[{k: v for k, v in d.items() if k not in strip}
                                         for d in docs], rows=rows)
