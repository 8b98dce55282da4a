"""Seed 002 AI Scheduling: what the routes take and what they answer."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shiftapp.api.schemas.common import IsoDatetime, RequestBody
from shiftapp.api.text_fields import IdText, NameText, NotesText, ReferenceText, StatusText, TimestampText

# A synchronous request holds a connection and a worker: longer runs must be background jobs.
MAX_INLINE_SECONDS = 60
MAX_JOB_SECONDS = 600


# ------------------------------------------------------------------ requests
class Pattern(RequestBody):
    name: NameText = "Shift"
    start_time: TimestampText
    end_time: TimestampText
    days: list[StatusText] = Field(default_factory=lambda: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
    staff: int = Field(1, ge=1, le=20)


class Constraints(RequestBody):
    min_senior_per_shift: int = Field(0, ge=0, le=10)
    max_shifts_per_week: int | None = Field(None, ge=1, le=7)
    respect_preferences: bool = True
    avoid_back_to_back: bool = True


class GenerateIn(RequestBody):
    bureau_id: IdText
    start_date: date
    end_date: date
    shift_patterns: list[Pattern] = Field(min_length=1)
    constraints: Constraints = Field(default_factory=Constraints)
    # shiftapp additions (a seed client sends neither): the solver's time limit, and whether to run
    # as a background job whose status is polled instead of waiting for the answer.
    time_limit_seconds: float | None = Field(None, ge=1, le=MAX_JOB_SECONDS)
    background: bool = False


class ScheduleShift(RequestBody):
    date: TimestampText
    start_time: TimestampText
    end_time: TimestampText
    bureau: NameText
    assigned_to: NameText | None = None
    employee_id: IdText | None = None
    role_level: StatusText | None = None
    shift_type: ReferenceText | None = None
    reasoning: NotesText | None = None


class ScheduleBody(RequestBody):
    shifts: list[ScheduleShift]


class SaveIn(RequestBody):
    schedule: ScheduleBody
    skip_conflict_check: bool = False


class ResolveIn(RequestBody):
    conflict_id: IdText
    apply: bool = False


class ChatIn(RequestBody):
    question: str = Field(min_length=1, max_length=1000)
    history: list[dict[str, str]] = Field(default_factory=list, max_length=20)


# ------------------------------------------------------------------ answers
class GeneratedShift(BaseModel):
    """One generated shift; `conflicts` (code, severity, message) is added when the rule engine found any."""

    model_config = ConfigDict(extra="allow")

    date: str
    start_time: str
    end_time: str
    employee_id: str
    employee_name: str
    role: str
    bureau: str
    shift_type: str


class GenerationSummary(BaseModel):
    total_shifts: int
    shifts_per_employee: dict[str, int]
    conflicts_detected: int = Field(description="Hard conflicts counted by the rule engine (never the solver)")
    soft_conflicts: int
    objective: int | None
    best_bound: int | float | None  # whichever the solver gave: JSON writes 7 and 7.0 differently
    proven_optimal: bool
    time_limit_reached: bool = Field(
        False, description="The time limit ended the search: the best schedule found, not proven optimal"
    )
    solver_seconds: float
    breakdown: dict[str, int] = Field(description="The solver's cost per rule")


class GeneratedSchedule(BaseModel):
    generated_shifts: list[GeneratedShift]
    summary: GenerationSummary
    ai_notes: str


class GenerationResult(BaseModel):
    success: bool
    schedule: GeneratedSchedule
    saved: bool
    shift_ids: list[str]
    unconfirmed_preferences_count: int


class GenerationStarted(BaseModel):
    """The answer (202) when `background: true`: poll `status_url`."""

    success: bool
    job_id: str
    status: str
    started: bool
    status_url: str


class GenerationJob(BaseModel):
    """A background generation: its progress and, once finished, the generation's answer as `result`."""

    job_id: str
    id: str
    kind: str
    status: str
    progress: int | float  # round() of a float; kept as given so the body reads as before
    message: str | None
    params: dict[str, Any] | None
    result: dict[str, Any] | None
    error: Any
    created_at: IsoDatetime
    started_at: IsoDatetime
    finished_at: IsoDatetime
    attempts: int  # runs so far: more than one when a worker stopped and another took the job up
    stop_requested: bool


class SavedSchedule(BaseModel):
    success: bool
    saved_shifts: int
    shift_ids: list[str]


class ResolveResult(BaseModel):
    """Ranked fixes; with `apply`, `resolution_details` says what was done."""

    model_config = ConfigDict(extra="allow")

    suggestions: list[dict[str, Any]]
    ai_recommendation: str
    applied: bool


class AiStatus(BaseModel):
    status: str
    mode: str
    model: str | None
    api_key_configured: bool
    last_request: str | None
    last_error: str | None
    solver: str


class ChatAnswer(BaseModel):
    answer: str
