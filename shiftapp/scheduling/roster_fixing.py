"""Which cells no roster cheaper than a given cost can use: reduced-cost fixing on the column-generation
relaxation's prices.

At cover prices p (within each line's under- and over-cover weights), every roster R costs at least
    L(p) + sum over people e of (rc_e(R_e) - least_e),
where rc_e is a schedule's own cost less the prices of the cover it gives, least_e the cheapest rc_e of
any legal schedule, and L(p) the Lagrangian bound (the prices times the requirements plus every least_e).
So a roster cheaper than `below` keeps every person's excess rc_e(R_e) - least_e within
`below - 1 - L(p)`; a cell whose cheapest schedule through it already exceeds that is in no such roster.
The walk (`roster_pricing`) finds the cheapest schedule through each cell exactly — the cell made worth
working whatever else it costs, or the day's shifts taken away for a day off.

On Curtois 7 (relaxation 1,054.08; optimum 1,056) a quarter of the cells are ruled out for rosters
cheaper than 1,057, and CP-SAT on the whole model with them held and the cost kept below 1,056 proves in
7-9 s that 1,056 is optimal.

Finding a cheaper roster is harder than proving there is none (from 1,057: 1,056 in 2 of 4 runs of 40 s),
so the search can go in parts: first only the cells within a share of the room, where far more are held;
then at least one cell beyond it. The parts together search everything. A cheaper roster mostly spreads
its small excess over several people, so it is usually in the first part (1,056 within a fifth of the
room: 4 runs of 4, 2.6-8.6 s).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from shiftapp.scheduling.cpsat_run import PROOF_WORKERS, Clock, RunResult, fix_variables, run_cpsat, set_hint
from shiftapp.scheduling.roster_columns import PersonPricer, alike_groups
from shiftapp.scheduling.roster_model import RosterModel
from shiftapp.scheduling.roster_pricing import PersonWalk, compile_walk
from shiftapp.scheduling.roster_problem import Assignment, RosterProblem

# Makes a cell worth working whatever else it costs (more than any schedule's own cost and cover prices).
WORTH_IT = 1e7
# Allowance for sums of floating-point prices.
TOLERANCE = 1e-6


@dataclass
class CellExcess:
    """How much dearer than each person's cheapest schedule at the prices their cheapest schedule through
    each cell is (inf where no legal schedule goes through it)."""

    bound: float  # L(p)
    work: dict[tuple[int, int, str], float]  # (person index, day, shift id) worked
    off: dict[tuple[int, int], float]  # (person index, day) off

    def ruled_out(self, below: int, share: float = 1.0) -> tuple[set[tuple[int, int, str]], set[tuple[int, int]]]:
        """The shifts no roster costing less than `below` works, and the days it works (some shift). With
        `share` < 1, also the cells whose excess is more than that share of the room such a roster has."""
        room = share * (below - 1 - self.bound) + TOLERANCE
        return (
            {cell for cell, excess in self.work.items() if excess > room},
            {cell for cell, excess in self.off.items() if excess > room},
        )


def cell_excess(
    problem: RosterProblem, prices: list[float], clock: Clock, stop_event: threading.Event | None = None
) -> CellExcess | None:
    """The excess of every cell at cover `prices` (one per cover line), or None when some person's walk is
    too large for the walk or the clock runs out first."""
    compile_walk()
    bound = sum(price * c.requirement for price, c in zip(prices, problem.cover, strict=True))
    work: dict[tuple[int, int, str], float] = {}
    off: dict[tuple[int, int], float] = {}
    for members in alike_groups(problem):  # alike people have the same excess everywhere: walked once
        if clock.left() <= 0 or (stop_event is not None and stop_event.is_set()):
            return None
        pricer = PersonPricer(problem, members[0])
        walk, cell_price = pricer.walk, pricer.cell_prices(prices)
        cheapest = walk.cheapest(cell_price)
        if cheapest is None:
            return None
        least = cheapest[1]
        bound += least * len(members)
        for d in range(problem.horizon):
            for t, shift in enumerate(problem.shifts):
                if walk.allowed[d, t]:
                    excess = _through(walk, cell_price, d, t, least)
                    for e in members:
                        work[e, d, shift.id] = excess
            excess = _through(walk, cell_price, d, None, least)
            for e in members:
                off[e, d] = excess
    return CellExcess(bound, work, off)


def _through(walk: PersonWalk, cell_price: np.ndarray, d: int, t: int | None, least: float) -> float:
    """The cheapest schedule working shift type `t` (None: off) on day `d`, less `least`."""
    price = cell_price.copy()
    if t is None:
        price[d, :] -= WORTH_IT
    else:
        price[d, t] += WORTH_IT
    walked = walk.cheapest(price)
    assert walked is not None  # the same walk as the person's cheapest, which was not too large
    rows, value = walked
    if not rows or rows[0][d] != (None if t is None else walk.shift_ids[t]):
        return math.inf
    return value + (0.0 if t is None else WORTH_IT) - least


def search_cheaper(
    rm: RosterModel,
    excess: CellExcess,
    incumbent: Assignment,
    below: int,
    time_limit_s: float,
    *,
    within: float = 1.0,
    beyond: float | None = None,
    workers: int = 2,
    seed: int = 0,
    stop_event: threading.Event | None = None,
    on_solution: Callable[[float, float], bool | None] | None = None,
) -> tuple[RunResult, Assignment | None]:
    """CP-SAT on the whole model for a roster costing less than `below`, with the cells `excess` rules out
    for such rosters held: a roster, or a proof that none exists (status INFEASIBLE) — `below` is then
    optimal if a roster costing it is known. `incumbent` is the hint.

    A part of that search: with `within` < 1, only cells whose excess is within that share of the room are
    used; with `beyond`, at least one cell whose excess is beyond that share is. So `within=s` and then
    `beyond=s` search everything, in two parts."""
    sub = cheaper_model(rm, excess, below, within, beyond)
    pairs = rm.hint_pairs(incumbent)
    set_hint(sub.Proto(), [value for _var, value in pairs], [var.Index() for var, _value in pairs])
    run = run_cpsat(
        sub,
        time_limit_s=time_limit_s,
        subsolvers=PROOF_WORKERS,
        workers=workers,
        stop_event=stop_event,
        seed=seed,
        on_solution=on_solution,
    )
    return run, (rm.assignment(run.values) if run.values is not None else None)


def cheaper_model(
    rm: RosterModel, excess: CellExcess, below: int, within: float = 1.0, beyond: float | None = None
) -> cp_model.CpModel:
    """The whole model for rosters costing less than `below`, with the cells held as `search_cheaper` says."""
    shifts_out, days_worked = excess.ruled_out(below, within)
    sub = cp_model.CpModel()
    sub.proto.copy_from(rm.model.proto)
    held = [var.Index() for cell, var in rm.x.items() if cell in shifts_out]
    fix_variables(sub, held, [0] * len(held))
    for e, d in days_worked:
        shifts = [var for _s, var in rm.x_on(e, d)]
        if shifts:
            sub.Add(sum(shifts) == 1)
    if beyond is not None:
        sub.AddBoolOr(_cells_beyond(sub, rm, excess, below, beyond, shifts_out, days_worked))
    sub.Add(rm.cost() <= below - 1)
    return sub


def _cells_beyond(
    sub: cp_model.CpModel,
    rm: RosterModel,
    excess: CellExcess,
    below: int,
    share: float,
    shifts_out: set[tuple[int, int, str]],
    days_worked: set[tuple[int, int]],
) -> list[cp_model.IntVar]:
    """A literal for each cell still open whose excess is beyond `share` of the room below `below`: the shift
    worked, or (a new literal) the day off."""
    shifts_far, days_far = excess.ruled_out(below, share)
    literals = [var for cell, var in rm.x.items() if cell in shifts_far and cell not in shifts_out]
    for e, d in days_far - days_worked:
        shifts = [var for _s, var in rm.x_on(e, d)]
        off = sub.NewBoolVar(f"off_{e}_{d}")
        sub.Add(sum(shifts) + off == 1)
        literals.append(off)
    return literals
