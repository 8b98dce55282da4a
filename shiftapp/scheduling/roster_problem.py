"""The rostering problem and its solution as plain data: what the app and the benchmark hand to the
solver, and what they get back. No solver code here.

Days are indexes 0..horizon-1; `start_date` (or `first_weekday`) says which weekday day 0 is, so
weekends can be found. A weekend is a Saturday and the Sunday after it, and it counts as worked when
either day is worked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

SATURDAY, SUNDAY = 5, 6


@dataclass(frozen=True)
class ShiftType:
    id: str
    length_minutes: int
    start_minute: int = 0  # minutes after midnight, for the rest and back-to-back rules
    forbidden_next: frozenset[str] = frozenset()  # shift types that may not follow on the next day
    name: str = ""
    required_skills: frozenset[str] = frozenset()  # only staff holding all of these may work it


@dataclass(frozen=True)
class Request:
    """A wish to work (on-request) or not to work (off-request) a shift on a day; `weight` is the
    cost of not granting it."""

    day: int
    shift_id: str
    weight: int


@dataclass(frozen=True)
class StaffMember:
    id: str
    name: str = ""
    role: str | None = None
    skills: frozenset[str] = frozenset()
    eligible_shifts: frozenset[str] | None = None  # None: every shift type their skills allow
    max_per_shift: dict[str, int] = field(default_factory=dict)  # absent: no limit for that type
    min_minutes: int = 0
    max_minutes: int | None = None
    min_consecutive: int = 1  # working days in a row, for a stretch not touching the horizon's edges
    max_consecutive: int | None = None
    min_days_off: int = 1  # days off in a row, for a break not touching the horizon's edges
    max_weekends: int | None = None
    days_off: frozenset[int] = frozenset()  # leave and fixed days off: hard
    on_requests: tuple[Request, ...] = ()
    off_requests: tuple[Request, ...] = ()
    shift_preferences: dict[str, int] = field(default_factory=dict)  # cost of each shift of that type worked
    shifts_per_week: int | None = None  # agreed maximum per calendar week (Monday to Sunday)
    # With a fairness term: the fewest and most shifts that are this person's fair share (see
    # RosterProblem.with_fair_shares); None: worked out from the problem.
    fair_shifts: tuple[int, int] | None = None


@dataclass(frozen=True)
class Cover:
    """How many people should work `shift_id` on `day`; each one missing costs `under_weight`, each one
    too many `over_weight`. With `role` or `skill`, only people of that role / holding that skill count
    (e.g. at least one senior, on top of a cover for everyone)."""

    day: int
    shift_id: str
    requirement: int
    under_weight: int
    over_weight: int
    role: str | None = None
    skill: str | None = None


@dataclass
class RosterProblem:
    horizon: int
    shifts: list[ShiftType]
    staff: list[StaffMember]
    cover: list[Cover]
    first_weekday: int = 0  # 0 = day 0 is a Monday; ignored when start_date is given
    min_rest_minutes: int | None = None  # between the end of one shift and the start of the next day's
    back_to_back_weight: int = 0  # cost of a legal but short turnaround...
    back_to_back_minutes: int = 0  # ...shorter than this
    # Cost of each shift a person works beyond their fair share, or short of it (StaffMember.fair_shifts).
    fairness_weight: int = 0
    start_date: date | None = None

    def weekday(self, day: int) -> int:
        if self.start_date is not None:
            return (self.start_date + timedelta(days=day)).weekday()
        return (self.first_weekday + day) % 7

    def weekends(self) -> list[list[int]]:
        """The days of each weekend inside the horizon (a weekend cut by the horizon keeps its part)."""
        weekends = []
        for d in range(self.horizon):
            if self.weekday(d) == SATURDAY:
                weekends.append([d] + ([d + 1] if d + 1 < self.horizon else []))
            elif self.weekday(d) == SUNDAY and d == 0:
                weekends.append([d])
        return weekends

    def weeks(self) -> list[list[int]]:
        """The days of each calendar week (Monday to Sunday) inside the horizon."""
        weeks: list[list[int]] = []
        for d in range(self.horizon):
            if not weeks or self.weekday(d) == 0:
                weeks.append([])
            weeks[-1].append(d)
        return weeks

    def may_work(self, person: StaffMember, day: int, shift: ShiftType) -> bool:
        """Hard eligibility of one assignment on its own: leave, role/skill eligibility, zero caps."""
        return (
            day not in person.days_off
            and (person.eligible_shifts is None or shift.id in person.eligible_shifts)
            and shift.required_skills <= person.skills
            and person.max_per_shift.get(shift.id, 1) > 0
        )

    def rest_minutes(self, first: ShiftType, then: ShiftType) -> int:
        """Rest between `first` on one day and `then` on the next."""
        return 24 * 60 + then.start_minute - (first.start_minute + first.length_minutes)

    def forbidden_succession(self, first: ShiftType, then: ShiftType) -> bool:
        if then.id in first.forbidden_next:
            return True
        return self.min_rest_minutes is not None and self.rest_minutes(first, then) < self.min_rest_minutes

    def tight_turnaround(self, first: ShiftType, then: ShiftType) -> bool:
        """Legal, but shorter than the back-to-back threshold: a soft cost."""
        return (
            bool(self.back_to_back_weight)
            and not self.forbidden_succession(first, then)
            and self.rest_minutes(first, then) < self.back_to_back_minutes
        )

    def fair_windows(self) -> list[tuple[int, int]]:
        """Each person's fair share of the shifts (fewest, most): as stored on the person, or worked out
        from this problem (`fair_shares`)."""
        if all(p.fair_shifts is not None for p in self.staff):
            return [p.fair_shifts for p in self.staff if p.fair_shifts is not None]
        shares = self.fair_shares()
        # A share a hair off a whole number (the sharing is worked out in floating point) is that number.
        return [
            p.fair_shifts or (math.floor(share + 1e-6), math.ceil(share - 1e-6))
            for p, share in zip(self.staff, shares, strict=True)
        ]

    def with_fair_shares(self) -> RosterProblem:
        """This problem with every person's fair share stored on them, so that a part of it (a few people,
        one person alone) keeps the shares of the whole. Unchanged without a fairness term."""
        if not self.fairness_weight or all(p.fair_shifts is not None for p in self.staff):
            return self
        windows = self.fair_windows()
        return replace(
            self, staff=[replace(p, fair_shifts=window) for p, window in zip(self.staff, windows, strict=True)]
        )

    def fair_shares(self) -> list[float]:
        """Each person's fair number of shifts: the shifts wanted (on each day and shift type, the most any
        cover line there asks for) shared in proportion to the days each person may work one of them, no one
        given more than they can work (their weekly limit in each week, a day off after each longest
        stretch, their minutes, their caps on shift types); what they cannot take goes to the others. Shifts
        only some can work (a line for seniors, or for a skill) are first shared among those alike, and no
        one's share is below their part of those.

        Fairness then concerns each person alone — a shift more or fewer than their share costs the same
        whoever else works what — so a person's schedule can be priced on its own (column generation,
        `roster_columns`) and a few people re-rostered with everyone else kept (`roster_lns`)."""
        wanted: dict[tuple[int, str], int] = {}
        only_some: dict[tuple[str | None, str | None], dict[tuple[int, str], int]] = {}
        for c in self.cover:
            if c.requirement > 0:
                wanted[c.day, c.shift_id] = max(wanted.get((c.day, c.shift_id), 0), c.requirement)
                if c.role is not None or c.skill is not None:
                    lines = only_some.setdefault((c.role, c.skill), {})
                    lines[c.day, c.shift_id] = max(lines.get((c.day, c.shift_id), 0), c.requirement)
        shifts = {s.id: s for s in self.shifts}
        days_of: list[int] = []
        most_of: list[float] = []
        weeks = self.weeks()
        for person in self.staff:
            usable = [
                [s for s in self.shifts if (d, s.id) in wanted and self.may_work(person, d, s)]
                for d in range(self.horizon)
            ]
            days = [d for d in range(self.horizon) if usable[d]]
            most = float(sum(min(len([d for d in week if usable[d]]), person.shifts_per_week or 7) for week in weeks))
            if person.max_consecutive is not None:
                most = min(most, self.horizon - self.horizon // (person.max_consecutive + 1))
            lengths = [s.length_minutes for d in days for s in usable[d] if s.length_minutes]
            if person.max_minutes is not None and lengths:
                most = min(most, person.max_minutes // min(lengths))
            types = {s.id for d in days for s in usable[d]}
            if types and all(t in person.max_per_shift for t in types):
                most = min(most, sum(person.max_per_shift[t] for t in types))
            days_of.append(len(days))
            most_of.append(max(0.0, most))
        least_of = [0.0] * len(self.staff)
        for (role, skill), lines in only_some.items():
            line = Cover(0, "", 0, 0, 0, role=role, skill=skill)
            days_for = [
                len({d for (d, s) in lines if self.may_work(person, d, shifts[s])})
                if self.counts_for(line, person)
                else 0
                for person in self.staff
            ]
            if sum(days_for):
                for e, count in enumerate(days_for):
                    least_of[e] = max(least_of[e], sum(lines.values()) * count / sum(days_for))
        least_of = [min(least, most) for least, most in zip(least_of, most_of, strict=True)]
        total = min(float(sum(wanted.values())), sum(most_of))
        if total <= 0:
            return [0.0] * len(self.staff)

        def given(rate: float) -> float:
            return sum(
                min(most, max(least, rate * days)) for most, least, days in zip(most_of, least_of, days_of, strict=True)
            )

        low, high = 0.0, max((most / days for most, days in zip(most_of, days_of, strict=True) if days), default=0.0)
        for _ in range(60):  # the rate per day that shares out `total`: given() grows with it
            middle = (low + high) / 2
            low, high = (middle, high) if given(middle) < total else (low, middle)
        return [
            min(most, max(least, high * days)) for most, least, days in zip(most_of, least_of, days_of, strict=True)
        ]

    @staticmethod
    def counts_for(cover: Cover, person: StaffMember) -> bool:
        return (cover.role is None or person.role == cover.role) and (
            cover.skill is None or cover.skill in person.skills
        )


Assignment = dict[str, list[str | None]]  # staff id -> shift id, or None for a day off, per day


@dataclass
class Violation:
    """One soft cost in a solution and whom it touches."""

    rule: str  # cover_under, cover_over, shift_on_request, shift_off_request, back_to_back, fairness, ...
    cost: int
    amount: int = 1
    staff: str | None = None
    day: int | None = None
    shift: str | None = None
    role: str | None = None

    def __getitem__(self, key: str) -> Any:  # the app reads violations like dicts
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)


@dataclass
class RosterSolution:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN (no schedule found in time), STOPPED
    assignment: Assignment
    objective: int | None
    best_bound: float | None  # a proven lower bound on the objective
    proven_optimal: bool
    seconds: float
    breakdown: dict[str, int] = field(default_factory=dict)  # rule -> total cost
    violations: list[Violation] = field(default_factory=list)
    first_solution_seconds: float | None = None
    # Unproven because the time limit came first (not a stop request): the best schedule found by then.
    time_limit_reached: bool = False
