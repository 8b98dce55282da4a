"""Copy & repeat on the job queue: a preview or a commit of a batch (services/repeat/) runs in a job
worker, not in the web process (issue 19), since a batch near its size limit keeps the rule engine busy
for seconds (README's performance table).

The web process checks what it can answer at once — role, bureau, dates, templates, the batch's size,
the reason — and queues a job only for a request that can be computed; the job worker computes the
preview, or runs the commit as `services.repeat` does (the batch computed again inside its transaction,
a 409 when the preview's fingerprint moved, `force` past hard conflicts, the audit entries). The REST
routes wait for the job (`jobs.wait_for_job`); the page follows its row.

Each request is a job of its own: a preview reads far more than its fingerprint covers (every person's
other shifts, leave, preferences, the rule settings), so a stored preview is never handed out again
for a later request, and a commit is an act, never a repeat of an earlier one."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter
from sqlmodel import Session

from shiftapp.config import get_settings
from shiftapp.db import session_scope
from shiftapp.models import Employee, Job
from shiftapp.models.common import new_id
from shiftapp.rules import Conflict as RuleFinding
from shiftapp.services import access, jobs, repeat
from shiftapp.services.errors import DomainError, NotFound, ValidationFailed
from shiftapp.services.text_limits import check_reason

PREVIEW_KIND = "repeat_preview"
COMMIT_KIND = "repeat_commit"
KINDS = (PREVIEW_KIND, COMMIT_KIND)
# How long a caller waits for a batch to be computed, beyond JOB_WAIT_MARGIN_SECONDS for a busy worker
# to get to it: a batch at its size limit takes seconds; this leaves room for a machine busy with other work.
WAIT_S = 30.0

BatchRequest = repeat.CopyWeekRequest | repeat.ApplyTemplatesRequest
_PREVIEW: TypeAdapter[repeat.BatchPreview] = TypeAdapter(repeat.BatchPreview)
_OUTCOME: TypeAdapter[repeat.BatchOutcome] = TypeAdapter(repeat.BatchOutcome)


def wait_seconds() -> float:
    """How long a caller waits for a batch job before it is stopped and the caller told so (503)."""
    return WAIT_S + get_settings().job_wait_margin_seconds


def _batch_kind(request: BatchRequest) -> repeat.BatchKind:
    return "copy_week" if isinstance(request, repeat.CopyWeekRequest) else "apply_templates"


def _check(session: Session, actor: Employee, request: BatchRequest) -> None:
    if isinstance(request, repeat.CopyWeekRequest):
        repeat.check_copy_week(session=session, actor=actor, request=request)
    else:
        repeat.check_apply_templates(session=session, actor=actor, request=request)


def _request(params: dict[str, Any]) -> BatchRequest:
    if params.get("batch") == "copy_week":
        return repeat.CopyWeekRequest.model_validate(params["request"])
    return repeat.ApplyTemplatesRequest.model_validate(params["request"])


def _start(session: Session, actor: Employee, kind: str, params: dict[str, Any]) -> Job:
    job, _started = jobs.start_job(session=session, actor=actor, kind=kind, request=params, data_fingerprint=new_id())
    return job


# ------------------------------------------------------------------ the web process: check, then queue
def start_preview(*, session: Session, actor: Employee, request: BatchRequest) -> Job:
    """Queue the preview of a copy or of templates applied, once the request passed every check that
    needs no rule engine (those refusals are raised here, before a job exists)."""
    _check(session, actor, request)
    return _start(
        session, actor, PREVIEW_KIND, {"batch": _batch_kind(request), "request": request.model_dump(mode="json")}
    )


def start_commit(
    *,
    session: Session,
    actor: Employee,
    request: BatchRequest,
    fingerprint: str,
    force: bool = False,
    reason: str | None = None,
) -> Job:
    """Queue the commit of what the preview with this fingerprint showed, once the request passed every
    check that needs no rule engine (those refusals are raised here, before a job exists)."""
    check_reason(reason)
    _check(session, actor, request)
    params = {
        "batch": _batch_kind(request),
        "request": request.model_dump(mode="json"),
        "fingerprint": fingerprint,
        "force": bool(force),
        "reason": reason,
    }
    return _start(session, actor, COMMIT_KIND, params)


# ------------------------------------------------------------------ the job worker
def _owner(session: Session, ticket: jobs.JobTicket) -> Employee:
    actor = session.get(Employee, ticket.created_by) if ticket.created_by else None
    if actor is None:
        raise ValidationFailed("The job's owner is no longer known; start it again")
    return actor


@jobs.runner(PREVIEW_KIND)
def _run_preview(ticket: jobs.JobTicket, progress: jobs.Progress) -> dict[str, Any]:
    request = _request(ticket.params)
    progress(0.1, "Planning the shifts and checking them against the rules", force=True)
    with session_scope() as session:
        actor = _owner(session, ticket)
        if isinstance(request, repeat.CopyWeekRequest):
            preview = repeat.preview_copy_week(session=session, actor=actor, request=request)
        else:
            preview = repeat.preview_apply_templates(session=session, actor=actor, request=request)
    # What the commit would write is computed again by the commit: the stored preview is what is shown.
    shown = dataclasses.replace(
        preview,
        planned=[],
        rows=[
            dataclasses.replace(row, conflicts=tuple(_with_italian(c) for c in row.conflicts)) for row in preview.rows
        ],
        conflicts=[_with_italian(c) for c in preview.conflicts],
    )
    return dict(_PREVIEW.dump_python(shown, mode="json"))


ITALIAN_MESSAGE = "message_it"


def _with_italian(finding: RuleFinding) -> RuleFinding:
    """The finding with its Italian reading beside the English message: a stored preview keeps plain JSON,
    so the message's parameters (dates, time windows) cannot be rendered again once it is read back."""
    return dataclasses.replace(finding, details={**finding.details, ITALIAN_MESSAGE: finding.text("it")})


@jobs.runner(COMMIT_KIND)
def _run_commit(ticket: jobs.JobTicket, progress: jobs.Progress) -> dict[str, Any]:
    params = ticket.params
    request = _request(params)
    # Reported before the batch takes its locks: progress is written through another connection,
    # which on SQLite would wait for this one's write lock.
    progress(0.1, "Checking the batch again and creating the shifts", force=True)
    with session_scope() as session:
        actor = _owner(session, ticket)
        fingerprint, force, reason = str(params["fingerprint"]), bool(params.get("force")), params.get("reason")
        if isinstance(request, repeat.CopyWeekRequest):
            outcome = repeat.copy_week(
                session=session, actor=actor, request=request, fingerprint=fingerprint, force=force, reason=reason
            )
        else:
            outcome = repeat.apply_templates(
                session=session, actor=actor, request=request, fingerprint=fingerprint, force=force, reason=reason
            )
        # Written only while this run holds the job, and not after its caller stopped waiting.
        progress.hold(session, unless_stopped=True)
    return dict(_OUTCOME.dump_python(outcome, mode="json"))


# ------------------------------------------------------------------ reading a finished job
def preview_result(job: Job) -> repeat.BatchPreview:
    """A finished preview job's preview; its refusal raised as the same error the service raised."""
    return _PREVIEW.validate_python(jobs.finished_result(job))


def outcome_result(job: Job) -> repeat.BatchOutcome:
    """A finished commit job's outcome; its refusal (409, hard conflicts, ...) raised as the same error."""
    return _OUTCOME.validate_python(jobs.finished_result(job))


@dataclass(frozen=True)
class BatchJob:
    """A batch job as the page follows it: its status and, once finished, its answer or its refusal."""

    job: jobs.JobView
    preview: repeat.BatchPreview | None = None
    outcome: repeat.BatchOutcome | None = None
    refusal: DomainError | None = None


def _own_job(session: Session, actor: Employee, job_id: str) -> Job:
    """A batch job, for the one who started it (it holds their request and their bureau's schedule)."""
    job = session.get(Job, job_id) if isinstance(job_id, str) else None
    if job is None or job.kind not in KINDS or job.created_by != actor.id or not access.is_leader_or_planner(actor):
        raise NotFound(f"Job {job_id} not found")
    return job


def batch_job(*, session: Session, actor: Employee, job_id: str) -> BatchJob:
    job = _own_job(session, actor, job_id)
    view = jobs.job_view(job)
    if not view.finished:
        return BatchJob(view)
    try:
        if job.kind == PREVIEW_KIND:
            return BatchJob(view, preview=preview_result(job))
        return BatchJob(view, outcome=outcome_result(job))
    except DomainError as refusal:
        return BatchJob(view, refusal=refusal)
    except RuntimeError:  # a crash in the job worker: no refusal to repeat, only what went wrong
        return BatchJob(view, refusal=DomainError(f"The batch failed in the job worker ({job.error}); try again"))


def stop_batch_job(*, session: Session, actor: Employee, job_id: str) -> BatchJob:
    """Stop following a batch: a queued one is cancelled at once, a running commit writes nothing."""
    _own_job(session, actor, job_id)
    return batch_job(session=session, actor=actor, job_id=jobs.cancel_job(session=session, job_id=job_id).id)
