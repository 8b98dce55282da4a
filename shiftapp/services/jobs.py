"""Background jobs (auto-assign, schedule generation, load planning) run by job workers, with their status
in the database.

- The id is a hash of the job's kind, its request and a fingerprint of the data it reads,
  so the same request on the same data returns the same job instead of starting another.
- The web process writes the job row and puts its id on the queue (services/queue.py); a job worker
  (`python -m shiftapp.worker`, a process of its own) claims the row with one conditional UPDATE, so a
  job never runs twice at once, and runs the work registered for its kind (`runner`).
- The worker holding a job renews its lease every HEARTBEAT_EVERY. A lease that runs out means the worker
  stopped (killed, machine gone): any worker's sweep (`requeue_interrupted_jobs`) queues the job again,
  and the next run starts from what the last one saved (`Progress.save_checkpoint`). A worker that finds
  it lost its lease stops its run and writes nothing more.
- Stop is a column (`stop_requested`), so it works from any web process: the worker reads it with each
  heartbeat and progress report and sets the run's stop event, which the solvers check.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, select

from shiftapp.db import session_scope
from shiftapp.i18n import reading_language, translate
from shiftapp.i18n.messages import Message, from_json, to_json
from shiftapp.models import Employee, Job, JobStatus, lengths
from shiftapp.models.common import utcnow
from shiftapp.services import errors
from shiftapp.services.errors import DomainError, HardConflicts, NotFound, Unavailable

log = logging.getLogger("shiftapp.jobs")
HEARTBEAT_EVERY = timedelta(seconds=2)
# A worker that has not renewed its lease for this long is taken for gone and its job queued again.
LEASE = timedelta(seconds=12)
# A queued job whose message may have been lost (a worker killed between taking it and claiming the row)
# is put on the queue again after this long; a second message for it is harmless.
QUEUED_RECHECK = timedelta(minutes=2)
# A job whose runs keep being cut short (a worker killed every time) fails after this many runs.
MAX_ATTEMPTS = 3
FINISHED = (JobStatus.succeeded.value, JobStatus.failed.value, JobStatus.cancelled.value)
STOPPED_ON_REQUEST = "Stopped on request"


class LostLease(Exception):
    """The run no longer holds its job (its lease ran out and another run took it): it must write nothing."""


@dataclass(frozen=True)
class JobView:
    """A job as the pages and the API show it."""

    job_id: str
    id: str
    kind: str
    status: str
    progress: float
    message: str | None
    params: dict[str, Any]
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    attempts: int
    stop_requested: bool

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


@dataclass(frozen=True)
class JobTicket:
    """What a run is given: the job's request and who asked for it."""

    id: str
    kind: str
    params: dict[str, Any]
    created_by: str | None
    attempt: int
    checkpoint: dict[str, Any] | None


class Progress:
    """Handed to the work function: report progress, save a checkpoint, and learn whether someone asked to
    stop (or the run lost its job)."""

    def __init__(self, job_id: str, worker_id: str, stop: threading.Event, checkpoint: dict[str, Any] | None = None):
        self.job_id = job_id
        self.worker_id = worker_id
        self.stop = stop
        self.checkpoint = checkpoint
        self.lost = False
        self._last_write = utcnow() - HEARTBEAT_EVERY
        self._last_checkpoint = utcnow() - HEARTBEAT_EVERY

    def __call__(self, fraction: float, message: str | Message | None = None, *, force: bool = False) -> None:
        """Report progress; a `Message` is kept as its template too, so whoever polls reads it in their
        language (this worker has no reader to ask)."""
        now = utcnow()
        if not force and now - self._last_write < HEARTBEAT_EVERY / 4:
            return
        self._last_write = now
        values: dict[str, Any] = {"progress": max(0.0, min(1.0, float(fraction)))}
        if message:
            values |= message_values(message)
        self._renew(values)

    def save_checkpoint(self, data: dict[str, Any], *, force: bool = False) -> None:
        """Keep what the next run should start from, should this one be cut short."""
        now = utcnow()
        if not force and now - self._last_checkpoint < HEARTBEAT_EVERY:
            return
        self._last_checkpoint = now
        self._renew({"checkpoint": data})

    def heartbeat(self) -> None:
        self._renew({})

    def _renew(self, values: dict[str, Any]) -> None:
        """Write `values` and renew the lease while this run holds the job; learn of a stop request."""
        now = utcnow()
        with session_scope() as session:
            held = session.execute(
                update(Job)
                .where(
                    col(Job.id) == self.job_id,
                    col(Job.worker_id) == self.worker_id,
                    col(Job.status) == JobStatus.running.value,
                )
                .values(heartbeat_at=now, lease_until=now + LEASE, **values)
            )
            asked = session.exec(select(Job.stop_requested).where(Job.id == self.job_id)).first()
        if getattr(held, "rowcount", 1) == 0:
            if not self.lost:
                log.warning("job %s: this run lost its lease and stops", self.job_id)
            self.lost = True
            self.stop.set()
        elif asked and not self.stop.is_set():
            log.info("job %s: stop requested", self.job_id)
            self.stop.set()

    def hold(self, session: Session, *, unless_stopped: bool = False) -> None:
        """Lock the job row in `session` and check this run still holds it: called by a work function just
        before it commits its own writes, so a run that lost its job never writes twice. The lease is
        renewed in the same transaction: on SQLite a long write holds the file's lock, so the heartbeats
        wait behind it and the lease may run out meanwhile, yet the job is held until this commit ends.

        With `unless_stopped`, a stop asked for meanwhile (a caller that stopped waiting) refuses the
        write with `Unavailable`: the work writes nothing after its caller was told it did not run."""
        row = session.exec(select(Job).where(Job.id == self.job_id).with_for_update()).first()
        if row is None or row.worker_id != self.worker_id or row.status != JobStatus.running.value:
            self.lost = True
            self.stop.set()
            raise LostLease(f"job {self.job_id} was taken up by another worker")
        if unless_stopped and row.stop_requested:
            self.stop.set()
            raise Unavailable(
                "Stopped on request before anything was written; send the request again",
                details={"job_id": self.job_id},
            )
        now = utcnow()
        row.heartbeat_at, row.lease_until = now, now + LEASE
        session.add(row)

    @property
    def stopped(self) -> bool:
        return self.stop.is_set()


Runner = Callable[[JobTicket, Progress], dict[str, Any]]
_runners: dict[str, Runner] = {}


def runner(kind: str) -> Callable[[Runner], Runner]:
    """Register the work a job of `kind` does; it runs in a job worker, from the job's stored request."""

    def register(work: Runner) -> Runner:
        _runners[kind] = work
        return work

    return register


def _runner_for(kind: str) -> Runner:
    if kind not in _runners:
        import shiftapp.services.job_kinds  # noqa: F401  (registers every kind's runner)
    return _runners[kind]


def job_id_for(kind: str, request: dict[str, Any], data_fingerprint: str) -> str:
    canonical = json.dumps({"kind": kind, "request": request, "data": data_fingerprint}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def fingerprint(rows: Any) -> str:
    """A hash of the data a job reads: any change to it gives a new job. The same data hashes the same
    in every process (sets are sorted: their order depends on the process's hash seed)."""
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=_canonical).encode()).hexdigest()


def _canonical(value: Any) -> Any:
    return sorted(value, key=str) if isinstance(value, (set, frozenset)) else str(value)


def get_job(*, session: Session, job_id: str, kind: str | None = None) -> Job:
    job = session.get(Job, job_id) if isinstance(job_id, str) else None
    if job is None or (kind and job.kind != kind):
        raise NotFound(f"Job {job_id} not found")
    return job


def followed_job(*, session: Session, actor: Employee, job_id: str) -> Job:
    """A job for whoever may follow it (GET /api/jobs/{id}): planners and admins any job; others the jobs
    they started and those for a bureau they lead. Anyone else is told it does not exist, as for a job
    that does not, so job ids reveal nothing."""
    from shiftapp.services import access

    job = get_job(session=session, job_id=job_id)
    params = job.params if isinstance(job.params, dict) else {}
    request = params.get("request")
    bureau_id = params.get("bureau_id") or (request.get("bureau_id") if isinstance(request, dict) else None)
    if (
        access.is_planner(actor)
        or job.created_by == actor.id
        or (isinstance(bureau_id, str) and access.leads_or_plans(actor, bureau_id))
    ):
        return job
    raise NotFound(f"Job {job_id} not found")


def start_job(
    *,
    session: Session,
    actor: Employee,
    kind: str,
    request: dict[str, Any],
    data_fingerprint: str,
) -> tuple[Job, bool]:
    """Returns (job, started). An identical request on unchanged data returns the existing job; a failed or
    stopped one is queued again. The work is the runner registered for `kind`, run by a job worker."""
    job_id = job_id_for(kind, request, data_fingerprint)
    job = session.get(Job, job_id)
    if job is not None:
        if job.status not in (JobStatus.failed.value, JobStatus.cancelled.value):
            return job, False
        job.status, job.progress, job.error, job.result = JobStatus.queued.value, 0.0, None, None
        job.started_at = job.finished_at = None
        job.attempts, job.stop_requested, job.checkpoint, job.worker_id = 0, False, None, None
        job.error_detail = None
    else:
        job = Job(id=job_id, kind=kind, params=request, created_by=actor.id)
    job.message = "Waiting for a job worker"
    job.lease_until = utcnow() + QUEUED_RECHECK
    session.add(job)
    session.commit()  # a worker must see the row when it takes the id off the queue
    from shiftapp.services.queue import enqueue

    enqueue(job_id)
    return job, True


def cancel_job(*, session: Session, job_id: str, kind: str | None = None) -> Job:
    """Ask a job to stop, from any process: a queued job is cancelled at once, a running one stops at its
    next progress report or heartbeat and keeps what it found so far."""
    job = get_job(session=session, job_id=job_id, kind=kind)
    now = utcnow()
    session.execute(
        update(Job)
        .where(col(Job.id) == job.id, col(Job.status) == JobStatus.queued.value)
        .values(status=JobStatus.cancelled.value, error=STOPPED_ON_REQUEST, finished_at=now, stop_requested=True)
    )
    session.execute(
        update(Job)
        .where(col(Job.id) == job.id, col(Job.status) == JobStatus.running.value)
        .values(stop_requested=True, **message_values("Stopping: keeping the best result found so far"))
    )
    session.commit()
    session.refresh(job)
    return job


def _worker_id() -> str:
    return f"{socket.gethostname()[:20]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def claim(job_id: str, worker_id: str) -> JobTicket | None:
    """Take a queued job (or one whose worker's lease ran out) for this run; None when it is finished,
    stopped or held by a live worker. One conditional UPDATE: two workers never both win."""
    now = utcnow()
    with session_scope() as session:
        won = session.execute(
            update(Job)
            .where(
                col(Job.id) == job_id,
                or_(
                    col(Job.status) == JobStatus.queued.value,
                    and_(
                        col(Job.status) == JobStatus.running.value,
                        or_(col(Job.lease_until).is_(None), col(Job.lease_until) < now),
                    ),
                ),
                col(Job.stop_requested).is_(False),
            )
            .values(
                status=JobStatus.running.value,
                worker_id=worker_id,
                worker_pid=os.getpid(),
                lease_until=now + LEASE,
                heartbeat_at=now,
                attempts=col(Job.attempts) + 1,
            )
        )
        if getattr(won, "rowcount", 0) != 1:
            return None
        job = session.get(Job, job_id)
        if job is None:  # deleted between the two statements
            return None
        if job.started_at is None:
            job.started_at = now
        if job.attempts > 1:
            again = message_values(Message("Started again (run {run}) after its worker stopped", run=job.attempts))
            job.message, job.message_text = again["message"], again["message_text"]
        session.add(job)
        return JobTicket(
            id=job.id,
            kind=job.kind,
            params=dict(job.params or {}),
            created_by=job.created_by,
            attempt=job.attempts,
            checkpoint=job.checkpoint,
        )


def _finish(job_id: str, worker_id: str, values: dict[str, Any]) -> bool:
    with session_scope() as session:
        done = session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.worker_id) == worker_id, col(Job.status) == JobStatus.running.value)
            .values(finished_at=utcnow(), lease_until=None, **values)
        )
        return getattr(done, "rowcount", 0) == 1


def run_job(job_id: str) -> None:
    """The queue task: claim the job and run its kind's work, renewing the lease meanwhile."""
    worker_id = _worker_id()
    ticket = claim(job_id, worker_id)
    if ticket is None:
        log.info("job %s is finished, stopped or held by another worker: nothing to do", job_id)
        return
    if ticket.attempt > MAX_ATTEMPTS:
        _finish(
            job_id,
            worker_id,
            {
                "status": JobStatus.failed.value,
                "error": f"Its worker stopped {MAX_ATTEMPTS} times while running it; start it again",
            },
        )
        return
    stop = threading.Event()
    progress = Progress(job_id, worker_id, stop, ticket.checkpoint)
    beat = threading.Event()

    def heartbeat() -> None:  # keeps the lease while the work is inside one long solver call
        while not beat.wait(HEARTBEAT_EVERY.total_seconds()):
            try:
                progress.heartbeat()
            except Exception:  # a missed beat is harmless while the lease lasts; the next one retries
                log.debug("heartbeat failed for job %s", job_id, exc_info=True)

    threading.Thread(target=heartbeat, daemon=True, name=f"heartbeat-{job_id[:8]}").start()
    values: dict[str, Any]
    try:
        result = _runner_for(ticket.kind)(ticket, progress)
        if progress.lost:
            raise LostLease(job_id)
        stopped = stop.is_set()
        values = {
            "status": JobStatus.cancelled.value if stopped else JobStatus.succeeded.value,
            "result": result,
            "error": STOPPED_ON_REQUEST if stopped else None,
        }
        if not stopped:
            values["progress"] = 1.0
    except LostLease:
        log.warning("job %s was taken up by another worker; this run's result is dropped", job_id)
        return
    except DomainError as exc:  # a refusal (bad request, rule conflict): kept whole for who waits on it
        log.info("job %s refused: %s", job_id, exc.message)
        values = {
            "status": JobStatus.failed.value,
            "error": f"{type(exc).__name__}: {exc}"[:500],
            "error_detail": error_detail(exc),
        }
    except Exception as exc:  # the job row must say what went wrong instead of staying "running"
        log.exception("job %s failed", job_id)
        values = {"status": JobStatus.failed.value, "error": f"{type(exc).__name__}: {exc}"[:500]}
    finally:
        beat.set()
    if not _finish(job_id, worker_id, values):
        log.warning("job %s was taken up by another worker before this run finished", job_id)


def requeue_interrupted_jobs() -> list[str] | None:
    """Queue again the jobs whose worker stopped (lease run out) and the queued ones waiting long enough
    that their message may be lost. Each is taken by one sweep (a conditional UPDATE), so several workers
    sweeping at once queue it once. None when the database has no job table yet (a brand-new database
    before `alembic upgrade head`); any other error (database unreachable, a broken schema) is raised."""
    from sqlalchemy import inspect

    from shiftapp.db import get_engine

    # Job declares its table name as a string; SQLModel types the attribute as a string or a callable.
    if not inspect(get_engine()).has_table(str(Job.__tablename__)):
        return None
    now = utcnow()
    expired = or_(col(Job.lease_until).is_(None), col(Job.lease_until) < now)
    requeued: list[str] = []
    with session_scope() as session:
        candidates = list(
            session.exec(
                select(Job.id, Job.status).where(
                    col(Job.status).in_([JobStatus.running.value, JobStatus.queued.value]), expired
                )
            )
        )
    for job_id, status in candidates:
        with session_scope() as session:
            values: dict[str, Any] = {"lease_until": now + QUEUED_RECHECK}
            if status == JobStatus.running.value:
                values.update(
                    status=JobStatus.queued.value,
                    worker_id=None,
                    **message_values("Its worker stopped: queued to run again"),
                )
            taken = session.execute(
                update(Job).where(col(Job.id) == job_id, col(Job.status) == status, expired).values(**values)
            )
            if getattr(taken, "rowcount", 0) != 1:
                continue
        requeued.append(job_id)
    if requeued:
        from shiftapp.services.queue import enqueue

        for job_id in requeued:
            enqueue(job_id)
    return requeued


def purge_old_jobs(*, retention_days: int | None = None, now: datetime | None = None) -> int | None:
    """Delete the finished, failed and cancelled jobs that ended more than `retention_days` (by default
    JOB_RETENTION_DAYS) ago: their rows hold whole results and would otherwise pile up. Queued and running
    jobs are never deleted, however old. One conditional DELETE, so a job queued again meanwhile (its
    status back to queued) stays. The number deleted; None when the database has no job table yet."""
    from sqlalchemy import delete, func, inspect

    from shiftapp.config import get_settings
    from shiftapp.db import get_engine

    if not inspect(get_engine()).has_table(str(Job.__tablename__)):
        return None
    days = retention_days if retention_days is not None else get_settings().job_retention_days
    cutoff = (now or utcnow()) - timedelta(days=days)
    # A job cancelled before it ran has finished_at too; created_at covers a row written without it.
    ended = func.coalesce(col(Job.finished_at), col(Job.created_at))
    with session_scope() as session:
        deleted = session.execute(delete(Job).where(col(Job.status).in_(FINISHED), ended < cutoff))
    return int(getattr(deleted, "rowcount", 0) or 0)


def message_values(message: str | Message) -> dict[str, Any]:
    """The columns a progress message is written to: its English text (what older readers and the logs
    see) and, for a message with parameters, its template; a plain one clears an earlier template."""
    english = message.render("en") if isinstance(message, Message) else message
    if len(english) > lengths.MESSAGE:
        english = english[: lengths.MESSAGE - 1] + "…"
    return {"message": english, "message_text": to_json(message) if isinstance(message, Message) else None}


def job_message(job: Job, lang: str | None = None) -> str | None:
    """The job's progress message in `lang` (the reading language when not given)."""
    language = lang or reading_language()
    kept = from_json(job.message_text)
    if kept is not None:
        return kept.render(language)
    return translate(job.message, language) if job.message else job.message


def job_view(job: Job) -> JobView:
    return JobView(
        job_id=job.id,
        id=job.id,
        kind=job.kind,
        status=job.status,
        progress=round(job.progress, 3),
        message=job_message(job),
        params=job.params,
        result=job.result,
        error=job.error,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        attempts=job.attempts,
        stop_requested=job.stop_requested,
    )


# ------------------------------------------------------------------ a failed job's error, kept whole
def _conflicts_adapter() -> Any:
    from pydantic import TypeAdapter

    from shiftapp.rules import Conflict as RuleFinding

    return TypeAdapter(list[RuleFinding])


def error_detail(error: DomainError) -> dict[str, Any]:
    """A domain error as JSON for the job row: enough to raise the same error in another process."""
    detail: dict[str, Any] = {
        "type": type(error).__name__,
        "status": error.status_code,
        "code": error.code,
        "message": error.message,
        "details": json.loads(json.dumps(error.details, default=str)),
    }
    if isinstance(error, HardConflicts):
        findings = _conflicts_adapter()
        detail["conflicts"] = findings.dump_python(error.conflicts, mode="json")
        detail["hint"] = error.hint
        if error.change is not None:
            detail["change"] = {
                "introduced": findings.dump_python(error.change.introduced, mode="json"),
                "removed": findings.dump_python(error.change.removed, mode="json"),
            }
    return detail


# Errors rebuilt by their type; any other keeps its status, code and message as a plain DomainError.
_REBUILT: dict[str, type[DomainError]] = {
    cls.__name__: cls
    for cls in (
        errors.ValidationFailed,
        errors.Forbidden,
        errors.NotFound,
        errors.Conflict,
        errors.TooLarge,
        errors.AuthRequired,
    )
}


def domain_error(detail: dict[str, Any]) -> DomainError:
    """The error `error_detail` stored, as the same DomainError class with the same message and details."""
    message, details = str(detail.get("message") or "The job failed"), dict(detail.get("details") or {})
    kind = detail.get("type")
    if kind == HardConflicts.__name__:
        from shiftapp.rules import ChangeResult

        findings = _conflicts_adapter()
        change = detail.get("change")
        return HardConflicts(
            message,
            conflicts=findings.validate_python(detail.get("conflicts") or []),
            details=details,
            hint=detail.get("hint"),
            change=ChangeResult(
                introduced=findings.validate_python(change.get("introduced") or []),
                removed=findings.validate_python(change.get("removed") or []),
            )
            if isinstance(change, dict)
            else None,
        )
    cls = _REBUILT.get(str(kind))
    if cls is not None:
        return cls(message, details=details)
    error = DomainError(message, details=details)
    error.status_code = int(detail.get("status") or DomainError.status_code)
    error.code = str(detail.get("code") or DomainError.code)
    return error


# ------------------------------------------------------------------ waiting on a job from a web process
POLL_FIRST_S = 0.05
POLL_MAX_S = 0.25


def _read_job(job_id: str) -> Job | None:
    with session_scope() as session:
        return session.get(Job, job_id)


def _give_up(job_id: str) -> Job | None:
    """Cancel a job nobody waits for any more: a queued one at once (so a commit never lands after its
    caller was told it did not), a running one at its next heartbeat."""
    with session_scope() as session:
        try:
            return cancel_job(session=session, job_id=job_id)
        except NotFound:
            return None


def _wait_bound(timeout_s: float) -> float:
    from shiftapp.config import get_settings

    ceiling = get_settings().job_wait_max_seconds
    return timeout_s if ceiling is None else min(timeout_s, ceiling)


async def _poll(job_id: str, timeout_s: float) -> tuple[Job, bool]:
    """Read the job's row every POLL_* seconds on a thread (the event loop only sleeps) until it is
    finished or the wait is over: (the row last read, whether it is finished)."""
    import asyncio
    import time

    deadline = time.monotonic() + _wait_bound(timeout_s)
    pause = POLL_FIRST_S
    while True:
        job = await asyncio.to_thread(_read_job, job_id)
        if job is None:
            raise NotFound(f"Job {job_id} not found")
        if job.status in FINISHED:
            return job, True
        if time.monotonic() >= deadline:
            return job, False
        await asyncio.sleep(min(pause, max(0.0, deadline - time.monotonic())))
        pause = min(POLL_MAX_S, pause * 1.5)


async def wait_for_job(job_id: str, *, timeout_s: float) -> Job:
    """Wait, off the event loop, until a job worker finishes the job, and return its row. After
    `timeout_s` (at most JOB_WAIT_MAX_SECONDS) the job is cancelled (a running one is asked to stop)
    and the caller gets a 503. For jobs whose result is worth nothing once the caller is gone
    (previews, generations); a job that writes is waited on with `wait_for_commit`."""
    import asyncio

    job, finished = await _poll(job_id, timeout_s)
    if finished:
        return job
    stopped = await asyncio.to_thread(_give_up, job_id)
    if stopped is not None and stopped.status in FINISHED and stopped.status != JobStatus.cancelled.value:
        return stopped  # it finished in the last moment
    queued = job.status == JobStatus.queued.value
    raise Unavailable(
        (
            "No job worker took this request in time (is `python -m shiftapp.worker` running?); it was not run"
            if queued
            else "The job worker did not finish this request in time; it was asked to stop"
        )
        + f". Try again later (job {job_id}).",
        details={"job_id": job_id, "status": job.status},
    )


async def wait_for_commit(job_id: str, *, timeout_s: float) -> Job | None:
    """Wait like `wait_for_job` for a job that writes; past the wait return None and leave the job to
    finish. Stopping it is no answer: a running commit may land after the stop was asked, and a caller
    told 503 would think it failed (and send it again). The route answers 202 with the job to follow."""
    job, finished = await _poll(job_id, timeout_s)
    return job if finished else None


def finished_result(job: Job) -> dict[str, Any]:
    """A finished job's result for a caller that waited on it; its refusal raised as the same DomainError."""
    if job.status == JobStatus.failed.value:
        if job.error_detail:
            raise domain_error(job.error_detail)
        raise RuntimeError(f"job {job.id} failed: {job.error}")
    if job.result is None:  # stopped before it found anything
        raise Unavailable(
            f"The job was stopped before it finished ({job.error or 'no result'}); send the request again",
            details={"job_id": job.id, "status": job.status},
        )
    return job.result
