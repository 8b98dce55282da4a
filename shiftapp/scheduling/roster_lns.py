"""Large-neighbourhood search on the full rostering model: free a part of the roster (a window of days
for everyone, a few people over the whole horizon, or a few people over a few weeks), fix every other
assignment to the incumbent, and let CP-SAT re-solve that part exactly. Improvements are kept.

Why: on the larger Curtois instances the LP-heavy worker's first relaxation of the whole model does
not finish within a minute, while the same worker solves a freed part of a few thousand variables to
optimality in a second or two. The part's size adapts: it grows while the parts are solved to
optimality quickly, and shrinks when they time out.
"""
from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from shiftapp.scheduling.cpsat_run import LNS_WORKERS, Clock, RunResult, run_cpsat, set_hint
from shiftapp.scheduling.roster_model import RosterModel
from shiftapp.scheduling.roster_problem import Assignment

log = logging.getLogger(__name__)

Cells = set[tuple[int, int]]  # (employee, day) pairs whose assignment is freed


@dataclass
class Incumbent:
    values: list[int]
    objective: int
    proven_optimal: bool = False  # a neighbourhood that freed everything was solved to optimality


@dataclass
class LnsSettings:
    start_free_vars: int = 1200  # x variables freed in the first neighbourhood
    min_free_vars: int = 150
    sub_time_limit_s: float = 3.0
    grow: float = 1.15
    shrink: float = 0.85
    workers: int = 2
    seed: int = 0


class NeighbourhoodPicker:
    """Chooses which (employee, day) cells to free, round-robin over the kinds of neighbourhood, each
    with its own adaptive size (in freed x variables)."""

    KINDS = ("days", "staff", "staff_weeks")

    def __init__(self, rm: RosterModel, settings: LnsSettings) -> None:
        self.staff, self.horizon = len(rm.problem.staff), rm.problem.horizon
        self.vars_per_cell = max(1.0, len(rm.x) / max(1, self.staff * self.horizon))
        self.total = len(rm.x)
        self.cells = self.staff * self.horizon
        self.size = {kind: float(min(settings.start_free_vars, self.total)) for kind in self.KINDS}
        self.settings = settings
        self.rng = random.Random(settings.seed)
        self.turn = 0

    def next(self) -> tuple[str, Cells]:
        kind = self.KINDS[self.turn % len(self.KINDS)]
        self.turn += 1
        cells_wanted = max(1, int(self.size[kind] / self.vars_per_cell))
        return kind, getattr(self, f"_{kind}")(cells_wanted)

    def feedback(self, kind: str, solved_exactly: bool) -> None:
        factor = self.settings.grow if solved_exactly else self.settings.shrink
        self.size[kind] = min(float(self.total), max(float(self.settings.min_free_vars), self.size[kind] * factor))

    def _window(self, length: int) -> range:
        length = max(1, min(self.horizon, length))
        start = self.rng.randrange(0, self.horizon - length + 1)
        return range(start, start + length)

    def _days(self, cells: int) -> Cells:
        days = self._window(max(2, round(cells / max(1, self.staff))))
        return {(e, d) for e in range(self.staff) for d in days}

    def _staff(self, cells: int) -> Cells:
        people = self.rng.sample(range(self.staff), k=max(1, min(self.staff, round(cells / self.horizon))))
        return {(e, d) for e in people for d in range(self.horizon)}

    def _staff_weeks(self, cells: int) -> Cells:
        length = min(self.horizon, 14)
        people = self.rng.sample(range(self.staff), k=max(1, min(self.staff, round(cells / length))))
        days = self._window(length)
        return {(e, d) for e in people for d in days}


def fix_cells(proto, x_index: dict[tuple[int, int], list[int]], values: list[int], keep_free: Cells) -> None:
    """Fix the x variables of every (employee, day) cell outside `keep_free` to `values`."""
    for cell, indexes in x_index.items():
        if cell not in keep_free:
            for i in indexes:
                domain = proto.variables[i].domain
                domain.clear()
                domain.extend([values[i], values[i]])


def x_indexes(rm: RosterModel) -> dict[tuple[int, int], list[int]]:
    return {(e, d): [var.Index() for _s, var in rm.x_on(e, d)] for e in range(len(rm.problem.staff))
            for d in range(rm.problem.horizon)}


def complete(rm: RosterModel, roster: Assignment, time_limit_s: float, workers: int = 2,
             stop_event: threading.Event | None = None) -> RunResult:
    """The model's full solution (auxiliary variables included) for a roster given by shift ids."""
    sub = cp_model.CpModel()
    sub.Proto().copy_from(rm.model.Proto())
    values = [0] * len(sub.Proto().variables)
    for var, value in rm.hint_pairs(roster):
        values[var.Index()] = value
    fix_cells(sub.Proto(), x_indexes(rm), values, set())
    return run_cpsat(sub, time_limit_s=time_limit_s, subsolvers=None, workers=workers, stop_event=stop_event)


def solve_part(rm: RosterModel, incumbent: Incumbent, free: Cells, time_limit_s: float, *,
               x_index: dict[tuple[int, int], list[int]] | None = None, workers: int = 2, seed: int = 0,
               stop_event: threading.Event | None = None) -> RunResult:
    """Re-solve the `free` cells exactly, every other assignment fixed to the incumbent's."""
    sub = cp_model.CpModel()
    sub.Proto().copy_from(rm.model.Proto())
    fix_cells(sub.Proto(), x_index or x_indexes(rm), incumbent.values, free)
    set_hint(sub.Proto(), incumbent.values)
    return run_cpsat(sub, time_limit_s=time_limit_s, subsolvers=LNS_WORKERS, workers=workers, stop_event=stop_event,
                     seed=seed)


def improve_by_lns(rm: RosterModel, incumbent: Incumbent, clock: Clock, *, settings: LnsSettings | None = None,
                   stop_event: threading.Event | None = None, until_s: float | None = None,
                   on_improvement: Callable[[Incumbent], None] | None = None,
                   lower_bound: float = 0.0, good_enough: Callable[[Incumbent], bool] | None = None) -> Incumbent:
    """Improve `incumbent` until `until_s` seconds into the solve (default: the deadline), or until it
    is `good_enough`."""
    settings = settings or LnsSettings()
    picker = NeighbourhoodPicker(rm, settings)
    x_index = x_indexes(rm)
    while good_enough is None or not good_enough(incumbent):
        left = (until_s - clock.elapsed()) if until_s is not None else clock.left()
        left = min(left, clock.left())
        if (left < 0.2 or (stop_event is not None and stop_event.is_set()) or incumbent.objective <= lower_bound
                or incumbent.proven_optimal):
            return incumbent
        kind, free = picker.next()
        result = solve_part(rm, incumbent, free, min(settings.sub_time_limit_s, left), x_index=x_index,
                            workers=settings.workers, seed=picker.turn, stop_event=stop_event)
        picker.feedback(kind, result.optimal)
        log.debug("%.1fs %s free=%d status=%s objective=%s (incumbent %d)", clock.elapsed(), kind, len(free),
                  result.status, result.objective, incumbent.objective)
        improved = result.objective is not None and result.objective < incumbent.objective
        if result.values is not None and result.objective is not None and result.objective <= incumbent.objective:
            # Equal ones are taken too: moving on a plateau.
            incumbent = Incumbent(result.values, result.objective, result.optimal and len(free) == picker.cells)
            if improved and on_improvement is not None:
                on_improvement(incumbent)
    return incumbent
