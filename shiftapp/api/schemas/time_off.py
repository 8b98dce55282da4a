"""Time off: what the routes take and answer. The answers read the services' dataclasses
(`services.time_off`) by attribute; their fields and names are the wire bodies'."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from shiftapp.api.text_fields import REQUEST_TEXT_BACKSTOP, NotesText, ReasonText


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


class CancelIn(Strict):
    note: ReasonText | None = None  # why approved leave is withdrawn; the person is told


class TimeOffOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

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
    model_config = ConfigDict(from_attributes=True)

    year: int
    vacation: int
    sick: int
    personal: int
    other: int
    total: int
    pending: int


class MyTimeOff(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    requests: list[TimeOffOut]
    totals: list[YearTotals]


class PendingList(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    requests: list[PendingOut]


class ApprovedList(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    requests: list[TimeOffOut]
