"""Italian and English over the API: a rule engine conflict reads in Italian when the request's
Accept-Language asks for it, and exactly as before when it does not; the language a person picks is
checked by the service that saves it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from shiftapp.models import Bureau, Employee
from shiftapp.services import auth
from shiftapp.services.errors import ValidationFailed
from tests.integration.conftest import bearer

DAY = date.today() + timedelta(days=75)  # clear of the demo month and of other tests' days


def _iso(hour: int) -> str:
    return datetime(DAY.year, DAY.month, DAY.day, hour, tzinfo=UTC).isoformat().replace("+00:00", "Z")


def test_a_double_booking_reads_in_the_requested_language(client, leader_token, db):
    bureaus = {b.name: b.id for b in db.exec(select(Bureau))}
    chiara = db.exec(select(Employee).where(Employee.email == "chiara.marino@example.com")).one()
    first = client.post(
        "/api/shifts",
        headers=bearer(leader_token),
        json={"bureau_id": bureaus["Rome"], "start_time": _iso(7), "end_time": _iso(15), "employee_id": chiara.id},
    )
    assert first.status_code == 201, first.text
    clash = {"bureau_id": bureaus["Milan"], "start_time": _iso(12), "end_time": _iso(20), "employee_id": chiara.id}

    english = client.post("/api/shifts", headers=bearer(leader_token), json=clash)
    italian = client.post(
        "/api/shifts", headers={**bearer(leader_token), "Accept-Language": "it-IT,it;q=0.9"}, json=clash
    )

    assert english.status_code == italian.status_code == 409
    [en] = [c for c in english.json()["conflicts"] if c["code"] == "double_booking"]
    [it] = [c for c in italian.json()["conflicts"] if c["code"] == "double_booking"]
    assert en["description"].startswith("Chiara Marino is already scheduled ")
    assert " in Milan on " in en["description"]
    assert it["description"].startswith("Chiara Marino è già in turno ")
    assert " a Milan il " in it["description"]
    # Only the text follows the header: the body's fields and the rule's name stay as they are.
    assert set(en) == set(it) and en["type"] == it["type"] == "Double Booking"


def test_the_language_service_saves_only_a_language_the_app_speaks(db):
    person = db.exec(select(Employee).where(Employee.email == "elena.greco@example.com")).one()
    with pytest.raises(ValidationFailed, match="English or Italian"):
        auth.set_own_language(session=db, user=person, language="fr")
    assert auth.set_own_language(session=db, user=person, language="it").language == "it"
    assert auth.user_profile(db, person).language == "it"
    db.rollback()
