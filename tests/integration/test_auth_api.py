"""Seed 002 Authentication and User Profile API over real HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from shiftapp.models import AuthSession, Employee
from shiftapp.models.common import utcnow
from shiftapp.services.auth import hash_token
from tests.integration.conftest import DEMO_PASSWORD, bearer, login


def _session_count(db) -> int:
    db.expire_all()
    return db.exec(select(func.count()).select_from(AuthSession)).one()


def test_login_returns_token_and_user_with_api_version_header(client):
    response = client.post("/api/auth/login", json={"email": "leader@example.com", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert response.headers["X-API-Version"] == "1.6.0"
    body = response.json()
    assert len(body["token"]) >= 43  # 256 random bits, url-safe base64
    assert body["user"]["email"] == "leader@example.com"
    assert body["user"]["role"] == "scheduler"
    assert body["user"]["bureau_id"]


def test_token_is_stored_only_as_a_hash(client, db):
    token = login(client, "staff@example.com")["token"]
    db.expire_all()
    stored = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).one()
    assert stored.token_hash != token
    assert db.exec(select(AuthSession).where(AuthSession.token_hash == token)).first() is None


def test_wrong_password_is_401_in_the_seed_error_body_and_writes_nothing(client, db):
    before = _session_count(db)
    response = client.post("/api/auth/login", json={"email": "leader@example.com", "password": "wrong-password"})
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"error", "code", "details"}
    assert body["error"] == "Invalid email or password"
    assert _session_count(db) == before


def test_unknown_email_reads_like_a_wrong_password(client):
    response = client.post("/api/auth/login", json={"email": "nobody@example.com", "password": "whatever-123"})
    assert response.status_code == 401
    assert response.json()["error"] == "Invalid email or password"


def test_missing_fields_are_400_validation_error(client):
    response = client.post("/api/auth/login", json={"email": "leader@example.com"})
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert "password" in response.json()["error"].lower()


def test_malformed_json_is_400_not_500(client):
    response = client.post(
        "/api/auth/login", content=b'{"email": "x@example.com", ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert "JSON" in body["error"]


def test_session_route_needs_a_token(client):
    response = client.get("/api/auth/session")
    assert response.status_code == 401
    assert response.json()["code"] == "AUTH_REQUIRED"


def test_garbage_token_is_invalid_token(client):
    response = client.get("/api/auth/session", headers=bearer("not-a-token"))
    assert response.status_code == 401
    assert response.json()["code"] == "INVALID_TOKEN"


def test_session_returns_current_user(client, staff_token):
    response = client.get("/api/auth/session", headers=bearer(staff_token))
    assert response.status_code == 200
    assert response.json()["user"]["email"] == "staff@example.com"


def test_logout_revokes_the_token(client):
    token = login(client, "staff@example.com")["token"]
    assert client.post("/api/auth/logout", headers=bearer(token)).json() == {"message": "Logged out successfully"}
    response = client.get("/api/auth/session", headers=bearer(token))
    assert response.status_code == 401
    assert response.json()["code"] == "INVALID_TOKEN"


def test_expired_token_is_refused(client, db):
    token = login(client, "staff@example.com")["token"]
    stored = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).one()
    stored.expires_at = utcnow() - timedelta(seconds=1)
    db.add(stored)
    db.commit()
    assert client.get("/api/auth/session", headers=bearer(token)).status_code == 401


def test_idle_token_is_refused(client, db):
    token = login(client, "staff@example.com")["token"]
    stored = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).one()
    stored.last_seen_at = utcnow() - timedelta(days=2)
    db.add(stored)
    db.commit()
    response = client.get("/api/auth/session", headers=bearer(token))
    assert response.status_code == 401
    assert "inactivity" in response.json()["error"]


def test_deactivated_user_loses_sessions_and_cannot_sign_in(client, db, admin_token):
    signup = client.post(
        "/api/auth/signup",
        headers=bearer(admin_token),
        json={"email": "temp.person@example.com", "password": "long-enough-1", "full_name": "Temp Person"},
    )
    assert signup.status_code == 201, signup.text
    token = login(client, "temp.person@example.com", "long-enough-1")["token"]
    person = db.exec(select(Employee).where(Employee.email == "temp.person@example.com")).one()
    person.status = "inactive"
    db.add(person)
    db.commit()
    assert client.get("/api/auth/session", headers=bearer(token)).status_code == 401
    assert (
        client.post(
            "/api/auth/login", json={"email": "temp.person@example.com", "password": "long-enough-1"}
        ).status_code
        == 401
    )


def test_signup_is_closed_without_an_admin(client, db):
    response = client.post(
        "/api/auth/signup", json={"email": "walk.in@example.com", "password": "long-enough-1", "full_name": "Walk In"}
    )
    assert response.status_code == 403
    db.expire_all()
    assert db.exec(select(Employee).where(Employee.email == "walk.in@example.com")).first() is None


def test_staff_cannot_sign_up_a_manager(client, staff_token):
    response = client.post(
        "/api/auth/signup",
        headers=bearer(staff_token),
        json={"email": "boss@example.com", "password": "long-enough-1", "full_name": "Boss", "role": "manager"},
    )
    assert response.status_code == 403


def test_admin_signs_up_a_manager_and_duplicate_email_is_409(client, admin_token):
    body = {
        "email": "new.manager@example.com",
        "password": "a" * 64,
        "full_name": "New Manager",
        "role": "manager",
        "shift_role": "editor",
    }
    first = client.post("/api/auth/signup", headers=bearer(admin_token), json=body)
    assert first.status_code == 201, first.text
    assert first.json()["user"]["email"] == "new.manager@example.com"
    assert login(client, "new.manager@example.com", "a" * 64)["user"]["role"] == "manager"
    again = client.post("/api/auth/signup", headers=bearer(admin_token), json=body)
    assert again.status_code == 409
    assert again.json()["code"] == "CONFLICT"


def test_signup_rejects_short_password(client, admin_token):
    response = client.post(
        "/api/auth/signup",
        headers=bearer(admin_token),
        json={"email": "short.pw@example.com", "password": "1234567", "full_name": "Short Pw"},
    )
    assert response.status_code == 400
    assert "8 characters" in response.json()["error"]


def test_profile_read_and_update(client, staff_token):
    me = client.get("/api/users/me", headers=bearer(staff_token)).json()["user"]
    assert me["bureau"] == "Rome" and me["role"] == "staff"
    response = client.put(
        "/api/users/me", headers=bearer(staff_token), json={"full_name": "Sofia R. Romano", "phone": "+39 06 9876 5432"}
    )
    assert response.status_code == 200
    assert response.json()["message"] == "Profile updated successfully"
    assert response.json()["user"]["full_name"] == "Sofia R. Romano"
    client.put("/api/users/me", headers=bearer(staff_token), json={"full_name": "Sofia Romano"})


def test_profile_update_rejects_short_name_and_keeps_old(client, staff_token):
    response = client.put("/api/users/me", headers=bearer(staff_token), json={"full_name": "S"})
    assert response.status_code == 400
    assert response.json()["error"] == "Full name must be at least 2 characters long"
    assert client.get("/api/users/me", headers=bearer(staff_token)).json()["user"]["full_name"] != "S"


def test_password_change_rules_and_revocation(client, admin_token):
    client.post(
        "/api/auth/signup",
        headers=bearer(admin_token),
        json={"email": "pw.changer@example.com", "password": "first-password", "full_name": "Pw Changer"},
    )
    other_session = login(client, "pw.changer@example.com", "first-password")["token"]
    token = login(client, "pw.changer@example.com", "first-password")["token"]
    short = client.put(
        "/api/users/me/password",
        headers=bearer(token),
        json={"current_password": "first-password", "new_password": "short"},
    )
    assert short.status_code == 400
    assert short.json()["error"] == "New password must be at least 8 characters long"
    wrong = client.put(
        "/api/users/me/password",
        headers=bearer(token),
        json={"current_password": "not-it-at-all", "new_password": "second-password"},
    )
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "Current password is incorrect"
    ok = client.put(
        "/api/users/me/password",
        headers=bearer(token),
        json={"current_password": "first-password", "new_password": "second-password"},
    )
    assert ok.status_code == 200
    assert client.get("/api/auth/session", headers=bearer(token)).status_code == 200
    assert client.get("/api/auth/session", headers=bearer(other_session)).status_code == 401
    login(client, "pw.changer@example.com", "second-password")


def test_team_leader_flag_read_by_anyone_set_only_by_admin(client, staff_token, admin_token, db):
    target = db.exec(select(Employee).where(Employee.email == "marco.rossi@example.com")).one()
    read = client.get(f"/api/users/{target.id}/team-leader", headers=bearer(staff_token))
    assert read.status_code == 200 and read.json()["is_team_leader"] is False
    refused = client.put(
        f"/api/users/{target.id}/team-leader", headers=bearer(staff_token), json={"is_team_leader": True}
    )
    assert refused.status_code == 403
    assert refused.json()["error"] == "Only administrators can designate team leaders"
    granted = client.put(
        f"/api/users/{target.id}/team-leader", headers=bearer(admin_token), json={"is_team_leader": True}
    )
    assert granted.status_code == 200
    assert granted.json()["message"] == "Marco Rossi is now a team leader"
    client.put(f"/api/users/{target.id}/team-leader", headers=bearer(admin_token), json={"is_team_leader": False})


def test_unknown_user_is_404(client, staff_token):
    response = client.get("/api/users/does-not-exist/team-leader", headers=bearer(staff_token))
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_unknown_route_is_404_in_error_body(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_openapi_lists_auth_routes(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/auth/login",
        "/api/auth/signup",
        "/api/auth/logout",
        "/api/auth/session",
        "/api/users/me",
        "/api/users/me/password",
        "/api/users/{user_id}/team-leader",
    ):
        assert path in paths


def test_a_malformed_write_is_a_400_when_the_token_is_due_a_last_seen_update(client, db):
    """The authorise-first check of a malformed body reads the token in a unit of its own while the
    request's writing unit holds SQLite's write lock: it must not try to record the token's use there
    (it waited for its own request until the busy timeout and answered 503)."""
    token = login(client, "leader@example.com")["token"]
    stored = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).one()
    stored.last_seen_at = utcnow() - timedelta(minutes=5)  # due a last-seen update, not idle
    db.add(stored)
    db.commit()

    response = client.post("/api/ai/save-schedule", json=[], headers=bearer(token))

    assert response.status_code == 400, response.text


def test_a_reading_request_records_the_token_use_without_keeping_the_write_lock(client, db, database_url):
    """A GET that resolves a token due a last-seen update writes it in a transaction ended at once: on
    SQLite it must not keep the file's write lock while the route goes on reading (every writer waited)."""
    import sqlite3

    from sqlmodel import Session
    from starlette.requests import Request

    from shiftapp.api.deps import current_user
    from shiftapp.db import make_engine

    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's one write lock")
    token = login(client, "staff@example.com")["token"]
    stored = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).one()
    stored.last_seen_at = utcnow() - timedelta(minutes=5)
    db.add(stored)
    db.commit()
    engine = make_engine(database_url)
    reading = Request({"type": "http", "method": "GET", "headers": [], "path": "/api/shifts"})
    with Session(engine) as request_session:
        current_user(reading, request_session, token)
        request_session.exec(select(Employee)).all()  # the route goes on reading in its unit of work
        other_writer = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
        try:
            other_writer.execute("BEGIN IMMEDIATE")  # raises "database is locked" if the lock were kept
            other_writer.execute("ROLLBACK")
        finally:
            other_writer.close()
    engine.dispose()
    db.expire_all()
    recorded = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).one()
    assert recorded.last_seen_at > utcnow() - timedelta(minutes=1)
