"""Time off — /api/v1/time-off/*: staff ask for leave, team leaders approve or decline.

Strict schemas (unknown fields are rejected, as Planning PRO's). Errors use the staff scheduling
body (`{"error", "code", "details"}`); a request already decided, or changed since the caller read
it, is a 409."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from shiftapp.api.authorisation import AuthoriseFirstRoute, leader_or_planner
from shiftapp.api.deps import CurrentUser, DbSession, IfMatchVersion
from shiftapp.api.text_fields import REQUEST_TEXT_BACKSTOP, NotesText, ReasonText
from shiftapp.services import time_off

router = APIRouter(prefix="/api/v1/time-off", tags=["time off"], route_class=AuthoriseFirstRoute)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=REQUEST_TEXT_BACKSTOP)


class TimeOffIn(Strict):
    start_date: date
    end_date: date
    kind: Literal["vacation", "sick", "personal", "other"]
    note: NotesText | None = None


class DecisionIn(Strict):
    version: int
    note: ReasonText | None = None


class TimeOffOut(BaseModel):
    id: str
    employee_id: str
    employee_name: str
    bureau_name: str = ""
    start_date: date
    end_date: date
    days: int
    kind: str
    note: str | None = None
    status: str
    decided_by: str | None = None
    decided_by_name: str | None = None
    decided_at: str | None = None
    decision_note: str | None = None
    availability_id: str | None = None
    created_at: str
    version: int


class PendingOut(TimeOffOut):
    conflicts_if_approved: list[str]


class DecidedOut(TimeOffOut):
    conflicts_created: list[str] = []


class YearTotals(BaseModel):
    year: int
    vacation: int
    sick: int
    personal: int
    other: int
    total: int
    pending: int


class MyTimeOff(BaseModel):
    requests: list[TimeOffOut]
    totals: list[YearTotals]


class PendingList(BaseModel):
    requests: list[PendingOut]


@router.post("", response_model=TimeOffOut, status_code=201)
def request_time_off(body: TimeOffIn, session: DbSession, user: CurrentUser):
    """Ask for time off for yourself; it waits for your team leader."""
    return time_off.request_time_off(
        session=session,
        actor=user,
        start_date=body.start_date,
        end_date=body.end_date,
        kind=body.kind,
        note=body.note,
    )


@router.get("/mine", response_model=MyTimeOff)
def my_time_off(session: DbSession, user: CurrentUser):
    """Your own requests, newest first, with approved and pending days per year."""
    return time_off.my_time_off(session=session, actor=user)


@router.get("/pending", response_model=PendingList, dependencies=[leader_or_planner("see pending time off")])
def pending_time_off(session: DbSession, user: CurrentUser):
    """Requests waiting for you (your bureau's; every bureau's for planners), with what approving each would break."""
    return {"requests": time_off.pending_time_off(session=session, actor=user)}


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
def cancel_time_off(request_id: str, session: DbSession, user: CurrentUser, if_match_version: IfMatchVersion):
    """Withdraw your own request while it still waits (If-Match: the version you saw)."""
    return time_off.cancel_time_off(
        session=session, actor=user, request_id=request_id, expected_version=if_match_version
    )
