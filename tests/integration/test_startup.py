"""The API's start-up hook: jobs whose worker stopped are queued again for the job workers; a database
without tables yet is passed over with a warning; any other failure stops the start."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from shiftapp.models import Job
from shiftapp.models.common import utcnow
from tests.support import migrate_and_seed


@pytest.fixture
def use_database(monkeypatch):
    from shiftapp import config, db

    def use(url: str) -> None:
        monkeypatch.setenv("DATABASE_URL", url)
        config.get_settings.cache_clear()
        db.get_engine.cache_clear()

    yield use
    db.get_engine.cache_clear()
    config.get_settings.cache_clear()


def _start():
    from shiftapp.api import create_api

    with TestClient(create_api()) as client:  # entering runs the start-up hooks
        return client.get("/openapi.json").status_code


def test_a_job_whose_worker_stopped_is_queued_again_at_start(use_database, tmp_path):
    url = f"sqlite:///{tmp_path / 'shiftapp.db'}"
    migrate_and_seed(url, seed=False)
    from shiftapp.db import make_engine

    engine = make_engine(url)
    with Session(engine) as session:
        session.add(
            Job(
                id="left-running",
                kind="auto_assign",
                status="running",
                worker_id="gone",
                lease_until=utcnow() - timedelta(minutes=9),
                started_at=utcnow() - timedelta(minutes=10),
                heartbeat_at=utcnow() - timedelta(minutes=9),
            )
        )
        session.add(Job(id="finished", kind="auto_assign", status="succeeded", worker_pid=-1))
        session.commit()
    use_database(url)
    assert _start() == 200
    with Session(engine) as session:
        left = session.get(Job, "left-running")
        assert left.status == "queued" and left.worker_id is None and "worker stopped" in left.message
        assert session.get(Job, "finished").status == "succeeded"
    from shiftapp.services.queue import get_queue

    assert get_queue().huey.pending_count() == 1  # on the queue for the next free worker
    engine.dispose()


def test_a_database_without_tables_yet_starts_with_a_warning(use_database, tmp_path, caplog):
    use_database(f"sqlite:///{tmp_path / 'brand-new.db'}")
    with caplog.at_level(logging.WARNING, logger="shiftapp.api"):
        assert _start() == 200
    assert any("alembic upgrade head" in record.getMessage() for record in caplog.records)


def test_an_unreachable_database_stops_the_start(use_database):
    # Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    use_database("postgresql+psycopg://nobody@127.0.0.1:1/nothing?connect_timeout=2")
    with pytest.raises(OperationalError):
        _start()
