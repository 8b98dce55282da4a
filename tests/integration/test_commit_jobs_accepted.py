"""A synchronous route that commits through a job (copy & repeat's commits, the plan board's auto-assign
with `commit`) answers 202 Accepted with the job to follow when the job outlives the route's wait,
instead of a 503 that would tell the client it failed while its change lands: a server whose routes
wait a hundredth of a second (JOB_WAIT_MAX_SECONDS) answers 202 with `Location: /api/jobs/{id}`, and
the job, left to run, finishes and writes its change. Previews, whose result is worth nothing once the
caller is gone, are still stopped and answer 503. The job is followed by those who may: planners,
its starter and the leaders of its bureau; to anyone else it does not exist."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pytest
from sqlmodel import Session, select

from shiftapp.models import Employee, Job, Plan, Shift
from tests.integration.conftest import bearer, login
from tests.integration.test_sync_routes_on_jobs import _bureau_with_a_shift
from tests.support import VENV_BIN, JobWorker, Server, free_port, migrate_and_seed

WAIT_S = 0.01


@pytest.fixture(scope="module")
def hasty(tmp_path_factory) -> Iterator[tuple[Server, str]]:
    """A web server and a job worker of their own, on a database of its own; the routes wait WAIT_S."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('hasty-db') / 'shiftapp.db'}"
    migrate_and_seed(database_url)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "test",
        "RATE_LIMIT_STANDARD": "100000",
        "RATE_LIMIT_AI": "100000",
        "RATE_LIMIT_BULK": "100000",
        "JOB_QUEUE_PATH": str(tmp_path_factory.mktemp("hasty-queue") / "jobs.huey"),
        "JOB_WAIT_MAX_SECONDS": str(WAIT_S),
    }
    env.pop("REDIS_URL", None)
    logs = tmp_path_factory.mktemp("logs")
    worker = JobWorker(env, logs / "worker-hasty.log")
    server = Server(
        [
            str(VENV_BIN / "granian"),
            *("--interface", "asgi", "--host", "127.0.0.1", "--port", str(port)),
            *("--workers", "1", "shiftapp.api.asgi:app"),
        ],
        env,
        f"http://127.0.0.1:{port}",
        "/openapi.json",
        logs / "api-hasty.log",
    )
    yield server, database_url
    server.stop()
    worker.stop()


@pytest.fixture
def hasty_db(hasty) -> Iterator[Session]:
    from shiftapp.db import make_engine

    engine = make_engine(hasty[1])
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


@pytest.fixture
def hasty_client(hasty) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hasty[0].base_url, timeout=60) as client:
        yield client


def _followed_to_the_end(client: httpx.Client, token: str, location: str) -> dict:
    deadline = time.monotonic() + 60
    while True:
        answer = client.get(location, headers=bearer(token))
        assert answer.status_code == 200, answer.text
        job = answer.json()
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.2)


def _accepted(answer: httpx.Response) -> tuple[str, str]:
    assert answer.status_code == 202, answer.text
    location = answer.headers["Location"]
    body = answer.json()
    started = body.get("data", body)  # seed 004 wraps it in its envelope
    assert location == started["status_url"] == f"/api/jobs/{started['job_id']}"
    assert started["status"] in ("queued", "running")
    return started["job_id"], location


def test_a_copy_that_outlives_the_wait_answers_202_and_lands(hasty_client, hasty_db):
    from shiftapp.services.repeat import CopyWeekRequest, preview_copy_week

    monday = date(2031, 9, 1)
    bureau_id = _bureau_with_a_shift(hasty_db, monday + timedelta(days=1))
    leader = hasty_db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
    request = CopyWeekRequest(bureau_id=bureau_id, source_week=monday, weeks=1)
    fingerprint = preview_copy_week(session=hasty_db, actor=leader, request=request).fingerprint
    hasty_db.rollback()
    token = login(hasty_client, "leader@example.com")["token"]
    body = {"bureau_id": bureau_id, "source_week": monday.isoformat(), "weeks": 1, "fingerprint": fingerprint}
    job_id, location = _accepted(hasty_client.post("/api/v1/schedule/copy-week", headers=bearer(token), json=body))

    job = _followed_to_the_end(hasty_client, token, location)
    assert job["status"] == "succeeded" and job["id"] == job_id, job
    hasty_db.expire_all()
    copies = hasty_db.exec(select(Shift).where(Shift.bureau_id == bureau_id)).all()
    assert len(copies) == 2  # the week's shift and its copy: the change landed

    # Who may follow it: its starter (above), planners, the bureau's leaders; not staff.
    staff = login(hasty_client, "staff@example.com")["token"]
    hidden = hasty_client.get(location, headers=bearer(staff))
    assert hidden.status_code == 404, hidden.text
    assert hasty_client.get("/api/jobs/no-such-job", headers=bearer(token)).status_code == 404
    assert hasty_client.get(location).status_code == 401


def test_a_plan_auto_assign_commit_that_outlives_the_wait_answers_202_in_seed_004s_envelope(hasty_client, hasty_db):
    plan = hasty_db.exec(select(Plan).where(Plan.plan_name == "Next week's deliveries")).one()
    token = login(hasty_client, "leader@example.com")["token"]
    answer = hasty_client.post(
        "/api/plans/auto-assign",
        headers=bearer(token),
        json={"plan_id": plan.id, "commit": True, "method": "greedy"},
    )
    _job_id, location = _accepted(answer)
    assert answer.json()["statusCode"] == 202
    job = _followed_to_the_end(hasty_client, token, location)
    assert job["status"] == "succeeded", job
    assert job["result"] is not None


def test_a_preview_that_outlives_the_wait_is_stopped_and_answers_503(hasty_client, hasty_db):
    monday = date(2031, 10, 6)
    bureau_id = _bureau_with_a_shift(hasty_db, monday + timedelta(days=1))
    token = login(hasty_client, "leader@example.com")["token"]
    answer = hasty_client.post(
        "/api/v1/schedule/copy-week/preview",
        headers=bearer(token),
        json={"bureau_id": bureau_id, "source_week": monday.isoformat(), "weeks": 1},
    )
    assert answer.status_code == 503, answer.text
    hasty_db.expire_all()
    (job,) = [j for j in hasty_db.exec(select(Job).where(Job.kind == "repeat_preview")) if bureau_id in str(j.params)]
    assert job.stop_requested
