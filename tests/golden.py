"""Compare a replayed season with its published tables (``projections/<season>.json``).

Rows are matched by what the table prints (names through aliases, ignoring case
and accents; a car number where one is printed), never by a hidden key. Every
printed number is compared, and every blank cell is checked to be blank.
"""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from champengine.projections import calendar
from champengine.projections.classification import classify
from champengine.projections.entry_list import find_driver, fold_name, team_matches
from champengine.projections.invitations import granted
from champengine.projections.season import SeasonState
from champengine.projections.standings import table

ROOT = Path(__file__).resolve().parent.parent


@attrs.define
class Comparison:
    compared: int = 0
    mismatches: list[str] = attrs.Factory(list)

    def check(self, where: str, published, replayed) -> None:
        self.compared += 1
        if published != replayed:
            self.mismatches.append(f"{where}: published {published!r}, replayed {replayed!r}")


def load_published(season: str) -> dict:
    return json.loads((ROOT / "projections" / f"{season}.json").read_text())


def _find_row(state: SeasonState, rows, kind: str, class_: str, pub: dict):
    if kind == "drivers":
        driver = find_driver(state.entries, pub["name"])
        matches = [r for r in rows if driver and r.key == driver.key]
    else:
        matches = [r for r in rows
                   if team_matches(state.entries.entries[r.key], pub["name"])
                   and (pub.get("car") is None or r.car == pub["car"])]
    return matches[0] if len(matches) == 1 else None


def compare_standings(state: SeasonState, published: dict, cmp: Comparison,
                      upto: int | None = None) -> None:
    for pub_table in published["standings"]:
        class_, kind = pub_table["class"], pub_table["table"]
        replayed = table(state, class_, kind, upto)
        matched = set()
        for pub in pub_table["rows"]:
            where = f"{class_} {kind} / {pub['name']}"
            row = _find_row(state, replayed.rows, kind, class_, pub)
            if row is None:
                cmp.mismatches.append(f"{where}: no single replayed row matches")
                continue
            matched.add(row.key)
            if pub.get("position") is not None:
                cmp.check(f"{where} / position", pub["position"], row.position)
            elif "position" in pub:
                cmp.check(f"{where} / no position", None, row.position)
            if pub.get("total") is not None:
                cmp.check(f"{where} / total", pub["total"], row.total)
            points = dict(row.by_round)
            for rk in published["rounds"]:
                if rk in pub["by_round"]:
                    cmp.check(f"{where} / {rk}", pub["by_round"][rk], points.get(rk))
                else:
                    cmp.check(f"{where} / {rk} (blank)", None, points.get(rk))
        for row in replayed.rows:
            if row.key not in matched:
                cmp.mismatches.append(f"{class_} {kind} / {row.name}: replayed, not published")


def compare_manufacturers(state: SeasonState, published: dict, cmp: Comparison) -> None:
    for pub in published["manufacturers"]:
        rows = {fold_name(r.name): r for r in table(state, pub["class"], "manufacturers").rows}
        row = rows.get(fold_name(pub["make"]))
        where = f"{pub['class']} manufacturers / {pub['make']}"
        if row is None:
            cmp.mismatches.append(f"{where}: no replayed row")
        elif pub.get("total") is not None:
            cmp.check(f"{where} / total", pub["total"], row.total)


def compare_winners(state: SeasonState, published: dict, cmp: Comparison) -> None:
    for pub in published["winners"]:
        where = f"winners {pub['round']} {pub['class']}"
        placed = classify(state.results, pub["round"], pub["class"]) or []
        winner = next((p for p in placed if p.position == 1), None)
        if winner is None:
            cmp.mismatches.append(f"{where}: no winner replayed")
            continue
        cmp.check(f"{where} / car", pub["car"], winner.car)
        entry = state.entries.entries[winner.car]
        cmp.check(f"{where} / team", True, team_matches(entry, pub["team"]))
        crew = set(state.entries.crew(pub["round"], winner.car))
        printed = set()
        for name in pub["drivers"]:
            driver = find_driver(state.entries, name)
            printed.add(driver.key if driver else name)
        cmp.check(f"{where} / drivers", sorted(printed), sorted(crew))


def compare_calendar(state: SeasonState, published: dict, cmp: Comparison) -> None:
    ordered = calendar.running(state.calendar)
    cmp.check("calendar / rounds", [c["key"] for c in published["calendar"]],
              [r.key for r in ordered])
    for pub, rnd in zip(published["calendar"], ordered, strict=False):
        cmp.check(f"calendar {pub['key']} / number", pub["round"],
                  calendar.numbers(state.calendar).get(pub["key"]))
        cmp.check(f"calendar {pub['key']} / race", pub["race"], rnd.name)
        cmp.check(f"calendar {pub['key']} / circuit", pub["circuit"], rnd.circuit)
        cmp.check(f"calendar {pub['key']} / date", pub["date"],
                  rnd.date.isoformat() if rnd.date else None)


def compare_invitations(state: SeasonState, published: dict, cmp: Comparison) -> None:
    replayed = [(i.event, i.category, i.class_, i.team, i.car, i.position)
                for i in granted(state)]
    expected = [(p["event"], p["category"], p["class"], p["team"], p["car"], p["position"])
                for p in published["invitations"]]
    cmp.check("invitations", expected, replayed)


def compare_all(state: SeasonState, published: dict) -> Comparison:
    cmp = Comparison()
    compare_standings(state, published, cmp)
    compare_manufacturers(state, published, cmp)
    compare_winners(state, published, cmp)
    compare_calendar(state, published, cmp)
    compare_invitations(state, published, cmp)
    return cmp
