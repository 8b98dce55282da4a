"""Fairness is each person's own: their shifts against their fair share of the shifts wanted. The shares
follow the days each person may work and their limits; the model, the roster's figures and the walk all
charge the same; a part of the roster keeps the shares of the whole; and alike people, priced once, give
column generation the same relaxation as when each is priced alone."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from shiftapp.scheduling.cpsat_run import run_cpsat
from shiftapp.scheduling.roster import Cover, Request, RosterProblem, solve_roster
from shiftapp.scheduling.roster_columns import alike_groups, generate_columns
from shiftapp.scheduling.roster_lns import restricted_problem
from shiftapp.scheduling.roster_model import build_roster_model
from shiftapp.scheduling.roster_penalties import roster_cost, soft_violations
from tests.unit.scheduling.roster_builders import DAY, first_roster, person, random_problem, want


def test_shares_follow_the_days_each_person_may_work():
    staff = [person("A"), person("B"), person("C", days_off=frozenset(range(5)))]
    problem = RosterProblem(horizon=10, shifts=[DAY], staff=staff, cover=want(10), fairness_weight=3)
    assert problem.fair_shares() == pytest.approx([4, 4, 2])
    assert [p.fair_shifts for p in problem.with_fair_shares().staff] == [(4, 4), (4, 4), (2, 2)]


def test_what_a_person_cannot_work_goes_to_the_others():
    # Two weeks, two wanted a day: a third each would be 9.33, but A works two shifts a week at most.
    staff = [person("A", shifts_per_week=2), person("B"), person("C")]
    problem = RosterProblem(horizon=14, shifts=[DAY], staff=staff, cover=want(14, n=2), fairness_weight=3)
    assert problem.fair_shares() == pytest.approx([4, 12, 12])
    # A share between two whole numbers is fair at either.
    staff = [person("A"), person("B"), person("C")]
    problem = RosterProblem(horizon=10, shifts=[DAY], staff=staff, cover=want(10), fairness_weight=3)
    assert problem.fair_windows() == [(3, 4)] * 3


def test_shifts_only_some_can_work_are_theirs_first():
    # Two wanted a day, one of them a senior, and one senior: the senior's share is every day.
    staff = [person("S", role="senior"), person("A"), person("B")]
    cover = want(6, n=2) + [Cover(d, "D", 1, 80, 0, role="senior") for d in range(6)]
    problem = RosterProblem(horizon=6, shifts=[DAY], staff=staff, cover=cover, fairness_weight=3)
    assert problem.fair_windows() == [(6, 6), (3, 3), (3, 3)]
    result = solve_roster(problem, time_limit_s=10)
    assert result.proven_optimal and result.objective == 0


def test_each_shift_beyond_or_short_of_the_share_costs_the_weight():
    problem = RosterProblem(
        horizon=6,
        shifts=[DAY],
        staff=[person("A", fair_shifts=(2, 3)), person("B", fair_shifts=(2, 3))],
        cover=[],
        fairness_weight=3,
    )
    roster = {"A": ["D"] * 5 + [None], "B": [None] * 6}
    fairness = [(v.staff, v.amount, v.cost) for v in soft_violations(problem, roster) if v.rule == "fairness"]
    assert fairness == [("A", 2, 6), ("B", 2, 6)]


def test_the_model_charges_a_roster_what_its_figures_say():
    rng = random.Random(21)
    for _ in range(5):
        problem = random_problem(rng, staff=5, horizon=14, fairness=rng.randint(1, 6))
        roster = first_roster(problem)
        rm = build_roster_model(problem)
        for (e, d, s), var in rm.x.items():
            rm.model.Add(var == int(roster[problem.staff[e].id][d] == s))
        run = run_cpsat(rm.model, time_limit_s=10)
        assert run.optimal and run.objective == roster_cost(problem, roster)


def test_fairness_spreads_the_load_by_the_days_each_may_work():
    # Twelve shifts over six days; C may work three of them: shares 4.8, 4.8 and 2.4.
    staff = [person("A"), person("B"), person("C", days_off=frozenset({0, 1, 2}))]
    problem = RosterProblem(horizon=6, shifts=[DAY], staff=staff, cover=want(6, n=2, over=100), fairness_weight=10)
    result = solve_roster(problem, time_limit_s=10)
    assert result.proven_optimal and result.objective == 0
    totals = [sum(1 for s in row if s) for row in result.assignment.values()]
    assert all(low <= total <= high for total, (low, high) in zip(totals, problem.fair_windows(), strict=True))
    assert problem.fair_windows() == [(4, 5), (4, 5), (2, 3)]


def test_a_part_of_the_roster_keeps_the_shares_of_the_whole():
    staff = [person("A"), person("B"), person("C", days_off=frozenset(range(6)))]
    problem = RosterProblem(horizon=12, shifts=[DAY], staff=staff, cover=want(12, n=2), fairness_weight=3)
    roster = {"A": ["D"] * 12, "B": ["D"] * 12, "C": [None] * 12}  # A and B give all the cover
    part = restricted_problem(problem, roster, (2,))
    assert part.staff[0].fair_shifts == problem.with_fair_shares().staff[2].fair_shifts == (4, 5)
    # Alone, C would be given what the others leave open: nothing.
    assert replace(part, staff=[replace(part.staff[0], fair_shifts=None)]).fair_windows() == [(0, 0)]


def test_alike_people_are_priced_once_and_give_the_same_relaxation():
    rng = random.Random(5)
    problem = random_problem(rng, staff=3, horizon=14, fairness=4)
    problem.staff = [replace(p, id=f"{p.id}{copy}") for p in problem.staff for copy in "ab"]  # two of each
    # The same people made unlike by a request that costs nothing.
    unlike = replace(
        problem,
        staff=[
            replace(p, off_requests=(*p.off_requests, Request(e % 14, "D", 0))) for e, p in enumerate(problem.staff)
        ],
    )
    assert sorted(len(group) for group in alike_groups(problem)) == [2, 2, 2]
    assert len(alike_groups(unlike)) == 6
    start = first_roster(problem)
    assert roster_cost(problem, start) == roster_cost(unlike, start)
    alike = generate_columns(problem, start, time_limit_s=30)
    alone = generate_columns(unlike, start, time_limit_s=30)
    assert alike.converged and alone.converged
    assert alike.lp_value == pytest.approx(alone.lp_value, abs=1e-4)
    assert alike.lower_bound == pytest.approx(alone.lower_bound, abs=1e-3)
    # The group's solution, poured into its people, is one whole schedule's weight each.
    weights: dict[str, float] = {}
    for column in alike.columns:
        weights[column.person_id] = weights.get(column.person_id, 0.0) + column.weight
    assert weights == pytest.approx({p.id: 1.0 for p in problem.staff}, abs=1e-6)
    # And below the optimum.
    assert alike.lower_bound <= solve_roster(problem, time_limit_s=20).objective + 1e-6


def test_fairness_on_cover_that_asks_for_no_one():
    # A day nobody is wanted gives no one a share of it: working it costs fairness too.
    problem = RosterProblem(
        horizon=4,
        shifts=[DAY],
        staff=[person("A")],
        cover=[Cover(d, "D", 1 if d < 2 else 0, 100, 1) for d in range(4)],
        fairness_weight=3,
    )
    assert problem.fair_windows() == [(2, 2)]
    result = solve_roster(problem, time_limit_s=10)
    assert result.assignment == {"A": ["D", "D", None, None]} and result.objective == 0
