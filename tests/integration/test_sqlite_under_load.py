"""The default install (SQLite, one web worker, no Redis; the Reflex app with the API mounted, as
`reflex run` serves its backend) under 50 concurrent clients: every request is answered, none with a
5xx, and the server never reports 'database is locked' or a connection-pool timeout. Rate limits are
raised so that requests reach the database (they are still counted)."""

from __future__ import annotations

import asyncio
import os
import random
import time

import httpx

from tests.integration.conftest import DEMO_PASSWORD
from tests.support import REPO_ROOT, VENV_BIN, Server, free_port, migrate_and_seed, reflex_env

CLIENTS = 50
SECONDS = 10
USERS = ("admin@example.com", "leader@example.com", "staff@example.com", "luca.bianchi@example.com")


async def _client(client: httpx.AsyncClient, tokens: list[str], seed: int, stop_at: float, statuses: list[int]) -> None:
    rng = random.Random(seed)
    sent = 0
    while sent == 0 or time.monotonic() < stop_at:  # every client sends at least one request
        sent += 1
        headers = {"Authorization": f"Bearer {rng.choice(tokens)}"}
        roll = rng.random()
        if roll < 0.1:
            response = await client.put(
                "/api/users/me", json={"phone": f"+39 06 {rng.randrange(10**6):06d}"}, headers=headers
            )
        elif roll < 0.4:
            response = await client.get("/api/auth/session", headers=headers)
        elif roll < 0.7:
            response = await client.get("/api/users/me", headers=headers)
        else:
            response = await client.get(
                "/api/shifts", params={"start_date": "2026-12-01", "end_date": "2026-12-31"}, headers=headers
            )
        statuses.append(response.status_code)


async def _load(base_url: str, tokens: list[str]) -> list[int]:
    statuses: list[int] = []
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as client:
        stop_at = time.monotonic() + SECONDS
        await asyncio.wait_for(
            asyncio.gather(*(_client(client, tokens, n, stop_at, statuses) for n in range(CLIENTS))), SECONDS + 40
        )
    return statuses


def test_fifty_clients_on_the_default_sqlite_install_are_all_answered(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'shiftapp.db'}"
    migrate_and_seed(database_url)
    port = free_port()
    env = {
        **os.environ,
        **reflex_env(),
        "PYTHONPATH": str(REPO_ROOT),
        "REFLEX_SKIP_COMPILE": "true",
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "test",
        "RATE_LIMIT_STANDARD": "1000000",
        "RATE_LIMIT_BULK": "1000000",
    }
    for name in ("REDIS_URL", "REFLEX_REDIS_URL"):
        env.pop(name, None)
    log = tmp_path / "api.log"
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
            "--factory",
            "shiftapp.shiftapp:app",
        ],
        env,
        f"http://127.0.0.1:{port}",
        "/ping",
        log,
    )
    try:
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            tokens = []
            for email in USERS:
                response = client.post("/api/auth/login", json={"email": email, "password": DEMO_PASSWORD})
                assert response.status_code == 200, response.text
                tokens.append(response.json()["token"])
        statuses = asyncio.run(_load(server.base_url, tokens))
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            assert client.get("/api/auth/session", headers={"Authorization": f"Bearer {tokens[0]}"}).status_code == 200
    finally:
        server.stop()
    assert len(statuses) >= CLIENTS  # every client was answered, within the time given
    assert {s for s in statuses if s >= 500} == set(), sorted(statuses)[-5:]
    assert set(statuses) <= {200}
    written = log.read_text(errors="replace")
    assert "database is locked" not in written
    assert "QueuePool limit" not in written
