"""Sign-in throttling per account and per client address, the limiter failing closed, and sign-ins in
the audit trail, over real HTTP. Each server here has its own database and its own low limits, so
the failures these tests cause never reach the shared suite server."""
from __future__ import annotations

import os
import socket
import uuid

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.integration.conftest import DEMO_PASSWORD, bearer
from tests.support import VENV_BIN, Server, free_port, migrate_and_seed


def _redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def _start(tmp_path_factory, url: str, **settings: str) -> Server:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "ENVIRONMENT": "test",
           "RATE_LIMIT_KEY_PREFIX": f"shiftapp-test-{uuid.uuid4().hex}", **settings}
    if "REDIS_URL" not in settings:
        env.pop("REDIS_URL", None)
    return Server([str(VENV_BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port),
                   "--workers", "1", "shiftapp.api.asgi:app"], env, f"http://127.0.0.1:{port}", "/openapi.json",
                  tmp_path_factory.mktemp("signinlogs") / "api.log")


@pytest.fixture(scope="module", params=[
    pytest.param(None, id="database-counters"),
    pytest.param("redis://127.0.0.1:6379/0", id="redis-counters",
                 marks=pytest.mark.skipif(not _redis_available(), reason="no Redis at 127.0.0.1:6379")),
])
def throttled(request, tmp_path_factory):
    """A server whose standard bucket is tiny (5 a minute), so the anonymous bucket would show."""
    url = f"sqlite:///{tmp_path_factory.mktemp('signindb') / 'signin.db'}"
    migrate_and_seed(url)
    settings = {"RATE_LIMIT_STANDARD": "5"}
    if request.param:
        settings["REDIS_URL"] = request.param
    server = _start(tmp_path_factory, url, **settings)
    yield server, url
    server.stop()


def _sign_in(client: httpx.Client, email: str, password: str) -> httpx.Response:
    return client.post("/api/auth/login", json={"email": email, "password": password})


def _audit_rows(url: str, action: str) -> list[dict]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT entity_type, entity_id, action, actor_id, after, kind FROM audit_event "
                                     "WHERE action = :action ORDER BY at"), {"action": action}).mappings().all()
            return [dict(row) for row in rows]
    finally:
        engine.dispose()


def test_twelve_wrong_passwords_pause_the_account_not_the_address(throttled):
    server, _url = throttled
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        statuses, last = [], None
        for attempt in range(12):
            last = _sign_in(client, "leader@example.com", f"wrong-password-{attempt}")
            statuses.append(last.status_code)
        assert statuses[:5] == [401] * 5
        assert statuses[5:] == [429] * 7
        assert int(last.headers["Retry-After"]) >= 60
        body = last.json()
        assert body["code"] == "RATE_LIMITED"
        assert "paused" in body["error"] and "try again" in body["error"]
        # While paused even the right password is refused, so guessing on learns nothing.
        assert _sign_in(client, "leader@example.com", DEMO_PASSWORD).status_code == 429
        # Another account behind the same address still signs in.
        assert _sign_in(client, "staff@example.com", DEMO_PASSWORD).status_code == 200


def test_success_after_a_few_failures_resets_the_account(throttled):
    server, _url = throttled
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        for attempt in range(4):
            assert _sign_in(client, "admin@example.com", f"nope-{attempt}").status_code == 401
        assert _sign_in(client, "admin@example.com", DEMO_PASSWORD).status_code == 200
        # Four more failures would make eight in the window without the reset: still no pause.
        for attempt in range(4):
            assert _sign_in(client, "admin@example.com", f"again-{attempt}").status_code == 401
        assert _sign_in(client, "admin@example.com", DEMO_PASSWORD).status_code == 200


def test_anonymous_burst_does_not_block_sign_in(throttled):
    server, _url = throttled
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        burst = [client.get("/api/auth/session").status_code for _ in range(8)]
        assert 429 in burst  # the anonymous standard bucket (5 a minute) is spent
        response = _sign_in(client, "marco.rossi@example.com", DEMO_PASSWORD)
        assert response.status_code == 200, response.text
        # And sign-ins do not spend the anonymous bucket either.
        for _ in range(6):
            assert _sign_in(client, "marco.rossi@example.com", DEMO_PASSWORD).status_code == 200


def test_sign_ins_are_audited_without_the_password(throttled):
    server, url = throttled
    with httpx.Client(base_url=server.base_url, timeout=30) as client:
        token = _sign_in(client, "staff@example.com", DEMO_PASSWORD).json()["token"]
        me = client.get("/api/auth/session", headers=bearer(token)).json()["user"]
        assert _sign_in(client, "staff@example.com", "secret-guess-1").status_code == 401
        assert _sign_in(client, "ghost@example.com", "secret-guess-2").status_code == 401
    succeeded = [row for row in _audit_rows(url, "sign_in") if row["entity_id"] == me["id"]]
    assert succeeded and all(row["actor_id"] == me["id"] and row["kind"] == "sign_in" for row in succeeded)
    failed = _audit_rows(url, "sign_in_failed")
    mine = [row for row in failed if row["entity_id"] == me["id"]]
    assert mine and all(row["actor_id"] is None for row in mine)
    unknown = [row for row in failed if row["entity_id"] == "unknown" and "ghost@example.com" in str(row["after"])]
    assert len(unknown) == 1 and unknown[0]["actor_id"] is None
    everything = str(_audit_rows(url, "sign_in")) + str(failed)
    assert "secret-guess" not in everything and DEMO_PASSWORD not in everything


def test_a_store_that_is_down_refuses_with_503(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('downdb') / 'down.db'}"
    migrate_and_seed(url)
    closed_port = free_port()  # nothing listens there
    server = _start(tmp_path_factory, url, REDIS_URL=f"redis://127.0.0.1:{closed_port}/0")
    try:
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            response = client.get("/api/auth/session")
            assert response.status_code == 503, response.text
            assert int(response.headers["Retry-After"]) >= 1
            assert response.json()["code"] == "UNAVAILABLE"
            response = _sign_in(client, "staff@example.com", DEMO_PASSWORD)
            assert response.status_code == 503, response.text
            assert int(response.headers["Retry-After"]) >= 1
            assert "token" not in response.json()
    finally:
        server.stop()
