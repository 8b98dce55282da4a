"""slot_filling: the CP-SAT model behind auto-assign, on problems small enough to know the answer.

One worker and the model's fixed seed, so every run takes the same path."""

from __future__ import annotations

import itertools
import random

import pytest

from shiftapp.scheduling.slot_filling import FILL_WEIGHT, Candidate, SlotProblem, solve_slots


def _solve(problem: SlotProblem):
    return solve_slots(problem, workers=1)


def _picked(problem: SlotProblem, solution) -> set[tuple[str, str]]:
    return {(problem.candidates[i].slot_id, problem.candidates[i].employee_id) for i in solution.chosen}


def test_every_open_place_that_has_a_candidate_is_filled_and_no_more():
    problem = SlotProblem(
        open_places={"early": 1, "late": 2},
        candidates=[
            Candidate("early", "ada"),
            Candidate("early", "bo"),
            Candidate("late", "ada"),
            Candidate("late", "bo"),
            Candidate("late", "cy"),
        ],
    )
    solution = _solve(problem)
    assert solution.optimal and solution.status == "OPTIMAL"
    assert solution.filled == 3 == len(solution.chosen)
    picked = _picked(problem, solution)
    assert sum(1 for slot, _ in picked if slot == "early") == 1
    assert sum(1 for slot, _ in picked if slot == "late") == 2


def test_a_slot_with_no_open_place_or_not_listed_gets_nobody():
    problem = SlotProblem(open_places={"full": 0}, candidates=[Candidate("full", "ada"), Candidate("unknown", "bo")])
    solution = _solve(problem)
    assert solution.chosen == [] and solution.filled == 0 and solution.optimal


def test_two_candidates_that_clash_are_never_both_chosen():
    # Ada is the only candidate of two overlapping shifts: one of them stays open.
    problem = SlotProblem(
        open_places={"morning": 1, "overlapping": 1},
        candidates=[Candidate("morning", "ada"), Candidate("overlapping", "ada")],
        clashes=[(0, 1)],
    )
    solution = _solve(problem)
    assert solution.filled == 1 and solution.optimal


def test_a_clash_is_worked_around_when_someone_else_can_take_the_place():
    problem = SlotProblem(
        open_places={"morning": 1, "overlapping": 1},
        candidates=[Candidate("morning", "ada"), Candidate("overlapping", "ada"), Candidate("overlapping", "bo")],
        clashes=[(0, 1)],
    )
    solution = _solve(problem)
    assert _picked(problem, solution) == {("morning", "ada"), ("overlapping", "bo")}


def test_a_cap_limits_how_many_of_its_candidates_are_chosen():
    # At most two shifts a week for Ada, who is the only candidate of four.
    candidates = [Candidate(f"day{d}", "ada") for d in range(4)]
    problem = SlotProblem(open_places={f"day{d}": 1 for d in range(4)}, candidates=candidates, caps=[([0, 1, 2, 3], 2)])
    solution = _solve(problem)
    assert solution.filled == 2 and solution.optimal


def test_a_negative_cap_means_none_of_its_candidates():
    problem = SlotProblem(open_places={"day": 1}, candidates=[Candidate("day", "ada")], caps=[([0], -3)])
    assert _solve(problem).chosen == []


def test_filling_a_place_outweighs_its_soft_cost():
    # Filling also raises the busiest person's count (10 a shift), so "any soft cost" means any cost
    # below FILL_WEIGHT - 10; the rule engine's soft costs are far below that.
    cost = FILL_WEIGHT - 11
    problem = SlotProblem(open_places={"night": 1}, candidates=[Candidate("night", "ada", soft_cost=cost)])
    solution = _solve(problem)
    assert solution.filled == 1 and solution.soft_cost == cost


def test_among_equal_fills_the_cheaper_candidate_is_chosen():
    problem = SlotProblem(
        open_places={"night": 1},
        candidates=[Candidate("night", "ada", soft_cost=30), Candidate("night", "bo", soft_cost=0)],
    )
    solution = _solve(problem)
    assert _picked(problem, solution) == {("night", "bo")} and solution.soft_cost == 0


def test_the_load_is_spread_over_people():
    # Both can take both shifts: one each keeps the busiest at one.
    problem = SlotProblem(
        open_places={"mon": 1, "tue": 1},
        candidates=[Candidate("mon", "ada"), Candidate("tue", "ada"), Candidate("mon", "bo"), Candidate("tue", "bo")],
    )
    solution = _solve(problem)
    assert solution.filled == 2
    assert {person for _, person in _picked(problem, solution)} == {"ada", "bo"}


def test_someone_who_already_works_a_lot_is_passed_over():
    problem = SlotProblem(
        open_places={"mon": 1}, candidates=[Candidate("mon", "ada"), Candidate("mon", "bo")], load={"ada": 4, "bo": 1}
    )
    assert _picked(problem, _solve(problem)) == {("mon", "bo")}


def test_an_empty_problem_is_solved_with_nothing_chosen():
    solution = _solve(SlotProblem(open_places={}, candidates=[]))
    assert solution.chosen == [] and solution.filled == 0 and solution.soft_cost == 0 and solution.optimal


def test_an_infeasible_model_returns_nothing_and_says_why():
    # The busiest-person variable is bounded at 10 000 shifts: a load beyond it cannot be modelled.
    problem = SlotProblem(open_places={"mon": 1}, candidates=[Candidate("mon", "ada")], load={"ada": 20_000})
    solution = _solve(problem)
    assert solution.chosen == [] and solution.filled == 0 and not solution.optimal
    assert solution.status == "INFEASIBLE"


def _brute_force_best(problem: SlotProblem) -> tuple[int, int]:
    """The best (filled, soft cost + 10 × busiest) over every subset of candidates."""
    best = None
    n = len(problem.candidates)
    for size in range(n + 1):
        for subset in itertools.combinations(range(n), size):
            chosen = set(subset)
            per_slot: dict[str, int] = {}
            for i in chosen:
                slot = problem.candidates[i].slot_id
                per_slot[slot] = per_slot.get(slot, 0) + 1
            if any(count > problem.open_places.get(slot, 0) for slot, count in per_slot.items()):
                continue
            if any(a in chosen and b in chosen for a, b in problem.clashes):
                continue
            if any(len(chosen & set(indexes)) > max(0, limit) for indexes, limit in problem.caps):
                continue
            people = {c.employee_id for c in problem.candidates}
            busiest = max(
                [
                    problem.load.get(p, 0) + sum(1 for i in chosen if problem.candidates[i].employee_id == p)
                    for p in people
                ],
                default=0,
            )
            score = FILL_WEIGHT * len(chosen) - sum(problem.candidates[i].soft_cost for i in chosen) - 10 * busiest
            if best is None or score > best:
                best = score
    return best


@pytest.mark.parametrize("seed", range(12))
def test_the_answer_is_as_good_as_trying_every_subset(seed):
    rng = random.Random(seed)
    slots = [f"s{k}" for k in range(rng.randint(1, 3))]
    people = [f"p{k}" for k in range(rng.randint(1, 3))]
    pairs = rng.sample([(s, p) for s in slots for p in people], k=min(len(slots) * len(people), rng.randint(1, 8)))
    candidates = [Candidate(s, p, soft_cost=rng.choice([0, 0, 5, 40, 300])) for s, p in pairs]
    n = len(candidates)
    problem = SlotProblem(
        open_places={s: rng.randint(0, 2) for s in slots},
        candidates=candidates,
        clashes=[(a, b) for a, b in itertools.combinations(range(n), 2) if rng.random() < 0.2],
        caps=[(rng.sample(range(n), k=rng.randint(1, n)), rng.randint(0, 2))] if rng.random() < 0.5 else [],
        load={p: rng.randint(0, 3) for p in people},
    )
    solution = _solve(problem)
    assert solution.optimal
    people_all = {c.employee_id for c in candidates}
    busiest = max(
        problem.load.get(p, 0) + sum(1 for i in solution.chosen if candidates[i].employee_id == p) for p in people_all
    )
    score = FILL_WEIGHT * solution.filled - solution.soft_cost - 10 * busiest
    assert score == _brute_force_best(problem)
