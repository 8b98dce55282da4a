"""A first roster built person by person, for rosters where CP-SAT's first search is too slow.

Every hard rule concerns one person only (cover is soft), so people can be rostered one at a time:
each person's whole horizon is solved exactly on a one-person model whose cover asks only for what
the people rostered before them left open. That meets each person's own rules, and the roster is
already a fair start for the neighbourhood search.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from shiftapp.scheduling.cpsat_run import LNS_WORKERS, Clock, run_cpsat
from shiftapp.scheduling.roster_model import build_roster_model
from shiftapp.scheduling.roster_problem import Assignment, RosterProblem

PER_PERSON_LIMIT_S = 2.0


def roster_person_by_person(
    problem: RosterProblem, clock: Clock, *, workers: int = 2, stop_event: threading.Event | None = None
) -> Assignment | None:
    """A roster breaking no hard rule, or None if time ran out or someone's own rules cannot be met."""
    roster: Assignment = {}
    covered = [0] * len(problem.cover)  # people already rostered who count for each cover line
    for person in problem.staff:
        if clock.left() < 0.1 or (stop_event is not None and stop_event.is_set()):
            return None
        # A cover line already met by others asks for a negative number: this person only adds over-cover.
        open_cover = [
            replace(c, requirement=c.requirement - covered[i])
            for i, c in enumerate(problem.cover)
            if problem.counts_for(c, person)
        ]
        alone = replace(problem, staff=[person], cover=open_cover, fairness_weight=0)
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
        roster[person.id] = model.assignment(run.values)[person.id]
        for i, c in enumerate(problem.cover):
            if roster[person.id][c.day] == c.shift_id and problem.counts_for(c, person):
                covered[i] += 1
    return roster
