"""The job row's protocol (services/jobs.py) on a real SQLite database, in this process: one claim wins,
a stop request reaches the run through the database, a run that lost its lease writes nothing, and a job
whose worker stopped is queued again once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import Session

from shiftapp.models import Employee, Job
from shiftapp.models.common import utcnow
from tests.support import migrate_and_seed

KIND = "test_wait_for_stop"


@pytest.fixture
def jobs_db(monkeypatch, tmp_path) -> Iterator[str]:
    from shiftapp import config, db

    url = f"sqlite:///{tmp_path / 'shiftapp.db'}"
    migrate_and_seed(url, seed=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("JOB_QUEUE_PATH", str(tmp_path / "jobs.huey"))
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    with db.session_scope() as session:
        session.add(Employee(id="planner-1", email="p@example.com", full_name="P", role="admin"))
    yield url
    db.get_engine.cache_clear()
    config.get_settings.cache_clear()


def _waits_for_stop(ticket, progress):
    progress(0.1, "waiting", force=True)
    deadline = time.monotonic() + 20
    while not progress.stopped and time.monotonic() < deadline:
        time.sleep(0.05)
    return {"stopped": progress.stopped, "lost": progress.lost}


def _row(job_id: str) -> Job:
    from shiftapp.db import session_scope

    with session_scope() as session:
        job = session.get(Job, job_id)
        assert job is not None
        session.expunge(job)
        return job


def _start(session: Session, request: dict) -> Job:
    from shiftapp.services import jobs

    jobs.runner(KIND)(_waits_for_stop)
    actor = session.get(Employee, "planner-1")
    job, started = jobs.start_job(session=session, actor=actor, kind=KIND, request=request, data_fingerprint="d")
    assert started
    return job


def test_one_claim_wins_and_the_job_waits_on_the_queue(jobs_db):
    from shiftapp.db import session_scope
    from shiftapp.services import jobs
    from shiftapp.services.queue import get_queue

    with session_scope() as session:
        job_id = _start(session, {"n": 1}).id
    assert _row(job_id).status == "queued" and get_queue().huey.pending_count() == 1
    # The same request on the same data is the same job, not a second one.
    with session_scope() as session:
        again, started = jobs.start_job(
            session=session, actor=session.get(Employee, "planner-1"), kind=KIND, request={"n": 1}, data_fingerprint="d"
        )
    assert again.id == job_id and not started
    first, second = jobs.claim(job_id, "worker-a"), jobs.claim(job_id, "worker-b")
    assert first is not None and first.attempt == 1 and second is None
    assert _row(job_id).worker_id == "worker-a"


def test_a_stop_request_reaches_the_run_through_the_database(jobs_db):
    from shiftapp.db import session_scope
    from shiftapp.services import jobs

    with session_scope() as session:
        job_id = _start(session, {"n": 2}).id
    run = threading.Thread(target=jobs.run_job, args=(job_id,))
    run.start()
    deadline = time.monotonic() + 10
    while _row(job_id).status != "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    with session_scope() as session:  # as another web process would: only the row is shared
        asked = jobs.cancel_job(session=session, job_id=job_id)
        assert asked.stop_requested
    run.join(15)
    job = _row(job_id)
    assert job.status == "cancelled" and job.error == "Stopped on request"
    assert job.result == {"stopped": True, "lost": False} and job.lease_until is None


def test_a_queued_job_is_cancelled_at_once(jobs_db):
    from shiftapp.db import session_scope
    from shiftapp.services import jobs

    with session_scope() as session:
        job_id = _start(session, {"n": 3}).id
        jobs.cancel_job(session=session, job_id=job_id)
    assert _row(job_id).status == "cancelled"
    assert jobs.claim(job_id, "worker-a") is None  # a message still on the queue finds nothing to run


def test_a_run_that_lost_its_lease_stops_and_writes_nothing(jobs_db):
    from shiftapp.db import session_scope
    from shiftapp.services import jobs

    with session_scope() as session:
        job_id = _start(session, {"n": 4}).id
    run = threading.Thread(target=jobs.run_job, args=(job_id,))
    run.start()
    deadline = time.monotonic() + 10
    while _row(job_id).status != "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    # Another worker takes the job over (as after this run's lease ran out while it was stalled).
    with session_scope() as session:
        row = session.get(Job, job_id)
        assert row is not None
        row.lease_until = utcnow() - timedelta(seconds=1)
        session.add(row)
    assert jobs.claim(job_id, "worker-b") is not None
    run.join(15)
    job = _row(job_id)
    assert job.status == "running" and job.worker_id == "worker-b" and job.result is None


def test_a_job_whose_worker_stopped_is_queued_again_once(jobs_db):
    from shiftapp.db import session_scope
    from shiftapp.services import jobs
    from shiftapp.services.queue import get_queue

    with session_scope() as session:
        job_id = _start(session, {"n": 5}).id
    assert jobs.claim(job_id, "worker-gone") is not None
    get_queue().huey.flush()
    assert jobs.requeue_interrupted_jobs() == []  # its lease still runs
    with session_scope() as session:
        row = session.get(Job, job_id)
        assert row is not None
        row.lease_until = utcnow() - timedelta(seconds=1)
        session.add(row)
    assert jobs.requeue_interrupted_jobs() == [job_id]
    assert jobs.requeue_interrupted_jobs() == []  # a second sweep finds it queued, with a fresh wait
    job = _row(job_id)
    assert job.status == "queued" and job.worker_id is None and get_queue().huey.pending_count() == 1
    again = jobs.claim(job_id, "worker-b")
    assert again is not None and again.attempt == 2


def test_a_write_held_for_its_job_renews_the_lease_and_a_stop_asked_meanwhile_refuses_it(jobs_db):
    """A commit's transaction may outlast the lease (on SQLite the heartbeats wait behind its lock):
    `hold` renews the lease with the write, and with `unless_stopped` a stop asked for meanwhile (its
    caller stopped waiting) refuses the write, so nothing lands after the caller was told it did not."""
    from shiftapp.db import session_scope
    from shiftapp.models import Bureau
    from shiftapp.services import jobs
    from shiftapp.services.errors import Unavailable

    with session_scope() as session:
        job_id = _start(session, {"n": 6}).id
    assert jobs.claim(job_id, "worker-a") is not None
    with session_scope() as session:
        row = session.get_one(Job, job_id)
        row.lease_until = utcnow() - timedelta(seconds=1)  # as after a long transaction
        session.add(row)
    progress = jobs.Progress(job_id, "worker-a", threading.Event())
    with session_scope() as session:
        session.add(Bureau(id="written-1", name="Written", code="WRT"))
        progress.hold(session, unless_stopped=True)
    assert _row(job_id).lease_until > utcnow() + jobs.LEASE / 2
    assert jobs.requeue_interrupted_jobs() == []  # still held by its run: not queued again
    with session_scope() as session:
        jobs.cancel_job(session=session, job_id=job_id)
    with pytest.raises(Unavailable, match="before anything was written"), session_scope() as session:
        session.add(Bureau(id="written-2", name="Not written", code="NOT"))
        progress.hold(session, unless_stopped=True)
    assert progress.stopped
    with session_scope() as session:
        assert session.get(Bureau, "written-1") is not None and session.get(Bureau, "written-2") is None
