"""Seed 002 AI Scheduling over real HTTP (no API key: deterministic mode): a generated month
saved through the API has zero hard conflicts by the rule engine; conflicting saves are refused;
fixes come from the rule engine; only team leaders and admins generate."""

from __future__ import annotations

import time
from datetime import date, timedelta

from sqlmodel import select

from shiftapp.models import Assignment, Bureau, Shift, StoredConflict
from shiftapp.rules import evaluate
from shiftapp.services.snapshots import rule_settings, staff_plan
from tests.integration.conftest import bearer
from tests.support import DatabaseUnchanged

PATTERNS = [
    {
        "name": "Morning Shift",
        "start_time": "08:00",
        "end_time": "16:00",
        "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    },
    {
        "name": "Afternoon Shift",
        "start_time": "14:00",
        "end_time": "22:00",
        "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    },
]


def _rome(db) -> str:
    db.expire_all()
    return db.exec(select(Bureau).where(Bureau.name == "Rome")).one().id


def test_staff_cannot_generate(client, staff_token, db):
    with DatabaseUnchanged(db):
        response = client.post(
            "/api/ai/generate-schedule",
            headers=bearer(staff_token),
            json={
                "bureau_id": _rome(db),
                "start_date": "2030-01-01",
                "end_date": "2030-01-31",
                "shift_patterns": PATTERNS,
            },
        )
    assert response.status_code == 403
    assert response.json()["error"] == "Only team leaders and administrators can generate schedules"


def test_a_range_over_the_limit_is_refused_naming_the_limit(client, leader_token, db):
    start = date(2031, 1, 6)
    with DatabaseUnchanged(db):
        response = client.post(
            "/api/ai/generate-schedule",
            headers=bearer(leader_token),
            json={
                "bureau_id": _rome(db),
                "start_date": start.isoformat(),
                "end_date": (start + timedelta(weeks=16)).isoformat(),
                "shift_patterns": PATTERNS,
                "background": True,
            },
        )
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"].startswith("Invalid date range: at most 93 days (13 weeks and 2 days, about 3 months)")
    assert "is 113 days (16 weeks and 1 day)" in body["error"]
    assert body["details"] == {"field": "end_date", "max_days": 93, "days": 113}


def test_generated_month_saved_through_the_api_has_no_hard_conflicts(client, leader_token, db):
    start = date.today() + timedelta(days=200)
    start -= timedelta(days=start.weekday())
    end = start + timedelta(days=27)
    generated = client.post(
        "/api/ai/generate-schedule",
        headers=bearer(leader_token),
        json={
            "bureau_id": _rome(db),
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "shift_patterns": PATTERNS,
            "constraints": {
                "min_senior_per_shift": 0,
                "max_shifts_per_week": 5,
                "respect_preferences": True,
                "avoid_back_to_back": True,
            },
        },
    )
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
    shifts = [
        {
            "date": g["date"],
            "start_time": g["start_time"],
            "end_time": g["end_time"],
            "bureau": g["bureau"],
            "assigned_to": g["employee_name"],
            "shift_type": g["shift_type"],
        }
        for g in schedule["generated_shifts"]
    ]
    saved = client.post("/api/ai/save-schedule", headers=bearer(leader_token), json={"schedule": {"shifts": shifts}})
    assert saved.status_code == 200, saved.text
    assert saved.json()["saved_shifts"] == len(shifts) and len(saved.json()["shift_ids"]) == len(shifts)
    db.expire_all()
    first = db.get(Shift, saved.json()["shift_ids"][0])
    plan = staff_plan(db, start=first.start_at, end=first.start_at + timedelta(days=28))
    hard = [
        c
        for c in evaluate(plan, rule_settings())
        if c.severity == "hard" and set(c.shift_ids) & set(saved.json()["shift_ids"])
    ]
    assert hard == []
    # Saving the same schedule again double-books everyone: refused, nothing written.
    again = client.post(
        "/api/ai/save-schedule", headers=bearer(leader_token), json={"schedule": {"shifts": shifts[:3]}}
    )
    assert again.status_code == 409
    assert again.json()["error"].startswith("Schedule has") and again.json()["conflicts"][0]["type"] == "Double Booking"


def test_save_rejects_unknown_people(client, leader_token):
    response = client.post(
        "/api/ai/save-schedule",
        headers=bearer(leader_token),
        json={
            "schedule": {
                "shifts": [
                    {
                        "date": "2030-02-01",
                        "start_time": "08:00",
                        "end_time": "16:00",
                        "bureau": "Rome",
                        "assigned_to": "Nobody",
                    }
                ]
            }
        },
    )
    assert response.status_code == 400 and "unknown employee" in response.json()["error"]


def test_resolve_conflict_suggests_and_applies_a_rule_checked_fix(client, leader_token, db):
    db.expire_all()
    conflict = db.exec(
        select(StoredConflict).where(
            StoredConflict.rule_code == "double_booking", StoredConflict.status == "unresolved"
        )
    ).first()
    response = client.post(
        "/api/ai/resolve-conflict", headers=bearer(leader_token), json={"conflict_id": conflict.id, "apply": True}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["suggestions"] and body["suggestions"][0]["action"] in ("reassign", "adjust_time")
    assert body["applied"] is True and body["resolution_details"]["action_taken"] == body["suggestions"][0]["action"]
    db.expire_all()
    assert db.get(StoredConflict, conflict.id).status == "resolved"


def _fixes(client, token, db, *, at_least: int, action: str | None = None) -> tuple[StoredConflict, list[dict]]:
    """An open conflict (hard ones first) with at least this many suggested fixes (of this kind, when given)."""
    db.expire_all()
    for conflict in db.exec(
        select(StoredConflict)
        .where(StoredConflict.status == "unresolved")
        .order_by(StoredConflict.severity, StoredConflict.detected_at)
    ).all():
        offered = client.post("/api/ai/resolve-conflict", headers=bearer(token), json={"conflict_id": conflict.id})
        assert offered.status_code == 200, offered.text
        suggestions = [s for s in offered.json()["suggestions"] if action in (None, s["action"])]
        if len(suggestions) >= at_least:
            return conflict, suggestions
    raise AssertionError(f"no open conflict with {at_least} suggested {action or ''} fixes")


def test_each_fix_says_what_it_changes_and_the_one_picked_is_applied(client, leader_token, db):
    conflict, suggestions = _fixes(client, leader_token, db, at_least=2)
    assert len({s["fix_id"] for s in suggestions}) == len(suggestions)
    for suggestion in suggestions:
        assert suggestion["change"] and isinstance(suggestion["conflicts_after"], list)
    picked = suggestions[-1]  # not the best one
    with DatabaseUnchanged(db):
        without_apply = client.post(
            "/api/ai/resolve-conflict",
            headers=bearer(leader_token),
            json={"conflict_id": conflict.id, "fix_id": picked["fix_id"]},
        )
    assert without_apply.status_code == 400 and "apply" in without_apply.json()["error"]
    with DatabaseUnchanged(db):
        unknown = client.post(
            "/api/ai/resolve-conflict",
            headers=bearer(leader_token),
            json={"conflict_id": conflict.id, "apply": True, "fix_id": "adjust_time:+9"},
        )
    assert unknown.status_code == 409 and "no longer applies" in unknown.json()["error"]

    applied = client.post(
        "/api/ai/resolve-conflict",
        headers=bearer(leader_token),
        json={"conflict_id": conflict.id, "apply": True, "fix_id": picked["fix_id"]},
    )
    assert applied.status_code == 200, applied.text
    assert applied.json()["applied"] is True
    assert applied.json()["resolution_details"]["action_taken"] == picked["action"]
    db.expire_all()
    assert db.get(StoredConflict, conflict.id).status == "resolved"
    if picked["action"] == "reassign":
        people = db.exec(select(Assignment.employee_id).where(Assignment.shift_id == picked["shift_id"])).all()
        assert picked["employee_id"] in people

    # A second leader, with the list they loaded before: the conflict is gone, their fix is stale.
    with DatabaseUnchanged(db):
        again = client.post(
            "/api/ai/resolve-conflict",
            headers=bearer(leader_token),
            json={"conflict_id": conflict.id, "apply": True, "fix_id": suggestions[0]["fix_id"]},
        )
    assert again.status_code == 409 and "already resolved" in again.json()["error"]


def test_fix_suggestions_read_in_the_language_the_request_asks_for(client, leader_token, db):
    conflict, english = _fixes(client, leader_token, db, at_least=1)
    with DatabaseUnchanged(db):
        asked = client.post(
            "/api/ai/resolve-conflict",
            headers={**bearer(leader_token), "Accept-Language": "it-IT,it;q=0.9"},
            json={"conflict_id": conflict.id},
        )
    assert asked.status_code == 200, asked.text
    italian = asked.json()["suggestions"]
    assert [s["fix_id"] for s in italian] == [s["fix_id"] for s in english]  # the same fixes, in other words
    for en, it in zip(english, italian, strict=True):
        assert en["description"].startswith(("Move the shift to ", "Start the shift "))
        assert it["description"].startswith(("Sposta il turno a ", "Inizia il turno "))
        assert it["rationale"] != en["rationale"] and it["change"].split(" ")[0] in (
            "lun",
            "mar",
            "mer",
            "gio",
            "ven",
            "sab",
            "dom",
        )
    assert asked.json()["ai_recommendation"] == italian[0]["description"]


def test_a_fix_the_schedule_has_overtaken_is_refused_and_changes_nothing(client, leader_token, db):
    conflict, suggestions = _fixes(client, leader_token, db, at_least=1, action="reassign")
    picked = suggestions[0]
    db.expire_all()
    target = db.get(Shift, picked["shift_id"])
    # Meanwhile the person the fix would give the shift to is booked at the same time elsewhere.
    booked = client.post(
        "/api/shifts",
        headers=bearer(leader_token),
        json={
            "bureau_id": target.bureau_id,
            "start_time": target.start_at.isoformat(),
            "end_time": target.end_at.isoformat(),
            "employee_id": picked["employee_id"],
        },
    )
    assert booked.status_code == 201, booked.text
    with DatabaseUnchanged(db):
        stale = client.post(
            "/api/ai/resolve-conflict",
            headers=bearer(leader_token),
            json={"conflict_id": conflict.id, "apply": True, "fix_id": picked["fix_id"]},
        )
    assert stale.status_code == 409, stale.text
    assert stale.json()["error"].startswith("This fix no longer applies")
    assert stale.json()["details"]["fix_id"] == picked["fix_id"]
    db.expire_all()
    assert db.get(StoredConflict, conflict.id).status == "unresolved"


def test_status_and_chatbot_in_fallback_mode(client, staff_token):
    status = client.get("/api/ai/status", headers=bearer(staff_token)).json()
    assert status["api_key_configured"] is False and status["mode"] == "fallback"
    reply = client.post(
        "/api/ai/chatbot", headers=bearer(staff_token), json={"question": "How do I create a new shift?", "history": []}
    ).json()
    assert "**Schedule**" in reply["answer"]


def _poll(client, token, url, *, until=("succeeded", "failed", "cancelled"), seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        view = client.get(url, headers=bearer(token))
        assert view.status_code == 200, view.text
        if view.json()["status"] in until or time.monotonic() > deadline:
            return view.json()
        time.sleep(0.2)


def test_generation_runs_as_a_job_with_status_and_the_same_answer(client, leader_token, staff_token, db):
    start = date.today() + timedelta(days=300)
    start -= timedelta(days=start.weekday())
    request = {
        "bureau_id": _rome(db),
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=13)).isoformat(),
        "shift_patterns": PATTERNS,
        "background": True,
        "time_limit_seconds": 20,
    }
    started = client.post("/api/ai/generate-schedule", headers=bearer(leader_token), json=request)
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["status_url"] == f"/api/ai/generate-schedule/jobs/{job['job_id']}"
    # Staff may not read a generation job (it lists everyone's shifts).
    assert client.get(job["status_url"], headers=bearer(staff_token)).status_code == 403
    view = _poll(client, leader_token, job["status_url"])
    assert view["status"] == "succeeded", view
    result = view["result"]
    assert result["schedule"]["summary"]["conflicts_detected"] == 0
    assert len({(g["date"], g["start_time"]) for g in result["schedule"]["generated_shifts"]}) == 20
    # The same request on unchanged data is the same job, not a second solve.
    again = client.post("/api/ai/generate-schedule", headers=bearer(leader_token), json=request)
    assert again.status_code == 202 and again.json()["job_id"] == job["job_id"] and again.json()["started"] is False


def test_a_stopped_generation_keeps_the_best_schedule_found(client, leader_token, db):
    start = date.today() + timedelta(days=400)
    start -= timedelta(days=start.weekday())
    # Three months, three patterns a day, every day: long enough to be stopped while it runs.
    patterns = [
        {**p, "days": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], "staff": 2}
        for p in PATTERNS
    ] + [{"name": "Night Shift", "start_time": "22:00", "end_time": "06:00", "days": ["Monday", "Saturday"]}]
    started = client.post(
        "/api/ai/generate-schedule",
        headers=bearer(leader_token),
        json={
            "bureau_id": _rome(db),
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=90)).isoformat(),
            "shift_patterns": patterns,
            "constraints": {"min_senior_per_shift": 1},
            "background": True,
            "time_limit_seconds": 120,
        },
    )
    assert started.status_code == 202, started.text
    url = started.json()["status_url"]
    # Stop once the solver has a first schedule (its progress message gives the cost so far).
    deadline = time.monotonic() + 60
    while True:
        running = client.get(url, headers=bearer(leader_token)).json()
        if (running["status"] != "running" and running["status"] != "queued") or time.monotonic() > deadline:
            break
        if "so far" in (running["message"] or ""):
            break
        time.sleep(0.2)
    assert running["status"] == "running" and "so far" in running["message"], running
    stop = client.post(url + "/stop", headers=bearer(leader_token))
    assert stop.status_code == 200, stop.text
    view = _poll(client, leader_token, url, seconds=30)
    assert view["status"] == "cancelled" and view["error"] == "Stopped on request", view
    assert view["result"]["schedule"]["summary"]["conflicts_detected"] == 0
    assert view["result"]["schedule"]["generated_shifts"]


def test_long_runs_must_be_background_jobs(client, leader_token, db):
    response = client.post(
        "/api/ai/generate-schedule",
        headers=bearer(leader_token),
        json={
            "bureau_id": _rome(db),
            "start_date": "2031-01-06",
            "end_date": "2031-01-19",
            "shift_patterns": PATTERNS,
            "time_limit_seconds": 300,
        },
    )
    assert response.status_code == 400
    assert "background" in response.json()["error"]
