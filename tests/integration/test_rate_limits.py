"""Rate limits per user and the sign-in throttle, shared by several worker processes, with the
database or Redis as the counter store. Each store gets its own two-worker server with a limit of
5 requests per minute, 3 AI requests per minute, and sign-in paused after 5 failures for an
account or 10 from an address.

The sign-in cases each come from their own loopback address (127.0.0.x), so the per-address
counts of one case do not reach into another."""

from __future__ import annotations

import os
import socket
import time
import uuid
from dataclasses import dataclass

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from tests.integration.conftest import DEMO_PASSWORD, bearer
from tests.support import VENV_BIN, Server, free_port, migrate_and_seed

ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 10
AI_LIMIT = 3


def _redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@dataclass
class LimitedServer:
    server: Server
    settings: dict[str, str]  # the environment that differs from the test process's

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def database_url(self) -> str:
        return self.settings["DATABASE_URL"]


def _start(tmp_path_factory, settings: dict[str, str], workers: int = 2, *, drop_counters: bool = False) -> Server:
    port = free_port()
    env = {**os.environ, **settings}
    if "REDIS_URL" not in settings:
        env.pop("REDIS_URL", None)
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
            str(workers),
            "shiftapp.api.asgi:app",
        ],
        env,
        f"http://127.0.0.1:{port}",
        "/openapi.json",
        tmp_path_factory.mktemp("ratelogs") / "api.log",
    )


def _seeded_sqlite(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('ratedb') / 'rate.db'}"
    migrate_and_seed(url)
    return url


@pytest.fixture(
    scope="module",
    params=[
        pytest.param(None, id="database-counters"),
        pytest.param(
            "redis://127.0.0.1:6379/0",
            id="redis-counters",
            marks=pytest.mark.skipif(not _redis_available(), reason="no Redis at 127.0.0.1:6379"),
        ),
    ],
)
def limited_server(request, tmp_path_factory):
    settings = {
        "DATABASE_URL": _seeded_sqlite(tmp_path_factory),
        "RATE_LIMIT_STANDARD": "5",
        "RATE_LIMIT_BULK": "2",
        "RATE_LIMIT_AI": str(AI_LIMIT),
        "SIGN_IN_ACCOUNT_FAILURES": str(ACCOUNT_FAILURES),
        "SIGN_IN_ADDRESS_FAILURES": str(ADDRESS_FAILURES),
        "RATE_LIMIT_KEY_PREFIX": f"shiftapp-test-{uuid.uuid4().hex}",
    }
    if request.param:
        settings["REDIS_URL"] = request.param
    server = _start(tmp_path_factory, settings)
    yield LimitedServer(server, settings)
    server.stop()


@pytest.fixture(scope="module")
def proxied_server(tmp_path_factory):
    """The API behind one reverse proxy (TRUSTED_PROXY_HOPS=1): clients are told apart by the
    address the proxy appends to X-Forwarded-For."""
    settings = {
        "DATABASE_URL": _seeded_sqlite(tmp_path_factory),
        "TRUSTED_PROXY_HOPS": "1",
        "SIGN_IN_ADDRESS_FAILURES": str(ADDRESS_FAILURES),
        "SIGN_IN_ACCOUNT_FAILURES": str(ACCOUNT_FAILURES),
        "RATE_LIMIT_KEY_PREFIX": f"shiftapp-test-{uuid.uuid4().hex}",
    }
    server = _start(tmp_path_factory, settings, workers=1)
    yield LimitedServer(server, settings)
    server.stop()


def _closed_port() -> int:
    return free_port()  # nothing listens on a port the OS just handed out and took back


@pytest.fixture(scope="module", params=["redis-down", "database-counters-missing"])
def store_down_server(request, tmp_path_factory):
    """A server whose counter store cannot answer: Redis at a closed port, or a counter file that
    cannot be opened (every statement on it fails, as on a broken or locked store)."""
    settings = {
        "DATABASE_URL": _seeded_sqlite(tmp_path_factory),
        "RATE_LIMIT_KEY_PREFIX": f"shiftapp-test-{uuid.uuid4().hex}",
    }
    if request.param == "redis-down":
        settings["REDIS_URL"] = f"redis://127.0.0.1:{_closed_port()}/0"
    else:
        # On SQLite the counters live in a file beside the database: a folder in its place cannot be opened.
        from sqlalchemy.engine import make_url

        from shiftapp.services.counter_store import counter_file_url

        counter_url = counter_file_url(settings["DATABASE_URL"])
        assert counter_url is not None
        os.mkdir(str(make_url(counter_url).database))
    server = _start(tmp_path_factory, settings, workers=1)
    yield LimitedServer(server, settings)
    server.stop()


def _client_from(server: LimitedServer, address: str) -> httpx.Client:
    """A client whose requests come from `address` (any 127.0.0.x reaches the loopback server)."""
    return httpx.Client(base_url=server.base_url, timeout=30, transport=httpx.HTTPTransport(local_address=address))


def _sign_in(client: httpx.Client, email: str, password: str = DEMO_PASSWORD) -> httpx.Response:
    return client.post("/api/auth/login", json={"email": email, "password": password})


def _with_time_left_in_this_minute(seconds: int = 20) -> None:
    """The AI quota is counted per minute: start a case early enough in a minute that its requests
    share one window (this waits, it asserts nothing about time)."""
    left = 60 - time.time() % 60
    if left < seconds:
        time.sleep(left + 0.5)


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


# ---------------------------------------------------------------- sign-in throttle over HTTP
def test_twelve_wrong_passwords_pause_that_account_but_not_another_from_the_same_address(limited_server):
    with _client_from(limited_server, "127.0.0.11") as client:
        answers = [_sign_in(client, "marco.rossi@example.com", f"wrong-guess-{n}") for n in range(12)]
        assert [a.status_code for a in answers] == [401] * ACCOUNT_FAILURES + [429] * (12 - ACCOUNT_FAILURES)
        assert "paused for 5 minutes" in answers[ACCOUNT_FAILURES - 1].json()["error"]
        refused = answers[-1]
        assert refused.json()["code"] == "RATE_LIMITED"
        assert refused.json()["details"] == {"paused": "account"}
        assert 1 <= int(refused.headers["Retry-After"]) <= 300
        assert "try again in" in refused.json()["error"]
        # While paused, not even the right password is checked.
        right = _sign_in(client, "marco.rossi@example.com")
        assert right.status_code == 429 and "Retry-After" in right.headers
        assert _sign_in(client, "sara.rossi@example.com").status_code == 200


def test_failures_across_accounts_pause_sign_in_from_that_address_only(limited_server):
    with _client_from(limited_server, "127.0.0.12") as client:
        # Two guesses on each of five accounts: no account reaches its limit, the address does.
        statuses = [
            _sign_in(client, f"guess-{n}@example.com", f"wrong-{k}").status_code
            for n in range(ADDRESS_FAILURES // 2)
            for k in range(2)
        ]
        assert statuses == [401] * ADDRESS_FAILURES
        refused = _sign_in(client, "gianluca.semeraro@example.com")
        assert refused.status_code == 429
        assert refused.json()["details"] == {"paused": "address"}
        assert int(refused.headers["Retry-After"]) >= 1
        assert "network address" in refused.json()["error"]
        # With no trusted proxy configured, a made-up X-Forwarded-For does not get round the pause.
        spoofed = client.post(
            "/api/auth/login",
            headers={"X-Forwarded-For": "198.51.100.99"},
            json={"email": "gianluca.semeraro@example.com", "password": DEMO_PASSWORD},
        )
        assert spoofed.status_code == 429
    with _client_from(limited_server, "127.0.0.13") as elsewhere:
        assert _sign_in(elsewhere, "gianluca.semeraro@example.com").status_code == 200


def test_a_successful_sign_in_clears_the_accounts_failures(limited_server):
    with _client_from(limited_server, "127.0.0.14") as client:
        first = [_sign_in(client, "alessia.pe@example.com", "wrong-first").status_code for _ in range(4)]
        assert _sign_in(client, "alessia.pe@example.com").status_code == 200
        # Without the reset the next failure would be the fifth and pause the account.
        second = [_sign_in(client, "alessia.pe@example.com", "wrong-again").status_code for _ in range(4)]
        assert first == second == [401] * 4
        assert _sign_in(client, "alessia.pe@example.com").status_code == 200


def test_a_burst_of_anonymous_requests_does_not_block_sign_in_from_that_address(limited_server):
    with _client_from(limited_server, "127.0.0.15") as client:
        burst = [client.get("/api/auth/session").status_code for _ in range(8)]
        assert burst[:5] == [401] * 5 and burst[5:] == [429] * 3
        assert _sign_in(client, "andrea.mandala@example.com").status_code == 200


def _sign_in_events(database_url: str, address: str) -> list:
    from shiftapp.db import make_engine
    from shiftapp.models import AuditEvent

    engine = make_engine(database_url)
    with Session(engine) as session:
        events = [
            e
            for e in session.exec(select(AuditEvent).where(AuditEvent.kind == "sign_in").order_by(AuditEvent.at))
            if (e.after or {}).get("address") == address
        ]
    engine.dispose()
    return events


def _employee_id(database_url: str, email: str) -> str:
    from shiftapp.db import make_engine
    from shiftapp.models import Employee

    engine = make_engine(database_url)
    with Session(engine) as session:
        employee_id = session.exec(select(Employee.id).where(Employee.email == email)).one()
    engine.dispose()
    return employee_id


def test_failed_and_successful_sign_ins_are_in_the_audit_trail(limited_server):
    with _client_from(limited_server, "127.0.0.16") as client:
        assert _sign_in(client, "giulia.conti@example.com", "not-her-password-1").status_code == 401
        assert _sign_in(client, "no.such.person@example.com", "not-a-password-2").status_code == 401
        assert _sign_in(client, "giulia.conti@example.com").status_code == 200
    giulia = _employee_id(limited_server.database_url, "giulia.conti@example.com")
    events = _sign_in_events(limited_server.database_url, "127.0.0.16")
    assert [(e.action, e.entity_id, e.actor_id, (e.after or {}).get("reason")) for e in events] == [
        ("sign_in_failed", giulia, None, "wrong_password"),
        ("sign_in_failed", "unknown", None, "unknown_account"),
        ("sign_in", giulia, giulia, None),
    ]
    assert events[1].after["email"] == "no.such.person@example.com"
    recorded = repr([(e.before, e.after, e.reason) for e in events])
    assert "not-her-password-1" not in recorded and "not-a-password-2" not in recorded


@pytest.mark.parametrize("route", ["/api/auth/session", "/api/plans"])
def test_a_limiter_whose_store_is_down_refuses_with_503_and_retry_after(store_down_server, route):
    with httpx.Client(base_url=store_down_server.base_url, timeout=30) as client:
        response = client.get(route)
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) >= 1
        body = response.json()
        if route.startswith("/api/plans"):
            assert body["statusCode"] == 503 and body["success"] is False
        else:
            assert body["code"] == "UNAVAILABLE"


def test_sign_in_is_refused_while_its_throttle_store_is_down(store_down_server):
    with httpx.Client(base_url=store_down_server.base_url, timeout=30) as client:
        response = _sign_in(client, "staff@example.com")
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) >= 1
        assert "token" not in response.json()


# ---------------------------------------------------------------- the page handlers, in process
@pytest.fixture
def pages_on(monkeypatch):
    """Point the in-process app (the page handlers) at a test server's database and counter store."""
    from shiftapp import config, db
    from shiftapp.services import rate_limits

    def clear() -> None:
        for cached in (config.get_settings, db.get_engine, rate_limits.get_limiter, rate_limits.get_failure_log):
            cached.cache_clear()

    def point(server: LimitedServer) -> None:
        monkeypatch.delenv("REDIS_URL", raising=False)
        for name, value in server.settings.items():
            monkeypatch.setenv(name, value)
        clear()

    yield point
    db.get_engine().dispose()
    monkeypatch.undo()
    clear()


def _page_state(state_class, token: str = "", address: str = "127.0.0.1"):
    from reflex.istate.data import RouterData, SessionData
    from reflex.state import State

    assert os.environ.get("PYTEST_CURRENT_TEST")  # Reflex only builds states by hand under pytest
    root = State(_reflex_internal_init=True)
    root.router = RouterData(session=SessionData(client_ip=address))
    state = root.get_substate(state_class.get_full_name().split("."))
    state.token = token
    return state


def _page_sign_in(email: str, password: str, address: str):
    from shiftapp.state.auth import AuthState

    state = _page_state(AuthState, address=address)
    AuthState.sign_in.fn(state, {"email": email, "password": password})
    return state


def test_the_sign_in_page_is_throttled_like_the_api_and_audited(limited_server, pages_on):
    pages_on(limited_server)
    address = "127.0.0.21"
    errors = [_page_sign_in("paolo.ricci@example.com", f"page-guess-{n}", address).login_error for n in range(7)]
    assert all(e.startswith("Invalid email or password") for e in errors[:ACCOUNT_FAILURES])
    assert "paused for 5 minutes" in errors[ACCOUNT_FAILURES - 1]
    assert all(e.startswith("Too many failed sign-ins for this account") for e in errors[ACCOUNT_FAILURES:])
    paused = _page_sign_in("paolo.ricci@example.com", DEMO_PASSWORD, address)
    assert paused.token == "" and "try again in" in paused.login_error
    # One throttle for both doors: the REST route refuses the paused account too.
    with _client_from(limited_server, address) as client:
        assert _sign_in(client, "paolo.ricci@example.com").status_code == 429
    signed_in = _page_sign_in("chiara.marino@example.com", DEMO_PASSWORD, address)
    assert signed_in.token and signed_in.login_error == ""
    paolo = _employee_id(limited_server.database_url, "paolo.ricci@example.com")
    chiara = _employee_id(limited_server.database_url, "chiara.marino@example.com")
    events = [(e.action, e.entity_id, e.actor_id) for e in _sign_in_events(limited_server.database_url, address)]
    assert events == [("sign_in_failed", paolo, None)] * ACCOUNT_FAILURES + [("sign_in", chiara, chiara)]


def test_the_sign_in_page_is_refused_while_its_throttle_store_is_down(store_down_server, pages_on):
    pages_on(store_down_server)
    state = _page_sign_in("staff@example.com", DEMO_PASSWORD, "127.0.0.22")
    assert state.token == ""
    assert "briefly unavailable" in state.login_error


def _drained(background_event) -> list:
    """What a background event sent, run to its end (Reflex runs it as a task of its own)."""
    import asyncio

    async def drain() -> list:
        return [update async for update in background_event]

    return asyncio.run(drain())


def test_page_ai_calls_count_against_the_same_ai_limit_as_the_api(limited_server, pages_on):
    from shiftapp.state.generate import HelpState
    from shiftapp.state.preferences import TeamAvailabilityState

    pages_on(limited_server)
    with httpx.Client(base_url=limited_server.base_url, timeout=30) as client:
        token = _sign_in(client, "luca.bianchi@example.com").json()["token"]
        _with_time_left_in_this_minute()
        help_chat = _page_state(HelpState, token)
        for n in range(AI_LIMIT - 1):
            help_chat.question = f"How do I confirm preferences? ({n})"
            assert _drained(HelpState.ask.fn(help_chat)) == []
        assert len(help_chat.messages) == 2 * (AI_LIMIT - 1)
        notes = _page_state(TeamAvailabilityState, token)
        notes.editing_id, notes.edit_notes = (
            _employee_id(limited_server.database_url, "elena.greco@example.com"),
            "No nights please, at most 3 shifts a week",
        )
        assert _drained(TeamAvailabilityState.read_notes.fn(notes)) == []
        assert notes.note_reading.startswith("Suggested by") and not notes.reading_note
        # The quota is spent: the pages refuse with a toast and change nothing, and so does the API.
        notes.note_reading = ""
        assert _drained(TeamAvailabilityState.read_notes.fn(notes)) != []
        assert notes.note_reading == "" and not notes.reading_note
        help_chat.question = "One more question"
        assert _drained(HelpState.ask.fn(help_chat)) != []
        assert len(help_chat.messages) == 2 * (AI_LIMIT - 1)
        over = client.post("/api/ai/chatbot", headers=bearer(token), json={"question": "And via the API?"})
        assert over.status_code == 429
        assert over.json()["details"]["bucket"] == "ai"


def test_an_expired_token_is_counted_as_its_address_not_as_its_user(limited_server):
    from shiftapp.db import make_engine
    from shiftapp.services.auth import hash_token

    with _client_from(limited_server, "127.0.0.17") as client:
        live = _sign_in(client, "elena.greco@example.com").json()["token"]
        expired = _sign_in(client, "elena.greco@example.com").json()["token"]
        engine = make_engine(limited_server.database_url)
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE auth_session SET expires_at = :past WHERE token_hash = :hash"),
                {"past": "2000-01-01 00:00:00.000000", "hash": hash_token(expired)},
            )
        engine.dispose()
        _with_time_left_in_this_minute()
        assert [client.get("/api/auth/session", headers=bearer(live)).status_code for _ in range(6)] == [200] * 5 + [
            429
        ]
        # The user's quota is spent, but an expired token no longer speaks for the user.
        response = client.get("/api/auth/session", headers=bearer(expired))
        assert response.status_code == 401
        assert response.headers["X-RateLimit-Remaining"] == "4"


def _sign_in_via_proxy(
    client: httpx.Client, client_chain: str, email: str, password: str = DEMO_PASSWORD
) -> httpx.Response:
    return client.post(
        "/api/auth/login", headers={"X-Forwarded-For": client_chain}, json={"email": email, "password": password}
    )


def test_behind_a_trusted_proxy_each_client_address_is_paused_on_its_own(proxied_server):
    with _client_from(proxied_server, "127.0.0.31") as proxy:
        # The guessing client also sends a made-up entry; only the one the proxy appended counts.
        guesses = [
            _sign_in_via_proxy(proxy, f"203.0.113.{n}, 198.51.100.7", f"guess-{n}@example.com", "wrong").status_code
            for n in range(ADDRESS_FAILURES)
        ]
        assert guesses == [401] * ADDRESS_FAILURES
        paused = _sign_in_via_proxy(proxy, "198.51.100.7", "gianluca.semeraro@example.com")
        assert paused.status_code == 429
        assert paused.json()["details"] == {"paused": "address"}
        # Someone else behind the same proxy signs in as usual.
        assert _sign_in_via_proxy(proxy, "198.51.100.8", "gianluca.semeraro@example.com").status_code == 200
    failures = _sign_in_events(proxied_server.database_url, "198.51.100.7")
    assert len(failures) >= ADDRESS_FAILURES
    assert not _sign_in_events(proxied_server.database_url, "127.0.0.31")
