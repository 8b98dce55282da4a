"""How shifts read in the seed 002 API and on the pages (local dates and HH:MM times)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from shiftapp.config import get_settings
from shiftapp.models import Assignment, Bureau, Employee, Shift
from shiftapp.services.bureaus import list_bureaus


def zone() -> ZoneInfo:
    return ZoneInfo(get_settings().timezone)


def planning_today() -> date:
    """Today where the bureaus plan (TIMEZONE), not where the server's clock is set: between the two
    midnights the server's local date and the planning date differ."""
    return datetime.now(zone()).date()


def local_window(shift: Shift) -> tuple[datetime, datetime]:
    return shift.start_at.astimezone(zone()), shift.end_at.astimezone(zone())


def to_utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=zone()).astimezone(ZoneInfo("UTC"))


def window_from_local(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """A local date and HH:MM times; an end at or before the start is on the next day (night shifts)."""
    end_day = day + timedelta(days=1) if end <= start else day
    return to_utc(day, start), to_utc(end_day, end)


@dataclass(frozen=True)
class ShiftRow:
    """A shift as seed 002 lists it: one row per assignment (or one for a shift nobody works yet).

    `date`, `start_hhmm` and `end_hhmm` are local (TIMEZONE): the seed's JSON calls the two times
    `startTime` and `endTime`; `start_time` and `end_time` are the UTC instants (ISO, ending in Z)."""

    id: str
    employee: str | None
    employee_id: str | None
    role: str | None
    bureau: str | None
    bureau_id: str
    date: str
    start_hhmm: str
    end_hhmm: str
    status: str
    shift_type: str | None
    start_time: str
    end_time: str
    assignment_status: str | None
    source: str | None
    capacity: int
    notes: str | None
    version: int


def seed_shift_view(
    shift: Shift, assignment: Assignment | None, employee: Employee | None, bureau: Bureau | None
) -> ShiftRow:
    start, end = local_window(shift)
    return ShiftRow(
        id=shift.id,
        employee=employee.full_name if employee else None,
        employee_id=employee.id if employee else None,
        role=employee.title if employee else shift.required_role,
        bureau=bureau.name if bureau else None,
        bureau_id=shift.bureau_id,
        date=start.date().isoformat(),
        start_hhmm=start.strftime("%H:%M"),
        end_hhmm=end.strftime("%H:%M"),
        status=shift.status,
        shift_type=shift.shift_type,
        start_time=shift.start_at.isoformat().replace("+00:00", "Z"),
        end_time=shift.end_at.isoformat().replace("+00:00", "Z"),
        assignment_status=assignment.status if assignment else None,
        source=assignment.source if assignment else None,
        capacity=shift.capacity,
        notes=shift.notes,
        version=shift.version,
    )


def shifts_with_people(session: Session, shifts: list[Shift]) -> list[ShiftRow]:
    """One row per assignment, and one row for each shift that nobody is assigned to yet."""
    if not shifts:
        return []
    ids = [s.id for s in shifts]
    assignments: dict[str, list[Assignment]] = {}
    for chunk in range(0, len(ids), 500):
        for a in session.exec(select(Assignment).where(col(Assignment.shift_id).in_(ids[chunk : chunk + 500]))):
            assignments.setdefault(a.shift_id, []).append(a)
    people_ids = {a.employee_id for rows in assignments.values() for a in rows}
    people = (
        {e.id: e for e in session.exec(select(Employee).where(col(Employee.id).in_(people_ids)))} if people_ids else {}
    )
    bureaus = {b.id: b for b in list_bureaus(session)}
    rows: list[ShiftRow] = []
    for shift in shifts:
        in_order: list[Assignment | None] = [*sorted(assignments.get(shift.id, []), key=lambda a: a.created_at)]
        for assignment in in_order or [None]:
            employee = people.get(assignment.employee_id) if assignment else None
            rows.append(seed_shift_view(shift, assignment, employee, bureaus.get(shift.bureau_id)))
    return rows
