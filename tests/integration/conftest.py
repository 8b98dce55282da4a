"""Integration tests: the REST API served over real HTTP (granian) against a real database.

Every test module runs against SQLite, and again against PostgreSQL when one answers at
127.0.0.1:5432 (database `test`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

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

DEMO_PASSWORD = "shiftapp-demo"


def _backends() -> list:
    params = [pytest.param("sqlite", id="sqlite")]
    params.append(
        pytest.param(
            "postgres",
            id="postgres",
            marks=pytest.mark.skipif(not postgres_available(), reason="no PostgreSQL at 127.0.0.1:5432"),
        )
    )
    return params


@pytest.fixture(scope="session", params=_backends())
def database_url(request, tmp_path_factory) -> Iterator[str]:
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "shiftapp.db"
        url = f"sqlite:///{path}"
        migrate_and_seed(url)
        yield url
    else:
        url, name = create_postgres_database()
        migrate_and_seed(url)
        yield url
        drop_postgres_database(name)


@pytest.fixture(scope="session")
def api_server(database_url, tmp_path_factory) -> Iterator[Server]:
    port = free_port()
    # Limits high enough for the whole suite; test_rate_limits.py runs its own servers with low ones.
    # The schedule reset is off unless asked for; the suite asks, so its role check can be tested here.
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "test",
        "RATE_LIMIT_STANDARD": "100000",
        "RATE_LIMIT_AI": "100000",
        "RATE_LIMIT_BULK": "100000",
        "ALLOW_SCHEDULE_RESET": "true",
        # The jobs' queue of this run, apart from any other run's; one job worker takes jobs off it.
        "JOB_QUEUE_PATH": str(tmp_path_factory.mktemp("queue") / "jobs.huey"),
    }
    worker = JobWorker(env, tmp_path_factory.mktemp("logs") / "worker.log")
    log = tmp_path_factory.mktemp("logs") / "api.log"
    server = Server(
        [
            str(VENV_BIN / "granian"),
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "shiftapp.api.asgi:app",
        ],
        env,
        f"http://127.0.0.1:{port}",
        "/openapi.json",
        log,
    )
    yield server
    server.stop()
    worker.stop()


@pytest.fixture(scope="session")
def base_url(api_server) -> str:
    return api_server.base_url


@pytest.fixture
def client(base_url) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as c:
        yield c


@pytest.fixture
def db(database_url) -> Iterator[Session]:
    """Direct database access, for setting up edge cases and checking what was (not) written."""
    from shiftapp.db import make_engine

    engine = make_engine(database_url)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def login(client: httpx.Client, email: str, password: str = DEMO_PASSWORD) -> dict:
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def leader_token(client) -> str:
    return login(client, "leader@example.com")["token"]


@pytest.fixture
def staff_token(client) -> str:
    return login(client, "staff@example.com")["token"]


@pytest.fixture
def admin_token(client) -> str:
    return login(client, "admin@example.com")["token"]


def sign_in_here(email: str, password: str = DEMO_PASSWORD) -> str:
    """A token signed in through the service in this process (DATABASE_URL must point at the test
    database, as the page-handler tests' app_database fixture does). Page handlers run here and check
    a session against this process's clock, so the session is opened by the same clock: under
    --travel-to a token from the server (real clock) would look idle for days."""
    from shiftapp.services.auth import sign_in

    token, _user = sign_in(email=email, password=password, address="127.0.0.1")
    return token
