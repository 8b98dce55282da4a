"""The schedule's previews and writes run their rule check and write in a worker thread, off the event
loop (state/timeline.py `_off_loop`): while a confirmation is being written the loop goes on handling
events, the page says it is busy, and a second confirmation (a double click) is ignored, so the change
is written once. A refused write says why and leaves the page ready for the next change."""

from __future__ import annotations

import asyncio
import threading
from datetime import date, timedelta

from sqlmodel import select

from shiftapp.models import AuditEvent, Shift
from tests.integration.test_page_handlers_authorization import _with_reads, app_database  # noqa: F401
from tests.integration.test_timeline_edits import _shifts_on, _timeline
from tests.integration.test_timeline_forcing import _ids, _item, _shift

# Clear of the demo month and of the other timeline tests' days; a Monday.
_FAR = date.today() + timedelta(days=750)
FAR = _FAR - timedelta(days=_FAR.weekday())


async def _drain(updates) -> list:
    """What a background event sent, one event a line (an update may be a list of them)."""
    return [event async for update in updates for event in (update if isinstance(update, list) else [update])]


class _HeldWork:
    """Every change the schedule runs waits in its worker thread, before its rule check and write, until
    the test lets it go on; records the threads it ran in."""

    def __init__(self, monkeypatch):
        from shiftapp.state import timeline

        self.entered = threading.Event()
        self.release = threading.Event()
        self.threads: list[int] = []
        real = timeline.run_as_user_in_thread

        async def held(token, use_case):
            def waiting(session, user):
                self.threads.append(threading.get_ident())
                self.entered.set()
                assert self.release.wait(10), "the test never let the change go on"
                return use_case(session, user)

            return await real(token, waiting)

        monkeypatch.setattr(timeline, "run_as_user_in_thread", held)


def test_a_confirmed_add_is_written_in_a_worker_thread_and_a_second_confirm_writes_nothing(
    app_database, client, db, monkeypatch
):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR
    state = _timeline(bureaus["Milan"], day)
    TimelineState.open_add_at.fn(state, f"p:{people['elena.greco']}", f"{day}T09:40")
    _with_reads(state, TimelineState.preview_add.fn(state))
    assert state.pending_kind == "add" and not state.changing
    work = _HeldWork(monkeypatch)

    async def scenario():
        loop_thread = threading.get_ident()
        first = asyncio.create_task(_drain(TimelineState.confirm_move.fn(state)))
        # The event loop is free while the thread waits: this coroutine goes on running.
        assert await asyncio.to_thread(work.entered.wait, 30)
        assert work.threads and work.threads[0] != loop_thread
        assert state.changing  # the dialog's Confirm is disabled and aria-busy meanwhile
        # Another event is handled meanwhile, and a second Confirm (a double click) is ignored.
        TimelineState.set_force_reason.fn(state, "typed while it writes")
        assert await _drain(TimelineState.confirm_move.fn(state)) == []
        assert len(work.threads) == 1 and state.pending_kind == "add"
        work.release.set()
        return await first

    sent = asyncio.run(scenario())
    assert "Shift added" in repr(sent) and state.pending_kind == "" and not state.changing
    (shift,) = _shifts_on(db, bureaus["Milan"], day)
    audit = db.exec(select(AuditEvent).where(AuditEvent.entity_id == shift.id)).all()
    assert [a.action for a in audit] == ["create"]
    # The refresh after the change is asked for as a numbered read, and shows the new shift.
    assert state.reading and state._reload_asked == state._asked
    _with_reads(state, sent)
    assert not state.reading and any(i.shift_id == shift.id for i in state.items)
    # A confirmation arriving after the change was written finds nothing previewed: nothing more is added.
    assert _with_reads(state, TimelineState.confirm_move.fn(state)) == []
    assert len(_shifts_on(db, bureaus["Milan"], day)) == 1


def test_a_confirmed_move_clicked_twice_is_written_once(app_database, client, leader_token, db, monkeypatch):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=1)
    shift_id = _shift(client, leader_token, bureaus["Milan"], day, 9, 17, people["marco.rossi"])
    state = _timeline(bureaus["Milan"], day)
    item = _item(state, shift_id)
    later = (day + timedelta(days=1)).isoformat() + item.start[10:]
    _with_reads(state, TimelineState.item_moved.fn(state, item.id, later, item.group))
    assert state.pending_item == item.id and state.pending_conflicts == []
    db.expire_all()
    version = db.get(Shift, shift_id).version
    audited = len(db.exec(select(AuditEvent).where(AuditEvent.entity_id == shift_id)).all())
    work = _HeldWork(monkeypatch)

    async def scenario():
        first = asyncio.create_task(_drain(TimelineState.confirm_move.fn(state)))
        assert await asyncio.to_thread(work.entered.wait, 30)
        second = await _drain(TimelineState.confirm_move.fn(state))
        # A drag's preview asked for meanwhile is not taken either: it would overwrite the dialog.
        dragged = await _drain(TimelineState.item_moved.fn(state, item.id, item.start, item.group))
        work.release.set()
        return await first, second, dragged

    sent, second, dragged = asyncio.run(scenario())
    assert second == [] and dragged == [] and len(work.threads) == 1
    assert "Shift changed" in repr(sent) and state.pending_item == "" and not state.changing
    db.expire_all()
    moved = db.get(Shift, shift_id)
    assert moved.version == version + 1 and moved.start_at.date() == day + timedelta(days=1)
    assert len(db.exec(select(AuditEvent).where(AuditEvent.entity_id == shift_id)).all()) == audited + 1


def test_a_refused_confirm_says_why_keeps_the_dialog_and_leaves_the_page_ready(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=3)
    shift_id = _shift(client, leader_token, bureaus["Milan"], day, 9, 17, people["marco.rossi"])
    state = _timeline(bureaus["Milan"], day)
    _with_reads(state, TimelineState.preview_delete.fn(state, _item(state, shift_id).id))
    changed = client.put(
        f"/api/shifts/{shift_id}", headers={"Authorization": f"Bearer {leader_token}"}, json={"notes": "meanwhile"}
    )
    assert changed.status_code == 200, changed.text
    assert "changed by someone else" in repr(_with_reads(state, TimelineState.confirm_move.fn(state)))
    assert state.pending_kind == "delete" and not state.changing  # the dialog stays, ready to cancel
    db.expire_all()
    assert db.get(Shift, shift_id) is not None


def test_opening_the_schedule_again_clears_a_change_left_unfinished(app_database, client, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    state = _timeline(bureaus["Milan"], FAR)
    state.changing = True  # as a web worker stopped in the middle of a change leaves it in Redis
    TimelineState.open_add_at.fn(state, f"p:{people['elena.greco']}", f"{FAR}T09:40")
    assert _with_reads(state, TimelineState.preview_add.fn(state)) == [] and state.pending_kind == ""
    _with_reads(state, TimelineState.open_schedule.fn(state))
    assert not state.changing
    _with_reads(state, TimelineState.preview_add.fn(state))
    assert state.pending_kind == "add"
