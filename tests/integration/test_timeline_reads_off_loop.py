"""The schedule reads its rows in worker threads, off the event loop (state/timeline.py `read_rows`,
`read_block`): a handler only asks for the read. A read that a newer one overtook is never shown over
it — another group's rows, or a scroll's items asked before a change's refresh — whatever order the
threads finish in; a refused read ends in a toast and leaves the page not busy."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from tests.integration.conftest import sign_in_here
from tests.integration.test_page_handlers_authorization import _state, _with_reads, app_database  # noqa: F401
from tests.integration.test_timeline_forcing import _ids, _shift

# Clear of the demo month and of the other timeline tests' days; a Monday.
_FAR = date.today() + timedelta(days=680)
FAR = _FAR - timedelta(days=_FAR.weekday())


async def _drain(read) -> list:
    return [update async for update in read]


def _held_first_read(monkeypatch):
    """The first read to start reads at once, then waits until the test lets it finish (the others run
    straight through)."""
    from shiftapp.state import timeline

    real = timeline.run_as_user_in_thread
    gate = asyncio.Event()
    started = asyncio.Event()
    calls = []

    async def held(token, use_case):
        calls.append(use_case)
        result = await real(token, use_case)
        if len(calls) == 1:
            started.set()
            await gate.wait()
        return result

    monkeypatch.setattr(timeline, "run_as_user_in_thread", held)
    return gate, started


def test_a_handler_only_asks_for_the_read_and_the_page_is_busy_until_it_is_shown(app_database, client, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, _people = _ids(db)
    state = _state(TimelineState, sign_in_here("leader@example.com"))
    state.anchor, state.zoom, state.selected_bureaus = FAR.isoformat(), "week", [bureaus["Milan"]]
    sent = TimelineState.open_schedule.fn(state)
    assert [getattr(event, "fn", None) for event in sent][-1] is TimelineState.read_rows.fn
    assert state.reading and state.groups == []
    _with_reads(state, sent)
    assert not state.reading and state.groups and state.groups[0].id == f"open:{bureaus['Milan']}"


def test_an_older_groups_read_finishing_last_is_not_shown(app_database, client, db, monkeypatch):
    from shiftapp.state.timeline import TimelineState

    bureaus, _people = _ids(db)
    state = _state(TimelineState, sign_in_here("leader@example.com"))
    state.anchor, state.zoom, state.selected_bureaus = FAR.isoformat(), "week", [bureaus["Milan"]]
    _with_reads(state, TimelineState.open_schedule.fn(state))
    gate, started = _held_first_read(monkeypatch)

    async def scenario():
        state.bureaus = [{"id": b, "name": n} for n, b in bureaus.items()]
        TimelineState.set_bureaus.fn(state, bureaus["Rome"])
        rome = asyncio.create_task(_drain(TimelineState.read_rows.fn(state)))
        await started.wait()
        TimelineState.set_bureaus.fn(state, bureaus["Milan"])
        await _drain(TimelineState.read_rows.fn(state))  # the newer read, shown first
        assert state.selected_bureaus == [bureaus["Milan"]] and not state.reading
        gate.set()
        await rome

    asyncio.run(scenario())
    assert state.groups[0].id == f"open:{bureaus['Milan']}"
    assert not any(g.id == f"open:{bureaus['Rome']}" for g in state.groups)
    assert not state.reading


def test_a_scrolls_read_asked_before_a_changes_refresh_never_hides_the_change(app_database, client, db, monkeypatch):
    from shiftapp.state.timeline import TimelineState

    bureaus, _people = _ids(db)
    state = _state(TimelineState, sign_in_here("leader@example.com"))
    state.anchor, state.zoom, state.selected_bureaus = FAR.isoformat(), "week", [bureaus["Milan"]]
    _with_reads(state, TimelineState.open_schedule.fn(state))
    assert not [i for i in state.items if i.id.startswith("o:")]
    gate, started = _held_first_read(monkeypatch)

    async def scenario():
        # A scroll's read of the first rows (as rows_in_view asks for one in a large group), held back.
        state._asked += 1
        state._loading_rows, state.reading = [0, len(state.groups)], True
        scroll = asyncio.create_task(_drain(TimelineState.read_block.fn(state)))
        await started.wait()
        # Meanwhile a shift is added (by anyone) and the page refreshes: the new open shift shows.
        token = sign_in_here("leader@example.com")
        await asyncio.to_thread(_shift, client, token, bureaus["Milan"], FAR + timedelta(days=1), 8, 12)
        state._refresh()
        await _drain(TimelineState.read_rows.fn(state))
        assert len([i for i in state.items if i.id.startswith("o:")]) == 1
        gate.set()
        await scroll  # read before the shift was added: not shown

    asyncio.run(scenario())
    assert len([i for i in state.items if i.id.startswith("o:")]) == 1
    assert not state.reading and state._loading_rows == []


def test_a_refused_read_says_why_and_leaves_the_page_not_busy(app_database, client, db, monkeypatch):
    from shiftapp.services.errors import Forbidden
    from shiftapp.state import timeline
    from shiftapp.state.timeline import TimelineState

    bureaus, _people = _ids(db)
    state = _state(TimelineState, sign_in_here("leader@example.com"))
    state.anchor, state.zoom, state.selected_bureaus = FAR.isoformat(), "week", [bureaus["Milan"]]

    def refused(**_):
        raise Forbidden("You may not see this bureau's schedule")

    monkeypatch.setattr(timeline, "axis_rows_view", refused)
    sent = _with_reads(state, TimelineState.open_schedule.fn(state))
    assert "You may not see this bureau" in repr(sent)
    assert not state.reading and not state.groups
