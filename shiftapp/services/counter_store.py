"""Where the rate-limit and sign-in counters live when no Redis is configured.

PostgreSQL: the app's own database (table rate_limit_counter, row locks per key).

SQLite: a database file of its own beside the app's (`<database>-counters`), in WAL mode. SQLite
has one write lock per file; counting in the app's file made every request, readers included, wait
for that lock, i.e. for whichever writing request held it, and under load the requests stalled.
In a file of its own a count holds the lock for a fraction of a millisecond, and the threads of one
process take turns on a lock of their own (`counting`) instead of SQLite's busy handler, which
sleeps up to 100 ms between tries. Several worker processes still share the file, so the limits hold
across workers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import text
from sqlalchemy.engine import Engine, make_url

from shiftapp.config import get_settings
from shiftapp.db import get_engine, make_engine

COUNTER_FILE_SUFFIX = "-counters"
# How long a thread waits for its turn to count before the store counts as unavailable (fail closed).
TURN_TIMEOUT_SECONDS = 10

_CREATE = (
    "CREATE TABLE IF NOT EXISTS rate_limit_counter ("
    "key VARCHAR NOT NULL, window_start INTEGER NOT NULL, count INTEGER NOT NULL, "
    "PRIMARY KEY (key, window_start))"
)
_turn = threading.Lock()


class CounterStoreBusy(OSError):
    """No turn to count within TURN_TIMEOUT_SECONDS."""


def counter_file_url(database_url: str) -> str | None:
    """The SQLite counter file's URL for an app database on SQLite, or None (counters in the app's database)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return url.set(database=url.database + COUNTER_FILE_SUFFIX).render_as_string(hide_password=False)


@lru_cache
def _engine_for(database_url: str) -> Engine:
    counter_url = counter_file_url(database_url)
    if counter_url is None:
        return get_engine()
    engine = make_engine(counter_url)
    with engine.begin() as conn:
        conn.execute(text(_CREATE))
    return engine


def counter_engine() -> Engine:
    return _engine_for(get_settings().database_url)


@contextmanager
def counting() -> Iterator[None]:
    """One counting thread per process at a time on SQLite (see the module note); no-op elsewhere."""
    if counter_engine().dialect.name != "sqlite":
        yield
        return
    if not _turn.acquire(timeout=TURN_TIMEOUT_SECONDS):
        raise CounterStoreBusy("the rate-limit counters are busy")
    try:
        yield
    finally:
        _turn.release()
