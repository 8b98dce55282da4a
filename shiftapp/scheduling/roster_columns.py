"""Column generation on a roster: each person's whole schedule is one column.

People meet only in the cover (soft); everything else concerns one person. So a roster is a choice of
one schedule per person, and the linear relaxation of that choice (the master) — over every schedule
a person could legally work — is far tighter than the relaxation of the assignment model (Curtois 8:
see the README). Schedules are generated as needed: the master LP's duals put a price on each
(day, shift) cell, and each person's cheapest schedule at those prices is found exactly by a walk over
the days (`roster_pricing`; Curtois 12: 0.3-0.8 ms a person, against 65 ms by CP-SAT on a model of that
person alone, which remains the fallback when a walk's state space is too large). A schedule whose
reduced cost is negative enters the master.

What comes out:
- a lower bound on the roster's cost (the Lagrangian bound: the cover prices times the requirements
  plus every person's cheapest schedule at those prices, valid after every round, the LP bound at
  convergence; Curtois 8: 1,297 against the optimum 1,300);
- every column with its weight in the LP solution, from which `roster_dive` reads a roster;
- the LP solution's whole cells — (person, day) where every schedule the LP uses for that person
  agrees — and a roster made of each person's heaviest schedule. The solver may then search the whole
  model with those cells held (relaxation-induced neighbourhood search, `roster.py`). Choosing the
  cheapest combination of the generated schedules instead (price-and-branch) was measured and
  dropped: on Curtois 8 the columns combined into 2,199-2,511 at best.

A fairness term is priced with the schedule: it is each person's own (their shifts against their fair
share, `RosterProblem.fair_shares`), part of their schedule's own cost.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields, replace
from typing import Any, NamedTuple

import numpy as np
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from shiftapp.scheduling.cpsat_run import Clock
from shiftapp.scheduling.roster_model import RosterModel, build_roster_model
from shiftapp.scheduling.roster_penalties import roster_cost
from shiftapp.scheduling.roster_pricing import (
    WALK_COMPILE_ALLOWANCE_S,
    PersonWalk,
    compile_walk,
    walk_ready,
    warm_up_walk,
)
from shiftapp.scheduling.roster_problem import Assignment, RosterProblem, StaffMember

log = logging.getLogger(__name__)

Row = tuple[str | None, ...]  # one person's shift id (or None) per day


class Column(NamedTuple):
    """One person's schedule in the master, its own cost (everything but the cover) and its weight in the
    last LP solution (0 for a column known before the master was solved)."""

    person_id: str
    row: Row
    cost: int
    weight: float = 0.0


# Duals are real numbers; CP-SAT wants integer objective coefficients. Scaled by this much, the pricing
# objective is exact to 1/(2 * PRICE_SCALE) per worked day, allowed for in the bound.
PRICE_SCALE = 1000
RC_EPSILON = 1e-6
WHOLE_EPSILON = 1e-6
SMOOTHING = 0.5
# Rounds column generation needs to come near its bound (Curtois 7-13: 20-30 with smoothing). If the
# pace of the first rounds shows that many would not fit in the time given, it stops early and the
# neighbourhood search gets the time: a relaxation that has not settled guides nothing (Curtois 9 at
# 60 s: +29 % after 30 s of unsettled rounds of 2 s; Curtois 12: 2.6 s a round).
EXPECTED_ROUNDS = 20
# The pace is checked over the first PACE_ROUNDS rounds (the first is often the quickest: Curtois 9,
# 1.3 s and then 2 s a round), with this margin: Curtois 8 and 10 settle in 19-21 rounds of 1.2-1.5 s
# (10 at 1.5 s: settled within 1 % at round 18), just inside the 27 s they get at 60 s.
PACE_ROUNDS = 5
PACE_MARGIN = 1.2
# A first-round sample only rules out rounds this much slower than would fit: it reads roughly
# (Curtois 10: 1.5 s for a round of 1.2 s).
SAMPLE_MARGIN = 1.5
SETTLED_GAP = 0.01
# Past this share of its time, an LP still further than HALFWAY_GAP from its bound (with 1.0: a bound
# still below zero, the prices not yet settled at all) will not settle in the rest: at 60 s, Curtois 8,
# 10 and 11 are 5-40 % from it at halfway and settle 8-10 rounds later, while Curtois 9 is 235-453 %
# from it there and otherwise ends unsettled after 27 s (the neighbourhood search then starts at 30 s from
# the first roster: 574-689 against 463-477 when it starts at 8-15 s).
HALFWAY = 0.5
HALFWAY_GAP = 1.0
# An LP whose value has not moved from its first round's after this many rounds, while its bound is still
# more than STALL_GAP times its value below it, is stuck: the prices swing between the cover weights (the
# bound is then of the order of every cell's weight, far below zero), and the schedules they bring in
# combine into nothing cheaper than the start roster (on an organisation's quarter whose start meets the
# cover exactly). Its time is better spent on the neighbourhood search. A start that is the LP's optimum
# also leaves the value unmoved, but its bound comes within a few times the value within those rounds.
STALL_ROUNDS = 10
STALL_GAP = 100.0


class PersonPricer:
    """One person's schedules at given cell prices: walked exactly day by day (`roster_pricing`), or, when
    their walk's state space is too large, found by CP-SAT on a model of their rules alone."""

    def __init__(self, problem: RosterProblem, e: int) -> None:
        problem = problem.with_fair_shares()  # the person's own fairness term is their share of the whole
        self.person = problem.staff[e]
        self.alone = replace(problem, staff=[self.person], cover=[])
        self.walk = PersonWalk(problem, e)
        self._rm: RosterModel | None = None
        self.last_best: Row | None = None
        # The cover lines this person counts for, by (day, shift).
        self.lines: dict[tuple[int, str], list[int]] = {}
        for i, c in enumerate(problem.cover):
            if problem.counts_for(c, self.person):
                self.lines.setdefault((c.day, c.shift_id), []).append(i)
        self.cells = [(d, self.walk.index[s], lines) for (d, s), lines in self.lines.items()]

    @property
    def rm(self) -> RosterModel:
        if self._rm is None:  # only when the walk is too large: building it takes a few ms a person
            self._rm = build_roster_model(self.alone)
        return self._rm

    def cost(self, row: Row) -> int:
        return roster_cost(self.alone, {self.person.id: list(row)})

    def covers(self, row: Row) -> list[int]:
        return [i for d, s in enumerate(row) if s is not None for i in self.lines.get((d, s), ())]

    def cell_prices(self, duals: list[float]) -> np.ndarray:
        """[day, shift type] -> the prices of the cover lines this person counts for there."""
        cell_price = np.zeros((self.alone.horizon, len(self.alone.shifts)))
        for d, t, lines in self.cells:
            cell_price[d, t] = sum(duals[i] for i in lines)
        return cell_price

    def price(self, duals: list[float], time_limit_s: float, seed: int) -> tuple[list[Row], float]:
        """This person's cheapest schedules at cover prices `duals` (own cost less the prices of the
        cover lines worked): a few of the cheapest, and a lower bound on that minimum (exact when walked)."""
        walked = self.walk.cheapest(self.cell_prices(duals))
        if walked is not None:
            rows, least = walked
            return rows, least - RC_EPSILON  # sums of floats: a hair of slack keeps the bound valid
        return self._price_by_cpsat(duals, time_limit_s, seed)

    def _price_by_cpsat(self, duals: list[float], time_limit_s: float, seed: int) -> tuple[list[Row], float]:
        model = self.rm.model
        own = [(t.var, t.weight) for t in self.rm.terms if t.weight]
        prices = {}
        for (_e, d, s), var in self.rm.x.items():
            value = sum(duals[i] for i in self.lines.get((d, s), ()))
            if value:
                prices[var] = round(value * PRICE_SCALE)
        model.Minimize(sum(PRICE_SCALE * w * v for v, w in own) - sum(p * v for v, p in prices.items()))
        found: list[Row] = []
        pricer = self
        if self.last_best is not None:
            # Prices move little from round to round: last round's cheapest schedule is a good start.
            model.ClearHints()
            for var, value in self.rm.hint_pairs({self.person.id: list(self.last_best)}):
                model.AddHint(var, value)

        # OR-Tools is read as untyped (see [tool.mypy] in pyproject.toml), so its callback base class is Any.
        class Collect(cp_model.CpSolverSolutionCallback):  # type: ignore[misc]
            def on_solution_callback(self) -> None:
                found.append(pricer._row(self))

        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit_s
        solver.parameters.num_workers = 1
        # The LP of one person's automaton is nearly exact: with it pricing proves optimality fast.
        solver.parameters.linearization_level = 2
        solver.parameters.random_seed = seed
        status = solver.Solve(model, Collect())
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [], float("inf") if status == cp_model.INFEASIBLE else float("-inf")
        if found:
            self.last_best = found[-1]  # solutions come cheapest last
        # Rounded prices are off by at most half a unit per worked day.
        slack = self.rm.problem.horizon / (2 * PRICE_SCALE)
        return list(dict.fromkeys(found)), solver.BestObjectiveBound() / PRICE_SCALE - slack

    def _row(self, values: cp_model.CpSolverSolutionCallback) -> Row:
        row: list[str | None] = [None] * self.rm.problem.horizon
        for (_e, d, s), var in self.rm.x.items():
            if values.Value(var):
                row[d] = s
        return tuple(row)


def alike_groups(problem: RosterProblem) -> list[list[int]]:
    """The people (indexes into the staff) in groups whose schedules cost and cover alike: the same rules,
    requests, leave, role, skills and fair share; only their ids and names differ. An organisation's
    people are mostly alike (the scale data's 1,000 people: 66 groups), and a group is priced once."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for e, person in enumerate(problem.staff):
        groups.setdefault(_pricing_key(person), []).append(e)
    return list(groups.values())


def _pricing_key(person: StaffMember) -> tuple[Any, ...]:
    def canonical(value: Any) -> Any:
        if isinstance(value, dict):
            return tuple(sorted(value.items()))
        if isinstance(value, frozenset):
            return tuple(sorted(value))
        return value

    return tuple(canonical(getattr(person, f.name)) for f in fields(person) if f.name not in ("id", "name"))


@dataclass
class _Master:
    """The master LP: one row per group of alike people (its schedules' weights sum to the group's size),
    one row per cover line; columns added as found."""

    problem: RosterProblem
    sizes: list[int]  # people in each group
    solver: pywraplp.Solver = field(default_factory=lambda: pywraplp.Solver.CreateSolver("GLOP"))
    columns: list[tuple[int, Row, int, pywraplp.Variable]] = field(default_factory=list)

    def __post_init__(self) -> None:
        s, p = self.solver, self.problem
        self.objective = s.Objective()
        self.objective.SetMinimization()
        self.convexity = [s.Constraint(size, size) for size in self.sizes]
        self.cover_rows = []
        for c in p.cover:
            row = s.Constraint(c.requirement, c.requirement)
            under, over = s.NumVar(0, s.infinity(), ""), s.NumVar(0, s.infinity(), "")
            row.SetCoefficient(under, 1)
            row.SetCoefficient(over, -1)
            self.objective.SetCoefficient(under, c.under_weight)
            self.objective.SetCoefficient(over, c.over_weight)
            self.cover_rows.append(row)
        self.known: set[tuple[int, Row]] = set()
        self.weights: list[float] = []  # each column's value in the last LP solution

    def add(self, g: int, row: Row, cost: int, covers: list[int]) -> bool:
        if (g, row) in self.known:
            return False
        self.known.add((g, row))
        var = self.solver.NumVar(0, self.solver.infinity(), "")
        self.objective.SetCoefficient(var, cost)
        self.convexity[g].SetCoefficient(var, 1)
        for i in covers:
            self.cover_rows[i].SetCoefficient(var, 1)
        self.columns.append((g, row, cost, var))
        return True

    def per_person(self, groups: list[list[int]]) -> list[tuple[int, Row, int, float]]:
        """The LP solution as one person's schedules each: (person, schedule, cost, weight) for every column of
        their group, the group's weights poured into its people in turn, heaviest schedule first, one person
        filled to a weight of one before the next. A schedule of weight three is three people's whole one."""
        by_group: dict[int, list[tuple[Row, int, float]]] = {}
        # Columns priced in after the last LP solve have no weight yet.
        for i, (g, row, cost, _var) in enumerate(self.columns):
            by_group.setdefault(g, []).append((row, cost, self.weights[i] if i < len(self.weights) else 0.0))
        spread: list[tuple[int, Row, int, float]] = []
        for g, members in enumerate(groups):
            columns = sorted(by_group.get(g, []), key=lambda column: -column[2])
            poured = [dict[int, float]() for _ in members]
            slot, room = 0, 1.0
            for k, (_row, _cost, weight) in enumerate(columns):
                while weight > WHOLE_EPSILON and slot < len(members):
                    given = min(weight, room)
                    poured[slot][k] = poured[slot].get(k, 0.0) + given
                    weight, room = weight - given, room - given
                    if room <= WHOLE_EPSILON:
                        slot, room = slot + 1, 1.0
            for m, e in enumerate(members):
                spread += [(e, row, cost, poured[m].get(k, 0.0)) for k, (row, cost, _w) in enumerate(columns)]
        return spread

    def solve(self) -> tuple[float, list[float], list[float]] | None:
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        # Read now: adding columns afterwards invalidates the solver's solution.
        self.weights = [var.solution_value() for _g, _row, _cost, var in self.columns]
        return (
            self.objective.Value(),
            [r.dual_value() for r in self.cover_rows],
            [r.dual_value() for r in self.convexity],
        )


def _whole_cells(spread: list[tuple[int, Row, int, float]]) -> dict[tuple[int, int], str | None]:
    """Cells whose value is the same in every schedule the LP solution uses for that person."""
    share: dict[tuple[int, int, str | None], float] = {}
    for e, row, _cost, weight in spread:
        if weight > WHOLE_EPSILON:
            for d, shift in enumerate(row):
                share[e, d, shift] = share.get((e, d, shift), 0.0) + weight
    return {(e, d): shift for (e, d, shift), weight in share.items() if weight > 1 - WHOLE_EPSILON}


def gap(lp_value: float, bound: float) -> float:
    """How far the LP value is above the bound, as a share of the LP value (inf without a bound)."""
    if bound == float("-inf"):
        return float("inf")
    return (lp_value - bound) / max(1.0, abs(lp_value))


def too_far_at_halfway(elapsed: float, time_limit_s: float, lp_value: float, bound: float) -> bool:
    return elapsed >= HALFWAY * time_limit_s and gap(lp_value, bound) > HALFWAY_GAP


@dataclass
class ColumnGeneration:
    lower_bound: float  # valid lower bound on any roster's cost (-inf if no round finished)
    lp_value: float | None  # the last master LP value
    converged: bool  # no schedule priced out: lower_bound is the LP bound (less rounding)
    # The LP solution per cell, where it is whole: (person index, day) -> shift id or None (day off).
    whole_cells: dict[tuple[int, int], str | None]
    # Every column the master holds, with its weight in the last LP solution (none if no LP was solved).
    columns: list[Column] = field(default_factory=list)
    # The cover prices (one per cover line) at which `lower_bound` was reached; empty if no round finished.
    prices: list[float] = field(default_factory=list)

    def heaviest(self) -> dict[str, Column]:
        """Each person's column of largest weight in the LP solution."""
        best: dict[str, Column] = {}
        for column in self.columns:
            if column.person_id not in best or column.weight > best[column.person_id].weight:
                best[column.person_id] = column
        return best

    @property
    def lp_roster(self) -> Assignment | None:
        """Each person's heaviest schedule: a roster that agrees with every whole cell (each schedule the
        LP uses does), so a start for a search that holds them. None if no LP was solved."""
        if self.lp_value is None:
            return None
        return {pid: list(column.row) for pid, column in self.heaviest().items()}

    @property
    def settled(self) -> bool:
        """Converged, or near enough that the LP solution is worth following."""
        return self.converged or (self.lp_value is not None and gap(self.lp_value, self.lower_bound) <= SETTLED_GAP)


def generate_columns(
    problem: RosterProblem,
    start: Assignment,
    *,
    time_limit_s: float,
    workers: int = 2,
    stop_event: threading.Event | None = None,
    pricing_limit_s: float = 2.0,
    known: Iterable[Column] = (),
    stop_at_gap: float = 0.0,
    stop_at_gap_after_s: float = 0.0,
) -> ColumnGeneration:
    """Column generation from the schedules of `start` (and the columns `known` already, whose costs are
    not worked out again) until no schedule prices out, the LP value is within `stop_at_gap` (a share of
    it) of the bound after at least `stop_at_gap_after_s` seconds, or time is up."""
    clock = Clock(time_limit_s)
    if not walk_ready():
        if time_limit_s < WALK_COMPILE_ALLOWANCE_S:
            warm_up_walk()
            return ColumnGeneration(float("-inf"), None, False, {})
        compile_walk()
    problem = problem.with_fair_shares()
    groups = alike_groups(problem)
    group_of = {e: g for g, members in enumerate(groups) for e in members}
    sizes = [len(members) for members in groups]
    pricers = [PersonPricer(problem, members[0]) for members in groups]  # one for each group
    master = _Master(problem, sizes)
    for e, person in enumerate(problem.staff):
        g, row = group_of[e], tuple(start[person.id])
        if (g, row) not in master.known:
            master.add(g, row, pricers[g].cost(row), pricers[g].covers(row))
    index = {person.id: e for e, person in enumerate(problem.staff)}
    for column in known:
        if column.person_id in index:
            g = group_of[index[column.person_id]]
            if (g, column.row) not in master.known:
                master.add(g, column.row, column.cost, pricers[g].covers(column.row))
    best_bound, lp_value, converged, rounds = float("-inf"), None, False, 0
    centre: list[float] | None = None  # the cover prices with the best Lagrangian bound so far
    smoothing = SMOOTHING
    abandoned = False
    first_round_began = first_lp_value = 0.0
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        while clock.left() > 0.05 and not (stop_event is not None and stop_event.is_set()):
            solved = master.solve()
            if solved is None:
                break
            lp_value, duals, convexity = solved
            rounds += 1
            if rounds == 1:
                first_round_began, first_lp_value = clock.elapsed(), lp_value
            # Wentges smoothing: price between the LP's duals and the best prices so far, which damps
            # the duals' oscillation and saves rounds; if that finds nothing, price the LP's own duals.
            while True:
                alpha = smoothing if centre is not None else 0.0
                prices = (
                    [alpha * c + (1 - alpha) * d for c, d in zip(centre, duals, strict=True)]
                    if alpha and centre is not None
                    else duals
                )
                limit = min(pricing_limit_s, max(0.05, clock.left()))
                pricing_began = clock.elapsed()
                # Bound as defaults, so every call prices with this round's prices, limit and count.
                price_group = lambda g, prices=prices, limit=limit, rounds=rounds: pricers[g].price(  # noqa: E731
                    prices, limit, rounds
                )
                # In the first round a tenth of the groups are priced first: their pace tells a round
                # clearly too slow to repeat EXPECTED_ROUNDS times, which is then not finished (Curtois
                # 20 at 600 s: 31 s a round, known in 3 s; Curtois 12 at 60 s: 2.6 s, known in 0.3 s).
                sample = min(len(pricers), max(workers, math.ceil(len(pricers) / 10))) if rounds == 1 else 0
                results = list(pool.map(price_group, range(sample)))
                if sample:
                    pace = (clock.elapsed() - pricing_began) * len(pricers) / sample
                    if pace * EXPECTED_ROUNDS > SAMPLE_MARGIN * time_limit_s:
                        log.debug("column generation abandoned: about %.1fs a round", pace)
                        abandoned = True
                        break
                results += list(pool.map(price_group, range(sample, len(pricers))))
                # Lagrangian bound at these prices (valid for any prices the master's slack allows).
                bound = sum(price * c.requirement for price, c in zip(prices, problem.cover, strict=True)) + sum(
                    size * least for size, (_rows, least) in zip(sizes, results, strict=True)
                )
                if bound > best_bound:
                    best_bound, centre = bound, prices
                added = 0
                for g, (rows, _least) in enumerate(results):
                    for row in rows:
                        if (g, row) in master.known:
                            continue
                        cost, covers = pricers[g].cost(row), pricers[g].covers(row)
                        # Added when it prices out at the LP's own duals (smoothed prices only guide).
                        if cost - sum(duals[i] for i in covers) - convexity[g] < -RC_EPSILON:
                            added += master.add(g, row, cost, covers)
                if added or not alpha or clock.left() <= 0.05:
                    break
                smoothing = max(0.0, smoothing - 0.25)  # mispriced: trust the LP's duals more
            if abandoned:
                break
            pace = (clock.elapsed() - first_round_began) / rounds
            if rounds <= PACE_ROUNDS and pace * EXPECTED_ROUNDS > time_limit_s * PACE_MARGIN:
                # At this pace the LP will not settle in time; the caller's other searches get the time.
                log.debug("column generation abandoned: %.1fs a round", pace)
                break
            log.debug(
                "round %d: lp %.2f, bound %.2f, %d columns added, smoothing %.2f (%.1fs)",
                rounds,
                lp_value,
                best_bound,
                added,
                alpha,
                clock.elapsed(),
            )
            if added and too_far_at_halfway(clock.elapsed(), time_limit_s, lp_value, best_bound):
                log.debug(
                    "column generation abandoned: %.0f %% from its bound at %.1fs",
                    100 * gap(lp_value, best_bound),
                    clock.elapsed(),
                )
                break
            if not added:
                converged = not alpha
                break
            if (
                rounds >= STALL_ROUNDS
                and lp_value >= first_lp_value - RC_EPSILON * max(1.0, abs(first_lp_value))
                and gap(lp_value, best_bound) > STALL_GAP
            ):
                log.debug("column generation abandoned: the LP has not moved in %d rounds", rounds)
                break
            if stop_at_gap and clock.elapsed() >= stop_at_gap_after_s and gap(lp_value, best_bound) <= stop_at_gap:
                break
    lp_solved = lp_value is not None
    spread = master.per_person(groups) if lp_solved else []
    return ColumnGeneration(
        best_bound,
        lp_value,
        converged,
        _whole_cells(spread),
        [Column(problem.staff[e].id, row, cost, weight) for e, row, cost, weight in spread],
        list(centre) if centre is not None else [],
    )
