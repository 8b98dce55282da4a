"""One CP-SAT solve of a model proto, with a time limit, progress reports and cancellation.

The solver is stopped from a watcher thread as soon as the caller's stop event is set, so a planner's
"stop" takes effect even while no new solution is being found.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

from shiftapp.deadline import Deadline

# Worker lists. With 2 cores the default portfolio's only full-search worker uses a light LP and its
# bound stays far from the optimum; naming the LP-heavy worker first proved Curtois 1-4 and 6 where the
# default did not (see the calibration notes and the README figures). With 2 workers CP-SAT runs one
# full-search worker (max_lp, its log says) and gives the other thread to its interleaved heuristics
# (feasibility jump, RINS and other neighbourhoods): "core" is listed but does not run. Two full workers
# (num_full_subsolvers=2) were tried for the last steps of Curtois 7 and found less.
PROOF_WORKERS = ("max_lp", "core")
LNS_WORKERS = ("max_lp", "default_lp")
# With every assignment fixed, the rest of a roster model follows by propagation: well under a second.
COMPLETION_LIMIT_S = 2.0


@dataclass
class RunResult:
    status: int
    values: list[int] | None  # every proto variable, when a solution was found
    objective: int | None
    bound: float | None

    @property
    def optimal(self) -> bool:
        return bool(self.status == cp_model.OPTIMAL)

    @property
    def infeasible(self) -> bool:
        return bool(self.status == cp_model.INFEASIBLE)


# OR-Tools is read as untyped (see [tool.mypy] in pyproject.toml), so its callback base class is Any.
class _Reporter(cp_model.CpSolverSolutionCallback):  # type: ignore[misc]
    """Hands each solution's objective and bound to `on_solution`; the search stops if it returns True."""

    def __init__(self, on_solution: Callable[[float, float], bool | None] | None) -> None:
        super().__init__()
        self._on_solution = on_solution

    def on_solution_callback(self) -> None:
        if self._on_solution is not None and self._on_solution(self.ObjectiveValue(), self.BestObjectiveBound()):
            self.StopSearch()


def run_cpsat(
    model: cp_model.CpModel,
    *,
    time_limit_s: float,
    subsolvers: Sequence[str] | None = PROOF_WORKERS,
    workers: int = 2,
    stop_event: threading.Event | None = None,
    on_solution: Callable[[float, float], bool | None] | None = None,
    first_solution_only: bool = False,
    seed: int = 0,
    log: bool = False,
) -> RunResult:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, time_limit_s)
    params.num_workers = max(1, workers)
    params.random_seed = seed
    params.log_search_progress = log
    if subsolvers:
        params.subsolvers.extend(subsolvers)
    if first_solution_only:
        params.stop_after_first_solution = True
    finished = threading.Event()
    watcher = None
    if stop_event is not None:

        def watch() -> None:
            # Asked again until the solve ends: a stop that comes before the search has started (the
            # event was set before this run) is not heard by CP-SAT, which would then run to its limit.
            while not finished.is_set():
                if stop_event.wait(0.05):
                    solver.stop_search()
                    finished.wait(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
    try:
        status = solver.Solve(model, _Reporter(on_solution))
    finally:
        finished.set()
        if watcher is not None:
            watcher.join()
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return RunResult(
            status, list(solver.ResponseProto().solution), round(solver.ObjectiveValue()), solver.BestObjectiveBound()
        )
    return RunResult(status, None, None, None)


def set_hint(proto: cp_model_pb2.CpModelProto, values: list[int], indexes: list[int] | None = None) -> None:
    """Hint `values` for the variables at `indexes` (default: one value per proto variable), replacing
    any earlier hint."""
    hint = proto.solution_hint
    hint.vars.clear()
    hint.values.clear()
    hint.vars.extend(range(len(values)) if indexes is None else indexes)
    hint.values.extend(values)


def fix_variables(model: cp_model.CpModel, indexes: Sequence[int], values: Sequence[int]) -> None:
    """Hold the variables at `indexes` to `values` by narrowing their domains (no extra constraint to
    presolve). One pass over the proto: a neighbourhood on Curtois 20 fixes some 50,000 variables, and
    fetching the proto per variable made that a third of the search's time."""
    variables = model.proto.variables
    for index, value in zip(indexes, values, strict=True):
        domain = variables[index].domain
        domain.clear()
        domain.extend((value, value))


def hint_completely(
    model: cp_model.CpModel, indexes: list[int], values: list[int], *, time_limit_s: float = COMPLETION_LIMIT_S
) -> None:
    """Hint `values` for the variables at `indexes` and every other variable's value in the cheapest
    solution that agrees with them. CP-SAT takes a complete, feasible hint as its first solution; a
    partial one (the assignment variables alone) it may fail to complete and drop, starting from
    scratch. Falls back to the partial hint when the values break a rule or `time_limit_s` is too short."""
    probe = cp_model.CpModel()
    probe.proto.copy_from(model.proto)
    fix_variables(probe, indexes, values)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.01, min(COMPLETION_LIMIT_S, time_limit_s))
    if solver.Solve(probe) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        set_hint(model.Proto(), list(solver.ResponseProto().solution))
    else:
        set_hint(model.Proto(), values, indexes)


class Clock(Deadline):
    """The solve's one deadline, read as the rostering phases share time: from `started` to `deadline`."""

    @classmethod
    def cut_from(cls, deadline: Deadline | None, seconds: float) -> Clock:
        """`seconds` from now on the real clock, or on `deadline`'s clock and no later than it."""
        if deadline is None:
            return cls(seconds)
        return cls(
            0.0, clock=deadline.clock, _at=min(deadline.at, deadline.clock() + max(0.0, seconds)), _log=deadline.phases
        )

    @property
    def deadline(self) -> float:
        return self.at
