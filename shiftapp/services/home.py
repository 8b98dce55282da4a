"""What the home page shows a signed-in user: their next shifts and, for leaders, the team's state."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from shiftapp.config import get_settings
from shiftapp.models import Assignment, Bureau, Employee, Preference, Shift, StoredConflict
from shiftapp.models.common import utcnow
from shiftapp.services import access, figure_cache


def my_upcoming_shifts(*, session: Session, user: Employee, days: int = 14, limit: int = 10) -> list[dict[str, str]]:
    zone = ZoneInfo(get_settings().timezone)
    now = utcnow()
    rows = session.exec(
        select(Shift, Bureau.name)
        .join(Assignment, col(Assignment.shift_id) == Shift.id)
        .join(Bureau, col(Bureau.id) == Shift.bureau_id)
        .where(
            Assignment.employee_id == user.id,
            Shift.end_at >= now,
            Shift.start_at <= now + timedelta(days=days),
            Shift.status != "cancelled",
        )
        .order_by(col(Shift.start_at))
        .limit(limit)
    ).all()
    result = []
    for shift, bureau_name in rows:
        start, end = shift.start_at.astimezone(zone), shift.end_at.astimezone(zone)
        result.append(
            {
                "id": shift.id,
                "date": start.strftime("%a %d %b"),
                "time": f"{start:%H:%M} – {end:%H:%M}",
                "bureau": bureau_name,
                "type": shift.shift_type or "Shift",
                "status": shift.status,
            }
        )
    return result


def team_overview(*, session: Session, user: Employee) -> dict[str, int] | None:
    """The organisation's state for leaders and planners (None for others): the same for all of them, so
    kept for a few seconds and dropped when a change commits (services/figure_cache.py)."""
    if not access.is_leader_or_planner(user):
        return None
    return figure_cache.cached("team-overview", lambda: _count_overview(session))


def _count_overview(session: Session) -> dict[str, int]:
    now = utcnow()
    active = session.exec(
        select(func.count())
        .select_from(Employee)
        .where(col(Employee.deleted_at).is_(None), Employee.status == "active")
    ).one()
    pending = session.exec(
        select(func.count()).select_from(Preference).where(col(Preference.confirmed).is_(False))
    ).one()
    upcoming = session.exec(
        select(func.count())
        .select_from(Shift)
        .where(Shift.start_at >= now, Shift.start_at <= now + timedelta(days=7), Shift.status != "cancelled")
    ).one()
    assigned = select(Assignment.shift_id)
    open_slots = session.exec(
        select(func.count())
        .select_from(Shift)
        .where(Shift.start_at >= now, Shift.status != "cancelled", col(Shift.id).not_in(assigned))
    ).one()
    conflicts = session.exec(
        select(func.count()).select_from(StoredConflict).where(StoredConflict.status == "unresolved")
    ).one()
    return {
        "active_employees": active,
        "pending_preferences": pending,
        "shifts_next_7_days": upcoming,
        "open_shifts": open_slots,
        "unresolved_conflicts": conflicts,
    }
