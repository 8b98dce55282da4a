"""Time off — /api/v1/time-off/*: staff ask for leave, team leaders approve or decline.

Strict schemas (unknown fields are rejected, as Planning PRO's). Errors use the staff scheduling
body (`{"error", "code", "details"}`); a request already decided, or changed since the caller read
it, is a 409. Cancelling approved leave (`/cancel`: the person before its first day, their team
leader or a planner until its last) removes its availability and tells the person."""

from __future__ import annotations

from fastapi import APIRouter

from shiftapp.api.authorisation import AuthoriseFirstRoute, leader_or_planner
from shiftapp.api.deps import CurrentUser, DbSession, IfMatchVersion
from shiftapp.api.schemas.time_off import (
    ApprovedList,
    CancelIn,
    DecidedOut,
    DecisionIn,
    MyTimeOff,
    PendingList,
    TimeOffIn,
    TimeOffOut,
)
from shiftapp.services import time_off

router = APIRouter(prefix="/api/v1/time-off", tags=["time off"], route_class=AuthoriseFirstRoute)


@router.post("", response_model=TimeOffOut, status_code=201)
def request_time_off(body: TimeOffIn, session: DbSession, user: CurrentUser):
    """Ask for time off for yourself; it waits for your team leader."""
    ask = time_off.TimeOffAsk(start_date=body.start_date, end_date=body.end_date, kind=body.kind, note=body.note)
    return time_off.request_time_off(session=session, actor=user, ask=ask)


@router.get("/mine", response_model=MyTimeOff)
def my_time_off(session: DbSession, user: CurrentUser):
    """Your own requests, newest first, with approved and pending days per year."""
    return time_off.my_time_off(session=session, actor=user)


@router.get("/pending", response_model=PendingList, dependencies=[leader_or_planner("see pending time off")])
def pending_time_off(session: DbSession, user: CurrentUser):
    """Requests waiting for you (your bureau's; every bureau's for planners), with what approving each would break."""
    return PendingList.model_validate({"requests": time_off.pending_time_off(session=session, actor=user)})


@router.get("/approved", response_model=ApprovedList, dependencies=[leader_or_planner("see approved time off")])
def approved_time_off(session: DbSession, user: CurrentUser):
    """Approved leave that has not ended (your bureau's; every bureau's for planners): what you may withdraw."""
    return ApprovedList.model_validate({"requests": time_off.approved_ahead(session=session, actor=user)})


@router.post("/{request_id}/approve", response_model=DecidedOut, dependencies=[leader_or_planner("approve time off")])
def approve_time_off(request_id: str, body: DecisionIn, session: DbSession, user: CurrentUser):
    """Approve the version you saw: the leave becomes availability and its conflicts show at once."""
    return time_off.approve_time_off(
        session=session, actor=user, request_id=request_id, expected_version=body.version, note=body.note
    )


@router.post("/{request_id}/decline", response_model=DecidedOut, dependencies=[leader_or_planner("decline time off")])
def decline_time_off(request_id: str, body: DecisionIn, session: DbSession, user: CurrentUser):
    """Decline the version you saw, with an optional note for the person."""
    return time_off.decline_time_off(
        session=session, actor=user, request_id=request_id, expected_version=body.version, note=body.note
    )


@router.post("/{request_id}/cancel", response_model=TimeOffOut)
def cancel_time_off(
    request_id: str,
    session: DbSession,
    user: CurrentUser,
    if_match_version: IfMatchVersion,
    body: CancelIn | None = None,
):
    """Withdraw time off: your own while it waits or before it starts; your bureau's approved leave as its leader."""
    return time_off.cancel_time_off(
        session=session,
        actor=user,
        request_id=request_id,
        expected_version=if_match_version,
        note=body.note if body else None,
    )
