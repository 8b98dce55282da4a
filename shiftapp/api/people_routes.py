"""Seed 002 — Employees, preferences, team availability and dashboard."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from shiftapp.api.authorisation import (
    AdminOrManager,
    AuthoriseFirstRoute,
    SelfOrPlanner,
    SelfOrPreferenceManager,
    planner,
    team_leader_or_admin,
)
from shiftapp.api.deps import CurrentUser, DbSession, IfMatchVersion
from shiftapp.api.text_fields import (
    REQUEST_TEXT_BACKSTOP,
    EmailText,
    IdText,
    LabelText,
    NameText,
    NotesText,
    PhoneText,
    ReferenceText,
    SearchQuery,
    StatusText,
)
from shiftapp.services import dashboard, employees, preferences
from shiftapp.services.text_limits import MAX_OFFSET

router = APIRouter(tags=["employees"], route_class=AuthoriseFirstRoute)


class Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", str_max_length=REQUEST_TEXT_BACKSTOP)


class EmployeeOut(BaseModel):
    id: str
    name: str
    email: str
    phone: str | None = None
    role: str | None = None
    shift_role: str
    bureau: str | None = None
    bureau_id: str | None = None
    status: str
    team: str | None = None
    worker_id: str | None = None
    is_team_leader: bool = False
    shiftsThisMonth: int = 0
    initials: str
    version: int


class EmployeeList(BaseModel):
    employees: list[EmployeeOut]
    total: int


class EmployeeEnvelope(BaseModel):
    employee: EmployeeOut


class EmployeeCreate(Lenient):
    email: EmailText
    full_name: NameText
    title: LabelText | None = None
    shift_role: StatusText = "correspondent"
    bureau_id: IdText | None = None
    phone: PhoneText | None = None
    worker_id: ReferenceText | None = None
    team: NameText | None = None
    status: StatusText = "active"


class EmployeeUpdate(Lenient):
    email: EmailText | None = None
    full_name: NameText | None = None
    title: LabelText | None = None
    shift_role: StatusText | None = None
    bureau_id: IdText | None = None
    phone: PhoneText | None = None
    worker_id: ReferenceText | None = None
    team: NameText | None = None
    status: StatusText | None = None
    version: int | None = None


class Message(BaseModel):
    message: str


class PreferencesOut(BaseModel):
    id: str | None = None
    user_id: str
    employee_id: str
    employee_name: str
    preferred_days: list[str]
    preferred_shifts: list[str]
    max_shifts_per_week: int | None = None
    notes: str | None = None
    confirmed: bool
    confirmed_by: str | None = None
    confirmed_by_name: str | None = None
    confirmed_at: Any = None
    version: int = 0


class PreferencesEnvelope(BaseModel):
    preferences: PreferencesOut


class PreferencesUpdate(Lenient):
    preferred_days: list[StatusText] | None = None
    preferred_shifts: list[StatusText] | None = None
    max_shifts_per_week: int | None = None
    notes: NotesText | None = None
    auto_confirm: bool = False
    version: int | None = None


class ConfirmResponse(BaseModel):
    message: str
    preferences: PreferencesOut


class TeamPreferences(BaseModel):
    preferred_days: list[str]
    preferred_shifts: list[str]
    max_shifts_per_week: int | None = None
    notes: str | None = None
    confirmed: bool
    confirmed_by: str | None = None
    confirmed_by_name: str | None = None
    confirmed_at: Any = None


class TeamMember(BaseModel):
    id: str
    email: str
    full_name: str
    title: str | None = None
    shift_role: str
    is_team_leader: bool
    bureau_id: str | None = None
    bureau_name: str | None = None
    preferences: TeamPreferences | None = None
    status: str


class TeamStats(BaseModel):
    total: int
    confirmed: int
    pending: int
    missing: int


class TeamAvailability(BaseModel):
    employees: list[TeamMember]
    stats: TeamStats


class BulkConfirm(BaseModel):
    message: str
    confirmed_count: int


class BureauStats(BaseModel):
    employees: int
    shifts: int


class DashboardStats(BaseModel):
    totalEmployees: int
    activeEmployees: int
    totalShifts: int
    upcomingShifts: int
    unresolvedConflicts: int
    highSeverityConflicts: int
    shiftsThisWeek: int
    shiftsThisMonth: int
    bureaus: dict[str, BureauStats]


class DashboardEnvelope(BaseModel):
    stats: DashboardStats


@router.get("/api/employees", response_model=EmployeeList)
def list_employees(
    session: DbSession,
    user: CurrentUser,
    bureau: SearchQuery = None,
    role: SearchQuery = None,
    status: SearchQuery = None,
    search: SearchQuery = None,
    limit: Annotated[int | None, Query(ge=1, le=500)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
):
    rows, total = employees.list_employees(
        session=session, actor=user, bureau=bureau, role=role, status=status, search=search, limit=limit, offset=offset
    )
    return {"employees": rows, "total": total}


@router.post(
    "/api/employees", response_model=EmployeeEnvelope, status_code=201, dependencies=[planner("create employees")]
)
def create_employee(body: EmployeeCreate, session: DbSession, user: CurrentUser):
    return {"employee": employees.create_employee(session=session, actor=user, fields=body.model_dump())}


@router.get("/api/employees/{employee_id}", response_model=EmployeeEnvelope)
def get_employee(employee_id: str, session: DbSession, user: CurrentUser):
    return {"employee": employees.get_employee(session=session, actor=user, employee_id=employee_id)}


@router.put("/api/employees/{employee_id}", response_model=EmployeeEnvelope, dependencies=[SelfOrPlanner])
def update_employee(
    employee_id: str, body: EmployeeUpdate, session: DbSession, user: CurrentUser, if_match_version: IfMatchVersion
):
    fields = body.model_dump(exclude_unset=True)
    version = fields.pop("version", None)
    expected = version if version is not None else if_match_version
    return {
        "employee": employees.update_employee(
            session=session, actor=user, employee_id=employee_id, fields=fields, expected_version=expected
        )
    }


@router.delete("/api/employees/{employee_id}", response_model=Message, dependencies=[AdminOrManager])
def delete_employee(employee_id: str, session: DbSession, user: CurrentUser):
    employees.delete_employee(session=session, actor=user, employee_id=employee_id)
    return {"message": "Employee deleted successfully"}


@router.get("/api/employees/{employee_id}/preferences", response_model=PreferencesEnvelope, tags=["preferences"])
def get_preferences(employee_id: str, session: DbSession, user: CurrentUser):
    return {"preferences": preferences.get_preferences(session=session, actor=user, employee_id=employee_id)}


@router.put(
    "/api/employees/{employee_id}/preferences",
    response_model=PreferencesOut,
    tags=["preferences"],
    dependencies=[SelfOrPreferenceManager],
)
def put_preferences(employee_id: str, body: PreferencesUpdate, session: DbSession, user: CurrentUser):
    changes = body.model_dump(exclude_unset=True)
    auto_confirm = bool(changes.pop("auto_confirm", False))
    version = changes.pop("version", None)
    return preferences.update_preferences(
        session=session,
        actor=user,
        employee_id=employee_id,
        changes=changes,
        auto_confirm=auto_confirm,
        expected_version=version,
    )


@router.post(
    "/api/employees/{employee_id}/preferences/confirm",
    response_model=ConfirmResponse,
    tags=["preferences"],
    dependencies=[team_leader_or_admin("confirm preferences")],
)
def confirm_preferences(employee_id: str, session: DbSession, user: CurrentUser, if_match_version: IfMatchVersion):
    view = preferences.confirm_preferences(
        session=session, actor=user, employee_id=employee_id, expected_version=if_match_version
    )
    return {"message": f"Preferences confirmed for {view['employee_name']}", "preferences": view}


@router.get(
    "/api/team/availability",
    response_model=TeamAvailability,
    tags=["team"],
    dependencies=[team_leader_or_admin("view team availability")],
)
def team_availability(session: DbSession, user: CurrentUser, bureau_id: str | None = None):
    return preferences.team_availability(session=session, actor=user, bureau_id=bureau_id)


@router.post(
    "/api/team/availability",
    response_model=BulkConfirm,
    tags=["team"],
    dependencies=[team_leader_or_admin("confirm preferences")],
)
def confirm_all(session: DbSession, user: CurrentUser):
    count = preferences.confirm_all_pending(session=session, actor=user)
    return {"message": f"Confirmed preferences for {count} employee(s)", "confirmed_count": count}


@router.get("/api/dashboard/stats", response_model=DashboardEnvelope, tags=["dashboard"])
def dashboard_stats(session: DbSession, user: CurrentUser, bureau_id: str | None = None):
    return {"stats": dashboard.dashboard_stats(session=session, actor=user, bureau_id=bureau_id)}
