"""Calendar feeds: two "make my feed" calls at once leave one working feed (the partial unique
indexes; the loser is a 409, never a second URL), and calendar clients' HEAD is answered like GET."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Session, select

from shiftapp.db import make_engine
from shiftapp.models import CalendarFeed, Employee
from shiftapp.services import feeds
from shiftapp.services.errors import Conflict
from tests.integration.conftest import bearer, login


def _feeds_of(db: Session, email: str) -> list[CalendarFeed]:
    db.expire_all()
    db.rollback()
    person = db.exec(select(Employee).where(Employee.email == email)).one()
    return list(db.exec(select(CalendarFeed).where(CalendarFeed.employee_id == person.id)))


def test_head_answers_like_get_without_a_body(client, staff_token):
    path = client.post("/api/v1/me/calendar-feed", headers=bearer(staff_token)).json()["path"]
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == 200 and got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert int(head.headers["content-length"]) == len(got.content)
    assert head.headers["cache-control"] == got.headers["cache-control"]
    assert client.head("/api/v1/calendar/not-a-real-token-at-all-0000000000.ics").status_code == 404
    client.delete("/api/v1/me/calendar-feed", headers=bearer(staff_token))
    assert client.head(path).status_code == 404


def test_two_creates_at_once_over_http_leave_one_working_feed(client, base_url, db):
    import httpx

    token = login(client, "staff@example.com")["token"]
    client.delete("/api/v1/me/calendar-feed", headers=bearer(token))
    racers = 4
    start, answers = threading.Barrier(racers), [None] * racers

    def racer(i: int) -> None:
        with httpx.Client(base_url=base_url, timeout=30) as own:
            start.wait()
            answers[i] = own.post("/api/v1/me/calendar-feed", headers=bearer(token))

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(a.status_code for a in answers if a is not None)
    assert len(statuses) == racers and set(statuses) <= {201, 409}, statuses
    assert len([f for f in _feeds_of(db, "staff@example.com") if f.bureau_id is None]) == 1
    working = [a.json()["path"] for a in answers if a is not None and a.status_code == 201]
    assert sum(client.get(path).status_code == 200 for path in working) == 1  # the last one made


@pytest.fixture
def feed_racers(database_url, monkeypatch):
    """Two units of work that read "no feed yet", then wait for each other before inserting: the
    interleaving a race needs, made certain (a reading unit takes the write lock only at its insert)."""
    engine = make_engine(database_url)
    meet = threading.Barrier(2, timeout=10)
    real = feeds.secrets.token_urlsafe

    def token_after_both_have_read(nbytes: int) -> str:
        meet.wait()
        return real(nbytes)

    monkeypatch.setattr(feeds.secrets, "token_urlsafe", token_after_both_have_read)
    yield engine
    monkeypatch.undo()
    engine.dispose()


def test_two_interleaved_creates_leave_one_feed_and_the_loser_gets_a_conflict(feed_racers, db):
    email = "marco.rossi@example.com"
    with Session(feed_racers) as setup:
        person = setup.exec(select(Employee).where(Employee.email == email)).one()
        for old in setup.exec(select(CalendarFeed).where(CalendarFeed.employee_id == person.id)):
            setup.delete(old)
        setup.commit()
    results: list[object] = [None, None]

    def make(i: int) -> None:
        with Session(feed_racers, expire_on_commit=False) as session:
            actor = session.exec(select(Employee).where(Employee.email == email)).one()
            try:
                results[i] = feeds.create_personal_feed(session=session, actor=actor)
                session.commit()
            except Conflict as error:
                session.rollback()
                results[i] = error

    threads = [threading.Thread(target=make, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    made = [r for r in results if isinstance(r, feeds.FeedCreated)]
    lost = [r for r in results if isinstance(r, Conflict)]
    assert len(made) == 1 and len(lost) == 1, results
    assert "at the same moment" in lost[0].message
    stored = _feeds_of(db, email)
    assert len(stored) == 1 and stored[0].bureau_id is None
