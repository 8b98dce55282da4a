"""The first roster, person by person: people rostered in turn spread over the days rather than all take
the same ones; rostering each person again against everyone else never makes the roster dearer, keeps
every hard rule and ends where no one alone can do better; and people kept keep their schedules."""

from __future__ import annotations

import random

from shiftapp.scheduling import roster_construct
from shiftapp.scheduling.cpsat_run import Clock
from shiftapp.scheduling.roster import RosterProblem
from shiftapp.scheduling.roster_construct import reroster_each, roster_person_by_person
from shiftapp.scheduling.roster_penalties import roster_cost, soft_violations
from tests.unit.scheduling.roster_builders import DAY, obeys_hard_rules, person, random_problem, want


def week_of_alike_people() -> RosterProblem:
    """Seven people of five shifts a week and five wanted every day: exactly enough, if they spread."""
    staff = [person(f"P{i}", shifts_per_week=5) for i in range(7)]
    return RosterProblem(horizon=7, shifts=[DAY], staff=staff, cover=want(7, n=5), fairness_weight=3)


def short_lines(problem: RosterProblem, roster) -> int:
    return sum(v.amount for v in soft_violations(problem, roster) if v.rule == "cover_under")


def test_people_rostered_in_turn_spread_over_the_days(monkeypatch):
    problem = week_of_alike_people()
    roster = roster_person_by_person(problem, Clock(30))
    assert roster is not None and short_lines(problem, roster) == 0
    # Without the nudge towards the days most open, each takes the days the walk meets first, and the
    # last ones find the days left over already out of their week's reach.
    monkeypatch.setattr(roster_construct, "SPREAD", 0.0)
    roster = roster_person_by_person(problem, Clock(30))
    assert roster is not None and short_lines(problem, roster) > 0


def test_rostering_each_again_never_costs_more_and_ends_where_no_one_alone_does_better():
    rng = random.Random(17)
    for n in range(6):
        problem = random_problem(rng, staff=5, horizon=14, fairness=3 * (n % 2))
        start = roster_person_by_person(problem, Clock(30))
        assert start is not None
        better = reroster_each(problem, start, Clock(30))
        assert roster_cost(problem, better) <= roster_cost(problem, start)
        assert obeys_hard_rules(problem, better)
        assert reroster_each(problem, better, Clock(30)) == better


def test_kept_people_keep_their_schedules_and_the_others_fill_what_is_open():
    problem = RosterProblem(horizon=4, shifts=[DAY], staff=[person("A"), person("B")], cover=want(4))
    kept = {"A": ["D", "D", None, None]}
    roster = roster_person_by_person(problem, Clock(30), keep=kept)
    assert roster == {"A": ["D", "D", None, None], "B": [None, None, "D", "D"]}
