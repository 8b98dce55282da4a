"""Shared builders for the rostering tests: tiny problems with one rule at a time."""

from __future__ import annotations

import random

import pytest

from shiftapp.scheduling.cpsat_run import Clock, run_cpsat
from shiftapp.scheduling.roster import (
    Cover,
    Request,
    RosterProblem,
    RosterSolution,
    ShiftType,
    StaffMember,
    solve_roster,
)
from shiftapp.scheduling.roster_construct import roster_person_by_person
from shiftapp.scheduling.roster_model import build_roster_model
from tests.support import shared_benchmarks

CURTOIS = shared_benchmarks() / "curtois"
DAY = ShiftType("D", 480, start_minute=8 * 60)
LATE = ShiftType("L", 480, start_minute=16 * 60, forbidden_next=frozenset({"D"}))

needs_curtois = pytest.mark.skipif(
    not (CURTOIS / "Instance1.txt").exists(), reason="benchmark data not beside the repository"
)


def person(pid: str = "A", **rules) -> StaffMember:
    """Someone with no binding limit except those given."""
    return StaffMember(id=pid, **rules)


def want(horizon: int, shift: str = "D", n: int = 1, under: int = 100, over: int = 1) -> list[Cover]:
    return [Cover(d, shift, n, under, over) for d in range(horizon)]


def solve(horizon: int, staff: list[StaffMember], cover: list[Cover], shifts=(DAY,), **problem) -> RosterSolution:
    result = solve_roster(
        RosterProblem(horizon=horizon, shifts=list(shifts), staff=staff, cover=cover, **problem), time_limit_s=10
    )
    assert result.proven_optimal, result.status
    return result


def random_problem(rng: random.Random, staff: int = 4, horizon: int = 14, fairness: int = 0) -> RosterProblem:
    """A few people with random stretch, weekend, leave and request rules; two shift types."""
    people = [
        person(
            f"P{i}",
            min_consecutive=rng.randint(1, 2),
            max_consecutive=rng.randint(3, 5),
            min_days_off=rng.randint(1, 2),
            max_weekends=rng.randint(1, 2),
            days_off=frozenset(rng.sample(range(horizon), k=2)),
            off_requests=tuple(
                Request(d, rng.choice("DL"), rng.randint(1, 3)) for d in rng.sample(range(horizon), k=3)
            ),
        )
        for i in range(staff)
    ]
    cover = [Cover(d, s, rng.randint(0, 2), rng.choice([50, 100]), 1) for d in range(horizon) for s in "DL"]
    return RosterProblem(horizon=horizon, shifts=[DAY, LATE], staff=people, cover=cover, fairness_weight=fairness)


def obeys_hard_rules(problem: RosterProblem, roster) -> bool:
    """Every assignment fixed on the whole model: feasible exactly when no hard rule is broken."""
    rm = build_roster_model(problem)
    for (e, d, s), var in rm.x.items():
        rm.model.Add(var == int(roster[problem.staff[e].id][d] == s))
    for p in problem.staff:  # a shift the model has no variable for (leave, eligibility) is a broken rule
        if any(shift and (problem.staff.index(p), d, shift) not in rm.x for d, shift in enumerate(roster[p.id])):
            return False
    return run_cpsat(rm.model, time_limit_s=10).optimal


def first_roster(problem: RosterProblem):
    """A roster breaking no hard rule, the same on any machine: each person solved exactly in turn (a
    start that a short timed solve would make depend on the machine's pace)."""
    roster = roster_person_by_person(problem, Clock(60.0))
    assert roster is not None
    return roster
