"""The Planning PRO routes test_planning_api.py does not reach: reading one template, listing and
reading shift instances, editing and deleting a shift, listing assignments and editing a leave. Each
checks the body and what the database holds afterwards.

The days are fixed (March 2031), clear of the demo data and of the days other tests derive from
today, so nothing here depends on the date the suite runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from shiftapp.models import Assignment, AuditEvent, Availability, Bureau, Employee, Shift
from tests.integration.conftest import bearer

BASE = "/api/v1/planning"
MONDAY = date(2031, 3, 3)


def _ids(db):
    db.expire_all()
    return (
        {b.name: b.id for b in db.exec(select(Bureau))},
        {e.email.split("@")[0]: e.id for e in db.exec(select(Employee))},
    )


def _t(day: date, hour: int) -> str:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _shift(client, token, bureau, day, start, end, **extra) -> dict:
    response = client.post(
        f"{BASE}/shifts",
        headers=bearer(token),
        json={"bureau_id": bureau, "start_time": _t(day, start), "end_time": _t(day, end), **extra},
    )
    assert response.status_code == 201, response.text
    return response.json()["shift"]


def _audit(db, entity_id: str) -> list[AuditEvent]:
    db.expire_all()
    return list(db.exec(select(AuditEvent).where(AuditEvent.entity_id == entity_id).order_by(AuditEvent.at)))


def test_one_template_is_read_by_its_id(client, leader_token, staff_token, db):
    bureaus, _ = _ids(db)
    created = client.post(
        f"{BASE}/templates",
        headers=bearer(leader_token),
        json={
            "bureau_id": bureaus["Milan"],
            "name": "Weekend desk",
            "start_time": "07:00",
            "end_time": "15:00",
            "days": ["Saturday", "Sunday"],
            "capacity": 2,
        },
    ).json()
    read = client.get(f"{BASE}/templates/{created['id']}", headers=bearer(staff_token))
    assert read.status_code == 200
    assert read.json() == created
    assert read.json()["days"] == ["Saturday", "Sunday"] and read.json()["capacity"] == 2
    client.delete(f"{BASE}/templates/{created['id']}", headers=bearer(leader_token))


def test_shifts_are_listed_by_bureau_and_days_with_paging(client, leader_token, staff_token, db):
    bureaus, _ = _ids(db)
    day = MONDAY
    made = [_shift(client, leader_token, bureaus["Milan"], day + timedelta(days=d), 8, 16) for d in range(3)]
    elsewhere = _shift(client, leader_token, bureaus["Rome"], day, 8, 16)
    query = f"bureau_id={bureaus['Milan']}&start_date={day}&end_date={day + timedelta(days=2)}"
    listed = client.get(f"{BASE}/shifts?{query}", headers=bearer(staff_token))
    assert listed.status_code == 200
    body = listed.json()
    assert body["total"] == 3 and body["page"] == 1 and body["page_size"] == 200
    assert [row["id"] for row in body["items"]] == [s["id"] for s in made]  # in time order
    assert elsewhere["id"] not in {row["id"] for row in body["items"]}
    second = client.get(f"{BASE}/shifts?{query}&page=2&page_size=2", headers=bearer(staff_token)).json()
    assert second["total"] == 3 and [row["id"] for row in second["items"]] == [made[2]["id"]]
    one_day = client.get(
        f"{BASE}/shifts?bureau_id={bureaus['Milan']}&start_date={day + timedelta(days=1)}"
        f"&end_date={day + timedelta(days=1)}",
        headers=bearer(staff_token),
    ).json()
    assert [row["id"] for row in one_day["items"]] == [made[1]["id"]]
    assert client.get(f"{BASE}/shifts?page_size=0", headers=bearer(staff_token)).status_code == 400


def test_one_shift_is_read_with_its_assignments(client, leader_token, staff_token, db):
    bureaus, people = _ids(db)
    created = _shift(
        client,
        leader_token,
        bureaus["Milan"],
        MONDAY + timedelta(days=7),
        9,
        17,
        capacity=2,
        employee_ids=[people["marta.costa"]],
        notes="Budget night",
    )
    read = client.get(f"{BASE}/shifts/{created['id']}", headers=bearer(staff_token))
    assert read.status_code == 200
    shift = read.json()
    assert shift["id"] == created["id"] and shift["capacity"] == 2 and shift["notes"] == "Budget night"
    assert shift["start_time"] == _t(MONDAY + timedelta(days=7), 9)
    assert [(a["employee_id"], a["status"]) for a in shift["assignments"]] == [(people["marta.costa"], "confirmed")]
    assert client.get(f"{BASE}/shifts/no-such-shift", headers=bearer(staff_token)).status_code == 404


def test_a_shift_is_edited_with_its_version_and_audited(client, leader_token, db):
    bureaus, _ = _ids(db)
    day = MONDAY + timedelta(days=14)
    created = _shift(client, leader_token, bureaus["Rome"], day, 8, 16)
    edited = client.patch(
        f"{BASE}/shifts/{created['id']}",
        headers=bearer(leader_token),
        json={"end_time": _t(day, 14), "capacity": 3, "notes": "Short day", "version": created["version"]},
    )
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["shift"]["end_time"] == _t(day, 14) and body["shift"]["capacity"] == 3
    assert body["shift"]["version"] == created["version"] + 1 and body["forced"] is False
    db.expire_all()
    stored = db.get(Shift, created["id"])
    assert (stored.capacity, stored.notes, stored.version) == (3, "Short day", created["version"] + 1)
    assert stored.end_at.replace(tzinfo=UTC) == datetime(day.year, day.month, day.day, 14, tzinfo=UTC)
    stale = client.patch(
        f"{BASE}/shifts/{created['id']}",
        headers=bearer(leader_token),
        json={"capacity": 5, "version": created["version"]},
    )
    assert stale.status_code == 409
    db.expire_all()
    assert db.get(Shift, created["id"]).capacity == 3  # the stale write changed nothing
    too_long = client.patch(
        f"{BASE}/shifts/{created['id']}",
        headers=bearer(leader_token),
        json={"end_time": _t(day + timedelta(days=1), 8)},
    )
    assert too_long.status_code == 409 and too_long.json()["hard"][0]["code"] == "time_window"
    db.expire_all()
    assert db.get(Shift, created["id"]).capacity == 3
    actions = [(e.action, (e.after or {}).get("capacity")) for e in _audit(db, created["id"])]
    assert actions == [("create", 1), ("update", 3)]


def test_a_shift_is_deleted_with_its_assignments_and_a_reason(client, leader_token, db):
    bureaus, people = _ids(db)
    created = _shift(
        client, leader_token, bureaus["Milan"], MONDAY + timedelta(days=21), 8, 16, employee_ids=[people["marta.costa"]]
    )
    assignment_id = created["assignments"][0]["id"]
    deleted = client.delete(f"{BASE}/shifts/{created['id']}?reason=Event cancelled", headers=bearer(leader_token))
    assert deleted.status_code == 204 and deleted.content == b""
    db.expire_all()
    assert db.get(Shift, created["id"]) is None and db.get(Assignment, assignment_id) is None
    events = _audit(db, created["id"])
    assert events[-1].action == "delete" and events[-1].reason == "Event cancelled"
    assert [e.action for e in _audit(db, assignment_id)][-1] == "delete"
    assert client.get(f"{BASE}/shifts/{created['id']}", headers=bearer(leader_token)).status_code == 404
    assert client.delete(f"{BASE}/shifts/{created['id']}", headers=bearer(leader_token)).status_code == 404


def test_assignments_are_listed_by_shift_person_status_and_source(client, leader_token, staff_token, db):
    bureaus, people = _ids(db)
    day = MONDAY + timedelta(days=28)
    shift = _shift(client, leader_token, bureaus["Rome"], day, 8, 16, capacity=2)
    confirmed = client.post(
        f"{BASE}/assignments",
        headers=bearer(leader_token),
        json={"shift_id": shift["id"], "employee_id": people["paolo.ricci"]},
    ).json()["assignment"]
    proposed = client.post(
        f"{BASE}/assignments",
        headers=bearer(leader_token),
        json={"shift_id": shift["id"], "employee_id": people["luca.bianchi"], "status": "proposed", "source": "ai"},
    ).json()["assignment"]

    def listed(query: str) -> list[tuple[str, str, str]]:
        response = client.get(f"{BASE}/assignments?{query}", headers=bearer(staff_token))
        assert response.status_code == 200
        return sorted(
            (a["id"], a["status"], a["source"]) for a in response.json()["items"] if a["shift_id"] == shift["id"]
        )

    assert listed(f"shift_id={shift['id']}") == sorted(
        [(confirmed["id"], "confirmed", "manual"), (proposed["id"], "proposed", "ai")]
    )
    assert listed(f"shift_id={shift['id']}&status=proposed") == [(proposed["id"], "proposed", "ai")]
    assert listed(f"shift_id={shift['id']}&source=manual") == [(confirmed["id"], "confirmed", "manual")]
    mine = client.get(f"{BASE}/assignments?employee_id={people['paolo.ricci']}", headers=bearer(staff_token)).json()
    assert mine["items"] and all(a["employee_id"] == people["paolo.ricci"] for a in mine["items"])
    assert confirmed["id"] in {a["id"] for a in mine["items"]}
    one = next(a for a in mine["items"] if a["id"] == confirmed["id"])
    assert set(one) == {"id", "shift_id", "employee_id", "source", "status", "version"}


def test_a_leave_is_moved_by_its_owner_and_audited(client, staff_token, leader_token, db):
    _, people = _ids(db)
    me = people["staff"]
    day = MONDAY + timedelta(days=35)
    created = client.post(
        f"{BASE}/availability",
        headers=bearer(staff_token),
        json={
            "employee_id": me,
            "start_time": _t(day, 0),
            "end_time": _t(day + timedelta(days=1), 0),
            "reason": "Dentist",
        },
    )
    assert created.status_code == 201, created.text
    leave = created.json()
    moved = client.patch(
        f"{BASE}/availability/{leave['id']}",
        headers=bearer(staff_token),
        json={
            "start_time": _t(day + timedelta(days=1), 0),
            "end_time": _t(day + timedelta(days=2), 0),
            "kind": "unavailable",
        },
    )
    assert moved.status_code == 200, moved.text
    assert moved.json() == {
        **leave,
        "start_time": _t(day + timedelta(days=1), 0),
        "end_time": _t(day + timedelta(days=2), 0),
        "kind": "unavailable",
    }
    db.expire_all()
    stored = db.get(Availability, leave["id"])
    assert stored.kind == "unavailable" and stored.reason == "Dentist"
    assert stored.start_at.replace(tzinfo=UTC) == datetime(*(day + timedelta(days=1)).timetuple()[:3], tzinfo=UTC)
    backwards = client.patch(
        f"{BASE}/availability/{leave['id']}", headers=bearer(staff_token), json={"end_time": _t(day, 0)}
    )
    assert backwards.status_code == 400
    db.expire_all()
    assert db.get(Availability, leave["id"]).end_at.replace(tzinfo=UTC) == datetime(
        *(day + timedelta(days=2)).timetuple()[:3], tzinfo=UTC
    )
    events = _audit(db, leave["id"])
    assert [e.action for e in events] == ["create", "update"] and events[-1].after["kind"] == "unavailable"
    assert (
        client.patch(
            f"{BASE}/availability/no-such-leave", headers=bearer(leader_token), json={"kind": "leave"}
        ).status_code
        == 404
    )
    client.delete(f"{BASE}/availability/{leave['id']}", headers=bearer(staff_token))
