"""Concurrent writes over real HTTP: ten requests at once, each on its own connection.

Where only one of them can succeed, exactly one does, the others answer 409 in the route
family's body, and the database afterwards holds exactly the winner's change."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import httpx
from sqlmodel import select

from shiftapp.models import Assignment, Bureau, Employee, Preference, Shift
from tests.integration.conftest import bearer

RACERS = 10
RACE_DAY = date.today() + timedelta(days=120)  # clear of the demo month and the other tests' days


def _race(base_url: str, send: Callable[[httpx.Client, int], httpx.Response]) -> list[httpx.Response]:
    """Run `send(client, i)` for i in 0..RACERS-1, all released at the same moment."""
    start = threading.Barrier(RACERS)
    answers: list[httpx.Response | BaseException] = [None] * RACERS  # type: ignore[list-item]

    def racer(i: int) -> None:
        with httpx.Client(base_url=base_url, timeout=60) as client:
            client.get("/openapi.json")  # open the connection before the start
            start.wait()
            try:
                answers[i] = send(client, i)
            except BaseException as error:
                answers[i] = error

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(a, httpx.Response) for a in answers), answers
    return answers  # type: ignore[return-value]


def _statuses(answers: list[httpx.Response]) -> list[int]:
    return sorted(a.status_code for a in answers)


def _new_person(client: httpx.Client, admin_token: str) -> dict:
    email = f"racer.{uuid.uuid4().hex[:10]}@example.com"
    created = client.post(
        "/api/employees", headers=bearer(admin_token), json={"email": email, "full_name": "Race Runner"}
    )
    assert created.status_code == 201, created.text
    return created.json()["employee"]


def _iso(day: date, hour: int) -> str:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _bureau_id(db) -> str:
    return db.exec(select(Bureau.id).order_by(Bureau.name)).first()


def test_concurrent_employee_updates_with_one_version_let_exactly_one_through(
    base_url, client, admin_token, leader_token, db
):
    person = _new_person(client, admin_token)
    version = person["version"]

    def update(racer: httpx.Client, i: int) -> httpx.Response:
        return racer.put(
            f"/api/employees/{person['id']}",
            headers={**bearer(leader_token), "If-Match": f'"{version}"'},
            json={"title": f"Edit {i}", "version": version},
        )

    answers = _race(base_url, update)
    assert _statuses(answers) == [200] + [409] * (RACERS - 1), [a.text for a in answers]
    assert all("error" in a.json() for a in answers if a.status_code == 409)
    winner = next(a for a in answers if a.status_code == 200).json()["employee"]
    db.expire_all()
    stored = db.get(Employee, person["id"])
    assert stored.version == version + 1
    assert winner["version"] == version + 1 and winner["role"] == stored.title


def test_concurrent_bookings_of_one_person_on_overlapping_windows_book_exactly_one(
    base_url, client, admin_token, leader_token, db
):
    person = _new_person(client, admin_token)
    bureau_id = _bureau_id(db)

    def book(racer: httpx.Client, i: int) -> httpx.Response:
        # Every window overlaps every other one (all contain 12:00-13:00).
        return racer.post(
            "/api/shifts",
            headers=bearer(leader_token),
            json={
                "bureau_id": bureau_id,
                "employee_id": person["id"],
                "start_time": _iso(RACE_DAY, 4 + i % 8),
                "end_time": _iso(RACE_DAY, 13 + i % 8),
            },
        )

    answers = _race(base_url, book)
    assert _statuses(answers) == [201] + [409] * (RACERS - 1), [a.text for a in answers]
    db.expire_all()
    held = db.exec(
        select(Shift).join(Assignment, Assignment.shift_id == Shift.id).where(Assignment.employee_id == person["id"])
    ).all()
    assert len(held) == 1


def test_concurrent_moves_onto_one_day_leave_the_person_booked_once_that_day(
    base_url, client, admin_token, leader_token, db
):
    person = _new_person(client, admin_token)
    bureau_id = _bureau_id(db)
    shift_ids = []
    for i in range(RACERS):
        day = RACE_DAY + timedelta(days=2 + i)
        created = client.post(
            "/api/shifts",
            headers=bearer(leader_token),
            json={
                "bureau_id": bureau_id,
                "employee_id": person["id"],
                "start_time": _iso(day, 8),
                "end_time": _iso(day, 16),
            },
        )
        assert created.status_code == 201, created.text
        shift_ids.append(created.json()["shift"]["id"])
    target = RACE_DAY + timedelta(days=1)

    def move(racer: httpx.Client, i: int) -> httpx.Response:
        return racer.patch(
            f"/api/shifts/{shift_ids[i]}", headers=bearer(leader_token), json={"date": target.isoformat()}
        )

    answers = _race(base_url, move)
    assert _statuses(answers) == [200] + [409] * (RACERS - 1), [a.text for a in answers]
    db.expire_all()
    starts = [s.start_at.date() for s in db.exec(select(Shift).where(Shift.id.in_(shift_ids)))]
    assert starts.count(target) == 1


def test_concurrent_confirmations_of_one_preference_version_confirm_once(
    base_url, client, admin_token, leader_token, db
):
    person = _new_person(client, admin_token)
    saved = client.put(
        f"/api/employees/{person['id']}/preferences",
        headers=bearer(admin_token),
        json={"preferred_days": ["Monday"], "max_shifts_per_week": 4},
    )
    assert saved.status_code == 200, saved.text
    db.expire_all()
    version = db.exec(select(Preference.version).where(Preference.employee_id == person["id"])).one()

    def confirm(racer: httpx.Client, i: int) -> httpx.Response:
        return racer.post(
            f"/api/employees/{person['id']}/preferences/confirm",
            headers={**bearer(leader_token), "If-Match": f'"{version}"'},
        )

    answers = _race(base_url, confirm)
    assert _statuses(answers) == [200] + [409] * (RACERS - 1), [a.text for a in answers]
    db.expire_all()
    stored = db.exec(select(Preference).where(Preference.employee_id == person["id"])).one()
    assert stored.confirmed and stored.version == version + 1
