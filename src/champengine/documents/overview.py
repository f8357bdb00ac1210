"""Documents of the overviews: the seasons a log holds, the drivers, the entry list of the
whole season (a round's crew in each column), every class of a round's classification."""

from __future__ import annotations

from . import class_of, doc


def seasons(states) -> dict:
    """``champ seasons``: one row per season (its state as the log holds it)."""
    from ..projections import calendar

    rows = []
    for state in states:
        running = calendar.running(state.calendar)
        raced = [r.key for r in running
                 if any((r.key, c) in state.results.races for c in state.classes)]
        rows.append({"season": state.season, "series": state.series, "year": state.year,
                     "events": state.seq,
                     "last_recorded": state.recorded_at.isoformat() if state.recorded_at else None,
                     "classes": [c for c, info in state.classes.items() if info.active],
                     "rounds": len(running), "rounds_classified": len(raced),
                     "entries": len(state.entries.entries),
                     "drivers": len(state.entries.drivers)})
    return {"rows": rows}


def drivers(view, class_text: str | None = None) -> dict:
    """``champ drivers``: every driver, and the car he drove at each round of the point."""
    from ..projections import calendar

    state = view.state
    wanted = class_of(state, class_text) if class_text else None
    rounds = [r.key for r in calendar.rounds_up_to(state.calendar, view.upto)]
    cars_of = {}
    for r in rounds:
        for (rk, car), crew in state.entries.crews.items():
            if rk == r:
                for d in crew:
                    cars_of.setdefault(d, {}).setdefault(r, car)
    rows = []
    for d in state.entries.drivers.values():
        cars = cars_of.get(d.key, {})
        if wanted and not any(state.entries.entries[c].class_ == wanted for c in cars.values()):
            continue
        rows.append({"key": d.key, "name": d.name, "nationality": d.nationality,
                     "grading": d.grading, "aliases": list(d.aliases), "cars_by_round": cars})
    return doc(view, **{"class": wanted, "rounds": rounds}, rows=rows)


def entry_at(state, numbers, entry, key: str) -> dict | None:
    """What an entry is at a round (None: not entered there)."""
    if not entry.active_at(numbers, key):
        return None
    spec = entry.spec_at(numbers, key)
    crew = [state.entries.drivers[d] for d in state.entries.crew(key, entry.car)]
    return {"team": entry.team_at(numbers, key)[0], "chassis": spec.chassis, "engine": spec.engine, "make": spec.make,
            "drivers": [{"key": d.key, "name": d.name, "nationality": d.nationality}
                        for d in crew]}


def season_entries(view, class_text: str | None = None) -> dict:
    """``champ entries`` without ``--round``: each entry, and what it was at every round."""
    from ..projections import calendar

    state = view.state
    wanted = class_of(state, class_text) if class_text else None
    numbers = calendar.numbers(state.calendar)
    rounds = [r.key for r in calendar.rounds_up_to(state.calendar, view.upto)]
    rows = []
    for entry in state.entries.entries.values():
        if wanted and entry.class_ != wanted:
            continue
        by_round = {r: at for r in rounds if (at := entry_at(state, numbers, entry, r))}
        rows.append({"car": entry.car, "class": entry.class_, "team": entry.team,
                     "nationality": entry.nationality, "tyres": entry.tyres,
                     "withdrawn_from": entry.withdrawn_from, "by_round": by_round})
    return doc(view, **{"class": wanted, "rounds": rounds}, rows=rows)
