"""Fill open shift places with eligible people: an exact CP-SAT model.

The services hand over only what the rule engine allowed: candidate (slot, person) pairs that
break no hard rule on their own, the pairs of candidates that would break one together, and the
soft cost of each candidate. The model fills as many places as it can, then minimises soft cost
and spreads the load; the services re-check the answer with the rule engine before proposing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from shiftapp.deadline import Deadline

FILL_WEIGHT = 10_000  # one more place filled outweighs any soft cost


@dataclass(frozen=True)
class Candidate:
    slot_id: str  # a shift with open places
    employee_id: str
    soft_cost: int = 0  # minutes-weighted soft conflicts this assignment would add


@dataclass
class SlotProblem:
    open_places: dict[str, int]  # shift id -> places still open
    candidates: list[Candidate]
    clashes: list[tuple[int, int]] = field(default_factory=list)  # candidate indexes that break a hard rule together
    # (candidate indexes, limit): e.g. the shifts of one person in one week under their agreed maximum.
    caps: list[tuple[list[int], int]] = field(default_factory=list)
    load: dict[str, int] = field(default_factory=dict)  # shifts each person already has in the period


@dataclass
class SlotSolution:
    chosen: list[int]
    filled: int
    soft_cost: int
    optimal: bool
    status: str
    time_limit_reached: bool = False  # unproven because the time limit came first


def solve_slots(
    problem: SlotProblem, *, time_limit_s: float = 10.0, workers: int = 2, deadline: Deadline | None = None
) -> SlotSolution:
    """The best filling by `deadline` (cut to `time_limit_s` from now) or within `time_limit_s`: building
    the model counts against the limit, and the solve gets only what is left. If time runs out before a
    solution, no places are proposed, marked as stopped by the time limit."""
    deadline = Deadline(time_limit_s) if deadline is None else deadline.within(time_limit_s)
    model = cp_model.CpModel()
    x = [model.NewBoolVar(f"x{i}") for i in range(len(problem.candidates))]
    by_slot: dict[str, list[int]] = {}
    by_person: dict[str, list[int]] = {}
    for i, c in enumerate(problem.candidates):
        by_slot.setdefault(c.slot_id, []).append(i)
        by_person.setdefault(c.employee_id, []).append(i)
    for slot, indexes in by_slot.items():
        model.Add(sum(x[i] for i in indexes) <= problem.open_places.get(slot, 0))
        # One person takes one place of a shift at most (candidates are unique per slot and person).
    for a, b in problem.clashes:
        model.AddBoolOr([x[a].Not(), x[b].Not()])
    for indexes, limit in problem.caps:
        model.Add(sum(x[i] for i in indexes) <= max(0, limit))
    # Fairness: the busiest person's total (existing + new) is kept low.
    busiest = model.NewIntVar(0, 10_000, "busiest")
    for person, indexes in by_person.items():
        model.Add(problem.load.get(person, 0) + sum(x[i] for i in indexes) <= busiest)
    filled = sum(x)
    soft = sum(c.soft_cost * x[i] for i, c in enumerate(problem.candidates))
    model.Maximize(FILL_WEIGHT * filled - soft - 10 * busiest)
    if not deadline.begin("slot filling", needs_s=0.01):
        return SlotSolution([], 0, 0, False, "UNKNOWN", time_limit_reached=True)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = deadline.budget()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 7
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SlotSolution([], 0, 0, False, solver.StatusName(status), time_limit_reached=status == cp_model.UNKNOWN)
    chosen = [i for i in range(len(x)) if solver.Value(x[i])]
    return SlotSolution(
        chosen,
        len(chosen),
        sum(problem.candidates[i].soft_cost for i in chosen),
        status == cp_model.OPTIMAL,
        solver.StatusName(status),
        time_limit_reached=status != cp_model.OPTIMAL,
    )
