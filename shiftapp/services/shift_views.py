"""How shifts read in the seed 002 API and on the pages (local dates and HH:MM times)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func
from sqlalchemy import select as select_columns
from sqlalchemy.sql.elements import Label
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


def iso_utc(value: datetime) -> str:
    """An instant as the API writes it: ISO, ending in Z for UTC."""
    return value.isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class ShiftBrief:
    """A shift as the swap and open-shift lists show it: local date and HH:MM times, UTC instants."""

    shift_id: str
    bureau_id: str
    bureau_name: str
    date: str
    start_time: str
    end_time: str
    start_at: str
    end_at: str
    shift_type: str | None
    required_role: str | None
    required_skills: tuple[str, ...]
    version: int


def brief_fields(shift: Shift, bureaus: Mapping[str, str]) -> dict[str, Any]:
    """ShiftBrief's fields of `shift`, for it or for a view that extends it (`bureaus`: names by id)."""
    start, end = local_window(shift)
    return {
        "shift_id": shift.id,
        "bureau_id": shift.bureau_id,
        "bureau_name": bureaus.get(shift.bureau_id, ""),
        "date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "start_at": iso_utc(shift.start_at),
        "end_at": iso_utc(shift.end_at),
        "shift_type": shift.shift_type,
        "required_role": shift.required_role,
        "required_skills": tuple(shift.required_skills or ()),
        "version": shift.version,
    }


def shift_brief(shift: Shift, bureaus: Mapping[str, str]) -> ShiftBrief:
    return ShiftBrief(**brief_fields(shift, bureaus))


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
    return _row(
        {
            "shift_id": shift.id,
            "bureau_id": shift.bureau_id,
            "start_at": shift.start_at,
            "end_at": shift.end_at,
            "status": shift.status,
            "shift_type": shift.shift_type,
            "capacity": shift.capacity,
            "notes": shift.notes,
            "version": shift.version,
            "required_role": shift.required_role,
            "assignment_status": assignment.status if assignment else None,
            "source": assignment.source if assignment else None,
            "employee_id": employee.id if employee else None,
            "employee": employee.full_name if employee else None,
            "title": employee.title if employee else None,
        },
        bureau.name if bureau else None,
        zone(),
    )


def _row(values: Mapping[Any, Any], bureau: str | None, local: ZoneInfo) -> ShiftRow:
    """One seed 002 row from a shift's, its assignment's and its person's columns (by `_ROW_COLUMNS`' names)."""
    start, end = values["start_at"].astimezone(local), values["end_at"].astimezone(local)
    return ShiftRow(
        id=values["shift_id"],
        employee=values["employee"],
        employee_id=values["employee_id"],
        role=values["title"] if values["employee_id"] else values["required_role"],
        bureau=bureau,
        bureau_id=values["bureau_id"],
        date=start.date().isoformat(),
        start_hhmm=start.strftime("%H:%M"),
        end_hhmm=end.strftime("%H:%M"),
        status=values["status"],
        shift_type=values["shift_type"],
        start_time=values["start_at"].isoformat().replace("+00:00", "Z"),
        end_time=values["end_at"].isoformat().replace("+00:00", "Z"),
        assignment_status=values["assignment_status"],
        source=values["source"],
        capacity=values["capacity"],
        notes=values["notes"],
        version=values["version"],
    )


# Plain columns, not entities: a page of thousands of rows would otherwise build three ORM objects a row.
_ROW_COLUMNS: tuple[Label[Any], ...] = (
    col(Shift.id).label("shift_id"),
    col(Shift.bureau_id).label("bureau_id"),
    col(Shift.start_at).label("start_at"),
    col(Shift.end_at).label("end_at"),
    col(Shift.status).label("status"),
    col(Shift.shift_type).label("shift_type"),
    col(Shift.capacity).label("capacity"),
    col(Shift.notes).label("notes"),
    col(Shift.version).label("version"),
    col(Shift.required_role).label("required_role"),
    col(Assignment.status).label("assignment_status"),
    col(Assignment.source).label("source"),
    col(Employee.id).label("employee_id"),
    col(Employee.full_name).label("employee"),
    col(Employee.title).label("title"),
    col(Bureau.name).label("bureau_name"),
)


@dataclass(frozen=True)
class RowPage:
    """One page of seed 002 rows and how many rows the filter matches in all."""

    rows: list[ShiftRow]
    total: int
    limit: int | None
    offset: int


def shift_rows_page(
    session: Session,
    *,
    where: Sequence[ColumnElement[bool]],
    employee_id: str | None = None,
    limit: int | None,
    offset: int = 0,
) -> RowPage:
    """The rows of the shifts matching `where` (one per assignment, one per shift nobody works), in
    start order, `limit` of them from `offset`; with `employee_id`, only that person's rows.

    The page and the total are both counted by the database over the same join, so a page of ten of
    a week's thousands of rows reads ten rows."""
    conditions = [*where]
    if employee_id is not None:
        conditions.append(col(Assignment.employee_id) == employee_id)
    assigned = col(Assignment.shift_id) == col(Shift.id)
    total = session.exec(
        select(func.count()).select_from(Shift).outerjoin(Assignment, assigned).where(*conditions)
    ).one()
    query = (
        select_columns(*_ROW_COLUMNS)
        .select_from(Shift)
        .outerjoin(Assignment, assigned)
        .outerjoin(Employee, col(Employee.id) == col(Assignment.employee_id))
        # The bureau's name in the same statement: one round trip less per page than reading the bureaus.
        .outerjoin(Bureau, col(Bureau.id) == col(Shift.bureau_id))
        .where(*conditions)
        .order_by(col(Shift.start_at), col(Shift.id), col(Assignment.created_at), col(Assignment.id))
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    found = session.execute(query).mappings().all() if total > offset else []
    local = zone()
    return RowPage(
        rows=[_row(values, values["bureau_name"], local) for values in found],
        total=total,
        limit=limit,
        offset=offset,
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
