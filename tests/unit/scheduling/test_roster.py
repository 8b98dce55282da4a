"""The rostering model on tiny instances, one constraint at a time, and the independent Curtois
checker reproducing Instance1's published optimum."""
from __future__ import annotations

from pathlib import Path

import pytest

from shiftapp.scheduling.curtois import parse_curtois
from shiftapp.scheduling.roster import Cover, Request, RosterProblem, ShiftType, StaffMember, solve_roster
from tests.unit.scheduling.curtois_checker import check, read_instance

CURTOIS = Path(__file__).resolve().parents[3].parent / "shared" / "benchmarks" / "curtois"
DAY = ShiftType("D", 480, start_minute=8 * 60)
LATE = ShiftType("L", 480, start_minute=16 * 60, forbidden_next=frozenset({"D"}))


def person(pid="A", **kw) -> StaffMember:
    base = dict(max_per_shift={"D": 99, "L": 99}, max_minutes=99_999, min_minutes=0, max_consecutive=99,
                min_consecutive=1, min_days_off=1, max_weekends=99)
    return StaffMember(id=pid, **{**base, **kw})


def solve(horizon, staff, cover, shifts=(DAY,), **kw):
    return solve_roster(RosterProblem(horizon=horizon, shifts=list(shifts), staff=staff, cover=cover, **kw),
                        time_limit_s=10, workers=2)


def want(horizon, shift="D", n=1, under=100):
    return [Cover(d, shift, n, under, 1) for d in range(horizon)]


def test_cover_is_met_when_possible():
    result = solve(3, [person()], want(3))
    assert result.proven_optimal and result.objective == 0 and result.assignment["A"] == ["D", "D", "D"]


def test_max_consecutive_forces_a_day_off():
    result = solve(4, [person(max_consecutive=2)], want(4))
    days = result.assignment["A"]
    assert all(not (days[d] and days[d + 1] and days[d + 2]) for d in range(2))
    assert result.breakdown["cover_under"] == 100


def test_days_off_and_max_per_shift_and_minutes():
    result = solve(4, [person(days_off=frozenset({1}), max_per_shift={"D": 2}, min_minutes=960)], want(4))
    days = result.assignment["A"]
    assert days[1] is None and days.count("D") == 2


def test_forbidden_succession_and_min_rest():
    staff = [person()]
    cover = [Cover(0, "L", 1, 100, 1), Cover(1, "D", 1, 50, 1)]
    result = solve(2, staff, cover, shifts=(DAY, LATE))
    assert result.assignment["A"] in (["L", None], [None, "D"]) and result.assignment["A"][0] == "L"
    rest = solve(2, staff, cover, shifts=(DAY, ShiftType("L", 480, start_minute=16 * 60)), min_rest_minutes=11 * 60)
    assert rest.assignment["A"] == ["L", None]  # 8 h rest between L and D is not enough


def test_min_consecutive_and_days_off_are_interior_only():
    # Working only day 1 of 0..2 would be an interior stretch of 1 < 2: not allowed; the edges may be short.
    cover = [Cover(0, "D", 0, 100, 10), Cover(1, "D", 1, 100, 1), Cover(2, "D", 0, 100, 10)]
    result = solve(3, [person(min_consecutive=2)], cover)
    assert result.assignment["A"] != [None, "D", None]
    edge = solve(3, [person(min_consecutive=2)], [Cover(0, "D", 1, 100, 1), Cover(1, "D", 0, 1, 100),
                                                  Cover(2, "D", 0, 1, 100)])
    assert edge.assignment["A"] == ["D", None, None]


def test_max_weekends_counts_either_day():
    result = solve(14, [person(max_weekends=1)], want(14))
    days = result.assignment["A"]
    weekends = sum(1 for k in range(2) if days[7 * k + 5] or days[7 * k + 6])
    assert weekends == 1


def test_on_and_off_requests_cost_their_weight():
    staff = [person(on_requests=(Request(0, "D", 3),), off_requests=(Request(1, "D", 5),))]
    result = solve(2, staff, [Cover(0, "D", 0, 1, 1), Cover(1, "D", 1, 4, 1)])
    assert result.assignment["A"] == ["D", None]
    assert result.objective == 1 + 4  # over-cover on day 0, under-cover on day 1


def test_role_cover_needs_a_senior():
    staff = [person("A", role="senior"), person("B", role="correspondent", days_off=frozenset({0}))]
    cover = [Cover(0, "D", 1, 100, 1, role="senior"), Cover(0, "D", 1, 100, 100)]
    result = solve(1, staff, cover)
    assert result.assignment["A"] == ["D"]


def test_checker_rejects_an_infeasible_roster():
    data = read_instance(CURTOIS / "Instance1.txt")
    roster = {s: ["D"] * data["horizon"] for s in data["staff"]}
    problems, _ = check(data, roster)
    assert any("consecutive" in p for p in problems) and any("day off" in p for p in problems)


@pytest.mark.skipif(not (CURTOIS / "Instance1.txt").exists(), reason="benchmark data not beside the repo")
def test_instance1_solved_to_optimality_matches_published_optimum_by_the_independent_checker():
    result = solve_roster(parse_curtois(CURTOIS / "Instance1.txt"), time_limit_s=30)
    problems, cost = check(read_instance(CURTOIS / "Instance1.txt"), result.assignment)
    assert problems == []
    assert result.proven_optimal and cost == result.objective == 607
