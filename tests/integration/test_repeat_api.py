"""Copy and repeat over real HTTP: the preview lists exactly what the commit writes, a schedule changed
since the preview is a 409, hard conflicts refuse the batch unless forced, staff and leaders of other
bureaus are refused with nothing written, and bad or oversized input is a 400 or a 422.

Each test works in a bureau of its own with people of its own, far enough ahead that nothing of the
demo's falls in its weeks; "today" is the server's (its Date header)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from shiftapp.models import Assignment, AuditEvent, Availability, Bureau, Employee, Shift
from tests.integration.conftest import bearer, login
from tests.support import DatabaseUnchanged, server_today

ROME = ZoneInfo("Europe/Rome")
PREVIEW = "/api/v1/schedule/copy-week/preview"
COPY = "/api/v1/schedule/copy-week"
TEMPLATES_PREVIEW = "/api/v1/schedule/apply-templates/preview"
TEMPLATES = "/api/v1/schedule/apply-templates"


@pytest.fixture
def monday(client) -> date:
    """A Monday about ten weeks ahead of the server's today."""
    today = server_today(client)
    return today - timedelta(days=today.weekday()) + timedelta(weeks=10)


@pytest.fixture
def bureau(db) -> Bureau:
    row = Bureau(name=f"Repeat {uuid.uuid4().hex[:8]}", code="RPT", timezone="Europe/Rome")
    db.add(row)
    db.commit()
    return row


def _person(db, bureau: Bureau, name: str) -> Employee:
    db.expire_all()
    demo_hash = db.exec(select(Employee.password_hash).where(Employee.email == "staff@example.com")).one()
    person = Employee(
        email=f"repeat.{uuid.uuid4().hex[:10]}@example.com",
        full_name=name,
        shift_role="correspondent",
        bureau_id=bureau.id,
        password_hash=demo_hash,
    )
    db.add(person)
    db.commit()
    return person


def _at(day: date, hour: int) -> str:
    return datetime.combine(day, time(hour), tzinfo=ROME).astimezone(UTC).isoformat().replace("+00:00", "Z")


def _shift(client, token: str, bureau: Bureau, day: date, start: int, end: int, **extra) -> str:
    body = {"bureau_id": bureau.id, "start_time": _at(day, start), "end_time": _at(day, end), **extra}
    made = client.post("/api/v1/planning/shifts", headers=bearer(token), json=body)
    assert made.status_code == 201, made.text
    return made.json()["shift"]["id"]


def _bureau_shifts(db, bureau: Bureau) -> dict[str, Shift]:
    db.expire_all()
    return {s.id: s for s in db.exec(select(Shift).where(Shift.bureau_id == bureau.id))}


def test_the_commit_writes_exactly_the_preview_and_forcing_past_a_hard_conflict_is_audited(
    client, admin_token, leader_token, db, bureau, monday
):
    anna, bruno = _person(db, bureau, "Anna Copy"), _person(db, bureau, "Bruno Copy")
    _shift(client, admin_token, bureau, monday + timedelta(days=1), 8, 14, employee_ids=[anna.id])
    _shift(client, admin_token, bureau, monday + timedelta(days=2), 14, 20, employee_ids=[bruno.id])
    # Next week already holds Anna's Tuesday: that copy is skipped, not doubled.
    _shift(client, admin_token, bureau, monday + timedelta(days=8), 8, 14, employee_ids=[anna.id])
    # Bruno is on leave on the Wednesday two weeks on: copying him there is a hard conflict.
    leave_day = monday + timedelta(days=16)
    db.add(
        Availability(
            employee_id=bruno.id,
            start_at=datetime.combine(leave_day, time(0), tzinfo=ROME),
            end_at=datetime.combine(leave_day + timedelta(days=1), time(0), tzinfo=ROME),
            kind="leave",
        )
    )
    db.commit()
    request = {"bureau_id": bureau.id, "source_week": monday.isoformat(), "weeks": 2, "include_assignments": True}

    with DatabaseUnchanged(db, but_jobs=True):  # computed in a job worker: only its job row is written
        preview = client.post(PREVIEW, headers=bearer(leader_token), json=request)
    assert preview.status_code == 200, preview.text
    shown = preview.json()
    assert shown["create_count"] == 3 and shown["skipped_count"] == 1
    assert shown["skipped"][0]["reason"] == "already in the schedule"
    assert shown["skipped"][0]["date"] == (monday + timedelta(days=8)).isoformat()
    assert shown["hard_count"] == 1
    (blocked,) = [r for r in shown["rows"] if any(c["severity"] == "hard" for c in r["conflicts"])]
    assert blocked["date"] == leave_day.isoformat() and blocked["people"][0]["name"] == "Bruno Copy"
    assert [c["code"] for c in blocked["conflicts"] if c["severity"] == "hard"] == ["leave_overlap"]
    assert all((r["start_hhmm"], r["end_hhmm"]) in {("08:00", "14:00"), ("14:00", "20:00")} for r in shown["rows"])

    commit = {**request, "fingerprint": shown["fingerprint"]}
    with DatabaseUnchanged(db, but_jobs=True):
        refused = client.post(COPY, headers=bearer(leader_token), json=commit)
    assert refused.status_code == 409, refused.text
    assert [c["code"] for c in refused.json()["conflicts"]] == ["leave_overlap"]

    before = set(_bureau_shifts(db, bureau))
    done = client.post(COPY, headers=bearer(leader_token), json={**commit, "force": True, "reason": "Cover agreed"})
    assert done.status_code == 201, done.text
    outcome = done.json()
    assert outcome["created"] == 3 and outcome["assignments"] == 3 and outcome["forced"] is True
    assert outcome["conflicts_overridden"] == 1 and outcome["skipped"] == 1

    after = _bureau_shifts(db, bureau)
    made = [after[i] for i in outcome["shift_ids"]]
    assert set(after) - before == set(outcome["shift_ids"])
    people = {
        a.shift_id: a.employee_id
        for a in db.exec(select(Assignment).where(col(Assignment.shift_id).in_(outcome["shift_ids"])))
    }
    written = sorted(
        (s.start_at.isoformat().replace("+00:00", "Z"), s.end_at.isoformat().replace("+00:00", "Z"), people[s.id])
        for s in made
    )
    previewed = sorted((r["start_time"], r["end_time"], r["people"][0]["employee_id"]) for r in shown["rows"])
    assert written == previewed
    assert all(s.status == "draft" for s in made)

    batch = db.exec(select(AuditEvent).where(AuditEvent.entity_id == bureau.id, AuditEvent.action == "copy_week")).one()
    assert batch.reason == "Cover agreed" and batch.after["forced"] is True
    assert [c["code"] for c in batch.after["conflicts_overridden"]] == ["leave_overlap"]
    assert sorted(batch.after["shift_ids"]) == sorted(outcome["shift_ids"])
    per_shift = db.exec(
        select(AuditEvent).where(col(AuditEvent.entity_id).in_(outcome["shift_ids"]), AuditEvent.action == "create")
    ).all()
    assert len(per_shift) == 3 and all(e.after["batch"] == outcome["batch_id"] for e in per_shift)

    again = client.post(PREVIEW, headers=bearer(leader_token), json=request).json()
    assert again["create_count"] == 0 and again["skipped_count"] == 4


def test_a_schedule_changed_since_the_preview_is_a_409_and_writes_nothing(
    client, admin_token, leader_token, db, bureau, monday
):
    source = _shift(client, admin_token, bureau, monday + timedelta(days=3), 9, 15, capacity=2)
    request = {"bureau_id": bureau.id, "source_week": monday.isoformat(), "weeks": 1}
    shown = client.post(PREVIEW, headers=bearer(leader_token), json=request).json()
    changed = client.patch(
        f"/api/v1/planning/shifts/{source}", headers=bearer(admin_token), json={"notes": "Bring the long lens"}
    )
    assert changed.status_code == 200, changed.text
    with DatabaseUnchanged(db, but_jobs=True):
        stale = client.post(COPY, headers=bearer(leader_token), json={**request, "fingerprint": shown["fingerprint"]})
    assert stale.status_code == 409, stale.text
    assert "changed since your preview" in stale.json()["error"]
    fresh = client.post(PREVIEW, headers=bearer(leader_token), json=request).json()
    assert fresh["fingerprint"] == stale.json()["details"]["fingerprint"] != shown["fingerprint"]
    done = client.post(COPY, headers=bearer(leader_token), json={**request, "fingerprint": fresh["fingerprint"]})
    assert done.status_code == 201, done.text
    (copy,) = [_bureau_shifts(db, bureau)[i] for i in done.json()["shift_ids"]]
    assert copy.notes == "Bring the long lens" and copy.capacity == 2


def test_staff_and_leaders_of_other_bureaus_are_refused_and_nothing_is_written(
    client, admin_token, staff_token, db, bureau, monday
):
    _shift(client, admin_token, bureau, monday + timedelta(days=1), 8, 14)
    teamlead = login(client, "teamlead@example.com")["token"]  # leads Rome, not this bureau
    request = {"bureau_id": bureau.id, "source_week": monday.isoformat(), "weeks": 1}
    shown = client.post(PREVIEW, headers=bearer(admin_token), json=request).json()
    templates = {"bureau_id": bureau.id, "start_date": monday.isoformat(), "end_date": monday.isoformat()}
    with DatabaseUnchanged(db):
        for token in (staff_token, teamlead):
            assert client.post(PREVIEW, headers=bearer(token), json=request).status_code == 403
            committed = client.post(COPY, headers=bearer(token), json={**request, "fingerprint": shown["fingerprint"]})
            assert committed.status_code == 403
            assert client.post(TEMPLATES_PREVIEW, headers=bearer(token), json=templates).status_code == 403
        # Staff are refused before their input is read.
        assert client.post(PREVIEW, headers=bearer(staff_token), json={"nonsense": 1}).status_code == 403
    rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
    own = client.post(PREVIEW, headers=bearer(teamlead), json={**request, "bureau_id": rome.id})
    assert own.status_code == 200, own.text  # a team leader may, in the bureau they lead


@pytest.mark.parametrize(
    ("path", "change", "status", "words"),
    [
        (PREVIEW, {"source_week": "tuesday"}, 400, "source_week"),
        (PREVIEW, {"weeks": 0}, 400, "weeks"),
        (PREVIEW, {"weeks": 13}, 422, "at most 12"),
        (PREVIEW, {"unknown": True}, 400, "unknown"),
        (PREVIEW, {"bureau_id": "no-such-bureau"}, 400, "bureau_id"),
        (COPY, {"fingerprint": ""}, 400, "fingerprint"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_writes_nothing(
    client, leader_token, db, bureau, monday, path, change, status, words
):
    body = {"bureau_id": bureau.id, "source_week": monday.isoformat(), "weeks": 1, "fingerprint": "x", **change}
    if path == PREVIEW:
        body.pop("fingerprint")
    with DatabaseUnchanged(db):
        answer = client.post(path, headers=bearer(leader_token), json=body)
    assert answer.status_code == status, answer.text
    assert words in answer.json()["error"]


def test_a_source_week_that_is_not_a_monday_names_the_monday_to_use(client, leader_token, bureau, monday):
    answer = client.post(
        PREVIEW,
        headers=bearer(leader_token),
        json={"bureau_id": bureau.id, "source_week": (monday + timedelta(days=2)).isoformat()},
    )
    assert answer.status_code == 400
    assert "must be a Monday" in answer.json()["error"] and monday.isoformat() in answer.json()["error"]


def test_a_copy_over_the_spring_clock_change_keeps_the_local_times(client, leader_token, admin_token, db, bureau):
    today = server_today(client)
    year = today.year if today < date(today.year, 3, 1) else today.year + 1
    change = max(
        date(year, 3, 31) - timedelta(days=n)
        for n in range(7)
        if (date(year, 3, 31) - timedelta(days=n)).weekday() == 6
    )
    monday = change - timedelta(days=6)  # the week that ends with the change
    _shift(client, admin_token, bureau, monday + timedelta(days=2), 8, 14)
    shown = client.post(
        PREVIEW, headers=bearer(leader_token), json={"bureau_id": bureau.id, "source_week": monday.isoformat()}
    ).json()
    (row,) = shown["rows"]
    after = monday + timedelta(days=9)
    assert (row["date"], row["start_hhmm"], row["end_hhmm"]) == (after.isoformat(), "08:00", "14:00")
    assert row["start_time"] == f"{after.isoformat()}T06:00:00Z"  # summer time: an hour earlier in UTC


def test_templates_over_a_range_preview_then_create_then_skip_what_exists(
    client, admin_token, leader_token, db, bureau, monday
):
    made = client.post(
        "/api/v1/planning/templates",
        headers=bearer(admin_token),
        json={
            "bureau_id": bureau.id,
            "name": "Desk",
            "start_time": "08:00",
            "end_time": "14:00",
            "days": ["Monday", "Wednesday", "Friday"],
            "capacity": 2,
        },
    )
    assert made.status_code == 201, made.text
    client.post(
        "/api/v1/planning/templates",
        headers=bearer(admin_token),
        json={"bureau_id": bureau.id, "name": "Old", "start_time": "10:00", "end_time": "12:00", "active": False},
    )
    request = {
        "bureau_id": bureau.id,
        "start_date": monday.isoformat(),
        "end_date": (monday + timedelta(days=13)).isoformat(),
    }
    with DatabaseUnchanged(db, but_jobs=True):
        shown = client.post(TEMPLATES_PREVIEW, headers=bearer(leader_token), json=request)
    assert shown.status_code == 200, shown.text
    preview = shown.json()
    assert preview["create_count"] == 6 and preview["hard_count"] == 0  # the inactive template is left out
    assert {r["weekday"] for r in preview["rows"]} == {"Monday", "Wednesday", "Friday"}
    assert all(r["template_name"] == "Desk" and r["capacity"] == 2 for r in preview["rows"])
    assert preview["soft_count"] == 6  # each new shift has open places ("understaffed")

    done = client.post(TEMPLATES, headers=bearer(leader_token), json={**request, "fingerprint": preview["fingerprint"]})
    assert done.status_code == 201, done.text
    shifts = _bureau_shifts(db, bureau)
    assert len(shifts) == 6 and {s.template_id for s in shifts.values()} == {made.json()["id"]}
    assert sorted(s.start_at.isoformat().replace("+00:00", "Z") for s in shifts.values()) == sorted(
        r["start_time"] for r in preview["rows"]
    )
    again = client.post(TEMPLATES_PREVIEW, headers=bearer(leader_token), json=request).json()
    assert again["create_count"] == 0 and again["skipped_count"] == 6

    with DatabaseUnchanged(db):
        too_long = client.post(
            TEMPLATES_PREVIEW,
            headers=bearer(leader_token),
            json={**request, "end_date": (monday + timedelta(days=100)).isoformat()},
        )
        foreign = client.post(
            TEMPLATES_PREVIEW, headers=bearer(leader_token), json={**request, "template_ids": ["nope"]}
        )
        backwards = client.post(
            TEMPLATES_PREVIEW,
            headers=bearer(leader_token),
            json={**request, "end_date": (monday - timedelta(days=1)).isoformat()},
        )
    assert too_long.status_code == 422 and too_long.json()["code"] == "TOO_LARGE"
    assert foreign.status_code == 400 and "not one of" in foreign.json()["error"]
    assert backwards.status_code == 400 and "end_date" in backwards.json()["error"]
