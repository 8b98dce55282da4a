"""Time off over real HTTP: staff ask, their team leader approves or declines, approved leave becomes
availability and its leave_overlap conflict is listed at once; who may do what, stale decisions and
bad dates."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from shiftapp.models import (
    AuditEvent,
    Availability,
    Bureau,
    Employee,
    Notification,
    StoredConflict,
    TimeOffRequest,
)
from tests.integration.conftest import bearer, login
from tests.support import DatabaseUnchanged, server_today


@pytest.fixture
def teamlead_token(client) -> str:
    return login(client, "teamlead@example.com")["token"]


@pytest.fixture
def today(client) -> date:
    return server_today(client)


def _person(db, email: str) -> Employee:
    db.expire_all()
    return db.exec(select(Employee).where(Employee.email == email)).one()


def _ask(client, token, start: date, end: date, kind: str = "vacation", **extra):
    body = {"start_date": start.isoformat(), "end_date": end.isoformat(), "kind": kind, **extra}
    return client.post("/api/v1/time-off", headers=bearer(token), json=body)


def _decide(client, token, request_id: str, action: str, version: int, note: str | None = None):
    return client.post(
        f"/api/v1/time-off/{request_id}/{action}", headers=bearer(token), json={"version": version, "note": note}
    )


def test_staff_request_approved_by_their_team_leader_becomes_leave_with_its_conflict_listed(
    client, staff_token, teamlead_token, admin_token, db, today
):
    sofia = _person(db, "staff@example.com")
    rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
    day = today + timedelta(days=90)
    shift = client.post(
        "/api/v1/planning/shifts",
        headers=bearer(admin_token),
        json={
            "bureau_id": rome.id,
            "start_time": f"{day.isoformat()}T08:00:00Z",
            "end_time": f"{day.isoformat()}T14:00:00Z",
            "status": "confirmed",
            "employee_ids": [sofia.id],
        },
    )
    assert shift.status_code == 201, shift.text
    shift_id = shift.json()["shift"]["id"]

    asked = _ask(client, staff_token, day - timedelta(days=1), day + timedelta(days=1), note="Family wedding")
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert request["status"] == "requested" and request["days"] == 3 and request["employee_id"] == sofia.id

    pending = client.get("/api/v1/time-off/pending", headers=bearer(teamlead_token))
    assert pending.status_code == 200
    mine = next(r for r in pending.json()["requests"] if r["id"] == request["id"])
    assert mine["employee_name"] == "Sofia Romano" and mine["bureau_name"] == "Rome"
    assert len(mine["conflicts_if_approved"]) == 1 and "leave" in mine["conflicts_if_approved"][0]

    approved = _decide(client, teamlead_token, request["id"], "approve", request["version"], "Enjoy")
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "approved" and body["decided_by_name"] == "Teresa Lombardi"
    assert body["conflicts_created"] == mine["conflicts_if_approved"]

    db.expire_all()
    leave = db.get(Availability, body["availability_id"])
    assert leave is not None and leave.employee_id == sofia.id and leave.kind == "leave"
    assert leave.start_at.date() <= day - timedelta(days=1) and leave.end_at.date() >= day + timedelta(days=1)
    stored = db.exec(
        select(StoredConflict).where(
            StoredConflict.rule_code == "leave_overlap", StoredConflict.employee_id == sofia.id
        )
    ).all()
    assert any(c.status == "unresolved" and shift_id in str(c.entities) for c in stored)

    listed = client.get(
        f"/api/conflicts?bureau_id={rome.id}&status=unresolved&limit=500", headers=bearer(teamlead_token)
    ).json()["conflicts"]
    assert any(c["code"] == "leave_overlap" and shift_id in c["shift_ids"] for c in listed)

    own = client.get("/api/v1/time-off/mine", headers=bearer(staff_token)).json()
    assert next(r for r in own["requests"] if r["id"] == request["id"])["status"] == "approved"
    year = next(t for t in own["totals"] if t["year"] == day.year)
    assert year["vacation"] >= 3 and year["total"] >= 3
    actions = {e.action for e in db.exec(select(AuditEvent).where(AuditEvent.entity_id.in_([request["id"], leave.id])))}
    assert {"request", "approve", "create"} <= actions


def test_a_second_approval_is_a_409_and_changes_nothing(client, staff_token, teamlead_token, admin_token, db, today):
    start = today + timedelta(days=120)
    request = _ask(client, staff_token, start, start + timedelta(days=1)).json()
    assert _decide(client, teamlead_token, request["id"], "approve", request["version"]).status_code == 200
    with DatabaseUnchanged(db):
        again = _decide(client, admin_token, request["id"], "approve", request["version"])
        decline = _decide(client, admin_token, request["id"], "decline", request["version"] + 1)
    assert again.status_code == 409 and "already approved" in again.json()["error"]
    assert decline.status_code == 409


def test_a_decision_on_a_stale_version_is_a_409(client, staff_token, teamlead_token, db, today):
    start = today + timedelta(days=125)
    request = _ask(client, staff_token, start, start).json()
    with DatabaseUnchanged(db):
        stale = _decide(client, teamlead_token, request["id"], "approve", request["version"] + 5)
    assert stale.status_code == 409 and stale.json()["details"]["current_version"] == request["version"]


def test_leader_declines_with_a_note_and_no_leave_is_written(client, staff_token, teamlead_token, db, today):
    start = today + timedelta(days=130)
    request = _ask(client, staff_token, start, start + timedelta(days=2), kind="personal").json()
    leaves_before = len(db.exec(select(Availability)).all())
    declined = _decide(client, teamlead_token, request["id"], "decline", request["version"], "Desk is short that week")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    db.expire_all()
    assert len(db.exec(select(Availability)).all()) == leaves_before
    row = db.get(TimeOffRequest, request["id"])
    assert row.availability_id is None and row.decision_note == "Desk is short that week"
    own = client.get("/api/v1/time-off/mine", headers=bearer(staff_token)).json()["requests"]
    assert next(r for r in own if r["id"] == request["id"])["status"] == "declined"


def test_staff_cannot_approve_decline_or_list_pending(client, staff_token, db, today):
    start = today + timedelta(days=140)
    request = _ask(client, staff_token, start, start).json()
    with DatabaseUnchanged(db):
        approve = _decide(client, staff_token, request["id"], "approve", request["version"])
        decline = _decide(client, staff_token, request["id"], "decline", request["version"])
        pending = client.get("/api/v1/time-off/pending", headers=bearer(staff_token))
    assert approve.status_code == decline.status_code == pending.status_code == 403
    assert approve.json()["code"] == "FORBIDDEN"


def test_staff_cannot_see_or_cancel_someone_elses_request(client, staff_token, db, today):
    marco_token = login(client, "marco.rossi@example.com")["token"]
    start = today + timedelta(days=145)
    marco_request = _ask(client, marco_token, start, start).json()
    with DatabaseUnchanged(db):
        refused = client.post(f"/api/v1/time-off/{marco_request['id']}/cancel", headers=bearer(staff_token))
    assert refused.status_code == 403
    own = client.get("/api/v1/time-off/mine", headers=bearer(staff_token)).json()["requests"]
    assert marco_request["id"] not in {r["id"] for r in own}
    cancelled = client.post(f"/api/v1/time-off/{marco_request['id']}/cancel", headers=bearer(marco_token))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    with DatabaseUnchanged(db):
        again = client.post(f"/api/v1/time-off/{marco_request['id']}/cancel", headers=bearer(marco_token))
    assert again.status_code == 409


def test_a_team_leader_decides_only_for_their_own_bureau(client, teamlead_token, db, today):
    marco_token = login(client, "marco.rossi@example.com")["token"]  # Milan; Teresa leads Rome
    start = today + timedelta(days=150)
    request = _ask(client, marco_token, start, start).json()
    pending = client.get("/api/v1/time-off/pending", headers=bearer(teamlead_token)).json()["requests"]
    assert request["id"] not in {r["id"] for r in pending}
    with DatabaseUnchanged(db):
        refused = _decide(client, teamlead_token, request["id"], "approve", request["version"])
    assert refused.status_code == 403 and "bureau you lead" in refused.json()["error"]


def test_an_overlapping_request_is_refused_with_the_dates_it_overlaps(client, staff_token, db, today):
    start = today + timedelta(days=160)
    first = _ask(client, staff_token, start, start + timedelta(days=4))
    assert first.status_code == 201
    with DatabaseUnchanged(db):
        overlap = _ask(client, staff_token, start + timedelta(days=4), start + timedelta(days=6), kind="sick")
    assert overlap.status_code == 409
    message = overlap.json()["error"]
    assert "overlap" in message and start.isoformat() in message


@pytest.mark.parametrize(
    ("start_offset", "end_offset", "extra", "field"),
    [
        (200, 199, {}, "end_date"),  # ends before it starts
        (200, 260, {}, "end_date"),  # 61 days
        (-30, -29, {}, "start_date"),  # a month in the past
        (200, 200, {"kind": "holiday"}, "kind"),
        (200, 200, {"start_date": "2027-02-30"}, "start_date"),
        (200, 200, {"note": "x" * 2_001}, "note"),
        (200, 200, {"employee_id": "someone-else"}, "employee_id"),  # strict: unknown fields are refused
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, staff_token, db, today, start_offset, end_offset, extra, field):
    body = {
        "start_date": (today + timedelta(days=start_offset)).isoformat(),
        "end_date": (today + timedelta(days=end_offset)).isoformat(),
        "kind": "vacation",
        **extra,
    }
    with DatabaseUnchanged(db):
        response = client.post("/api/v1/time-off", headers=bearer(staff_token), json=body)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert answer["code"] == "VALIDATION_ERROR" and field in (answer["error"] + str(answer["details"]))


def _new_staff(client, db, bureau_name: str, name: str) -> tuple[Employee, str]:
    """A staff member with no leave of their own, signed in (the demo password)."""
    demo_hash = _person(db, "staff@example.com").password_hash
    bureau = db.exec(select(Bureau).where(Bureau.name == bureau_name)).one()
    person = Employee(
        email=f"leave.{uuid.uuid4().hex[:10]}@example.com",
        full_name=name,
        bureau_id=bureau.id,
        password_hash=demo_hash,
    )
    db.add(person)
    db.commit()
    return person, login(client, person.email)["token"]


def _approved(client, token, teamlead_token, start: date, end: date) -> dict:
    asked = _ask(client, token, start, end)
    assert asked.status_code == 201, asked.text
    approved = _decide(client, teamlead_token, asked.json()["id"], "approve", asked.json()["version"])
    assert approved.status_code == 200, approved.text
    return approved.json()


def _cancel(client, token, request_id: str, note: str | None = None):
    body = {"note": note} if note is not None else None
    return client.post(f"/api/v1/time-off/{request_id}/cancel", headers=bearer(token), json=body)


def test_a_team_leader_withdraws_approved_leave_and_the_person_is_told(client, teamlead_token, db, today):
    person, token = _new_staff(client, db, "Rome", "Wilma Withdrawn")
    leave = _approved(client, token, teamlead_token, today + timedelta(days=40), today + timedelta(days=42))
    listed = client.get("/api/v1/time-off/approved", headers=bearer(teamlead_token))
    assert listed.status_code == 200 and leave["id"] in {r["id"] for r in listed.json()["requests"]}

    withdrawn = _cancel(client, teamlead_token, leave["id"], note="We need you at the summit")
    assert withdrawn.status_code == 200, withdrawn.text
    body = withdrawn.json()
    assert body["status"] == "cancelled" and body["availability_id"] is None
    assert body["decided_by_name"] == "Teresa Lombardi" and body["decision_note"] == "We need you at the summit"
    db.expire_all()
    assert db.get(Availability, leave["availability_id"]) is None
    assert db.get(TimeOffRequest, leave["id"]).status == "cancelled"
    actions = {
        (e.entity_type, e.action)
        for e in db.exec(select(AuditEvent).where(AuditEvent.entity_id.in_([leave["id"], leave["availability_id"]])))
    }
    assert {("time_off_request", "withdraw_approved"), ("availability", "delete")} <= actions
    # The approval's message came first; the withdrawal's is the newest (no ORDER BY means any order on PostgreSQL).
    note = db.exec(
        select(Notification)
        .where(Notification.recipient_id == person.id, Notification.kind == "time_off_decided")
        .order_by(col(Notification.created_at).desc())
    ).first()
    assert note is not None
    assert note.title == "Approved time off withdrawn" and "We need you at the summit" in note.body
    assert leave["id"] not in {
        r["id"] for r in client.get("/api/v1/time-off/approved", headers=bearer(teamlead_token)).json()["requests"]
    }


def test_staff_cancel_their_own_approved_leave_only_before_it_starts(client, teamlead_token, db, today):
    person, token = _new_staff(client, db, "Rome", "Stella Started")
    ahead = _approved(client, token, teamlead_token, today + timedelta(days=50), today + timedelta(days=50))
    started = _approved(client, token, teamlead_token, today, today + timedelta(days=1))
    with DatabaseUnchanged(db):
        refused = _cancel(client, token, started["id"])
    assert refused.status_code == 409 and "already started" in refused.json()["error"]

    cancelled = _cancel(client, token, ahead["id"])
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    db.expire_all()
    assert db.get(Availability, ahead["availability_id"]) is None
    assert db.get(Availability, started["availability_id"]) is not None
    own_notes = db.exec(
        select(Notification).where(Notification.recipient_id == person.id, Notification.title.contains("withdrawn"))
    ).all()
    assert own_notes == []  # nobody to tell: they did it themselves

    # Their team leader may still withdraw the leave that has started.
    assert _cancel(client, teamlead_token, started["id"]).status_code == 200


def test_who_may_not_withdraw_approved_leave_changes_nothing(client, teamlead_token, staff_token, db, today):
    _person_rome, token = _new_staff(client, db, "Rome", "Paula Protected")
    _person_milan, milan_token = _new_staff(client, db, "Milan", "Mila Milan")
    leave = _approved(client, token, teamlead_token, today + timedelta(days=60), today + timedelta(days=61))
    ended = _approved(client, token, teamlead_token, today - timedelta(days=5), today - timedelta(days=3))
    waiting = _ask(client, token, today + timedelta(days=70), today + timedelta(days=70)).json()
    milan_leave = _ask(client, milan_token, today + timedelta(days=60), today + timedelta(days=60)).json()
    with DatabaseUnchanged(db):
        by_other_staff = _cancel(client, staff_token, leave["id"])
        by_other_leader = _cancel(client, teamlead_token, milan_leave["id"])
        ended_leave = _cancel(client, teamlead_token, ended["id"])
        still_waiting = _cancel(client, teamlead_token, waiting["id"])
        listed_for_staff = client.get("/api/v1/time-off/approved", headers=bearer(staff_token))
        bad_note = _cancel(client, teamlead_token, leave["id"], note="x" * 5_000)
    assert by_other_staff.status_code == 403 and by_other_leader.status_code == 403
    assert ended_leave.status_code == 409 and "already ended" in ended_leave.json()["error"]
    assert still_waiting.status_code == 409 and "decline it instead" in still_waiting.json()["error"]
    assert listed_for_staff.status_code == 403
    assert bad_note.status_code == 400
    db.expire_all()
    assert db.get(TimeOffRequest, leave["id"]).status == "approved"
    assert db.get(Availability, leave["availability_id"]) is not None


def test_withdrawing_leave_under_way_ends_it_from_today_and_keeps_the_days_taken(client, teamlead_token, db, today):
    from shiftapp.services.time_off import leave_window

    person, token = _new_staff(client, db, "Rome", "Ursula Underway")
    leave = _approved(client, token, teamlead_token, today - timedelta(days=3), today + timedelta(days=2))

    ended = _cancel(client, teamlead_token, leave["id"], note="We need you for the election night")
    assert ended.status_code == 200, ended.text
    body = ended.json()
    # The three days before today were taken: still approved leave, now ending yesterday.
    assert body["status"] == "approved" and body["availability_id"] == leave["availability_id"]
    assert body["start_date"] == (today - timedelta(days=3)).isoformat()
    assert body["end_date"] == (today - timedelta(days=1)).isoformat() and body["days"] == 3
    assert (
        body["decided_by_name"] == "Teresa Lombardi" and body["decision_note"] == "We need you for the election night"
    )
    db.expire_all()
    availability = db.get(Availability, leave["availability_id"])
    assert availability is not None
    assert (availability.start_at, availability.end_at) == leave_window(
        today - timedelta(days=3), today - timedelta(days=1)
    )
    row = db.get(TimeOffRequest, leave["id"])
    assert row.status == "approved" and row.end_date == today - timedelta(days=1)
    actions = {
        (e.entity_type, e.action)
        for e in db.exec(select(AuditEvent).where(AuditEvent.entity_id.in_([leave["id"], leave["availability_id"]])))
    }
    assert {("time_off_request", "end_early"), ("availability", "update")} <= actions
    assert ("availability", "delete") not in actions
    note = db.exec(
        select(Notification).where(
            Notification.recipient_id == person.id, Notification.title == "Approved time off ended early"
        )
    ).one()
    assert "election night" in note.body
    # Ended, it is off the leader's list, and cannot be ended again.
    assert leave["id"] not in {
        r["id"] for r in client.get("/api/v1/time-off/approved", headers=bearer(teamlead_token)).json()["requests"]
    }
    with DatabaseUnchanged(db):
        again = _cancel(client, teamlead_token, leave["id"])
    assert again.status_code == 409 and "already ended" in again.json()["error"]
