"""Reduced-cost fixing: no roster uses a cell dearer than its cost allows; with the cells ruled out held,
the whole model still finds the optimum and proves nothing is cheaper. On Curtois 1 (optimum 607, the
relaxation's bound 558): the random test rosters have optimum 0, where "nothing cheaper" proves nothing."""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from shiftapp.scheduling import roster as roster_module
from shiftapp.scheduling.cpsat_run import Clock, fix_variables, run_cpsat
from shiftapp.scheduling.curtois import parse_curtois
from shiftapp.scheduling.roster import solve_roster
from shiftapp.scheduling.roster_columns import generate_columns
from shiftapp.scheduling.roster_fixing import cell_excess, cheaper_model, search_cheaper
from shiftapp.scheduling.roster_lns import Incumbent
from shiftapp.scheduling.roster_model import build_roster_model
from shiftapp.scheduling.roster_penalties import roster_cost
from tests.unit.scheduling.roster_builders import CURTOIS, needs_curtois


def _optimum_and_excess():
    problem = parse_curtois(CURTOIS / "Instance1.txt")
    optimal = solve_roster(problem, time_limit_s=30)
    assert optimal.proven_optimal and optimal.objective == 607
    columns = generate_columns(problem, optimal.assignment, time_limit_s=20)
    assert columns.converged
    excess = cell_excess(problem, columns.prices, Clock(30))
    assert excess is not None
    return problem, optimal, columns, excess


def _rosters(problem, count: int):
    """Legal rosters, bounded by a count, not by the machine's pace: CP-SAT's first solution on one worker
    (deterministic for a seed), from different seeds."""
    rm = build_roster_model(problem)
    rosters = []
    for seed in range(count):
        run = run_cpsat(rm.model, time_limit_s=60, subsolvers=None, workers=1, first_solution_only=True, seed=seed)
        assert run.values is not None
        rosters.append(rm.assignment(run.values))
    return rosters


@needs_curtois
def test_every_roster_uses_only_cells_within_what_its_cost_allows():
    problem, optimal, columns, excess = _optimum_and_excess()
    assert abs(excess.bound - columns.lower_bound) < 1e-3  # the same Lagrangian bound, person by person
    for roster in [optimal.assignment, *_rosters(problem, 4)]:
        cost = roster_cost(problem, roster)
        shifts_out, days_worked = excess.ruled_out(cost + 1)  # rules out what a roster this dear cannot use
        for e, person in enumerate(problem.staff):
            for d, shift in enumerate(roster[person.id]):
                assert (e, d, shift) not in shifts_out if shift else (e, d) not in days_worked
    assert min(excess.work.values()) >= -1e-6 and min(excess.off.values()) >= -1e-6


@needs_curtois
def test_with_the_cells_held_the_optimum_is_found_and_nothing_cheaper():
    problem, optimal, _columns, excess = _optimum_and_excess()
    rm = build_roster_model(problem)
    best = optimal.objective
    shifts_out, days_worked = excess.ruled_out(best)
    assert shifts_out and days_worked  # something is ruled out, or the test would prove nothing
    proof, roster = search_cheaper(rm, excess, optimal.assignment, best, 30)
    assert proof.status == cp_model.INFEASIBLE and roster is None
    _run, roster = search_cheaper(rm, excess, optimal.assignment, best + 1, 30)
    assert roster is not None and roster_cost(problem, roster) == best


def _admits(rm, excess, roster, below, within=1.0, beyond=None) -> bool:
    """Whether the search below `below` (or the part of it `within` and `beyond` say) may return `roster`."""
    model = cheaper_model(rm, excess, below, within, beyond)
    pairs = rm.hint_pairs(roster)
    fix_variables(model, [var.Index() for var, _value in pairs], [value for _var, value in pairs])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.Solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


@needs_curtois
def test_the_search_in_parts_sees_each_roster_in_exactly_one_part():
    problem, optimal, _columns, excess = _optimum_and_excess()
    rm = build_roster_model(problem)
    checked = 0
    for roster in [optimal.assignment, *_rosters(problem, 6)]:
        below = roster_cost(problem, roster) + 1
        room = below - 1 - excess.bound
        # The dearest cell the roster uses, as a share of the room: parts split below and above it.
        dearest = (
            max(
                excess.work[e, d, shift] if shift else excess.off[e, d]
                for e, person in enumerate(problem.staff)
                for d, shift in enumerate(roster[person.id])
            )
            / room
        )
        assert dearest <= 1 + 1e-9
        if dearest < 0.01:  # only cells of no excess (at these prices): no part leaves it out
            continue
        checked += 1
        assert _admits(rm, excess, roster, below)
        for share, inside_narrow in ((dearest / 2, False), (min(1.0, dearest * 1.5), True)):
            assert _admits(rm, excess, roster, below, within=share) == inside_narrow
            assert _admits(rm, excess, roster, below, beyond=share) == (not inside_narrow)
        # The middle part of three: beyond a share below the dearest cell, within one above it.
        assert _admits(rm, excess, roster, below, within=min(1.0, dearest * 1.5), beyond=dearest / 2)
        assert not _admits(rm, excess, roster, below, within=dearest / 2, beyond=dearest / 4)
        assert not _admits(rm, excess, roster, below - 1)  # cheaper than itself: never
    assert checked >= 2


@needs_curtois
def test_the_solver_s_last_steps_prove_an_optimal_roster_optimal():
    problem, optimal, columns, _excess = _optimum_and_excess()
    best = optimal.objective
    # The hand-over: a roster at the rounded-up bound is close, one far above it is not.
    assert roster_module._few_steps_above(columns, math.ceil(columns.lower_bound - 1e-6))
    assert not roster_module._few_steps_above(columns, best)  # 607 over 558
    found = []
    incumbent, bound = roster_module._last_steps(
        build_roster_model(problem),
        columns,
        Incumbent(optimal.assignment, best),
        0.0,
        Clock(30),
        2,
        None,
        0,
        lambda *args: found.append(args),
    )
    assert incumbent.proven_optimal and incumbent.objective == best and bound == best
    assert found == []  # nothing cheaper to report
