"""The web tier under load: `python -m tests.bench.api_load`.

Starts the app (Reflex's ASGI app with the REST API, served by granian as `reflex run --env prod`
serves its backend) on PostgreSQL + Redis with two web workers, and beside it a bare FastAPI +
SQLAlchemy app (`tests.bench.bare_api`) doing the same queries, on the same database; then, for each
client count (20, 50, 100), runs the same request mix against each: read-heavy (the session, the
profile, a month of shifts) with one write in ten (the profile's phone). Then the default install:
SQLite, one web worker, 50 clients, and the server log searched for 'database is locked' and
connection-pool timeouts.

The load generator is one process, asyncio + httpx, on loopback only; it shares the machine's
cores with the servers, so its own cost is part of every figure (the baseline pays it too). Each
run is bounded in time: requests still open at its end are cancelled and counted as unfinished.
Rate limits are raised so that they do not dominate (they are still counted on every request);
answers of 429 are reported apart. `--scale` loads the organisation-sized data set
(`python -m shiftapp.seed --scale`) into both databases instead of the demo.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx

from tests.support import (
    VENV_BIN,
    Server,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    migrate_and_seed,
    postgres_available,
    reflex_env,
)

USERS = ("admin@example.com", "leader@example.com", "staff@example.com", "luca.bianchi@example.com")
PASSWORD = "shiftapp-demo"
REDIS_URL = os.environ.get("SHIFTAPP_BENCH_REDIS", "redis://127.0.0.1:6379/7")
RAISED_LIMITS = {"RATE_LIMIT_STANDARD": "1000000", "RATE_LIMIT_AI": "1000000", "RATE_LIMIT_BULK": "1000000"}


@dataclass
class Sample:
    kind: str
    status: int  # 0: no answer (connection error or timeout)
    seconds: float


@dataclass
class Run:
    target: str
    clients: int
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    unfinished: int = 0

    def answered(self) -> list[Sample]:
        return [s for s in self.samples if s.status and s.status != 429]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _month() -> tuple[str, str]:
    first = date.today().replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first.isoformat(), last.isoformat()


async def _client_loop(
    client: httpx.AsyncClient, tokens: list[str], seed: int, stop_at: float, run: Run, month: tuple[str, str]
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < stop_at:
        headers = {"Authorization": f"Bearer {rng.choice(tokens)}"}
        roll = rng.random()
        if roll < 0.1:
            kind = "write profile"
            request = client.build_request(
                "PUT", "/api/users/me", json={"phone": f"+39 06 {rng.randrange(10**6):06d}"}, headers=headers
            )
        elif roll < 0.4:
            kind = "read session"
            request = client.build_request("GET", "/api/auth/session", headers=headers)
        elif roll < 0.7:
            kind = "read profile"
            request = client.build_request("GET", "/api/users/me", headers=headers)
        else:
            kind = "read shifts month"
            request = client.build_request(
                "GET", "/api/shifts", params={"start_date": month[0], "end_date": month[1]}, headers=headers
            )
        started = time.monotonic()
        try:
            response = await client.send(request)
            status = response.status_code
        except httpx.HTTPError:
            status = 0
        run.samples.append(Sample(kind, status, time.monotonic() - started))


async def _load(base_url: str, tokens: list[str], clients: int, seconds: float, target: str) -> Run:
    run = Run(target, clients, seconds)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=30) as client:
        # A short warm-up at the same concurrency, not counted: connections opened, caches filled.
        warm = Run(target, clients, 2)
        stop = time.monotonic() + 2
        await asyncio.gather(*(_client_loop(client, tokens, i, stop, warm, _month()) for i in range(clients)))
        stop = time.monotonic() + seconds
        tasks = [
            asyncio.create_task(_client_loop(client, tokens, 1000 + i, stop, run, _month())) for i in range(clients)
        ]
        _done, pending = await asyncio.wait(tasks, timeout=seconds + 10)
        for task in pending:
            task.cancel()
        run.unfinished = len(pending)
    return run


def _sign_in(base_url: str) -> list[str]:
    with httpx.Client(base_url=base_url, timeout=60) as client:
        tokens = []
        for email in USERS:
            response = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
            response.raise_for_status()
            tokens.append(response.json()["token"])
        return tokens


def _report(run: Run) -> dict[str, float]:
    answered = run.answered()
    rate = len(answered) / run.seconds
    too_many = sum(1 for s in run.samples if s.status == 429)
    failed = sum(1 for s in run.samples if s.status == 0 or s.status >= 500)
    print(
        f"  {run.target:<14} {run.clients:>3} clients: {rate:7.1f} req/s answered, "
        f"{too_many} × 429, {failed} × 5xx/no answer, {run.unfinished} unfinished at the end"
    )
    figures = {"rps": rate}
    for kind in ("read", "write"):
        times = [s.seconds * 1000 for s in answered if s.kind.startswith(kind)]
        figures[f"{kind}_p95"] = _percentile(times, 0.95)
    for kind in sorted({s.kind for s in answered}):
        times = [s.seconds * 1000 for s in answered if s.kind == kind]
        print(
            f"      {kind:<18} n={len(times):>6}  p50 {statistics.median(times):7.1f} ms  "
            f"p95 {_percentile(times, 0.95):7.1f} ms  p99 {_percentile(times, 0.99):7.1f} ms"
        )
    for kind in ("read", "write"):
        print(f"      all {kind}s{'':<13} p95 {figures[f'{kind}_p95']:7.1f} ms")
    return figures


def _granian(target: str, workers: int, env: dict[str, str], log: Path, *, factory: bool, ready: str) -> Server:
    port = free_port()
    args = [str(VENV_BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port)]
    args += ["--workers", str(workers)]
    # The app is a factory (rx.App is called for its ASGI app) and needs websockets; the baseline is neither.
    args += ["--factory"] if factory else ["--no-ws"]
    args.append(target)
    return Server(args, env, f"http://127.0.0.1:{port}", ready, log)


def _app_env(database_url: str, redis_url: str | None) -> dict[str, str]:
    env = {**os.environ, **reflex_env(), **RAISED_LIMITS}
    env |= {
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "production",
        "REFLEX_ENV_MODE": "prod",
        "REFLEX_SKIP_COMPILE": "true",
        "RATE_LIMIT_KEY_PREFIX": f"shiftapp-bench-{uuid.uuid4().hex}",
    }
    for name in ("REDIS_URL", "REFLEX_REDIS_URL"):
        env.pop(name, None)
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["REFLEX_REDIS_URL"] = redis_url
    return env


def _log_troubles(log: Path) -> dict[str, int]:
    text = log.read_text(errors="replace")
    return {
        "database is locked": text.count("database is locked"),
        "pool timeouts": text.count("QueuePool limit"),
        "tracebacks": text.count("Traceback"),
    }


def _compare(app: dict[str, float], bare: dict[str, float], clients: int) -> None:
    ratio = bare["rps"] / app["rps"] if app["rps"] else float("inf")
    print(
        f"  => {clients} clients: app {app['rps']:.1f} req/s vs bare {bare['rps']:.1f} req/s "
        f"(bare/app {ratio:.2f}×); app reads p95 {app['read_p95']:.0f} ms, writes p95 {app['write_p95']:.0f} ms"
    )


def run_postgres(levels: list[int], seconds: float, folder: Path, *, with_bare: bool, scale: bool) -> None:
    if not postgres_available():
        print("PostgreSQL at 127.0.0.1:5432 does not answer; the PostgreSQL + Redis case is skipped")
        return
    url, name = create_postgres_database()
    servers: list[Server] = []
    try:
        migrate_and_seed(url, scale=scale)
        app = _granian(
            "shiftapp.shiftapp:app", 2, _app_env(url, REDIS_URL), folder / "app-pg.log", factory=True, ready="/ping"
        )
        servers.append(app)
        bare = None
        if with_bare:
            bare = _granian(
                "tests.bench.bare_api:app",
                2,
                {**os.environ, "DATABASE_URL": url},
                folder / "bare-pg.log",
                factory=False,
                ready="/docs",
            )
            servers.append(bare)
        tokens = _sign_in(app.base_url)
        data = "scale data" if scale else "demo data"
        print(f"PostgreSQL + Redis, two web workers each, {data} ({seconds:.0f} s per run; logs in {folder})")
        for clients in levels:
            app_figures = _report(asyncio.run(_load(app.base_url, tokens, clients, seconds, "app")))
            if bare is not None:
                bare_figures = _report(asyncio.run(_load(bare.base_url, tokens, clients, seconds, "bare baseline")))
                _compare(app_figures, bare_figures, clients)
        print(f"  app log: {_log_troubles(folder / 'app-pg.log')}")
    finally:
        for server in servers:
            server.stop()
        drop_postgres_database(name)


def run_sqlite(clients: int, seconds: float, folder: Path, *, scale: bool) -> None:
    url = f"sqlite:///{folder / 'shiftapp.db'}"
    migrate_and_seed(url, scale=scale)
    app = _granian(
        "shiftapp.shiftapp:app", 1, _app_env(url, None), folder / "app-sqlite.log", factory=True, ready="/ping"
    )
    try:
        tokens = _sign_in(app.base_url)
        data = "scale data" if scale else "demo data"
        print(f"Default install: SQLite, one web worker, no Redis, {data} ({seconds:.0f} s)")
        _report(asyncio.run(_load(app.base_url, tokens, clients, seconds, "app (sqlite)")))
        started = time.monotonic()
        httpx.get(app.base_url + "/ping", timeout=30)
        print(f"  /ping after the run: {1000 * (time.monotonic() - started):.0f} ms")
    finally:
        app.stop()
    print(f"  app log: {_log_troubles(folder / 'app-sqlite.log')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="20,50,100", help="client counts for PostgreSQL + Redis")
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per run")
    parser.add_argument("--sqlite-clients", type=int, default=50)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-bare", action="store_true")
    parser.add_argument("--scale", action="store_true", help="seed the organisation-sized data set, not the demo")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="shiftapp-api-load-"))
    print(f"load generator: one process, asyncio + httpx, loopback; {os.cpu_count()} cores shared with the servers")
    if not args.skip_postgres:
        levels = [int(c) for c in args.clients.split(",")]
        run_postgres(levels, args.seconds, folder, with_bare=not args.skip_bare, scale=args.scale)
    if not args.skip_sqlite:
        run_sqlite(args.sqlite_clients, args.seconds, folder, scale=args.scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
