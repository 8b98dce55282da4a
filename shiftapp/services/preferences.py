"""Shift preferences and their confirmation by team leaders (seed 002)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, select

from shiftapp.i18n.messages import Message
from shiftapp.models import Employee, Preference
from shiftapp.models.common import utcnow
from shiftapp.services import access, notifications
from shiftapp.services.audit import record
from shiftapp.services.bureaus import bureau_names
from shiftapp.services.errors import Conflict, Forbidden, NotFound, ValidationFailed
from shiftapp.services.text_limits import check_notes

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SHIFT_TYPES = ("Morning", "Afternoon", "Evening", "Night")
MAX_SHIFTS_PER_WEEK = 7


class PreferenceChanges(BaseModel):
    """Changes to someone's preferences: only the fields given change (None clears the limit and notes;
    the day and shift lists may be emptied but not None)."""

    preferred_days: list[str] | None = None
    preferred_shifts: list[str] | None = None
    max_shifts_per_week: int | None = None
    notes: str | None = None

    def given(self) -> set[str]:
        # Only this class's own fields: a request schema built on it may carry more (auto_confirm, version).
        return {name for name in PreferenceChanges.model_fields if name in self.model_fields_set}


@dataclass(frozen=True)
class PreferenceView:
    """One person's preferences, as the API and the pages show them; id None: not set yet."""

    id: str | None
    user_id: str
    employee_id: str
    employee_name: str
    preferred_days: list[str]
    preferred_shifts: list[str]
    max_shifts_per_week: int | None
    notes: str | None
    confirmed: bool
    confirmed_by: str | None
    confirmed_by_name: str | None
    confirmed_at: datetime | None
    version: int


@dataclass(frozen=True)
class TeamMemberView:
    id: str
    email: str
    full_name: str
    title: str | None
    shift_role: str
    is_team_leader: bool
    bureau_id: str | None
    bureau_name: str | None
    preferences: PreferenceView | None
    status: str  # confirmed, pending or missing (no preferences yet)


@dataclass(frozen=True)
class TeamStats:
    total: int
    confirmed: int
    pending: int
    missing: int


@dataclass(frozen=True)
class TeamAvailabilityView:
    employees: list[TeamMemberView]
    stats: TeamStats


def _employee(session: Session, employee_id: str) -> Employee:
    employee = session.get(Employee, employee_id)
    if employee is None or employee.deleted_at is not None:
        raise NotFound("Employee not found")
    return employee


def _names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return {e.id: e.full_name for e in session.exec(select(Employee).where(col(Employee.id).in_(ids)))}


def preference_view(session: Session, employee: Employee, preference: Preference | None) -> PreferenceView:
    if preference is None:
        return PreferenceView(
            id=None,
            user_id=employee.id,
            employee_id=employee.id,
            employee_name=employee.full_name,
            preferred_days=[],
            preferred_shifts=[],
            max_shifts_per_week=None,
            notes=None,
            confirmed=False,
            confirmed_by=None,
            confirmed_by_name=None,
            confirmed_at=None,
            version=0,
        )
    confirmer = _names(session, {preference.confirmed_by} if preference.confirmed_by else set())
    return PreferenceView(
        id=preference.id,
        user_id=employee.id,
        employee_id=employee.id,
        employee_name=employee.full_name,
        preferred_days=list(preference.preferred_days),
        preferred_shifts=list(preference.preferred_shifts),
        max_shifts_per_week=preference.max_shifts_per_week,
        notes=preference.notes,
        confirmed=bool(preference.confirmed),
        confirmed_by=preference.confirmed_by,
        confirmed_by_name=confirmer.get(preference.confirmed_by) if preference.confirmed_by else None,
        confirmed_at=preference.confirmed_at,
        version=preference.version,
    )


def get_preferences(*, session: Session, actor: Employee, employee_id: str) -> PreferenceView:
    # Seed 002: any signed-in user may read preferences (team planning is open within the team).
    employee = _employee(session, employee_id)
    preference = session.exec(select(Preference).where(Preference.employee_id == employee.id)).first()
    return preference_view(session, employee, preference)


def check_max_shifts_per_week(value: Any) -> int | None:
    """The one check of a weekly limit, for the API and the pages: None (no limit) or a whole
    number of shifts from 0 to MAX_SHIFTS_PER_WEEK."""
    if value is not None and (
        not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_SHIFTS_PER_WEEK
    ):
        raise ValidationFailed(
            f"max_shifts_per_week must be a whole number from 0 to {MAX_SHIFTS_PER_WEEK}",
            details={"field": "max_shifts_per_week"},
        )
    return value


def max_shifts_from_text(text: str) -> int | None:
    """A weekly limit as typed in a page's field: empty means no limit; anything else must pass the check."""
    typed = text.strip() if isinstance(text, str) else ""
    if not typed:
        return None
    # isascii(): isdigit() also passes '³', which int() cannot read.
    return check_max_shifts_per_week(int(typed) if typed.isascii() and typed.isdigit() else typed)


def _clean_days(values: list[str] | None, field: str, allowed: tuple[str, ...]) -> list[str]:
    if values is None:
        raise ValidationFailed(f"{field} must be a list of names like {allowed[0]!r}", details={"field": field})
    normalized: list[str] = []
    for value in values:
        match = next((a for a in allowed if a.lower() == value.strip().lower()), None)
        if match is None:
            raise ValidationFailed(f"{value!r} is not one of {', '.join(allowed)}", details={"field": field})
        if match not in normalized:
            normalized.append(match)
    return sorted(normalized, key=allowed.index)


def update_preferences(
    *,
    session: Session,
    actor: Employee,
    employee_id: str,
    changes: PreferenceChanges,
    auto_confirm: bool = False,
    expected_version: int | None = None,
) -> PreferenceView:
    """Staff edit their own preferences (which then wait for a team leader again); team leaders,
    admins and planners edit anyone's, and team leaders/admins may confirm in the same step."""
    employee = _employee(session, employee_id)
    is_self = actor.id == employee.id
    may_manage = access.is_leader_or_planner(actor)
    if not is_self and not may_manage:
        raise Forbidden("You can only change your own preferences")
    preference = session.exec(select(Preference).where(Preference.employee_id == employee.id)).first()
    if expected_version is not None and (preference.version if preference else 0) != expected_version:
        raise Conflict("These preferences were changed by someone else meanwhile; reload and try again")
    before = preference_view(session, employee, preference) if preference else None
    if preference is None:
        preference = Preference(employee_id=employee.id)
    given = changes.given()
    if "preferred_days" in given:
        preference.preferred_days = _clean_days(changes.preferred_days, "preferred_days", WEEKDAYS)
    if "preferred_shifts" in given:
        preference.preferred_shifts = _clean_days(changes.preferred_shifts, "preferred_shifts", SHIFT_TYPES)
    if "max_shifts_per_week" in given:
        preference.max_shifts_per_week = check_max_shifts_per_week(changes.max_shifts_per_week)
    if "notes" in given:
        notes = check_notes(changes.notes)
        preference.notes = notes.strip() if notes is not None and notes.strip() else None
    # A team leader's confirmation covers what they saw; any edit needs a new look unless they confirm now.
    if auto_confirm and access.is_team_leader_or_admin(actor):
        preference.confirmed = True
        preference.confirmed_by = actor.id
        preference.confirmed_at = utcnow()
    else:
        preference.confirmed = False
        preference.confirmed_by = None
        preference.confirmed_at = None
    preference.updated_at = utcnow()
    session.add(preference)
    session.flush()
    after = preference_view(session, employee, preference)
    record(
        session=session,
        actor=actor,
        entity_type="preference",
        entity_id=preference.id,
        action="update",
        before=_audit_view(before),
        after=_audit_view(after),
        kind="preference_change",
    )
    if preference.confirmed:
        _tell_confirmed(session, actor, [employee.id])
    return after


def confirm_preferences(
    *, session: Session, actor: Employee, employee_id: str, expected_version: int | None = None
) -> PreferenceView:
    """Confirm what the team leader saw: with `expected_version`, preferences changed since then
    (or confirmed by someone else meanwhile) are a 409, not a confirmation of unseen choices."""
    access.require_team_leader_or_admin(actor, "Only team leaders and administrators can confirm preferences")
    employee = _employee(session, employee_id)
    preference = session.exec(select(Preference).where(Preference.employee_id == employee.id)).first()
    if preference is None:
        raise NotFound("{name} has not set any preferences yet", params={"name": employee.full_name})
    if expected_version is not None and preference.version != expected_version:
        raise Conflict(
            "These preferences were changed by someone else meanwhile; reload and try again",
            details={"current_version": preference.version, "your_version": expected_version},
        )
    preference.confirmed = True
    preference.confirmed_by = actor.id
    preference.confirmed_at = utcnow()
    session.add(preference)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="preference",
        entity_id=preference.id,
        action="confirm",
        kind="preference_change",
    )
    _tell_confirmed(session, actor, [employee.id])
    return preference_view(session, employee, preference)


def team_availability(*, session: Session, actor: Employee, bureau_id: str | None = None) -> TeamAvailabilityView:
    access.require_team_leader_or_admin(actor, "Only team leaders and administrators can view team availability")
    query = select(Employee).where(col(Employee.deleted_at).is_(None), Employee.status != "inactive")
    if bureau_id:
        query = query.where(Employee.bureau_id == bureau_id)
    employees = list(session.exec(query.order_by(Employee.full_name)))
    preferences = {
        p.employee_id: p
        for p in session.exec(select(Preference).where(col(Preference.employee_id).in_([e.id for e in employees])))
    }
    bureaus = bureau_names(session)
    rows = []
    counts = {"confirmed": 0, "pending": 0, "missing": 0}
    for employee in employees:
        preference = preferences.get(employee.id)
        status = "missing" if preference is None else ("confirmed" if preference.confirmed else "pending")
        counts[status] += 1
        rows.append(
            TeamMemberView(
                id=employee.id,
                email=employee.email,
                full_name=employee.full_name,
                title=employee.title,
                shift_role=employee.shift_role,
                is_team_leader=employee.is_team_leader,
                bureau_id=employee.bureau_id,
                bureau_name=bureaus.get(employee.bureau_id) if employee.bureau_id else None,
                preferences=preference_view(session, employee, preference) if preference else None,
                status=status,
            )
        )
    return TeamAvailabilityView(employees=rows, stats=TeamStats(total=len(employees), **counts))


def confirm_all_pending(*, session: Session, actor: Employee) -> int:
    access.require_team_leader_or_admin(actor, "Only team leaders and administrators can confirm preferences")
    pending = list(session.exec(select(Preference).where(col(Preference.confirmed).is_(False))))
    now = utcnow()
    for preference in pending:
        preference.confirmed = True
        preference.confirmed_by = actor.id
        preference.confirmed_at = now
        session.add(preference)
        record(
            session=session,
            actor=actor,
            entity_type="preference",
            entity_id=preference.id,
            action="confirm",
            kind="preference_change",
        )
    _tell_confirmed(session, actor, [p.employee_id for p in pending])
    return len(pending)


def _tell_confirmed(session: Session, actor: Employee, employee_ids: list[str]) -> None:
    others = [e for e in employee_ids if e != actor.id]
    if others:
        notifications.notify(
            session,
            others,
            notifications.PREFERENCE_CONFIRMED,
            "Preferences confirmed",
            Message(
                "{name} confirmed your shift preferences; the next schedules are planned with them.",
                name=actor.full_name,
            ),
            "/preferences",
        )


def _audit_view(view: PreferenceView | None) -> dict[str, Any] | None:
    if view is None:
        return None
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(view).items()}
