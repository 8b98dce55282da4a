"""Seed 002 Employees, Preferences, Team Availability and Dashboard over real HTTP,
including the authorization table (each role, own record vs someone else's)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from shiftapp.models import AuditEvent, Employee, Preference
from tests.integration.conftest import bearer, login
from tests.support import DatabaseUnchanged


def _id(db, email: str) -> str:
    db.expire_all()
    return db.exec(select(Employee).where(Employee.email == email)).one().id


def test_list_employees_with_seed_fields(client, staff_token):
    body = client.get("/api/employees", headers=bearer(staff_token)).json()
    assert body["total"] >= 15
    first = body["employees"][0]
    for key in (
        "id",
        "name",
        "email",
        "phone",
        "role",
        "shift_role",
        "bureau",
        "bureau_id",
        "status",
        "team",
        "shiftsThisMonth",
        "initials",
    ):
        assert key in first
    sara = next(e for e in body["employees"] if e["email"] == "sara.rossi@example.com")
    assert sara["initials"] == "SR" and sara["bureau"] == "Rome"


@pytest.mark.parametrize(
    "query, check",
    [
        ("bureau=Milan", lambda e: e["bureau"] == "Milan"),
        ("role=senior", lambda e: e["shift_role"] == "senior"),
        ("status=active", lambda e: e["status"] == "active"),
        ("search=rossi", lambda e: "rossi" in (e["name"] + e["email"]).lower()),
    ],
)
def test_list_filters(client, staff_token, query, check):
    employees = client.get(f"/api/employees?{query}", headers=bearer(staff_token)).json()["employees"]
    assert employees and all(check(e) for e in employees)


def test_list_is_paged(client, staff_token):
    page = client.get("/api/employees?limit=5&offset=5", headers=bearer(staff_token)).json()
    assert len(page["employees"]) == 5 and page["total"] >= 15


def test_staff_cannot_create_employee(client, staff_token, db):
    with DatabaseUnchanged(db):
        response = client.post(
            "/api/employees", headers=bearer(staff_token), json={"email": "x.y@example.com", "full_name": "X Y"}
        )
    assert response.status_code == 403


def test_scheduler_creates_reads_updates_employee(client, leader_token, db):
    bureau_id = client.get("/api/users/me", headers=bearer(leader_token)).json()["user"]["bureau_id"]
    created = client.post(
        "/api/employees",
        headers=bearer(leader_token),
        json={
            "email": "new.correspondent@example.com",
            "full_name": "New Correspondent",
            "title": "Breaking News Correspondent, Italy",
            "shift_role": "correspondent",
            "bureau_id": bureau_id,
            "phone": "+39 02 1234 5678",
            "worker_id": "8012345",
            "team": "Breaking News",
            "status": "active",
        },
    )
    assert created.status_code == 201, created.text
    employee = created.json()["employee"]
    assert employee["name"] == "New Correspondent" and employee["bureau"] == "Milan"
    fetched = client.get(f"/api/employees/{employee['id']}", headers=bearer(leader_token)).json()["employee"]
    assert fetched["worker_id"] == "8012345"
    updated = client.put(
        f"/api/employees/{employee['id']}",
        headers=bearer(leader_token),
        json={"phone": "+39 02 9999 8888", "status": "on-leave"},
    )
    assert updated.status_code == 200 and updated.json()["employee"]["status"] == "on-leave"
    db.expire_all()
    actions = [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.entity_id == employee["id"]))]
    assert actions.count("create") == 1 and actions.count("update") == 1


def test_create_with_duplicate_email_is_409_and_bad_role_400(client, leader_token):
    dup = client.post(
        "/api/employees",
        headers=bearer(leader_token),
        json={"email": "sara.rossi@example.com", "full_name": "Another Sara"},
    )
    assert dup.status_code == 409
    bad = client.post(
        "/api/employees",
        headers=bearer(leader_token),
        json={"email": "bad.role@example.com", "full_name": "Bad Role", "shift_role": "chef"},
    )
    assert bad.status_code == 400 and "shift_role" in bad.json()["error"]
    missing = client.post("/api/employees", headers=bearer(leader_token), json={"full_name": "No Email"})
    assert missing.status_code == 400 and missing.json()["code"] == "VALIDATION_ERROR"


def test_staff_updates_own_phone_but_not_status_or_others(client, staff_token, db):
    me = _id(db, "staff@example.com")
    ok = client.put(f"/api/employees/{me}", headers=bearer(staff_token), json={"phone": "+39 06 1111 2222"})
    assert ok.status_code == 200 and ok.json()["employee"]["phone"] == "+39 06 1111 2222"
    marco = _id(db, "marco.rossi@example.com")
    with DatabaseUnchanged(db):
        status = client.put(f"/api/employees/{me}", headers=bearer(staff_token), json={"status": "inactive"})
        assert status.status_code == 403 and "status" in status.json()["error"]
        other = client.put(f"/api/employees/{marco}", headers=bearer(staff_token), json={"phone": "123"})
    assert other.status_code == 403


def test_stale_version_is_409_and_does_not_overwrite(client, leader_token, db):
    target = _id(db, "paolo.ricci@example.com")
    current = client.get(f"/api/employees/{target}", headers=bearer(leader_token)).json()["employee"]
    first = client.put(
        f"/api/employees/{target}",
        headers=bearer(leader_token),
        json={"title": "First edit", "version": current["version"]},
    )
    assert first.status_code == 200
    stale = client.put(
        f"/api/employees/{target}",
        headers=bearer(leader_token),
        json={"title": "Second edit", "version": current["version"]},
    )
    assert stale.status_code == 409
    assert (
        client.get(f"/api/employees/{target}", headers=bearer(leader_token)).json()["employee"]["role"] == "First edit"
    )


def test_delete_is_admin_or_manager_only_and_soft(client, leader_token, admin_token, db):
    created = client.post(
        "/api/employees", headers=bearer(admin_token), json={"email": "to.delete@example.com", "full_name": "To Delete"}
    ).json()["employee"]
    with DatabaseUnchanged(db):
        refused = client.delete(f"/api/employees/{created['id']}", headers=bearer(leader_token))
    assert refused.status_code == 403
    assert refused.json()["error"] == "Only administrators and managers can delete employees"
    deleted = client.delete(f"/api/employees/{created['id']}", headers=bearer(admin_token))
    assert deleted.json() == {"message": "Employee deleted successfully"}
    assert client.get(f"/api/employees/{created['id']}", headers=bearer(admin_token)).status_code == 404
    db.expire_all()
    row = db.get(Employee, created["id"])
    assert row is not None and row.deleted_at is not None


def test_unknown_employee_is_404(client, staff_token):
    for method, path in (
        ("GET", "/api/employees/nope"),
        ("PUT", "/api/employees/nope"),
        ("GET", "/api/employees/nope/preferences"),
    ):
        response = client.request(method, path, headers=bearer(staff_token), json={} if method == "PUT" else None)
        assert response.status_code == 404, (method, path)
        assert response.json()["code"] == "NOT_FOUND"


def test_staff_edit_resets_confirmation_and_auto_confirm_is_ignored(client, staff_token, db):
    me = _id(db, "staff@example.com")
    response = client.put(
        f"/api/employees/{me}/preferences",
        headers=bearer(staff_token),
        json={
            "preferred_days": ["Monday", "Tuesday", "Wednesday"],
            "preferred_shifts": ["Afternoon", "Evening"],
            "max_shifts_per_week": 4,
            "notes": "Prefers afternoon shifts",
            "auto_confirm": True,
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["employee_name"] == "Sofia Romano"
    assert body["confirmed"] is False and body["confirmed_by"] is None
    read = client.get(f"/api/employees/{me}/preferences", headers=bearer(staff_token)).json()["preferences"]
    assert read["preferred_days"] == ["Monday", "Tuesday", "Wednesday"] and read["max_shifts_per_week"] == 4


def test_leader_auto_confirm_confirms(client, leader_token, db):
    target = _id(db, "andrea.mandala@example.com")
    body = client.put(
        f"/api/employees/{target}/preferences",
        headers=bearer(leader_token),
        json={"preferred_days": ["Friday"], "auto_confirm": True},
    ).json()
    assert body["confirmed"] is True and body["confirmed_by_name"] == "Sabina Suzzi"


def test_staff_cannot_edit_someone_elses_preferences(client, staff_token, db):
    target = _id(db, "marco.rossi@example.com")
    with DatabaseUnchanged(db):
        response = client.put(
            f"/api/employees/{target}/preferences", headers=bearer(staff_token), json={"notes": "hijack"}
        )
    assert response.status_code == 403


def test_bad_preferences_are_400_and_nothing_changes(client, staff_token, db):
    me = _id(db, "staff@example.com")
    before = client.get(f"/api/employees/{me}/preferences", headers=bearer(staff_token)).json()["preferences"]
    for body in ({"preferred_days": ["Funday"]}, {"max_shifts_per_week": 9}, {"preferred_shifts": "Morning"}):
        response = client.put(f"/api/employees/{me}/preferences", headers=bearer(staff_token), json=body)
        assert response.status_code == 400, body
    after = client.get(f"/api/employees/{me}/preferences", headers=bearer(staff_token)).json()["preferences"]
    assert after == before


def test_confirm_requires_team_leader(client, staff_token, leader_token, db):
    target = _id(db, "gianluca.semeraro@example.com")
    with DatabaseUnchanged(db):
        refused = client.post(f"/api/employees/{target}/preferences/confirm", headers=bearer(staff_token))
    assert refused.status_code == 403
    assert refused.json()["error"] == "Only team leaders and administrators can confirm preferences"
    ok = client.post(f"/api/employees/{target}/preferences/confirm", headers=bearer(leader_token))
    assert ok.status_code == 200
    assert ok.json()["message"] == "Preferences confirmed for Gianluca Semeraro"
    assert ok.json()["preferences"]["confirmed"] is True


def test_team_availability_is_for_leaders_and_counts_add_up(client, staff_token, leader_token):
    refused = client.get("/api/team/availability", headers=bearer(staff_token))
    assert refused.status_code == 403
    body = client.get("/api/team/availability", headers=bearer(leader_token)).json()
    stats = body["stats"]
    assert stats["total"] == len(body["employees"]) == stats["confirmed"] + stats["pending"] + stats["missing"]
    assert {e["status"] for e in body["employees"]} <= {"confirmed", "pending", "missing"}
    missing = [e for e in body["employees"] if e["status"] == "missing"]
    assert all(e["preferences"] is None for e in missing)


def test_bulk_confirm_confirms_every_pending(client, staff_token, leader_token, db):
    with DatabaseUnchanged(db):
        assert client.post("/api/team/availability", headers=bearer(staff_token)).status_code == 403
    pending = client.get("/api/team/availability", headers=bearer(leader_token)).json()["stats"]["pending"]
    response = client.post("/api/team/availability", headers=bearer(leader_token)).json()
    assert response["confirmed_count"] == pending
    assert response["message"] == f"Confirmed preferences for {pending} employee(s)"
    db.expire_all()
    assert db.exec(select(Preference).where(Preference.confirmed.is_(False))).first() is None


def test_dashboard_stats_shape_and_per_bureau(client, staff_token):
    stats = client.get("/api/dashboard/stats", headers=bearer(staff_token)).json()["stats"]
    for key in (
        "totalEmployees",
        "activeEmployees",
        "totalShifts",
        "upcomingShifts",
        "unresolvedConflicts",
        "highSeverityConflicts",
        "shiftsThisWeek",
        "shiftsThisMonth",
    ):
        assert isinstance(stats[key], int)
    assert {"Milan", "Rome"} <= set(stats["bureaus"])  # other tests add bureaus of their own
    assert sum(b["employees"] for b in stats["bureaus"].values()) <= stats["totalEmployees"]
    assert stats["totalShifts"] >= stats["shiftsThisMonth"] > 0


def test_routes_need_a_token(client):
    for path in ("/api/employees", "/api/team/availability", "/api/dashboard/stats"):
        assert client.get(path).status_code == 401


def test_login_still_works_for_staff_after_people_tests(client):
    assert login(client, "staff@example.com")["user"]["role"] == "staff"
