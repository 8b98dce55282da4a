"""Seed 002 — AI Scheduling API: the solver generates, the rule engine checks, the model explains."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from shiftapp.ai.client import get_client
from shiftapp.api.authorisation import AuthoriseFirstRoute, leader_or_planner, team_leader_or_admin
from shiftapp.api.deps import CurrentUser, DbSession, reading_unit
from shiftapp.api.schemas.ai import (
    MAX_INLINE_SECONDS,
    AiStatus,
    ChatAnswer,
    ChatIn,
    GenerateIn,
    GenerationJob,
    GenerationResult,
    GenerationStarted,
    ResolveIn,
    ResolveResult,
    SavedSchedule,
    SaveIn,
)
from shiftapp.config import get_settings
from shiftapp.services import ai_scheduling, assistant
from shiftapp.services.errors import ValidationFailed
from shiftapp.services.generation_contracts import ConflictFixes, GenerationJobView, GenerationOutcome
from shiftapp.services.generation_contracts import SavedSchedule as SavedScheduleView
from shiftapp.services.jobs import wait_for_job

router = APIRouter(prefix="/api/ai", tags=["ai scheduling"], route_class=AuthoriseFirstRoute)


@router.post(
    "/generate-schedule",
    response_model=GenerationResult,
    dependencies=[team_leader_or_admin("generate schedules")],
    responses={
        202: {
            "model": GenerationStarted,
            "description": "Started as a background job (`background: true`); poll `status_url`",
        }
    },
)
@reading_unit
async def generate(body: GenerateIn, session: DbSession, user: CurrentUser) -> GenerationOutcome | JSONResponse:
    """Generate a schedule with the solver, checked by the rule engine; nothing is saved."""
    request = body.to_service()
    if body.background:
        job, started = await run_in_threadpool(
            ai_scheduling.start_generation_job,
            session=session,
            actor=user,
            request=request,
            time_limit_s=body.time_limit_seconds or 60.0,
        )
        answer = GenerationStarted(
            success=True,
            job_id=job.id,
            status=job.status,
            started=started,
            status_url=f"/api/ai/generate-schedule/jobs/{job.id}",
        )
        return JSONResponse(answer.model_dump(mode="json"), status_code=202)
    if body.time_limit_seconds and body.time_limit_seconds > MAX_INLINE_SECONDS:
        raise ValidationFailed(
            f'time_limit_seconds above {MAX_INLINE_SECONDS} needs "background": true; poll the '
            "job's status_url for the result",
            details={"field": "time_limit_seconds"},
        )
    # The solver runs in a job worker; this request waits for it without holding a thread.
    time_limit = body.time_limit_seconds or 10.0
    job, _started = await run_in_threadpool(
        ai_scheduling.start_generation_job, session=session, actor=user, request=request, time_limit_s=time_limit
    )
    finished = await wait_for_job(job.id, timeout_s=time_limit + get_settings().job_wait_margin_seconds)
    return ai_scheduling.generation_result(finished)


@router.get(
    "/generate-schedule/jobs/{job_id}",
    response_model=GenerationJob,
    dependencies=[team_leader_or_admin("generate schedules")],
)
def generation_status(job_id: str, session: DbSession, user: CurrentUser) -> GenerationJobView:
    """A background generation's status and progress and, once finished, its result."""
    return ai_scheduling.generation_job(session=session, actor=user, job_id=job_id)


@router.post(
    "/generate-schedule/jobs/{job_id}/stop",
    response_model=GenerationJob,
    dependencies=[team_leader_or_admin("generate schedules")],
)
def stop_generation(job_id: str, session: DbSession, user: CurrentUser) -> GenerationJobView:
    """Stop a background generation; it keeps the best schedule found so far."""
    return ai_scheduling.stop_generation_job(session=session, actor=user, job_id=job_id)


@router.post("/save-schedule", response_model=SavedSchedule, dependencies=[team_leader_or_admin("generate schedules")])
def save(body: SaveIn, session: DbSession, user: CurrentUser) -> SavedScheduleView:
    """Re-check a generated schedule with the rule engine and save all of it or none of it."""
    return ai_scheduling.save_schedule(
        session=session,
        actor=user,
        shifts=[s.to_service() for s in body.schedule.shifts],
        skip_conflict_check=body.skip_conflict_check,
    )


@router.post("/resolve-conflict", response_model=ResolveResult, dependencies=[leader_or_planner("resolve conflicts")])
def resolve(body: ResolveIn, session: DbSession, user: CurrentUser) -> ConflictFixes:
    """Suggest fixes for a stored conflict, best first; `apply` carries out the best, or the one named by `fix_id`."""
    return ai_scheduling.resolve_conflict(
        session=session, actor=user, conflict_id=body.conflict_id, apply=body.apply, fix_id=body.fix_id
    )


@router.get("/status", response_model=AiStatus)
def status(user: CurrentUser) -> AiStatus:
    """Whether the language model is configured, and which solver writes the schedules."""
    client = get_client()
    state = client.status
    return AiStatus(
        status="operational" if client.enabled else "fallback",
        mode=state.mode,
        model=state.model,
        api_key_configured=state.api_key_configured,
        last_request=state.last_request.isoformat() if state.last_request else None,
        last_error=state.last_error,
        solver="OR-Tools CP-SAT (schedules are generated by the solver; the model only explains)",
    )


@router.post("/chatbot", response_model=ChatAnswer)
@reading_unit
def chatbot(body: ChatIn, user: CurrentUser) -> ChatAnswer:
    """Answer a question about using shiftapp."""
    return ChatAnswer(answer=assistant.ask_help(question=body.question, history=body.history, client=get_client()))
