"""Tiny plan builders for the rule tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shiftapp.rules import (
    AssignmentSnapshot,
    EmployeeSnapshot,
    LeaveSnapshot,
    PreferenceSnapshot,
    ShiftSnapshot,
    StaffPlan,
)

MONDAY = datetime(2026, 11, 2, tzinfo=UTC)  # a Monday


def at(day: int, hour: float) -> datetime:
    return MONDAY + timedelta(days=day, hours=hour)


def shift(sid: str, day: int, start: float, hours: float = 8, **kw) -> ShiftSnapshot:
    return ShiftSnapshot(
        id=sid,
        bureau_id=kw.pop("bureau_id", "milan"),
        start=at(day, start),
        end=at(day, start + hours),
        bureau_name=kw.pop("bureau_name", "Milan"),
        **kw,
    )


def person(eid: str, role: str = "correspondent", skills=(), name: str | None = None) -> EmployeeSnapshot:
    return EmployeeSnapshot(id=eid, full_name=name or f"Person {eid}", shift_role=role, skills=frozenset(skills))


def plan(shifts, assign: list[tuple[str, str]], people=None, leaves=(), preferences=(), missions=()) -> StaffPlan:
    people = people or [person(e) for e in sorted({e for _s, e in assign})]
    assignments = [AssignmentSnapshot(id=f"a-{s}-{e}", shift_id=s, employee_id=e) for s, e in assign]
    return StaffPlan.build(
        shifts=shifts,
        assignments=assignments,
        employees=people,
        leaves=leaves,
        preferences=preferences,
        missions=missions,
    )


def leave(eid: str, start: datetime, end: datetime, kind: str = "leave") -> LeaveSnapshot:
    return LeaveSnapshot(id=f"l-{eid}-{start.isoformat()}", employee_id=eid, start=start, end=end, kind=kind)


def prefs(eid: str, days=(), shifts=(), max_week=None, confirmed=True) -> PreferenceSnapshot:
    return PreferenceSnapshot(
        employee_id=eid,
        preferred_days=frozenset(days),
        preferred_shifts=frozenset(shifts),
        max_shifts_per_week=max_week,
        confirmed=confirmed,
    )
