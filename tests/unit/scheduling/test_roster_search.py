"""The solver's contract: progress, cancellation, infeasibility, the per-rule breakdown, and the
stretch automaton agreeing with the forbidden-pattern encoding."""

from __future__ import annotations

import itertools
import random
import threading

from shiftapp.scheduling.cpsat_run import run_cpsat
from shiftapp.scheduling.roster import Cover, RosterProblem, ShiftType, solve_roster
from shiftapp.scheduling.roster_model import build_roster_model
from shiftapp.scheduling.roster_penalties import soft_violations
from tests.unit.scheduling.roster_builders import DAY, person, want


def test_progress_is_reported_and_the_breakdown_adds_up():
    seen = []
    problem = RosterProblem(
        horizon=7, shifts=[DAY], staff=[person("A", max_consecutive=3), person("B")], cover=want(7, n=2)
    )
    result = solve_roster(problem, time_limit_s=10, on_progress=seen.append)
    assert seen and {"objective", "bound", "seconds", "phase"} <= set(seen[-1])
    assert result.proven_optimal and result.objective == sum(result.breakdown.values())
    assert result.violations[0]["rule"] == "cover_under"  # the app reads violations like dicts


def test_a_set_stop_event_ends_the_search_at_once():
    stop = threading.Event()
    stop.set()
    problem = RosterProblem(horizon=7, shifts=[DAY], staff=[person("A")], cover=want(7))
    result = solve_roster(problem, time_limit_s=30, stop_event=stop)
    assert result.seconds < 5


def test_impossible_hard_rules_are_reported_as_infeasible():
    problem = RosterProblem(horizon=2, shifts=[DAY], staff=[person("A", min_minutes=3 * 480)], cover=want(2))
    result = solve_roster(problem, time_limit_s=10)
    assert result.status == "INFEASIBLE" and result.assignment == {}


def _random_problem(rng: random.Random) -> RosterProblem:
    horizon = rng.randint(5, 9)
    shifts = [DAY, ShiftType("L", 480, 16 * 60, forbidden_next=frozenset({"D"}) if rng.random() < 0.5 else frozenset())]
    staff = [
        person(
            f"P{i}",
            min_consecutive=rng.randint(1, 3),
            max_consecutive=rng.randint(2, 5),
            min_days_off=rng.randint(1, 3),
            max_weekends=rng.randint(0, 1),
            days_off=frozenset(rng.sample(range(horizon), k=1)),
        )
        for i in range(2)
    ]
    cover = [
        Cover(d, s.id, rng.randint(0, 2), rng.randint(1, 9), rng.randint(1, 9)) for d in range(horizon) for s in shifts
    ]
    return RosterProblem(horizon=horizon, shifts=shifts, staff=staff, cover=cover)


def test_stretch_automaton_and_forbidden_patterns_give_the_same_optimum():
    rng = random.Random(11)
    for _ in range(15):
        problem = _random_problem(rng)
        optima = []
        for encoding in ("automaton", "clauses"):
            rm = build_roster_model(problem, stretch_encoding=encoding)
            run = run_cpsat(rm.model, time_limit_s=10)
            assert run.optimal
            optima.append(run.objective)
            assert sum(v.cost for v in soft_violations(problem, rm.assignment(run.values))) == run.objective
        assert optima[0] == optima[1]


def test_the_optimum_matches_brute_force_on_one_person():
    rng = random.Random(5)
    for _ in range(6):
        problem = _random_problem(rng)
        problem.staff = problem.staff[:1]
        result = solve_roster(problem, time_limit_s=10)
        best = min(
            _cost_if_feasible(problem, days) for days in itertools.product([None, "D", "L"], repeat=problem.horizon)
        )
        assert result.proven_optimal and result.objective == best


def _cost_if_feasible(problem: RosterProblem, days: tuple) -> float:
    """Brute-force oracle: the stretch, weekend, succession and leave rules written out directly."""
    p = problem.staff[0]
    if any(days[d] for d in p.days_off):
        return float("inf")
    if any(a == "L" and b == "D" and "D" in problem.shifts[1].forbidden_next for a, b in itertools.pairwise(days)):
        return float("inf")
    runs = [(k, len(list(g))) for k, g in itertools.groupby(bool(s) for s in days)]
    start = 0
    for working, length in runs:
        interior = start > 0 and start + length < problem.horizon
        if working and (length > p.max_consecutive or (interior and length < p.min_consecutive)):
            return float("inf")
        if not working and interior and length < p.min_days_off:
            return float("inf")
        start += length
    if sum(1 for w in problem.weekends() if any(days[d] for d in w)) > p.max_weekends:
        return float("inf")
    return sum(v.cost for v in soft_violations(problem, {p.id: list(days)}))
