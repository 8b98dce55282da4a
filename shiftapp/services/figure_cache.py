"""Short-lived cache of the dashboard's organisation-wide counts.

The dashboard's figures (shifts in all, ahead, this week and month, per bureau; open shifts ahead;
people, preferences and conflicts) count the whole organisation: on its data (65,000 shifts) that is a
few hundred milliseconds of SQL for every dashboard opened, although the figures are the same for
every leader and change only when someone changes shifts, assignments, people, preferences or
conflicts. So they are kept for at most `TTL_SECONDS` and dropped as soon as such a change commits:

- Every session that flushes or executes a change to one of `TRACKED_TABLES` bumps a generation when
  it commits (SQLAlchemy session events, so every writer — REST routes, pages, job workers — is
  covered without each use case remembering to). A figure is only read back for the generation it
  was counted under.
- With Redis (`REDIS_URL`) the generation and the figures live there, shared by every web worker and
  job worker: a change anywhere shows on the next dashboard. Without Redis they live in this
  process: a change made by this process shows at once, one made by another process (a job worker,
  a second web worker) within `TTL_SECONDS`.
- The time-dependent figures (ahead, this week, this month) move with the clock: the key holds the
  week and month they count, and the TTL bounds the drift of "ahead" to `TTL_SECONDS`.

A Redis that does not answer costs a count, never an error: the figures are computed as without a cache.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from shiftapp.config import get_settings

log = logging.getLogger(__name__)

TTL_SECONDS = 20.0
TRACKED_TABLES = frozenset({"shift", "assignment", "employee", "conflict", "preference", "bureau"})
REDIS_TIMEOUT_SECONDS = 0.5
_CHANGED = "shiftapp.figures_changed"

T = TypeVar("T")


class _LocalFigures:
    """This process's figures: {key: (generation, expires at, value)} under one lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._generation = 0
        self._values: dict[str, tuple[int, float, Any]] = {}

    def get(self, key: str) -> tuple[int, Any | None]:
        with self._lock:
            entry = self._values.get(key)
            if entry is not None and entry[0] == self._generation and entry[1] > time.monotonic():
                return self._generation, entry[2]
            return self._generation, None

    def put(self, key: str, generation: int, value: Any) -> None:
        with self._lock:
            if generation == self._generation:  # not counted across a change that committed meanwhile
                self._values[key] = (generation, time.monotonic() + TTL_SECONDS, value)

    def changed(self) -> None:
        with self._lock:
            self._generation += 1
            self._values.clear()


class _RedisFigures:
    """The figures in Redis, beside a generation every process bumps when it commits a change."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        self._generation_key = f"{prefix}:figures:generation"
        self._prefix = f"{prefix}:figures:value:"

    def get(self, key: str) -> tuple[int, Any | None]:
        generation, stored = self._redis.mget([self._generation_key, self._prefix + key])  # type: ignore[misc]
        current = int(generation or 0)
        if stored is None:
            return current, None
        entry = json.loads(stored)
        return current, (entry["value"] if entry["generation"] == current else None)

    def put(self, key: str, generation: int, value: Any) -> None:
        entry = json.dumps({"generation": generation, "value": value})
        self._redis.set(self._prefix + key, entry, px=int(TTL_SECONDS * 1000))

    def changed(self) -> None:
        self._redis.incr(self._generation_key)


_local = _LocalFigures()


@lru_cache
def _redis_figures(url: str, prefix: str) -> _RedisFigures:
    return _RedisFigures(url, prefix)


def _store() -> _LocalFigures | _RedisFigures:
    settings = get_settings()
    if settings.redis_url:
        return _redis_figures(settings.redis_url, settings.rate_limit_key_prefix)
    return _local


def cached(key: str, compute: Callable[[], T]) -> T:
    """The figures under `key` counted since the last change and within TTL_SECONDS, or `compute()`'s."""
    store = _store()
    try:
        generation, value = store.get(key)
    except (RedisError, OSError, ValueError, KeyError) as error:
        log.warning("figure cache unavailable, counting afresh: %s", error)
        return compute()
    if value is not None:
        return value  # type: ignore[no-any-return]
    value = compute()
    try:
        store.put(key, generation, value)
    except (RedisError, OSError) as error:
        log.warning("figure cache unavailable, figures not kept: %s", error)
    return value


def figures_changed() -> None:
    """Drop the kept figures: in Redis for every process, or in this one."""
    _local.changed()
    store = _store()
    if store is not _local:
        try:
            store.changed()
        except (RedisError, OSError) as error:
            # The figures then show the change within TTL_SECONDS, when they expire.
            log.warning("figure cache unavailable, change not signalled: %s", error)


def _touches_tracked(objects: Any) -> bool:
    return any(getattr(getattr(o, "__table__", None), "name", None) in TRACKED_TABLES for o in objects)


@event.listens_for(Session, "after_flush")
def _note_flushed_changes(session: Session, _context: Any) -> None:
    if _touches_tracked(session.new) or _touches_tracked(session.dirty) or _touches_tracked(session.deleted):
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement_changes(state: ORMExecuteState) -> None:
    # Bulk INSERT / UPDATE / DELETE statements, which change rows without the unit of work seeing them.
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in TRACKED_TABLES:
            state.session.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _drop_figures_after_commit(session: Session) -> None:
    if session.info.pop(_CHANGED, False):
        figures_changed()


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_changes(session: Session) -> None:
    session.info.pop(_CHANGED, None)
