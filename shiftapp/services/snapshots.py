"""Build the rule engine's plain snapshots from the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, or_, select

from shiftapp.config import get_settings
from shiftapp.models import (
    Assignment,
    Availability,
    Employee,
    EmployeeSkill,
    Mission,
    Preference,
    Shift,
    Skill,
)
from shiftapp.rules import (
    AssignmentSnapshot,
    EmployeeSnapshot,
    LeaveSnapshot,
    MissionSnapshot,
    PreferenceSnapshot,
    RuleSettings,
    ShiftSnapshot,
    StaffPlan,
)
from shiftapp.services import bureaus

# Rest and weekly limits look past the edges of a window: a week either side covers both.
CONTEXT_MARGIN = timedelta(days=8)


def rule_settings(**overrides: object) -> RuleSettings:
    settings = get_settings()
    return RuleSettings(
        min_rest_hours=settings.min_rest_hours,
        timezone=settings.timezone,
        max_vehicles_per_route_per_day=settings.max_vehicles_per_route_per_day,
        max_units_per_customer_per_day=settings.max_units_per_customer_per_day,
    ).with_overrides(**overrides)


def shift_snapshot(shift: Shift, bureau_names: dict[str, str]) -> ShiftSnapshot:
    return ShiftSnapshot(
        id=shift.id,
        bureau_id=shift.bureau_id,
        start=shift.start_at,
        end=shift.end_at,
        status=shift.status,
        capacity=shift.capacity,
        required_role=shift.required_role,
        required_skills=frozenset(shift.required_skills or ()),
        mission_id=shift.mission_id,
        shift_type=shift.shift_type,
        bureau_name=bureau_names.get(shift.bureau_id),
    )


def assignment_snapshot(assignment: Assignment) -> AssignmentSnapshot:
    return AssignmentSnapshot(
        id=assignment.id,
        shift_id=assignment.shift_id,
        employee_id=assignment.employee_id,
        status=assignment.status,
        source=assignment.source,
    )


def staff_plan(session: Session, *, start: datetime, end: datetime, bureau_id: str | None = None) -> StaffPlan:
    """Every shift overlapping [start, end] widened by the context margin, with everything the
    rules need about the people on them. Rules are checked across bureaus (one person cannot be in
    two places), so `bureau_id` only narrows which open shifts are loaded, never whose shifts."""
    lo, hi = start - CONTEXT_MARGIN, end + CONTEXT_MARGIN
    query = select(Shift).where(Shift.start_at < hi, Shift.end_at > lo)
    shifts = list(session.exec(query))
    shift_ids = [s.id for s in shifts]
    assignments: list[Assignment] = []
    for chunk in range(0, len(shift_ids), 500):
        assignments += list(
            session.exec(select(Assignment).where(col(Assignment.shift_id).in_(shift_ids[chunk : chunk + 500])))
        )
    return _plan(session, shifts, assignments, lo, hi)


def staff_plan_around(
    session: Session, *, start: datetime, end: datetime, shift_ids: Collection[str], employee_ids: Collection[str]
) -> StaffPlan:
    """What the rules need to check a change of these shifts and people, and nothing more: the shifts,
    every shift of the people on them or coming onto them within [start, end] widened by the context
    margin, and about those shifts' people.

    The rule engine compares only the conflicts of the shifts and people a change touches
    (`evaluate_change`): shift rules read a shift and the people on it, employee rules one person's
    shifts, leave and preferences. So this plan gives the same answer as `staff_plan` for a change of
    `shift_ids` that brings at most `employee_ids` onto them, from a few dozen rows instead of every
    shift of the organisation in those weeks."""
    lo, hi = start - CONTEXT_MARGIN, end + CONTEXT_MARGIN
    ids = list(shift_ids)
    on_them = session.exec(select(Assignment.employee_id).where(col(Assignment.shift_id).in_(ids)))
    concerned = set(employee_ids) | set(on_them)
    theirs = select(Assignment.shift_id).where(col(Assignment.employee_id).in_(concerned))
    shifts = list(
        session.exec(
            select(Shift).where(
                Shift.start_at < hi, Shift.end_at > lo, or_(col(Shift.id).in_(ids), col(Shift.id).in_(theirs))
            )
        )
    )
    shifts += [s for s in (session.get(Shift, i) for i in ids if i not in {x.id for x in shifts}) if s is not None]
    assignments = list(session.exec(select(Assignment).where(col(Assignment.shift_id).in_([s.id for s in shifts]))))
    people = concerned | {a.employee_id for a in assignments}
    return _plan(session, shifts, assignments, lo, hi, people=people)


def _plan(
    session: Session,
    shifts: list[Shift],
    assignments: list[Assignment],
    lo: datetime,
    hi: datetime,
    people: Collection[str] | None = None,
) -> StaffPlan:
    """The plan of these shifts; with `people`, only those employees (and their skills, leave and
    preferences) are read."""
    bureau_names = bureaus.bureau_names(session)
    wanted = list(people) if people is not None else None

    def only(column: Any) -> tuple[Any, ...]:
        return () if wanted is None else (col(column).in_(wanted),)

    employees = {e.id: e for e in session.exec(select(Employee).where(*only(Employee.id)))}
    skills = {s.id: s.name for s in session.exec(select(Skill))}
    skills_of: dict[str, set[str]] = defaultdict(set)
    for link in session.exec(select(EmployeeSkill).where(*only(EmployeeSkill.employee_id))):
        skills_of[link.employee_id].add(skills.get(link.skill_id, link.skill_id))
    leaves = [
        LeaveSnapshot(id=a.id, employee_id=a.employee_id, start=a.start_at, end=a.end_at, kind=a.kind)
        for a in session.exec(
            select(Availability).where(
                Availability.start_at < hi, Availability.end_at > lo, *only(Availability.employee_id)
            )
        )
        if a.kind in ("leave", "unavailable")
    ]
    leaves = merge_overlapping_leaves(leaves)
    return StaffPlan.build(
        shifts=[shift_snapshot(s, bureau_names) for s in shifts],
        assignments=[assignment_snapshot(a) for a in assignments],
        employees=[
            EmployeeSnapshot(
                id=e.id,
                full_name=e.full_name,
                shift_role=e.shift_role,
                skills=frozenset(skills_of.get(e.id, ())),
                bureau_id=e.bureau_id,
                status=e.status,
            )
            for e in employees.values()
        ],
        leaves=leaves,
        preferences=[
            PreferenceSnapshot(
                employee_id=p.employee_id,
                preferred_days=frozenset(p.preferred_days or ()),
                preferred_shifts=frozenset(p.preferred_shifts or ()),
                max_shifts_per_week=p.max_shifts_per_week,
                confirmed=p.confirmed,
            )
            for p in session.exec(select(Preference).where(*only(Preference.employee_id)))
        ],
        missions=[
            MissionSnapshot(id=m.id, bureau_id=m.bureau_id, allowed_roles=frozenset(m.allowed_roles or ()))
            for m in session.exec(select(Mission))
        ],
    )


def merge_overlapping_leaves(leaves: list[LeaveSnapshot]) -> list[LeaveSnapshot]:
    """Stored leave may overlap (a week off plus a sick day); the engine wants them merged."""
    by_employee: dict[str, list[LeaveSnapshot]] = defaultdict(list)
    for leave in leaves:
        by_employee[leave.employee_id].append(leave)
    merged = []
    for rows in by_employee.values():
        rows.sort(key=lambda line: line.start)
        current = rows[0]
        for leave in rows[1:]:
            if leave.start < current.end:
                current = LeaveSnapshot(
                    id=current.id,
                    employee_id=current.employee_id,
                    start=current.start,
                    end=max(current.end, leave.end),
                    kind=current.kind,
                )
            else:
                merged.append(current)
                current = leave
        merged.append(current)
    return merged
