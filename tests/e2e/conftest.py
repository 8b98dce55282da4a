"""Browser tests: the real app (`reflex run --env prod`) in Debian's Chromium, driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.support import (
    VENV_BIN,
    JobWorker,
    Server,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    migrate_and_seed,
    reflex_env,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "shiftapp-demo"

# The app, its job worker and Chromium share two cores here: an answer that is quick alone can take
# several seconds when a solver runs beside it. A page that never shows what is asserted still fails.
expect.set_options(timeout=12_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright's own browser downloads are not reachable here: use Debian's Chromium.
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


# `E2E_DEPLOYMENT=postgres-redis`: the browser tests run against the app as production runs it — a new
# PostgreSQL database, Reflex page state and the job queue in Redis, two web workers (`make test-deployment`).
# The default is one web worker on a new SQLite file, as `make run` serves it.
DEPLOYMENT = os.environ.get("E2E_DEPLOYMENT", "sqlite")
REDIS_DATABASES = {"REDIS_URL": "redis://127.0.0.1:6379/14", "REFLEX_REDIS_URL": "redis://127.0.0.1:6379/15"}


def _deployment_env() -> dict[str, str]:
    if DEPLOYMENT == "sqlite":
        return {}
    if DEPLOYMENT != "postgres-redis":
        raise pytest.UsageError(f"E2E_DEPLOYMENT is sqlite or postgres-redis, not {DEPLOYMENT!r}")
    import redis

    for url in REDIS_DATABASES.values():  # no page state or queued job of an earlier run
        redis.Redis.from_url(url).flushdb()
    return {**REDIS_DATABASES, "GRANIAN_WORKERS": "2"}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    if DEPLOYMENT == "postgres-redis":
        url, name = create_postgres_database()
        migrate_and_seed(url)
        yield url
        drop_postgres_database(name)
        return
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'shiftapp.db'}"
    migrate_and_seed(url)
    yield url


@pytest.fixture(scope="session")
def app_server(database_url, tmp_path_factory) -> Iterator[Server]:
    port = free_port()
    origins = f"http://localhost:{port},http://127.0.0.1:{port}"
    env = {
        **os.environ,
        **reflex_env(),
        **_deployment_env(),
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "test",
        "SHIFTAPP_ALLOWED_ORIGINS": origins,
    }
    logs = tmp_path_factory.mktemp("logs")
    # As `make run` does: one job worker beside the web process runs the solvers (auto-assign, generation).
    worker = JobWorker(env, logs / "worker.log")
    log = logs / "reflex.log"
    server = Server(
        [str(VENV_BIN / "reflex"), "run", "--env", "prod", "--single-port", "--frontend-port", str(port)],
        env,
        f"http://localhost:{port}",
        "/ping",
        log,
    )
    server._wait_ready("/login")
    yield server
    server.stop()
    worker.stop()


@pytest.fixture(scope="session")
def base_url(app_server) -> str:
    return app_server.base_url


def date_in_field(field) -> date:
    """The date a date field shows: day/month/year in both languages (components/date_field.jsx)."""
    day, month, year = field.input_value().split("/")
    return date(int(year), int(month), int(day))


def sign_in(page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#login-email", email)
    page.fill("#login-password", password)
    page.click("#login-submit")
    # The name is in the sidebar, which phones hide until the menu opens: wait for its text, not its box.
    page.wait_for_function("() => document.querySelector('#signed-in-name')?.textContent?.trim()")
