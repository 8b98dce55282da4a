"""Copy and repeat — /api/v1/schedule/*: copy a bureau's week to the following weeks, or apply shift
templates over a date range. Each has a preview (nothing written) and a commit that takes the
preview's `fingerprint`: a schedule changed since is a 409, hard conflicts are a 409 unless `force`.

Strict schemas; errors in `{"error", "code", "details"}`, refusals for conflicts add them in Planning
PRO's shape. Team leaders for the bureau they lead, schedulers, managers and admins. A job worker
computes the batches; without one these routes answer 503 (docs/jobs.md)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from shiftapp.api.answers_off_loop import answer_off_loop
from shiftapp.api.authorisation import AuthoriseFirstRoute, leader_or_planner
from shiftapp.api.conflict_bodies import planning_conflict, planning_hard_and_soft
from shiftapp.api.deps import CurrentUser, DbSession, reading_unit
from shiftapp.api.job_routes import accepted, accepted_response
from shiftapp.api.schemas.planning import JobAccepted
from shiftapp.api.schemas.repeat import (
    ApplyTemplatesIn,
    ApplyTemplatesPreviewIn,
    BatchOutcomePublic,
    BatchPreviewPublic,
    CopyWeekIn,
    CopyWeekPreviewIn,
)
from shiftapp.rules import ChangeResult
from shiftapp.services import repeat, repeat_jobs
from shiftapp.services.jobs import wait_for_commit, wait_for_job

router = APIRouter(prefix="/api/v1/schedule", tags=["copy and repeat"], route_class=AuthoriseFirstRoute)
LEADERS = [leader_or_planner("copy weeks and apply templates")]


def _preview_body(preview: repeat.BatchPreview) -> BatchPreviewPublic:
    rows: list[dict[str, Any]] = [
        {
            "key": r.key,
            "date": r.date,
            "weekday": r.weekday,
            "start_hhmm": r.start_hhmm,
            "end_hhmm": r.end_hhmm,
            "start_time": r.start_time,
            "end_time": r.end_time,
            "shift_type": r.shift_type,
            "required_role": r.required_role,
            "capacity": r.capacity,
            "people": r.people,
            "source_shift_id": r.source_shift_id,
            "template_id": r.template_id,
            "template_name": r.template_name,
            "week_offset": r.week_offset,
            "conflicts": [planning_conflict(c) for c in r.conflicts],
        }
        for r in preview.rows
    ]
    return BatchPreviewPublic.model_validate(
        {
            "kind": preview.kind,
            "bureau_id": preview.bureau_id,
            "bureau_name": preview.bureau_name,
            "timezone": preview.timezone,
            "fingerprint": preview.fingerprint,
            "create_count": len(preview.rows),
            "skipped_count": len(preview.skipped),
            "hard_count": preview.hard_count,
            "soft_count": preview.soft_count,
            "rows": rows,
            "skipped": preview.skipped,
            "conflicts": planning_hard_and_soft(ChangeResult(introduced=list(preview.conflicts))),
        }
    )


def _copy_request(body: CopyWeekPreviewIn) -> repeat.CopyWeekRequest:
    return repeat.CopyWeekRequest.model_validate(body.model_dump(include=set(repeat.CopyWeekRequest.model_fields)))


def _templates_request(body: ApplyTemplatesPreviewIn) -> repeat.ApplyTemplatesRequest:
    fields = set(repeat.ApplyTemplatesRequest.model_fields)
    return repeat.ApplyTemplatesRequest.model_validate(body.model_dump(include=fields))


# The batches are computed in a job worker (services/repeat_jobs.py); these requests wait for it without
# holding a thread, and answer as before: the same bodies, the same refusals.
@router.post("/copy-week/preview", response_model=BatchPreviewPublic, dependencies=LEADERS)
@reading_unit
async def preview_copy_week(body: CopyWeekPreviewIn, session: DbSession, user: CurrentUser) -> JSONResponse:
    """Show the shifts copying a week would create and skip, with their conflicts; nothing is written."""
    job = await run_in_threadpool(repeat_jobs.start_preview, session=session, actor=user, request=_copy_request(body))
    finished = await wait_for_job(job.id, timeout_s=repeat_jobs.wait_seconds())
    return await answer_off_loop(lambda: _preview_body(repeat_jobs.preview_result(finished)))


async def _commit_batch(
    session: DbSession,
    user: CurrentUser,
    request: repeat.CopyWeekRequest | repeat.ApplyTemplatesRequest,
    body: CopyWeekIn | ApplyTemplatesIn,
) -> BatchOutcomePublic | JSONResponse:
    """Commit a previewed batch as a job; its outcome, or 202 with the job's address if it outlives the wait."""
    job = await run_in_threadpool(
        repeat_jobs.start_commit,
        session=session,
        actor=user,
        request=request,
        fingerprint=body.fingerprint,
        force=body.force,
        reason=body.reason,
    )
    finished = await wait_for_commit(job.id, timeout_s=repeat_jobs.wait_seconds())
    if finished is None:
        return accepted(job)
    done = finished
    return await answer_off_loop(
        lambda: BatchOutcomePublic.model_validate(repeat_jobs.outcome_result(done)), status_code=201
    )


@router.post(
    "/copy-week",
    response_model=BatchOutcomePublic,
    status_code=201,
    dependencies=LEADERS,
    responses=accepted_response(JobAccepted),
)
@reading_unit
async def copy_week(body: CopyWeekIn, session: DbSession, user: CurrentUser) -> BatchOutcomePublic | JSONResponse:
    """Create the copies the preview with this fingerprint showed, in one transaction."""
    return await _commit_batch(session, user, _copy_request(body), body)


@router.post("/apply-templates/preview", response_model=BatchPreviewPublic, dependencies=LEADERS)
@reading_unit
async def preview_apply_templates(body: ApplyTemplatesPreviewIn, session: DbSession, user: CurrentUser) -> JSONResponse:
    """Show the shifts applying templates would create and skip, with their conflicts; nothing is written."""
    job = await run_in_threadpool(
        repeat_jobs.start_preview, session=session, actor=user, request=_templates_request(body)
    )
    finished = await wait_for_job(job.id, timeout_s=repeat_jobs.wait_seconds())
    return await answer_off_loop(lambda: _preview_body(repeat_jobs.preview_result(finished)))


@router.post(
    "/apply-templates",
    response_model=BatchOutcomePublic,
    status_code=201,
    dependencies=LEADERS,
    responses=accepted_response(JobAccepted),
)
@reading_unit
async def apply_templates(
    body: ApplyTemplatesIn, session: DbSession, user: CurrentUser
) -> BatchOutcomePublic | JSONResponse:
    """Create the shifts the preview with this fingerprint showed, in one transaction."""
    return await _commit_batch(session, user, _templates_request(body), body)
