"""schemathesis over /openapi.json, as a staff member and as an administrator, against granian.

Every documented operation is called with examples generated from its schema (valid and invalid),
and every response must be a documented status code whose body matches the documented schema,
with no 5xx at all. The run gets its own server and database (SQLite, and PostgreSQL when one answers), since an
administrator's fuzzed writes change data; it is bounded for CI (a few examples per operation, deterministic generation)
and takes under a minute per role.

Not called: the routes that would end the run early or that call the language model —
  DELETE /api/shifts/reset           wipes every shift, assignment and conflict (the rest would test an empty plan)
  POST   /api/auth/logout            ends the session the run signs in with (every later call would be a 401)
  POST   /api/ai/chatbot             calls the language model
  POST   /api/ai/generate-schedule   calls the language model (and runs the solver for seconds per case)
"""

from __future__ import annotations

import json
import os
import subprocess

import httpx
import pytest
from sqlmodel import Session, select

from tests.integration.conftest import login
from tests.support import (
    REPO_ROOT,
    VENV_BIN,
    JobWorker,
    Server,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    migrate_and_seed,
    postgres_available,
)

EXCLUDED = {
    ("DELETE", "/api/shifts/reset"): "wipes the schedule",
    ("POST", "/api/auth/logout"): "ends the run's own session",
    ("POST", "/api/ai/chatbot"): "calls the language model",
    ("POST", "/api/ai/generate-schedule"): "calls the language model",
}
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
EXAMPLES_PER_OPERATION = 10


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param(
            "postgres",
            id="postgres",
            marks=pytest.mark.skipif(not postgres_available(), reason="no PostgreSQL at 127.0.0.1:5432"),
        ),
    ],
)
def fuzzed_server(request, tmp_path_factory):
    if request.param == "sqlite":
        url, name = f"sqlite:///{tmp_path_factory.mktemp('fuzzdb') / 'fuzz.db'}", None
    else:
        url, name = create_postgres_database()
    migrate_and_seed(url)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ENVIRONMENT": "test",
        "RATE_LIMIT_STANDARD": "1000000",
        "RATE_LIMIT_AI": "1000000",
        "RATE_LIMIT_BULK": "1000000",
        # The synchronous auto-assign and generation routes are answered by a job worker.
        "JOB_QUEUE_PATH": str(tmp_path_factory.mktemp("fuzzqueue") / "jobs.db"),
    }
    env.pop("REDIS_URL", None)
    worker = JobWorker(env, tmp_path_factory.mktemp("fuzzworker") / "worker.log")
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
        tmp_path_factory.mktemp("fuzzlogs") / "api.log",
    )
    server.database_url = url
    yield server
    server.stop()
    worker.stop()
    if name is not None:
        drop_postgres_database(name)


def _real_ids(database_url: str, own_email: str, others_email: str) -> dict[str, str]:
    """Ids of rows that exist, so the generated requests reach past the 404 of a random id."""
    from shiftapp.db import make_engine
    from shiftapp.models import Assignment, Availability, Employee, Plan, Shift, ShiftTemplate, StoredConflict

    engine = make_engine(database_url)
    with Session(engine) as db:
        person = db.exec(select(Employee).where(Employee.email == others_email)).one()
        ids = {
            "path.employee_id": person.id,
            "path.user_id": person.id,
            "path.plan_id": db.exec(select(Plan)).first().id,
            "path.shift_id": db.exec(select(Shift)).first().id,
            "path.conflict_id": db.exec(select(StoredConflict)).first().id,
            "path.template_id": db.exec(select(ShiftTemplate)).first().id,
            "path.assignment_id": db.exec(select(Assignment)).first().id,
            "path.availability_id": db.exec(select(Availability)).first().id,
        }
        if own_email:
            own = db.exec(select(Employee).where(Employee.email == own_email)).one()
            ids["path.employee_id"] = ids["path.user_id"] = own.id
    engine.dispose()
    return ids


def _config_file(path, ids: dict[str, str]) -> str:
    # No cache in the working tree: every run starts from the same deterministic examples.
    lines = ["[cache]", "enabled = false", "", "[parameters]"]
    lines += [f'"{key}" = {json.dumps(value)}' for key, value in ids.items()]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


@pytest.mark.parametrize(
    ("email", "own_rows"), [("staff@example.com", True), ("admin@example.com", False)], ids=["staff", "admin"]
)
def test_every_answer_is_documented_and_none_is_a_server_error(fuzzed_server, tmp_path, email, own_rows):
    with httpx.Client(base_url=fuzzed_server.base_url, timeout=30) as client:
        token = login(client, email)["token"]
    # Staff are pointed at their own rows (the deepest they may go); the administrator at another's.
    ids = _real_ids(fuzzed_server.database_url, email if own_rows else "", "marco.rossi@example.com")
    command = [
        str(VENV_BIN / "schemathesis"),
        "--config-file",
        _config_file(tmp_path / "schemathesis.toml", ids),
        "run",
        f"{fuzzed_server.base_url}/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--generation-deterministic",
        "--phases",
        "examples,coverage,fuzzing",
        "--workers",
        "1",
        "--suppress-health-check",
        "all",
        "--request-timeout",
        "30",
        "--no-color",
        "--output-truncate",
        "true",
    ]
    command += _exclusions(fuzzed_server.base_url)
    run = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-20000:]
    assert "Tested: " in report


def _exclusions(base_url: str) -> list[str]:
    """Each excluded operation is the only one on its path, so excluding the path excludes exactly it."""
    paths = httpx.get(f"{base_url}/openapi.json", timeout=30).json()["paths"]
    arguments = []
    for method, path in EXCLUDED:
        assert set(paths[path]) == {method.lower()}, f"{path} has other operations: exclude by method too"
        arguments += ["--exclude-path", path]
    return arguments
