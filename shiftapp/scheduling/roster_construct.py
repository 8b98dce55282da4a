"""A first roster built person by person, then improved person by person.

Every hard rule concerns one person only (cover is soft, fairness each person's own), so people can be
rostered one at a time: each person's whole horizon is solved exactly against a cover that asks only
for what the others leave open. One person adds at most one to a cover line, so against that cover
each shift they work is worth the line's under-cover weight while the line is still short, and costs
its over-cover weight once it is met: prices on the person's cells, and their cheapest schedule at
those prices is found exactly by the walk of `roster_pricing` (milliseconds a person, where a CP-SAT
model of the person took a large share of a second). A person whose walk would be too large is solved
by CP-SAT on a one-person model with that open cover.

Built in turn, the first people take what suits them and the last find the cells still open out of
reach (a weekly limit met, a forbidden succession); so once everyone has a schedule, each person in
turn is rostered again against what all the others leave open (`reroster_each`). The roster's cost never
grows — a person keeps their schedule unless another is cheaper for the whole roster — and the rounds
stop when a round changes nobody's schedule or the time given is up.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import numpy as np

from shiftapp.scheduling.cpsat_run import LNS_WORKERS, Clock, run_cpsat
from shiftapp.scheduling.roster_model import build_roster_model
from shiftapp.scheduling.roster_penalties import roster_cost
from shiftapp.scheduling.roster_pricing import WALK_COMPILE_ALLOWANCE_S, PersonWalk, compile_walk, walk_ready
from shiftapp.scheduling.roster_problem import Assignment, RosterProblem, StaffMember

PER_PERSON_LIMIT_S = 2.0
# While building, a line that is still short is worth a little more the larger the share of it still open,
# up to this much: between cells that are otherwise alike, a person takes the one most open, so the people
# rostered first spread over the days instead of all taking the same ones (the walk breaks ties always the
# same way) and leaving days no one left can fill. Below one, the smallest real cost, so it never outweighs
# one (nor the cap on a person's share while building, `_building`).
SPREAD = 0.5
# Allowance for sums of floating-point prices when telling a cheaper schedule from an equal one.
TOLERANCE = 1e-6

Row = list[str | None]


class _OpenCover:
    """How many of the people rostered so far count for each cover line, and the prices that makes on a
    person's cells."""

    def __init__(self, problem: RosterProblem) -> None:
        self.problem = problem
        self.covered = [0] * len(problem.cover)
        self.index = {s.id: t for t, s in enumerate(problem.shifts)}
        self.lines: dict[int, list[tuple[int, int, int]]] = {}  # person -> (line, day, shift type) they count for
        for e, person in enumerate(problem.staff):
            self.lines[e] = [
                (i, c.day, self.index[c.shift_id])
                for i, c in enumerate(problem.cover)
                if c.shift_id in self.index and problem.counts_for(c, person)
            ]

    def add(self, e: int, row: Row, sign: int = 1) -> None:
        for i, d, t in self.lines[e]:
            if row[d] is not None and self.index[row[d]] == t:  # type: ignore[index]
                self.covered[i] += sign

    def prices(self, e: int, spread: bool = False) -> np.ndarray:
        """[day, shift type] -> what person `e` working there saves the roster (less what it costs); with
        `spread`, a short line a little more the shorter it is (SPREAD)."""
        price = np.zeros((self.problem.horizon, len(self.problem.shifts)))
        cover = self.problem.cover
        for i, d, t in self.lines[e]:
            c = cover[i]
            short = c.requirement - self.covered[i]
            if short <= 0:
                price[d, t] -= c.over_weight
            else:
                price[d, t] += c.under_weight + (SPREAD * short / c.requirement if spread else 0.0)
        return price


def roster_person_by_person(
    problem: RosterProblem,
    clock: Clock,
    *,
    workers: int = 2,
    stop_event: threading.Event | None = None,
    keep: Assignment | None = None,
) -> Assignment | None:
    """A roster breaking no hard rule, or None if time ran out or someone's own rules cannot be met. The
    people in `keep` keep their schedules there (a dive cut short: the people it fixed); the others are
    rostered against what those leave open."""
    problem = _building(problem.with_fair_shares())
    keep = keep or {}
    walks = _walks(problem, clock)
    roster: Assignment = {}
    cover = _OpenCover(problem)
    for e, person in enumerate(problem.staff):
        if person.id in keep:
            roster[person.id] = list(keep[person.id])
            cover.add(e, roster[person.id])
    for e, person in enumerate(problem.staff):
        if person.id in keep:
            continue
        if clock.left() < 0.1 or (stop_event is not None and stop_event.is_set()):
            return None
        walked = walks[e].cheapest(cover.prices(e, spread=True)) if walks is not None else None
        row = list(walked[0][0]) if walked is not None and walked[0] else None
        if row is None:
            row = _solved(problem, person, cover.covered, clock, workers, stop_event)
            if row is None:
                return None
        roster[person.id] = row
        cover.add(e, row)
    return roster


def reroster_each(
    problem: RosterProblem, roster: Assignment, clock: Clock, *, stop_event: threading.Event | None = None
) -> Assignment:
    """`roster` improved by rostering each person again against what all the others leave open, round after
    round, until a round changes nobody or `clock` runs out. People whose walk is too large keep theirs."""
    problem = problem.with_fair_shares()
    walks = _walks(problem, clock)
    if walks is None:
        return roster
    roster = {pid: list(row) for pid, row in roster.items()}
    cover = _OpenCover(problem)
    for e, person in enumerate(problem.staff):
        cover.add(e, roster[person.id])
    changed = True
    while changed:
        changed = False
        for e, person in enumerate(problem.staff):
            if clock.left() < 0.05 or (stop_event is not None and stop_event.is_set()):
                return roster
            old = roster[person.id]
            cover.add(e, old, -1)
            price = cover.prices(e)
            walked = walks[e].cheapest(price)
            if walked is not None and walked[0]:
                rows, least = walked
                if least < _value(problem, e, old, price, cover.index) - TOLERANCE:
                    roster[person.id] = list(rows[0])
                    changed = True
            cover.add(e, roster[person.id])
    return roster


def _building(problem: RosterProblem) -> RosterProblem:
    """The problem the people are first rostered on: with a fairness term, no one works beyond their fair
    share while building (each shift beyond costs more than any cover line pays), so the people rostered
    first do not take the shifts the last need for theirs; the rounds of `reroster_each` then let people
    go beyond it where the cover needs them."""
    if not problem.fairness_weight:
        return problem
    dearest = max((c.under_weight for c in problem.cover), default=0)
    return replace(
        problem,
        fairness_weight=dearest + 1,
        staff=[replace(p, fair_shifts=(0, (p.fair_shifts or (0, problem.horizon))[1])) for p in problem.staff],
    )


def _walks(problem: RosterProblem, clock: Clock) -> list[PersonWalk] | None:
    """Each person's walk, compiled first if there is time for it; None when there is not."""
    if not walk_ready() and clock.left() <= WALK_COMPILE_ALLOWANCE_S:
        return None
    compile_walk()
    return [PersonWalk(problem, e) for e in range(len(problem.staff))]


def _value(problem: RosterProblem, e: int, row: Row, price: np.ndarray, index: dict[str, int]) -> float:
    """A schedule's own cost less the prices of the cells it works: what the walk minimises."""
    person = problem.staff[e]
    alone = replace(problem, staff=[person], cover=[])
    worked = sum(float(price[d, index[shift]]) for d, shift in enumerate(row) if shift is not None)
    return roster_cost(alone, {person.id: row}) - worked


def _solved(
    problem: RosterProblem,
    person: StaffMember,
    covered: list[int],
    clock: Clock,
    workers: int,
    stop_event: threading.Event | None,
) -> Row | None:
    """The person's best schedule against what the cover still asks, by CP-SAT on a model of them alone."""
    # A cover line already met by others asks for a negative number: this person only adds over-cover.
    open_cover = [
        replace(c, requirement=c.requirement - covered[i])
        for i, c in enumerate(problem.cover)
        if problem.counts_for(c, person)
    ]
    alone = replace(problem, staff=[person], cover=open_cover)
    model = build_roster_model(alone)
    run = run_cpsat(
        model.model,
        time_limit_s=min(PER_PERSON_LIMIT_S, clock.left()),
        subsolvers=LNS_WORKERS,
        workers=workers,
        stop_event=stop_event,
    )
    if run.values is None:
        return None
    return model.assignment(run.values)[person.id]
