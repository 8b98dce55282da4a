"""Who may do what. Every service checks these itself; pages only use them to hide links."""

from __future__ import annotations

from sqlmodel import Session

from shiftapp.models import AccessRole, Availability, Employee
from shiftapp.services.errors import Forbidden, NotFound

PLANNER_ROLES = {AccessRole.admin.value, AccessRole.manager.value, AccessRole.scheduler.value}


def is_admin(user: Employee) -> bool:
    return user.access_role == AccessRole.admin.value


def is_planner(user: Employee) -> bool:
    """Admins, managers and schedulers plan shifts, people and loads."""
    return user.access_role in PLANNER_ROLES


def is_team_leader_or_admin(user: Employee) -> bool:
    """Team leaders and admins confirm preferences and generate schedules (seed 002)."""
    return user.is_team_leader or is_admin(user)


def is_leader_or_planner(user: Employee) -> bool:
    """Anyone who leads people or plans their work: sees the team's conflicts, leave reasons and audit trail."""
    return is_planner(user) or is_team_leader_or_admin(user)


def refuse_own_decision(user: Employee, people: tuple[str | None, ...], message: str) -> None:
    """A request of one's own (a swap, a claim, time off) is decided by someone else; admins excepted."""
    if user.id in people and not is_admin(user):
        raise Forbidden(message)


def require_admin(user: Employee, message: str = "Only administrators can do this") -> None:
    if not is_admin(user):
        raise Forbidden(message)


def require_planner(user: Employee, message: str = "Only admins, managers and schedulers can do this") -> None:
    if not is_planner(user):
        raise Forbidden(message)


def require_team_leader_or_admin(
    user: Employee, message: str = "Only team leaders and administrators can do this"
) -> None:
    if not is_team_leader_or_admin(user):
        raise Forbidden(message)


def _names_someone_else(session: Session, user: Employee, employee_id: str | None) -> bool:
    """Whether `employee_id` is another existing person (404 first: a missing row is not a refusal)."""
    if employee_id == user.id:
        return False
    person = session.get(Employee, employee_id) if employee_id else None
    if person is None or person.deleted_at is not None:
        raise NotFound("Employee not found")
    return True


def require_self_or_planner(session: Session, user: Employee, employee_id: str | None) -> None:
    if not is_planner(user) and _names_someone_else(session, user, employee_id):
        raise Forbidden("You can only update your own details")


def require_self_or_leader(session: Session, user: Employee, employee_id: str | None) -> None:
    if not is_leader_or_planner(user) and _names_someone_else(session, user, employee_id):
        raise Forbidden("You can only change your own preferences")


def require_own_availability_or_planner(session: Session, user: Employee, availability_id: str | None) -> None:
    row = session.get(Availability, availability_id) if availability_id else None
    if row is None:
        raise NotFound("Availability record not found")
    if row.employee_id != user.id and not is_planner(user):
        raise Forbidden("You can change only your own leave and availability")


def navigation_for(user: Employee) -> list[dict[str, str]]:
    """The pages a user may open, in menu order (the server still checks each one)."""
    items = [
        {"label": "Dashboard", "href": "/"},
        {"label": "My shifts", "href": "/my-shifts"},
        {"label": "Schedule", "href": "/schedule"},
        {"label": "Schedule health", "href": "/health"},
        {"label": "Employees", "href": "/employees"},
        {"label": "My preferences", "href": "/preferences"},
        {"label": "Time off", "href": "/time-off"},
        {"label": "Open shifts", "href": "/open-shifts"},
        {"label": "Swaps", "href": "/swaps"},
    ]
    if is_leader_or_planner(user):
        items.append({"label": "Copy & repeat", "href": "/schedule/repeat"})
    if is_team_leader_or_admin(user):
        items.append({"label": "Team availability", "href": "/team"})
        items.append({"label": "Generate schedule", "href": "/generate"})
    if is_planner(user):
        items.append({"label": "Delivery plans", "href": "/plans"})
        items.append({"label": "Loads", "href": "/loads"})
    items.append({"label": "My profile", "href": "/profile"})
    return items


def leads_or_plans(user: Employee, bureau_id: str) -> bool:
    """Planners and admins act for every bureau; a team leader only for the bureau they lead."""
    if is_planner(user) or is_admin(user):
        return True
    return user.is_team_leader and user.bureau_id is not None and user.bureau_id == bureau_id


def may_see_bureau_schedule(user: Employee, bureau_id: str) -> bool:
    """A whole bureau's schedule (its calendar feed, its exports): planners and admins for any bureau,
    team leaders for their own."""
    return leads_or_plans(user, bureau_id)


def require_bureau_schedule(user: Employee, bureau_id: str) -> None:
    if not may_see_bureau_schedule(user, bureau_id):
        raise Forbidden("Only this bureau's team leaders, its planners and administrators can see its whole schedule")
