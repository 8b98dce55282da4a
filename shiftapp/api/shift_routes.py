"""Seed 002 — Shifts and Schedule Health (conflicts)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from shiftapp.api.authorisation import AuthoriseFirstRoute, admin, leader_or_planner, planner
from shiftapp.api.conflict_bodies import seed002_conflict
from shiftapp.api.deps import CurrentUser, DbSession, IfMatchVersion
from shiftapp.api.paging_headers import PAGE_HEADERS, set_page_headers
from shiftapp.api.schemas.shifts import (
    ConflictAction,
    ConflictEnvelope,
    ConflictList,
    Message,
    MoveResult,
    ResetResult,
    ShiftCreate,
    ShiftCreatedEnvelope,
    ShiftEnvelope,
    ShiftMove,
    ShiftPage,
    ShiftUpdate,
    UpcomingPage,
)
from shiftapp.services import conflicts as conflict_service
from shiftapp.services import shifts
from shiftapp.services.text_limits import MAX_OFFSET

router = APIRouter(tags=["shifts"], route_class=AuthoriseFirstRoute)


SHIFT_LIST_DESCRIPTION = f"""List shifts, one row per assigned person, filtered by dates, bureau or employee,
in start order.

The list comes in pages of rows: `limit` rows (default {shifts.SHIFT_PAGE_DEFAULT:,}, at most
{shifts.SHIFT_PAGE_MAX:,}) from `offset` (default 0). `total` in the body and the `X-Total-Count` header
say how many rows match in all; when more follow, a `Link` header names the next page
(`rel="next"`): the same query with the next `offset`."""

LIMIT_DESCRIPTION = f"Rows in this page (default {shifts.SHIFT_PAGE_DEFAULT:,}, at most {shifts.SHIFT_PAGE_MAX:,})."


UPCOMING_DESCRIPTION = f"""The shifts starting in the next `days` days (1 to 90, default 7; cancelled ones left
out), one row per assigned person, in start order.

The list comes in pages like `GET /api/shifts`: `limit` rows (default {shifts.SHIFT_PAGE_DEFAULT:,}, at most
{shifts.SHIFT_PAGE_MAX:,}) from `offset` (default 0); `total`, `X-Total-Count` and a `Link` to the next page
(`rel="next"`) while rows follow."""


@router.get(
    "/api/shifts",
    response_model=ShiftPage,
    description=SHIFT_LIST_DESCRIPTION,
    responses={200: {"headers": PAGE_HEADERS}},
)
def list_shifts(
    request: Request,
    response: Response,
    session: DbSession,
    user: CurrentUser,
    start_date: date | None = None,
    end_date: date | None = None,
    bureau_id: str | None = None,
    employee_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=shifts.SHIFT_PAGE_MAX, description=LIMIT_DESCRIPTION)] = (
        shifts.SHIFT_PAGE_DEFAULT
    ),
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip: the first row of the page.")] = 0,
):
    """List one page of shifts, one row per assigned person (see SHIFT_LIST_DESCRIPTION)."""
    page = shifts.list_shifts(
        session=session,
        actor=user,
        start_date=start_date,
        end_date=end_date,
        bureau_id=bureau_id,
        employee_id=employee_id,
        limit=limit,
        offset=offset,
    )
    set_page_headers(request, response, total=page.total, limit=limit, offset=offset)
    return {"shifts": page.rows, "total": page.total, "limit": limit, "offset": offset}


@router.post(
    "/api/shifts", response_model=ShiftCreatedEnvelope, status_code=201, dependencies=[planner("change shifts")]
)
def create_shift(body: ShiftCreate, session: DbSession, user: CurrentUser):
    """Create a shift (and assign a person); hard conflicts refuse it with 409 unless forced."""
    draft = shifts.NewShift(**body.model_dump(exclude={"force", "reason"}, exclude_none=True))
    shift, result = shifts.create_shift(session=session, actor=user, shift=draft, force=body.force, reason=body.reason)
    record = shifts.shift_record(shift)
    return {
        "shift": record
        | {"forced": bool(body.force and result.hard), "conflicts_overridden": len(result.hard) if body.force else 0},
        "warnings": [seed002_conflict(c) for c in result.soft],
    }


@router.get(
    "/api/shifts/upcoming",
    response_model=UpcomingPage,
    description=UPCOMING_DESCRIPTION,
    responses={200: {"headers": PAGE_HEADERS}},
)
def upcoming(
    request: Request,
    response: Response,
    session: DbSession,
    user: CurrentUser,
    days: int = 7,
    limit: Annotated[int, Query(ge=1, le=shifts.SHIFT_PAGE_MAX, description=LIMIT_DESCRIPTION)] = (
        shifts.SHIFT_PAGE_DEFAULT
    ),
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip: the first row of the page.")] = 0,
):
    """One page of the shifts starting in the next `days` days (see UPCOMING_DESCRIPTION)."""
    page = shifts.upcoming_page(session=session, actor=user, days=days, limit=limit, offset=offset)
    set_page_headers(request, response, total=page.total, limit=limit, offset=offset)
    return {"shifts": page.shifts, "total": page.total, "limit": limit, "offset": offset}


@router.delete("/api/shifts/reset", response_model=ResetResult, dependencies=[admin("reset the schedule")])
def reset(session: DbSession, user: CurrentUser):
    """Delete every shift, assignment and conflict (admins, and only where ALLOW_SCHEDULE_RESET is on)."""
    shifts.reset_schedule(session=session, actor=user)
    return {
        "message": "Schedule reset successfully",
        "deleted": {"shifts": True, "assignments": True, "conflicts": True},
    }


@router.put("/api/shifts/{shift_id}", response_model=ShiftEnvelope, dependencies=[planner("change shifts")])
def update_shift(
    shift_id: str, body: ShiftUpdate, session: DbSession, user: CurrentUser, if_match_version: IfMatchVersion
):
    """Change a shift's times, status, notes or capacity; hard conflicts refuse it with 409 unless forced."""
    changes = shifts.ShiftChanges(**body.model_dump(exclude={"force", "reason", "version"}, exclude_unset=True))
    version = body.version if body.version is not None else if_match_version
    shift, result = shifts.update_shift(
        session=session,
        actor=user,
        shift_id=shift_id,
        changes=changes,
        force=body.force,
        reason=body.reason,
        expected_version=version,
    )
    return {"shift": shifts.shift_record(shift), "warnings": [seed002_conflict(c) for c in result.soft]}


@router.patch(
    "/api/shifts/{shift_id}",
    response_model=MoveResult,
    response_model_exclude_none=True,
    dependencies=[planner("change shifts")],
)
def move_shift(shift_id: str, body: ShiftMove, session: DbSession, user: CurrentUser, if_match_version: IfMatchVersion):
    """Move a shift to another local date and HH:MM times, or with validate_only check the move first."""
    if body.validate_only:
        preview = shifts.preview_move(
            session=session,
            actor=user,
            shift_id=shift_id,
            new_date=body.date,
            start_time=body.start_time,
            end_time=body.end_time,
        )
        return {
            "valid": not preview.result.hard,
            "conflicts": [seed002_conflict(c) for c in preview.result.hard],
            "warnings": [seed002_conflict(c) for c in preview.result.soft],
            "current": preview.current,
            "proposed": preview.proposed,
        }
    version = body.version if body.version is not None else if_match_version
    moved = shifts.move_shift(
        session=session,
        actor=user,
        shift_id=shift_id,
        new_date=body.date,
        start_time=body.start_time,
        end_time=body.end_time,
        force=body.force,
        reason=body.reason,
        expected_version=version,
    )
    row = moved.row
    return {
        "id": row.id,
        "employee": row.employee,
        "employee_id": row.employee_id,
        "bureau": row.bureau,
        "date": row.date,
        "startTime": row.start_hhmm,
        "endTime": row.end_hhmm,
        "status": row.status,
        "version": row.version,
        "forced": moved.forced,
        "conflicts_overridden": moved.conflicts_overridden,
        "warnings": [seed002_conflict(c) for c in moved.result.soft],
    }


@router.delete("/api/shifts/{shift_id}", response_model=Message, dependencies=[planner("change shifts")])
def delete_shift(shift_id: str, session: DbSession, user: CurrentUser):
    """Delete a shift and its assignments."""
    shifts.delete_shift(session=session, actor=user, shift_id=shift_id)
    return {"message": "Shift deleted successfully"}


@router.get("/api/conflicts", response_model=ConflictList, tags=["conflicts"])
def list_conflicts(
    session: DbSession,
    user: CurrentUser,
    status: str | None = None,
    severity: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    bureau_id: str | None = None,
):
    """List the stored conflicts (Schedule Health), filtered by status, severity or bureau."""
    rows, total = conflict_service.list_conflicts(
        session=session, actor=user, status=status, severity=severity, limit=limit, offset=offset, bureau_id=bureau_id
    )
    return {"conflicts": rows, "total": total}


@router.patch(
    "/api/conflicts/{conflict_id}",
    response_model=ConflictEnvelope,
    tags=["conflicts"],
    dependencies=[leader_or_planner("change conflicts")],
)
def act_on_conflict(conflict_id: str, body: ConflictAction, session: DbSession, user: CurrentUser):
    """Acknowledge or resolve a stored conflict."""
    return {
        "conflict": conflict_service.act_on_conflict(
            session=session, actor=user, conflict_id=conflict_id, action=body.action
        )
    }


@router.delete(
    "/api/conflicts/{conflict_id}",
    response_model=Message,
    tags=["conflicts"],
    dependencies=[leader_or_planner("dismiss conflicts")],
)
def dismiss_conflict(conflict_id: str, session: DbSession, user: CurrentUser):
    """Dismiss a stored conflict."""
    conflict_service.dismiss_conflict(session=session, actor=user, conflict_id=conflict_id)
    return {"message": "Conflict dismissed successfully"}
