"""Authorise before validating: who may call a route is settled before its input is read.

FastAPI solves a route's dependencies before it validates the query and the body, so a role check
written as a dependency answers 403 to a staff member's malformed request instead of a 400 that
describes the route's fields. The one case dependencies cannot cover is a body that is not JSON at
all (FastAPI parses it before any dependency runs): `AuthoriseFirstRoute` then runs the same checks
before the validation error is answered. The services still check everything themselves; these
checks only decide the order of the answers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import Depends, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from shiftapp.api.deps import CurrentUser, DbSession, current_user, token_from_header, user_for_token
from shiftapp.db import open_session
from shiftapp.models import Employee
from shiftapp.services import access
from shiftapp.services.errors import Forbidden

RoleCheck = Callable[[Session, Employee, dict[str, str]], None]
ROLE_CHECK_MARKER = "_shiftapp_role_check"


def allowed(check: RoleCheck) -> Any:
    """A route dependency that refuses (403) callers the check rejects; it gets the signed-in user
    and the route's path parameters."""

    def dependency(request: Request, session: DbSession, user: CurrentUser) -> Employee:
        check(session, user, dict(request.path_params))
        return user

    setattr(dependency, ROLE_CHECK_MARKER, check)
    return Depends(dependency)


def planner(action: str) -> Any:
    """Admins, managers and schedulers; `action` finishes the refusal ("... can <action>")."""

    def check(_session: Session, user: Employee, _path: dict[str, str]) -> None:
        access.require_planner(user, f"Only admins, managers and schedulers can {action}")

    return allowed(check)


def admin(action: str) -> Any:
    def check(_session: Session, user: Employee, _path: dict[str, str]) -> None:
        access.require_admin(user, f"Only administrators can {action}")

    return allowed(check)


def team_leader_or_admin(action: str) -> Any:
    def check(_session: Session, user: Employee, _path: dict[str, str]) -> None:
        access.require_team_leader_or_admin(user, f"Only team leaders and administrators can {action}")

    return allowed(check)


def leader_or_planner(action: str) -> Any:
    def check(_session: Session, user: Employee, _path: dict[str, str]) -> None:
        if not access.is_leader_or_planner(user):
            raise Forbidden(f"Only team leaders, schedulers, managers and admins can {action}")

    return allowed(check)


def _admin_or_manager(_session: Session, user: Employee, _path: dict[str, str]) -> None:
    if user.access_role not in ("admin", "manager"):
        raise Forbidden("Only administrators and managers can delete employees")


def _self_or_planner(session: Session, user: Employee, path: dict[str, str]) -> None:
    access.require_self_or_planner(session, user, path.get("employee_id"))


def _self_or_preference_manager(session: Session, user: Employee, path: dict[str, str]) -> None:
    access.require_self_or_leader(session, user, path.get("employee_id"))


def _own_availability_or_planner(session: Session, user: Employee, path: dict[str, str]) -> None:
    access.require_own_availability_or_planner(session, user, path.get("availability_id"))


AdminOrManager = allowed(_admin_or_manager)
SelfOrPlanner = allowed(_self_or_planner)
SelfOrPreferenceManager = allowed(_self_or_preference_manager)
OwnAvailabilityOrPlanner = allowed(_own_availability_or_planner)


def dependency_calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from dependency_calls(sub)


class AuthoriseFirstRoute(APIRoute):
    """A route whose validation errors reach only callers allowed to call it."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        handle = super().get_route_handler()
        calls = list(dependency_calls(self.dependant))
        needs_user = current_user in calls
        checks = [getattr(call, ROLE_CHECK_MARKER) for call in calls if hasattr(call, ROLE_CHECK_MARKER)]

        def authorise(request: Request) -> None:
            # Read-only: it only decides which answer comes first. The request's own unit of work may
            # still hold SQLite's write lock here, so writing (the token's last-seen time) would wait
            # for this very request until the busy timeout and answer 503.
            with open_session(write=False) as session:
                try:
                    user = user_for_token(session, token_from_header(request.headers.get("authorization")))
                    for check in checks:
                        check(session, user, dict(request.path_params))
                finally:
                    session.rollback()

        async def authorise_then_handle(request: Request) -> Any:
            try:
                return await handle(request)
            except RequestValidationError:
                if needs_user:
                    await run_in_threadpool(authorise, request)  # raises 401/403 in the family's body
                raise

        return authorise_then_handle
