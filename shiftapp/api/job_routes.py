"""Following a job: what a synchronous route that answered 202 Accepted (its job outlived the wait) did."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from shiftapp.api.authorisation import AuthoriseFirstRoute
from shiftapp.api.deps import CurrentUser, DbSession
from shiftapp.api.schemas.planning import JobPublic
from shiftapp.models import Job
from shiftapp.services import jobs

router = APIRouter(tags=["jobs"], route_class=AuthoriseFirstRoute)

ACCEPTED_DESCRIPTION = (
    "Accepted: the job outlived the wait and is left to finish (its change may land after this answer). "
    "Follow it at `Location` (`GET /api/jobs/{job_id}`) until `status` is `succeeded` (its `result` is "
    "the answer this route gives), `failed` or `cancelled`."
)


ACCEPTED_HEADERS: dict[str, Any] = {
    "Location": {"description": "The job to follow: `/api/jobs/{job_id}`", "schema": {"type": "string"}},
    "Retry-After": {"description": "Seconds to wait before following it", "schema": {"type": "integer"}},
}


def accepted_response(model: type) -> dict[int | str, dict[str, Any]]:
    """The 202 of a route that commits through a job, for its OpenAPI description."""
    return {202: {"model": model, "description": ACCEPTED_DESCRIPTION, "headers": ACCEPTED_HEADERS}}


def job_location(job_id: str) -> str:
    return f"/api/jobs/{job_id}"


def accepted(job: Job, *, body: dict[str, Any] | None = None) -> JSONResponse:
    """202 with the job to follow, in `Location`; `body` wraps the job's fields (a seed's envelope)."""
    location = job_location(job.id)
    started = {
        "job_id": job.id,
        "status": job.status,
        "status_url": location,
        "message": "Still running: follow the job at status_url for its outcome",
    }
    content = started if body is None else {**body, "data": started}
    return JSONResponse(content, status_code=202, headers={"Location": location, "Retry-After": "1"})


@router.get("/api/jobs/{job_id}", response_model=JobPublic)
def job_status(job_id: str, session: DbSession, user: CurrentUser) -> JobPublic:
    """A job's status and progress and, once finished, its result (`result`) or error (`error`): planners
    and admins follow any job; others those they started and those for a bureau they lead."""
    return JobPublic.model_validate(jobs.job_view(jobs.followed_job(session=session, actor=user, job_id=job_id)))
