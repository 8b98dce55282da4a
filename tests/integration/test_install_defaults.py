"""No destructive or known-password defaults: what a fresh install lets through before anyone configures it.

Each test here runs its own server on its own SQLite file, because a reset that works empties the database."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import httpx
import pytest
from sqlmodel import Session, create_engine, select

from shiftapp.models import AuditEvent, Employee, Shift
from tests.integration.conftest import bearer, login
from tests.support import REPO_ROOT, VENV_BIN, Server, free_port, migrate_and_seed


def _serve(url: str, tmp_path_factory, **extra_env: str) -> Server:
    env = {**os.environ, "DATABASE_URL": url, **extra_env}
    for name in ("ALLOW_SCHEDULE_RESET", "ENVIRONMENT"):
        if name not in extra_env:
            env.pop(name, None)  # exactly as an install that never set them
    port = free_port()
    return Server(
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
        tmp_path_factory.mktemp("logs") / "api.log",
    )


def _count(url: str, model) -> int:
    engine = create_engine(url)
    with Session(engine) as session:
        count = len(session.exec(select(model)).all())
    engine.dispose()
    return count


def _run(module: str, *args: str, url: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "DATABASE_URL": url, **env}
    return subprocess.run(
        [str(VENV_BIN / "python"), "-m", module, *args],
        cwd=REPO_ROOT,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    migrate_and_seed(url)
    return url


@pytest.fixture
def reset_off(demo_url, tmp_path_factory) -> Iterator[Server]:
    server = _serve(demo_url, tmp_path_factory)
    yield server
    server.stop()


def test_reset_is_off_by_default_and_deletes_nothing(reset_off, demo_url):
    before = _count(demo_url, Shift)
    with httpx.Client(base_url=reset_off.base_url, timeout=30) as client:
        token = login(client, "admin@example.com")["token"]
        response = client.delete("/api/shifts/reset", headers=bearer(token))
    assert response.status_code == 403
    assert "ALLOW_SCHEDULE_RESET" in response.json()["error"]
    assert _count(demo_url, Shift) == before > 0


def test_reset_when_allowed_is_for_admins_only(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('reset') / 'reset.db'}"
    migrate_and_seed(url)
    before = _count(url, Shift)
    server = _serve(url, tmp_path_factory, ALLOW_SCHEDULE_RESET="true")
    try:
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            leader = client.delete("/api/shifts/reset", headers=bearer(login(client, "leader@example.com")["token"]))
            assert leader.status_code == 403
            assert _count(url, Shift) == before > 0
            admin = client.delete("/api/shifts/reset", headers=bearer(login(client, "admin@example.com")["token"]))
            assert admin.status_code == 200, admin.text
    finally:
        server.stop()
    assert _count(url, Shift) == 0


@pytest.fixture(scope="module")
def blank_url(tmp_path_factory) -> str:
    """A migrated database named by DATABASE_URL, as a production install has."""
    url = f"sqlite:///{tmp_path_factory.mktemp('blank') / 'production.db'}"
    migrate_and_seed(url, seed=False)
    return url


def test_demo_does_not_load_on_another_database_without_demo(blank_url):
    result = _run("shiftapp.seed", url=blank_url)
    assert result.returncode == 0, result.stderr
    assert "--demo" in result.stdout
    assert _count(blank_url, Employee) == 0


def test_create_admin_signs_in_over_the_api(blank_url, tmp_path_factory):
    result = _run(
        "shiftapp.admin",
        "create-admin",
        "--email",
        "Boss@Corp.test",
        "--name",
        "Bo Ss",
        "--password-stdin",
        url=blank_url,
        stdin="a long and private passphrase\n",
    )
    assert result.returncode == 0, result.stderr
    engine = create_engine(blank_url)
    with Session(engine) as session:
        admin = session.exec(select(Employee).where(Employee.email == "boss@corp.test")).one()
        assert admin.access_role == "admin"
        assert (
            session.exec(
                select(AuditEvent).where(AuditEvent.entity_id == admin.id, AuditEvent.action == "create_admin")
            ).first()
            is not None
        )
    engine.dispose()
    server = _serve(blank_url, tmp_path_factory)
    try:
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            signed_in = login(client, "boss@corp.test", "a long and private passphrase")
            assert signed_in["user"]["role"] == "admin"
    finally:
        server.stop()


@pytest.mark.parametrize("password", ["short", "password123", "shiftapp-demo"])
def test_create_admin_refuses_a_weak_password(blank_url, password):
    result = _run(
        "shiftapp.admin", "create-admin", "--email", "weak@corp.test", url=blank_url, SHIFTAPP_ADMIN_PASSWORD=password
    )
    assert result.returncode == 1
    assert "Not created" in result.stderr
    engine = create_engine(blank_url)
    with Session(engine) as session:
        assert session.exec(select(Employee).where(Employee.email == "weak@corp.test")).first() is None
    engine.dispose()


def test_create_admin_refuses_an_existing_email(blank_url):
    first = _run(
        "shiftapp.admin",
        "create-admin",
        "--email",
        "twice@corp.test",
        url=blank_url,
        SHIFTAPP_ADMIN_PASSWORD="first private passphrase",
    )
    assert first.returncode == 0, first.stderr
    second = _run(
        "shiftapp.admin",
        "create-admin",
        "--email",
        "twice@corp.test",
        url=blank_url,
        SHIFTAPP_ADMIN_PASSWORD="second private passphrase",
    )
    assert second.returncode == 1
    assert "already exists" in second.stderr
    assert _count(blank_url, Employee) >= 1
