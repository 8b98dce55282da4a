"""Notifications over real HTTP with a local SMTP server (aiosmtpd): publishing tells each person once
(one inbox message and one email, listing their shifts), a planner's move and a time-off decision tell
the person affected, everyone reads and marks only their own messages, the unread count follows;
with SMTP unset the inbox is still written, and with the mail server down the change still succeeds."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, col, select

from shiftapp.i18n import translate
from shiftapp.models import Bureau, Employee, Notification
from tests.integration.conftest import bearer, login
from tests.support import VENV_BIN, DatabaseUnchanged, Server, free_port, migrate_and_seed, server_today


class Inbox:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    def wait_for(self, count: int, timeout: float = 20.0) -> list[Message]:
        deadline = time.time() + timeout
        while len(self.messages) < count and time.time() < deadline:
            time.sleep(0.1)
        return list(self.messages)


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def _serve(tmp_path_factory, name: str, extra: dict[str, str]) -> tuple[Server, str]:
    path = tmp_path_factory.mktemp(name) / "shiftapp.db"
    url = f"sqlite:///{path}"
    migrate_and_seed(url)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SMTP_")}
    env |= {
        "DATABASE_URL": url,
        "ENVIRONMENT": "test",
        "RATE_LIMIT_STANDARD": "100000",
        "RATE_LIMIT_BULK": "100000",
        **extra,
    }
    args = [str(VENV_BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port)]
    log = tmp_path_factory.mktemp(f"{name}-logs") / "api.log"
    server = Server(
        [*args, "--workers", "1", "shiftapp.api.asgi:app"], env, f"http://127.0.0.1:{port}", "/openapi.json", log
    )
    return server, url


@pytest.fixture(scope="module")
def mailing(tmp_path_factory, smtp) -> Iterator[tuple[httpx.Client, Session, Inbox]]:
    """A server of its own that sends email to the local SMTP server, over its own database."""
    from shiftapp.db import make_engine

    inbox, port = smtp
    server, url = _serve(
        tmp_path_factory,
        "mailing",
        {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_STARTTLS": "false", "SMTP_FROM": "rota@example.com"},
    )
    engine = make_engine(url)
    with httpx.Client(base_url=server.base_url, timeout=60) as client, Session(engine, expire_on_commit=False) as db:
        yield client, db, inbox
    engine.dispose()
    server.stop()


def _person(db: Session, email: str) -> Employee:
    db.expire_all()
    db.rollback()
    return db.exec(select(Employee).where(Employee.email == email)).one()


def _notes(db: Session, person: Employee, kind: str | None = None) -> list[Notification]:
    db.expire_all()
    db.rollback()
    query = select(Notification).where(Notification.recipient_id == person.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.exec(query.order_by(col(Notification.created_at))))


def _shift(client, token: str, bureau_id: str, day: date, start: str, end: str, people: list[str]) -> dict:
    response = client.post(
        "/api/v1/planning/shifts",
        headers=bearer(token),
        json={
            "bureau_id": bureau_id,
            "start_time": f"{day.isoformat()}T{start}:00Z",
            "end_time": f"{day.isoformat()}T{end}:00Z",
            "status": "draft",
            "capacity": len(people),
            "employee_ids": people,
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["shift"]


def _publish(client, token: str, bureau_id: str, start: date, end: date) -> dict:
    body = {"bureau_id": bureau_id, "start_date": start.isoformat(), "end_date": end.isoformat()}
    response = client.post("/api/v1/planning/publish", headers=bearer(token), json=body)
    if response.status_code == 409:
        response = client.post(
            "/api/v1/planning/publish", headers=bearer(token), json={**body, "force": True, "reason": "test rota"}
        )
    assert response.status_code == 200, response.text
    return response.json()


def test_publish_tells_each_person_once_with_all_their_shifts_by_inbox_and_email(mailing):
    client, db, inbox = mailing
    admin = login(client, "admin@example.com")["token"]
    sofia, teresa = _person(db, "staff@example.com"), _person(db, "teamlead@example.com")
    rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
    first = server_today(client) + timedelta(days=200)
    _shift(client, admin, rome.id, first, "07:00", "13:00", [sofia.id])
    _shift(client, admin, rome.id, first + timedelta(days=2), "07:00", "13:00", [sofia.id, teresa.id])
    _shift(client, admin, rome.id, first + timedelta(days=4), "07:00", "13:00", [sofia.id])
    assert _notes(db, sofia, "schedule_published") == []  # drafts tell no one
    inbox.messages.clear()

    outcome = _publish(client, admin, rome.id, first, first + timedelta(days=6))
    assert outcome["published"] == 3

    [sofias] = _notes(db, sofia, "schedule_published")
    [teresas] = _notes(db, teresa, "schedule_published")
    assert sofias.title.startswith("Schedule published: Rome") and sofias.read_at is None
    assert "Your 3 shifts" in sofias.body and sofias.body.count("\n- ") == 3
    assert "Your 1 shift:" in teresas.body
    inbox.wait_for(2)
    time.sleep(1)  # anything more than one each would have arrived by now
    assert [m["Subject"] for m in inbox.to("staff@example.com")] == [sofias.title]
    assert len(inbox.to("teamlead@example.com")) == 1
    assert len(inbox.messages) == 2
    mail_body = inbox.to("staff@example.com")[0].get_payload(decode=True).decode()
    assert "Your 3 shifts" in mail_body and inbox.messages[0]["From"] == "rota@example.com"

    # Publishing the same range again releases nothing new and tells no one again.
    inbox.messages.clear()
    assert _publish(client, admin, rome.id, first, first + timedelta(days=6))["published"] == 0
    assert len(_notes(db, sofia, "schedule_published")) == 1
    time.sleep(1)
    assert inbox.messages == []


def test_a_planners_move_of_a_published_shift_tells_the_person(mailing):
    client, db, inbox = mailing
    admin = login(client, "admin@example.com")["token"]
    sofia = _person(db, "staff@example.com")
    rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
    day = server_today(client) + timedelta(days=230)
    shift = _shift(client, admin, rome.id, day, "08:00", "14:00", [sofia.id])
    inbox.messages.clear()
    _publish(client, admin, rome.id, day, day)
    inbox.wait_for(1)  # the publish email, sent after its commit
    before = len(_notes(db, sofia, "shift_changed"))
    inbox.messages.clear()

    moved = client.patch(
        f"/api/shifts/{shift['id']}",
        headers=bearer(admin),
        json={"date": (day + timedelta(days=1)).isoformat(), "force": True, "reason": "cover"},
    )
    assert moved.status_code == 200, moved.text

    changed = _notes(db, sofia, "shift_changed")
    assert len(changed) == before + 1
    assert changed[-1].title == "Shift moved" and "was moved to" in changed[-1].body
    assert (day + timedelta(days=1)).strftime("%d %b %Y") in changed[-1].body
    [email] = [m for m in inbox.wait_for(1) if m["To"] == "staff@example.com"]
    assert email["Subject"] == "Shift moved"


def test_time_off_approval_tells_the_requester(mailing):
    client, db, inbox = mailing
    staff = login(client, "staff@example.com")["token"]
    teamlead = login(client, "teamlead@example.com")["token"]
    sofia = _person(db, "staff@example.com")
    start = server_today(client) + timedelta(days=300)
    asked = client.post(
        "/api/v1/time-off",
        headers=bearer(staff),
        json={"start_date": start.isoformat(), "end_date": (start + timedelta(days=2)).isoformat(), "kind": "vacation"},
    )
    assert asked.status_code == 201, asked.text
    inbox.messages.clear()
    decided = client.post(
        f"/api/v1/time-off/{asked.json()['id']}/approve",
        headers=bearer(teamlead),
        json={"version": asked.json()["version"], "note": "Enjoy"},
    )
    assert decided.status_code == 200, decided.text

    [note] = _notes(db, sofia, "time_off_decided")
    assert note.title == "Time off approved"
    assert "Teresa Lombardi approved your vacation request" in note.body and "Note: Enjoy" in note.body
    [email] = inbox.wait_for(1)
    assert email["To"] == "staff@example.com" and email["Subject"] == "Time off approved"


def _claimant(db: Session, bureau: Bureau) -> Employee:
    """A staff member with nothing planned (the demo password), so the rule engine lets every claim through."""
    demo_hash = _person(db, "staff@example.com").password_hash
    person = Employee(
        email=f"claimant.{uuid.uuid4().hex[:8]}@example.com",
        full_name="Carla Claimant",
        shift_role="correspondent",
        bureau_id=bureau.id,
        password_hash=demo_hash,
    )
    db.add(person)
    db.commit()
    return person


def _claims_wait(db: Session, bureau: Bureau, wait: bool) -> None:
    db.expire_all()
    row = db.get(Bureau, bureau.id)
    assert row is not None
    row.open_shift_claims_need_approval = wait
    db.add(row)
    db.commit()


def test_claim_decisions_tell_the_claimant_by_inbox_and_email(mailing):
    client, db, inbox = mailing
    admin = login(client, "admin@example.com")["token"]
    teamlead = login(client, "teamlead@example.com")["token"]
    rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
    person = _claimant(db, rome)
    token = login(client, person.email)["token"]
    day = server_today(client) + timedelta(days=33)
    shifts = [
        client.post(
            "/api/v1/planning/shifts",
            headers=bearer(admin),
            json={
                "bureau_id": rome.id,
                "start_time": f"{(day + timedelta(days=i)).isoformat()}T08:00:00Z",
                "end_time": f"{(day + timedelta(days=i)).isoformat()}T14:00:00Z",
                "status": "published",
            },
        ).json()["shift"]["id"]
        for i in range(3)
    ]
    _claims_wait(db, rome, True)
    try:
        claims = [client.post(f"/api/v1/open-shifts/{s}/claim", headers=bearer(token), json={}) for s in shifts[:2]]
        assert [c.status_code for c in claims] == [201, 201], [c.text for c in claims]
        assert _notes(db, person) == []  # waiting: nothing decided yet
        inbox.messages.clear()
        approved, declined = (c.json() for c in claims)
        answer = client.post(
            f"/api/v1/open-shifts/claims/{approved['claim_id']}/approve",
            headers=bearer(teamlead),
            json={"version": approved["claim_version"], "note": "Thanks for stepping in"},
        )
        assert answer.status_code == 200, answer.text
        answer = client.post(
            f"/api/v1/open-shifts/claims/{declined['claim_id']}/decline",
            headers=bearer(teamlead),
            json={"version": declined["claim_version"]},
        )
        assert answer.status_code == 200, answer.text
    finally:
        _claims_wait(db, rome, False)
    granted = client.post(f"/api/v1/open-shifts/{shifts[2]}/claim", headers=bearer(token), json={})
    assert granted.status_code == 201 and granted.json()["granted"] is True, granted.text

    notes = _notes(db, person, "claim_decided")
    assert [n.title for n in notes] == ["Shift claim approved", "Shift claim declined", "Shift claim granted"]
    assert "Note: Thanks for stepping in" in notes[0].body and "was approved" in notes[0].body
    assert "place is open again" in notes[1].body and notes[1].link == "/open-shifts"
    assert "you are on the shift of" in notes[2].body and notes[2].link == "/schedule"
    emails = inbox.wait_for(3)
    assert sorted(m["Subject"] for m in emails if m["To"] == person.email) == sorted(n.title for n in notes)


def test_an_italian_recipient_reads_the_message_and_the_email_in_italian_and_older_rows_as_they_were(mailing):
    client, db, inbox = mailing
    teamlead = login(client, "teamlead@example.com")["token"]
    rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
    person = _claimant(db, rome)
    person.language = "it"
    db.add(person)
    db.commit()
    token = login(client, person.email)["token"]
    start = server_today(client) + timedelta(days=320)
    asked = client.post(
        "/api/v1/time-off",
        headers=bearer(token),
        json={"start_date": start.isoformat(), "end_date": start.isoformat(), "kind": "vacation"},
    )
    assert asked.status_code == 201, asked.text
    inbox.messages.clear()
    decided = client.post(
        f"/api/v1/time-off/{asked.json()['id']}/approve",
        headers=bearer(teamlead),
        json={"version": asked.json()["version"], "note": "Buone vacanze"},
    )
    assert decided.status_code == 200, decided.text

    # The row keeps its English reading (older readers, the logs) and its template.
    [note] = _notes(db, person, "time_off_decided")
    assert note.title == "Time off approved" and note.text is not None
    # The email goes out in the recipient's language.
    [email] = [m for m in inbox.wait_for(1) if m["To"] == person.email]
    body = email.get_payload(decode=True).decode()
    assert email["Subject"] == "Assenza approvata"
    assert "Teresa Lombardi ha approvato la tua richiesta (ferie)" in body and "Nota: Buone vacanze" in body
    assert "Apri: " in body and "approved" not in body

    # The inbox reads in the reader's language: Italian when asked for, English otherwise.
    italian = client.get("/api/v1/notifications", headers={**bearer(token), "Accept-Language": "it-IT,it;q=0.9"})
    [item] = [i for i in italian.json()["items"] if i["id"] == note.id]
    assert item["title"] == "Assenza approvata" and item["body"].startswith("Teresa Lombardi ha approvato")
    english = client.get("/api/v1/notifications", headers={**bearer(token), "Accept-Language": "en"})
    [item] = [i for i in english.json()["items"] if i["id"] == note.id]
    assert item["title"] == "Time off approved" and item["body"] == note.body

    # A row written before templates were kept shows its stored text in either language.
    older = Notification(recipient_id=person.id, kind="shift_changed", title="Old title", body="Old body")
    db.add(older)
    db.commit()
    for language in ("it", "en"):
        listed = client.get("/api/v1/notifications", headers={**bearer(token), "Accept-Language": language}).json()
        [item] = [i for i in listed["items"] if i["id"] == older.id]
        assert (item["title"], item["body"]) == ("Old title", "Old body")


def test_the_inbox_its_unread_count_and_marking_are_each_persons_own(mailing):
    client, db, _inbox = mailing
    staff = login(client, "staff@example.com")["token"]
    teamlead = login(client, "teamlead@example.com")["token"]
    sofia, teresa = _person(db, "staff@example.com"), _person(db, "teamlead@example.com")
    theirs = _notes(db, teresa)
    mine = _notes(db, sofia)
    assert theirs and len(mine) >= 3  # from the tests above

    listed = client.get("/api/v1/notifications", headers=bearer(staff), params={"limit": 2})
    assert listed.status_code == 200
    page = listed.json()
    assert page["total"] == len(mine) and len(page["items"]) == 2 and page["unread"] == len(mine)
    assert {i["id"] for i in page["items"]} <= {n.id for n in mine}
    assert page["items"][0]["created_at"] >= page["items"][1]["created_at"]
    assert client.get("/api/v1/notifications", headers=bearer(staff), params={"limit": 0}).status_code == 400

    # Another person's message: not found, and nothing changes.
    with DatabaseUnchanged(db):
        refused = client.post(f"/api/v1/notifications/{theirs[0].id}/read", headers=bearer(staff))
        assert refused.status_code == 404
        assert refused.json()["code"] == "NOT_FOUND" or "not found" in refused.text.lower()
        assert client.post("/api/v1/notifications/no-such-id/read", headers=bearer(staff)).status_code == 404
        assert client.post(f"/api/v1/notifications/{theirs[0].id}/read").status_code == 401

    count = client.get("/api/v1/notifications/unread-count", headers=bearer(staff)).json()["unread"]
    assert count == len(mine)
    read = client.post(f"/api/v1/notifications/{mine[0].id}/read", headers=bearer(staff))
    assert read.status_code == 200 and read.json()["read"] is True
    assert client.get("/api/v1/notifications/unread-count", headers=bearer(staff)).json()["unread"] == count - 1
    unread_page = client.get("/api/v1/notifications", headers=bearer(staff), params={"unread_only": True}).json()
    assert mine[0].id not in {i["id"] for i in unread_page["items"]} and unread_page["total"] == count - 1

    teresas_unread = client.get("/api/v1/notifications/unread-count", headers=bearer(teamlead)).json()["unread"]
    marked = client.post("/api/v1/notifications/read-all", headers=bearer(staff))
    assert marked.status_code == 200 and marked.json()["marked"] == count - 1
    assert client.get("/api/v1/notifications/unread-count", headers=bearer(staff)).json()["unread"] == 0
    assert all(n.read_at is not None for n in _notes(db, sofia))
    # Teresa's stay unread.
    assert client.get("/api/v1/notifications/unread-count", headers=bearer(teamlead)).json()["unread"] == teresas_unread
    assert teresas_unread == sum(1 for n in _notes(db, teresa) if n.read_at is None) > 0


def test_an_invitation_is_emailed_with_its_link_when_smtp_is_set(mailing):
    client, _db, inbox = mailing
    admin = login(client, "admin@example.com")["token"]
    email = f"ines.{uuid.uuid4().hex[:8]}@example.com"
    person = client.post(
        "/api/employees", headers=bearer(admin), json={"email": email, "full_name": "Ines Invited"}
    ).json()["employee"]
    invited = client.post(f"/api/employees/{person['id']}/invitation", headers=bearer(admin))
    assert invited.status_code == 201, invited.text
    invitation = invited.json()["invitation"]
    assert invitation["emailed"] is True
    deadline = time.time() + 20
    while not inbox.to(email) and time.time() < deadline:
        time.sleep(0.1)
    (message,) = inbox.to(email)
    assert message["Subject"] == "Your shiftapp account: choose your password"
    body = message.get_payload(decode=True).decode()
    assert invitation["link"] in body and "Ines Invited" in body


def test_a_person_added_in_italian_is_invited_in_italian_and_a_language_the_app_lacks_is_refused(mailing):
    client, db, inbox = mailing
    admin = login(client, "admin@example.com")["token"]
    email = f"irene.{uuid.uuid4().hex[:8]}@example.com"
    refused = client.post(
        "/api/employees",
        headers=bearer(admin),
        json={"email": email, "full_name": "Irene Invitata", "language": "fr"},
    )
    assert refused.status_code in (400, 422), refused.text
    assert "language must be en (English) or it (Italian)" in refused.text
    assert db.exec(select(Employee).where(Employee.email == email)).first() is None  # nothing half-written

    created = client.post(
        "/api/employees", headers=bearer(admin), json={"email": email, "full_name": "Irene Invitata", "language": "it"}
    )
    assert created.status_code == 201, created.text
    person = created.json()["employee"]
    db.expire_all()
    assert db.get_one(Employee, person["id"]).language == "it"
    invited = client.post(f"/api/employees/{person['id']}/invitation", headers=bearer(admin))
    assert invited.status_code == 201, invited.text
    deadline = time.time() + 20
    while not inbox.to(email) and time.time() < deadline:
        time.sleep(0.1)
    (message,) = inbox.to(email)
    assert message["Subject"] == translate("Your shiftapp account: choose your password", "it")
    assert message["Subject"] != "Your shiftapp account: choose your password"
    body = message.get_payload(decode=True).decode()
    assert invited.json()["invitation"]["link"] in body and "Irene Invitata" in body


def test_with_smtp_unset_the_inbox_is_written_and_no_email_sent(client, db, staff_token, admin_token, smtp):
    """The suite's shared server has no SMTP settings."""
    inbox, _port = smtp
    sofia = _person(db, "staff@example.com")
    preferences = client.put(
        f"/api/employees/{sofia.id}/preferences", headers=bearer(staff_token), json={"preferred_shifts": ["morning"]}
    )
    assert preferences.status_code in (200, 201), preferences.text
    inbox.messages.clear()
    before = len(_notes(db, sofia, "preference_confirmed"))
    confirmed = client.post(f"/api/employees/{sofia.id}/preferences/confirm", headers=bearer(admin_token))
    assert confirmed.status_code == 200, confirmed.text
    assert len(_notes(db, sofia, "preference_confirmed")) == before + 1
    time.sleep(1)
    assert inbox.messages == []


def test_with_the_mail_server_down_the_change_still_succeeds(tmp_path_factory):
    from shiftapp.db import make_engine

    closed = free_port()  # nothing listens there
    server, url = _serve(
        tmp_path_factory, "mail-down", {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(closed), "SMTP_STARTTLS": "false"}
    )
    engine = make_engine(url)
    try:
        with httpx.Client(base_url=server.base_url, timeout=60) as client, Session(engine) as db:
            staff = login(client, "staff@example.com")["token"]
            teamlead = login(client, "teamlead@example.com")["token"]
            start = server_today(client) + timedelta(days=300)
            asked = client.post(
                "/api/v1/time-off",
                headers=bearer(staff),
                json={"start_date": start.isoformat(), "end_date": start.isoformat(), "kind": "personal"},
            ).json()
            declined = client.post(
                f"/api/v1/time-off/{asked['id']}/decline", headers=bearer(teamlead), json={"version": asked["version"]}
            )
            assert declined.status_code == 200, declined.text
            assert declined.json()["status"] == "declined"
            sofia = _person(db, "staff@example.com")
            [note] = _notes(db, sofia, "time_off_decided")
            assert note.title == "Time off declined"
            log = Path(server._log.name)
            deadline = time.time() + 20
            while "could not send" not in log.read_text() and time.time() < deadline:
                time.sleep(0.2)
            assert "could not send 1 notification email(s) through 127.0.0.1" in log.read_text()
    finally:
        engine.dispose()
        server.stop()
