"""Seed 002 — AI Scheduling API: the solver generates, the rule engine checks, the model explains."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from shiftapp.ai.client import get_client
from shiftapp.api.authorisation import AuthoriseFirstRoute, leader_or_planner, team_leader_or_admin
from shiftapp.api.deps import CurrentUser, DbSession, reading_unit
from shiftapp.api.text_fields import (
    REQUEST_TEXT_BACKSTOP,
    IdText,
    NameText,
    NotesText,
    ReferenceText,
    StatusText,
    TimestampText,
)
from shiftapp.services import ai_scheduling, assistant
from shiftapp.services.errors import ValidationFailed

router = APIRouter(prefix="/api/ai", tags=["ai scheduling"], route_class=AuthoriseFirstRoute)
# A synchronous request holds a connection and a worker: longer runs must be background jobs.
MAX_INLINE_SECONDS = 60
MAX_JOB_SECONDS = 600


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore", str_max_length=REQUEST_TEXT_BACKSTOP)


class Pattern(Body):
    name: NameText = "Shift"
    start_time: TimestampText
    end_time: TimestampText
    days: list[StatusText] = Field(default_factory=lambda: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
    staff: int = Field(1, ge=1, le=20)


class Constraints(Body):
    min_senior_per_shift: int = Field(0, ge=0, le=10)
    max_shifts_per_week: int | None = Field(None, ge=1, le=7)
    respect_preferences: bool = True
    avoid_back_to_back: bool = True


class GenerateIn(Body):
    bureau_id: IdText
    start_date: date
    end_date: date
    shift_patterns: list[Pattern] = Field(min_length=1)
    constraints: Constraints = Field(default_factory=Constraints)
    # shiftapp additions (a seed client sends neither): the solver's time limit, and whether to run
    # as a background job whose status is polled instead of waiting for the answer.
    time_limit_seconds: float | None = Field(None, ge=1, le=MAX_JOB_SECONDS)
    background: bool = False


class ScheduleShift(Body):
    date: TimestampText
    start_time: TimestampText
    end_time: TimestampText
    bureau: NameText
    assigned_to: NameText | None = None
    employee_id: IdText | None = None
    role_level: StatusText | None = None
    shift_type: ReferenceText | None = None
    reasoning: NotesText | None = None


class ScheduleBody(Body):
    shifts: list[ScheduleShift]


class SaveIn(Body):
    schedule: ScheduleBody
    skip_conflict_check: bool = False


class ResolveIn(Body):
    conflict_id: IdText
    apply: bool = False


class ChatIn(Body):
    question: str = Field(min_length=1, max_length=1000)
    history: list[dict[str, str]] = Field(default_factory=list, max_length=20)


@router.post(
    "/generate-schedule",
    dependencies=[team_leader_or_admin("generate schedules")],
    responses={202: {"description": "Started as a background job (`background: true`); poll `status_url`"}},
)
@reading_unit
def generate(body: GenerateIn, session: DbSession, user: CurrentUser):
    request = dict(
        session=session,
        actor=user,
        bureau_id=body.bureau_id,
        start_date=body.start_date,
        end_date=body.end_date,
        shift_patterns=[p.model_dump() for p in body.shift_patterns],
        constraints=body.constraints.model_dump(),
    )
    if body.background:
        job, started = ai_scheduling.start_generation_job(**request, time_limit_s=body.time_limit_seconds or 60.0)
        return JSONResponse(
            jsonable_encoder(
                {
                    "success": True,
                    "job_id": job.id,
                    "status": job.status,
                    "started": started,
                    "status_url": f"/api/ai/generate-schedule/jobs/{job.id}",
                }
            ),
            status_code=202,
        )
    if body.time_limit_seconds and body.time_limit_seconds > MAX_INLINE_SECONDS:
        raise ValidationFailed(
            f'time_limit_seconds above {MAX_INLINE_SECONDS} needs "background": true; poll the '
            "job's status_url for the result",
            details={"field": "time_limit_seconds"},
        )
    return ai_scheduling.generate_schedule(**request, time_limit_s=body.time_limit_seconds or 10.0)


@router.get("/generate-schedule/jobs/{job_id}", dependencies=[team_leader_or_admin("generate schedules")])
def generation_status(job_id: str, session: DbSession, user: CurrentUser):
    return ai_scheduling.generation_job(session=session, actor=user, job_id=job_id)


@router.post("/generate-schedule/jobs/{job_id}/stop", dependencies=[team_leader_or_admin("generate schedules")])
def stop_generation(job_id: str, session: DbSession, user: CurrentUser):
    return ai_scheduling.stop_generation_job(session=session, actor=user, job_id=job_id)


@router.post("/save-schedule", dependencies=[team_leader_or_admin("generate schedules")])
def save(body: SaveIn, session: DbSession, user: CurrentUser):
    return ai_scheduling.save_schedule(
        session=session,
        actor=user,
        shifts=[s.model_dump() for s in body.schedule.shifts],
        skip_conflict_check=body.skip_conflict_check,
    )


@router.post("/resolve-conflict", dependencies=[leader_or_planner("resolve conflicts")])
def resolve(body: ResolveIn, session: DbSession, user: CurrentUser):
    return ai_scheduling.resolve_conflict(session=session, actor=user, conflict_id=body.conflict_id, apply=body.apply)


@router.get("/status")
def status(user: CurrentUser) -> dict[str, Any]:
    client = get_client()
    state = client.status
    return {
        "status": "operational" if client.enabled else "fallback",
        "mode": state.mode,
        "model": state.model,
        "api_key_configured": state.api_key_configured,
        "last_request": state.last_request.isoformat() if state.last_request else None,
        "last_error": state.last_error,
        "solver": "OR-Tools CP-SAT (schedules are generated by the solver; the model only explains)",
    }


@router.post("/chatbot")
@reading_unit
def chatbot(body: ChatIn, user: CurrentUser):
    return {"answer": assistant.ask_help(question=body.question, history=body.history, client=get_client())}
