"""Large-neighbourhood search: a part re-solved on a model of its people alone finds the same optimum
as the whole model with everything else fixed, and the search keeps every hard rule."""

from __future__ import annotations

import random

from shiftapp.scheduling import roster as roster_module
from shiftapp.scheduling.roster import Cover, RosterProblem, solve_roster
from shiftapp.scheduling.roster_lns import Part, restricted_problem, solve_days, solve_people
from shiftapp.scheduling.roster_model import build_roster_model
from shiftapp.scheduling.roster_penalties import roster_cost
from tests.unit.scheduling.roster_builders import DAY, obeys_hard_rules, person, random_problem


def test_a_part_of_few_people_has_the_same_optimum_on_its_own_model():
    rng = random.Random(3)
    for n in range(10):
        problem = random_problem(rng, fairness=7 * (n % 2))  # every other one has a fairness term
        start = solve_roster(problem, time_limit_s=10).assignment
        rm = build_roster_model(problem)
        people = tuple(sorted(rng.sample(range(4), k=2)))
        window = rng.randrange(0, 7)
        part = Part("staff_weeks", people, tuple(range(window, window + 7)))
        alone, roster_alone = solve_people(problem, start, part, 10)
        whole, roster_whole = solve_days(rm, start, part, 10)
        assert alone.optimal and whole.optimal
        assert roster_cost(problem, roster_alone) == roster_cost(problem, roster_whole)
        # Nothing outside the part moved.
        for e, p in enumerate(problem.staff):
            for d in range(problem.horizon):
                if not (e in people and d in part.days):
                    assert roster_alone[p.id][d] == start[p.id][d]


def test_restricted_cover_asks_only_for_what_the_others_leave_open():
    problem = RosterProblem(
        horizon=1, shifts=[DAY], staff=[person("A"), person("B"), person("C")], cover=[Cover(0, "D", 2, 100, 1)]
    )
    roster = {"A": ["D"], "B": ["D"], "C": [None]}
    assert restricted_problem(problem, roster, (2,)).cover[0].requirement == 0
    assert restricted_problem(problem, roster, (0,)).cover[0].requirement == 1
    assert restricted_problem(problem, {"A": ["D"], "B": ["D"], "C": ["D"]}, (0,)).staff == [problem.staff[0]]
    # Cover on days the people may not change costs the same whatever they do: left out.
    two_days = RosterProblem(
        horizon=2, shifts=[DAY], staff=problem.staff, cover=[Cover(0, "D", 2, 100, 1), Cover(1, "D", 1, 100, 1)]
    )
    assert [
        c.day
        for c in restricted_problem(
            two_days, {"A": ["D", None], "B": ["D", None], "C": [None, "D"]}, (0,), days=(1,)
        ).cover
    ] == [1]


def test_the_neighbourhood_search_keeps_every_hard_rule_and_reaches_the_optimum(monkeypatch):
    rng = random.Random(7)
    for n in range(3):
        problem = random_problem(rng, staff=6, horizon=21, fairness=5 * (n == 1))
        optimum = solve_roster(problem, time_limit_s=20)
        assert optimum.proven_optimal
        monkeypatch.setattr(roster_module, "DIRECT_MAX_VARS", 0)  # the large-roster path on a small roster
        result = solve_roster(problem, time_limit_s=10)
        monkeypatch.undo()
        assert result.assignment and obeys_hard_rules(problem, result.assignment)
        assert result.objective == roster_cost(problem, result.assignment)
        # Parts grow while they stop paying, up to the whole roster: the optimum is reached.
        assert result.objective == optimum.objective
