"""Exact rostering for the app and the Curtois benchmark: `solve_roster(problem) -> RosterSolution`.

Small models (a bureau-month) are solved whole by CP-SAT's LP-heavy and core-based workers, which
find and prove the optimum. Larger ones go through three phases on the same model
(shiftapp.scheduling.roster_model):
1. a first schedule that breaks no hard rule (CP-SAT's default workers, stopped at the first one);
2. large-neighbourhood search (shiftapp.scheduling.roster_lns): parts of the roster re-solved exactly;
3. on models small enough for it, the whole model with the LP-heavy worker, started from the best
   schedule, to prove it optimal (or improve it) in the time left.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from shiftapp.scheduling.cpsat_run import PROOF_WORKERS, Clock, RunResult, run_cpsat, set_hint
from shiftapp.scheduling.roster_lns import Incumbent, LnsSettings, improve_by_lns
from shiftapp.scheduling.roster_model import RosterModel, build_roster_model
from shiftapp.scheduling.roster_penalties import breakdown, soft_violations
from shiftapp.scheduling.roster_problem import (Assignment, Cover, Request, RosterProblem, RosterSolution, ShiftType,
                                                StaffMember, Violation)

__all__ = ["Assignment", "Cover", "Request", "RosterProblem", "RosterSolution", "ShiftType", "StaffMember",
           "Violation", "solve_roster"]

# Up to this many assignment variables the whole model is solved directly (measured: Curtois 5,
# 896 variables, proven optimal in 16 s directly, 37 s after an LNS phase).
DIRECT_MAX_VARS = 2500
# Above that, a whole-model proof follows the LNS phase up to this many assignment variables: up to
# there the LP-heavy worker's relaxation of the whole model is solved within seconds.
PROOF_MAX_VARS = 6000
# Share of the time given to LNS before the proof phase on provable models.
LNS_SHARE_BEFORE_PROOF = 0.3
# ...or until this many neighbourhoods in a row bring nothing: then the proof phase takes over.
LNS_PATIENCE_BEFORE_PROOF = 12

Progress = Callable[[dict], None]


def solve_roster(problem: RosterProblem, *, time_limit_s: float = 60.0, workers: int = 2,
                 on_progress: Progress | None = None, stop_event: threading.Event | None = None,
                 hint: Assignment | None = None, log: bool = False, seed: int = 0,
                 lns: LnsSettings | None = None) -> RosterSolution:
    """The best schedule found within `time_limit_s` seconds using `workers` threads.

    `on_progress` receives {"objective", "bound", "seconds", "phase"} on every improvement;
    setting `stop_event` ends the search early with the best schedule so far. `hint` is a roster
    (staff id -> shift id or None per day) to start from."""
    clock = Clock(time_limit_s)
    rm = build_roster_model(problem)
    best_bound = 0.0
    first_seconds: list[float] = []

    def report(phase: str, objective: float, bound: float | None = None) -> None:
        if not first_seconds:
            first_seconds.append(clock.elapsed())
        if on_progress is not None:
            on_progress({"objective": objective, "bound": max(best_bound, bound or 0.0), "seconds": clock.elapsed(),
                         "phase": phase})

    if hint:
        for var, value in rm.hint_pairs(hint):
            rm.model.AddHint(var, value)
    if len(rm.x) <= DIRECT_MAX_VARS:
        # Small: the whole model with the LP-heavy worker finds and proves the optimum itself.
        run = run_cpsat(rm.model, time_limit_s=clock.left(), subsolvers=PROOF_WORKERS, workers=workers,
                        stop_event=stop_event, seed=seed, log=log,
                        on_solution=lambda objective, bound: report("search", objective, bound))
        if run.values is None:
            return _no_solution(run, clock, stop_event)
        return _solution(rm, Incumbent(run.values, run.objective), run.bound, run.optimal, clock, first_seconds)
    first = run_cpsat(rm.model, time_limit_s=clock.left(), subsolvers=None, workers=workers, stop_event=stop_event,
                      first_solution_only=True, seed=seed, log=log,
                      on_solution=lambda objective, bound: report("first", objective, bound))
    if first.values is None:
        return _no_solution(first, clock, stop_event)
    best_bound = max(best_bound, first.bound or 0.0)
    incumbent = Incumbent(first.values, first.objective)
    provable = len(rm.x) <= PROOF_MAX_VARS
    proof: RunResult | None = None
    if not first.optimal:
        incumbent = improve_by_lns(
            rm, incumbent, clock, settings=lns or LnsSettings(workers=workers, seed=seed), stop_event=stop_event,
            until_s=time_limit_s * LNS_SHARE_BEFORE_PROOF if provable else None,
            on_improvement=lambda inc: report("lns", inc.objective), lower_bound=best_bound,
            patience=LNS_PATIENCE_BEFORE_PROOF if provable else None)
        if (provable and clock.left() > 0.2 and not _stopped(stop_event) and incumbent.objective > best_bound
                and not incumbent.proven_optimal):
            proof = _prove(rm, incumbent, clock, workers, stop_event, seed, log, report)
            if proof.values is not None and proof.objective < incumbent.objective:
                incumbent = Incumbent(proof.values, proof.objective)
            if proof.bound is not None:
                best_bound = max(best_bound, min(proof.bound, incumbent.objective))
    proven = (first.optimal or incumbent.proven_optimal or (proof is not None and proof.optimal)
              or incumbent.objective <= best_bound)
    return _solution(rm, incumbent, incumbent.objective if proven else best_bound, proven, clock, first_seconds)


def _no_solution(run: RunResult, clock: Clock, stop_event: threading.Event | None) -> RosterSolution:
    status = "INFEASIBLE" if run.infeasible else ("STOPPED" if _stopped(stop_event) else "UNKNOWN")
    return RosterSolution(status, {}, None, None, False, clock.elapsed())


def _prove(rm: RosterModel, incumbent: Incumbent, clock: Clock, workers: int, stop_event: threading.Event | None,
           seed: int, log: bool, report: Callable[..., None]) -> RunResult:
    set_hint(rm.model.Proto(), incumbent.values)
    return run_cpsat(rm.model, time_limit_s=clock.left(), subsolvers=PROOF_WORKERS, workers=workers,
                     stop_event=stop_event, seed=seed, log=log,
                     on_solution=lambda objective, bound: report("proof", objective, bound))


def _solution(rm: RosterModel, incumbent: Incumbent, bound: float | None, proven: bool, clock: Clock,
              first_seconds: list[float]) -> RosterSolution:
    assignment = rm.assignment(incumbent.values)
    violations = soft_violations(rm.problem, assignment)
    # The roster's own cost is what the planner sees (the tests check it equals the model's objective).
    objective = sum(v.cost for v in violations)
    return RosterSolution("OPTIMAL" if proven else "FEASIBLE", assignment, objective, bound, proven,
                          clock.elapsed(), breakdown(violations), violations, first_seconds[0] if first_seconds else None)


def _stopped(stop_event: threading.Event | None) -> bool:
    return stop_event is not None and stop_event.is_set()

