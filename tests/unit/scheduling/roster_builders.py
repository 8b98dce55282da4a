"""Shared builders for the rostering tests: tiny problems with one rule at a time."""
from __future__ import annotations

from pathlib import Path

import pytest

from shiftapp.scheduling.roster import Cover, RosterProblem, RosterSolution, ShiftType, StaffMember, solve_roster

CURTOIS = Path(__file__).resolve().parents[3].parent / "shared" / "benchmarks" / "curtois"
DAY = ShiftType("D", 480, start_minute=8 * 60)
LATE = ShiftType("L", 480, start_minute=16 * 60, forbidden_next=frozenset({"D"}))

needs_curtois = pytest.mark.skipif(not (CURTOIS / "Instance1.txt").exists(),
                                   reason="benchmark data not beside the repository")


def person(pid: str = "A", **rules) -> StaffMember:
    """Someone with no binding limit except those given."""
    return StaffMember(id=pid, **rules)


def want(horizon: int, shift: str = "D", n: int = 1, under: int = 100, over: int = 1) -> list[Cover]:
    return [Cover(d, shift, n, under, over) for d in range(horizon)]


def solve(horizon: int, staff: list[StaffMember], cover: list[Cover], shifts=(DAY,), **problem) -> RosterSolution:
    result = solve_roster(RosterProblem(horizon=horizon, shifts=list(shifts), staff=staff, cover=cover, **problem),
                          time_limit_s=10)
    assert result.proven_optimal, result.status
    return result
