"""Each rule of the rostering model on a tiny instance, solved to optimality."""

from __future__ import annotations

from shiftapp.scheduling.roster import Cover, Request, ShiftType
from tests.unit.scheduling.roster_builders import DAY, LATE, person, solve, want


def test_cover_is_met_when_possible():
    result = solve(3, [person()], want(3))
    assert result.objective == 0 and result.assignment["A"] == ["D", "D", "D"]


def test_at_most_one_shift_a_day():
    result = solve(1, [person()], want(1, "D") + want(1, "L"), shifts=(DAY, ShiftType("L", 480, 16 * 60)))
    assert result.objective == 100 and result.breakdown == {"cover_under": 100}


def test_over_cover_costs_its_weight():
    staff = [person("A", on_requests=(Request(0, "D", 50),)), person("B", on_requests=(Request(0, "D", 50),))]
    result = solve(1, staff, want(1, over=7))
    assert result.assignment == {"A": ["D"], "B": ["D"]} and result.breakdown == {"cover_over": 7}


def test_max_consecutive_forces_a_day_off():
    result = solve(4, [person(max_consecutive=2)], want(4))
    days = result.assignment["A"]
    assert not any(days[d] and days[d + 1] and days[d + 2] for d in range(2))
    assert result.breakdown["cover_under"] == 100


def test_days_off_max_per_shift_and_min_minutes():
    result = solve(4, [person(days_off=frozenset({1}), max_per_shift={"D": 2}, min_minutes=960)], want(4))
    days = result.assignment["A"]
    assert days[1] is None and days.count("D") == 2


def test_max_minutes_caps_the_total():
    result = solve(4, [person(max_minutes=3 * 480)], want(4))
    assert result.assignment["A"].count("D") == 3


def test_forbidden_succession():
    cover = [Cover(0, "L", 1, 100, 1), Cover(1, "D", 1, 50, 1), Cover(0, "D", 0, 1, 10), Cover(1, "L", 0, 1, 10)]
    assert solve(2, [person()], cover, shifts=(DAY, LATE)).assignment["A"] == ["L", None]


def test_min_rest_forbids_a_short_turnaround():
    cover = [Cover(0, "L", 1, 100, 1), Cover(1, "D", 1, 50, 1), Cover(0, "D", 0, 1, 10), Cover(1, "L", 0, 1, 10)]
    late = ShiftType("L", 480, start_minute=16 * 60)  # ends at midnight: 8 h before the day shift
    assert solve(2, [person()], cover, shifts=(DAY, late)).assignment["A"] == ["L", "D"]
    assert solve(2, [person()], cover, shifts=(DAY, late), min_rest_minutes=11 * 60).assignment["A"] == ["L", None]


def test_back_to_back_costs_its_weight_and_names_the_day():
    cover = [Cover(0, "L", 1, 100, 1), Cover(1, "D", 1, 50, 1), Cover(0, "D", 0, 1, 10), Cover(1, "L", 0, 1, 10)]
    late = ShiftType("L", 480, start_minute=14 * 60)  # ends 22:00: 10 h before the day shift
    result = solve(
        2,
        [person()],
        cover,
        shifts=(DAY, late),
        min_rest_minutes=9 * 60,
        back_to_back_weight=3,
        back_to_back_minutes=11 * 60,
    )
    assert result.assignment["A"] == ["L", "D"] and result.breakdown == {"back_to_back": 3}
    assert [(v.rule, v.staff, v.day) for v in result.violations] == [("back_to_back", "A", 1)]


def test_min_consecutive_is_interior_only():
    # Working day 1 alone of days 0..2 is an interior stretch of 1 < 2: forbidden.
    cover = [Cover(0, "D", 0, 100, 10), Cover(1, "D", 1, 100, 1), Cover(2, "D", 0, 100, 10)]
    assert solve(3, [person(min_consecutive=2)], cover).assignment["A"] != [None, "D", None]
    # A stretch touching the first day may be short.
    edge = [Cover(0, "D", 1, 100, 1), Cover(1, "D", 0, 1, 100), Cover(2, "D", 0, 1, 100)]
    assert solve(3, [person(min_consecutive=2)], edge).assignment["A"] == ["D", None, None]


def test_min_days_off_is_interior_only():
    # One day off between two worked days is too short when two are required...
    cover = [Cover(0, "D", 1, 100, 1), Cover(1, "D", 0, 100, 500), Cover(2, "D", 1, 100, 1)]
    assert solve(3, [person()], cover).assignment["A"] == ["D", None, "D"]
    result = solve(3, [person(min_days_off=2)], cover)
    assert result.objective == 100 and result.assignment["A"] != ["D", None, "D"]
    # ...but a break touching the last day is exempt.
    tail = [Cover(0, "D", 1, 100, 1), Cover(1, "D", 1, 100, 1), Cover(2, "D", 0, 100, 50)]
    assert solve(3, [person(min_days_off=2)], tail).assignment["A"] == ["D", "D", None]


def test_max_weekends_counts_either_day():
    result = solve(14, [person(max_weekends=1)], want(14))
    days = result.assignment["A"]
    assert sum(1 for k in range(2) if days[7 * k + 5] or days[7 * k + 6]) == 1


def test_weekends_follow_the_start_weekday():
    # Day 0 is a Saturday: days 0-1 and 7-8 are the weekends.
    result = solve(9, [person(max_weekends=0)], want(9), first_weekday=5)
    assert [d for d, s in enumerate(result.assignment["A"]) if s is None] == [0, 1, 7, 8]


def test_shifts_per_week():
    result = solve(7, [person(shifts_per_week=3)], want(7))
    assert sum(1 for s in result.assignment["A"] if s) == 3


def test_on_and_off_requests_cost_their_weight():
    staff = [person(on_requests=(Request(0, "D", 3),), off_requests=(Request(1, "D", 5),))]
    result = solve(2, staff, [Cover(0, "D", 0, 1, 1), Cover(1, "D", 1, 4, 1)])
    assert result.assignment["A"] == ["D", None]
    assert result.objective == 1 + 4 and result.breakdown == {"cover_over": 1, "cover_under": 4}


def test_role_cover_needs_a_senior():
    staff = [person("A", role="senior"), person("B", role="correspondent", on_requests=(Request(0, "D", 10),))]
    cover = [Cover(0, "D", 1, 100, 1, role="senior"), Cover(0, "D", 1, 100, 100)]
    result = solve(1, staff, cover)
    assert result.assignment == {"A": ["D"], "B": [None]}


def test_skills_restrict_who_may_work_a_shift():
    desk = ShiftType("X", 480, 8 * 60, required_skills=frozenset({"desk"}))
    staff = [person("A"), person("B", skills=frozenset({"desk"}))]
    result = solve(1, staff, want(1, "X"), shifts=(desk,))
    assert result.assignment == {"A": [None], "B": ["X"]}


def test_eligible_shifts_and_shift_preferences():
    shifts = (DAY, ShiftType("N", 480, 22 * 60))
    staff = [person("A", eligible_shifts=frozenset({"D"})), person("B", shift_preferences={"D": 5})]
    result = solve(1, staff, want(1, "D") + want(1, "N"), shifts=shifts)
    assert result.assignment == {"A": ["D"], "B": ["N"]} and result.objective == 0


def test_fairness_spreads_the_load():
    staff = [person("A"), person("B")]
    result = solve(4, staff, want(4, under=100, over=100), fairness_weight=10)
    assert [sum(1 for s in r if s) for r in result.assignment.values()] == [2, 2]
