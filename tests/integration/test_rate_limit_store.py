"""The counter stores on their own: Redis counts in one key per caller and minute, shared by the
API's asynchronous path and the pages' synchronous one; on SQLite the counters live in a file beside
the database; the auth service's short memory of callers forgets a token signed out here at once."""

from __future__ import annotations

import asyncio
import socket
import uuid

import pytest

from shiftapp.services.counter_store import counter_file_url
from shiftapp.services.rate_limits import RedisLimiter


def _redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_available(), reason="no Redis at 127.0.0.1:6379")
def test_redis_counts_sync_and_async_hits_in_one_window():
    # Two limiter objects, as two worker processes have: they share the count through Redis.
    prefix = f"shiftapp-test-{uuid.uuid4().hex}"
    first, second = RedisLimiter("redis://127.0.0.1:6379/0", prefix), RedisLimiter("redis://127.0.0.1:6379/0", prefix)
    decisions = [first.hit("standard:user:a", 4), second.hit("standard:user:a", 4)]

    async def async_hits():
        return [await first.hit_async("standard:user:a", 4), await second.hit_async("standard:user:a", 4)]

    decisions += asyncio.run(async_hits())
    decisions.append(first.hit("standard:user:a", 4))
    assert [d.allowed for d in decisions] == [True, True, True, True, False]
    assert [d.remaining for d in decisions] == [3, 2, 1, 0, 0]
    assert len({d.reset_at for d in decisions}) <= 2  # one window (two if the minute turned meanwhile)
    # Another caller has a count of its own.
    assert second.hit("standard:user:b", 4).remaining == 3


def test_sqlite_counters_live_in_a_file_beside_the_database(tmp_path):
    assert counter_file_url(f"sqlite:///{tmp_path}/app.db") == f"sqlite:///{tmp_path}/app.db-counters"
    assert counter_file_url("sqlite://") is None
    assert counter_file_url("sqlite:///:memory:") is None
    assert counter_file_url("postgresql+psycopg://u@127.0.0.1/db") is None


def test_a_token_signed_out_here_is_forgotten_at_once(database_url, monkeypatch):
    from shiftapp import config, db
    from shiftapp.services import auth

    monkeypatch.setenv("DATABASE_URL", database_url)
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    db._writing_engine.cache_clear()
    try:
        token, user = auth.sign_in(email="staff@example.com", password="shiftapp-demo", address="192.0.2.9")
        assert auth.signed_in_user_id_cached(token) == user.id
        assert auth.remembered_caller(token) == (True, user.id)
        auth.sign_out(token)
        assert auth.remembered_caller(token) == (False, None)
        assert auth.signed_in_user_id_cached(token) is None
    finally:
        db.get_engine().dispose()
        monkeypatch.undo()
        config.get_settings.cache_clear()
        db.get_engine.cache_clear()
        db._writing_engine.cache_clear()
