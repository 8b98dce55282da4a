"""Per-user rate limits (seed 002: 100/min standard, 10/min AI, 20/min bulk), and the sign-in
failure counters that services/sign_in_throttle.py reads.

Counters live in Redis when REDIS_URL is set and otherwise in the counter store
(services/counter_store.py: the database, or on SQLite a file beside it), so the limits hold
when the app runs several worker processes. A store that
cannot answer raises one of STORE_ERRORS; callers refuse the request then (fail closed).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol, cast

from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from shiftapp.config import Settings, get_settings
from shiftapp.models import Employee
from shiftapp.services.counter_store import counter_engine, counting
from shiftapp.services.errors import RateLimited, Unavailable

log = logging.getLogger("shiftapp.rate_limits")

# What a broken, unreachable or busy counter store raises.
STORE_ERRORS = (RedisError, SQLAlchemyError, OSError)
# A store that does not answer within this many seconds counts as unavailable.
REDIS_TIMEOUT_SECONDS = 2
# Keys of the sign-in throttle in the shared counter table; their rows are kept longer than a minute.
SIGN_IN_KEY_PREFIX = "signin:"
SIGN_IN_MEMORY_SECONDS = 24 * 3600
WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_at: int  # epoch seconds when the window ends

    @property
    def retry_after(self) -> int:
        return max(1, self.reset_at - int(time.time()))


class Limiter(Protocol):
    def hit(self, key: str, limit: int) -> Decision: ...


class DatabaseLimiter:
    """Fixed one-minute windows counted with one atomic upsert per request, in the counter store
    (`counter_engine`): on SQLite a file of its own beside the database, so that counting never waits
    for the app's writers, and one counting thread per process at a time, so that the threads of one
    process queue on a lock instead of on SQLite's sleeping busy handler."""

    _UPSERT = text(
        "INSERT INTO rate_limit_counter (key, window_start, count) VALUES (:key, :window, 1) "
        "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counter.count + 1 RETURNING count"
    )
    # Minute counters are dropped ten minutes after their window; the sign-in throttle's rows (failure
    # times and pauses) a day after, since a pause grows with the pauses before it.
    _PRUNE = text(
        "DELETE FROM rate_limit_counter WHERE window_start < :before "
        f"AND (key NOT LIKE '{SIGN_IN_KEY_PREFIX}%' OR window_start < :sign_in_before)"
    )

    def hit(self, key: str, limit: int) -> Decision:
        now = int(time.time())
        window = now - now % WINDOW_SECONDS
        with counting(), counter_engine().begin() as conn:
            count = conn.execute(self._UPSERT, {"key": key, "window": window}).scalar_one()
            if count == 1 and window % 600 == 0:
                conn.execute(self._PRUNE, {"before": window - 600, "sign_in_before": window - SIGN_IN_MEMORY_SECONDS})
        return Decision(count <= limit, limit, max(0, limit - count), window + WINDOW_SECONDS)


class RedisLimiter:
    """Fixed one-minute windows: one key per caller and window, INCR and EXPIRE in one round trip."""

    def __init__(self, url: str, prefix: str = "shiftapp"):
        import redis

        self._prefix = prefix
        self._redis = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )

        self._url = url
        # redis.asyncio clients belong to the event loop they first ran on: one per loop.
        self._async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()

    def _window_key(self, key: str) -> tuple[str, int]:
        now = int(time.time())
        window = now - now % WINDOW_SECONDS
        return f"{self._prefix}:rate:{key}:{window}", window

    @staticmethod
    def _decision(count: int, limit: int, window: int) -> Decision:
        return Decision(count <= limit, limit, max(0, limit - count), window + WINDOW_SECONDS)

    def hit(self, key: str, limit: int) -> Decision:
        window_key, window = self._window_key(key)
        pipe = self._redis.pipeline(transaction=False)
        pipe.incr(window_key)
        # Kept a little past its window, so that a clock a few seconds apart between workers still counts.
        pipe.expire(window_key, 2 * WINDOW_SECONDS)
        return self._decision(int(pipe.execute()[0]), limit, window)

    async def hit_async(self, key: str, limit: int) -> Decision:
        """`hit` on the event loop (no thread), for the API's middleware."""
        import redis.asyncio

        loop = asyncio.get_running_loop()
        client = self._async_clients.get(loop)
        if client is None:
            client = redis.asyncio.Redis.from_url(
                self._url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
            )
            self._async_clients[loop] = client
        window_key, window = self._window_key(key)
        pipe = client.pipeline(transaction=False)
        pipe.incr(window_key)
        pipe.expire(window_key, 2 * WINDOW_SECONDS)
        return self._decision(int((await pipe.execute())[0]), limit, window)


@lru_cache
def get_limiter() -> Limiter:
    settings = get_settings()
    return RedisLimiter(settings.redis_url, settings.rate_limit_key_prefix) if settings.redis_url else DatabaseLimiter()


@dataclass(frozen=True)
class Pause:
    until: int  # epoch seconds; 0 when the subject was never paused
    level: int  # how many pauses in a row, each twice as long as the one before


class FailureLog(Protocol):
    """Failed sign-ins per subject (an account or a client address), counted over a sliding window,
    and the pause a subject is under."""

    def add_failure(self, subject: str, now: int, window: int) -> int: ...
    def pause_of(self, subject: str) -> Pause: ...
    def set_pause(self, subject: str, pause: Pause) -> None: ...
    def forget(self, subject: str) -> None: ...


def _failures_key(subject: str) -> str:
    return f"{SIGN_IN_KEY_PREFIX}failures:{subject}"


def _pause_key(subject: str) -> str:
    return f"{SIGN_IN_KEY_PREFIX}pause:{subject}"


class DatabaseFailureLog:
    """Rows of rate_limit_counter: one per subject and second with failures (window_start is the
    second), and one per pause (window_start is when it ends, count its level)."""

    _ADD = text(
        "INSERT INTO rate_limit_counter (key, window_start, count) VALUES (:key, :at, 1) "
        "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counter.count + 1"
    )
    _COUNT = text("SELECT COALESCE(SUM(count), 0) FROM rate_limit_counter WHERE key = :key AND window_start > :since")
    _PAUSE = text(
        "SELECT window_start, count FROM rate_limit_counter WHERE key = :key ORDER BY window_start DESC LIMIT 1"
    )
    _DELETE = text("DELETE FROM rate_limit_counter WHERE key = :key")
    _INSERT = text("INSERT INTO rate_limit_counter (key, window_start, count) VALUES (:key, :at, :count)")

    def add_failure(self, subject: str, now: int, window: int) -> int:
        key = _failures_key(subject)
        with counting(), counter_engine().begin() as conn:
            conn.execute(self._ADD, {"key": key, "at": now})
            return int(conn.execute(self._COUNT, {"key": key, "since": now - window}).scalar_one())

    def pause_of(self, subject: str) -> Pause:
        with counter_engine().connect() as conn:
            row = conn.execute(self._PAUSE, {"key": _pause_key(subject)}).first()
        return Pause(int(row[0]), int(row[1])) if row else Pause(0, 0)

    def set_pause(self, subject: str, pause: Pause) -> None:
        key = _pause_key(subject)
        with counting(), counter_engine().begin() as conn:
            conn.execute(self._DELETE, {"key": key})
            conn.execute(self._INSERT, {"key": key, "at": pause.until, "count": pause.level})
            conn.execute(self._DELETE, {"key": _failures_key(subject)})

    def forget(self, subject: str) -> None:
        with counting(), counter_engine().begin() as conn:
            conn.execute(self._DELETE, {"key": _failures_key(subject)})
            conn.execute(self._DELETE, {"key": _pause_key(subject)})


class RedisFailureLog:
    """A sorted set of failure times per subject (trimmed to the window) and a hash per pause."""

    def __init__(self, url: str, prefix: str = "shiftapp"):
        import redis

        self._prefix = prefix
        self._redis = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )

    def _key(self, key: str) -> str:
        return f"{self._prefix}:{key}"

    def add_failure(self, subject: str, now: int, window: int) -> int:
        key = self._key(_failures_key(subject))
        pipe = self._redis.pipeline(transaction=True)
        pipe.zadd(key, {f"{now}:{uuid.uuid4().hex}": now})
        pipe.zremrangebyscore(key, "-inf", now - window)
        pipe.zcard(key)
        pipe.expire(key, window + SIGN_IN_MEMORY_SECONDS)
        return int(pipe.execute()[2])

    def pause_of(self, subject: str) -> Pause:
        # redis-py types every reply of its client as `Awaitable[T] | T` (one class serves sync and async
        # connections); this client is synchronous, so the reply is the list of field values.
        reply = self._redis.hmget(self._key(_pause_key(subject)), ["until", "level"])
        until, level = cast("list[bytes | None]", reply)
        return Pause(int(until), int(level)) if until is not None and level is not None else Pause(0, 0)

    def set_pause(self, subject: str, pause: Pause) -> None:
        key = self._key(_pause_key(subject))
        pipe = self._redis.pipeline(transaction=True)
        pipe.hset(key, mapping={"until": pause.until, "level": pause.level})
        pipe.expireat(key, pause.until + SIGN_IN_MEMORY_SECONDS)
        pipe.delete(self._key(_failures_key(subject)))
        pipe.execute()

    def forget(self, subject: str) -> None:
        self._redis.delete(self._key(_failures_key(subject)), self._key(_pause_key(subject)))


@lru_cache
def get_failure_log() -> FailureLog:
    settings = get_settings()
    if settings.redis_url:
        return RedisFailureLog(settings.redis_url, settings.rate_limit_key_prefix)
    return DatabaseFailureLog()


def user_caller(user_id: str) -> str:
    """The caller key of a signed-in user: all their sessions, REST and pages, share one quota."""
    return f"user:{user_id}"


def address_caller(client_host: str | None) -> str:
    return f"ip:{client_host or 'unknown'}"


def bucket_key(bucket: str, caller: str) -> str:
    return f"{bucket}:{caller}"


def spend_ai_request(*, user: Employee, settings: Settings | None = None) -> None:
    """Count one language-model request from a page against the user's AI limit, the same bucket the
    REST API's /api/ai routes count in; refuse it (RateLimited) when the minute's quota is spent."""
    settings = settings or get_settings()
    limit = settings.rate_limit_ai
    try:
        decision = get_limiter().hit(bucket_key("ai", user_caller(user.id)), limit)
    except STORE_ERRORS:
        log.exception("rate limit store unavailable; AI request refused")
        raise Unavailable(
            "The assistant cannot check its usage limit right now; please try again in a moment"
        ) from None
    if not decision.allowed:
        raise RateLimited(
            f"You have reached the limit of {limit} assistant requests per minute; "
            f"please try again in {decision.retry_after} s",
            retry_after=decision.retry_after,
            details={"limit": limit, "bucket": "ai"},
        )


AI_PREFIX = "/api/ai/"
BULK_ROUTES = (
    ("POST", "/api/team/availability"),
    ("POST", "/api/plans/auto-assign"),
    ("POST", "/api/ai/save-schedule"),
    ("POST", "/api/v1/planning/auto-assign"),
    ("POST", "/api/v1/planning/publish"),
    # Copy and repeat: each preview and commit runs the rule engine over up to thousands of shifts.
    ("POST", "/api/v1/schedule/copy-week/preview"),
    ("POST", "/api/v1/schedule/copy-week"),
    ("POST", "/api/v1/schedule/apply-templates/preview"),
    ("POST", "/api/v1/schedule/apply-templates"),
)


# Sign-in has a throttle of its own (services/sign_in_throttle.py) and is not counted in the anonymous
# bucket: a burst of other anonymous requests from one address must not lock everyone there out.
SIGN_IN_ROUTE = ("POST", "/api/auth/login")


def bucket_for(method: str, path: str, settings: Settings | None = None) -> tuple[str, int] | None:
    """The bucket and per-minute limit a request counts in, or None for requests the limiter leaves alone."""
    settings = settings or get_settings()
    if (method, path) == SIGN_IN_ROUTE:
        return None
    if path.startswith(AI_PREFIX) and (method, path) not in BULK_ROUTES:
        return "ai", settings.rate_limit_ai
    if (method, path) in BULK_ROUTES or (method == "POST" and path.endswith("/bulk-assign")):
        return "bulk", settings.rate_limit_bulk
    return "standard", settings.rate_limit_standard
