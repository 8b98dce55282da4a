"""Job rows are kept JOB_RETENTION_DAYS after they ended, then a job worker's periodic task deletes them;
queued and running jobs stay however old they are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from shiftapp.models import Job
from shiftapp.models.common import utcnow
from tests.support import migrate_and_seed


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
    yield url
    db.get_engine.cache_clear()
    config.get_settings.cache_clear()


def _add_jobs(now: datetime) -> None:
    from shiftapp.db import session_scope

    old, recent = now - timedelta(days=45), now - timedelta(days=3)
    rows = [
        # (id, status, created, finished)
        ("old-succeeded", "succeeded", old, old),
        ("old-failed", "failed", old, old),
        ("old-cancelled", "cancelled", old, old),
        ("old-running", "running", old, None),
        ("old-queued", "queued", old, None),
        ("recent-succeeded", "succeeded", old, recent),  # created long ago, ended lately: kept
        ("recent-failed", "failed", recent, recent),
    ]
    with session_scope() as session:
        for job_id, status, created, finished in rows:
            session.add(
                Job(
                    id=job_id,
                    kind="test",
                    status=status,
                    created_at=created,
                    started_at=created,
                    finished_at=finished,
                    result={"rows": ["x" * 100] * 10} if status == "succeeded" else None,
                )
            )


def _ids() -> set[str]:
    from sqlmodel import select

    from shiftapp.db import session_scope

    with session_scope() as session:
        return set(session.exec(select(Job.id)))


def test_old_finished_jobs_go_and_running_queued_and_recent_ones_stay(jobs_db):
    from shiftapp.services.jobs import purge_old_jobs

    now = utcnow()
    _add_jobs(now)
    assert purge_old_jobs(now=now) == 3
    assert _ids() == {"old-running", "old-queued", "recent-succeeded", "recent-failed"}
    assert purge_old_jobs(now=now) == 0  # a second worker's run in the same minute finds nothing


def test_the_retention_is_the_setting(jobs_db, monkeypatch):
    from shiftapp import config
    from shiftapp.services.jobs import purge_old_jobs

    now = utcnow()
    _add_jobs(now)
    monkeypatch.setenv("JOB_RETENTION_DAYS", "2")
    config.get_settings.cache_clear()
    assert purge_old_jobs(now=now) == 5
    assert _ids() == {"old-running", "old-queued"}


def test_the_retention_must_be_at_least_a_day(monkeypatch):
    from pydantic import ValidationError

    from shiftapp.config import Settings

    monkeypatch.setenv("JOB_RETENTION_DAYS", "0")
    with pytest.raises(ValidationError):
        Settings()


def test_the_worker_runs_it_hourly_as_a_periodic_task(jobs_db):
    from shiftapp.services.queue import get_queue

    queue = get_queue()
    _add_jobs(utcnow())
    due = [t.name for t in queue.huey.read_periodic(datetime(2026, 12, 7, 5, 17))]
    assert due == [queue.purge_jobs.name]
    assert queue.huey.read_periodic(datetime(2026, 12, 7, 5, 18)) == []
    # The task the consumer runs is the purge itself.
    assert queue.purge_jobs.call_local() == 3
    assert "old-succeeded" not in _ids() and "old-running" in _ids()


def test_a_database_without_the_job_table_is_left_alone(monkeypatch, tmp_path):
    from shiftapp import config, db
    from shiftapp.services.jobs import purge_old_jobs

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    try:
        assert purge_old_jobs() is None
    finally:
        db.get_engine.cache_clear()
        config.get_settings.cache_clear()
