"""Pages edit text through the same service checks as the REST API: an over-long value or a
control character gets a toast saying what is wrong, and nothing is written or sent to the AI."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from shiftapp.models import Employee, Preference
from tests.integration.conftest import login
from tests.integration.test_page_handlers_authorization import _state, app_database  # noqa: F401


def _my_preference_notes(db) -> str | None:
    db.expire_all()
    me = db.exec(select(Employee).where(Employee.email == "staff@example.com")).one()
    preference = db.exec(select(Preference).where(Preference.employee_id == me.id)).first()
    return preference.notes if preference else None


def test_preference_notes_with_a_control_character_get_a_toast_and_not_saved(app_database, client, db):
    from shiftapp.state.preferences import MyPreferencesState

    before = _my_preference_notes(db)
    state = _state(MyPreferencesState, login(client, "staff@example.com")["token"])
    MyPreferencesState.open_preferences.fn(state)
    state.notes = "Mornings only\x1b[31m"

    toast = MyPreferencesState.save.fn(state)

    assert "notes may not contain the control character U+001B" in str(toast)
    assert _my_preference_notes(db) == before


def test_over_long_preference_notes_get_a_toast_and_are_not_saved(app_database, client, db):
    from shiftapp.state.preferences import MyPreferencesState

    before = _my_preference_notes(db)
    state = _state(MyPreferencesState, login(client, "staff@example.com")["token"])
    MyPreferencesState.open_preferences.fn(state)
    state.notes = "n" * 2_001

    toast = MyPreferencesState.save.fn(state)

    assert "notes may be at most 2,000 characters" in str(toast)
    assert _my_preference_notes(db) == before


def test_an_over_long_help_question_gets_a_toast_and_no_answer(app_database, client):
    from shiftapp.state.generate import HelpState

    state = _state(HelpState, login(client, "admin@example.com")["token"])
    state.question = "q" * 1_001

    async def answered() -> list:
        return [update async for update in HelpState.ask.fn(state)]

    toast = asyncio.run(answered())

    assert "question may be at most 1,000 characters" in str(toast)
    assert state.messages == [] and not state.asking
    assert state.question == "q" * 1_001  # kept, so it can be shortened rather than retyped


def test_an_over_long_employee_search_gets_a_toast(app_database, client):
    from shiftapp.state.employees import EmployeesState

    state = _state(EmployeesState, login(client, "admin@example.com")["token"])
    EmployeesState.open_employees.fn(state)
    rows_before = list(state.rows)

    toast = EmployeesState.set_search.fn(state, "x" * 201)

    assert "search may be at most 200 characters" in str(toast)
    assert state.rows == rows_before
