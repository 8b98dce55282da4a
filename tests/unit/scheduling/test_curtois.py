"""The Curtois parser and the independent checker: the checker reproduces Instance1's published
optimum on the solver's roster and rejects rosters that break hard rules."""

from __future__ import annotations

from shiftapp.scheduling.curtois import parse_curtois
from shiftapp.scheduling.roster import solve_roster
from tests.unit.scheduling.curtois_checker import check, read_instance
from tests.unit.scheduling.roster_builders import CURTOIS, needs_curtois

pytestmark = needs_curtois


def test_parser_reads_the_whole_instance():
    problem = parse_curtois(CURTOIS / "Instance3.txt")
    data = read_instance(CURTOIS / "Instance3.txt")
    assert problem.horizon == data["horizon"] == 14
    assert [s.id for s in problem.shifts] == list(data["shifts"])
    assert len(problem.staff) == len(data["staff"]) and len(problem.cover) == len(data["cover"])
    assert sum(len(p.on_requests) for p in problem.staff) == len(data["on"])


def test_instance1_solved_to_optimality_scores_the_published_optimum_by_the_checker():
    result = solve_roster(parse_curtois(CURTOIS / "Instance1.txt"), time_limit_s=30)
    problems, cost = check(read_instance(CURTOIS / "Instance1.txt"), result.assignment)
    assert problems == []
    assert result.proven_optimal and cost == result.objective == 607


def test_checker_rejects_a_roster_breaking_hard_rules():
    data = read_instance(CURTOIS / "Instance1.txt")
    everyone_always = {s: ["D"] * data["horizon"] for s in data["staff"]}
    problems, _ = check(data, everyone_always)
    assert any("consecutive" in p for p in problems) and any("day off" in p for p in problems)


def test_checker_rejects_a_short_interior_stretch_but_not_one_at_the_edge():
    data = read_instance(CURTOIS / "Instance1.txt")
    result = solve_roster(parse_curtois(CURTOIS / "Instance1.txt"), time_limit_s=30)
    staff_id, _rules = next((s, r) for s, r in data["staff"].items() if r["min_cons"] >= 2)
    roster = {s: list(days) for s, days in result.assignment.items()}
    first_off = roster[staff_id].index(None)
    roster[staff_id] = [None] * data["horizon"]
    roster[staff_id][first_off + 1] = "D"  # one lone shift between days off
    problems, _ = check(data, roster)
    assert any(f"{staff_id}: only 1 consecutive" in p for p in problems)
