"""Pieces shared by the resource families' schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from shiftapp.api.text_fields import REQUEST_TEXT_BACKSTOP


class RequestBody(BaseModel):
    """A request body: unknown keys are ignored (seed clients send extras) and every string has a maximum."""

    model_config = ConfigDict(extra="ignore", str_max_length=REQUEST_TEXT_BACKSTOP)


class Message(BaseModel):
    message: str


def _isoformat(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# Written as `datetime.isoformat()` ("+00:00"), the way these bodies read before they had a schema;
# pydantic's own datetime serialisation would write "Z" and change them.
IsoDatetime = Annotated[datetime | None, PlainSerializer(_isoformat, return_type=str | None)]


class SeedConflict(BaseModel):
    """A conflict as seed 002 writes it; `shift1` and `shift2` are added when exactly two shifts clash."""

    model_config = ConfigDict(extra="allow")

    type: str
    code: str
    severity: str = Field(description="The level: high, medium or low")
    hard: bool
    employee: str | None = None
    employee_id: str | None = None
    description: str
    date: str | None = None
    details: dict[str, Any]
    shifts: list[dict[str, Any]]
