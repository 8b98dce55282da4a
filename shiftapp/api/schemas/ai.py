"""Seed 002 AI Scheduling: what the routes take and what they answer."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from shiftapp.api.schemas.common import IsoDatetime, RequestBody
from shiftapp.api.schemas.json_values import JsonValue
from shiftapp.api.text_fields import IdText, NameText, NotesText, ReferenceText, StatusText, TimestampText
from shiftapp.services import generation_contracts as contracts

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

    def to_service(self) -> contracts.ShiftPattern:
        return contracts.ShiftPattern(
            name=self.name, start_time=self.start_time, end_time=self.end_time, days=tuple(self.days), staff=self.staff
        )


class Constraints(RequestBody):
    min_senior_per_shift: int = Field(0, ge=0, le=10)
    max_shifts_per_week: int | None = Field(None, ge=1, le=7)
    respect_preferences: bool = True
    avoid_back_to_back: bool = True

    def to_service(self) -> contracts.GenerationConstraints:
        return contracts.GenerationConstraints(**self.model_dump())


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

    def to_service(self) -> contracts.GenerationRequest:
        return contracts.GenerationRequest(
            bureau_id=self.bureau_id,
            start_date=self.start_date,
            end_date=self.end_date,
            shift_patterns=tuple(p.to_service() for p in self.shift_patterns),
            constraints=self.constraints.to_service(),
        )


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

    def to_service(self) -> contracts.ScheduleShift:
        return contracts.ScheduleShift(
            date=self.date,
            start_time=self.start_time,
            end_time=self.end_time,
            bureau=self.bureau,
            assigned_to=self.assigned_to,
            employee_id=self.employee_id,
            shift_type=self.shift_type,
            reasoning=self.reasoning,
        )


class ScheduleBody(RequestBody):
    shifts: list[ScheduleShift]


class SaveIn(RequestBody):
    schedule: ScheduleBody
    skip_conflict_check: bool = False


class ResolveIn(RequestBody):
    conflict_id: IdText
    apply: bool = False
    fix_id: str | None = Field(
        None,
        max_length=80,
        description="With `apply`: the `fix_id` of the suggestion to carry out instead of the best one; "
        "one that no longer removes the conflict without breaking a rule is refused with 409",
    )


class ChatIn(RequestBody):
    question: str = Field(min_length=1, max_length=1000)
    history: list[dict[str, str]] = Field(default_factory=list, max_length=20)


# ------------------------------------------------------------------ answers
# Read from services.generation_contracts' dataclasses. Keys the seed adds only when they have something
# (a shift's conflicts, what an applied fix did) are left out when empty, as the seed leaves them out.
def _empty(value: object) -> bool:
    return not value


class RuleNote(BaseModel):
    code: str
    severity: str
    message: str


class GeneratedShift(BaseModel):
    """One generated shift; `conflicts` is there only when the rule engine found any."""

    date: str
    start_time: str
    end_time: str
    employee_id: str
    employee_name: str
    role: str
    bureau: str
    shift_type: str
    conflicts: list[RuleNote] = Field(
        default_factory=list,
        exclude_if=_empty,
        description="What the rule engine found on this shift; absent when nothing",
    )


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
    params: dict[str, JsonValue] | None = Field(description="The request, as the job stored it")
    result: GenerationResult | None
    error: str | None
    created_at: IsoDatetime
    started_at: IsoDatetime
    finished_at: IsoDatetime
    attempts: int  # runs so far: more than one when a worker stopped and another took the job up
    stop_requested: bool


class SavedSchedule(BaseModel):
    success: bool
    saved_shifts: int
    shift_ids: list[str]


class ReassignFix(BaseModel):
    """Give the shift to someone else who is free."""

    action: Literal["reassign"]
    description: str
    employee_id: str
    shift_id: str
    assignment_id: str
    rationale: str
    impact: str
    fix_id: str = Field(description="Send back as `fix_id` with `apply` to carry out this fix")
    change: str = Field(description="What the fix changes, in words")
    conflicts_after: list[str] = Field(description="The soft conflicts the fix would leave (it breaks no hard rule)")


class AdjustTimeFix(BaseModel):
    """Move the shift by whole hours (`shift_hours`, negative is earlier)."""

    action: Literal["adjust_time"]
    description: str
    shift_id: str
    shift_hours: int
    rationale: str
    impact: str
    fix_id: str = Field(description="Send back as `fix_id` with `apply` to carry out this fix")
    change: str = Field(description="What the fix changes, in words")
    conflicts_after: list[str] = Field(description="The soft conflicts the fix would leave (it breaks no hard rule)")


class Reassigned(BaseModel):
    action_taken: Literal["reassign"]
    old_employee: str | None
    new_employee: str | None


class TimeAdjusted(BaseModel):
    action_taken: Literal["adjust_time"]
    hours: int


class ResolveResult(BaseModel):
    """Ranked fixes; with `apply`, `resolution_details` says what was done (absent otherwise)."""

    suggestions: list[ReassignFix | AdjustTimeFix]
    ai_recommendation: str
    applied: bool
    resolution_details: Reassigned | TimeAdjusted | None = Field(None, exclude_if=_empty)


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
