"""Planning PRO v1 over real HTTP: strict schemas, rule-engine validations with normalized hard and
soft conflicts, audit rows for every mutation, publish, and the auto-assign job lifecycle."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from shiftapp.models import AuditEvent, Bureau, Employee, Job, Preference
from shiftapp.rules.staff_rules import WEEKDAY_NAMES
from tests.integration.conftest import bearer, login
from tests.support import DatabaseUnchanged, server_today

BASE = "/api/v1/planning"
FAR = date.today() + timedelta(days=120)


def _ids(db):
    db.expire_all()
    return (
        {b.name: b.id for b in db.exec(select(Bureau))},
        {e.email.split("@")[0]: e.id for e in db.exec(select(Employee))},
    )


def _a_day_they_prefer(db, employee_id: str, start: date) -> date:
    """The first day from `start` that the employee's confirmed preferences allow: the seed gives people
    preferred weekdays, and FAR's weekday moves with today's date."""
    preference = db.exec(select(Preference).where(Preference.employee_id == employee_id)).first()
    day = start
    while (
        preference is not None
        and preference.confirmed
        and preference.preferred_days
        and WEEKDAY_NAMES[day.weekday()] not in preference.preferred_days
    ):
        day += timedelta(days=1)
    return day


def _t(day: date, hour: int) -> str:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _shift(client, token, bureau, day, start, end, **extra):
    return client.post(
        f"{BASE}/shifts",
        headers=bearer(token),
        json={"bureau_id": bureau, "start_time": _t(day, start), "end_time": _t(day, end), **extra},
    )


def test_unknown_fields_are_rejected(client, leader_token, db):
    bureaus, _ = _ids(db)
    response = client.post(
        f"{BASE}/shifts",
        headers=bearer(leader_token),
        json={"bureau_id": bureaus["Milan"], "start_time": _t(FAR, 8), "end_time": _t(FAR, 16), "colour": "red"},
    )
    assert response.status_code == 400 and "colour" in response.json()["error"]


def test_templates_crud_with_audit(client, leader_token, staff_token, db):
    bureaus, _ = _ids(db)
    body = {
        "bureau_id": bureaus["Rome"],
        "name": "Night desk",
        "start_time": "22:00",
        "end_time": "06:00",
        "days": ["Friday", "Saturday"],
        "required_role": "senior",
        "capacity": 1,
    }
    with DatabaseUnchanged(db):
        assert client.post(f"{BASE}/templates", headers=bearer(staff_token), json=body).status_code == 403
    created = client.post(f"{BASE}/templates", headers=bearer(leader_token), json=body)
    assert created.status_code == 201
    template = created.json()
    assert (
        client.post(f"{BASE}/templates", headers=bearer(leader_token), json={**body, "days": ["Funday"]}).status_code
        == 400
    )
    patched = client.patch(
        f"{BASE}/templates/{template['id']}",
        headers=bearer(leader_token),
        json={"capacity": 2, "version": template["version"]},
    ).json()
    assert patched["capacity"] == 2
    assert (
        client.patch(
            f"{BASE}/templates/{template['id']}",
            headers=bearer(leader_token),
            json={"capacity": 3, "version": template["version"]},
        ).status_code
        == 409
    )
    listed = client.get(f"{BASE}/templates?bureau_id={bureaus['Rome']}", headers=bearer(leader_token)).json()["items"]
    assert any(t["id"] == template["id"] for t in listed)
    assert client.delete(f"{BASE}/templates/{template['id']}", headers=bearer(leader_token)).status_code == 204
    assert client.get(f"{BASE}/templates/{template['id']}", headers=bearer(leader_token)).status_code == 404
    audit = client.get(
        f"{BASE}/audit?entity_type=shift_template&entity_id={template['id']}", headers=bearer(leader_token)
    ).json()["items"]
    assert [a["action"] for a in audit] == ["delete", "update", "create"]


def test_shift_instance_time_window_and_soft_conflicts(client, leader_token, db):
    bureaus, people = _ids(db)
    long = _shift(client, leader_token, bureaus["Milan"], FAR, 6, 20)  # 14 h > 12 h maximum
    assert long.status_code == 409
    assert long.json()["hard"][0]["code"] == "time_window"
    created = _shift(
        client,
        leader_token,
        bureaus["Milan"],
        _a_day_they_prefer(db, people["marta.costa"], FAR),
        8,
        16,
        capacity=2,
        employee_ids=[people["marta.costa"]],
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert [c["code"] for c in body["conflicts"]["soft"]] == ["understaffed"]
    assert body["shift"]["assignments"][0]["employee_id"] == people["marta.costa"]


def test_assignment_validations_role_match_double_booking_leave_and_force(client, leader_token, db):
    bureaus, people = _ids(db)
    day = FAR + timedelta(days=2)
    senior_shift = _shift(client, leader_token, bureaus["Milan"], day, 8, 16, required_role="senior").json()["shift"]
    refused = client.post(
        f"{BASE}/assignments",
        headers=bearer(leader_token),
        json={"shift_id": senior_shift["id"], "employee_id": people["alessia.pe"]},
    )
    assert refused.status_code == 409 and refused.json()["hard"][0]["code"] == "role_match"
    # One forcing rule for every caller: force is enough, the reason is recorded when given.
    no_reason = client.post(
        f"{BASE}/assignments",
        headers=bearer(leader_token),
        json={"shift_id": senior_shift["id"], "employee_id": people["alessia.pe"], "force": True},
    )
    assert no_reason.status_code == 201, no_reason.text
    assert no_reason.json()["forced"] is True and no_reason.json()["conflicts"]["hard"][0]["code"] == "role_match"
    db.expire_all()
    event = db.exec(select(AuditEvent).where(AuditEvent.entity_id == no_reason.json()["assignment"]["id"])).one()
    assert event.reason is None and event.actor_id == people["leader"] and event.after["forced"] is True
    assert [c["code"] for c in event.after["conflicts_overridden"]] == ["role_match"]
    next_senior_shift = _shift(
        client, leader_token, bureaus["Milan"], day + timedelta(days=1), 8, 16, required_role="senior"
    ).json()["shift"]
    forced = client.post(
        f"{BASE}/assignments",
        headers=bearer(leader_token),
        json={
            "shift_id": next_senior_shift["id"],
            "employee_id": people["alessia.pe"],
            "force": True,
            "reason": "Trainee shadowing",
        },
    )
    assert forced.status_code == 201 and forced.json()["forced"] is True
    db.expire_all()
    event = db.exec(select(AuditEvent).where(AuditEvent.entity_id == forced.json()["assignment"]["id"])).one()
    assert event.reason == "Trainee shadowing" and event.after["conflicts_overridden"][0]["code"] == "role_match"
    leave = client.post(
        f"{BASE}/availability",
        headers=bearer(leader_token),
        json={
            "employee_id": people["chiara.marino"],
            "start_time": _t(day, 0),
            "end_time": _t(day + timedelta(days=1), 0),
        },
    )
    assert leave.status_code == 201
    other = _shift(client, leader_token, bureaus["Rome"], day, 9, 17).json()["shift"]
    on_leave = client.post(
        f"{BASE}/assignments",
        headers=bearer(leader_token),
        json={"shift_id": other["id"], "employee_id": people["chiara.marino"]},
    )
    assert on_leave.status_code == 409 and on_leave.json()["hard"][0]["code"] == "leave_overlap"
    overlapping_leave = client.post(
        f"{BASE}/availability",
        headers=bearer(leader_token),
        json={"employee_id": people["chiara.marino"], "start_time": _t(day, 12), "end_time": _t(day, 20)},
    )
    assert overlapping_leave.status_code == 409
    assert client.delete(f"{BASE}/availability/{leave.json()['id']}", headers=bearer(leader_token)).status_code == 204
    ok = client.post(
        f"{BASE}/assignments",
        headers=bearer(leader_token),
        json={"shift_id": other["id"], "employee_id": people["chiara.marino"], "status": "proposed"},
    )
    assert ok.status_code == 201
    accepted = client.patch(
        f"{BASE}/assignments/{ok.json()['assignment']['id']}",
        headers=bearer(leader_token),
        json={"status": "confirmed"},
    )
    assert accepted.json()["status"] == "confirmed"
    assert (
        client.delete(f"{BASE}/assignments/{ok.json()['assignment']['id']}", headers=bearer(leader_token)).status_code
        == 204
    )


def test_rules_catalog_and_preview(client, leader_token, db):
    codes = {r["code"] for r in client.get(f"{BASE}/rules", headers=bearer(leader_token)).json()["rules"]}
    assert {"double_booking", "min_rest", "leave_overlap", "unit_capacity", "route_vehicle_limit"} <= codes
    bureaus, people = _ids(db)
    day = FAR + timedelta(days=5)
    shift = _shift(client, leader_token, bureaus["Milan"], day, 16, 23, employee_ids=[people["luca.bianchi"]]).json()
    preview = client.post(
        f"{BASE}/conflicts/preview",
        headers=bearer(leader_token),
        json={
            "changes": [
                {
                    "op": "create_shift",
                    "bureau_id": bureaus["Rome"],
                    "start_time": _t(day + timedelta(days=1), 6),
                    "end_time": _t(day + timedelta(days=1), 14),
                    "employee_ids": [people["luca.bianchi"]],
                }
            ]
        },
    )
    assert preview.status_code == 200
    assert preview.json()["valid"] is False and preview.json()["hard"][0]["code"] == "min_rest"
    assert shift["shift"]["id"]
    bad = client.post(f"{BASE}/conflicts/preview", headers=bearer(leader_token), json={"changes": [{"op": "teleport"}]})
    assert bad.status_code == 400 and "create_shift" in bad.json()["error"]
    # Each change is checked against its operation's fields: the answer names the one missing.
    unnamed = client.post(
        f"{BASE}/conflicts/preview",
        headers=bearer(leader_token),
        json={"changes": [{"op": "assign", "shift_id": shift["shift"]["id"]}]},
    )
    assert unnamed.status_code == 400 and "changes.0.assign.employee_id is required" in unnamed.json()["error"]


def test_publish_blocked_by_hard_conflicts_then_forced(client, leader_token, staff_token, db):
    bureaus, people = _ids(db)
    day = FAR + timedelta(days=9)
    _shift(client, leader_token, bureaus["Rome"], day, 8, 16, employee_ids=[people["paolo.ricci"]])
    _shift(
        client,
        leader_token,
        bureaus["Rome"],
        day,
        12,
        20,
        employee_ids=[people["paolo.ricci"]],
        force=True,
        reason="test",
    )
    body = {"bureau_id": bureaus["Rome"], "start_date": day.isoformat(), "end_date": day.isoformat()}
    with DatabaseUnchanged(db):
        assert client.post(f"{BASE}/publish", headers=bearer(staff_token), json=body).status_code == 403
    blocked = client.post(f"{BASE}/publish", headers=bearer(leader_token), json=body)
    assert blocked.status_code == 409 and blocked.json()["conflicts"][0]["code"] == "double_booking"
    forced = client.post(
        f"{BASE}/publish",
        headers=bearer(leader_token),
        json={**body, "force": True, "reason": "Editor approved the overlap"},
    ).json()
    assert forced["published"] == 2 and forced["forced"] is True
    rows = client.get(
        f"/api/shifts?start_date={day}&end_date={day}&bureau_id={bureaus['Rome']}", headers=bearer(leader_token)
    ).json()["shifts"]
    assert {r["status"] for r in rows} == {"published"}
    audit = client.get(
        f"{BASE}/audit?entity_type=schedule&entity_id={bureaus['Rome']}", headers=bearer(leader_token)
    ).json()["items"]
    assert audit[0]["action"] == "publish" and audit[0]["reason"] == "Editor approved the overlap"


def test_auto_assign_job_lifecycle_and_repeat(client, leader_token, staff_token, db):
    bureaus, _ = _ids(db)
    # Open places of the demo month, which the server seeded from its own today.
    today = server_today(client)
    start, end = today + timedelta(days=8), today + timedelta(days=14)
    body = {"bureau_id": bureaus["Milan"], "start_date": start.isoformat(), "end_date": end.isoformat()}
    with DatabaseUnchanged(db):
        assert client.post(f"{BASE}/auto-assign", headers=bearer(staff_token), json=body).status_code == 403
    first = client.post(f"{BASE}/auto-assign", headers=bearer(leader_token), json=body)
    assert first.status_code == 202
    job_id = first.json()["job_id"]
    status = {}
    for _ in range(120):
        status = client.get(f"{BASE}/auto-assign/{job_id}", headers=bearer(leader_token)).json()
        if status["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.25)
    assert status["status"] == "succeeded", status
    refused = client.get(f"{BASE}/auto-assign/{job_id}", headers=bearer(staff_token))
    assert refused.status_code == 403 and "result" not in refused.json()
    result = status["result"]
    assert result["filled"] > 0 and result["conflicts"]["hard"] == 0
    assert all(p["source"] == "auto" and p["status"] == "proposed" for p in result["proposed"])
    assert result["filled"] + sum(u["places"] for u in result["unfilled"]) == result["open_places"]
    again = client.post(f"{BASE}/auto-assign", headers=bearer(leader_token), json=body).json()
    assert again["job_id"] == job_id and again["started"] is False
    # The proposals are real rows, checked by the rule engine: no hard conflict among them.
    stored = client.get(
        "/api/conflicts?status=unresolved&severity=high&limit=500", headers=bearer(leader_token)
    ).json()["conflicts"]
    proposed_shifts = {p["shift_id"] for p in result["proposed"]}
    assert not [c for c in stored if proposed_shifts & set(c["shift_ids"])]


def test_a_job_whose_worker_stopped_is_run_again_by_a_worker(client, leader_token, db):
    # A job left running by a worker that is gone: its lease ran out long ago by any clock.
    bureaus, people = _ids(db)
    long_ago = datetime(2020, 1, 6, 9, tzinfo=UTC)
    far = server_today(client) + timedelta(days=400)
    db.add(
        Job(
            id="interrupted-job-0001",
            kind="auto_assign",
            status="running",
            params={"bureau_id": bureaus["Milan"], "start_date": far.isoformat(), "end_date": far.isoformat()},
            created_by=people["leader"],
            worker_id="gone-worker",
            attempts=1,
            lease_until=long_ago,
            heartbeat_at=long_ago,
            started_at=long_ago - timedelta(minutes=1),
        )
    )
    db.commit()
    status: dict = {}
    for _ in range(120):
        status = client.get(f"{BASE}/auto-assign/interrupted-job-0001", headers=bearer(leader_token)).json()
        if status["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.25)
    # The worker's sweep queued it again; a worker ran it to the end (a second run, not a failure).
    assert status["status"] == "succeeded" and status["attempts"] == 2, status
    assert status["result"]["open_places"] == 0
    assert client.get(f"{BASE}/auto-assign/nope", headers=bearer(leader_token)).status_code == 404


def test_audit_filters_and_paging(client, leader_token, staff_token, db):
    assert client.get(f"{BASE}/audit", headers=bearer(staff_token)).status_code == 403
    page = client.get(f"{BASE}/audit?entity_type=shift&page_size=5", headers=bearer(leader_token)).json()
    assert len(page["items"]) == 5 and page["total"] >= 5
    assert all(i["entity_type"] == "shift" for i in page["items"])
    # The audit's dates are UTC days: take the day of a change made now from the server's own
    # timestamp, so the filter is checked the same way before and after either midnight (local, UTC).
    _, people = _ids(db)
    made = client.post(
        f"{BASE}/availability",
        headers=bearer(leader_token),
        json={
            "employee_id": people["leader"],
            "start_time": _t(FAR + timedelta(days=40), 0),
            "end_time": _t(FAR + timedelta(days=41), 0),
        },
    )
    assert made.status_code == 201, made.text
    made_id = made.json()["id"]
    client.delete(f"{BASE}/availability/{made_id}", headers=bearer(leader_token))
    trail = client.get(
        f"{BASE}/audit?entity_type=availability&entity_id={made_id}", headers=bearer(leader_token)
    ).json()["items"]
    assert [i["action"] for i in trail] == ["delete", "create"]
    day = trail[-1]["at"][:10]
    dated = client.get(f"{BASE}/audit?date_from={day}&date_to={day}", headers=bearer(leader_token)).json()
    assert dated["total"] > 0 and all(i["at"].startswith(day) for i in dated["items"])
    on_the_day = client.get(
        f"{BASE}/audit?date_from={day}&date_to={day}&entity_id={made_id}", headers=bearer(leader_token)
    ).json()
    assert "create" in [i["action"] for i in on_the_day["items"]]
    day_before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    assert (
        client.get(
            f"{BASE}/audit?date_from={day_before}&date_to={day_before}&entity_id={made_id}",
            headers=bearer(leader_token),
        ).json()["total"]
        == 0
    )


def test_a_leave_reason_is_for_the_person_and_their_leaders_only(client, leader_token, db):
    _, people = _ids(db)
    marta = people["chiara.marino"]
    day = date.today() + timedelta(days=200)
    leave = client.post(
        f"{BASE}/availability",
        headers=bearer(leader_token),
        json={
            "employee_id": marta,
            "start_time": _t(day, 0),
            "end_time": _t(day + timedelta(days=1), 0),
            "reason": "Hospital appointment",
        },
    )
    assert leave.status_code == 201, leave.text
    try:

        def reasons(token: str) -> list:
            items = client.get(f"{BASE}/availability", params={"employee_id": marta}, headers=bearer(token)).json()[
                "items"
            ]
            return [i["reason"] for i in items if i["id"] == leave.json()["id"]]

        assert reasons(leader_token) == ["Hospital appointment"]
        colleague = login(client, "staff@example.com")["token"]
        assert reasons(colleague) == [None]  # the row is there (she is away), the reason is not
    finally:
        client.delete(f"{BASE}/availability/{leave.json()['id']}", headers=bearer(leader_token))
