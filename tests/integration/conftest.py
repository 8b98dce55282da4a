"""Integration tests: the REST API served over real HTTP (granian) against a real database.

Every test module runs against SQLite, and again against PostgreSQL when one answers at
127.0.0.1:5432 (database `test`)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from shiftapp.models import Bureau, Employee
from tests.support import (
    VENV_BIN,
    JobWorker,
    Server,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    migrate_and_seed,
    postgres_available,
    server_today,
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


# ------------------------------------------------------------------ a test's own people and shifts
@pytest.fixture
def today(client) -> date:
    return server_today(client)


@pytest.fixture
def rome(db) -> Iterator[Bureau]:
    """The demo's Rome (the team leader's bureau). The rules its leaders set — claims wait for approval,
    swaps approved automatically — are off again after the test, whatever it turned on."""
    db.expire_all()
    bureau = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
    yield bureau
    db.expire_all()
    bureau = db.get(Bureau, bureau.id)
    bureau.open_shift_claims_need_approval = False
    bureau.swaps_auto_approve = False
    db.add(bureau)
    db.commit()


@pytest.fixture
def teamlead(client) -> str:
    return login(client, "teamlead@example.com")["token"]  # leads Rome, not a planner


def new_bureau(db, name: str, code: str) -> Bureau:
    """A bureau of its own (`name` gets a unique suffix), with nobody and nothing in it."""
    bureau = Bureau(name=f"{name} {uuid.uuid4().hex[:8]}", code=code)
    db.add(bureau)
    db.commit()
    return bureau


def new_staff(client, db, bureau: Bureau, name: str, role: str = "correspondent") -> tuple[Employee, str]:
    """A staff member with no shifts, preferences or leave, signed in (the demo password)."""
    db.expire_all()
    demo_hash = db.exec(select(Employee.password_hash).where(Employee.email == "staff@example.com")).one()
    person = Employee(
        email=f"person.{uuid.uuid4().hex[:10]}@example.com",
        full_name=name,
        shift_role=role,
        bureau_id=bureau.id,
        password_hash=demo_hash,
    )
    db.add(person)
    db.commit()
    return person, login(client, person.email)["token"]


def utc_at(day: date, hour: int) -> str:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).isoformat().replace("+00:00", "Z")


def new_shift(client, admin_token, bureau: Bureau, day: date, start: int, end: int, **extra) -> str:
    """A shift made through the API, published unless `extra` says otherwise; its id."""
    body = {
        "bureau_id": bureau.id,
        "start_time": utc_at(day, start),
        "end_time": utc_at(day, end),
        "status": "published",
        **extra,
    }
    created = client.post("/api/v1/planning/shifts", headers=bearer(admin_token), json=body)
    assert created.status_code == 201, created.text
    return created.json()["shift"]["id"]
