"""The dashboard's organisation-wide counts are kept for a few seconds (services/figure_cache.py) and
dropped when a change to what they count commits: over real HTTP a new shift shows on the next
dashboard at once; in this process, kept figures are answered without counting, a change (by the unit
of work or by a bulk statement) is counted afresh, a rollback or an unrelated change is not, and figures
older than the TTL are counted afresh. With Redis, processes share the figures and their changes."""

from __future__ import annotations

import socket
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import event, update
from sqlmodel import select

from shiftapp.models import AuditEvent, Employee, Shift
from shiftapp.services import dashboard, figure_cache, home
from tests.integration.conftest import bearer, new_shift


@pytest.fixture
def own_figures(monkeypatch) -> figure_cache._LocalFigures:
    """Figures of this test's own, in this process, whatever REDIS_URL says."""
    figures = figure_cache._LocalFigures()
    monkeypatch.setattr(figure_cache, "_local", figures)
    monkeypatch.setattr(figure_cache, "_store", lambda: figures)
    return figures


def _counting(db) -> list[str]:
    """The statements that count shifts from now on, through `db`'s engine."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_rest) -> None:
        if "FROM shift" in statement and "count(" in statement:
            seen.append(statement)

    event.listen(db.get_bind(), "before_cursor_execute", note)
    return seen


def _leader(db) -> Employee:
    return db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()


def test_a_new_shift_shows_on_the_next_dashboard_at_once(client, admin_token, leader_token, db, today):
    from shiftapp.models import Bureau

    rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
    before = client.get("/api/dashboard/stats", headers=bearer(leader_token)).json()["stats"]
    again = client.get("/api/dashboard/stats", headers=bearer(leader_token)).json()["stats"]
    assert again == before  # the kept figures
    shift_id = new_shift(client, admin_token, rome, today + timedelta(days=2), 10, 12)
    after = client.get("/api/dashboard/stats", headers=bearer(leader_token)).json()["stats"]
    assert after["totalShifts"] == before["totalShifts"] + 1
    assert after["upcomingShifts"] == before["upcomingShifts"] + 1
    removed = client.delete(f"/api/v1/planning/shifts/{shift_id}", headers=bearer(admin_token))
    assert removed.status_code == 204, removed.text
    final = client.get("/api/dashboard/stats", headers=bearer(leader_token)).json()["stats"]
    assert final["totalShifts"] == before["totalShifts"]


def test_kept_figures_are_answered_without_counting_until_a_change_commits(own_figures, db):
    leader = _leader(db)
    reads = _counting(db)
    first = dashboard.dashboard_stats(session=db, actor=leader)
    overview = home.team_overview(session=db, user=leader)
    counted = len(reads)
    assert counted >= 2
    assert dashboard.dashboard_stats(session=db, actor=leader) == first
    assert home.team_overview(session=db, user=leader) == overview
    assert len(reads) == counted  # nothing counted again

    # A change nobody counts (an audit row) and a change rolled back keep the figures.
    db.add(AuditEvent(entity_type="test", entity_id=uuid.uuid4().hex, action="test"))
    db.commit()
    shift = db.exec(select(Shift).where(Shift.status != "cancelled").limit(1)).one()
    shift.status = "cancelled"
    db.add(shift)
    db.flush()
    db.rollback()
    assert dashboard.dashboard_stats(session=db, actor=leader) == first
    assert len(reads) == counted

    # A committed change to a shift is counted afresh.
    shift = db.exec(select(Shift).where(Shift.status != "cancelled").limit(1)).one()
    shift.status, status = "cancelled", shift.status
    db.add(shift)
    db.commit()
    try:
        changed = dashboard.dashboard_stats(session=db, actor=leader)
        assert len(reads) > counted
        assert changed["totalShifts"] == first["totalShifts"] - 1
    finally:
        shift.status = status
        db.add(shift)
        db.commit()
    assert dashboard.dashboard_stats(session=db, actor=leader)["totalShifts"] == first["totalShifts"]


def test_a_bulk_statement_drops_the_figures(own_figures, db):
    leader = _leader(db)
    dashboard.dashboard_stats(session=db, actor=leader)
    generation = own_figures._generation
    db.execute(update(Shift).where(Shift.id == "no-such-shift").values(notes="x"))
    db.commit()
    assert own_figures._generation == generation + 1


def test_figures_older_than_the_ttl_are_counted_afresh(own_figures, db, monkeypatch):
    monkeypatch.setattr(figure_cache, "TTL_SECONDS", 0.05)
    leader = _leader(db)
    reads = _counting(db)
    dashboard.dashboard_stats(session=db, actor=leader)
    counted = len(reads)
    time.sleep(0.1)
    dashboard.dashboard_stats(session=db, actor=leader)
    assert len(reads) > counted


def test_staff_get_no_team_overview_kept_or_not(own_figures, db):
    staff = db.exec(select(Employee).where(Employee.email == "staff@example.com")).one()
    home.team_overview(session=db, user=_leader(db))  # kept for leaders
    assert home.team_overview(session=db, user=staff) is None


def _redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_available(), reason="no Redis at 127.0.0.1:6379")
def test_with_redis_processes_share_the_figures_and_their_changes():
    # Two stores, as two worker processes have.
    prefix = f"shiftapp-test-{uuid.uuid4().hex}"
    first = figure_cache._RedisFigures("redis://127.0.0.1:6379/0", prefix)
    second = figure_cache._RedisFigures("redis://127.0.0.1:6379/0", prefix)
    generation, value = first.get("k")
    assert value is None
    first.put("k", generation, {"totalShifts": 3})
    assert second.get("k") == (generation, {"totalShifts": 3})
    second.changed()  # a change committed in the other process
    assert first.get("k") == (generation + 1, None)
    first.put("k", generation, {"totalShifts": 4})  # counted before the change: never read back
    assert second.get("k")[1] is None


def test_a_redis_that_does_not_answer_costs_a_count_not_an_error(monkeypatch):
    monkeypatch.setattr(figure_cache, "_store", lambda: figure_cache._RedisFigures("redis://127.0.0.1:1/0", "x"))
    assert figure_cache.cached("k", lambda: {"n": 1}) == {"n": 1}
    figure_cache.figures_changed()  # logged, not raised
