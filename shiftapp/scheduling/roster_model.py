"""The rostering problem as one CP-SAT model: x[e, d, s] = employee e works shift s on day d.

Hard rules are constraints; each soft rule is a penalty term (rule, weight, variable, whom it
touches) summed into the objective. Definitions that reproduce the Curtois & Qu published optima:
a work stretch or a break touching the first or last day is exempt from the minimum-length rules
(the horizon continues on either side), the maximum stretch applies everywhere, and a weekend counts
as worked when either day is worked.

Why the stretch rules are an automaton: per employee, the off/on sequence walks a small state
machine (stretch length so far, whether it touches day 0). CP-SAT expands it into one Boolean per
transition with flow-conservation rows, and that network relaxation is exact for one person's
stretch rules, so the LP bound (max_lp worker) is far tighter than with forbidden-pattern clauses.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from shiftapp.deadline import Deadline, OutOfTime
from shiftapp.scheduling.roster_problem import Assignment, RosterProblem, StaffMember

Values = list[int]  # one value per variable of the model proto, as in a CP-SAT response


@dataclass
class PenaltyTerm:
    rule: str
    weight: int
    var: cp_model.IntVar


@dataclass
class RosterModel:
    problem: RosterProblem
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[int, int, str], cp_model.IntVar] = field(default_factory=dict)
    work: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    terms: list[PenaltyTerm] = field(default_factory=list)
    by_employee: dict[int, list[tuple[int, str, cp_model.IntVar]]] = field(default_factory=dict)

    def x_on(self, e: int, d: int) -> list[tuple[str, cp_model.IntVar]]:
        return [(s.id, self.x[e, d, s.id]) for s in self.problem.shifts if (e, d, s.id) in self.x]

    def assignment(self, values: Values) -> Assignment:
        rows: Assignment = {p.id: [None] * self.problem.horizon for p in self.problem.staff}
        for (e, d, s), var in self.x.items():
            if values[var.Index()]:
                rows[self.problem.staff[e].id][d] = s
        return rows

    def x_of(self, e: int) -> list[tuple[int, str, cp_model.IntVar]]:
        """(day, shift id, variable) of one employee's possible assignments."""
        return self.by_employee[e]

    def cost(self) -> cp_model.LinearExpr:
        """The roster's cost: the weighted sum of every penalty term (the model's objective)."""
        return sum(t.weight * t.var for t in self.terms if t.weight)

    def hint_pairs(self, assignment: Assignment) -> list[tuple[cp_model.IntVar, int]]:
        """x values for a roster given by shift ids (unknown staff and days off hint 0)."""
        pairs = []
        for (e, d, s), var in self.x.items():
            row = assignment.get(self.problem.staff[e].id)
            pairs.append((var, 1 if row is not None and d < len(row) and row[d] == s else 0))
        return pairs


def build_roster_model(
    problem: RosterProblem, *, stretch_encoding: str = "automaton", deadline: Deadline | None = None
) -> RosterModel:
    """stretch_encoding: "automaton" (tight LP), "clauses" (forbidden patterns), or "both".

    Building is Python work no solver limit covers (over a minute for Curtois 24): with a `deadline` it
    is checked person by person and `OutOfTime` raised once it has passed."""
    rm = RosterModel(problem)
    try:
        _assignment_variables(rm, deadline)
        successions = succession_kinds(problem)
        for e, person in enumerate(problem.staff):
            if deadline is not None:
                deadline.check("building the roster model")
            _successions(rm, e, successions)
            _totals(rm, e, person)
            if stretch_encoding in ("automaton", "both"):
                _stretches_automaton(rm, e, person)
            if stretch_encoding in ("clauses", "both"):
                _stretches_clauses(rm, e, person)
            _weekends_and_weeks(rm, e, person)
            _requests(rm, e, person)
        _cover(rm, deadline)
        _fairness(rm)
    except OutOfTime:
        drop_in_background(rm)
        raise
    rm.model.Minimize(rm.cost())
    return rm


def drop_in_background(rm: RosterModel) -> None:
    """Free a model's variables on another thread, a few at a time: a half-built one at the deadline, or a
    large one once its solve has its answer. Freeing Curtois 24's two million variables takes half a
    second during which one `del` would hold the interpreter: the caller answers instead, while they go."""
    parts: list[dict[Any, Any]] = [rm.x, rm.work, rm.by_employee]
    terms = rm.terms
    rm.x, rm.work, rm.by_employee, rm.terms = {}, {}, {}, []

    def drop() -> None:
        for part in parts:
            while part:
                part.popitem()
        while terms:
            terms.pop()

    threading.Thread(target=drop, daemon=True, name="free a half-built model").start()


def _assignment_variables(rm: RosterModel, deadline: Deadline | None) -> None:
    p, m = rm.problem, rm.model
    for e, person in enumerate(p.staff):
        if deadline is not None:
            deadline.check("building the roster model")
        for d in range(p.horizon):
            day_vars = []
            for s in p.shifts:
                if p.may_work(person, d, s):
                    rm.x[e, d, s.id] = m.NewBoolVar(f"x_{e}_{d}_{s.id}")
                    rm.by_employee.setdefault(e, []).append((d, s.id, rm.x[e, d, s.id]))
                    day_vars.append(rm.x[e, d, s.id])
            w = m.NewBoolVar(f"w_{e}_{d}")
            m.Add(w == sum(day_vars))  # at most one shift a day
            rm.work[e, d] = w


def _successions(rm: RosterModel, e: int, pairs: dict[tuple[str, str], str]) -> None:
    """`pairs`: (shift, next day's shift) -> "forbidden" or "tight", from `succession_kinds`."""
    p, m = rm.problem, rm.model
    for d in range(p.horizon - 1):
        for a_id, a in rm.x_on(e, d):
            for b_id, b in rm.x_on(e, d + 1):
                kind = pairs.get((a_id, b_id))
                if kind == "forbidden":
                    m.AddBoolOr([a.Not(), b.Not()])
                elif kind == "tight":
                    tight = m.NewBoolVar("")
                    m.AddBoolOr([a.Not(), b.Not(), tight])  # tight >= a + b - 1 (minimised, so exact)
                    rm.terms.append(PenaltyTerm("back_to_back", p.back_to_back_weight, tight))


def succession_kinds(problem: RosterProblem) -> dict[tuple[str, str], str]:
    """Which shift may not follow which, and which follows too closely (a soft cost), worked out once
    per model rather than per person and day (a neighbourhood's model is built in a few tenths of a
    second; this was half of it)."""
    kinds = {}
    for first in problem.shifts:
        for then in problem.shifts:
            if problem.forbidden_succession(first, then):
                kinds[first.id, then.id] = "forbidden"
            elif problem.tight_turnaround(first, then):
                kinds[first.id, then.id] = "tight"
    return kinds


def _totals(rm: RosterModel, e: int, person: StaffMember) -> None:
    p, m = rm.problem, rm.model
    mine = rm.by_employee.get(e, [])
    for s in p.shifts:
        limit = person.max_per_shift.get(s.id)
        if limit is not None:
            m.Add(sum(v for _d, sid, v in mine if sid == s.id) <= limit)
        cost = person.shift_preferences.get(s.id, 0)
        for _d, sid, v in mine:
            if cost and sid == s.id:
                rm.terms.append(PenaltyTerm("shift_preference", cost, v))
    length = {s.id: s.length_minutes for s in p.shifts}
    minutes = sum(length[s] * v for _d, s, v in mine)
    if person.max_minutes is not None:
        m.Add(minutes <= person.max_minutes)
    if person.min_minutes:
        m.Add(minutes >= person.min_minutes)
    if person.max_consecutive is not None and person.max_consecutive < p.horizon:
        k = person.max_consecutive
        for d in range(p.horizon - k):  # every window of k + 1 days has a day off
            m.Add(sum(rm.work[e, d + i] for i in range(k + 1)) <= k)


def _stretches_automaton(rm: RosterModel, e: int, person: StaffMember) -> None:
    transitions, start = stretch_automaton(person, rm.problem.horizon)
    states = {t[0] for t in transitions} | {t[2] for t in transitions}
    rm.model.AddAutomaton([rm.work[e, d] for d in range(rm.problem.horizon)], start, sorted(states), transitions)


def stretch_automaton(person: StaffMember, horizon: int) -> tuple[list[tuple[int, int, int]], int]:
    """Transitions (state, 0 = off / 1 = work, next state) enforcing the stretch rules; every state is
    final because stretches touching the last day are exempt from the minimum lengths."""
    min_work, min_off = max(person.min_consecutive, 1), max(person.min_days_off, 1)
    cap = person.max_consecutive
    capped = cap is not None and cap < horizon
    # Without a maximum, lengths beyond the minimum need not be told apart: the last state loops.
    longest = cap if cap is not None and capped else min_work
    start, first_break = 0, 1
    states: dict[tuple[object, ...], int] = {}

    def state(*key: object) -> int:
        return states.setdefault(key, len(states) + 2)

    def working(c: int, from_start: bool) -> int:
        # Whether the stretch touches day 0 matters only while it is still shorter than the minimum.
        return state("work", c, from_start and c < min_work)

    def resting(o: int) -> int:
        return state("off", min(o, min_off))

    t = {
        (start, 0, first_break),
        (start, 1, working(1, True)),
        (first_break, 0, first_break),
        (first_break, 1, working(1, False)),
    }
    for o in range(1, min_off + 1):
        t.add((resting(o), 0, resting(o + 1)))
        if o >= min_off:
            t.add((resting(o), 1, working(1, False)))
    for c in range(1, longest + 1):
        for from_start in (True, False):
            here = working(c, from_start)
            if c < longest:
                t.add((here, 1, working(c + 1, from_start)))
            elif not capped:
                t.add((here, 1, here))
            if c >= min_work or from_start:
                t.add((here, 0, resting(1)))
    return sorted(t), start


def _stretches_clauses(rm: RosterModel, e: int, person: StaffMember) -> None:
    """Minimum stretches as forbidden patterns (off, k < min working days, off), interior only."""
    p, m = rm.problem, rm.model
    w = [rm.work[e, d] for d in range(p.horizon)]
    for k in range(1, person.min_consecutive):
        for d in range(1, p.horizon - k):
            m.AddBoolOr([w[d - 1]] + [w[d + i].Not() for i in range(k)] + [w[d + k]])
    for k in range(1, person.min_days_off):
        for d in range(1, p.horizon - k):
            m.AddBoolOr([w[d - 1].Not()] + [w[d + i] for i in range(k)] + [w[d + k].Not()])


def _weekends_and_weeks(rm: RosterModel, e: int, person: StaffMember) -> None:
    p, m = rm.problem, rm.model
    if person.max_weekends is not None:
        worked = []
        for days in p.weekends():
            ww = m.NewBoolVar("")
            for d in days:
                m.AddImplication(rm.work[e, d], ww)
            m.Add(ww <= sum(rm.work[e, d] for d in days))
            worked.append(ww)
        m.Add(sum(worked) <= person.max_weekends)
    if person.shifts_per_week is not None:
        for days in p.weeks():
            m.Add(sum(rm.work[e, d] for d in days) <= person.shifts_per_week)


def _requests(rm: RosterModel, e: int, person: StaffMember) -> None:
    for r in person.on_requests:
        var = rm.x.get((e, r.day, r.shift_id))
        # A missed on-request costs weight * (1 - x): a constant plus a negative term keeps it linear.
        if var is None:
            rm.terms.append(PenaltyTerm("shift_on_request", r.weight, rm.model.NewConstant(1)))
        else:
            rm.terms.append(PenaltyTerm("shift_on_request", r.weight, var.Not()))
    for r in person.off_requests:
        var = rm.x.get((e, r.day, r.shift_id))
        if var is not None:
            rm.terms.append(PenaltyTerm("shift_off_request", r.weight, var))


def _cover(rm: RosterModel, deadline: Deadline | None) -> None:
    p, m = rm.problem, rm.model
    for line, c in enumerate(p.cover):
        if deadline is not None and line % 256 == 0:
            deadline.check("building the roster model")
        people = [
            rm.x[e, c.day, c.shift_id]
            for e, person in enumerate(p.staff)
            if (e, c.day, c.shift_id) in rm.x and p.counts_for(c, person)
        ]
        most_under, most_over = max(c.requirement, 0), max(len(people) - c.requirement, 0)
        under = m.NewIntVar(0, most_under, "")
        over = m.NewIntVar(0, most_over, "")
        m.Add(sum(people) + under - over == c.requirement)
        if most_under and most_over:
            # Never both: a solution cut off by the time limit then reports its true cost.
            short = m.NewBoolVar("")
            m.Add(under == 0).OnlyEnforceIf(short.Not())
            m.Add(over == 0).OnlyEnforceIf(short)
        rm.terms.append(PenaltyTerm("cover_under", c.under_weight, under))
        rm.terms.append(PenaltyTerm("cover_over", c.over_weight, over))


def _fairness(rm: RosterModel) -> None:
    """Each shift a person works beyond their fair share, or short of it, costs `fairness_weight`."""
    p, m = rm.problem, rm.model
    if not p.fairness_weight or not p.staff:
        return
    for e, (fewest, most) in enumerate(p.fair_windows()):
        total = sum(rm.work[e, d] for d in range(p.horizon))
        short = m.NewIntVar(0, max(0, fewest), "")
        beyond = m.NewIntVar(0, max(0, p.horizon - most), "")
        m.Add(total + short >= fewest)
        m.Add(total - beyond <= most)
        rm.terms.append(PenaltyTerm("fairness", p.fairness_weight, short))
        rm.terms.append(PenaltyTerm("fairness", p.fairness_weight, beyond))
