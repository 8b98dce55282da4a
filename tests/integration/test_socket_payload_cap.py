"""Page events over socket.io are bounded by the same MAX_REQUEST_BODY_BYTES as API bodies: a
bigger message closes the connection before Reflex decodes it, and nothing is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
import simple_websocket
import sqlalchemy as sa

from shiftapp.db import make_engine
from shiftapp.models import metadata
from tests.support import REPO_ROOT, VENV_BIN, Server, free_port, migrate_and_seed, reflex_env

# Small, so a test message can exceed it without megabytes of traffic; far above a real page event.
SOCKET_LIMIT = 8_192
_PRINT_SOCKET_LIMIT = "from shiftapp.shiftapp import app; print(app.sio.eio.max_http_buffer_size)"


def test_the_socket_server_takes_its_limit_from_max_request_body_bytes(tmp_path):
    # A limit different from engine.io's own default (1,000,000), in a fresh process because
    # the app and its settings are built once per process.
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "MAX_REQUEST_BODY_BYTES": "4096",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cap.db'}",
    }
    out = subprocess.run(
        [sys.executable, "-c", _PRINT_SOCKET_LIMIT], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "4096"


@pytest.fixture(scope="module")
def reflex_backend(tmp_path_factory) -> Iterator[tuple[Server, str]]:
    """The Reflex app's backend (socket.io and all) served by granian, as `reflex run` serves it."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp('socket') / 'shiftapp.db'}"
    migrate_and_seed(database_url)
    port = free_port()
    env = {
        **os.environ,
        **reflex_env(),
        "PYTHONPATH": str(REPO_ROOT),
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "test",
        "MAX_REQUEST_BODY_BYTES": str(SOCKET_LIMIT),
        "REFLEX_SKIP_COMPILE": "true",
    }
    server = Server(
        [
            str(VENV_BIN / "granian"),
            "--interface",
            "asgi",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "shiftapp.shiftapp:app",
        ],
        env,
        f"http://127.0.0.1:{port}",
        "/ping",
        tmp_path_factory.mktemp("logs") / "reflex.log",
    )
    yield server, database_url
    server.stop()


def _connect(server: Server) -> simple_websocket.Client:
    ws = simple_websocket.Client.connect(server.base_url.replace("http", "ws") + "/_event/?EIO=4&transport=websocket")
    assert ws.receive(timeout=30).startswith("0")  # engine.io open (slow on a loaded machine)
    ws.send("40/_event,")
    assert _next_message(ws).startswith("40/_event")  # socket.io namespace connected
    return ws


def _next_message(ws: simple_websocket.Client, timeout: float = 10) -> str:
    """The next message that is not engine.io's heartbeat: a server ping ("2", due every interval, so it
    can come first on a loaded machine) is answered with a pong ("3") as a browser would."""
    while True:
        message = ws.receive(timeout=timeout)
        if message != "2":
            return message
        ws.send("3")


def _row_counts(database_url: str) -> dict[str, int]:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        counts = {
            name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in metadata.tables.items()
        }
    engine.dispose()
    return counts


def test_a_normal_page_message_is_answered(reflex_backend):
    server, _ = reflex_backend
    ws = _connect(server)
    ws.send('42/_event,["ping"]')
    assert _next_message(ws) == '42/_event,["ping","pong"]'
    ws.close()


def test_an_oversized_page_event_closes_the_connection_and_writes_nothing(reflex_backend):
    server, database_url = reflex_backend
    before = _row_counts(database_url)
    ws = _connect(server)
    event = {
        "name": "reflex___state____state.shiftapp___state___preferences____my_preferences_state.save",
        "payload": {"notes": "n" * (SOCKET_LIMIT * 2)},
    }
    ws.send("42/_event," + json.dumps(["event", event]))
    for _ in range(5):  # anything the server still had queued, then the close
        try:
            ws.receive(timeout=5)
        except simple_websocket.ConnectionClosed:
            break
    else:
        pytest.fail("the connection stayed open after an event over the limit")
    assert _row_counts(database_url) == before
    # The server itself is fine: a new connection is answered.
    again = _connect(server)
    again.send('42/_event,["ping"]')
    assert again.receive(timeout=10) == '42/_event,["ping","pong"]'
    again.close()
