"""Seed 002 Shifts and Schedule Health over real HTTP: rule-engine checks, force with audit,
moves with validate_only, stale writes, and stored conflicts that follow the plan."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from shiftapp.models import AuditEvent, Bureau, Employee, Shift, StoredConflict
from tests.integration.conftest import bearer
from tests.support import DatabaseUnchanged, server_today

FAR = date.today() + timedelta(days=60)  # clear of the demo month


def _ids(db):
    db.expire_all()
    bureaus = {b.name: b.id for b in db.exec(select(Bureau))}
    people = {e.email.split("@")[0]: e.id for e in db.exec(select(Employee))}
    return bureaus, people


def _iso(day: date, hour: int) -> str:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _create(client, token, bureau_id, day, start, end, employee_id=None, **extra):
    body = {"bureau_id": bureau_id, "start_time": _iso(day, start), "end_time": _iso(day, end), **extra}
    if employee_id:
        body["employee_id"] = employee_id
    return client.post("/api/shifts", headers=bearer(token), json=body)


def test_list_shifts_filters_and_upcoming(client, staff_token, db):
    bureaus, people = _ids(db)
    today = server_today(client)
    rows = client.get(
        f"/api/shifts?start_date={today}&end_date={today + timedelta(days=6)}&bureau_id={bureaus['Milan']}",
        headers=bearer(staff_token),
    ).json()["shifts"]
    assert rows and all(r["bureau"] == "Milan" for r in rows)
    assert all(today.isoformat() <= r["date"] <= (today + timedelta(days=6)).isoformat() for r in rows)
    assert set(rows[0]) >= {
        "id",
        "employee",
        "employee_id",
        "role",
        "bureau",
        "bureau_id",
        "date",
        "startTime",
        "endTime",
        "status",
    }
    mine = client.get(f"/api/shifts?employee_id={people['marco.rossi']}", headers=bearer(staff_token)).json()["shifts"]
    assert mine and all(r["employee_id"] == people["marco.rossi"] for r in mine)
    upcoming = client.get("/api/shifts/upcoming?days=14", headers=bearer(staff_token)).json()["shifts"]
    assert upcoming and all(r["date"] >= today.isoformat() for r in upcoming)
    assert client.get("/api/shifts/upcoming?days=0", headers=bearer(staff_token)).status_code == 400


def test_create_shift_then_double_booking_is_409_and_force_is_audited(client, leader_token, db):
    bureaus, people = _ids(db)
    first = _create(
        client, leader_token, bureaus["Milan"], FAR, 8, 16, people["paolo.ricci"], status="draft", notes="Morning shift"
    )
    assert first.status_code == 201, first.text
    assert first.json()["shift"]["status"] == "draft"
    clash = _create(client, leader_token, bureaus["Rome"], FAR, 12, 20, people["paolo.ricci"])
    assert clash.status_code == 409
    body = clash.json()
    assert body["error"] == "Conflict detected" and body["message"] == "Set force: true to create anyway"
    assert body["conflicts"][0]["type"] == "Double Booking" and body["conflicts"][0]["severity"] == "high"
    forced = _create(
        client,
        leader_token,
        bureaus["Rome"],
        FAR,
        12,
        20,
        people["paolo.ricci"],
        force=True,
        reason="Breaking story, both desks agreed",
    )
    assert forced.status_code == 201 and forced.json()["shift"]["forced"] is True
    db.expire_all()
    audit = db.exec(
        select(AuditEvent).where(AuditEvent.entity_id == forced.json()["shift"]["id"], AuditEvent.action == "create")
    ).one()
    assert audit.after["forced"] is True and audit.reason == "Breaking story, both desks agreed"
    assert audit.actor_id == people["leader"]
    stored = db.exec(
        select(StoredConflict).where(
            StoredConflict.rule_code == "double_booking", StoredConflict.employee_id == people["paolo.ricci"]
        )
    ).all()
    assert any(c.date == FAR.isoformat() and c.status == "unresolved" for c in stored)


def test_staff_cannot_create_move_or_delete_shifts(client, staff_token, db):
    bureaus, _ = _ids(db)
    shift_id = client.get("/api/shifts/upcoming", headers=bearer(staff_token)).json()["shifts"][0]["id"]
    with DatabaseUnchanged(db):
        assert _create(client, staff_token, bureaus["Milan"], FAR, 8, 16).status_code == 403
        assert (
            client.patch(
                f"/api/shifts/{shift_id}", headers=bearer(staff_token), json={"date": FAR.isoformat()}
            ).status_code
            == 403
        )
        assert client.delete(f"/api/shifts/{shift_id}", headers=bearer(staff_token)).status_code == 403


def test_bad_shift_input_is_400_and_writes_nothing(client, leader_token, db):
    bureaus, _ = _ids(db)
    before = len(
        client.get(f"/api/shifts?start_date={FAR}&end_date={FAR}", headers=bearer(leader_token)).json()["shifts"]
    )
    cases = [
        {"bureau_id": bureaus["Milan"], "start_time": _iso(FAR, 16), "end_time": _iso(FAR, 8)},
        {"bureau_id": bureaus["Milan"], "start_time": "tomorrow", "end_time": _iso(FAR, 8)},
        {"bureau_id": bureaus["Milan"], "start_time": "2030-01-01T08:00:00", "end_time": "2030-01-01T16:00:00"},
        {"bureau_id": "nope", "start_time": _iso(FAR, 8), "end_time": _iso(FAR, 16)},
        {"bureau_id": bureaus["Milan"], "start_time": _iso(FAR, 8), "end_time": _iso(FAR, 16), "status": "maybe"},
    ]
    for body in cases:
        response = client.post("/api/shifts", headers=bearer(leader_token), json=body)
        assert response.status_code == 400, body
        assert response.json()["code"] == "VALIDATION_ERROR"
    after = len(
        client.get(f"/api/shifts?start_date={FAR}&end_date={FAR}", headers=bearer(leader_token)).json()["shifts"]
    )
    assert after == before


def test_move_validate_only_then_409_then_force(client, leader_token, db):
    bureaus, people = _ids(db)
    day = FAR + timedelta(days=3)
    a = _create(client, leader_token, bureaus["Milan"], day, 6, 14, people["giulia.conti"]).json()["shift"]
    b = _create(client, leader_token, bureaus["Milan"], day + timedelta(days=1), 6, 14, people["giulia.conti"]).json()[
        "shift"
    ]
    preview = client.patch(
        f"/api/shifts/{b['id']}", headers=bearer(leader_token), json={"date": day.isoformat(), "validate_only": True}
    )
    assert preview.status_code == 200
    body = preview.json()
    assert body["valid"] is False and body["conflicts"][0]["type"] == "Double Booking"
    assert (
        body["proposed"]["date"] == day.isoformat() and body["current"]["date"] == (day + timedelta(days=1)).isoformat()
    )
    refused = client.patch(f"/api/shifts/{b['id']}", headers=bearer(leader_token), json={"date": day.isoformat()})
    assert refused.status_code == 409
    assert refused.json()["message"] == "This move would create scheduling conflicts. Set force=true to move anyway."
    fine = client.patch(
        f"/api/shifts/{b['id']}",
        headers=bearer(leader_token),
        json={"date": (day + timedelta(days=2)).isoformat(), "validate_only": True},
    ).json()
    assert fine["valid"] is True and fine["conflicts"] == []
    forced = client.patch(
        f"/api/shifts/{b['id']}", headers=bearer(leader_token), json={"date": day.isoformat(), "force": True}
    ).json()
    assert forced["forced"] is True and forced["conflicts_overridden"] == 1 and forced["date"] == day.isoformat()
    # Seed 002 sends no reason: the audit entry still says who forced what, with the reason left empty.
    db.expire_all()
    audit = db.exec(select(AuditEvent).where(AuditEvent.entity_id == b["id"], AuditEvent.action == "move")).one()
    assert audit.actor_id == people["leader"] and audit.reason is None and audit.after["forced"] is True
    assert [c["code"] for c in audit.after["conflicts_overridden"]] == ["double_booking"]
    assert a["id"] != b["id"]


def test_stale_update_is_409_and_does_not_overwrite(client, leader_token, db):
    bureaus, _ = _ids(db)
    shift = _create(client, leader_token, bureaus["Rome"], FAR + timedelta(days=5), 9, 17).json()["shift"]
    first = client.put(
        f"/api/shifts/{shift['id']}", headers=bearer(leader_token), json={"notes": "first", "version": shift["version"]}
    )
    assert first.status_code == 200
    second = client.put(
        f"/api/shifts/{shift['id']}",
        headers={**bearer(leader_token), "If-Match": str(shift["version"])},
        json={"notes": "second"},
    )
    assert second.status_code == 409 and "someone else" in second.json()["error"]
    rows = client.get(
        f"/api/shifts?start_date={FAR + timedelta(days=5)}&end_date={FAR + timedelta(days=5)}",
        headers=bearer(leader_token),
    ).json()["shifts"]
    assert any(r["id"] == shift["id"] for r in rows)
    db.expire_all()
    from shiftapp.models import Shift

    assert db.get(Shift, shift["id"]).notes == "first"


def test_put_publishes_and_refuses_bad_transition(client, leader_token, db):
    bureaus, _ = _ids(db)
    shift = _create(client, leader_token, bureaus["Rome"], FAR + timedelta(days=6), 9, 17).json()["shift"]
    published = client.put(f"/api/shifts/{shift['id']}", headers=bearer(leader_token), json={"status": "published"})
    assert published.json()["shift"]["status"] == "published"
    cancelled = client.put(f"/api/shifts/{shift['id']}", headers=bearer(leader_token), json={"status": "cancelled"})
    assert cancelled.status_code == 200
    back = client.put(f"/api/shifts/{shift['id']}", headers=bearer(leader_token), json={"status": "draft"})
    assert back.status_code == 400 and "cannot become draft" in back.json()["error"]


def test_delete_shift_and_unknown_ids(client, leader_token, db):
    bureaus, _ = _ids(db)
    shift = _create(client, leader_token, bureaus["Rome"], FAR + timedelta(days=7), 9, 17).json()["shift"]
    assert client.delete(f"/api/shifts/{shift['id']}", headers=bearer(leader_token)).json() == {
        "message": "Shift deleted successfully"
    }
    for method in ("DELETE", "PUT", "PATCH"):
        response = client.request(
            method,
            f"/api/shifts/{shift['id']}",
            headers=bearer(leader_token),
            json={"date": FAR.isoformat()} if method != "DELETE" else None,
        )
        assert response.status_code == 404, method


def test_reset_is_for_admins_only_even_when_allowed(client, leader_token, db):
    before = len(db.exec(select(Shift)).all())
    with DatabaseUnchanged(db):
        response = client.delete("/api/shifts/reset", headers=bearer(leader_token))
    assert response.status_code == 403
    assert response.json()["error"] == "Only administrators can reset the schedule"
    db.expire_all()
    assert len(db.exec(select(Shift)).all()) == before > 0


def test_conflict_lifecycle_acknowledge_survives_refresh_and_fix_resolves(client, leader_token, staff_token, db):
    bureaus, people = _ids(db)
    day = FAR + timedelta(days=10)
    _create(client, leader_token, bureaus["Milan"], day, 8, 16, people["elena.greco"])
    clash = _create(
        client, leader_token, bureaus["Rome"], day, 10, 18, people["elena.greco"], force=True, reason="test"
    ).json()["shift"]
    listed = client.get(
        "/api/conflicts?status=unresolved&severity=high&limit=500", headers=bearer(leader_token)
    ).json()["conflicts"]
    mine = [c for c in listed if c["employee_id"] == people["elena.greco"] and c["date"] == day.isoformat()]
    assert len(mine) == 1 and mine[0]["type"] == "Double Booking" and len(mine[0]["shifts"]) == 2
    conflict_id = mine[0]["id"]
    with DatabaseUnchanged(db):
        assert (
            client.patch(
                f"/api/conflicts/{conflict_id}", headers=bearer(staff_token), json={"action": "resolve"}
            ).status_code
            == 403
        )
    ack = client.patch(f"/api/conflicts/{conflict_id}", headers=bearer(leader_token), json={"action": "acknowledge"})
    assert ack.json()["conflict"]["status"] == "acknowledged"
    # Another change nearby re-runs detection: the acknowledgement stays.
    _create(client, leader_token, bureaus["Milan"], day, 20, 23)
    db.expire_all()
    assert db.get(StoredConflict, conflict_id).status == "acknowledged"
    # Fixing the plan resolves it, by whoever fixed it.
    client.delete(f"/api/shifts/{clash['id']}", headers=bearer(leader_token))
    db.expire_all()
    row = db.get(StoredConflict, conflict_id)
    assert row.status == "resolved" and row.resolved_by == people["leader"]
    bad = client.patch(f"/api/conflicts/{conflict_id}", headers=bearer(leader_token), json={"action": "explode"})
    assert bad.status_code == 400


def test_dismiss_conflict(client, leader_token):
    listed = client.get("/api/conflicts?status=unresolved", headers=bearer(leader_token)).json()["conflicts"]
    target = listed[0]["id"]
    assert client.delete(f"/api/conflicts/{target}", headers=bearer(leader_token)).json() == {
        "message": "Conflict dismissed successfully"
    }
    dismissed = client.get("/api/conflicts?status=dismissed", headers=bearer(leader_token)).json()["conflicts"]
    assert target in [c["id"] for c in dismissed]
    assert client.delete("/api/conflicts/nope", headers=bearer(leader_token)).status_code == 404


def test_demo_has_real_conflicts_found_by_the_engine(client, staff_token):
    high = client.get("/api/conflicts?severity=high&limit=500", headers=bearer(staff_token)).json()["conflicts"]
    assert {"Double Booking", "Rest Period Violation", "Leave Conflict"} <= {c["type"] for c in high}
