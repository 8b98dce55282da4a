"""Per-user rate limits (seed 002: 100/min standard, 10/min AI, 20/min bulk).

Counters live in Redis when REDIS_URL is set (through the `limits` library) and otherwise in
the database, so the limits hold when the app runs several worker processes.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from sqlalchemy import text

from shiftapp.config import Settings, get_settings
from shiftapp.db import get_engine

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
    """Fixed one-minute windows counted with one atomic upsert per request."""

    _UPSERT = text(
        "INSERT INTO rate_limit_counter (key, window_start, count) VALUES (:key, :window, 1) "
        "ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counter.count + 1 RETURNING count"
    )
    _PRUNE = text("DELETE FROM rate_limit_counter WHERE window_start < :before")

    def hit(self, key: str, limit: int) -> Decision:
        now = int(time.time())
        window = now - now % WINDOW_SECONDS
        with get_engine().begin() as conn:
            count = conn.execute(self._UPSERT, {"key": key, "window": window}).scalar_one()
            if count == 1 and window % 600 == 0:
                conn.execute(self._PRUNE, {"before": window - 600})
        return Decision(count <= limit, limit, max(0, limit - count), window + WINDOW_SECONDS)


class RedisLimiter:
    def __init__(self, url: str, prefix: str = "shiftapp"):
        from limits.storage import storage_from_string
        from limits.strategies import FixedWindowRateLimiter

        self._prefix = prefix
        self._storage = storage_from_string(url)
        self._strategy = FixedWindowRateLimiter(self._storage)

    def hit(self, key: str, limit: int) -> Decision:
        from limits import RateLimitItemPerMinute

        item = RateLimitItemPerMinute(limit)
        allowed = self._strategy.hit(item, self._prefix, key)
        stats = self._strategy.get_window_stats(item, self._prefix, key)
        return Decision(allowed, limit, stats.remaining, int(stats.reset_time))


@lru_cache
def get_limiter() -> Limiter:
    settings = get_settings()
    return RedisLimiter(settings.redis_url, settings.rate_limit_key_prefix) if settings.redis_url else DatabaseLimiter()


AI_PREFIX = "/api/ai/"
BULK_ROUTES = (
    ("POST", "/api/team/availability"),
    ("POST", "/api/plans/auto-assign"),
    ("POST", "/api/ai/save-schedule"),
    ("POST", "/api/v1/planning/auto-assign"),
    ("POST", "/api/v1/planning/publish"),
)


def bucket_for(method: str, path: str, settings: Settings | None = None) -> tuple[str, int]:
    settings = settings or get_settings()
    if path.startswith(AI_PREFIX) and (method, path) not in BULK_ROUTES:
        return "ai", settings.rate_limit_ai
    if (method, path) in BULK_ROUTES or (method == "POST" and path.endswith("/bulk-assign")):
        return "bulk", settings.rate_limit_bulk
    return "standard", settings.rate_limit_standard
