"""The synchronous POST /api/plans/auto-assign, POST /api/ai/generate-schedule (without `background`) and
copy & repeat's previews and commits (/api/v1/schedule/*) run their work in a job worker, not in the web
process, and keep their answers: the same result, the same refusal from the job (status and body), and a
503 when no job worker finishes a preview or a generation in time (a commit answers 202 Accepted)."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from shiftapp.models import Bureau, Employee, Job, Shift
from tests.integration.conftest import bearer, login
from tests.support import VENV_BIN, JobWorker, Server, free_port, migrate_and_seed, server_today

PATTERNS = [{"name": "Morning Shift", "start_time": "08:00", "end_time": "16:00", "staff": 1}]


def _command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _jobs(db: Session, kind: str) -> list[Job]:
    db.expire_all()
    return list(db.exec(select(Job).where(Job.kind == kind)))


def _ran_in_a_job_worker(job: Job, api_server: Server) -> None:
    assert job.status == "succeeded" and job.worker_id and job.worker_pid
    assert job.worker_pid not in (os.getpid(), api_server.process.pid)
    assert "shiftapp.worker" in _command_line(job.worker_pid)


def _rome(db: Session) -> str:
    db.expire_all()
    return db.exec(select(Bureau).where(Bureau.name == "Rome")).one().id


def test_auto_assign_runs_in_a_job_worker(api_server, client, leader_token, db):
    start = server_today(client) + timedelta(days=1)
    plan_id = client.post(
        "/api/plans/add-plan",
        headers=bearer(leader_token),
        json={"plan_name": "On a worker", "delivery_start": start.isoformat(), "delivery_end": start.isoformat()},
    ).json()["data"]["plan"]["id"]
    preview = client.post(
        "/api/plans/auto-assign", headers=bearer(leader_token), json={"plan_id": plan_id, "method": "greedy"}
    )
    assert preview.status_code == 200, preview.text
    assert preview.json()["data"]["meta"]["method"] == "greedy"
    (job,) = [j for j in _jobs(db, "plan_auto_assign") if j.params["plan_id"] == plan_id]
    assert job.params["method"] == "greedy" and job.params["commit"] is False
    _ran_in_a_job_worker(job, api_server)
    assert client.delete(f"/api/plans/{plan_id}", headers=bearer(leader_token)).status_code == 200


def test_a_synchronous_generation_runs_in_a_job_worker(api_server, client, leader_token, db):
    start = date.today() + timedelta(days=700)
    start -= timedelta(days=start.weekday())
    request = {
        "bureau_id": _rome(db),
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=6)).isoformat(),
        "shift_patterns": PATTERNS,
        "time_limit_seconds": 5,
    }
    generated = client.post("/api/ai/generate-schedule", headers=bearer(leader_token), json=request)
    assert generated.status_code == 200, generated.text
    assert generated.json()["success"] is True and generated.json()["schedule"]["generated_shifts"]
    (job,) = [j for j in _jobs(db, "generate_schedule") if j.params["start_date"] == start.isoformat()]
    assert job.params["time_limit_seconds"] == 5
    _ran_in_a_job_worker(job, api_server)


def _bureau_with_a_shift(db: Session, day: date) -> str:
    """A bureau of its own with one shift on `day` (a Tuesday of the week to copy)."""
    bureau = Bureau(name=f"Jobs copy {uuid.uuid4().hex[:8]}", code="JCP", timezone="UTC")
    db.add(bureau)
    db.flush()
    db.add(
        Shift(
            bureau_id=bureau.id,
            start_at=datetime(day.year, day.month, day.day, 8, tzinfo=UTC),
            end_at=datetime(day.year, day.month, day.day, 14, tzinfo=UTC),
            shift_type="Morning",
            capacity=1,
        )
    )
    db.commit()
    return bureau.id


def _batch_jobs(db: Session, kind: str, bureau_id: str) -> list[Job]:
    return [j for j in _jobs(db, kind) if j.params["request"]["bureau_id"] == bureau_id]


def test_copy_and_repeat_previews_and_commits_run_in_a_job_worker(api_server, client, leader_token, db):
    today = server_today(client)
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=30)
    bureau_id = _bureau_with_a_shift(db, monday + timedelta(days=1))
    request = {"bureau_id": bureau_id, "source_week": monday.isoformat(), "weeks": 1}
    shown = client.post("/api/v1/schedule/copy-week/preview", headers=bearer(leader_token), json=request)
    assert shown.status_code == 200, shown.text
    assert shown.json()["create_count"] == 1
    done = client.post(
        "/api/v1/schedule/copy-week",
        headers=bearer(leader_token),
        json={**request, "fingerprint": shown.json()["fingerprint"]},
    )
    assert done.status_code == 201, done.text
    (preview,) = _batch_jobs(db, "repeat_preview", bureau_id)
    (commit,) = _batch_jobs(db, "repeat_commit", bureau_id)
    assert preview.params["batch"] == commit.params["batch"] == "copy_week"
    assert commit.params["fingerprint"] == shown.json()["fingerprint"]
    _ran_in_a_job_worker(preview, api_server)
    _ran_in_a_job_worker(commit, api_server)
    # The same preview asked again is computed again (it reads more than its fingerprint covers).
    again = client.post("/api/v1/schedule/copy-week/preview", headers=bearer(leader_token), json=request)
    assert again.status_code == 200 and again.json()["create_count"] == 0
    assert len(_batch_jobs(db, "repeat_preview", bureau_id)) == 2


# ------------------------------------------------------------------ a server with no job worker (yet)
MARGIN_S = 1.0


@pytest.fixture(scope="module")
def lone_server(tmp_path_factory) -> Iterator[tuple[Server, dict[str, str], str]]:
    """A web server of its own, on a database of its own, waiting MARGIN_S beyond a time limit for a job."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('lone-db') / 'shiftapp.db'}"
    migrate_and_seed(database_url)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "test",
        "RATE_LIMIT_STANDARD": "100000",
        "RATE_LIMIT_AI": "100000",
        "RATE_LIMIT_BULK": "100000",
        "JOB_QUEUE_PATH": str(tmp_path_factory.mktemp("lone-queue") / "jobs.huey"),
        "JOB_WAIT_MARGIN_SECONDS": str(MARGIN_S),
    }
    server = Server(
        [
            str(VENV_BIN / "granian"),
            *("--interface", "asgi", "--host", "127.0.0.1", "--port", str(port)),
            *("--workers", "1", "shiftapp.api.asgi:app"),
        ],
        env,
        f"http://127.0.0.1:{port}",
        "/openapi.json",
        tmp_path_factory.mktemp("logs") / "api-lone.log",
    )
    yield server, env, database_url
    server.stop()


@pytest.fixture
def lone_db(lone_server) -> Iterator[Session]:
    from shiftapp.db import make_engine

    engine = make_engine(lone_server[2])
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def test_with_no_job_worker_the_routes_answer_503_and_run_nothing(lone_server, lone_db):
    server = lone_server[0]
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        token = login(client, "leader@example.com")["token"]
        start = server_today(client) + timedelta(days=1)
        plan_id = client.post(
            "/api/plans/add-plan",
            headers=bearer(token),
            json={"plan_name": "Nobody", "delivery_start": start.isoformat(), "delivery_end": start.isoformat()},
        ).json()["data"]["plan"]["id"]
        began = time.monotonic()
        refused = client.post("/api/plans/auto-assign", headers=bearer(token), json={"plan_id": plan_id})
        waited = time.monotonic() - began
        assert refused.status_code == 503, refused.text
        body = refused.json()
        assert body["statusCode"] == 503 and body["success"] is False  # seed 004's envelope
        assert "python -m shiftapp.worker" in body["message"]
        assert refused.headers["Retry-After"]
        assert waited < 3.0 + MARGIN_S + 10  # the route's bound, not the client's timeout
        (job,) = [j for j in _jobs(lone_db, "plan_auto_assign") if j.params["plan_id"] == plan_id]
        assert job.status == "cancelled" and job.worker_pid is None  # nothing ran, nothing will
        generation = client.post(
            "/api/ai/generate-schedule",
            headers=bearer(token),
            json={
                "bureau_id": _rome(lone_db),
                "start_date": "2031-03-03",
                "end_date": "2031-03-09",
                "shift_patterns": PATTERNS,
                "time_limit_seconds": 1,
            },
        )
        assert generation.status_code == 503, generation.text
        assert generation.json()["code"] == "UNAVAILABLE" and "job worker" in generation.json()["error"]


def test_with_no_job_worker_a_copy_answers_202_and_waits_for_one(lone_server, lone_db):
    """A commit is never stopped once asked for (a running one could land after the stop): past the
    wait the caller is told it is accepted and where to follow it; the job waits, queued, for a job
    worker, and nothing is written before one runs it (test_commit_jobs_accepted.py: it then lands)."""
    from shiftapp.services.repeat_jobs import WAIT_S

    server = lone_server[0]
    monday = date(2031, 6, 2)
    bureau_id = _bureau_with_a_shift(lone_db, monday + timedelta(days=1))
    request = {"bureau_id": bureau_id, "source_week": monday.isoformat(), "weeks": 1, "fingerprint": "f" * 32}
    with httpx.Client(base_url=server.base_url, timeout=WAIT_S + 60) as client:
        token = login(client, "leader@example.com")["token"]
        answer = client.post("/api/v1/schedule/copy-week", headers=bearer(token), json=request)
        assert answer.status_code == 202, answer.text
        (job,) = _batch_jobs(lone_db, "repeat_commit", bureau_id)
        assert answer.headers["Location"] == f"/api/jobs/{job.id}" == answer.json()["status_url"]
        assert job.status == "queued" and job.worker_pid is None and not job.stop_requested
        followed = client.get(answer.headers["Location"], headers=bearer(token))
        assert followed.status_code == 200 and followed.json()["status"] == "queued"
    lone_db.expire_all()
    assert len(lone_db.exec(select(Shift).where(Shift.bureau_id == bureau_id)).all()) == 1


def test_a_refusal_in_the_job_answers_as_the_web_process_would(lone_server, lone_db, tmp_path):
    """The job is queued while the bureau still has people; they leave before a job worker takes it, so
    the worker's own check refuses it. The answer is the one the web process gives once they are gone."""
    server, env, _url = lone_server
    bureau_id = _rome(lone_db)
    request = {
        "bureau_id": bureau_id,
        "start_date": "2031-05-05",
        "end_date": "2031-05-11",
        "shift_patterns": PATTERNS,
        "time_limit_seconds": 40,  # the route waits 40 s + MARGIN_S: time for the worker to come up
    }
    with httpx.Client(base_url=server.base_url, timeout=90) as client:
        token = login(client, "leader@example.com")["token"]
        answers: list[httpx.Response] = []
        waiting = threading.Thread(
            target=lambda: answers.append(client.post("/api/ai/generate-schedule", headers=bearer(token), json=request))
        )
        waiting.start()
        deadline = time.monotonic() + 30
        while not [j for j in _jobs(lone_db, "generate_schedule") if j.params["start_date"] == "2031-05-05"]:
            assert time.monotonic() < deadline, "the route started no job"
            time.sleep(0.1)
        lone_db.execute(
            update(Employee)
            .where(col(Employee.bureau_id) == bureau_id, col(Employee.status) == "active")
            .values(status="inactive")
        )
        lone_db.commit()
        worker = JobWorker(env, tmp_path / "worker.log")
        try:
            waiting.join(timeout=80)
        finally:
            worker.stop()
        (from_job,) = answers
        (job,) = [j for j in _jobs(lone_db, "generate_schedule") if j.params["start_date"] == "2031-05-05"]
        assert job.status == "failed" and job.worker_pid and job.error_detail, job
        from_web = client.post("/api/ai/generate-schedule", headers=bearer(token), json=request)
    assert from_web.status_code == 400
    assert (from_job.status_code, from_job.json()) == (from_web.status_code, from_web.json())
    assert from_job.json()["error"] == "This bureau has no active employees to schedule"
