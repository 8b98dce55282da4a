"""Rate limits per user, shared by several worker processes, with the database or Redis as the
counter store. Each case runs its own two-worker server with a limit of 5 per minute."""
from __future__ import annotations

import os
import socket
import uuid

import httpx
import pytest

from tests.integration.conftest import bearer
from tests.support import VENV_BIN, Server, free_port, migrate_and_seed


def _redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module", params=[
    pytest.param(None, id="database-counters"),
    pytest.param("redis://127.0.0.1:6379/0", id="redis-counters",
                 marks=pytest.mark.skipif(not _redis_available(), reason="no Redis at 127.0.0.1:6379")),
])
def limited_server(request, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('ratedb') / 'rate.db'}"
    migrate_and_seed(url)
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "RATE_LIMIT_STANDARD": "5", "RATE_LIMIT_BULK": "2",
           "RATE_LIMIT_KEY_PREFIX": f"shiftapp-test-{uuid.uuid4().hex}"}
    env.pop("REDIS_URL", None)
    if request.param:
        env["REDIS_URL"] = request.param
    server = Server([str(VENV_BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port),
                     "--workers", "2", "shiftapp.api.asgi:app"], env, f"http://127.0.0.1:{port}", "/openapi.json",
                    tmp_path_factory.mktemp("ratelogs") / "api.log")
    yield server
    server.stop()


def _token(client: httpx.Client, email: str) -> str:
    response = client.post("/api/auth/login", json={"email": email, "password": "shiftapp-demo"})
    assert response.status_code == 200, response.text
    return response.json()["token"]


def test_sixth_request_in_a_minute_is_429_across_workers(limited_server):
    with httpx.Client(base_url=limited_server.base_url, timeout=30) as client:
        token = _token(client, "staff@example.com")
        statuses, last = [], None
        for _ in range(8):
            # A new connection each time so the two workers both serve requests.
            with httpx.Client(base_url=limited_server.base_url, timeout=30) as fresh:
                last = fresh.get("/api/auth/session", headers=bearer(token))
                statuses.append(last.status_code)
        assert statuses[:5] == [200] * 5
        assert statuses[5:] == [429] * 3
        assert last.headers["X-RateLimit-Limit"] == "5"
        assert last.headers["X-RateLimit-Remaining"] == "0"
        assert int(last.headers["Retry-After"]) >= 1
        assert last.json()["code"] == "RATE_LIMITED"
        # Another user has a quota of their own.
        other = _token(client, "leader@example.com")
        response = client.get("/api/auth/session", headers=bearer(other))
        assert response.status_code == 200
        assert int(response.headers["X-RateLimit-Remaining"]) == 4


def test_bulk_bucket_has_its_own_lower_limit(limited_server):
    with httpx.Client(base_url=limited_server.base_url, timeout=30) as client:
        token = _token(client, "admin@example.com")
        statuses = [client.post("/api/team/availability", headers=bearer(token)).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
