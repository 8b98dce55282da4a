"""Jobs across processes, as deployed: PostgreSQL + Redis, two web processes and two job workers.

A generation started through one web process is stopped through the other; a job worker killed with
SIGKILL in the middle of a generation leaves it to the other worker, which starts again from the best
roster saved so far and finishes it, the job never running in two workers at once."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from shiftapp.models import Bureau, Job
from tests.integration.conftest import bearer, login
from tests.support import (
    VENV_BIN,
    JobWorker,
    Server,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    migrate_and_seed,
    postgres_available,
)

REDIS_URL = os.environ.get("SHIFTAPP_TEST_REDIS", "redis://127.0.0.1:6379/13")
EVERY_DAY = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Three months, four patterns: a first schedule within seconds, far from proven optimal for long.
PATTERNS = [
    {"name": "Morning Shift", "start_time": "06:00", "end_time": "14:00", "days": EVERY_DAY, "staff": 2},
    {"name": "Afternoon Shift", "start_time": "14:00", "end_time": "22:00", "days": EVERY_DAY, "staff": 2},
    {"name": "Evening Shift", "start_time": "16:00", "end_time": "23:00", "days": EVERY_DAY, "staff": 1},
    {"name": "Night Shift", "start_time": "22:00", "end_time": "06:00", "days": ["Monday", "Saturday"]},
]


def _redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except Exception:
        return False


pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not postgres_available(), reason="no PostgreSQL at 127.0.0.1:5432"),
    pytest.mark.skipif(not _redis_available(), reason=f"no Redis at {REDIS_URL}"),
]


class Deployment:
    def __init__(self, database_url: str, logs: Path):
        self.database_url = database_url
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "ENVIRONMENT": "test",
            "REDIS_URL": REDIS_URL,
            "RATE_LIMIT_KEY_PREFIX": f"jobs-test-{uuid.uuid4().hex[:8]}",
            "JOB_QUEUE_NAME": f"shiftapp-jobs-test-{uuid.uuid4().hex[:8]}",
            "RATE_LIMIT_STANDARD": "100000",
            "RATE_LIMIT_AI": "100000",
        }
        self.logs = logs
        # Started side by side: each one takes seconds to import the app.
        with ThreadPoolExecutor(4) as pool:
            webs = [pool.submit(self._web, i) for i in range(2)]
            workers = [pool.submit(JobWorker, self.env, logs / f"worker-{i}.log") for i in range(2)]
            self.webs = [web.result() for web in webs]
            self.workers = [worker.result() for worker in workers]

    def _web(self, i: int) -> Server:
        port = free_port()
        args = [str(VENV_BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port)]
        return Server(
            [*args, "--workers", "1", "shiftapp.api.asgi:app"],
            self.env,
            f"http://127.0.0.1:{port}",
            "/openapi.json",
            self.logs / f"web-{i}.log",
        )

    def stop(self) -> None:
        for process in [*self.webs, *self.workers]:
            process.stop()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    url, name = create_postgres_database()
    migrate_and_seed(url)
    running = Deployment(url, tmp_path_factory.mktemp("job-workers"))
    yield running
    running.stop()
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"*{running.env['JOB_QUEUE_NAME']}*"):
        client.delete(key)
    drop_postgres_database(name)


def _job(deployment: Deployment, job_id: str) -> Job:
    from shiftapp.db import make_engine

    engine = make_engine(deployment.database_url)
    try:
        with Session(engine) as session:
            job = session.get(Job, job_id)
            assert job is not None
            session.expunge(job)
            return job
    finally:
        engine.dispose()


def _rome(deployment: Deployment) -> str:
    from shiftapp.db import make_engine

    engine = make_engine(deployment.database_url)
    with Session(engine) as session:
        bureau = session.exec(select(Bureau).where(Bureau.name == "Rome")).one()
    engine.dispose()
    return bureau.id


def _start_generation(client: httpx.Client, token: str, bureau_id: str, start: date, seconds: int) -> str:
    response = client.post(
        "/api/ai/generate-schedule",
        headers=bearer(token),
        json={
            "bureau_id": bureau_id,
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=90)).isoformat(),
            "shift_patterns": PATTERNS,
            "constraints": {"min_senior_per_shift": 1},
            "background": True,
            "time_limit_seconds": seconds,
        },
    )
    assert response.status_code == 202, response.text
    return response.json()["status_url"]


def _wait(client: httpx.Client, token: str, url: str, ready, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    view: dict = {}
    while time.monotonic() < deadline:
        view = client.get(url, headers=bearer(token)).json()
        if ready(view):
            return view
        time.sleep(0.3)
    return view


def test_a_generation_started_through_one_web_process_is_stopped_through_the_other(deployment):
    first, second = (httpx.Client(base_url=web.base_url, timeout=30) for web in deployment.webs)
    with first, second:
        token = login(first, "leader@example.com")["token"]
        start = date.today() + timedelta(days=500)
        url = _start_generation(first, token, _rome(deployment), start - timedelta(days=start.weekday()), 120)
        running = _wait(second, token, url, lambda v: "so far" in (v["message"] or ""), 60)
        assert running["status"] == "running", running
        stopped = second.post(url + "/stop", headers=bearer(token))
        assert stopped.status_code == 200 and stopped.json()["stop_requested"] is True, stopped.text
        view = _wait(first, token, url, lambda v: v["status"] not in ("queued", "running"), 30)
        assert view["status"] == "cancelled" and view["error"] == "Stopped on request", view
        assert view["result"]["schedule"]["generated_shifts"] and view["attempts"] == 1


def test_a_job_worker_killed_mid_run_leaves_the_job_to_the_other_worker(deployment):
    web = httpx.Client(base_url=deployment.webs[0].base_url, timeout=30)
    with web:
        token = login(web, "leader@example.com")["token"]
        start = date.today() + timedelta(days=700)
        url = _start_generation(web, token, _rome(deployment), start - timedelta(days=start.weekday()), 15)
        job_id = url.rsplit("/", 1)[-1]
        # Wait until a worker holds the job and has saved a roster to start again from.
        deadline = time.monotonic() + 60
        job = _job(deployment, job_id)
        while time.monotonic() < deadline and not (job.status == "running" and job.checkpoint):
            time.sleep(0.3)
            job = _job(deployment, job_id)
        assert job.status == "running" and job.checkpoint and job.checkpoint.get("roster"), job
        holder = next(w for w in deployment.workers if w.process.pid == job.worker_pid)
        other = next(w for w in deployment.workers if w is not holder)
        holder.kill()
        # The lease runs out, a sweep queues the job again, the other worker takes it up and finishes.
        view = _wait(web, token, url, lambda v: v["status"] in ("succeeded", "failed", "cancelled"), 75)
        assert view["status"] == "succeeded" and view["attempts"] == 2, view
        assert view["result"]["schedule"]["summary"]["conflicts_detected"] == 0
        finished = _job(deployment, job_id)
        assert finished.worker_pid == other.process.pid and finished.lease_until is None
        assert f"job {job_id} starts again from its saved roster" in other.log_path.read_text()
