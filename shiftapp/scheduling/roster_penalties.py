"""Soft costs of a finished roster, recomputed from the assignment itself (not from solver variables),
so the figures shown to a planner are those of the roster they see, per rule and per person."""

from __future__ import annotations

from shiftapp.scheduling.roster_problem import Assignment, RosterProblem, StaffMember, Violation


def soft_violations(problem: RosterProblem, assignment: Assignment) -> list[Violation]:
    by_id = {s.id: s for s in problem.shifts}
    empty = [None] * problem.horizon
    found: list[Violation] = []
    for person in problem.staff:
        days = assignment.get(person.id, empty)
        for r in person.on_requests:
            if days[r.day] != r.shift_id and r.weight:
                found.append(Violation("shift_on_request", r.weight, 1, person.id, r.day, r.shift_id))
        for r in person.off_requests:
            if days[r.day] == r.shift_id and r.weight:
                found.append(Violation("shift_off_request", r.weight, 1, person.id, r.day, r.shift_id))
        for d, shift_id in enumerate(days):
            cost = person.shift_preferences.get(shift_id, 0) if shift_id else 0
            if cost:
                found.append(Violation("shift_preference", cost, 1, person.id, d, shift_id))
            before = days[d - 1] if d else None
            if before and shift_id and problem.tight_turnaround(by_id[before], by_id[shift_id]):
                found.append(Violation("back_to_back", problem.back_to_back_weight, 1, person.id, d, shift_id))
    working: dict[tuple[int, str], list[StaffMember]] = {}  # (day, shift) -> the people on it
    for person in problem.staff:
        for d, shift_id in enumerate(assignment.get(person.id, empty)):
            if shift_id:
                working.setdefault((d, shift_id), []).append(person)
    for c in problem.cover:
        count = sum(1 for p in working.get((c.day, c.shift_id), ()) if problem.counts_for(c, p))
        if count < c.requirement and c.under_weight:
            amount = c.requirement - count
            found.append(Violation("cover_under", c.under_weight * amount, amount, None, c.day, c.shift_id, c.role))
        if count > c.requirement and c.over_weight:
            amount = count - c.requirement
            found.append(Violation("cover_over", c.over_weight * amount, amount, None, c.day, c.shift_id, c.role))
    if problem.fairness_weight:
        for person, (fewest, most) in zip(problem.staff, problem.fair_windows(), strict=True):
            total = sum(1 for shift in assignment.get(person.id, empty) if shift)
            amount = max(0, fewest - total) + max(0, total - most)
            if amount:
                found.append(Violation("fairness", problem.fairness_weight * amount, amount, person.id))
    return found


def roster_cost(problem: RosterProblem, assignment: Assignment) -> int:
    return sum(v.cost for v in soft_violations(problem, assignment))


def breakdown(violations: list[Violation]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for v in violations:
        totals[v.rule] = totals.get(v.rule, 0) + v.cost
    return totals
