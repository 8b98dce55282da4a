"""The plan board, the loads page and team availability open with one event that only asks for their
read; the read runs in a worker thread from a background event (state/plans.py `read_board`,
`read_table`; state/preferences.py `read_team`), so the event loop handles other events while it runs.
Reads are numbered: one that a newer read overtook is never shown over it, whatever order the threads
finish in, and the page is busy (aria-busy) until the newest is shown."""

from __future__ import annotations

import asyncio
import threading

from sqlmodel import select

from shiftapp.models import Employee
from tests.integration.conftest import sign_in_here
from tests.integration.test_page_handlers_authorization import _at, _state, app_database  # noqa: F401

NO_SUCH_ORDER = "zz-no-such-order-zz"


async def _drain(read) -> list:
    return [update async for update in read]


async def _until(event: threading.Event) -> None:
    while not event.is_set():
        await asyncio.sleep(0.01)


def _held_first_call(monkeypatch, owner, name: str) -> tuple[threading.Event, threading.Event]:
    """The first call of `owner.name` (a read that runs in a worker thread) reads at once, then waits in
    its thread until the test lets it finish; later calls run straight through."""
    real = getattr(owner, name)
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def held(*args, **kwargs):
        calls.append(1)
        result = real(*args, **kwargs)
        if len(calls) == 1:
            started.set()
            assert release.wait(timeout=60), "the test never let the held read finish"
        return result

    monkeypatch.setattr(owner, name, held)
    return started, release


def _asked(cls, sent) -> list:
    """The handlers of `cls` among the events an opener sent back (the reads it asked for)."""
    own = {h.fn for h in cls.event_handlers.values()}
    return [event.fn for event in (sent if isinstance(sent, list) else [sent]) if getattr(event, "fn", None) in own]


# ------------------------------------------------------------------ the plan board
def _board(db):
    from shiftapp.models import Plan
    from shiftapp.state.plans import PlanBoardState

    db.expire_all()
    plan = db.exec(select(Plan).where(Plan.plan_name == "Next week's deliveries")).one()
    state = _state(PlanBoardState, sign_in_here("leader@example.com"))
    _at(state, f"/plans/{plan.id}")
    return state, plan


def test_the_board_opens_asking_for_its_read_and_is_busy_until_it_is_shown(app_database, client, db):
    from shiftapp.state.plans import PlanBoardState

    state, plan = _board(db)
    sent = PlanBoardState.open_board.fn(state)
    assert _asked(PlanBoardState, sent) == [PlanBoardState.read_board.fn]
    assert state.reading and state.units == [] and state.plan == {} and state.user_email == "leader@example.com"
    asyncio.run(_drain(PlanBoardState.read_board.fn(state)))
    assert not state.reading and state.plan["plan_name"] == plan.plan_name and state.units
    assert state.unassigned_matching == state.unassigned_count > 0


def test_an_older_board_read_finishing_last_is_not_shown(app_database, client, db, monkeypatch):
    from shiftapp.state import plans
    from shiftapp.state.plans import PlanBoardState

    state, _plan = _board(db)
    started, release = _held_first_call(monkeypatch, plans, "_load_board")

    async def scenario():
        PlanBoardState.open_board.fn(state)
        opening = asyncio.create_task(_drain(PlanBoardState.read_board.fn(state)))
        await _until(started)
        # The loop is free while the read waits in its thread: a search is asked for, read and shown.
        await _drain(PlanBoardState.search_unassigned.fn(state, NO_SUCH_ORDER))
        assert state.unassigned_matching == 0 and state.unassigned_count > 0
        assert not state.reading  # the newest read is shown; the older one, still running, will not be
        release.set()
        await opening

    asyncio.run(scenario())
    assert state.unassigned_search == NO_SUCH_ORDER and state.unassigned_matching == 0
    assert state.unassigned_groups == [] and not state.reading


def test_a_change_made_after_a_read_was_asked_is_not_hidden_by_it(app_database, client, db, monkeypatch):
    """The board read before a unit's note was saved finishes after the note's own read: the note stays."""
    from shiftapp.state import plans
    from shiftapp.state.plans import PlanBoardState

    state, _plan = _board(db)
    PlanBoardState.open_board.fn(state)
    asyncio.run(_drain(PlanBoardState.read_board.fn(state)))
    unit = state.units[0]
    started, release = _held_first_call(monkeypatch, plans, "_load_board")

    async def scenario():
        expanding = asyncio.create_task(_drain(PlanBoardState.expand_unit.fn(state, unit.id)))
        await _until(started)
        await _drain(PlanBoardState.save_note.fn(state, unit.id, "Tail lift checked"))
        assert next(u for u in state.units if u.id == unit.id).notes == "Tail lift checked"
        release.set()
        await expanding

    try:
        asyncio.run(scenario())
        assert next(u for u in state.units if u.id == unit.id).notes == "Tail lift checked"
        assert not state.reading
    finally:
        asyncio.run(_drain(PlanBoardState.save_note.fn(state, unit.id, unit.notes)))


def test_a_refused_board_read_says_why_and_leaves_the_board_not_busy(app_database, client, db):
    from shiftapp.state.plans import PlanBoardState

    state, _plan = _board(db)
    _at(state, "/plans/no-such-plan")
    sent = PlanBoardState.open_board.fn(state)
    updates = asyncio.run(_drain(PlanBoardState.read_board.fn(state)))
    assert _asked(PlanBoardState, sent) and "toast" in repr(updates).lower()
    assert not state.reading and state.units == [] and state.plan == {}


# ------------------------------------------------------------------ the loads page
def test_the_loads_page_opens_asking_for_its_read(app_database, client, db):
    from shiftapp.state.plans import LoadsState

    state = _state(LoadsState, sign_in_here("admin@example.com"))
    sent = LoadsState.open_loads.fn(state)
    assert _asked(LoadsState, sent) == [LoadsState.read_table.fn]
    assert state.reading and state.sections == [] and state.user_email == "admin@example.com"
    asyncio.run(_drain(LoadsState.read_table.fn(state)))
    assert not state.reading and state.sections and state.rows_total > 0


def test_an_older_loads_read_finishing_last_is_not_shown(app_database, client, db, monkeypatch):
    from shiftapp.state import plans
    from shiftapp.state.plans import LoadsState

    state = _state(LoadsState, sign_in_here("admin@example.com"))
    LoadsState.open_loads.fn(state)
    asyncio.run(_drain(LoadsState.read_table.fn(state)))
    every_order = state.rows_total
    customer = state.sections[0].orders[0].customer
    started, release = _held_first_call(monkeypatch, plans.LoadsFilters, "read")

    async def scenario():
        LoadsState.open_loads.fn(state)  # the page opened again: every order, held back in its thread
        opening = asyncio.create_task(_drain(LoadsState.read_table.fn(state)))
        await _until(started)
        LoadsState.set_customer.fn(state, customer)
        await _drain(LoadsState.read_table.fn(state))
        release.set()
        await opening

    asyncio.run(scenario())
    orders = [o for s in state.sections for o in s.orders]
    assert orders and {o.customer for o in orders} == {customer}
    assert state.customer == customer and 0 < state.rows_total < every_order and not state.reading


# ------------------------------------------------------------------ team availability
def test_team_availability_opens_asking_for_its_read_and_staff_get_none_of_it(app_database, client, db):
    from shiftapp.state.preferences import TeamAvailabilityState

    leader = _state(TeamAvailabilityState, sign_in_here("leader@example.com"))
    sent = TeamAvailabilityState.open_team.fn(leader)
    assert _asked(TeamAvailabilityState, sent) == [TeamAvailabilityState.read_team.fn]
    assert leader.reading and leader.rows == []
    asyncio.run(_drain(TeamAvailabilityState.read_team.fn(leader)))
    assert not leader.reading and leader.allowed and len(leader.rows) >= 10

    staff = _state(TeamAvailabilityState, sign_in_here("staff@example.com"))
    TeamAvailabilityState.open_team.fn(staff)
    updates = asyncio.run(_drain(TeamAvailabilityState.read_team.fn(staff)))
    assert "Only team leaders" in repr(updates)
    assert not staff.allowed and staff.rows == [] and staff.stats == {} and not staff.reading


def test_a_team_read_from_before_a_confirmation_is_not_shown_over_it(app_database, client, db, monkeypatch):
    from shiftapp.state import preferences
    from shiftapp.state.preferences import TeamAvailabilityState

    leader = _state(TeamAvailabilityState, sign_in_here("leader@example.com"))
    TeamAvailabilityState.open_team.fn(leader)
    asyncio.run(_drain(TeamAvailabilityState.read_team.fn(leader)))
    pending = next(r for r in leader.rows if r["status"] == "pending")
    real = preferences.run_as_user_in_thread
    gate, started = asyncio.Event(), asyncio.Event()
    calls = 0

    async def held(token, use_case):
        # The first read (the page opening again) reads before the confirmation and then waits; the read
        # the confirmation asks for runs straight through.
        nonlocal calls
        calls += 1
        result = await real(token, use_case)
        if calls == 1:
            started.set()
            await gate.wait()
        return result

    monkeypatch.setattr(preferences, "run_as_user_in_thread", held)

    async def scenario():
        TeamAvailabilityState.open_team.fn(leader)
        opening = asyncio.create_task(_drain(TeamAvailabilityState.read_team.fn(leader)))
        await started.wait()
        sent = TeamAvailabilityState.confirm.fn(leader, pending["id"])
        # The confirmation is written at once and asks for the team again, off the loop like the opening.
        assert _asked(TeamAvailabilityState, sent) == [TeamAvailabilityState.read_team.fn]
        assert leader.reading
        await _drain(TeamAvailabilityState.read_team.fn(leader))
        assert next(r for r in leader.rows if r["id"] == pending["id"])["status"] == "confirmed"
        gate.set()
        await opening

    asyncio.run(scenario())
    assert next(r for r in leader.rows if r["id"] == pending["id"])["status"] == "confirmed"
    assert not leader.reading


def test_reading_a_persons_notes_runs_in_a_worker_thread_and_a_closed_dialog_takes_no_suggestion(
    app_database, client, db, monkeypatch
):
    from shiftapp.services import assistant
    from shiftapp.state.preferences import TeamAvailabilityState

    leader = _state(TeamAvailabilityState, sign_in_here("leader@example.com"))
    staff = db.exec(select(Employee).where(Employee.email == "staff@example.com")).one()
    TeamAvailabilityState.open_edit.fn(leader, staff.id)
    leader.edit_notes, leader.edit_max = "No nights please, at most 3 shifts a week", ""
    started, release = _held_first_call(monkeypatch, assistant, "read_preference_note")

    async def scenario(close_meanwhile: bool) -> list:
        reading = asyncio.create_task(_drain(TeamAvailabilityState.read_notes.fn(leader)))
        await _until(started)
        # The loop is free while the notes are read: other events are handled, a second click asks nothing.
        assert leader.reading_note and leader.note_reading == "Reading the notes…"
        assert await _drain(TeamAvailabilityState.read_notes.fn(leader)) == []
        TeamAvailabilityState.set_edit_confirm.fn(leader, False)
        if close_meanwhile:
            TeamAvailabilityState.close_edit.fn(leader)
        release.set()
        return await reading

    assert asyncio.run(scenario(close_meanwhile=True)) == []
    assert not leader.reading_note and leader.note_reading == "" and leader.edit_max == ""

    TeamAvailabilityState.open_edit.fn(leader, staff.id)
    leader.edit_notes, leader.edit_max = "No nights please, at most 3 shifts a week", ""
    assert asyncio.run(_drain(TeamAvailabilityState.read_notes.fn(leader))) == []
    assert not leader.reading_note and leader.note_reading.startswith("Suggested by")
    assert leader.edit_max == "3" and "Night" not in leader.edit_shifts


def test_the_help_chat_is_answered_in_a_worker_thread_once_however_often_ask_is_pressed(
    app_database, client, db, monkeypatch
):
    from shiftapp.services import assistant
    from shiftapp.state.generate import HelpState

    chat = _state(HelpState, sign_in_here("staff@example.com"))
    chat.question = "How do I ask for time off?"
    started, release = _held_first_call(monkeypatch, assistant, "ask_help")

    async def scenario() -> list:
        answering = asyncio.create_task(_drain(HelpState.ask.fn(chat)))
        await _until(started)
        assert chat.asking and chat.messages == []
        assert await _drain(HelpState.ask.fn(chat)) == []  # pressed again: nothing asked, nothing spent
        HelpState.toggle_help.fn(chat)  # the loop handles other events meanwhile
        release.set()
        return await answering

    assert asyncio.run(scenario()) == []
    assert not chat.asking and chat.question == ""
    assert [m["role"] for m in chat.messages] == ["user", "assistant"]
    assert chat.messages[0]["content"] == "How do I ask for time off?" and chat.messages[1]["content"]
