"""Seed 002 dashboard statistics."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from shiftapp.config import get_settings
from shiftapp.models import Employee, Shift, StoredConflict
from shiftapp.models.common import utcnow
from shiftapp.services import figure_cache
from shiftapp.services.bureaus import list_bureaus
from shiftapp.services.employees import _month_bounds


class BureauStats(TypedDict):
    employees: int
    shifts: int


# The API's field names (DashboardStats in api/schemas/people.py), so camelCase.
class DashboardStats(TypedDict):
    totalEmployees: int
    activeEmployees: int
    totalShifts: int
    upcomingShifts: int
    unresolvedConflicts: int
    highSeverityConflicts: int
    shiftsThisWeek: int
    shiftsThisMonth: int
    bureaus: dict[str, BureauStats]


def dashboard_stats(*, session: Session, actor: Employee, bureau_id: str | None = None) -> DashboardStats:
    """Counts for the dashboard. Shift counts leave out cancelled shifts; `bureaus[...].shifts`
    counts this month's shifts, like `shiftsThisMonth`. The same for every signed-in user, so kept for
    a few seconds and dropped when a change commits (services/figure_cache.py)."""
    now = utcnow()
    zone = ZoneInfo(get_settings().timezone)
    local = now.astimezone(zone)
    week_start = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    month_start, month_end = _month_bounds(now)
    key = f"dashboard:{bureau_id or '*'}:{zone.key}:{week_start.date()}:{month_start.isoformat()}"
    return figure_cache.cached(
        key,
        lambda: _count_stats(
            session, bureau_id=bureau_id, week_start=week_start, month_start=month_start, month_end=month_end
        ),
    )


def _count_stats(
    session: Session, *, bureau_id: str | None, week_start: datetime, month_start: datetime, month_end: datetime
) -> DashboardStats:
    now = utcnow()
    week_end = week_start + timedelta(days=7)
    people = select(Employee).where(col(Employee.deleted_at).is_(None))
    shifts = select(Shift).where(Shift.status != "cancelled")
    conflicts = select(StoredConflict).where(StoredConflict.status == "unresolved")
    if bureau_id:
        people = people.where(Employee.bureau_id == bureau_id)
        shifts = shifts.where(Shift.bureau_id == bureau_id)
        conflicts = conflicts.where(StoredConflict.bureau_id == bureau_id)

    def count(query: SelectOfScalar[Any]) -> int:
        return int(session.execute(query.with_only_columns(func.count())).scalar_one())

    def within(*conditions: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0)

    # The shift figures in one pass over the shifts, not one count each.
    total_shifts, upcoming, this_week, this_month = session.execute(
        shifts.with_only_columns(
            func.count(),
            within(col(Shift.start_at) >= now),
            within(col(Shift.start_at) >= week_start, col(Shift.start_at) < week_end),
            within(col(Shift.start_at) >= month_start, col(Shift.start_at) < month_end),
        )
    ).one()

    # Two grouped counts for all bureaus, not two counts per bureau.
    people_by_bureau = dict(
        session.exec(
            select(Employee.bureau_id, func.count())
            .where(col(Employee.deleted_at).is_(None))
            .group_by(col(Employee.bureau_id))
        ).all()
    )
    shifts_by_bureau = dict(
        session.exec(
            select(Shift.bureau_id, func.count())
            .where(Shift.status != "cancelled", Shift.start_at >= month_start, Shift.start_at < month_end)
            .group_by(col(Shift.bureau_id))
        ).all()
    )
    per_bureau: dict[str, BureauStats] = {
        bureau.name: {"employees": people_by_bureau.get(bureau.id, 0), "shifts": shifts_by_bureau.get(bureau.id, 0)}
        for bureau in list_bureaus(session)
        if not bureau_id or bureau.id == bureau_id
    }
    return {
        "totalEmployees": count(people),
        "activeEmployees": count(people.where(Employee.status == "active")),
        "totalShifts": total_shifts,
        "upcomingShifts": upcoming,
        "unresolvedConflicts": count(conflicts),
        "highSeverityConflicts": count(conflicts.where(StoredConflict.level == "high")),
        "shiftsThisWeek": this_week,
        "shiftsThisMonth": this_month,
        "bureaus": per_bureau,
    }
