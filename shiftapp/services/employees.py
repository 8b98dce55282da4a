"""Employees (seed 002 Employees API): list, read, create, update, soft delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from shiftapp.config import get_settings
from shiftapp.i18n.languages import LANGUAGES
from shiftapp.models import SHIFT_ROLES, AccessRole, Assignment, Bureau, Employee, EmployeeStatus, Shift
from shiftapp.models.common import utcnow
from shiftapp.services import access
from shiftapp.services.audit import record
from shiftapp.services.auth import normalize_email, revoke_all_sessions
from shiftapp.services.errors import Conflict, Forbidden, NotFound, ValidationFailed
from shiftapp.services.invitations import revoke_open_invitations
from shiftapp.services.text_limits import EMAIL, check_label, check_name, check_search, check_text

STATUSES = {s.value for s in EmployeeStatus}
ACCESS_ROLES = {r.value for r in AccessRole}
ACCESS_FIELDS = ("access_role", "is_team_leader")
# What staff may change on their own record; everything else is for planners.
SELF_EDITABLE = {"full_name", "phone"}
PLANNER_EDITABLE = {"full_name", "phone", "email", "title", "shift_role", "bureau_id", "team", "worker_id", "status"}


class EmployeeChanges(BaseModel):
    """What a planner may change on an employee (staff: only their name and phone). On an update only
    the fields given change; a field given as None clears it (or is refused where it may not be empty)."""

    email: str | None = None
    full_name: str | None = None
    title: str | None = None
    shift_role: str | None = None
    bureau_id: str | None = None
    phone: str | None = None
    worker_id: str | None = None
    team: str | None = None
    status: str | None = None
    # Who may do what (administrators only, and never on their own record).
    access_role: str | None = None
    is_team_leader: bool | None = None

    def given(self) -> dict[str, Any]:
        # Only this class's own fields: a request schema built on it may carry more (its version).
        return {name: getattr(self, name) for name in EmployeeChanges.model_fields if name in self.model_fields_set}


class NewEmployee(BaseModel):
    """A new employee: every field is set (an empty email or name is refused by the service)."""

    email: str
    full_name: str
    title: str | None = None
    shift_role: str = "correspondent"
    bureau_id: str | None = None
    phone: str | None = None
    worker_id: str | None = None
    team: str | None = None
    status: str = "active"
    # Above staff, or a team leader: administrators only.
    access_role: str = "staff"
    is_team_leader: bool = False
    # The language of their invitation, emails and pages until they choose their own on the profile
    # ("en" or "it"); unset, English.
    language: str | None = None


@dataclass(frozen=True)
class EmployeeView:
    """An employee as the employees list and page show them (seed 002's employee body)."""

    id: str
    name: str
    email: str
    phone: str | None
    role: str | None
    shift_role: str
    bureau: str | None
    bureau_id: str | None
    status: str
    team: str | None
    worker_id: str | None
    is_team_leader: bool
    access_role: str
    shifts_this_month: int
    initials: str
    version: int
    # Whether they can sign in yet (a password chosen); not part of the seed's body.
    has_password: bool = False


def initials(name: str) -> str:
    parts = [p for p in name.replace("'", "").split() if p]
    return "".join(p[0].upper() for p in parts[:2]) if parts else "?"


def _month_bounds(now: datetime) -> tuple[datetime, datetime]:
    zone = ZoneInfo(get_settings().timezone)
    local = now.astimezone(zone)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return start, end


def shifts_this_month(session: Session, employee_ids: list[str]) -> dict[str, int]:
    if not employee_ids:
        return {}
    start, end = _month_bounds(utcnow())
    rows = session.exec(
        select(Assignment.employee_id, func.count())
        .join(Shift, col(Shift.id) == col(Assignment.shift_id))
        .where(
            col(Assignment.employee_id).in_(employee_ids),
            Shift.start_at >= start,
            Shift.start_at < end,
            Shift.status != "cancelled",
        )
        .group_by(Assignment.employee_id)
    ).all()
    return {employee_id: count for employee_id, count in rows}  # noqa: C416 (typed; dict(rows) is not)


def employee_view(employee: Employee, bureau_name: str | None, month_count: int = 0) -> EmployeeView:
    return EmployeeView(
        id=employee.id,
        name=employee.full_name,
        email=employee.email,
        phone=employee.phone,
        role=employee.title,
        shift_role=employee.shift_role,
        bureau=bureau_name,
        bureau_id=employee.bureau_id,
        status=employee.status,
        team=employee.team,
        worker_id=employee.worker_id,
        is_team_leader=employee.is_team_leader,
        access_role=employee.access_role,
        shifts_this_month=month_count,
        initials=initials(employee.full_name),
        version=employee.version,
        has_password=employee.password_hash is not None,
    )


def list_employees(
    *,
    session: Session,
    actor: Employee,
    bureau: str | None = None,
    role: str | None = None,
    status: str | None = None,
    search: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[EmployeeView], int]:
    for field, value in (("bureau", bureau), ("role", role), ("status", status)):
        check_search(value, field)
    query = (
        select(Employee, Bureau.name)
        .join(Bureau, col(Bureau.id) == col(Employee.bureau_id), isouter=True)
        .where(col(Employee.deleted_at).is_(None))
    )
    if bureau:
        query = query.where(func.lower(Bureau.name) == bureau.strip().lower())
    if role:
        query = query.where(Employee.shift_role == role.strip().lower())
    if status:
        query = query.where(Employee.status == status.strip().lower())
    if search:
        # The shared limit also keeps the LIKE pattern under SQLite's limit, which otherwise fails the whole query.
        check_search(search)
        needle = f"%{search.strip().lower()}%"
        query = query.where(or_(func.lower(Employee.full_name).like(needle), func.lower(Employee.email).like(needle)))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    query = query.order_by(Employee.full_name).offset(max(offset, 0))
    if limit is not None:
        query = query.limit(max(1, min(limit, 500)))
    rows = session.exec(query).all()
    counts = shifts_this_month(session, [e.id for e, _ in rows])
    return [employee_view(e, b, counts.get(e.id, 0)) for e, b in rows], total


def get_employee(*, session: Session, actor: Employee, employee_id: str) -> EmployeeView:
    employee = _load(session, employee_id)
    return _view(session, employee)


def _load(session: Session, employee_id: str) -> Employee:
    employee = session.get(Employee, employee_id)
    if employee is None or employee.deleted_at is not None:
        raise NotFound("Employee not found")
    return employee


def _view(session: Session, employee: Employee) -> EmployeeView:
    bureau = session.get(Bureau, employee.bureau_id) if employee.bureau_id else None
    return employee_view(
        employee, bureau.name if bureau else None, shifts_this_month(session, [employee.id]).get(employee.id, 0)
    )


def _validate(
    session: Session, fields: dict[str, str | None], *, employee_id: str | None = None
) -> dict[str, str | None]:
    clean: dict[str, str | None] = {}
    for key, value in fields.items():
        if key == "full_name":
            name = check_name(value or "", key).strip()
            if len(name) < 2:
                raise ValidationFailed("Full name must be at least 2 characters long", details={"field": key})
            clean[key] = name
        elif key == "email":
            check_text(value or "", key, max_length=EMAIL)
            email = normalize_email(value or "")
            other = session.exec(select(Employee).where(Employee.email == email)).first()
            if other is not None and other.id != employee_id:
                raise Conflict("Another employee already uses this email", details={"field": key})
            clean[key] = email
        elif key == "shift_role":
            if value not in SHIFT_ROLES:
                raise ValidationFailed(
                    f"shift_role must be one of {', '.join(sorted(SHIFT_ROLES))}", details={"field": key}
                )
            clean[key] = value
        elif key == "status":
            if value not in STATUSES:
                raise ValidationFailed("status must be one of active, on-leave, inactive", details={"field": key})
            clean[key] = value
        elif key == "bureau_id":
            if value is not None and session.get(Bureau, value) is None:
                raise ValidationFailed("bureau_id does not name a known bureau", details={"field": key})
            clean[key] = value
        elif key in ("phone", "title", "team", "worker_id"):
            check_label(value, key)
            clean[key] = (value.strip() or None) if value is not None else None
    return clean


def _check_access_values(access_role: object, is_team_leader: object) -> None:
    if access_role not in ACCESS_ROLES:
        raise ValidationFailed(
            f"access_role must be one of {', '.join(sorted(ACCESS_ROLES))}", details={"field": "access_role"}
        )
    if not isinstance(is_team_leader, bool):
        raise ValidationFailed("is_team_leader must be true or false", details={"field": "is_team_leader"})


def _check_access(actor: Employee, access_role: object, is_team_leader: object, *, changing: bool) -> None:
    """Access role and team leadership: any value is checked; only administrators give more than staff."""
    _check_access_values(access_role, is_team_leader)
    if access.is_admin(actor):
        return
    if changing:
        raise Forbidden("Only administrators can change someone's access role or team leadership")
    if access_role != AccessRole.staff.value:
        raise Forbidden(
            "Only administrators can create accounts with a role above staff", details={"field": "access_role"}
        )
    if is_team_leader:
        raise Forbidden("Only administrators can designate team leaders", details={"field": "is_team_leader"})


def create_employee(*, session: Session, actor: Employee, new: NewEmployee) -> EmployeeView:
    access.require_planner(actor, "Only admins, managers and schedulers can create employees")
    fields: dict[str, str | None] = {
        name: getattr(new, name) for name in NewEmployee.model_fields if name not in (*ACCESS_FIELDS, "language")
    }
    for required in ("email", "full_name"):
        if not fields[required]:
            raise ValidationFailed(f"{required} is required", details={"field": required})
    if new.language is not None and new.language not in LANGUAGES:
        raise ValidationFailed(
            "language must be en (English) or it (Italian), or left out for English", details={"field": "language"}
        )
    _check_access(actor, new.access_role, new.is_team_leader, changing=False)
    clean = _validate(session, {k: v for k, v in fields.items() if k in PLANNER_EDITABLE})
    employee = Employee(
        email=new.email,
        full_name=new.full_name,
        access_role=new.access_role,
        is_team_leader=new.is_team_leader,
        language=new.language,
    )
    for key, value in clean.items():  # the checked, normalised values replace the ones given
        setattr(employee, key, value)
    session.add(employee)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="employee",
        entity_id=employee.id,
        action="create",
        after=_audit_view(employee),
        kind="people_change",
    )
    return _view(session, employee)


def update_employee(
    *,
    session: Session,
    actor: Employee,
    employee_id: str,
    changes: EmployeeChanges,
    expected_version: int | None = None,
) -> EmployeeView:
    employee = _load(session, employee_id)
    fields = changes.given()
    if not access.is_planner(actor):
        if actor.id != employee.id:
            raise Forbidden("You can only update your own details")
        not_allowed = sorted(set(fields) - SELF_EDITABLE)
        if not_allowed:
            raise Forbidden(
                f"Staff can change only their name and phone; ask a scheduler to change {', '.join(not_allowed)}",
                details={"fields": not_allowed},
            )
    if (
        employee.id == actor.id
        and fields.get("status") == EmployeeStatus.inactive.value
        and employee.status != EmployeeStatus.inactive.value
    ):
        raise Forbidden(
            "You cannot deactivate your own account: ask another administrator or manager to do it",
            details={"field": "status"},
        )
    access_changes = {k: fields[k] for k in ACCESS_FIELDS if k in fields}
    if access_changes:
        role = access_changes.get("access_role", employee.access_role)
        leads = access_changes.get("is_team_leader", employee.is_team_leader)
        _check_access_values(role, leads)
        # Given as they are, they change nothing and need no one's authority.
        access_changes = {k: v for k, v in access_changes.items() if getattr(employee, k) != v}
    if access_changes:
        if employee.id == actor.id:
            raise Forbidden(
                "You cannot change your own access role or team leadership: ask another administrator",
                details={"fields": sorted(access_changes)},
            )
        _check_access(actor, role, leads, changing=True)
    if expected_version is not None and expected_version != employee.version:
        raise Conflict(
            "This employee was changed by someone else meanwhile; reload and try again",
            details={"current_version": employee.version},
        )
    clean: dict[str, Any] = _validate(
        session, {k: v for k, v in fields.items() if k in PLANNER_EDITABLE}, employee_id=employee.id
    )
    clean |= access_changes
    before = _audit_view(employee)
    for key, value in clean.items():
        setattr(employee, key, value)
    employee.updated_at = utcnow()
    session.add(employee)
    session.flush()  # the database checks and advances the version here (see models.common.version_checked)
    if employee.status == EmployeeStatus.inactive.value:
        revoke_all_sessions(session=session, employee_id=employee.id)
        # A link given out before stays dead if they are made active again: they get a new one then.
        revoke_open_invitations(session, employee.id)
    record(
        session=session,
        actor=actor,
        entity_type="employee",
        entity_id=employee.id,
        action="update",
        before=before,
        after=_audit_view(employee),
        kind="people_change",
    )
    return _view(session, employee)


def delete_employee(*, session: Session, actor: Employee, employee_id: str) -> None:
    if actor.access_role not in (AccessRole.admin.value, AccessRole.manager.value):
        raise Forbidden("Only administrators and managers can delete employees")
    employee = _load(session, employee_id)
    if employee.id == actor.id:
        raise ValidationFailed("You cannot delete your own account")
    before = _audit_view(employee)
    employee.deleted_at = utcnow()
    employee.status = EmployeeStatus.inactive.value
    session.add(employee)
    session.flush()
    revoke_all_sessions(session=session, employee_id=employee.id)
    revoke_open_invitations(session, employee.id)
    record(
        session=session,
        actor=actor,
        entity_type="employee",
        entity_id=employee.id,
        action="delete",
        before=before,
        after=None,
        kind="people_change",
    )


def _audit_view(employee: Employee) -> dict[str, Any]:
    return {k: getattr(employee, k) for k in sorted(PLANNER_EDITABLE)} | {
        "access_role": employee.access_role,
        "is_team_leader": employee.is_team_leader,
        "language": employee.language,
        "version": employee.version,
    }
