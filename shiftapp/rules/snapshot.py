"""Plain data the services hand to the engine: a plan of shifts, assignments, people, leave and
preferences. No database, no web: frozen dataclasses, validated once, indexed for speed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from shiftapp.rules.errors import SnapshotError

IGNORED_SHIFT_STATUSES = frozenset({"cancelled"})
# One row of an employee's sweep line: (start, end, shift id, assignment id).
SweepRow = tuple[datetime, datetime, str, str]


@dataclass(frozen=True)
class ShiftSnapshot:
    id: str
    bureau_id: str
    start: datetime
    end: datetime
    status: str = "draft"
    capacity: int = 1
    required_role: str | None = None
    required_skills: frozenset[str] = frozenset()
    mission_id: str | None = None
    shift_type: str | None = None
    bureau_name: str | None = None


@dataclass(frozen=True)
class AssignmentSnapshot:
    id: str
    shift_id: str
    employee_id: str
    status: str = "confirmed"
    source: str = "manual"


@dataclass(frozen=True)
class EmployeeSnapshot:
    id: str
    full_name: str
    shift_role: str = "correspondent"
    skills: frozenset[str] = frozenset()
    bureau_id: str | None = None
    status: str = "active"


@dataclass(frozen=True)
class LeaveSnapshot:
    id: str
    employee_id: str
    start: datetime
    end: datetime
    kind: str = "leave"


@dataclass(frozen=True)
class PreferenceSnapshot:
    employee_id: str
    preferred_days: frozenset[str] = frozenset()
    preferred_shifts: frozenset[str] = frozenset()
    max_shifts_per_week: int | None = None
    confirmed: bool = False


@dataclass(frozen=True)
class MissionSnapshot:
    id: str
    bureau_id: str
    allowed_roles: frozenset[str] = frozenset()


@dataclass
class StaffPlan:
    """A whole plan, or the part of it a check needs. Build with `StaffPlan.build(...)`, which validates."""

    shifts: dict[str, ShiftSnapshot]
    assignments: dict[str, AssignmentSnapshot]
    employees: dict[str, EmployeeSnapshot]
    leaves: dict[str, list[LeaveSnapshot]] = field(default_factory=dict)
    preferences: dict[str, PreferenceSnapshot] = field(default_factory=dict)
    missions: dict[str, MissionSnapshot] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        *,
        shifts: Iterable[ShiftSnapshot] = (),
        assignments: Iterable[AssignmentSnapshot] = (),
        employees: Iterable[EmployeeSnapshot] = (),
        leaves: Iterable[LeaveSnapshot] = (),
        preferences: Iterable[PreferenceSnapshot] = (),
        missions: Iterable[MissionSnapshot] = (),
    ) -> StaffPlan:
        plan = cls(
            shifts={s.id: s for s in shifts},
            assignments={a.id: a for a in assignments},
            employees={e.id: e for e in employees},
            preferences={p.employee_id: p for p in preferences},
            missions={m.id: m for m in missions},
        )
        by_employee: dict[str, list[LeaveSnapshot]] = defaultdict(list)
        for leave in leaves:
            by_employee[leave.employee_id].append(leave)
        plan.leaves = {k: sorted(v, key=lambda leave: leave.start) for k, v in by_employee.items()}
        validate(plan)
        return plan

    # Indexes are built on first use and shared by every rule.
    @cached_property
    def assignments_by_shift(self) -> dict[str, list[AssignmentSnapshot]]:
        index: dict[str, list[AssignmentSnapshot]] = defaultdict(list)
        for a in self.assignments.values():
            index[a.shift_id].append(a)
        return dict(index)

    @cached_property
    def timeline_by_employee(self) -> dict[str, list[SweepRow]]:
        """(start, end, shift id, assignment id) per employee, sorted by start: the sweep line."""
        index: dict[str, list[SweepRow]] = defaultdict(list)
        for a in self.assignments.values():
            shift = self.shifts[a.shift_id]
            if shift.status not in IGNORED_SHIFT_STATUSES:
                index[a.employee_id].append((shift.start, shift.end, shift.id, a.id))
        for rows in index.values():
            rows.sort()
        return dict(index)


def _aware(value: datetime) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None and value.utcoffset() is not None


def validate(plan: StaffPlan) -> None:
    problems: list[str] = []
    for shift in plan.shifts.values():
        if not (_aware(shift.start) and _aware(shift.end)):
            problems.append(f"shift {shift.id}: start and end must be timezone-aware datetimes")
        elif shift.end <= shift.start:
            problems.append(
                f"shift {shift.id}: end {shift.end.isoformat()} is not after start {shift.start.isoformat()}"
            )
        if shift.capacity < 0:
            problems.append(f"shift {shift.id}: capacity cannot be negative")
    for a in plan.assignments.values():
        if a.shift_id not in plan.shifts:
            problems.append(f"assignment {a.id}: unknown shift {a.shift_id}")
        if a.employee_id not in plan.employees:
            problems.append(f"assignment {a.id}: unknown employee {a.employee_id}")
    for employee_id, leaves in plan.leaves.items():
        if employee_id not in plan.employees:
            problems.append(f"leave of unknown employee {employee_id}")
        previous = None
        for leave in leaves:
            if not (_aware(leave.start) and _aware(leave.end)):
                problems.append(f"leave {leave.id}: start and end must be timezone-aware datetimes")
                continue
            if leave.end <= leave.start:
                problems.append(f"leave {leave.id}: end is not after start")
            if previous is not None and leave.start < previous.end:
                problems.append(f"leave {leave.id} overlaps leave {previous.id} of the same employee; merge them")
            if previous is None or leave.end > previous.end:
                previous = leave  # the one reaching furthest catches every later overlap
    if problems:
        raise SnapshotError(problems)
