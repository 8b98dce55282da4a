"""How long sign-in pauses last: the throttle's policy over each real counter store (the database,
and Redis when one answers), with the clock passed in so that hours of pauses take no time."""

from __future__ import annotations

import socket
import time
import uuid

import pytest

from shiftapp.services import sign_in_throttle
from shiftapp.services.errors import RateLimited

WINDOW, FIRST_PAUSE, LONGEST_PAUSE = 900, 300, 3600


def _redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(
    params=[
        pytest.param(None, id="database-counters"),
        pytest.param(
            "redis://127.0.0.1:6379/0",
            id="redis-counters",
            marks=pytest.mark.skipif(not _redis_available(), reason="no Redis at 127.0.0.1:6379"),
        ),
    ]
)
def store(request, database_url, monkeypatch):
    from shiftapp import config, db
    from shiftapp.services import rate_limits

    def clear() -> None:
        for cached in (config.get_settings, db.get_engine, rate_limits.get_failure_log):
            cached.cache_clear()

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("RATE_LIMIT_KEY_PREFIX", f"shiftapp-test-{uuid.uuid4().hex}")
    for name, value in {
        "SIGN_IN_ACCOUNT_FAILURES": 5,
        "SIGN_IN_ADDRESS_FAILURES": 1000,
        "SIGN_IN_FAILURE_WINDOW_SECONDS": WINDOW,
        "SIGN_IN_LOCK_SECONDS": FIRST_PAUSE,
        "SIGN_IN_LOCK_MAX_SECONDS": LONGEST_PAUSE,
    }.items():
        monkeypatch.setenv(name, str(value))
    monkeypatch.delenv("REDIS_URL", raising=False)
    if request.param:
        monkeypatch.setenv("REDIS_URL", request.param)
    clear()
    yield
    db.get_engine().dispose()
    monkeypatch.undo()
    clear()


def _fail(email: str, at: int, times: int = 1) -> list[sign_in_throttle.NewPause]:
    started: list[sign_in_throttle.NewPause] = []
    for _ in range(times):
        started += sign_in_throttle.record_failure(email=email, address="192.0.2.7", now=at)
    return started


def _wait_asked(email: str, at: int) -> int | None:
    """The seconds sign-in asks to wait at `at`, or None when it is open."""
    try:
        sign_in_throttle.check(email=email, address="192.0.2.7", now=at)
    except RateLimited as refused:
        return refused.retry_after
    return None


def test_each_pause_in_a_row_lasts_twice_as_long_up_to_the_longest(store):
    email, now = f"pauses-{uuid.uuid4().hex[:8]}@example.com", int(time.time())
    lengths = []
    for _ in range(6):
        assert _fail(email, now, times=4) == []
        started = _fail(email, now)
        assert [(p.kind, p.level) for p in started] == [("account", len(lengths) + 1)]
        assert _wait_asked(email, now + 1) == started[0].seconds - 1
        lengths.append(started[0].seconds)
        now += started[0].seconds
        assert _wait_asked(email, now) is None
    assert lengths == [300, 600, 1200, 2400, 3600, 3600]


def test_a_day_without_a_pause_starts_again_from_the_shortest(store):
    email, now = f"day-{uuid.uuid4().hex[:8]}@example.com", int(time.time())
    assert [p.seconds for p in _fail(email, now, times=5)] == [FIRST_PAUSE]
    assert [p.seconds for p in _fail(email, now + FIRST_PAUSE, times=5)] == [2 * FIRST_PAUSE]
    later = now + 3 * FIRST_PAUSE + 24 * 3600 + 1
    assert [p.seconds for p in _fail(email, later, times=5)] == [FIRST_PAUSE]


def test_failures_older_than_the_window_no_longer_count(store):
    email, now = f"window-{uuid.uuid4().hex[:8]}@example.com", int(time.time())
    assert _fail(email, now, times=4) == []
    assert _fail(email, now + WINDOW, times=4) == []  # the first four have just left the window
    assert [p.kind for p in _fail(email, now + WINDOW + 1)] == ["account"]


def test_a_success_forgets_the_accounts_failures_and_pauses(store):
    email, now = f"reset-{uuid.uuid4().hex[:8]}@example.com", int(time.time())
    assert _fail(email, now, times=4) == []
    sign_in_throttle.record_success(email=email)
    assert _fail(email, now, times=4) == []
    assert _wait_asked(email, now) is None
