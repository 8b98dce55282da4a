"""Exact rostering for the app and the Curtois benchmark: `solve_roster(problem) -> RosterSolution`.

Small models (a bureau-month) are solved whole by CP-SAT's LP-heavy and core-based workers, which
find and prove the optimum. Larger ones go through these phases on the same model
(shiftapp.scheduling.roster_model):
1. a first schedule that breaks no hard rule: people rostered one by one (roster_construct), or, if
   that fails, a quick CP-SAT search on another encoding of the same rules;
2. column generation (shiftapp.scheduling.roster_columns) for a lower bound and a relaxation, dives on
   that relaxation for a roster (roster_dive), and the whole model re-solved around the best dive with
   the relaxation's whole cells held where the dive agrees. A fairness term is each person's own (their
   shifts against their fair share, RosterProblem.fair_shares), so it is priced with their schedule;
3. large-neighbourhood search (shiftapp.scheduling.roster_lns): parts of the roster re-solved exactly
   until the time limit;
4. once the converged relaxation leaves at most LAST_STEPS whole costs below the roster: the whole model
   searched below it with the cells no cheaper roster can use held (shiftapp.scheduling.roster_fixing),
   in parts by how much of the room each cell takes (ROOM_BANDS), until a roster is proven optimal or
   time is up.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from typing import Any

from shiftapp.deadline import Deadline, OutOfTime
from shiftapp.scheduling.cpsat_run import PROOF_WORKERS, Clock, RunResult, run_cpsat
from shiftapp.scheduling.roster_columns import ColumnGeneration, generate_columns
from shiftapp.scheduling.roster_construct import reroster_each, roster_person_by_person
from shiftapp.scheduling.roster_dive import DiveResult, dive
from shiftapp.scheduling.roster_fixing import CellExcess, cell_excess, search_cheaper
from shiftapp.scheduling.roster_lns import Incumbent, LnsSettings, improve_by_lns, solve_fixed
from shiftapp.scheduling.roster_model import RosterModel, build_roster_model, drop_in_background
from shiftapp.scheduling.roster_penalties import breakdown, roster_cost, soft_violations
from shiftapp.scheduling.roster_problem import (
    Assignment,
    Cover,
    Request,
    RosterProblem,
    RosterSolution,
    ShiftType,
    StaffMember,
    Violation,
)

log = logging.getLogger(__name__)

__all__ = [
    "Assignment",
    "Cover",
    "Request",
    "RosterProblem",
    "RosterSolution",
    "ShiftType",
    "StaffMember",
    "Violation",
    "solve_roster",
]

# Up to this many assignment variables the whole model is solved directly; above, by LNS. Measured
# in 60 s: Curtois 5 (676 variables) proven optimal in 16 s directly, 37 s after an LNS phase;
# Curtois 8 (2158) 1313 directly, 1558 by LNS; Curtois 9 (2912) 639 directly, 462 by LNS.
DIRECT_MAX_VARS = 2500
# Rosters without a fairness term above this size go through column generation (Curtois 6, 1,040
# variables, is proven optimal directly in 25 s).
COLUMNS_MIN_VARS = 1100
# Shares of the whole time limit at most given to column generation, to the dive on its relaxation and
# to the search around the dive.
COLUMNS_SHARE = 0.45
# Column generation that has run this long stops once its LP value is this close to its bound: the last
# rounds only lift the bound by a few units (Curtois 19: within 0.3 % after 190 s, the end after 246 s
# of 3.8 s rounds), while the dives wait. Curtois 7-12 settle well within the time, for their proofs.
COLUMNS_TAIL_AFTER_S = 30.0
COLUMNS_TAIL_GAP = 0.003
# Once the converged relaxation leaves at most this many whole costs below the roster, the whole model is
# searched below it with the cells no cheaper roster can use held (`roster_fixing`), which finds a cheaper
# roster or proves there is none: Curtois 7 (relaxation 1,054.08) from 1,057, 1,056 found in 2.6-8.6 s in
# 4 runs of 4 (in parts, ROOM_BANDS), in none of 3 in 40 s by neighbourhood search, and proven optimal in
# 7-9 s; from 1,058, 1,057 in 2-6 s, where the neighbourhood search had stayed at 1,058 for 50 s.
LAST_STEPS = 3
# While the room below the roster (its cost less one, less the relaxation's bound) is a whole cost or more,
# the search below it goes in parts: first only the cells whose excess is within a fifth of the room, then
# at least one beyond that but all within half, then the rest. Each part holds far more cells, and cheaper
# rosters mostly spread their excess thinly: Curtois 7 from 1,057, 1,056 found in 4 runs of 4 in 2.6-8.6 s
# within a fifth (5.7-16.8 s within half; 2 of 4 in 40 s in one search of everything). Below one whole
# cost the search is mostly a proof, which the parts slow down (Curtois 7 below 1,056: 12-20 s in two
# parts against 7-9 s whole), so it is one search.
ROOM_BANDS = (0.2, 0.5, 1.0)
# Share of the time left that working out which cells to hold may take (Curtois 7: 0.6-0.9 s).
EXCESS_SHARE = 0.25
DIVE_SHARE = 0.35
RINS_SHARE = 0.3
# Dives stop once one comes this close to the bound.
DIVE_CLOSE_ENOUGH = 0.02
# Dives fixing these shares of the people left at each step, in turn, until one comes close enough.
# Which share does best is a lottery (from the same relaxation — fractions 0.05, 0.1, 0.15, 0.2, 0.25:
# Curtois 7 1,058, 1,168, 1,272, 1,071, 1,061; Curtois 8 1,324, 1,511, 1,311, 1,310, 1,313), so a few
# are tried; each is seconds on Curtois 7-12 (Curtois 13: 90 s).
DIVE_FRACTIONS = (0.15, 0.25, 0.1, 0.2, 0.05)
# If no first roster can be built person by person (someone's walk too large and their one-person model
# too slow), a quick CP-SAT search on the forbidden-pattern encoding looks for one, for this share of the
# time (at least FIRST_SEARCH_MIN_S, at most FIRST_SEARCH_MAX_S). Its rosters are far dearer than the
# ones built person by person, and on large rosters it finds none in that time, so it comes second.
FIRST_SEARCH_SHARE = 0.1
# At most this share of the time goes to improving the first roster person by person (`reroster_each`).
REROSTER_SHARE = 0.1
FIRST_SEARCH_MIN_S = 5.0
FIRST_SEARCH_MAX_S = 10.0

Progress = Callable[[dict[str, Any]], None]


def solve_roster(
    problem: RosterProblem,
    *,
    time_limit_s: float = 60.0,
    workers: int = 2,
    on_progress: Progress | None = None,
    stop_event: threading.Event | None = None,
    hint: Assignment | None = None,
    log: bool = False,
    seed: int = 0,
    lns: LnsSettings | None = None,
    deadline: Deadline | None = None,
) -> RosterSolution:
    """The best schedule found within `time_limit_s` seconds (or by `deadline`, cut to `time_limit_s`
    from now) using `workers` threads; if the limit comes first, the best so far, `time_limit_reached`.

    `on_progress` receives {"objective", "bound", "seconds", "phase"} on every improvement;
    setting `stop_event` ends the search early with the best schedule so far. `hint` is a roster
    (staff id -> shift id or None per day) to start from."""
    clock = Clock.cut_from(deadline, time_limit_s)
    problem = problem.with_fair_shares()  # parts of the roster and people alone keep the shares of the whole
    best_bound = 0.0
    first_seconds: list[float] = []
    reported: dict[str, float] = {"bound": 0.0}  # the best roster cost and bound told so far

    def report(phase: str, objective: float, bound: float | None = None, roster: Assignment | None = None) -> None:
        """Tell the caller of a cheaper roster or a better bound; a search restarted on (part of) the
        model finds dearer rosters first, which are not news. The roster itself goes along when the
        phase has it, so a job can keep it and start again from it after its worker stopped."""
        cheaper = "objective" not in reported or objective < reported["objective"]
        if not cheaper and (bound or 0.0) <= reported["bound"]:
            return
        reported["objective"] = min(objective, reported.get("objective", objective))
        reported["bound"] = max(reported["bound"], bound or 0.0)
        if not first_seconds:
            first_seconds.append(clock.elapsed())
        if on_progress is not None:
            event: dict[str, Any] = {
                "objective": reported["objective"],
                "bound": max(best_bound, reported["bound"]),
                "seconds": clock.elapsed(),
                "phase": phase,
            }
            if roster is not None and cheaper:
                event["roster"] = roster
            on_progress(event)

    cells = _assignment_cells(problem, DIRECT_MAX_VARS)
    if cells <= DIRECT_MAX_VARS and (problem.fairness_weight or cells <= COLUMNS_MIN_VARS):
        # Small: the whole model with the LP-heavy worker finds and proves the optimum itself.
        try:
            rm = build_roster_model(problem, deadline=clock)
        except OutOfTime:
            return _nothing("UNKNOWN", clock)
        if not hint and problem.fairness_weight:
            # The app's rosters: people built in turn and rostered again until nobody changes (a small
            # fraction of a second) give the search a start near the optimum, which then comes sooner.
            built = roster_person_by_person(problem, Clock(min(clock.left(), REROSTER_SHARE * time_limit_s)))
            if built is not None:
                hint = reroster_each(problem, built, Clock(min(clock.left(), REROSTER_SHARE * time_limit_s)))
        if hint:
            for var, value in rm.hint_pairs(hint):
                rm.model.AddHint(var, value)
        run = run_cpsat(
            rm.model,
            time_limit_s=clock.left(),
            subsolvers=PROOF_WORKERS,
            workers=workers,
            stop_event=stop_event,
            seed=seed,
            log=log,
            on_solution=lambda objective, bound: report("search", objective, bound),
        )
        if run.values is None:
            return _no_solution(run, clock, stop_event)
        return _solution(problem, rm.assignment(run.values), run.bound, run.optimal, clock, first_seconds)
    first, cost, status, bound = _first_roster(
        problem,
        clock,
        workers,
        stop_event,
        seed,
        log,
        hint,
        on_found=lambda cost, bound, roster: report("first", cost, bound, roster),
    )
    if first is None or cost is None:  # the two are None together
        return _nothing(status, clock)
    best_bound = bound or 0.0
    incumbent = Incumbent(first, cost)
    whole = _WholeModel(problem, clock)
    incumbent, best_bound, columns = _columns_dives_and_rins(
        problem, whole, incumbent, best_bound, clock, workers, stop_event, seed, report
    )

    model = whole.get()
    if model is None:  # no time left to build it: the best roster so far
        return _solution(problem, incumbent.roster, best_bound, incumbent.objective <= best_bound, clock, first_seconds)
    incumbent, best_bound = _improve(
        model, columns, incumbent, best_bound, clock, workers, stop_event, seed, lns, report
    )
    drop_in_background(model)
    proven = incumbent.proven_optimal or incumbent.objective <= best_bound
    return _solution(
        problem, incumbent.roster, incumbent.objective if proven else best_bound, proven, clock, first_seconds
    )


def _improve(
    model: RosterModel,
    columns: ColumnGeneration,
    incumbent: Incumbent,
    best_bound: float,
    clock: Clock,
    workers: int,
    stop_event: threading.Event | None,
    seed: int,
    lns: LnsSettings | None,
    report: Callable[..., None],
) -> tuple[Incumbent, float]:
    """Neighbourhood search, then the last steps once the relaxation leaves few whole costs below."""

    def close(inc: Incumbent) -> bool:
        return _few_steps_above(columns, inc.objective)

    incumbent = improve_by_lns(
        model,
        incumbent,
        clock,
        settings=lns or LnsSettings(workers=workers, seed=seed),
        stop_event=stop_event,
        on_improvement=lambda inc: report("lns", inc.objective, None, inc.roster),
        lower_bound=best_bound,
        enough=close,
    )
    if incumbent.objective > best_bound and close(incumbent) and not _stopped(stop_event):
        incumbent, best_bound = _last_steps(
            model, columns, incumbent, best_bound, clock, workers, stop_event, seed, report
        )
    return incumbent, best_bound


def _assignment_cells(problem: RosterProblem, enough: int) -> int:
    """How many assignment variables the whole model has, counted up to just past `enough`."""
    cells = 0
    for person in problem.staff:
        for d in range(problem.horizon):
            cells += sum(1 for s in problem.shifts if problem.may_work(person, d, s))
        if cells > enough:
            break
    return cells


class _WholeModel:
    """The whole model, built when a phase first needs it: column generation and the dives need only the
    people's walks, and for a large roster building the model takes much of the time, which the first roster
    and the relaxation then do not wait for. None once the deadline came while building it."""

    def __init__(self, problem: RosterProblem, clock: Clock) -> None:
        self.problem, self.clock = problem, clock
        self.model: RosterModel | None = None
        self.out_of_time = False

    def get(self) -> RosterModel | None:
        if self.model is None and not self.out_of_time:
            try:
                self.model = build_roster_model(self.problem, deadline=self.clock)
            except OutOfTime:
                self.out_of_time = True
        return self.model


def _first_roster(
    problem: RosterProblem,
    clock: Clock,
    workers: int,
    stop_event: threading.Event | None,
    seed: int,
    log: bool,
    hint: Assignment | None,
    on_found: Callable[[int, float | None, Assignment], None],
) -> tuple[Assignment | None, int | None, str, float | None]:
    """A first roster breaking no hard rule: (roster, its cost, status, lower bound on the cost).
    `on_found` hears of it as soon as it is found.

    People rostered one by one (`roster_construct`; Curtois 12: 8,919, where CP-SAT's first solution on
    the rules written as forbidden patterns costs 26,277; Curtois 20, where that search finds nothing in
    60 s: 16,758); if that fails, that quick search."""
    built = roster_person_by_person(problem, clock, workers=workers, stop_event=stop_event)
    if built is not None:
        share = Clock(min(clock.left(), REROSTER_SHARE * (clock.deadline - clock.started)))
        built = reroster_each(problem, built, share, stop_event=stop_event)
        cost = roster_cost(problem, built)
        on_found(cost, None, built)  # a planner sees the first schedule now
        if hint and all(len(hint.get(p.id, ())) == problem.horizon for p in problem.staff):
            # A roster this solver found before on the same problem (a job resumed after its worker stopped).
            resumed = {p.id: list(hint[p.id]) for p in problem.staff}
            resumed_cost = roster_cost(problem, resumed)
            if resumed_cost < cost:
                built, cost = resumed, resumed_cost
                on_found(cost, None, built)
        return built, cost, "FEASIBLE", None
    if _stopped(stop_event) or clock.left() < 0.1:
        return None, None, "STOPPED" if _stopped(stop_event) else "UNKNOWN", None
    try:
        quick = build_roster_model(problem, stretch_encoding="clauses", deadline=clock)
    except OutOfTime:
        return None, None, "UNKNOWN", None
    if hint:
        for var, value in quick.hint_pairs(hint):
            quick.model.AddHint(var, value)
    limit = min(
        clock.left(), FIRST_SEARCH_MAX_S, max(FIRST_SEARCH_MIN_S, FIRST_SEARCH_SHARE * (clock.deadline - clock.started))
    )
    run = run_cpsat(
        quick.model,
        time_limit_s=limit,
        subsolvers=None,
        workers=workers,
        stop_event=stop_event,
        first_solution_only=True,
        seed=seed,
        log=log,
    )
    if run.infeasible:
        return None, None, "INFEASIBLE", None
    if run.values is None:
        return None, None, "STOPPED" if _stopped(stop_event) else "UNKNOWN", None
    roster = quick.assignment(run.values)
    cost = roster_cost(problem, roster)
    on_found(cost, run.bound, roster)
    return roster, cost, "FEASIBLE", run.bound


def _columns_dives_and_rins(
    problem: RosterProblem,
    whole: _WholeModel,
    incumbent: Incumbent,
    best_bound: float,
    clock: Clock,
    workers: int,
    stop_event: threading.Event | None,
    seed: int,
    report: Callable[..., None],
) -> tuple[Incumbent, float, ColumnGeneration]:
    """Column generation for a lower bound and an LP solution; a dive on it for a roster; then the whole
    model re-solved around that roster with the cells the relaxation agrees on held (relaxation-induced
    neighbourhood search). Returns the relaxation too."""
    total = clock.deadline - clock.started
    columns = generate_columns(
        problem,
        incumbent.roster,
        time_limit_s=min(clock.left(), COLUMNS_SHARE * total),
        workers=workers,
        stop_event=stop_event,
        stop_at_gap=COLUMNS_TAIL_GAP,
        stop_at_gap_after_s=COLUMNS_TAIL_AFTER_S,
    )
    if columns.lower_bound > float("-inf"):
        # Costs are whole numbers, so the bound rounds up (less a hair for the LP's own tolerance).
        best_bound = max(best_bound, float(math.ceil(columns.lower_bound - 1e-6)))
        report("columns", incumbent.objective, best_bound, incumbent.roster)
    if not columns.settled or incumbent.objective <= best_bound or _stopped(stop_event):
        return incumbent, best_bound, columns
    dived, dived_cost = _dives(
        problem,
        columns,
        best_bound,
        Clock(min(clock.left(), DIVE_SHARE * total)),
        workers,
        stop_event,
        on_found=lambda cost: report("dive", cost, best_bound),
    )
    if dived.complete:
        log.debug("dive: cost %d (%.1fs)", dived_cost, clock.elapsed())
        if dived_cost is not None and dived_cost < incumbent.objective:  # a complete dive has its cost
            incumbent = Incumbent(dived.roster, dived_cost)
        # Around the dive's roster: the first relaxation's whole cells held where the dive agrees with them.
        held = {
            (e, d): shift
            for (e, d), shift in columns.whole_cells.items()
            if dived.roster[problem.staff[e].id][d] == shift
        }
        hint = dived.roster
    else:
        held, hint = dived.held_cells(problem), dived.roster
        # The people the dive did not fix, rostered one by one against what the fixed ones leave open: a
        # whole roster without the whole model, which the search around the dive then needs (for a large
        # roster, building it may take the rest of the time).
        finished = roster_person_by_person(problem, clock, workers=workers, stop_event=stop_event, keep=dived.fixed)
        if finished is not None:
            share = Clock(min(clock.left(), REROSTER_SHARE * total))
            finished = reroster_each(problem, finished, share, stop_event=stop_event)
            cost = roster_cost(problem, finished)
            if cost < incumbent.objective:
                incumbent = Incumbent(finished, cost)
                report("dive", cost, best_bound, finished)
            # Around that roster: the cells held that it shares with the dive.
            held = {(e, d): shift for (e, d), shift in held.items() if finished[problem.staff[e].id][d] == shift}
            hint = finished
    if incumbent.objective <= best_bound or _stopped(stop_event):
        return incumbent, best_bound, columns
    rm = whole.get()
    if rm is None:
        return incumbent, best_bound, columns
    run, roster = solve_fixed(
        rm,
        held,
        hint,
        min(clock.left(), RINS_SHARE * total),
        workers=workers,
        seed=seed,
        stop_event=stop_event,
        subsolvers=PROOF_WORKERS,
        on_solution=lambda objective, _bound: report("relaxation", objective),
    )
    log.debug(
        "relaxation-induced search: %d of %d cells held, status %s, cost %s (%.1fs)",
        len(held),
        len(problem.staff) * problem.horizon,
        run.status,
        run.objective,
        clock.elapsed(),
    )
    if roster is not None:
        cost = roster_cost(problem, roster)
        if cost < incumbent.objective:
            incumbent = Incumbent(roster, cost)
            report("relaxation", cost, best_bound, roster)
    return incumbent, best_bound, columns


def _few_steps_above(columns: ColumnGeneration, cost: float) -> bool:
    """Whether the converged relaxation leaves at most LAST_STEPS whole costs below `cost` (Curtois 7:
    1,057 above the relaxation's 1,054.08 leaves 1,056 and 1,055)."""
    return columns.converged and bool(columns.prices) and cost - 1 - columns.lower_bound < LAST_STEPS


def _last_steps(
    rm: RosterModel,
    columns: ColumnGeneration,
    incumbent: Incumbent,
    best_bound: float,
    clock: Clock,
    workers: int,
    stop_event: threading.Event | None,
    seed: int,
    report: Callable[..., None],
) -> tuple[Incumbent, float]:
    """The whole model searched for a cheaper roster with the cells no such roster can use held
    (`roster_fixing`), again from each one found, until none is left (the roster is then proven optimal)
    or time is up."""
    excess = cell_excess(rm.problem, columns.prices, Clock(clock.left() * EXCESS_SHARE), stop_event)
    if excess is None:
        return incumbent, best_bound
    while incumbent.objective > best_bound and clock.left() > 0.1 and not _stopped(stop_event):
        run, roster, whole = _search_below(rm, excess, incumbent, clock, workers, stop_event, seed)
        if run.infeasible:  # every part empty: nothing cheaper exists
            return Incumbent(incumbent.roster, incumbent.objective, proven_optimal=True), float(incumbent.objective)
        if roster is None:
            break
        cost = roster_cost(rm.problem, roster)
        if whole and run.optimal:  # the cheapest roster of all below the old one
            return Incumbent(roster, cost, proven_optimal=True), float(cost)
        incumbent = Incumbent(roster, cost)
        report("last steps", cost, best_bound, roster)
    return incumbent, best_bound


def _search_below(
    rm: RosterModel,
    excess: CellExcess,
    incumbent: Incumbent,
    clock: Clock,
    workers: int,
    stop_event: threading.Event | None,
    seed: int,
) -> tuple[RunResult, Assignment | None, bool]:
    """One search for a roster cheaper than `incumbent`, part by part (ROOM_BANDS) while the room is a whole
    cost or more, stopped at the first roster found: the last part's run (INFEASIBLE only when every part was
    empty), the roster it found, and whether that part was the whole search below the incumbent."""
    below = incumbent.objective
    bands = ROOM_BANDS if below - 1 - excess.bound >= 1 else (1.0,)
    lower: float | None = None
    for upper in bands:
        run, roster = search_cheaper(
            rm,
            excess,
            incumbent.roster,
            below,
            clock.left(),
            within=upper,
            beyond=lower,
            workers=workers,
            seed=seed,
            stop_event=stop_event,
            on_solution=lambda objective, bound: True,
        )
        log.debug(
            "search below %d, cells within %.0f%% of the room%s: status %s (%.1fs)",
            below,
            100 * upper,
            "" if lower is None else f" and one beyond {100 * lower:.0f}%",
            run.status,
            clock.elapsed(),
        )
        if not run.infeasible:
            return run, roster, len(bands) == 1
        lower = upper
    return run, None, len(bands) == 1


def _dives(
    problem: RosterProblem,
    columns: ColumnGeneration,
    bound: float,
    clock: Clock,
    workers: int,
    stop_event: threading.Event | None,
    on_found: Callable[[int], None] = lambda cost: None,
) -> tuple[DiveResult, int | None]:
    """Dives on the relaxation `columns`, one for each of DIVE_FRACTIONS that can finish in the time left,
    until one comes within DIVE_CLOSE_ENOUGH of `bound`: the cheapest finished one and its cost, or the
    first dive, cut short, and None if none finished. `on_found` hears of each cheaper one at once.

    Each fraction fixes different people together, and which one does best differs by instance (see
    DIVE_FRACTIONS). A dive takes about as many steps as the people left shrink by its fraction to none,
    each step about as long as the first dive's: a dive that would not finish in the time left is
    skipped (Curtois 13: the first dive takes 90 s; one fixing 5 % a step would take three times that)."""
    best: tuple[DiveResult, int] | None = None
    first_seconds = 0.0
    for fraction in DIVE_FRACTIONS:
        if best is not None:
            expected = first_seconds * math.log(1 - DIVE_FRACTIONS[0]) / math.log(1 - fraction)
            if expected > clock.left():
                continue
        began = clock.elapsed()
        dived = dive(problem, columns, clock, workers=workers, stop_event=stop_event, fraction=fraction)
        if not dived.complete:
            if best is None:
                return dived, None
            break
        if best is None:
            first_seconds = clock.elapsed() - began
        cost = roster_cost(problem, dived.roster)
        if best is None or cost < best[1]:
            best = (dived, cost)
            on_found(cost)
        if cost <= bound * (1 + DIVE_CLOSE_ENOUGH) or clock.left() < 0.1 or _stopped(stop_event):
            break
    # The first fraction is always dived: it either returned above or set `best`.
    assert best is not None
    return best


def _no_solution(run: RunResult, clock: Clock, stop_event: threading.Event | None) -> RosterSolution:
    return _nothing("INFEASIBLE" if run.infeasible else ("STOPPED" if _stopped(stop_event) else "UNKNOWN"), clock)


def _nothing(status: str, clock: Clock) -> RosterSolution:
    return RosterSolution(
        status, {}, None, None, False, clock.elapsed(), time_limit_reached=status == "UNKNOWN" and _time_up(clock)
    )


# A solve whose phases end with less than this left has used its time: CP-SAT stops a hair early.
TIME_UP_MARGIN_S = 0.1


def _time_up(clock: Clock) -> bool:
    return clock.left() <= TIME_UP_MARGIN_S or clock.cut_short


def _solution(
    problem: RosterProblem,
    assignment: Assignment,
    bound: float | None,
    proven: bool,
    clock: Clock,
    first_seconds: list[float],
) -> RosterSolution:
    violations = soft_violations(problem, assignment)
    # The roster's own cost is what the planner sees (the tests check it equals the model's objective).
    objective = sum(v.cost for v in violations)
    return RosterSolution(
        "OPTIMAL" if proven else "FEASIBLE",
        assignment,
        objective,
        bound,
        proven,
        clock.elapsed(),
        breakdown(violations),
        violations,
        first_seconds[0] if first_seconds else None,
        time_limit_reached=not proven and _time_up(clock),
    )


def _stopped(stop_event: threading.Event | None) -> bool:
    return stop_event is not None and stop_event.is_set()
