"""Column generation: its bound is a true lower bound on the optimum, the LP roster it hands on keeps
every hard rule and agrees with the cells it calls whole, and the search holding those cells keeps them."""

from __future__ import annotations

import random

import pytest

from shiftapp.scheduling import roster_columns
from shiftapp.scheduling.cpsat_run import Clock
from shiftapp.scheduling.roster import solve_roster
from shiftapp.scheduling.roster_columns import generate_columns
from shiftapp.scheduling.roster_construct import roster_person_by_person
from shiftapp.scheduling.roster_lns import solve_fixed
from shiftapp.scheduling.roster_model import build_roster_model
from shiftapp.scheduling.roster_penalties import roster_cost
from tests.unit.scheduling.curtois_checker import check, read_instance
from tests.unit.scheduling.roster_builders import (
    CURTOIS,
    first_roster,
    needs_curtois,
    obeys_hard_rules,
    random_problem,
)


def test_the_bound_is_below_the_optimum_and_close_to_it():
    rng = random.Random(11)
    for _ in range(4):
        problem = random_problem(rng, staff=6, horizon=21)
        optimum = solve_roster(problem, time_limit_s=20)
        assert optimum.proven_optimal
        start = first_roster(problem)
        columns = generate_columns(problem, start, time_limit_s=20)
        assert columns.converged
        assert columns.lower_bound <= optimum.objective + 1e-6
        # The per-person relaxation is tight on these: within a few percent of the optimum.
        assert columns.lower_bound >= 0.9 * optimum.objective - 1


@pytest.mark.parametrize("staff", [2, 30])  # two: every person priced in one go; thirty: a tenth first
def test_column_generation_stops_when_its_pace_cannot_settle_in_the_time_given(monkeypatch, staff):
    rng = random.Random(4)
    problem = random_problem(rng, staff=staff, horizon=14)
    start = first_roster(problem)
    assert generate_columns(problem, start, time_limit_s=30).converged  # at its real pace it settles
    monkeypatch.setattr(roster_columns, "EXPECTED_ROUNDS", 10**9)  # no pace is quick enough for that many
    columns = generate_columns(problem, start, time_limit_s=30)
    assert not columns.converged and not columns.settled
    if staff == 30:  # stopped inside the first round: not every person priced, so no bound either
        assert columns.lower_bound == float("-inf")


def test_past_halfway_a_relaxation_whose_bound_is_still_below_zero_is_given_up():
    too_far = roster_columns.too_far_at_halfway
    assert too_far(16.0, 30.0, 500.0, -650.0)  # Curtois 9's state at halfway
    assert not too_far(14.0, 30.0, 500.0, -650.0)  # before halfway it may still settle
    assert not too_far(16.0, 30.0, 4786.0, 2835.0)  # Curtois 10 in a slow run: 41 % off, settles later
    assert too_far(16.0, 30.0, 500.0, float("-inf"))  # no round finished: no bound at all


def test_column_generation_stops_past_halfway_when_still_far_from_its_bound(monkeypatch):
    rng = random.Random(4)
    problem = random_problem(rng, staff=4, horizon=14)
    start = first_roster(problem)
    assert generate_columns(problem, start, time_limit_s=30).converged
    monkeypatch.setattr(roster_columns, "HALFWAY", 0.0)  # halfway from the start...
    monkeypatch.setattr(roster_columns, "HALFWAY_GAP", 0.0)  # ...and any gap is too far
    columns = generate_columns(problem, start, time_limit_s=30)
    assert not columns.converged and not columns.settled and columns.lower_bound > float("-inf")


def test_the_lp_roster_keeps_every_hard_rule_and_agrees_with_the_whole_cells():
    rng = random.Random(5)
    problem = random_problem(rng, staff=6, horizon=21)
    start = first_roster(problem)
    columns = generate_columns(problem, start, time_limit_s=20)
    assert columns.lp_roster is not None and obeys_hard_rules(problem, columns.lp_roster)
    assert columns.whole_cells  # a tight relaxation is whole on most cells
    for (e, d), shift in columns.whole_cells.items():
        assert columns.lp_roster[problem.staff[e].id][d] == shift


def test_a_search_holding_cells_keeps_them_and_every_hard_rule():
    rng = random.Random(8)
    problem = random_problem(rng, staff=5, horizon=14)
    rm = build_roster_model(problem)
    start = first_roster(problem)
    held = {(e, d): start[p.id][d] for e, p in enumerate(problem.staff) for d in range(0, 14, 2)}
    run, roster = solve_fixed(rm, held, start, 10)
    assert run.optimal and obeys_hard_rules(problem, roster)
    assert all(roster[problem.staff[e].id][d] == shift for (e, d), shift in held.items())
    assert roster_cost(problem, roster) <= roster_cost(problem, start)


@needs_curtois
# 9 and 12 (36 and 60 people, capped night shifts, weekends, minutes) are priced by the walk; best known
# costs stand in for the optimum (never below it).
@pytest.mark.parametrize("number, optimum", [(1, 607), (2, 828), (9, 439), (12, 4040)])
def test_the_bound_on_curtois_never_exceeds_the_published_optimum(number, optimum):
    from shiftapp.scheduling.curtois import parse_curtois

    path = CURTOIS / f"Instance{number}.txt"
    problem = parse_curtois(path)
    start = roster_person_by_person(problem, Clock(30))  # a legal roster within seconds, whatever the size
    columns = generate_columns(problem, start, time_limit_s=30)
    assert columns.converged and 0.9 * optimum <= columns.lower_bound <= optimum  # Instance1: 558
    problems, _objective = check(read_instance(path), columns.lp_roster)
    assert problems == []


def test_column_generation_stops_when_its_lp_does_not_move_and_its_bound_is_hopeless(monkeypatch):
    rng = random.Random(4)
    problem = random_problem(rng, staff=4, horizon=14)
    start = solve_roster(problem, time_limit_s=20).assignment  # the optimum: the LP cannot go below it
    assert generate_columns(problem, start, time_limit_s=30).converged  # its bound comes up to it
    monkeypatch.setattr(roster_columns, "STALL_ROUNDS", 1)
    monkeypatch.setattr(roster_columns, "STALL_GAP", -1.0)  # any bound counts as hopeless
    columns = generate_columns(problem, start, time_limit_s=30)
    assert not columns.converged and columns.lp_value == roster_cost(problem, start)
