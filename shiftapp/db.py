"""Engine and unit-of-work session for the app.

SQLite is the default; it runs with foreign keys on, WAL and a busy timeout so that
the web server, background jobs and tests can share one file. `DATABASE_URL` switches
to PostgreSQL (``postgresql+psycopg://...``).

Concurrent writes: a write that lost a race (a version changed meanwhile, a duplicate)
ends as a `Conflict` (409), never as a silent overwrite; versioned rows are checked by
the database itself (`models.common.version_checked`). Decisions that read more than one
row (the rule engine's check before booking a person) take a lock first:
- PostgreSQL: row locks (`services.locks`).
- SQLite has one write lock for the whole file. A writing unit of work (`write=True`, every
  REST request that may change data) takes it at its start, ``BEGIN IMMEDIATE``; a reading
  unit takes it only when a service asks for it (`claim_write_lock`), so reads, solver runs
  and model calls never hold it and stay concurrent under WAL. Waiting writers queue for up
  to the busy timeout instead of failing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import overload

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, create_engine

from shiftapp.config import get_settings
from shiftapp.services.errors import Conflict

# An execution option on the engine a writing unit of work binds to.
WRITE_LOCK_OPTION = "shiftapp_write_lock"
CHANGED_MEANWHILE = "This was changed by someone else meanwhile; reload and try again"
SQLITE_POOL_SIZE = 20
SQLITE_POOL_OVERFLOW = 30
POSTGRES_POOL_SIZE = 10
POSTGRES_POOL_OVERFLOW = 20
# Connections kept aside for what runs beside the API's requests: the rate limiter's threads (8) and
# the pages' event handlers.
POOL_RESERVE = 10


def normalize_url(url: str) -> str:
    # psycopg 3 is the driver we ship; accept the common short forms too.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _enable_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    # SQLAlchemy's pysqlite recipe: the driver's own BEGIN (deferred, and only before the first
    # INSERT/UPDATE/DELETE) cannot take the write lock up front, so a writing unit of work
    # switches it off and says BEGIN IMMEDIATE itself. A reading unit keeps the driver's way:
    # its reads run outside any transaction and it holds the lock only once it writes.
    driver_connection = connection.connection.driver_connection
    if connection.get_execution_options().get(WRITE_LOCK_OPTION):
        driver_connection.isolation_level = None
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        driver_connection.isolation_level = ""


def claim_write_lock(session: Session) -> None:
    """On SQLite, hold the write lock from here to commit (waiting for it if needed), so the
    reads that follow are still true when this unit writes. A no-op on PostgreSQL (lock rows
    there) and when the unit already holds it (a writing unit, or one that has written)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    if not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        # timeout: how long a writer waits for the write lock (its turn) before giving up.
        # The pool is as big as the request threads (anyio's 40 and the rate limiter's 8): an SQLite
        # connection is a file handle, and a thread that waits for one while another holds the write
        # lock only makes the queue longer.
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 10},
            pool_size=SQLITE_POOL_SIZE,
            max_overflow=SQLITE_POOL_OVERFLOW,
        )
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine
    # PostgreSQL: each web worker keeps POSTGRES_POOL_SIZE connections and opens up to
    # POSTGRES_POOL_OVERFLOW more under load; two or three workers stay within the server's default
    # max_connections (100). A request that finds none free waits up to pool_timeout.
    return create_engine(
        url, pool_pre_ping=True, pool_size=POSTGRES_POOL_SIZE, max_overflow=POSTGRES_POOL_OVERFLOW, pool_timeout=30
    )


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


def request_slots(engine: Engine) -> int:
    """How many API requests of one process may hold a database session at once: fewer than the
    pool's connections and the request threads (anyio's 40). A request beyond them waits on the event
    loop before it takes a connection. Without the bound, threads waiting for a connection took all
    the request threads while the requests holding the connections waited for a thread to finish on,
    until the pool's timeout failed them."""
    pool_size = SQLITE_POOL_SIZE + SQLITE_POOL_OVERFLOW if engine.dialect.name == "sqlite" else POSTGRES_POOL_SIZE
    if engine.dialect.name != "sqlite":
        pool_size += POSTGRES_POOL_OVERFLOW
    return max(1, min(pool_size - POOL_RESERVE, 32))


@lru_cache
def _writing_engine() -> Engine:
    return get_engine().execution_options(**{WRITE_LOCK_OPTION: True})


def open_session(*, write: bool) -> Session:
    return Session(_writing_engine() if write else get_engine(), expire_on_commit=False)


@overload
def race_lost(error: IntegrityError | StaleDataError) -> Conflict: ...
@overload
def race_lost(error: BaseException) -> Conflict | None: ...
def race_lost(error: BaseException) -> Conflict | None:
    """The kind 409 for a write that lost a race, or None when the error is something else."""
    if isinstance(error, StaleDataError):
        return Conflict(CHANGED_MEANWHILE)
    if isinstance(error, IntegrityError):
        return Conflict(
            "This change collides with another one made meanwhile (it may have been made already); reload and try again"
        )
    return None


def end_unit_of_work(session: Session, error: BaseException | None) -> None:
    """End a unit of work run step by step (the API's per-request session): commit when it ended
    without `error`, else roll back; then close. A commit that lost a race raises a Conflict, as
    `unit_of_work` does; the caller re-raises `error` itself."""
    try:
        if error is not None:
            session.rollback()
            return
        try:
            session.commit()
        except BaseException as commit_error:
            session.rollback()
            conflict = race_lost(commit_error)
            if conflict is not None:
                raise conflict from commit_error
            raise
    finally:
        session.close()


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Commit on success, roll back on any error; a lost race leaves as a Conflict."""
    try:
        yield session
        session.commit()
    except BaseException as error:
        session.rollback()
        conflict = race_lost(error)
        if conflict is not None:
            raise conflict from error
        raise


@contextmanager
def session_scope(*, write: bool = False) -> Iterator[Session]:
    """One unit of work; `write=True` takes SQLite's write lock at its start (see the module note)."""
    with open_session(write=write) as session, unit_of_work(session):
        yield session
