"""Seed 002 Shifts and Schedule Health: what the routes take and what they answer."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shiftapp.api.schemas.common import Message, RequestBody, SeedConflict
from shiftapp.api.text_fields import (
    IdText,
    NameText,
    NotesText,
    ReasonText,
    ReferenceText,
    StatusText,
    TimestampText,
)

__all__ = [
    "ConflictAction",
    "ConflictEnvelope",
    "ConflictList",
    "ConflictRow",
    "ConflictState",
    "Message",
    "MoveResult",
    "ResetResult",
    "ShiftCreate",
    "ShiftCreatedEnvelope",
    "ShiftCreatedPublic",
    "ShiftEnvelope",
    "ShiftList",
    "ShiftMove",
    "ShiftPage",
    "ShiftPublic",
    "ShiftRow",
    "ShiftRowFull",
    "ShiftTime",
    "ShiftUpdate",
    "UpcomingPage",
    "shift_row_json",
]


# ------------------------------------------------------------------ requests
class ShiftCreate(RequestBody):
    bureau_id: IdText
    start_time: TimestampText
    end_time: TimestampText
    employee_id: IdText | None = None
    status: StatusText = "draft"
    notes: NotesText | None = None
    force: bool = False
    reason: ReasonText | None = None
    shift_type: ReferenceText | None = None
    capacity: int | None = None
    required_role: StatusText | None = None
    required_skills: list[NameText] | None = None
    mission_id: IdText | None = None


class ShiftUpdate(RequestBody):
    start_time: TimestampText | None = None
    end_time: TimestampText | None = None
    status: StatusText | None = None
    notes: NotesText | None = None
    capacity: int | None = None
    required_role: StatusText | None = None
    force: bool = False
    reason: ReasonText | None = None
    version: int | None = None


class ShiftMove(RequestBody):
    date: TimestampText
    start_time: TimestampText | None = None
    end_time: TimestampText | None = None
    validate_only: bool = False
    force: bool = False
    reason: ReasonText | None = None
    version: int | None = None


class ConflictAction(RequestBody):
    action: StatusText


# ------------------------------------------------------------------ answers
class ShiftRow(BaseModel):
    """A shift as the schedule lists it: one row per assigned person (local date, HH:MM times)."""

    # Read from the services' rows (`ShiftRow`, `UpcomingShift`): their `start_hhmm`/`end_hhmm` are the
    # seed's `startTime`/`endTime`; fields a row does not have are null.
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    id: str
    employee: str | None = None
    employee_id: str | None = None
    role: str | None = None
    bureau: str | None = None
    bureau_id: str | None = None
    date: str
    start_hhmm: str = Field(alias="startTime")
    end_hhmm: str = Field(alias="endTime")
    status: str
    shift_type: str | None = None
    source: str | None = None
    assignment_status: str | None = None
    version: int | None = None


class ShiftList(BaseModel):
    shifts: list[ShiftRow]


class ShiftPage(ShiftList):
    """One page of `GET /api/shifts`: the rows, how many match in all, and the page asked for."""

    total: int = Field(description="Rows matching the filters, on every page")
    limit: int = Field(description="The page size asked for (the page holds fewer at the end)")
    offset: int = Field(description="Rows skipped before this page")


class UpcomingPage(ShiftList):
    """One page of `GET /api/shifts/upcoming`: the seed's `shifts`, how many in all, and the page asked for."""

    total: int = Field(description="Rows starting in the next `days` days, on every page")
    limit: int = Field(description="The page size asked for (the page holds fewer at the end)")
    offset: int = Field(description="Rows skipped before this page")


class ShiftRowFull(BaseModel):
    """Every field of a service `ShiftRow`, in the seed's order and with its names (Planning PRO's list)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    employee: str | None
    employee_id: str | None
    role: str | None
    bureau: str | None
    bureau_id: str
    date: str
    start_hhmm: str = Field(serialization_alias="startTime")
    end_hhmm: str = Field(serialization_alias="endTime")
    status: str
    shift_type: str | None
    start_time: str
    end_time: str
    assignment_status: str | None
    source: str | None
    capacity: int
    notes: str | None
    version: int


def shift_row_json(row: object) -> dict[str, Any]:
    """A service `ShiftRow` as the seed's JSON object (`startTime`/`endTime`, every key, in order)."""
    return ShiftRowFull.model_validate(row).model_dump(mode="json", by_alias=True)


class ShiftPublic(BaseModel):
    """A stored shift (UTC ISO times ending in Z)."""

    id: str
    bureau_id: str
    mission_id: str | None
    shift_type: str | None
    required_role: str | None
    required_skills: list[str]
    capacity: int
    start_time: str
    end_time: str
    status: str
    notes: str | None
    version: int


class ShiftCreatedPublic(ShiftPublic):
    forced: bool
    conflicts_overridden: int


class ShiftEnvelope(BaseModel):
    shift: ShiftPublic
    warnings: list[SeedConflict] = []


class ShiftCreatedEnvelope(BaseModel):
    shift: ShiftCreatedPublic
    warnings: list[SeedConflict] = []


class ShiftTime(BaseModel):
    # Read from services.shifts.LocalTimes: its `start_hhmm`/`end_hhmm` are the seed's `startTime`/`endTime`.
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    date: str
    start_hhmm: str = Field(alias="startTime")
    end_hhmm: str = Field(alias="endTime")


class MoveResult(BaseModel):
    """Either the moved shift (with `forced`, `conflicts_overridden`) or, with validate_only, the check."""

    id: str | None = None
    employee: str | None = None
    employee_id: str | None = None
    bureau: str | None = None
    date: str | None = None
    startTime: str | None = None
    endTime: str | None = None
    status: str | None = None
    version: int | None = None
    forced: bool | None = None
    conflicts_overridden: int | None = None
    valid: bool | None = None
    conflicts: list[dict[str, Any]] | None = None
    warnings: list[dict[str, Any]] = []
    current: ShiftTime | None = None
    proposed: ShiftTime | None = None


def _none(value: object) -> bool:
    return value is None


class ConflictShift(BaseModel):
    """A shift the conflict names; a key the stored conflict did not record is left out."""

    model_config = ConfigDict(from_attributes=True)

    time: str | None = Field(None, exclude_if=_none, description='Local "HH:MM - HH:MM"')
    bureau: str | None = Field(None, exclude_if=_none)


class ConflictRow(BaseModel):
    # Read from services.conflicts.ConflictView (its other fields are not part of the answer).
    model_config = ConfigDict(from_attributes=True)

    id: str
    type: str
    code: str
    severity: str
    rule_severity: str
    status: str
    employee: str | None = None
    employee_id: str | None = None
    description: str
    date: str | None = None
    shifts: list[ConflictShift]
    shift_ids: list[str]
    detected_at: Any = None
    resolved_at: Any = None
    resolved_by: str | None = None


class ConflictList(BaseModel):
    conflicts: list[ConflictRow]
    total: int


class ConflictState(BaseModel):
    # Read from services.conflicts.ConflictState.
    model_config = ConfigDict(from_attributes=True)

    id: str
    status: str
    resolved_at: Any = None
    resolved_by: str | None = None
    acknowledged_at: Any = None
    acknowledged_by: str | None = None


class ConflictEnvelope(BaseModel):
    conflict: ConflictState


class ResetResult(BaseModel):
    message: str
    deleted: dict[str, bool]
