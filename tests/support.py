"""Helpers shared by the integration and browser tests: fresh databases, free ports, servers."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = REPO_ROOT / ".venv" / "bin"
POSTGRES_ADMIN_URL = os.environ.get("SHIFTAPP_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN_URL, connect_timeout=2):
            return True
    except Exception:
        return False


def create_postgres_database() -> tuple[str, str]:
    """A new empty database on the local PostgreSQL; returns (url, name)."""
    import psycopg

    name = f"shiftapp_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    return f"{base}/{name}", name


def drop_postgres_database(name: str) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate_and_seed(database_url: str, *, seed: bool = True) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run([str(VENV_BIN / "python"), "-m", "alembic", "upgrade", "head"], cwd=REPO_ROOT, env=env,
                   check=True, capture_output=True)
    if seed:
        subprocess.run([str(VENV_BIN / "python"), "-m", "shiftapp.seed", "--demo"], cwd=REPO_ROOT, env=env, check=True,
                       capture_output=True)


class Server:
    """A server process in its own process group, stopped with the whole group."""

    def __init__(self, args: list[str], env: dict[str, str], base_url: str, ready_path: str, log_path: Path):
        self.base_url = base_url
        self._log = open(log_path, "w")
        self.process = subprocess.Popen(args, cwd=REPO_ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        self._wait_ready(ready_path)

    def _wait_ready(self, path: str, timeout: float = 240.0) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early; see {self._log.name}")
            try:
                if httpx.get(self.base_url + path, timeout=2).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"server not ready after {timeout} s; see {self._log.name}")

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._log.close()


def reflex_env() -> dict[str, str]:
    """The environment `make` gives Reflex: the project-local bun and caches, no telemetry."""
    tools = REPO_ROOT / ".tools"
    return {
        "REFLEX_BUN_PATH": str(tools / "bun" / "node_modules" / "@oven" / "bun-linux-x64" / "bin" / "bun"),
        "BUN_INSTALL_CACHE_DIR": str(tools / "bun-cache"),
        "BUN_RUNTIME_TRANSPILER_CACHE_PATH": str(tools / "bun-transpiler-cache"),
        "REFLEX_DIR": str(tools / "reflex"),
        "NPM_CONFIG_REGISTRY": os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org/"),
        "REFLEX_TELEMETRY_ENABLED": "false",
    }
