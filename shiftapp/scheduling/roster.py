"""A general rostering model on OR-Tools CP-SAT, used unchanged by the app and by the Curtois benchmark.

Days × shift types × employees. Hard: at most one shift a day, forbidden successions (and minimum
rest), maximum shifts per type, minimum and maximum total minutes, minimum and maximum consecutive
working days, minimum consecutive days off, maximum weekends, days off and leave, role and skill
eligibility. Soft: cover under/over (per day, shift and optional role), shift on/off requests,
back-to-back turnarounds and fairness. Stretches touching the first or last day are exempt from the
minimum-length rules (the horizon continues on either side), and a weekend (days 7k+5, 7k+6 from a
Monday start) counts when either day is worked — the definitions that reproduce published optima.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class ShiftType:
    id: str
    length_minutes: int
    start_minute: int = 0  # minutes after midnight, for rest and back-to-back checks
    forbidden_next: frozenset[str] = frozenset()  # shift types that may not follow on the next day
    name: str = ""


@dataclass(frozen=True)
class Request:
    day: int
    shift_id: str
    weight: int


@dataclass(frozen=True)
class StaffMember:
    id: str
    name: str = ""
    role: str | None = None
    eligible_shifts: frozenset[str] | None = None  # None: every shift type (role and skill filters applied by caller)
    max_per_shift: dict[str, int] = field(default_factory=dict)
    min_minutes: int = 0
    max_minutes: int | None = None
    min_consecutive: int = 1
    max_consecutive: int | None = None
    min_days_off: int = 1
    max_weekends: int | None = None
    days_off: frozenset[int] = frozenset()
    on_requests: tuple[Request, ...] = ()
    off_requests: tuple[Request, ...] = ()
    shifts_per_week: int | None = None  # agreed maximum per Monday-to-Sunday week


@dataclass(frozen=True)
class Cover:
    day: int
    shift_id: str
    requirement: int
    under_weight: int
    over_weight: int
    role: str | None = None  # cover by people of this role only (e.g. at least one senior)


@dataclass
class RosterProblem:
    horizon: int
    shifts: list[ShiftType]
    staff: list[StaffMember]
    cover: list[Cover]
    first_weekday: int = 0  # 0 = the horizon starts on a Monday
    min_rest_minutes: int | None = None
    back_to_back_weight: int = 0
    back_to_back_minutes: int = 0  # a turnaround shorter than this (but legal) costs back_to_back_weight
    fairness_weight: int = 0


@dataclass
class RosterSolution:
    status: str
    assignment: dict[str, list[str | None]]  # staff id -> shift id or None per day
    objective: int | None
    best_bound: float | None
    proven_optimal: bool
    seconds: float
    breakdown: dict[str, int] = field(default_factory=dict)
    violations: list[dict] = field(default_factory=list)  # each soft cost with whom it touches
    first_solution_seconds: float | None = None


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_progress, stop_event, started):
        super().__init__()
        self._on_progress, self._stop, self._started = on_progress, stop_event, started

    def on_solution_callback(self) -> None:
        if self._on_progress is not None:
            self._on_progress({"objective": self.ObjectiveValue(), "bound": self.BestObjectiveBound(),
                               "seconds": time.perf_counter() - self._started})
        if self._stop is not None and self._stop.is_set():
            self.StopSearch()


def _weekend_days(problem: RosterProblem) -> list[list[int]]:
    weekends = []
    for d in range(problem.horizon):
        weekday = (problem.first_weekday + d) % 7
        if weekday == 5:
            weekends.append([d] + ([d + 1] if d + 1 < problem.horizon else []))
        elif weekday == 6 and d == 0:
            weekends.append([d])
    return weekends


def build_model(problem: RosterProblem):
    model = cp_model.CpModel()
    H, shifts = problem.horizon, problem.shifts
    by_id = {s.id: s for s in shifts}
    x: dict[tuple[int, int, str], cp_model.IntVar] = {}
    work: dict[tuple[int, int], cp_model.LinearExpr] = {}
    for e, person in enumerate(problem.staff):
        for d in range(H):
            allowed = [s for s in shifts if (person.eligible_shifts is None or s.id in person.eligible_shifts)
                       and d not in person.days_off and person.max_per_shift.get(s.id, 1) > 0]
            for s in allowed:
                x[e, d, s.id] = model.NewBoolVar(f"x_{e}_{d}_{s.id}")
            day_vars = [x[e, d, s.id] for s in allowed]
            if day_vars:
                model.AddAtMostOne(day_vars)
                w = model.NewBoolVar(f"w_{e}_{d}")
                model.Add(w == sum(day_vars))
                work[e, d] = w
            else:
                work[e, d] = 0
    terms: list[tuple[str, int, cp_model.IntVar, dict]] = []  # (rule, weight, var, who/when)

    def forbidden_pair(a: ShiftType, b: ShiftType) -> bool:
        if b.id in a.forbidden_next:
            return True
        if problem.min_rest_minutes is not None:
            rest = 24 * 60 + b.start_minute - (a.start_minute + a.length_minutes)
            return rest < problem.min_rest_minutes
        return False

    for e, person in enumerate(problem.staff):
        for d in range(H - 1):
            for a in shifts:
                for b in shifts:
                    if (e, d, a.id) in x and (e, d + 1, b.id) in x:
                        if forbidden_pair(a, b):
                            model.AddBoolOr([x[e, d, a.id].Not(), x[e, d + 1, b.id].Not()])
                        elif problem.back_to_back_weight and problem.back_to_back_minutes:
                            rest = 24 * 60 + b.start_minute - (a.start_minute + a.length_minutes)
                            if rest < problem.back_to_back_minutes:
                                tight = model.NewBoolVar("")
                                model.AddBoolAnd([x[e, d, a.id], x[e, d + 1, b.id]]).OnlyEnforceIf(tight)
                                model.AddBoolOr([x[e, d, a.id].Not(), x[e, d + 1, b.id].Not(), tight])
                                terms.append(("back_to_back", problem.back_to_back_weight, tight,
                                              {"staff": person.id, "day": d + 1}))
        for s in shifts:
            limit = person.max_per_shift.get(s.id)
            if limit is not None:
                model.Add(sum(x[e, d, s.id] for d in range(H) if (e, d, s.id) in x) <= limit)
        minutes = sum(by_id[s].length_minutes * v for (ee, _d, s), v in x.items() if ee == e)
        if person.max_minutes is not None:
            model.Add(minutes <= person.max_minutes)
        if person.min_minutes:
            model.Add(minutes >= person.min_minutes)
        if person.max_consecutive is not None and person.max_consecutive < H:
            k = person.max_consecutive
            for d in range(H - k):
                model.Add(sum(work[e, d + i] for i in range(k + 1)) <= k)
        # Minimum stretch lengths, interior only: forbid off, k working days (k < min), off.
        for k in range(1, person.min_consecutive):
            for d in range(1, H - k):
                _forbid(model, [(work[e, d - 1], False)] + [(work[e, d + i], True) for i in range(k)] +
                        [(work[e, d + k], False)])
        for k in range(1, person.min_days_off):
            for d in range(1, H - k):
                _forbid(model, [(work[e, d - 1], True)] + [(work[e, d + i], False) for i in range(k)] +
                        [(work[e, d + k], True)])
        if person.max_weekends is not None:
            worked = []
            for days in _weekend_days(problem):
                w = model.NewBoolVar("")
                for d in days:
                    if not isinstance(work[e, d], int):
                        model.AddImplication(work[e, d], w)
                model.Add(w <= sum(work[e, d] for d in days))
                worked.append(w)
            model.Add(sum(worked) <= person.max_weekends)
        if person.shifts_per_week is not None:
            for start in range(-problem.first_weekday, H, 7):
                days = [d for d in range(start, start + 7) if 0 <= d < H]
                model.Add(sum(work[e, d] for d in days) <= person.shifts_per_week)
        for r in person.on_requests:
            var = x.get((e, r.day, r.shift_id))
            missed = model.NewBoolVar("")
            if var is None:
                model.Add(missed == 1)
            else:
                model.Add(missed == 1 - var)
            terms.append(("shift_on_request", r.weight, missed, {"staff": person.id, "day": r.day,
                                                                 "shift": r.shift_id}))
        for r in person.off_requests:
            var = x.get((e, r.day, r.shift_id))
            if var is not None:
                terms.append(("shift_off_request", r.weight, var, {"staff": person.id, "day": r.day,
                                                                  "shift": r.shift_id}))
    for c in problem.cover:
        people = [x[e, c.day, c.shift_id] for e, p in enumerate(problem.staff)
                  if (e, c.day, c.shift_id) in x and (c.role is None or p.role == c.role)]
        count = sum(people) if people else 0
        n = len(people)
        # under = max(0, req - count) and over = max(0, count - req), exactly: a solution cut off by
        # the time limit never reports more cost than it has.
        under = model.NewIntVar(0, max(c.requirement, 0), "")
        over = model.NewIntVar(0, max(n - c.requirement, 0), "")
        model.AddMaxEquality(under, [0, c.requirement - count])
        model.AddMaxEquality(over, [0, count - c.requirement])
        who = {"day": c.day, "shift": c.shift_id, "role": c.role}
        terms.append(("cover_under", c.under_weight, under, who))
        terms.append(("cover_over", c.over_weight, over, who))
    if problem.fairness_weight and problem.staff:
        totals = [sum(v for (ee, _d, _s), v in x.items() if ee == e) for e in range(len(problem.staff))]
        most = model.NewIntVar(0, H, "most")
        least = model.NewIntVar(0, H, "least")
        for t in totals:
            model.Add(t <= most)
            model.Add(t >= least)
        spread = model.NewIntVar(0, H, "spread")
        model.Add(spread == most - least)
        terms.append(("fairness", problem.fairness_weight, spread, {}))
    model.Minimize(sum(weight * var for _rule, weight, var, _who in terms if weight))
    return model, x, terms


def _forbid(model, pattern) -> None:
    """Forbid one pattern of worked (True) and free (False) days: at least one day must differ."""
    clause = []
    for var, working in pattern:
        if isinstance(var, int):  # a day with no possible shift: never worked
            if working:
                return  # the pattern needs work there, so it can never happen
            continue
        clause.append(var.Not() if working else var)
    model.AddBoolOr(clause)


# Measured on Curtois 5, 8 and 9 (30 s each, 2 cores): two workers running the LP-heavy search and the
# core-based search beat an 8-worker default portfolio (1165 vs 1238, 1612 vs 1804, 472 vs 552).
DEFAULT_SUBSOLVERS = ("max_lp", "core")


# Large app rosters (100 people x 3 months) were proven optimal in 34 s by the default 8-worker
# portfolio but not by the two LP workers within 60 s: size picks the configuration.
LARGE = 3000  # people x days


def solve_roster(problem: RosterProblem, *, time_limit_s: float = 60.0, workers: int | None = None,
                 on_progress: Callable[[dict], None] | None = None, stop_event: threading.Event | None = None,
                 hint: dict[str, list[str | None]] | None = None, log: bool = False,
                 subsolvers: tuple[str, ...] | list[str] | None | str = "auto") -> RosterSolution:
    started = time.perf_counter()
    model, x, terms = build_model(problem)
    if hint:
        index = {p.id: e for e, p in enumerate(problem.staff)}
        for staff_id, days in hint.items():
            for d, shift_id in enumerate(days):
                for (e, dd, s), var in x.items():
                    if e == index.get(staff_id) and dd == d:
                        model.AddHint(var, 1 if s == shift_id else 0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    if subsolvers == "auto":
        large = len(problem.staff) * problem.horizon > LARGE
        subsolvers = None if large else DEFAULT_SUBSOLVERS
        workers = workers or (8 if large else 2)
    # The LP-heavy worker matters most on these models (see DEFAULT_SUBSOLVERS and the calibration notes).
    solver.parameters.num_workers = workers or 2
    if subsolvers:
        solver.parameters.subsolvers.extend(subsolvers)
    solver.parameters.log_search_progress = log
    first_solution: list[float] = []

    def progress(info: dict) -> None:
        if not first_solution:
            first_solution.append(info["seconds"])
        if on_progress is not None:
            on_progress(info)

    callback = _Progress(progress, stop_event, started)
    status = solver.Solve(model, callback)
    seconds = time.perf_counter() - started
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return RosterSolution(solver.StatusName(status), {}, None, None, False, seconds)
    assignment = {p.id: [None] * problem.horizon for p in problem.staff}
    for (e, d, s), var in x.items():
        if solver.Value(var):
            assignment[problem.staff[e].id][d] = s
    breakdown: dict[str, int] = {}
    violations = []
    for rule, weight, var, who in terms:
        value = solver.Value(var)
        if value and weight:
            breakdown[rule] = breakdown.get(rule, 0) + weight * value
            violations.append({"rule": rule, "cost": weight * value, "amount": value, **who})
    return RosterSolution(solver.StatusName(status), assignment, round(solver.ObjectiveValue()),
                          solver.BestObjectiveBound(), status == cp_model.OPTIMAL, seconds, breakdown, violations,
                          first_solution[0] if first_solution else None)
