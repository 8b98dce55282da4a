"""Time limits are limits: every solver entry point, driven by a fake clock that runs out after a
number of reads, returns a valid best-so-far answer marked unproven, and starts no phase after its
deadline. No wall-clock assertions: the clock is injected."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from shiftapp.deadline import Deadline, OutOfTime
from shiftapp.loads import LoadOrder, LoadProblem, LoadUnit, plan_loads
from shiftapp.loads.binpacking import best_fit_decreasing, lower_bound_l2, pack
from shiftapp.scheduling.roster import Cover, RosterProblem, ShiftType, StaffMember, solve_roster
from shiftapp.scheduling.roster_model import build_roster_model
from shiftapp.scheduling.slot_filling import Candidate, SlotProblem, solve_slots


class FakeClock:
    """Reads 0, 1, 2, ... seconds: a deadline of `reads` seconds runs out after that many reads."""

    def __init__(self) -> None:
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return float(self.reads - 1)


def fake_deadline(reads: int) -> Deadline:
    return Deadline(float(reads), clock=FakeClock())


def hard_instance() -> tuple[list[int], int]:
    """Items that best fit decreasing packs in more bins than the L2 bound: the exact phases must run."""
    rng = random.Random(3)
    while True:
        sizes = [rng.randint(20, 100) for _ in range(60)]
        if len(best_fit_decreasing(sizes, 150)) > lower_bound_l2(sizes, 150):
            return sizes, 150


def assert_valid_packing(bins: list[list[int]], sizes: list[int], capacity: int) -> None:
    assert sorted(i for b in bins for i in b) == list(range(len(sizes)))
    assert all(sum(sizes[i] for i in b) <= capacity for b in bins)


def assert_no_phase_after_the_deadline(deadline: Deadline) -> None:
    assert all(left > 0 for _phase, begun, left in deadline.phases if begun)
    refused = [i for i, (_phase, begun, _left) in enumerate(deadline.phases) if not begun]
    if refused:  # once one phase is refused for time, none after it begins
        assert not any(begun for _phase, begun, _left in deadline.phases[refused[0] :])


def test_the_deadline_gives_each_call_its_own_budget_cut_to_what_is_left():
    deadline = fake_deadline(5)  # read 0 at creation
    assert deadline.budget(2.0) == 2.0  # read 1: 4 left
    assert deadline.budget(10.0) == 3.0  # read 2: 3 left
    inner = deadline.within(1.0)  # read 3: ends at 4, before the outer 5
    assert inner.at == 4.0 and inner.phases is deadline.phases
    assert inner.begin("a") is False  # read 4 (on the inner deadline): nothing left
    assert deadline.begin("b") is False and deadline.cut_short  # read 5: the outer one is spent too


@pytest.mark.parametrize("reads", [1, 2, 3, 4, 5, 6, 8])
def test_pack_returns_a_valid_unproven_packing_when_the_clock_runs_out(reads):
    sizes, capacity = hard_instance()
    deadline = fake_deadline(reads)
    packing = pack(sizes, capacity, time_limit_s=100, deadline=deadline)
    assert_valid_packing(packing.bins, sizes, capacity)
    assert len(packing.bins) <= len(best_fit_decreasing(sizes, capacity))
    assert_no_phase_after_the_deadline(deadline)
    if not packing.proven_optimal:
        assert packing.timed_out and deadline.expired()


def test_pack_with_time_proves_the_optimum():
    sizes, capacity = hard_instance()
    packing = pack(sizes, capacity, time_limit_s=30)
    assert packing.proven_optimal and not packing.timed_out and len(packing.bins) == packing.lower_bound


def test_pack_refuses_every_phase_on_a_spent_deadline_and_returns_best_fit():
    sizes, capacity = hard_instance()
    deadline = fake_deadline(1)
    packing = pack(sizes, capacity, deadline=deadline)
    assert packing.method == "heuristic" and not packing.proven_optimal and packing.timed_out
    assert deadline.phases and not any(begun for _phase, begun, _left in deadline.phases)


def load_problem() -> LoadProblem:
    sizes, capacity = hard_instance()
    day = date(2026, 1, 5)
    orders = tuple(
        LoadOrder(id=str(i), branch_id="b", route_id="r", customer_id=f"c{i}", delivery_date=day, weight_kg=float(w))
        for i, w in enumerate(sizes)
    )
    units = tuple(LoadUnit(id=f"u{k:03d}", branch_id="b", capacity_kg=float(capacity)) for k in range(len(sizes)))
    return LoadProblem(
        orders=orders,
        units=units,
        max_vehicles_per_route_per_day=None,
        max_units_per_customer_per_day=None,
        allow_split=False,
    )


@pytest.mark.parametrize("reads", [1, 2, 3, 5, 8])
def test_plan_loads_returns_the_best_plan_so_far_marked_unproven_when_the_clock_runs_out(reads):
    problem = load_problem()
    deadline = fake_deadline(reads)
    result = plan_loads(problem, time_limit_s=100, deadline=deadline)
    assert not result.unassigned and len(result.placements) == len(problem.orders)
    weight = {o.id: o.weight_kg for o in problem.orders}
    loads = Counter()
    for p in result.placements:
        loads[p.unit_id] += weight[p.order_id]
    assert max(loads.values()) <= 150
    assert result.units_used <= result.greedy_units_used
    assert_no_phase_after_the_deadline(deadline)
    if not result.proven_optimal:
        assert result.time_limit_reached
    if reads <= 2:  # spent before the first re-pack: the greedy plan, saying the time limit cut it
        assert result.time_limit_reached and not result.proven_optimal


def test_plan_loads_with_time_is_proven_and_not_cut():
    result = plan_loads(load_problem(), time_limit_s=30)
    assert result.proven_optimal and not result.time_limit_reached


def slot_problem() -> SlotProblem:
    candidates = [Candidate(f"s{s}", f"p{p}", soft_cost=(s + p) % 3) for s in range(6) for p in range(5)]
    return SlotProblem({f"s{s}": 2 for s in range(6)}, candidates)


def test_slot_filling_on_a_spent_deadline_starts_no_solve_and_says_the_time_limit_stopped_it():
    deadline = fake_deadline(1)
    solution = solve_slots(slot_problem(), deadline=deadline)
    assert solution.chosen == [] and not solution.optimal and solution.time_limit_reached
    assert deadline.phases == [("slot filling", False, 0.0)]


def test_slot_filling_with_time_is_optimal_and_not_cut():
    solution = solve_slots(slot_problem(), time_limit_s=30, workers=1)
    assert solution.optimal and not solution.time_limit_reached and solution.filled == 12


def roster_problem() -> RosterProblem:
    day = ShiftType("D", 480, start_minute=8 * 60)
    staff = [StaffMember(id=f"P{i}") for i in range(6)]
    return RosterProblem(horizon=14, shifts=[day], staff=staff, cover=[Cover(d, "D", 2, 100, 1) for d in range(14)])


@pytest.mark.parametrize("reads", [1, 2, 4, 7])
def test_building_a_roster_model_stops_once_its_deadline_has_passed(reads):
    deadline = fake_deadline(reads)
    with pytest.raises(OutOfTime):
        build_roster_model(roster_problem(), deadline=deadline)
    assert deadline.phases[-1] == ("building the roster model", False, 0.0)


def test_a_roster_model_built_in_time_is_whole():
    deadline = fake_deadline(1000)
    model = build_roster_model(roster_problem(), deadline=deadline)
    assert len(model.x) == 6 * 14 and not deadline.cut_short


@pytest.mark.parametrize("reads", [1, 3, 6])
def test_solve_roster_answers_at_its_deadline_even_while_building_the_model(reads):
    """A model too big to build in the time given (Curtois 24 needs over a minute): no schedule, said to
    be cut by the time limit, and no solver started after the deadline."""
    solution = solve_roster(roster_problem(), time_limit_s=100, deadline=fake_deadline(reads))
    assert solution.status == "UNKNOWN" and solution.assignment == {} and not solution.proven_optimal
    assert solution.time_limit_reached


def test_solve_roster_with_time_is_optimal_and_not_cut():
    solution = solve_roster(roster_problem(), time_limit_s=30)
    assert solution.proven_optimal and not solution.time_limit_reached
