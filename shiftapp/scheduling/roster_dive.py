"""A roster read off the column-generation relaxation by diving: fix some people to the schedule the LP
gives them most weight, re-solve the relaxation of everyone else (cover reduced by what the fixed people
already give, every column known so far kept), and repeat until everyone is fixed.

Why: on the large Curtois instances the relaxation is tight (Curtois 13: LP 1,348.0, the best known
roster 1,348) but spread thin — most people share their weight over four to six schedules, one person
in 120 has a whole one — so a search that only holds the LP's whole cells frees 25,000 variables and
spends minutes repairing cover. Fixing a few people at a time and letting the relaxation re-balance the
rest keeps the LP value almost unchanged step after step (Curtois 13: 1,348.0 for 15 steps, 1,349 at
the end, 81 s), because the relaxation is degenerate: many of its optima are nearly whole.

Each step fixes the people whose heaviest schedule is (nearly) whole and a fraction of the others,
heaviest first; a step that raises the expected cost (the fixed people's own costs plus the relaxation
of the rest) by more than DIVE_TOLERANCE is taken back and half as many fixed. Measured from one
converged relaxation (probe runs, the final roster's cost): a fraction of 0.15 gave Curtois 8 1,311,
9 439, 12 4,041, 13 1,349; 0.05 was slower (12: 39 s against 23 s) and 0.3 worse (8: 1,613, 12: 4,154);
on 7 and 8 the best fraction changes from one relaxation to the next, so the solver tries several
(`roster.DIVE_FRACTIONS`).
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass

from shiftapp.scheduling.cpsat_run import Clock
from shiftapp.scheduling.roster_columns import ColumnGeneration, generate_columns
from shiftapp.scheduling.roster_lns import restricted_problem
from shiftapp.scheduling.roster_penalties import roster_cost
from shiftapp.scheduling.roster_problem import Assignment, RosterProblem

log = logging.getLogger(__name__)

DIVE_FRACTION = 0.15
NEARLY_WHOLE = 0.99
# A step that raises the expected cost by more than this share is taken back and half as many people are
# fixed instead (down to one, which is kept whatever it costs).
DIVE_TOLERANCE = 0.01
# A step's relaxation is re-solved until its value is this close to its bound, not to the end: the value
# settles in a few rounds and the bound creeps up to it for many more (Curtois 19, first step: 3,125.53
# after 2 rounds, 3,125.51 after 13; the bound 3,062 after 2 rounds, 3,121 after 6, the end at 40 s).
STEP_GAP = 0.005


@dataclass
class DiveResult:
    fixed: Assignment  # person id -> schedule, for everyone the dive fixed
    # For the people not fixed when time ran out: (person index, day) -> shift where the last relaxation
    # is whole, and each one's heaviest schedule. Empty once everyone is fixed.
    whole_cells: dict[tuple[int, int], str | None]
    lp_roster: Assignment
    steps: int

    @property
    def complete(self) -> bool:
        return not self.lp_roster

    @property
    def roster(self) -> Assignment:
        """Everyone's schedule: the fixed ones, and the heaviest LP schedule of the others."""
        return {**self.lp_roster, **self.fixed}

    def held_cells(self, problem: RosterProblem) -> dict[tuple[int, int], str | None]:
        """The cells a search around the dive holds: every fixed person's, and the others' whole ones."""
        held = dict(self.whole_cells)
        for e, person in enumerate(problem.staff):
            if person.id in self.fixed:
                held.update({(e, d): shift for d, shift in enumerate(self.fixed[person.id])})
        return held


def dive(
    problem: RosterProblem,
    relaxation: ColumnGeneration,
    clock: Clock,
    *,
    workers: int = 2,
    stop_event: threading.Event | None = None,
    fraction: float | None = None,
) -> DiveResult:
    """Fix people step by step from the converged `relaxation` of `problem` until everyone is fixed, the
    clock runs out, or a step's relaxation does not settle. Each step fixes `fraction` of the people left
    (DIVE_FRACTION by default)."""
    fraction = DIVE_FRACTION if fraction is None else fraction
    relaxed = tuple(range(len(problem.staff)))  # indexes into problem.staff of the people `current` relaxes
    fixed: Assignment = {}
    current = relaxation
    expected = relaxation.lp_value or 0.0  # the fixed people's own costs plus the relaxation of the others
    own: dict[str, int] = {}  # the fixed people's own costs
    steps = 0
    while True:
        heaviest = current.heaviest()
        order = sorted((problem.staff[e].id for e in relaxed), key=lambda pid: -heaviest[pid].weight)
        whole = {pid for pid in order if heaviest[pid].weight > NEARLY_WHOLE}
        count = max(1, math.ceil(fraction * len(order)))
        while True:
            chosen = whole | set(order[:count])
            trial = {**fixed, **{pid: list(heaviest[pid].row) for pid in chosen}}
            trial_own = {**own, **{pid: heaviest[pid].cost for pid in chosen}}
            people = tuple(e for e in relaxed if problem.staff[e].id not in trial)
            rest = {problem.staff[e].id: list(heaviest[problem.staff[e].id].row) for e in people}
            if people and (clock.left() < 0.1 or (stop_event is not None and stop_event.is_set())):
                return DiveResult(trial, _whole_cells_of(current, relaxed, people), rest, steps + 1)
            step = None
            if people:
                sub = restricted_problem(problem, {**rest, **trial}, people)
                known = [column for column in current.columns if column.person_id not in trial]
                step = generate_columns(
                    sub,
                    rest,
                    time_limit_s=clock.left(),
                    workers=workers,
                    stop_event=stop_event,
                    known=known,
                    stop_at_gap=STEP_GAP,
                )
                if step.lp_roster is None or not step.settled:
                    # An unsettled relaxation guides nothing: the people left keep the last settled schedules.
                    return DiveResult(trial, _whole_cells_of(current, relaxed, people), rest, steps + 1)
                value = sum(trial_own.values()) + (step.lp_value or 0.0)
            else:
                value = float(roster_cost(problem, trial))
            log.debug(
                "dive step %d: %d of %d fixed, expected cost %.1f (%.1fs)",
                steps + 1,
                len(trial),
                len(problem.staff),
                value,
                clock.elapsed(),
            )
            if value <= expected * (1 + DIVE_TOLERANCE) + 1e-6 or count == 1:
                break
            count //= 2  # that many at once cost too much: fewer, the heaviest of them
        steps += 1
        if step is None:
            return DiveResult(trial, {}, {}, steps)
        fixed, own, current, relaxed, expected = trial, trial_own, step, people, value


def _whole_cells_of(
    relaxation: ColumnGeneration, relaxed: tuple[int, ...], people: tuple[int, ...]
) -> dict[tuple[int, int], str | None]:
    """`relaxation`'s whole cells (indexed over `relaxed`) of `people`, indexed over the whole staff."""
    left = set(people)
    return {(relaxed[i], d): shift for (i, d), shift in relaxation.whole_cells.items() if relaxed[i] in left}
