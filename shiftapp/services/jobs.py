"""Background jobs (auto-assign, schedule generation) with their status in the database.

- The id is a hash of the job's kind, its request and a fingerprint of the data it reads,
  so the same request on the same data returns the same job instead of starting another.
- The work runs in a thread of the process that accepted it and writes progress and a
  heartbeat to the job row. A job whose heartbeat stops (its process was restarted) is
  reported failed instead of running forever.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from shiftapp.db import session_scope
from shiftapp.models import Employee, Job, JobStatus
from shiftapp.models.common import utcnow
from shiftapp.services.errors import NotFound

log = logging.getLogger("shiftapp.jobs")
HEARTBEAT_EVERY = timedelta(seconds=2)
STALE_AFTER = timedelta(seconds=30)
INTERRUPTED = "Interrupted: the server restarted while this job was running; start it again"
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="shiftapp-job")
_stop_flags: dict[str, threading.Event] = {}


class Progress:
    """Handed to the work function: report progress, and learn whether someone asked to stop."""

    def __init__(self, job_id: str, stop: threading.Event):
        self.job_id = job_id
        self.stop = stop
        self._last_write = utcnow() - HEARTBEAT_EVERY

    def __call__(self, fraction: float, message: str | None = None, *, force: bool = False) -> None:
        now = utcnow()
        if not force and now - self._last_write < HEARTBEAT_EVERY / 4:
            return
        self._last_write = now
        with session_scope() as session:
            job = session.get(Job, self.job_id)
            if job is not None and job.status == JobStatus.running.value:
                job.progress = max(0.0, min(1.0, float(fraction)))
                job.message = message or job.message
                job.heartbeat_at = now
                session.add(job)

    @property
    def stopped(self) -> bool:
        return self.stop.is_set()


def job_id_for(kind: str, request: dict[str, Any], data_fingerprint: str) -> str:
    canonical = json.dumps({"kind": kind, "request": request, "data": data_fingerprint}, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def fingerprint(rows: Any) -> str:
    """A hash of the data a job reads: any change to it gives a new job. The same data hashes the same
    in every process (sets are sorted: their order depends on the process's hash seed)."""
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=_canonical).encode()).hexdigest()


def _canonical(value: Any) -> Any:
    return sorted(value, key=str) if isinstance(value, (set, frozenset)) else str(value)


def _mark_if_stale(job: Job) -> bool:
    if job.status in (JobStatus.running.value, JobStatus.queued.value):
        last = job.heartbeat_at or job.started_at or job.created_at
        if utcnow() - last > STALE_AFTER:
            job.status = JobStatus.failed.value
            job.error = INTERRUPTED
            job.finished_at = utcnow()
            return True
    return False


def get_job(*, session: Session, job_id: str, kind: str | None = None) -> Job:
    job = session.get(Job, job_id) if isinstance(job_id, str) else None
    if job is None or (kind and job.kind != kind):
        raise NotFound(f"Job {job_id} not found")
    if _mark_if_stale(job):
        session.add(job)
        session.flush()
    return job


def fail_interrupted_jobs() -> int | None:
    """Run at start-up: jobs left running by a previous process are reported failed. None when the
    database has no job table yet (a brand-new database before `alembic upgrade head`): there is
    nothing to fail. Any other error (database unreachable, a broken schema) is raised."""
    from sqlalchemy import inspect

    from shiftapp.db import get_engine

    # Job declares its table name as a string; SQLModel types the attribute as a string or a callable.
    if not inspect(get_engine()).has_table(str(Job.__tablename__)):
        return None
    count = 0
    with session_scope() as session:
        for job in session.exec(
            select(Job).where(col(Job.status).in_([JobStatus.running.value, JobStatus.queued.value]))
        ):
            if job.worker_pid != os.getpid() and _mark_if_stale(job):
                session.add(job)
                count += 1
    return count


def start_job(
    *,
    session: Session,
    actor: Employee,
    kind: str,
    request: dict[str, Any],
    data_fingerprint: str,
    work: Callable[[Progress], dict[str, Any]],
) -> tuple[Job, bool]:
    """Returns (job, started). An identical request on unchanged data returns the existing job."""
    job_id = job_id_for(kind, request, data_fingerprint)
    job = session.get(Job, job_id)
    if job is not None:
        _mark_if_stale(job)
        if job.status not in (JobStatus.failed.value, JobStatus.cancelled.value):
            return job, False
        job.status, job.progress, job.error, job.result = JobStatus.queued.value, 0.0, None, None
    else:
        job = Job(id=job_id, kind=kind, params=request, created_by=actor.id)
    job.worker_pid = os.getpid()
    job.heartbeat_at = utcnow()
    session.add(job)
    session.commit()  # the worker thread must see the row
    stop = threading.Event()
    _stop_flags[job_id] = stop
    _executor.submit(_run, job_id, work, stop)
    return job, True


def cancel_job(*, session: Session, job_id: str, kind: str | None = None) -> Job:
    job = get_job(session=session, job_id=job_id, kind=kind)
    flag = _stop_flags.get(job_id)
    if flag is not None:
        flag.set()
    return job


def _started_job(session: Session, job_id: str) -> Job:
    """The row of a job this process started (it is written before its thread runs)."""
    job = session.get(Job, job_id)
    if job is None:
        raise LookupError(f"job {job_id} has no row")
    return job


def _run(job_id: str, work: Callable[[Progress], dict[str, Any]], stop: threading.Event) -> None:
    with session_scope() as session:
        job = _started_job(session, job_id)
        job.status = JobStatus.running.value
        job.started_at = job.heartbeat_at = utcnow()
        session.add(job)
    progress = Progress(job_id, stop)
    beat = threading.Event()

    def heartbeat() -> None:  # keeps the job alive while the work is in one long solver call
        while not beat.wait(HEARTBEAT_EVERY.total_seconds()):
            try:
                with session_scope() as s:
                    row = s.get(Job, job_id)
                    if row is not None and row.status == JobStatus.running.value:
                        row.heartbeat_at = utcnow()
                        s.add(row)
            except Exception:  # a missed beat is harmless; the next one retries
                log.debug("heartbeat failed for job %s", job_id, exc_info=True)

    threading.Thread(target=heartbeat, daemon=True, name=f"heartbeat-{job_id[:8]}").start()
    try:
        result = work(progress)
        status, error = (
            (JobStatus.cancelled.value, "Stopped on request") if stop.is_set() else (JobStatus.succeeded.value, None)
        )
    except Exception as exc:  # the job row must say what went wrong instead of staying "running"
        log.exception("job %s failed", job_id)
        result, status, error = None, JobStatus.failed.value, f"{type(exc).__name__}: {exc}"
    finally:
        beat.set()
        _stop_flags.pop(job_id, None)
    with session_scope() as session:
        job = _started_job(session, job_id)
        job.status, job.result, job.error = status, result, error
        job.progress = 1.0 if status == JobStatus.succeeded.value else job.progress
        job.finished_at = utcnow()
        session.add(job)


def job_view(job: Job) -> dict[str, Any]:
    return {
        "job_id": job.id,
        "id": job.id,
        "kind": job.kind,
        "status": job.status,
        "progress": round(job.progress, 3),
        "message": job.message,
        "params": job.params,
        "result": job.result,
        "error": job.error,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }
