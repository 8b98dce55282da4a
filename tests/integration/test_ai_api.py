"""Seed 002 AI Scheduling over real HTTP (no API key: deterministic mode): a generated month
saved through the API has zero hard conflicts by the rule engine; conflicting saves are refused;
fixes come from the rule engine; only team leaders and admins generate."""
from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from shiftapp.models import Bureau, Shift, StoredConflict
from shiftapp.rules import evaluate
from shiftapp.services.snapshots import rule_settings, staff_plan
from tests.integration.conftest import bearer

PATTERNS = [{"name": "Morning Shift", "start_time": "08:00", "end_time": "16:00",
             "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]},
            {"name": "Afternoon Shift", "start_time": "14:00", "end_time": "22:00",
             "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]}]


def _rome(db) -> str:
    db.expire_all()
    return db.exec(select(Bureau).where(Bureau.name == "Rome")).one().id


def test_staff_cannot_generate(client, staff_token, db):
    response = client.post("/api/ai/generate-schedule", headers=bearer(staff_token), json={
        "bureau_id": _rome(db), "start_date": "2030-01-01", "end_date": "2030-01-31", "shift_patterns": PATTERNS})
    assert response.status_code == 403
    assert response.json()["error"] == "Only team leaders and administrators can generate schedules"


def test_generated_month_saved_through_the_api_has_no_hard_conflicts(client, leader_token, db):
    start = date.today() + timedelta(days=200)
    start -= timedelta(days=start.weekday())
    end = start + timedelta(days=27)
    generated = client.post("/api/ai/generate-schedule", headers=bearer(leader_token), json={
        "bureau_id": _rome(db), "start_date": start.isoformat(), "end_date": end.isoformat(),
        "shift_patterns": PATTERNS, "constraints": {"min_senior_per_shift": 0, "max_shifts_per_week": 5,
                                                    "respect_preferences": True, "avoid_back_to_back": True}})
    assert generated.status_code == 200, generated.text
    body = generated.json()
    schedule = body["schedule"]
    assert body["saved"] is False and body["shift_ids"] == []
    assert schedule["summary"]["conflicts_detected"] == 0
    generated_rows = schedule["generated_shifts"]
    assert schedule["summary"]["total_shifts"] == len(generated_rows)
    slots = {(g["date"], g["start_time"]) for g in generated_rows}
    assert len(slots) == 40, sorted(slots)  # every weekday pattern staffed
    assert "solver" in schedule["ai_notes"]
    assert isinstance(body["unconfirmed_preferences_count"], int)
    shifts = [{"date": g["date"], "start_time": g["start_time"], "end_time": g["end_time"], "bureau": g["bureau"],
               "assigned_to": g["employee_name"], "shift_type": g["shift_type"]} for g in schedule["generated_shifts"]]
    saved = client.post("/api/ai/save-schedule", headers=bearer(leader_token), json={"schedule": {"shifts": shifts}})
    assert saved.status_code == 200, saved.text
    assert saved.json()["saved_shifts"] == len(shifts) and len(saved.json()["shift_ids"]) == len(shifts)
    db.expire_all()
    first = db.get(Shift, saved.json()["shift_ids"][0])
    plan = staff_plan(db, start=first.start_at, end=first.start_at + timedelta(days=28))
    hard = [c for c in evaluate(plan, rule_settings()) if c.severity == "hard"
            and set(c.shift_ids) & set(saved.json()["shift_ids"])]
    assert hard == []
    # Saving the same schedule again double-books everyone: refused, nothing written.
    again = client.post("/api/ai/save-schedule", headers=bearer(leader_token), json={"schedule": {"shifts": shifts[:3]}})
    assert again.status_code == 409
    assert again.json()["error"].startswith("Schedule has") and again.json()["conflicts"][0]["type"] == "Double Booking"


def test_save_rejects_unknown_people(client, leader_token):
    response = client.post("/api/ai/save-schedule", headers=bearer(leader_token), json={"schedule": {"shifts": [
        {"date": "2030-02-01", "start_time": "08:00", "end_time": "16:00", "bureau": "Rome", "assigned_to": "Nobody"}]}})
    assert response.status_code == 400 and "unknown employee" in response.json()["error"]


def test_resolve_conflict_suggests_and_applies_a_rule_checked_fix(client, leader_token, db):
    db.expire_all()
    conflict = db.exec(select(StoredConflict).where(StoredConflict.rule_code == "double_booking",
                                                    StoredConflict.status == "unresolved")).first()
    response = client.post("/api/ai/resolve-conflict", headers=bearer(leader_token),
                           json={"conflict_id": conflict.id, "apply": True})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["suggestions"] and body["suggestions"][0]["action"] in ("reassign", "adjust_time")
    assert body["applied"] is True and body["resolution_details"]["action_taken"] == body["suggestions"][0]["action"]
    db.expire_all()
    assert db.get(StoredConflict, conflict.id).status == "resolved"


def test_status_and_chatbot_in_fallback_mode(client, staff_token):
    status = client.get("/api/ai/status", headers=bearer(staff_token)).json()
    assert status["api_key_configured"] is False and status["mode"] == "fallback"
    reply = client.post("/api/ai/chatbot", headers=bearer(staff_token),
                        json={"question": "How do I create a new shift?", "history": []}).json()
    assert "**Schedule**" in reply["answer"]
