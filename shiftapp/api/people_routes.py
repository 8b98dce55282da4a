"""Seed 002 — Employees, preferences, team availability and dashboard."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from shiftapp.api.authorisation import (
    AdminOrManager,
    AuthoriseFirstRoute,
    SelfOrPlanner,
    SelfOrPreferenceManager,
    planner,
    team_leader_or_admin,
)
from shiftapp.api.deps import CurrentUser, DbSession, IfMatchVersion
from shiftapp.api.schemas.people import (
    BulkConfirm,
    DashboardEnvelope,
    EmployeeCreate,
    EmployeeEnvelope,
    EmployeeList,
    EmployeeUpdate,
    InvitationEnvelope,
    Message,
    PreferenceConfirmed,
    PreferenceEnvelope,
    PreferencePublic,
    PreferenceUpdate,
    TeamAvailability,
)
from shiftapp.api.text_fields import SearchQuery
from shiftapp.services import dashboard, employees, invitations, preferences
from shiftapp.services.text_limits import MAX_OFFSET

router = APIRouter(tags=["employees"], route_class=AuthoriseFirstRoute)


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
) -> Any:
    """The employees by name, filtered by bureau name, shift role, status or a search of name and email."""
    rows, total = employees.list_employees(
        session=session, actor=user, bureau=bureau, role=role, status=status, search=search, limit=limit, offset=offset
    )
    return {"employees": rows, "total": total}


@router.post(
    "/api/employees", response_model=EmployeeEnvelope, status_code=201, dependencies=[planner("create employees")]
)
def create_employee(body: EmployeeCreate, session: DbSession, user: CurrentUser) -> Any:
    """Add an employee (planners; a role above staff or a team leader: admins); invite them to sign in."""
    return {"employee": employees.create_employee(session=session, actor=user, new=body)}


@router.post(
    "/api/employees/{employee_id}/invitation",
    response_model=InvitationEnvelope,
    status_code=201,
    dependencies=[planner("invite people")],
)
def invite_employee(employee_id: str, session: DbSession, user: CurrentUser) -> Any:
    """A one-time link with which someone who has no password yet chooses one (shown once; emailed with SMTP)."""
    return {"invitation": invitations.issue_invitation(session=session, actor=user, employee_id=employee_id)}


@router.get("/api/employees/{employee_id}", response_model=EmployeeEnvelope)
def get_employee(employee_id: str, session: DbSession, user: CurrentUser) -> Any:
    """One employee, with their shifts this month."""
    return {"employee": employees.get_employee(session=session, actor=user, employee_id=employee_id)}


@router.put("/api/employees/{employee_id}", response_model=EmployeeEnvelope, dependencies=[SelfOrPlanner])
def update_employee(
    employee_id: str, body: EmployeeUpdate, session: DbSession, user: CurrentUser, if_match_version: IfMatchVersion
) -> Any:
    """Change the fields given (staff: only their own name and phone); a stale version is a 409."""
    expected = body.version if body.version is not None else if_match_version
    return {
        "employee": employees.update_employee(
            session=session, actor=user, employee_id=employee_id, changes=body, expected_version=expected
        )
    }


@router.delete("/api/employees/{employee_id}", response_model=Message, dependencies=[AdminOrManager])
def delete_employee(employee_id: str, session: DbSession, user: CurrentUser) -> Any:
    """Deactivate and hide an employee (admins and managers) and sign out their sessions."""
    employees.delete_employee(session=session, actor=user, employee_id=employee_id)
    return {"message": "Employee deleted successfully"}


@router.get("/api/employees/{employee_id}/preferences", response_model=PreferenceEnvelope, tags=["preferences"])
def get_preferences(employee_id: str, session: DbSession, user: CurrentUser) -> Any:
    """An employee's preferred days, shifts and weekly limit, and whether a team leader confirmed them."""
    return {"preferences": preferences.get_preferences(session=session, actor=user, employee_id=employee_id)}


@router.put(
    "/api/employees/{employee_id}/preferences",
    response_model=PreferencePublic,
    tags=["preferences"],
    dependencies=[SelfOrPreferenceManager],
)
def put_preferences(employee_id: str, body: PreferenceUpdate, session: DbSession, user: CurrentUser) -> Any:
    """Change the preferences given; they wait for a team leader again unless one saves with auto_confirm."""
    return preferences.update_preferences(
        session=session,
        actor=user,
        employee_id=employee_id,
        changes=body,
        auto_confirm=body.auto_confirm,
        expected_version=body.version,
    )


@router.post(
    "/api/employees/{employee_id}/preferences/confirm",
    response_model=PreferenceConfirmed,
    tags=["preferences"],
    dependencies=[team_leader_or_admin("confirm preferences")],
)
def confirm_preferences(
    employee_id: str, session: DbSession, user: CurrentUser, if_match_version: IfMatchVersion
) -> Any:
    """Confirm an employee's preferences (team leaders and admins); with If-Match, only the version seen."""
    view = preferences.confirm_preferences(
        session=session, actor=user, employee_id=employee_id, expected_version=if_match_version
    )
    return {"message": f"Preferences confirmed for {view.employee_name}", "preferences": view}


@router.get(
    "/api/team/availability",
    response_model=TeamAvailability,
    tags=["team"],
    dependencies=[team_leader_or_admin("view team availability")],
)
def team_availability(session: DbSession, user: CurrentUser, bureau_id: str | None = None) -> Any:
    """Everyone's preferences and whether they are confirmed, pending or missing, with the counts."""
    return preferences.team_availability(session=session, actor=user, bureau_id=bureau_id)


@router.post(
    "/api/team/availability",
    response_model=BulkConfirm,
    tags=["team"],
    dependencies=[team_leader_or_admin("confirm preferences")],
)
def confirm_all(session: DbSession, user: CurrentUser) -> Any:
    """Confirm every pending preference at once (team leaders and admins)."""
    count = preferences.confirm_all_pending(session=session, actor=user)
    return {"message": f"Confirmed preferences for {count} employee(s)", "confirmed_count": count}


@router.get("/api/dashboard/stats", response_model=DashboardEnvelope, tags=["dashboard"])
def dashboard_stats(session: DbSession, user: CurrentUser, bureau_id: str | None = None) -> Any:
    """Head counts, shifts and open conflicts, overall and per bureau, for the dashboard."""
    return {"stats": dashboard.dashboard_stats(session=session, actor=user, bureau_id=bureau_id)}
