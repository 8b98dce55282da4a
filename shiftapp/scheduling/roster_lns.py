"""Large-neighbourhood search on a roster: free a part of it (a window of days for everyone, a few
people over the whole horizon, or a few people over a few weeks), keep everything else as it is, and
let CP-SAT re-solve that part exactly. Improvements (and equal-cost moves) are kept.

Why: on the larger Curtois instances the LP-heavy worker's first relaxation of the whole model does
not finish within a minute, while the same worker solves a freed part of a few thousand variables to
optimality in a second or two. The part's size adapts: it grows while the parts are solved to
optimality, and shrinks when they time out.

Every hard rule concerns one person, and people meet only in the (soft) cover; fairness is each
person's own (their shifts against their fair share). So a part made of a few people is solved on a
model of just those people, whose cover asks for what the others leave open (`restricted_problem`): a
fraction of the whole model's size, so far less presolve per neighbourhood.
A window of days for everyone is solved on the whole model with the other days fixed.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from shiftapp.deadline import Deadline
from shiftapp.scheduling.cpsat_run import LNS_WORKERS, Clock, RunResult, fix_variables, hint_completely, run_cpsat
from shiftapp.scheduling.roster_model import RosterModel, build_roster_model
from shiftapp.scheduling.roster_penalties import roster_cost
from shiftapp.scheduling.roster_problem import Assignment, RosterProblem

log = logging.getLogger(__name__)


@dataclass
class Incumbent:
    roster: Assignment  # staff id -> shift id or None per day
    objective: int
    proven_optimal: bool = False  # a neighbourhood that freed everything was solved to optimality


@dataclass
class LnsSettings:
    start_free_vars: int = 300  # assignment variables freed in the first neighbourhood
    min_free_vars: int = 100
    sub_time_limit_s: float = 3.0
    grow: float = 1.15
    shrink: float = 0.85
    workers: int = 2
    seed: int = 0


@dataclass(frozen=True)
class Part:
    """The freed part of the roster: these people (indexes into the staff) on these days."""

    kind: str
    people: tuple[int, ...]
    days: tuple[int, ...]

    def cells(self) -> set[tuple[int, int]]:
        return {(e, d) for e in self.people for d in self.days}


class NeighbourhoodPicker:
    """Chooses the part to free, round-robin over the kinds of neighbourhood, each with its own adaptive
    size (in freed assignment variables)."""

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

    def next(self) -> Part:
        kind = self.KINDS[self.turn % len(self.KINDS)]
        self.turn += 1
        cells_wanted = max(1, int(self.size[kind] / self.vars_per_cell))
        pick: dict[str, Callable[[int], Part]] = {
            "days": self._days,
            "staff": self._staff,
            "staff_weeks": self._staff_weeks,
        }
        return pick[kind](cells_wanted)

    def feedback(self, kind: str, solved_exactly: bool, improved: bool) -> None:
        """Smallest parts that still improve: a part solved exactly with nothing to gain means that size
        is exhausted around the roster (grow); a part that timed out was too big (shrink)."""
        if not solved_exactly:
            factor = self.settings.shrink
        elif improved:
            return
        else:
            factor = self.settings.grow
        self.size[kind] = min(float(self.total), max(float(self.settings.min_free_vars), self.size[kind] * factor))

    def _window(self, length: int) -> tuple[int, ...]:
        length = max(1, min(self.horizon, length))
        start = self.rng.randrange(0, self.horizon - length + 1)
        return tuple(range(start, start + length))

    def _people(self, count: int) -> tuple[int, ...]:
        return tuple(sorted(self.rng.sample(range(self.staff), k=max(1, min(self.staff, count)))))

    def _days(self, cells: int) -> Part:
        return Part("days", tuple(range(self.staff)), self._window(max(2, round(cells / max(1, self.staff)))))

    def _staff(self, cells: int) -> Part:
        return Part("staff", self._people(round(cells / self.horizon)), tuple(range(self.horizon)))

    def _staff_weeks(self, cells: int) -> Part:
        length = min(self.horizon, 14)
        return Part("staff_weeks", self._people(round(cells / length)), self._window(length))


def restricted_problem(
    problem: RosterProblem, roster: Assignment, people: tuple[int, ...], days: tuple[int, ...] | None = None
) -> RosterProblem:
    """The problem of re-rostering `people` while everyone else keeps their roster: their own rules,
    and each cover line reduced by the others who already count for it (a negative requirement means
    the line is over-covered already; the model then only charges what these people add).

    With `days` (the only days these people may change), the cover lines of other days are left out:
    their cost is fixed, and on a long horizon they were most of the model (Curtois 20: 1,092 lines
    against 84 for a two-week part)."""
    problem = problem.with_fair_shares()  # each person keeps the share of the whole roster
    chosen = {problem.staff[e].id for e in people}
    others = [p for p in problem.staff if p.id not in chosen]
    kept = set(days) if days is not None else None
    cover = []
    for c in problem.cover:
        if kept is not None and c.day not in kept:
            continue
        given = sum(1 for p in others if roster[p.id][c.day] == c.shift_id and problem.counts_for(c, p))
        cover.append(replace(c, requirement=c.requirement - given))
    return replace(problem, staff=[problem.staff[e] for e in people], cover=cover)


def solve_people(
    problem: RosterProblem,
    roster: Assignment,
    part: Part,
    time_limit_s: float,
    *,
    workers: int = 2,
    seed: int = 0,
    stop_event: threading.Event | None = None,
) -> tuple[RunResult, Assignment | None]:
    """Re-solve `part` on a model of its people only; returns the run and the whole new roster."""
    budget = Deadline(time_limit_s)  # building the model and completing the hint count against it
    sub = build_roster_model(restricted_problem(problem, roster, part.people, part.days))
    free_days = set(part.days)
    _hold_and_hint(
        sub.model,
        (
            (var.Index(), current, d in free_days)
            for (_e, d, _s), (var, current) in zip(sub.x, sub.hint_pairs(roster), strict=True)
        ),
        budget,
    )
    run = run_cpsat(
        sub.model, time_limit_s=budget.left(), subsolvers=LNS_WORKERS, workers=workers, stop_event=stop_event, seed=seed
    )
    if run.values is None:
        return run, None
    return run, {**roster, **sub.assignment(run.values)}


def solve_days(
    rm: RosterModel,
    roster: Assignment,
    part: Part,
    time_limit_s: float,
    *,
    workers: int = 2,
    seed: int = 0,
    stop_event: threading.Event | None = None,
) -> tuple[RunResult, Assignment | None]:
    """Re-solve `part` on the whole model with every assignment outside it fixed."""
    cells = part.cells()
    fixed = {
        (e, d): roster[person.id][d]
        for e, person in enumerate(rm.problem.staff)
        for d in range(rm.problem.horizon)
        if (e, d) not in cells
    }
    return solve_fixed(rm, fixed, roster, time_limit_s, workers=workers, seed=seed, stop_event=stop_event)


def solve_fixed(
    rm: RosterModel,
    fixed: dict[tuple[int, int], str | None],
    hint: Assignment,
    time_limit_s: float,
    *,
    workers: int = 2,
    seed: int = 0,
    stop_event: threading.Event | None = None,
    subsolvers: tuple[str, ...] = LNS_WORKERS,
    on_solution: Callable[[float, float], bool | None] | None = None,
) -> tuple[RunResult, Assignment | None]:
    """Solve the whole model with the cells in `fixed` ((person index, day) -> shift id or None for a day
    off) held to those values, starting from the roster `hint`."""
    budget = Deadline(time_limit_s)
    sub = cp_model.CpModel()
    sub.proto.copy_from(rm.model.proto)
    _hold_and_hint(
        sub,
        (
            (var.Index(), int(fixed[e, d] == s) if (e, d) in fixed else hinted, (e, d) not in fixed)
            for ((e, d, s), var), (_var, hinted) in zip(rm.x.items(), rm.hint_pairs(hint), strict=True)
        ),
        budget,
    )
    run = run_cpsat(
        sub,
        time_limit_s=budget.left(),
        subsolvers=subsolvers,
        workers=workers,
        stop_event=stop_event,
        seed=seed,
        on_solution=on_solution,
    )
    if run.values is None:
        return run, None
    return run, rm.assignment(run.values)


def _hold_and_hint(model: cp_model.CpModel, cells: Iterable[tuple[int, int, bool]], budget: Deadline) -> None:
    """`cells`: (variable index, value, freed). Variables not freed are fixed to their value; the freed
    ones are hinted with theirs, completed over the rest of the model (the fixed ones need no hint)
    within the sub-solve's `budget`."""
    held: tuple[list[int], list[int]] = ([], [])
    free: tuple[list[int], list[int]] = ([], [])
    for index, value, freed in cells:
        indexes, values = free if freed else held
        indexes.append(index)
        values.append(value)
    fix_variables(model, *held)
    hint_completely(model, *free, time_limit_s=budget.left())


def improve_by_lns(
    rm: RosterModel,
    incumbent: Incumbent,
    clock: Clock,
    *,
    settings: LnsSettings | None = None,
    stop_event: threading.Event | None = None,
    on_improvement: Callable[[Incumbent], None] | None = None,
    lower_bound: float = 0.0,
    enough: Callable[[Incumbent], bool] = lambda incumbent: False,
) -> Incumbent:
    """Improve `incumbent` until the deadline, a stop request, a proof that it is optimal, or an incumbent
    the caller finds `enough` (it has a better way on from there)."""
    settings = settings or LnsSettings()
    picker = NeighbourhoodPicker(rm, settings)
    # A part's model is built, fixed and hinted before its solve's limit starts (a window of days copies the
    # whole model): the longest such work seen, so a part that cannot finish by the deadline is not begun.
    overhead = 0.0
    while True:
        left = clock.left()
        if (
            left < 0.2 + overhead
            or (stop_event is not None and stop_event.is_set())
            or incumbent.objective <= lower_bound
            or incumbent.proven_optimal
            or enough(incumbent)
        ):
            return incumbent
        part = picker.next()
        limit = min(settings.sub_time_limit_s, left - overhead)
        began = clock.elapsed()
        if part.kind != "days":
            result, roster = solve_people(
                rm.problem,
                incumbent.roster,
                part,
                limit,
                workers=settings.workers,
                seed=picker.turn,
                stop_event=stop_event,
            )
        else:
            result, roster = solve_days(
                rm, incumbent.roster, part, limit, workers=settings.workers, seed=picker.turn, stop_event=stop_event
            )
        overhead = max(overhead, clock.elapsed() - began - limit)
        if roster is None:
            picker.feedback(part.kind, result.optimal, False)
            continue
        # Scored on the whole roster, never the part's model: its objective leaves out fixed costs.
        cost = roster_cost(rm.problem, roster)
        picker.feedback(part.kind, result.optimal, cost < incumbent.objective)
        log.debug(
            "%.1fs %s people=%d days=%d status=%s cost=%d (incumbent %d)",
            clock.elapsed(),
            part.kind,
            len(part.people),
            len(part.days),
            result.status,
            cost,
            incumbent.objective,
        )
        if cost <= incumbent.objective:  # equal ones are taken too: moving on a plateau
            improved = cost < incumbent.objective
            whole = len(part.people) == picker.staff and len(part.days) == picker.horizon
            incumbent = Incumbent(roster, cost, result.optimal and whole)
            if improved and on_improvement is not None:
                on_improvement(incumbent)
