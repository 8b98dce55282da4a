"""Employees over real HTTP: the access role and team leadership set when adding someone (above staff:
administrators only), nobody deactivating or re-roling themselves, and invitations — a one-time link
with which someone added chooses their password, then signs in."""

from __future__ import annotations

import uuid

from sqlmodel import select

from shiftapp.models import AuditEvent, Employee, Invitation
from shiftapp.services.auth import hash_token
from tests.integration.conftest import bearer, login
from tests.support import DatabaseUnchanged

GOOD_PASSWORD = "Vesuvio-at-dawn-7"


def _email(prefix: str) -> str:
    return f"{prefix}.{uuid.uuid4().hex[:8]}@example.com"


def _me(client, token) -> str:
    return client.get("/api/users/me", headers=bearer(token)).json()["user"]["id"]


def test_an_admin_adds_a_scheduler_who_leads_a_team(client, admin_token, db):
    created = client.post(
        "/api/employees",
        headers=bearer(admin_token),
        json={
            "email": _email("lea.planner"),
            "full_name": "Lea Planner",
            "access_role": "scheduler",
            "is_team_leader": True,
        },
    )
    assert created.status_code == 201, created.text
    employee = created.json()["employee"]
    assert employee["access_role"] == "scheduler" and employee["is_team_leader"] is True
    db.expire_all()
    row = db.get(Employee, employee["id"])
    assert row.access_role == "scheduler" and row.is_team_leader and row.password_hash is None


def test_a_scheduler_adds_staff_only(client, leader_token, db):
    for body, field in (
        ({"access_role": "admin"}, "access_role"),
        ({"access_role": "scheduler"}, "access_role"),
        ({"is_team_leader": True}, "is_team_leader"),
    ):
        with DatabaseUnchanged(db):
            refused = client.post(
                "/api/employees",
                headers=bearer(leader_token),
                json={"email": _email("too.much"), "full_name": "Too Much", **body},
            )
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"].startswith("Only administrators") and refused.json()["details"]["field"] == field
    with DatabaseUnchanged(db):
        bad = client.post(
            "/api/employees",
            headers=bearer(leader_token),
            json={"email": _email("bad.role"), "full_name": "Bad Role", "access_role": "owner"},
        )
    assert bad.status_code == 400 and "access_role must be one of" in bad.json()["error"]
    staff = client.post(
        "/api/employees", headers=bearer(leader_token), json={"email": _email("plain"), "full_name": "Plain Staff"}
    )
    assert staff.status_code == 201 and staff.json()["employee"]["access_role"] == "staff"
    target = staff.json()["employee"]["id"]
    with DatabaseUnchanged(db):
        promote = client.put(f"/api/employees/{target}", headers=bearer(leader_token), json={"access_role": "manager"})
    assert promote.status_code == 403 and "Only administrators" in promote.json()["error"]
    # The same values again change nothing and need no one's authority.
    same = client.put(
        f"/api/employees/{target}",
        headers=bearer(leader_token),
        json={"access_role": "staff", "is_team_leader": False, "phone": "+39 06 1"},
    )
    assert same.status_code == 200, same.text


def test_nobody_deactivates_or_re_roles_themselves(client, admin_token, leader_token, db):
    for token in (admin_token, leader_token):
        me = _me(client, token)
        with DatabaseUnchanged(db):
            refused = client.put(f"/api/employees/{me}", headers=bearer(token), json={"status": "inactive"})
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"].startswith("You cannot deactivate your own account")
        assert refused.json()["details"] == {"field": "status"}
    me = _me(client, admin_token)
    with DatabaseUnchanged(db):
        demote = client.put(f"/api/employees/{me}", headers=bearer(admin_token), json={"access_role": "staff"})
    assert demote.status_code == 403 and "your own access role" in demote.json()["error"]
    # Other changes to one's own record, and the same role given again, still work.
    fine = client.put(
        f"/api/employees/{me}", headers=bearer(admin_token), json={"access_role": "admin", "phone": "+39 06 2"}
    )
    assert fine.status_code == 200, fine.text
    assert login(client, "admin@example.com")["user"]["role"] == "admin"


def test_an_invitation_lets_someone_choose_a_password_once(client, leader_token, staff_token, db):
    email = _email("nora.invited")
    employee = client.post(
        "/api/employees", headers=bearer(leader_token), json={"email": email, "full_name": "Nora Invited"}
    ).json()["employee"]
    path = f"/api/employees/{employee['id']}/invitation"
    with DatabaseUnchanged(db):
        assert client.post(path, headers=bearer(staff_token)).status_code == 403
    first = client.post(path, headers=bearer(leader_token))
    assert first.status_code == 201, first.text
    second = client.post(path, headers=bearer(leader_token)).json()["invitation"]
    invitation = second
    assert invitation["employee_name"] == "Nora Invited" and invitation["emailed"] is False  # no SMTP here
    assert invitation["link"].endswith(f"/welcome?invitation={invitation['token']}")
    db.expire_all()
    stored = db.exec(select(Invitation).where(Invitation.employee_id == employee["id"])).all()
    assert {row.token_hash for row in stored} == {
        hash_token(first.json()["invitation"]["token"]),
        hash_token(invitation["token"]),
    }  # only hashes are kept
    audit = db.exec(select(AuditEvent).where(AuditEvent.entity_id == employee["id"], AuditEvent.action == "invite"))
    assert len(audit.all()) == 2

    accept = "/api/auth/accept-invitation"
    with DatabaseUnchanged(db):
        replaced = client.post(accept, json={"token": first.json()["invitation"]["token"], "password": GOOD_PASSWORD})
    assert replaced.status_code == 404 and "not valid" in replaced.json()["error"]  # a newer link replaced it
    for password, words in (("short", "at least 8"), ("password123", "common"), (None, "Choose a password")):
        with DatabaseUnchanged(db):
            weak = client.post(accept, json={"token": invitation["token"], "password": password})
        assert weak.status_code == 400 and words in weak.json()["error"], weak.text
    accepted = client.post(accept, json={"token": invitation["token"], "password": GOOD_PASSWORD})
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["user"]["email"] == email and accepted.json()["user"]["role"] == "staff"
    assert login(client, email, GOOD_PASSWORD)["user"]["id"] == employee["id"]

    with DatabaseUnchanged(db):
        again = client.post(accept, json={"token": invitation["token"], "password": "Another-0ne-here"})
    assert again.status_code == 404  # used once
    with DatabaseUnchanged(db):
        has_one = client.post(path, headers=bearer(leader_token))
    assert has_one.status_code == 409 and "already chosen a password" in has_one.json()["error"]


def test_only_admins_invite_people_above_staff_and_nobody_invites_the_inactive(client, admin_token, leader_token, db):
    manager = client.post(
        "/api/employees",
        headers=bearer(admin_token),
        json={"email": _email("mara.manager"), "full_name": "Mara Manager", "access_role": "manager"},
    ).json()["employee"]
    with DatabaseUnchanged(db):
        refused = client.post(f"/api/employees/{manager['id']}/invitation", headers=bearer(leader_token))
    assert refused.status_code == 403 and "Only administrators can invite Mara Manager" in refused.json()["error"]
    assert client.post(f"/api/employees/{manager['id']}/invitation", headers=bearer(admin_token)).status_code == 201

    gone = client.post(
        "/api/employees", headers=bearer(leader_token), json={"email": _email("ivo.inactive"), "full_name": "Ivo Gone"}
    ).json()["employee"]
    off = client.put(f"/api/employees/{gone['id']}", headers=bearer(leader_token), json={"status": "inactive"})
    assert off.status_code == 200
    with DatabaseUnchanged(db):
        inactive = client.post(f"/api/employees/{gone['id']}/invitation", headers=bearer(leader_token))
    assert inactive.status_code == 409 and "inactive" in inactive.json()["error"]
    with DatabaseUnchanged(db):
        nobody = client.post("/api/auth/accept-invitation", json={"token": "made-up", "password": GOOD_PASSWORD})
    assert nobody.status_code == 404


def test_deactivating_someone_ends_their_open_invitation(client, leader_token, db):
    person = client.post(
        "/api/employees", headers=bearer(leader_token), json={"email": _email("rea.later"), "full_name": "Rea Later"}
    ).json()["employee"]
    link = client.post(f"/api/employees/{person['id']}/invitation", headers=bearer(leader_token)).json()["invitation"]
    for status in ("inactive", "active"):
        changed = client.put(f"/api/employees/{person['id']}", headers=bearer(leader_token), json={"status": status})
        assert changed.status_code == 200, changed.text
    with DatabaseUnchanged(db):
        old = client.post("/api/auth/accept-invitation", json={"token": link["token"], "password": GOOD_PASSWORD})
    assert old.status_code == 404  # made active again, they need a new link
    fresh = client.post(f"/api/employees/{person['id']}/invitation", headers=bearer(leader_token)).json()["invitation"]
    accepted = client.post("/api/auth/accept-invitation", json={"token": fresh["token"], "password": GOOD_PASSWORD})
    assert accepted.status_code == 200, accepted.text
