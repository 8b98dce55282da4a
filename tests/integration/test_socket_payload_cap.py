"""Page events over socket.io are bounded by the same MAX_REQUEST_BODY_BYTES as API bodies."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.support import REPO_ROOT

_PRINT_SOCKET_LIMIT = "from shiftapp.shiftapp import app; print(app.sio.eio.max_http_buffer_size)"


def test_the_socket_server_refuses_messages_over_the_request_body_cap(tmp_path):
    # A limit different from engine.io's own default (1,000,000), in a fresh process because
    # the app and its settings are built once per process.
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "MAX_REQUEST_BODY_BYTES": "4096",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'cap.db'}"}
    out = subprocess.run([sys.executable, "-c", _PRINT_SOCKET_LIMIT], cwd=REPO_ROOT, env=env,
                         capture_output=True, text=True, check=True)
    # engine.io compares every incoming websocket message with this and closes the connection
    # ("packet is too large") before socket.io or Reflex decode it.
    assert out.stdout.strip().splitlines()[-1] == "4096"
