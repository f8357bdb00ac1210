"""Who can still win: each competitor's points, the least and the most it can end the
season on, whether the title is still open to it, clinched or out of reach, and, before
the last round, the simplest conditions that make it champion.

Every entry that can still score counts, one entered for a later round included, and so
does one not on the list yet (a car or a driver entered later: it can score what the
rounds left give). The most a competitor can score at a round is what the season's
rules give there: a win in every session, the round's factor, pole and fastest lap (a
make: the best places its cars can take together); drop scores apply to the least and
the most as to the total. A title is clinched only when no completion of the season
can take it away: the leader's least beats every other competitor's most; a competitor
is out when another's least beats its most. Two drivers of one car at every round left
end as far apart as they are.

Before the last round the conditions come from enumerating the finishing places that
matter, the competitor's own and each rival's (with pruning: a rival is looked at only
while it can still catch him), never by sampling: "champion if 2nd or better, whatever
the others do", "needs to win with X 3rd or lower". Each is sufficient: it holds in every
completion that meets it (a pole or a fastest lap going the worst way for him).
"""

from __future__ import annotations

from typing import NamedTuple

from ..events import RACE, Competitor
from ..scoring import counted_total, exact, position_points, round_factor, shown
from ..scoring.counting import RoundScore
from . import calendar
from .season import SeasonState
from .standings import table

#: the key of the competitor not on the list yet
NEWCOMER = "(not entered yet)"


class Condition(NamedTuple):
    """Champion if he finishes ``at_most``-th or better (0: wherever he finishes,
    classified or not) with each of ``rivals`` (key, place) placed that place or lower
    (0: not classified); the others whatever they do."""

    at_most: int
    rivals: tuple[tuple[str, int], ...] = ()


class Scenario(NamedTuple):
    position: int | None
    name: str
    car: str | None
    points: object
    max_points: object
    can_win: bool
    clinched: bool
    conditions: tuple[str, ...]
    key: str = ""
    min_points: object = 0
    out: bool = False
    rules: tuple[Condition, ...] = ()  # the conditions, as data (last round only)
    invitation: str | None = None  # secured | possible | out (a table with an invitation)


class _Contender(NamedTuple):
    key: str
    name: str
    car: str | None
    position: int | None
    total: object
    scores: list  # RoundScore of the rounds run
    cars_left: dict  # round left -> the car he is nominated in there (drivers)


def remaining_rounds(state: SeasonState, class_: str, upto: int | None) -> list[str]:
    """The running rounds after round ``upto`` (after the last one classified, when None)."""
    running = calendar.running(state.calendar)
    if upto is None:
        raced = [n for n, r in enumerate(running, 1) if (r.key, class_) in state.results.races]
        upto = max(raced, default=0)
    return [r.key for r in running[upto:]]


def _sessions(rules, state: SeasonState | None = None, class_: str = "",
              round_key: str = "") -> list[str]:
    """The scored sessions of a round: those recorded for it (the race first), or, for a
    round with nothing recorded yet, every session the rules score."""
    every = [RACE, *(s.session for s in rules.sessions if s.session != RACE)]
    if state is None:
        return every
    held = {k[2] if len(k) > 2 else RACE for k in state.results.races
            if k[0] == round_key and k[1] == class_}
    return [s for s in every if s in held] or every


def place_points(state: SeasonState, class_: str, kind: str, round_key: str, place: int):
    """What a car placed ``place`` (0: not classified) scores at a round still to run, in
    its race, without bonuses."""
    rules = state.rules_for(class_, round_key, kind)
    if rules is None or not place:
        return 0
    return round_factor(rules, round_key, RACE, position_points(rules, place))


def bonus(state: SeasonState, class_: str, kind: str, round_key: str):
    """The most a car scores at a round besides its place in the race: pole, fastest
    lap, a win in every other session (a sprint)."""
    rules = state.rules_for(class_, round_key, kind)
    if rules is None:
        return 0
    return exact(rules.pole) + exact(rules.fastest_lap) + sum(
        round_factor(rules, round_key, s, position_points(rules, 1, s))
        for s in _sessions(rules, state, class_, round_key)[1:] if s != RACE)


def round_max(state: SeasonState, class_: str, kind: str, round_key: str, key: str,
              competitor: str) -> object:
    """The most a competitor can score at a round still to run."""
    rules = state.rules_for(class_, round_key, kind)
    if rules is None:
        return 0
    cars = 1
    if competitor == Competitor.MAKE:
        numbers = calendar.numbers(state.calendar)
        cars = sum(1 for e in state.entries.entries.values()
                   if e.class_ == class_ and e.active_at(numbers, round_key)
                   and (key == NEWCOMER or e.spec_at(numbers, round_key).make == key)) or 1
        if rules.manufacturer_best_cars is not None:
            cars = min(cars, rules.manufacturer_best_cars)
    return sum(round_factor(rules, round_key, s, position_points(rules, p, s))
               for s in _sessions(rules, state, class_, round_key)
               for p in range(1, cars + 1)) + exact(
        rules.pole) + exact(rules.fastest_lap)


def _contenders(state, class_, kind, upto, ahead, competitor) -> list[_Contender]:
    standings = table(state, class_, kind, upto)
    numbers = calendar.numbers(state.calendar)
    seen = set()
    out = []
    for row in standings.rows:
        if row.excluded_by:
            continue
        seen.add(row.key)
        cars_left = {}
        if competitor == Competitor.DRIVER:
            cars_left = {r: car for r in ahead for car in state.entries.cars_of(r, row.key)[:1]}
        out.append(_Contender(row.key, row.name, row.car, row.position, row.total,
                              [RoundScore(numbers.get(r, 0), p) for r, p in row.by_round],
                              cars_left))
    if competitor == Competitor.CAR:  # entered for a round left, not scored yet
        for entry in state.entries.entries.values():
            if entry.class_ == class_ and entry.car not in seen and any(
                    entry.active_at(numbers, r) for r in ahead):
                out.append(_Contender(entry.car, entry.team, entry.car, None, 0, [], {}))
    if ahead:
        out.append(_Contender(NEWCOMER, NEWCOMER, None, None, 0, [], {}))
    return out


def _total(scores, rules):
    return counted_total(scores, rules) if rules else sum(s.points for s in scores)


def _one_car(a: _Contender, b: _Contender, ahead) -> bool:
    """Two drivers nominated in the same car at every round left: they score alike."""
    return bool(ahead) and all(r in a.cars_left and a.cars_left.get(r) == b.cars_left.get(r)
                               for r in ahead)


def scenarios(state: SeasonState, class_: str, kind: str, upto: int | None = None
              ) -> list[Scenario]:
    t = table(state, class_, kind, upto)
    competitor = t.competitor
    ahead = remaining_rounds(state, class_, upto)
    contenders = _contenders(state, class_, kind, upto, ahead, competitor)
    if not [c for c in contenders if c.key != NEWCOMER]:
        return []
    rules = state.latest_rules(class_, [*t.rounds, *ahead], kind)
    numbers = calendar.numbers(state.calendar)
    least, most = {}, {}
    for c in contenders:
        later = [RoundScore(numbers.get(r, 0),
                            round_max(state, class_, kind, r, c.key, competitor)
                            if competitor != Competitor.CAR or c.key == NEWCOMER or
                            _entered(state, c.key, r) else 0) for r in ahead]
        least[c.key] = _total([*c.scores, *(s._replace(points=0) for s in later)], rules)
        most[c.key] = _total([*c.scores, *later], rules)

    def beats_always(a: _Contender, b: _Contender) -> bool:
        if _one_car(a, b, ahead):
            return a.total > b.total
        return least[a.key] > most[b.key]

    known = [c for c in contenders if c.key != NEWCOMER]
    leader = known[0]
    out_of_it = {c.key: next((d for d in contenders if d is not c and beats_always(d, c)), None)
                 for c in known}
    clinched = {c.key: all(beats_always(c, d) for d in contenders if d is not c)
                for c in known}
    last = ahead[0] if len(ahead) == 1 else None
    invitation = _invitation_rule(state, class_, kind)
    rows = []
    for c in known:
        out = out_of_it[c.key] is not None
        conds: tuple[Condition, ...] = ()
        if clinched[c.key]:
            text = ["champion whatever happens in the rounds left"]
        elif out:
            d = out_of_it[c.key]
            text = [f"out of reach: {_num(most[c.key])} at most against {d.name}'s "
                    f"{_num(least[d.key])} at least"
                    if not _one_car(d, c, ahead) else
                    f"out of reach: shares {d.name}'s car in the rounds left, "
                    f"{_num(d.total - c.total)} behind"]
        else:
            if last is not None and competitor != Competitor.MAKE:
                conds = _conditions(state, class_, kind, last, c, contenders, rules)
            text = [_say(cond, contenders) for cond in conds] or [_gap(c, leader, most, ahead)]
        rows.append(Scenario(c.position, c.name, c.car, c.total, most[c.key], not out,
                             clinched[c.key], tuple(text), c.key, least[c.key], out, conds,
                             _invited(c, contenders, invitation, least, most, beats_always)))
    return rows


def _entered(state: SeasonState, car: str, round_key: str) -> bool:
    entry = state.entries.entries.get(car)
    return entry is not None and entry.active_at(calendar.numbers(state.calendar), round_key)


def _gap(c: _Contender, leader: _Contender, most, ahead) -> str:
    if c is leader:
        return "leads; the title is still open"
    gap = leader.total - c.total
    return (f"{_num(gap)} behind {leader.name} with {_rounds(len(ahead))} left"
            + ("; only level on points at best: the tie-break decides"
               if most[c.key] == leader.total else ""))


# --- the last round: the places that matter ----------------------------------------------


def _conditions(state, class_, kind, round_key, c: _Contender, contenders, rules
                ) -> tuple[Condition, ...]:
    """The simplest sufficient conditions for ``c`` at the last round, by enumerating his
    place and each rival's (places 1..N, 0 for not classified)."""
    numbers = calendar.numbers(state.calendar)
    n = numbers.get(round_key, 0)
    cars = sum(1 for e in state.entries.entries.values()
               if e.class_ == class_ and e.active_at(numbers, round_key)) or 1
    places = [*range(1, cars + 1), 0]
    extra = bonus(state, class_, kind, round_key)

    def final(x: _Contender, place: int, with_bonus: bool):
        points = place_points(state, class_, kind, round_key, place) + (extra if with_bonus
                                                                         else 0)
        return _total([*x.scores, RoundScore(n, points)], rules)

    rivals = [d for d in contenders if d is not c]

    def beaten(p: int, d: _Contender, q_from: int | None) -> bool:
        """c placed p (no bonus) beats d for every place of d from ``q_from`` down."""
        if _one_car(c, d, [round_key]):
            return all(final(c, p, b) > final(d, p, b) for b in (False, True))
        allowed = [q for q in places if q != p or q == 0]
        if q_from is not None:
            allowed = [q for q in allowed if q == 0 or q >= q_from]
        return all(final(c, p, False) > final(d, q, True) for q in allowed)

    out: list[Condition] = []
    whatever = [p for p in places[:-1] if all(beaten(p, d, None) for d in rivals)]
    best_free = 0
    for p in places[:-1]:  # the worst place that is enough whatever happens, with all above
        if p in whatever:
            best_free = p
        else:
            break
    if best_free:
        out.append(Condition(best_free))
    for p in places[:-1]:
        if p <= best_free:
            continue
        blockers = [d for d in rivals if not beaten(p, d, None)]
        needs = [(x.key, _first_enough(p, x, cars, beaten)) for x in blockers]
        if blockers and len(blockers) <= 3 and all(q is not None for _, q in needs) and all(
                x.key != NEWCOMER for x in blockers):  # one not entered yet cannot be named
            if p == cars and all(beaten(0, d, None) for d in rivals if d not in blockers) \
                    and all(beaten(0, x, q or cars + 1) for x, (_, q) in zip(
                        blockers, needs, strict=True)):
                p = 0  # enough wherever he finishes (drop scores)
            cond = Condition(p, tuple(needs))
            if not any(_implies(o, cond) for o in out):
                out = [o for o in out if not _implies(cond, o)]  # the more general stays
                out.append(cond)
        if len(out) >= 3:
            break
    return tuple(out)


def _first_enough(p: int, x, cars: int, beaten) -> int | None:
    """The highest place q such that x placed q or lower (or not classified) is beaten
    with c placed p: 0 when only x not classified will do, None when nothing will."""
    for q in range(1, cars + 1):
        if q != p and beaten(p, x, q):
            return q
    return 0 if beaten(p, x, cars + 1) else None


def _implies(a: Condition, b: Condition) -> bool:
    """Whether meeting ``b`` always meets ``a`` (then ``b`` says nothing new)."""
    def reach(at_most: int) -> float:
        return float("inf") if at_most == 0 else at_most

    return False if reach(b.at_most) > reach(a.at_most) else all(
        any(k == key and (qb == 0 if qa == 0 else qb == 0 or qb >= qa) for k, qb in b.rivals)
        for key, qa in a.rivals)


def _say(cond: Condition, contenders) -> str:
    names = {d.key: d.name for d in contenders}
    if not cond.rivals:
        return ("champion if he wins, whatever the others do" if cond.at_most == 1 else
                f"champion if {_ordinal(cond.at_most)} or better, whatever the others do")
    theirs = [f"{names.get(k, k)} not classified" if q == 0 else
              f"{names.get(k, k)} {_ordinal(q)} or lower" for k, q in cond.rivals]
    if cond.at_most == 0:
        return f"champion with {' and '.join(theirs)}, wherever he finishes"
    mine = "needs to win" if cond.at_most == 1 else f"needs {_ordinal(cond.at_most)} or better"
    return f"{mine} with {' and '.join(theirs)}"


# --- invitations ---------------------------------------------------------------------------


def _invitation_rule(state: SeasonState, class_: str, kind: str):
    from .invitations import in_force

    return next((r for r in in_force(state) if r.class_ == class_ and r.table == kind), None)


def _invited(c, contenders, rule, least, most, beats_always) -> str | None:
    """secured: fewer than top N others can end ahead of him; out: N others always end
    ahead; possible otherwise (per car; a team's other cars are not merged)."""
    if rule is None:
        return None
    threats = [d for d in contenders if d is not c and not beats_always(c, d)]
    if len(threats) < rule.top_n:
        return "secured"
    ahead_always = [d for d in contenders if d is not c and beats_always(d, c)]
    return "out" if len(ahead_always) >= rule.top_n else "possible"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _rounds(n: int) -> str:
    return f"{n} round" if n == 1 else f"{n} rounds"


def _num(x) -> str:
    return f"{shown(x):g}"
