"""Helpers shared by the integration and browser tests: fresh databases, free ports, servers."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

REPO_ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = REPO_ROOT / ".venv" / "bin"
POSTGRES_ADMIN_URL = os.environ.get("SHIFTAPP_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def shared_benchmarks() -> Path:
    """../shared/benchmarks beside the repository, or beside the directory holding this worktree."""
    for folder in REPO_ROOT.parents:
        if (folder / "shared" / "benchmarks").is_dir():
            return folder / "shared" / "benchmarks"
    return REPO_ROOT.parent / "shared" / "benchmarks"


def server_today(client: httpx.Client) -> date:
    """Today in the app's planning timezone, by the server's clock (its Date header), not the test
    process's: the server decides what "upcoming" and "this week" mean, and a test that takes
    today from its own clock (or in another timezone) fails between the two midnights."""
    from shiftapp.config import get_settings

    served = parsedate_to_datetime(client.get("/openapi.json").headers["date"])
    return served.astimezone(ZoneInfo(get_settings().timezone)).date()


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


def scale_database(given: str | None) -> str:
    """The benchmarks' organisation-sized database: `given` (a SQLite URL already holding it), else a new
    file with the scale data seeded into it."""
    if given:
        return given
    url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='shiftapp-bench-')) / 'scale.db'}"
    print(f"seeding the scale data into {url} …", flush=True)
    migrate_and_seed(url, scale=True)
    return url


def migrate_and_seed(database_url: str, *, seed: bool = True, scale: bool = False) -> None:
    """Migrate to head, then load the demo, or with `scale` the organisation-sized data set."""
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(
        [str(VENV_BIN / "python"), "-m", "alembic", "upgrade", "head"],
        cwd=REPO_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    if seed:
        subprocess.run(
            [str(VENV_BIN / "python"), "-m", "shiftapp.seed", "--scale" if scale else "--demo"],
            cwd=REPO_ROOT,
            env=env,
            check=True,
            capture_output=True,
        )


# Every server and job worker log of this run, shown when the run fails (`tests/conftest.py`): the
# server's side of a failure (a busy database, a traceback) is otherwise lost with the temporary files.
SERVICE_LOGS: list[Path] = []


class Server:
    """A server process in its own process group, stopped with the whole group."""

    def __init__(self, args: list[str], env: dict[str, str], base_url: str, ready_path: str, log_path: Path):
        self.base_url = base_url
        SERVICE_LOGS.append(log_path)
        self._log = open(log_path, "w")  # noqa: SIM115 - the server writes to it until stop() closes it
        self.process = subprocess.Popen(
            args, cwd=REPO_ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
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
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self._log.close()


class JobWorker:
    """A job worker (`python -m shiftapp.worker`) in its own process group, ready once it says so."""

    def __init__(self, env: dict[str, str], log_path: Path, timeout: float = 60.0):
        self.log_path = log_path
        SERVICE_LOGS.append(log_path)
        self._log = open(log_path, "w")  # noqa: SIM115 - the worker writes to it until stop() closes it
        self.process = subprocess.Popen(
            [str(VENV_BIN / "python"), "-m", "shiftapp.worker"],
            cwd=REPO_ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.time() + timeout
        while "ready for" not in log_path.read_text():
            if self.process.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"job worker did not start; see {log_path}")
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL: the worker gets no chance to tidy up, as when a machine dies."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()
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


# Written by every request or sign-in by design, whoever makes it: not what a refused write may change.
UNWATCHED_TABLES = frozenset({"auth_session", "rate_limit_counter", "alembic_version"})
UNWATCHED_AUDIT_ACTIONS = frozenset({"sign_in", "sign_in_failed"})


def database_fingerprint(db) -> dict[str, str]:
    """A digest of every table's rows (sessions, rate-limit counters and sign-in audit rows aside), to
    compare before and after a request that must change nothing."""
    import hashlib

    from sqlalchemy import select

    from shiftapp.models import metadata

    db.expire_all()
    db.rollback()  # a fresh transaction: see what the server committed since the last look
    digests = {}
    for table in metadata.sorted_tables:
        if table.name in UNWATCHED_TABLES:
            continue
        key = list(table.primary_key.columns) or list(table.columns)
        digest = hashlib.sha256()
        count = 0
        for row in db.execute(select(table).order_by(*key)).mappings():
            if table.name == "audit_event" and row["action"] in UNWATCHED_AUDIT_ACTIONS:
                continue
            digest.update(repr(sorted(dict(row).items())).encode())
            count += 1
        digests[table.name] = f"{count} rows {digest.hexdigest()[:16]}"
    return digests


class DatabaseUnchanged:
    """`with DatabaseUnchanged(db):` around requests that must be refused without writing anything.
    `but_jobs=True` for requests computed in a job worker (docs/jobs.md): their job row is the record
    of the request, and everything else must stay as it was."""

    def __init__(self, db, *, but_jobs: bool = False) -> None:
        self.db = db
        self.but_jobs = but_jobs

    def __enter__(self) -> DatabaseUnchanged:
        self.before = database_fingerprint(self.db)
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            after = database_fingerprint(self.db)
            changed = sorted(
                name
                for name in self.before
                if after.get(name) != self.before[name] and not (self.but_jobs and name == "job")
            )
            assert not changed, f"a refused request changed {changed}"
