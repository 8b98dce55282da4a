"""The reads that pages and routes used to make themselves, now made once in services: the bureau
list, conflict counts and involved shifts in one query for a whole page, upcoming shifts of one
bureau, paged assignments, and the rate limiter's question "who does this token speak for"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlmodel import col, select

from shiftapp.models import AuthSession, Bureau, Employee, Shift
from shiftapp.models.common import utcnow
from shiftapp.services import assignments, auth, conflicts, shifts
from shiftapp.services.bureaus import bureau_choices, bureau_names, list_bureaus
from shiftapp.services.errors import ValidationFailed
from tests.integration.conftest import bearer, sign_in_here
from tests.integration.test_page_handlers_authorization import app_database  # noqa: F401

BASE = "/api/v1/planning"


def _leader(db) -> Employee:
    return db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()


class StatementCounter:
    """Counts the SQL statements a session's connection runs inside the `with` block."""

    def __init__(self, db) -> None:
        self.engine = db.get_bind()
        self.count = 0

    def _count(self, *_args) -> None:
        self.count += 1

    def __enter__(self) -> StatementCounter:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


def test_bureaus_are_listed_once_by_name(db):
    listed = list_bureaus(db)
    assert [b.name for b in listed] == sorted(b.name for b in db.exec(select(Bureau)))
    assert len(listed) >= 2
    assert bureau_choices(db) == [{"id": b.id, "name": b.name} for b in listed]
    assert bureau_names(db) == {b.id: b.name for b in listed}


def test_unresolved_counts_by_severity_agree_with_the_conflict_list(db):
    leader = _leader(db)
    for bureau_id in (None, list_bureaus(db)[0].id):
        counts = conflicts.unresolved_by_severity(session=db, actor=leader, bureau_id=bureau_id)
        assert set(counts) == {"high", "medium", "low"}
        for level, count in counts.items():
            assert (
                count
                == conflicts.list_conflicts(
                    session=db, actor=leader, status="unresolved", severity=level, limit=1, bureau_id=bureau_id
                )[1]
            )
    assert sum(conflicts.unresolved_by_severity(session=db, actor=leader).values()) > 0  # the seed has some


def test_involved_shifts_are_read_for_a_whole_page_at_once(db):
    leader = _leader(db)
    rows, _ = conflicts.list_conflicts(session=db, actor=leader, limit=50)
    with_shifts = [r for r in rows if r.shift_ids]
    assert len(with_shifts) >= 2
    involved = conflicts.shifts_of_conflicts(db, with_shifts)
    # A conflict resolved by deleting its shift keeps the shift's id in its history: those rows have no shift.
    existing = {
        s.id for s in db.exec(select(Shift).where(col(Shift.id).in_([i for r in with_shifts for i in r.shift_ids])))
    }
    assert existing
    for row in with_shifts:
        assert {s.id for s in involved[row.id]} == set(row.shift_ids) & existing
    # One page or one row: the same number of statements (not one more per conflict).
    with StatementCounter(db) as one:
        conflicts.shifts_of_conflicts(db, with_shifts[:1])
    with StatementCounter(db) as page:
        conflicts.shifts_of_conflicts(db, with_shifts)
    assert page.count == one.count
    assert conflicts.shifts_of_conflicts(db, []) == {}


def test_upcoming_shifts_of_one_bureau_are_exactly_that_bureaus(db):
    leader = _leader(db)
    everything = shifts.upcoming(session=db, actor=leader, days=14)
    for bureau in list_bureaus(db):
        mine = shifts.upcoming(session=db, actor=leader, days=14, bureau_id=bureau.id)
        assert mine == [r for r in everything if r.bureau == bureau.name]
    assert everything


def test_the_dashboards_page_of_upcoming_shifts_is_a_slice_of_the_whole_list_with_its_total(db):
    leader = _leader(db)
    everything = shifts.upcoming(session=db, actor=leader, days=14)
    assert len(everything) > 10
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    for offset in (0, 5, len(everything) - 3, len(everything)):
        event.listen(db.get_bind(), "before_cursor_execute", seen)
        try:
            page = shifts.upcoming_page(session=db, actor=leader, days=14, limit=5, offset=offset)
        finally:
            event.remove(db.get_bind(), "before_cursor_execute", seen)
        assert page.total == len(everything)
        assert page.shifts == everything[offset : offset + 5]
    # The database is asked for the page's rows only, and counts the rest itself.
    assert any("LIMIT" in s.upper() for s in statements)
    assert any("COUNT(" in s.upper() for s in statements)


def test_assignments_come_in_pages_with_a_total(db):
    leader = _leader(db)
    first = assignments.list_assignments(session=db, actor=leader, page=1, page_size=3)
    second = assignments.list_assignments(session=db, actor=leader, page=2, page_size=3)
    assert first.total == second.total > 6
    assert len(first.items) == len(second.items) == 3
    assert not {a.id for a in first.items} & {a.id for a in second.items}
    with pytest.raises(ValidationFailed, match="page_size"):
        assignments.list_assignments(session=db, actor=leader, page_size=assignments.MAX_PAGE_SIZE + 1)


def test_the_assignment_list_says_how_many_there_are_instead_of_cutting_off(client, leader_token):
    body = client.get(f"{BASE}/assignments?page_size=2", headers=bearer(leader_token)).json()
    assert len(body["items"]) == 2 and body["total"] > 2 and body["page"] == 1 and body["page_size"] == 2
    too_big = client.get(f"{BASE}/assignments?page_size={assignments.MAX_PAGE_SIZE + 1}", headers=bearer(leader_token))
    assert too_big.status_code == 400
    assert "page_size" in too_big.text


def test_a_token_speaks_for_its_user_only_while_its_session_is_live(app_database, db):
    token = sign_in_here("elena.greco@example.com")
    me = db.exec(select(Employee).where(Employee.email == "elena.greco@example.com")).one()
    assert auth.signed_in_user_id(token) == me.id
    assert auth.signed_in_user_id("not-a-token") is None
    assert auth.signed_in_user_id(None) is None

    row = db.exec(select(AuthSession).where(AuthSession.token_hash == auth.hash_token(token))).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row)
    db.commit()
    assert auth.signed_in_user_id(token) is None  # expired: counted by address, not as Elena

    other = sign_in_here("elena.greco@example.com")
    auth_row = db.exec(select(AuthSession).where(AuthSession.token_hash == auth.hash_token(other))).one()
    auth_row.revoked_at = utcnow()
    db.add(auth_row)
    db.commit()
    assert auth.signed_in_user_id(other) is None


def test_asking_who_a_token_is_does_not_write_its_last_use(app_database, db):
    token = sign_in_here("elena.greco@example.com")
    row = db.exec(select(AuthSession).where(AuthSession.token_hash == auth.hash_token(token))).one()
    long_ago = utcnow() - timedelta(minutes=5)
    row.last_seen_at = long_ago
    db.add(row)
    db.commit()
    assert auth.signed_in_user_id(token) is not None
    db.expire_all()
    assert db.get(AuthSession, row.id).last_seen_at == long_ago
