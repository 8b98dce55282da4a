"""What AI Scheduling (services/ai_scheduling) takes and answers: typed requests and views.

Field names and order are seed 002's JSON; the API schemas (api/schemas/ai.py) read these objects. A
generation job stores its answer as JSON in the job row (`GenerationOutcome.as_json`) and reads it
back typed (`GenerationOutcome.from_json`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from pydantic import TypeAdapter

WORKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


# ------------------------------------------------------------------ requests
@dataclass(frozen=True, kw_only=True)
class ShiftPattern:
    """A shift the schedule repeats: its local HH:MM times, the weekdays it runs, how many staff it needs."""

    name: str = ""
    start_time: str
    end_time: str
    days: tuple[str, ...] = WORKDAYS
    staff: int = 1


@dataclass(frozen=True, kw_only=True)
class GenerationConstraints:
    min_senior_per_shift: int = 0
    max_shifts_per_week: int | None = None
    respect_preferences: bool = True
    avoid_back_to_back: bool = True


@dataclass(frozen=True, kw_only=True)
class GenerationRequest:
    """One bureau's dates and patterns to staff; `as_json` is the job's stored `params`."""

    bureau_id: str
    start_date: date
    end_date: date
    shift_patterns: tuple[ShiftPattern, ...]
    constraints: GenerationConstraints = field(default_factory=GenerationConstraints)

    def as_json(self, time_limit_s: float) -> dict[str, Any]:
        return {**_REQUEST.dump_python(self, mode="json"), "time_limit_seconds": time_limit_s}

    @staticmethod
    def from_json(params: dict[str, Any]) -> GenerationRequest:
        """The request back from a job's stored `params` (its time limit is read apart)."""
        return _REQUEST.validate_python({k: v for k, v in params.items() if k != "time_limit_seconds"})


@dataclass(frozen=True, kw_only=True)
class ScheduleShift:
    """A previewed shift to save: the bureau by name, the person by id or by full name."""

    date: str
    start_time: str
    end_time: str
    bureau: str
    assigned_to: str | None = None
    employee_id: str | None = None
    shift_type: str | None = None
    reasoning: str | None = None


# ------------------------------------------------------------------ answers
@dataclass(frozen=True)
class RuleNote:
    """A rule engine finding on one generated shift."""

    code: str
    severity: str
    message: str


@dataclass(frozen=True, kw_only=True)
class GeneratedShift:
    date: str
    start_time: str
    end_time: str
    employee_id: str
    employee_name: str
    role: str
    bureau: str
    shift_type: str
    conflicts: tuple[RuleNote, ...] = ()


@dataclass(frozen=True, kw_only=True)
class GenerationSummary:
    total_shifts: int
    shifts_per_employee: dict[str, int]
    conflicts_detected: int  # hard conflicts by the rule engine, never the solver's count
    soft_conflicts: int
    objective: int | None
    best_bound: int | float | None  # as the solver gave it: JSON writes 7 and 7.0 differently
    proven_optimal: bool
    time_limit_reached: bool = False
    solver_seconds: float
    breakdown: dict[str, int]


@dataclass(frozen=True)
class GeneratedSchedule:
    generated_shifts: tuple[GeneratedShift, ...]
    summary: GenerationSummary
    ai_notes: str


@dataclass(frozen=True)
class GenerationOutcome:
    """A generated schedule, not saved."""

    success: bool
    schedule: GeneratedSchedule
    saved: bool
    shift_ids: tuple[str, ...]
    unconfirmed_preferences_count: int

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = _OUTCOME.dump_python(self, mode="json")
        return data

    @staticmethod
    def from_json(data: Any) -> GenerationOutcome:
        return _OUTCOME.validate_python(data)


@dataclass(frozen=True)
class GenerationJobView:
    """A background generation: status, progress (0 to 1) and, once finished, its outcome."""

    job_id: str
    id: str
    kind: str
    status: str
    progress: float
    message: str | None
    params: dict[str, Any] | None  # the request as stored with the job (GenerationRequest.as_json)
    result: GenerationOutcome | None
    error: str | None
    created_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    attempts: int = 0  # runs started so far (a run after a stopped job worker is the next attempt)
    stop_requested: bool = False

    @property
    def finished(self) -> bool:
        return self.status in ("succeeded", "failed", "cancelled")


@dataclass(frozen=True)
class SavedSchedule:
    success: bool
    saved_shifts: int
    shift_ids: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ReassignFix:
    """Give the shift to someone else who is free."""

    action: Literal["reassign"] = "reassign"
    description: str
    employee_id: str
    shift_id: str
    assignment_id: str
    rationale: str
    impact: str
    # Beyond the seed: a stable name to apply this fix by, the change in words, and the soft
    # conflicts it would leave (a fix never breaks a hard rule).
    fix_id: str = ""
    change: str = ""
    conflicts_after: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AdjustTimeFix:
    """Move the shift by whole hours."""

    action: Literal["adjust_time"] = "adjust_time"
    description: str
    shift_id: str
    shift_hours: int
    rationale: str
    impact: str
    fix_id: str = ""
    change: str = ""
    conflicts_after: tuple[str, ...] = ()


ConflictFix = ReassignFix | AdjustTimeFix


@dataclass(frozen=True, kw_only=True)
class Reassigned:
    action_taken: Literal["reassign"] = "reassign"
    old_employee: str | None
    new_employee: str | None


@dataclass(frozen=True, kw_only=True)
class TimeAdjusted:
    action_taken: Literal["adjust_time"] = "adjust_time"
    hours: int


@dataclass(frozen=True)
class ConflictFixes:
    """Ranked fixes for a stored conflict; `resolution_details` says what was done when one was applied."""

    suggestions: tuple[ConflictFix, ...]
    ai_recommendation: str
    applied: bool
    resolution_details: Reassigned | TimeAdjusted | None = None


_REQUEST: TypeAdapter[GenerationRequest] = TypeAdapter(GenerationRequest)
_OUTCOME: TypeAdapter[GenerationOutcome] = TypeAdapter(GenerationOutcome)

__all__ = [
    "AdjustTimeFix",
    "ConflictFix",
    "ConflictFixes",
    "GeneratedSchedule",
    "GeneratedShift",
    "GenerationConstraints",
    "GenerationJobView",
    "GenerationOutcome",
    "GenerationRequest",
    "GenerationSummary",
    "ReassignFix",
    "Reassigned",
    "RuleNote",
    "SavedSchedule",
    "ScheduleShift",
    "ShiftPattern",
    "TimeAdjusted",
]
