"""Editing on the schedule's time axis: add a shift on an empty cell, copy it, edit its hours, role and
person, delete it, and move several shifts together. Each is previewed by the same service call that
writes it (nothing is written before the confirmation), refused with its reasons when the rules say
so, refused as stale when the shift changed since the preview, and allowed to the bureau's team
leader and its planners only. Publish reviews what it will publish before it writes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from shiftapp.models import Assignment, AuditEvent, Shift
from tests.integration.conftest import sign_in_here
from tests.integration.test_page_handlers_authorization import _state, _with_reads, app_database  # noqa: F401
from tests.integration.test_timeline_forcing import _ids, _item, _shift
from tests.support import DatabaseUnchanged

# Clear of the demo month and the other tests' days; a Monday.
_FAR = date.today() + timedelta(days=520)
FAR = _FAR - timedelta(days=_FAR.weekday())


def _timeline(bureau_id: str, day: date, email: str = "leader@example.com"):
    from shiftapp.state.timeline import TimelineState

    state = _state(TimelineState, sign_in_here(email))
    state.anchor, state.zoom, state.selected_bureaus = day.isoformat(), "week", [bureau_id]
    _with_reads(state, TimelineState.open_schedule.fn(state))
    return state


def _shifts_on(db, bureau_id: str, day: date) -> list[Shift]:
    db.expire_all()
    return [
        s
        for s in db.exec(select(Shift).where(Shift.bureau_id == bureau_id).order_by(col(Shift.start_at)))
        if s.start_at.date() == day
    ]


def test_a_double_click_on_a_persons_day_adds_their_shift_after_the_rule_check(app_database, client, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR
    state = _timeline(bureaus["Milan"], day)
    TimelineState.open_add_at.fn(state, f"p:{people['elena.greco']}", f"{day}T09:40")
    assert state.add_open and (state.add_date, state.add_start, state.add_end) == (day.isoformat(), "09:00", "17:00")
    assert state.add_person == f"p:{people['elena.greco']}" and state.add_bureau == bureaus["Milan"]
    TimelineState.set_add_role.fn(state, "editor")
    with DatabaseUnchanged(db):
        _with_reads(state, TimelineState.preview_add.fn(state))
    assert state.pending_kind == "add" and state.pending_conflicts == []
    assert state.pending_text.startswith("Add an editor shift on") and "Elena Greco" in state.pending_text
    sent = repr(_with_reads(state, TimelineState.confirm_move.fn(state)))
    assert "Shift added" in sent and state.pending_kind == ""
    (shift,) = _shifts_on(db, bureaus["Milan"], day)
    assert shift.status == "draft" and shift.required_role == "editor" and shift.created_by == people["leader"]
    placed = db.exec(select(Assignment).where(Assignment.shift_id == shift.id)).all()
    assert [a.employee_id for a in placed] == [people["elena.greco"]]
    audit = db.exec(select(AuditEvent).where(AuditEvent.entity_id == shift.id)).all()
    assert [a.action for a in audit] == ["create"] and audit[0].actor_id == people["leader"]
    assert any(i.shift_id == shift.id for i in state.items)  # the view shows it at once


def test_the_add_button_adds_an_open_shift_and_a_hard_conflict_is_shown_before_it_is_forced(app_database, client, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=1)
    _shift(client, sign_in_here("leader@example.com"), bureaus["Milan"], day, 8, 16, people["giulia.conti"])
    state = _timeline(bureaus["Milan"], day)
    TimelineState.open_add.fn(state)
    assert state.add_person == "open" and state.add_bureau == bureaus["Milan"]
    TimelineState.set_add_date.fn(state, day.isoformat())
    TimelineState.set_add_start.fn(state, "22:00")
    TimelineState.set_add_end.fn(state, "06:00")  # ends the next morning
    _with_reads(state, TimelineState.preview_add.fn(state))
    assert state.pending_text.startswith("Add a shift on") and "an open place" in state.pending_text
    _with_reads(state, TimelineState.confirm_move.fn(state))
    night = [s for s in _shifts_on(db, bureaus["Milan"], day) if s.end_at - s.start_at == timedelta(hours=8)]
    assert any(not db.exec(select(Assignment).where(Assignment.shift_id == s.id)).all() for s in night)

    # The same person twice at once: the preview names the double booking, and nothing is written.
    TimelineState.open_add.fn(state)
    TimelineState.set_add_date.fn(state, day.isoformat())
    TimelineState.set_add_start.fn(state, "10:00")
    TimelineState.set_add_end.fn(state, "14:00")
    TimelineState.set_add_person.fn(state, f"p:{people['giulia.conti']}")
    with DatabaseUnchanged(db):
        _with_reads(state, TimelineState.preview_add.fn(state))
    assert state.pending_conflicts and state.pending_conflicts[0].startswith("Double Booking")
    TimelineState.set_force_reason.fn(state, "Handover hour")
    assert "(forced)" in repr(_with_reads(state, TimelineState.confirm_move.fn(state)))
    db.expire_all()
    forced = db.exec(
        select(AuditEvent).where(AuditEvent.entity_type == "shift", AuditEvent.reason == "Handover hour")
    ).one()
    assert forced.after["forced"] is True


def test_edit_changes_hours_role_and_person_in_one_previewed_change(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=2)
    shift_id = _shift(client, leader_token, bureaus["Milan"], day, 8, 16, people["alessia.pe"])
    state = _timeline(bureaus["Milan"], day)
    item = _item(state, shift_id)
    TimelineState.open_move.fn(state, item.id)
    assert state.move_open and state.move_role == ""
    TimelineState.set_move_role.fn(state, "correspondent")
    TimelineState.set_move_start.fn(state, item.start[11:13] + ":30")
    TimelineState.set_move_person.fn(state, f"p:{people['elena.greco']}")
    with DatabaseUnchanged(db):
        _with_reads(state, TimelineState.preview_dialog_move.fn(state))
    assert state.pending_text.startswith("Make Alessia Pe's") and "give Alessia Pe's place" in state.pending_text
    _with_reads(state, TimelineState.confirm_move.fn(state))
    db.expire_all()
    shift = db.get(Shift, shift_id)
    assert shift.required_role == "correspondent" and shift.start_at.minute == 30
    assert [a.employee_id for a in db.exec(select(Assignment).where(Assignment.shift_id == shift_id))] == [
        people["elena.greco"]
    ]
    actions = [a.action for a in db.exec(select(AuditEvent).where(AuditEvent.entity_id == shift_id))]
    assert "update" in actions, actions

    # Nothing changed is said kindly; an unknown role is refused by name.
    item = _item(state, shift_id)
    TimelineState.open_move.fn(state, item.id)
    assert "Nothing to change" in repr(_with_reads(state, TimelineState.preview_dialog_move.fn(state)))
    TimelineState.set_move_role.fn(state, "astronaut")
    assert "role must be one of" in repr(_with_reads(state, TimelineState.preview_dialog_move.fn(state)))


def test_delete_asks_first_and_a_stale_delete_is_refused(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=3)
    shift_id = _shift(client, leader_token, bureaus["Milan"], day, 9, 17, people["marco.rossi"])
    state = _timeline(bureaus["Milan"], day)
    item = _item(state, shift_id)
    with DatabaseUnchanged(db):
        _with_reads(state, TimelineState.preview_delete.fn(state, item.id))
    assert state.pending_kind == "delete" and "Marco Rossi" in state.pending_text
    # Someone changes the shift meanwhile: the confirmation is refused as stale, nothing removed.
    moved = client.put(
        f"/api/shifts/{shift_id}", headers={"Authorization": f"Bearer {leader_token}"}, json={"notes": "meanwhile"}
    )
    assert moved.status_code == 200, moved.text
    assert "changed by someone else" in repr(_with_reads(state, TimelineState.confirm_move.fn(state)))
    db.expire_all()
    assert db.get(Shift, shift_id) is not None
    _with_reads(state, TimelineState.preview_delete.fn(state, item.id))
    assert "Shift deleted" in repr(_with_reads(state, TimelineState.confirm_move.fn(state)))
    db.expire_all()
    assert db.get(Shift, shift_id) is None
    assert not db.exec(select(Assignment).where(Assignment.shift_id == shift_id)).all()
    assert db.exec(select(AuditEvent).where(AuditEvent.entity_id == shift_id, AuditEvent.action == "delete")).one()


def test_copy_puts_the_same_shift_on_the_next_day_through_the_add_preview(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=4)
    shift_id = _shift(client, leader_token, bureaus["Milan"], day, 7, 13, people["marco.rossi"], required_role="senior")
    state = _timeline(bureaus["Milan"], day)
    _with_reads(state, TimelineState.open_copy.fn(state, _item(state, shift_id).id))
    assert state.add_title == "Copy this shift" and state.add_date == (day + timedelta(days=1)).isoformat()
    assert state.add_role == "senior" and state.add_person == f"p:{people['marco.rossi']}"
    _with_reads(state, TimelineState.preview_add.fn(state))
    _with_reads(state, TimelineState.confirm_move.fn(state))
    (copy,) = _shifts_on(db, bureaus["Milan"], day + timedelta(days=1))
    original = db.get(Shift, shift_id)
    assert copy.start_at - original.start_at == timedelta(days=1) and copy.end_at - copy.start_at == timedelta(hours=6)
    assert [a.employee_id for a in db.exec(select(Assignment).where(Assignment.shift_id == copy.id))] == [
        people["marco.rossi"]
    ]


def test_shifts_selected_together_move_together_or_not_at_all(app_database, client, leader_token, db):
    from shiftapp.services.shifts import RuleConflict
    from shiftapp.services.timeline_changes import move_together
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=7)
    first = _shift(client, leader_token, bureaus["Milan"], day, 8, 14, people["gianluca.semeraro"])
    second = _shift(client, leader_token, bureaus["Milan"], day + timedelta(days=1), 8, 14, people["gianluca.semeraro"])
    blocker = _shift(client, leader_token, bureaus["Milan"], day + timedelta(days=2), 8, 14, people["elena.greco"])
    state = _timeline(bureaus["Milan"], day)
    a, b = _item(state, first), _item(state, second)
    TimelineState.select_item.fn(state, a.id, "toggle")  # a Ctrl-click
    TimelineState.toggle_pick.fn(state, b.id)  # the Select button
    assert state.picked == [a.id, b.id] and len(state.picked_labels) == 2
    TimelineState.open_group.fn(state)
    TimelineState.set_group_days.fn(state, 1.0)  # a number field may send a number
    TimelineState.set_group_person.fn(state, f"p:{people['elena.greco']}")
    with DatabaseUnchanged(db):
        _with_reads(state, TimelineState.preview_group.fn(state))
    # One preview for all: Elena's own shift on the third day collides with the second moved onto her.
    assert state.pending_kind == "group" and len(state.pending_lines) == 2
    assert any(c.startswith("Double Booking") for c in state.pending_conflicts)

    # Without force the whole group is refused, with its reasons, and nothing moves.
    token = sign_in_here("leader@example.com")
    from shiftapp.state.base import run_as_user

    with DatabaseUnchanged(db), pytest.raises(RuleConflict) as refused:
        run_as_user(
            token,
            lambda s, u: move_together(
                session=s, actor=u, item_ids=[a.id, b.id], days=1, target=f"p:{people['elena.greco']}", write=True
            ),
        )
    assert refused.value.conflicts

    # Only the days: no conflict, both move in one go; the selection is cleared.
    TimelineState.open_group.fn(state)
    TimelineState.set_group_days.fn(state, "-1")
    _with_reads(state, TimelineState.preview_group.fn(state))
    assert state.pending_conflicts == []
    assert "2 shift(s) changed" in repr(_with_reads(state, TimelineState.confirm_move.fn(state)))
    db.expire_all()
    assert db.get(Shift, first).start_at.date() == day - timedelta(days=1)
    assert db.get(Shift, second).start_at.date() == day
    assert state.picked == [] and db.get(Shift, blocker).start_at.date() == day + timedelta(days=2)


def test_a_group_move_is_refused_whole_when_one_shift_changed_since_its_preview(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=9)
    first = _shift(client, leader_token, bureaus["Milan"], day, 8, 12, people["giulia.conti"])
    second = _shift(client, leader_token, bureaus["Milan"], day, 14, 18, people["alessia.pe"])
    state = _timeline(bureaus["Milan"], day)
    for shift_id in (first, second):
        TimelineState.toggle_pick.fn(state, _item(state, shift_id).id)
    TimelineState.open_group.fn(state)
    _with_reads(state, TimelineState.preview_group.fn(state))
    changed = client.put(
        f"/api/shifts/{second}", headers={"Authorization": f"Bearer {leader_token}"}, json={"notes": "meanwhile"}
    )
    assert changed.status_code == 200
    with DatabaseUnchanged(db):
        assert "changed by someone else" in repr(_with_reads(state, TimelineState.confirm_move.fn(state)))


def test_a_team_leader_edits_their_own_bureau_only_and_staff_nothing(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=14)
    milan = _shift(client, leader_token, bureaus["Milan"], day, 8, 16, people["giulia.conti"])
    rome = _timeline(bureaus["Rome"], day, "teamlead@example.com")
    assert rome.can_edit and not rome.can_plan
    TimelineState.open_add.fn(rome)
    TimelineState.set_add_date.fn(rome, day.isoformat())
    _with_reads(rome, TimelineState.preview_add.fn(rome))
    assert "Shift added" in repr(_with_reads(rome, TimelineState.confirm_move.fn(rome)))
    assert len(_shifts_on(db, bureaus["Rome"], day)) == 1
    # Milan is not theirs: the service refuses, whatever the page shows.
    with DatabaseUnchanged(db):
        TimelineState.set_add_bureau.fn(rome, bureaus["Milan"])
        assert "Only this bureau's team leaders" in repr(_with_reads(rome, TimelineState.preview_add.fn(rome)))
        milan_view = _timeline(bureaus["Milan"], day, "teamlead@example.com")
        assert not milan_view.can_edit
        milan_view.can_edit = True  # as a forged state would claim
        item = _item(milan_view, milan)
        assert "Only this bureau's team leaders" in repr(
            _with_reads(milan_view, TimelineState.preview_delete.fn(milan_view, item.id))
        )
        milan_view.pending_kind, milan_view.pending_item = "delete", item.id
        _with_reads(milan_view, TimelineState.confirm_move.fn(milan_view))
        assert "Only admins, managers and schedulers can publish" in repr(
            _with_reads(rome, TimelineState.review_publish.fn(rome))
        )

    item = _item(_timeline(bureaus["Milan"], day), milan)
    staff = _timeline(bureaus["Milan"], day, "staff@example.com")
    staff.can_edit = True
    staff.items = [item]  # as a forged state would claim
    with DatabaseUnchanged(db):
        TimelineState.open_add_at.fn(staff, f"open:{bureaus['Milan']}", f"{day}T08:00")
        _with_reads(staff, TimelineState.preview_add.fn(staff))
        staff.pending_kind = "add"
        staff.pending_form = {"bureau_id": bureaus["Milan"], "day": day.isoformat(), "start": "08:00", "end": "12:00"}
        _with_reads(staff, TimelineState.confirm_move.fn(staff))
        _with_reads(staff, TimelineState.preview_delete.fn(staff, item.id))
        staff.pending_kind, staff.pending_item = "delete", item.id
        _with_reads(staff, TimelineState.confirm_move.fn(staff))
        TimelineState.toggle_pick.fn(staff, item.id)
        staff.pending_kind, staff.pending_picks, staff.pending_days = "group", [item.id], 1
        _with_reads(staff, TimelineState.confirm_move.fn(staff))
        _with_reads(staff, TimelineState.publish.fn(staff))


def test_publish_shows_drafts_days_and_changed_shifts_before_it_writes(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=21)
    first = _shift(client, leader_token, bureaus["Rome"], day, 8, 14, people["paolo.ricci"])
    _shift(client, leader_token, bureaus["Rome"], day + timedelta(days=2), 8, 14, people["sara.rossi"])
    live = _shift(client, leader_token, bureaus["Rome"], day + timedelta(days=3), 8, 14, people["chiara.marino"])
    published = client.put(
        f"/api/shifts/{live}", headers={"Authorization": f"Bearer {leader_token}"}, json={"status": "published"}
    )
    assert published.status_code == 200, published.text
    state = _timeline(bureaus["Rome"], day)
    with DatabaseUnchanged(db):
        _with_reads(state, TimelineState.review_publish.fn(state))
    assert state.publish_open and state.publish_reviewed and state.publish_count == 2
    assert f"on {day} to {day + timedelta(days=2)}" in state.publish_text
    assert "2 draft shift(s) of Rome" in state.publish_text and "1 shift(s)" in state.publish_text

    # A draft added after the review: publishing the reviewed counts is refused, and the review renewed.
    _shift(client, leader_token, bureaus["Rome"], day + timedelta(days=4), 8, 14, people["andrea.mandala"])
    with DatabaseUnchanged(db):
        sent = repr(_with_reads(state, TimelineState.publish.fn(state)))
    assert "changed since you reviewed it" in sent
    _with_reads(state, TimelineState.review_publish.fn(state))
    assert state.publish_count == 3
    assert "Published 3 shift(s)" in repr(_with_reads(state, TimelineState.publish.fn(state)))
    db.expire_all()
    assert db.get(Shift, first).status == "published" and not state.publish_open
