"""The schedule page's changes on the time axis: a drag, a resize or the Move… dialog is previewed by the
same service call that writes it (so the two agree), nothing is written before the planner confirms,
forcing works as the APIs' does (the service decides what it needs), and publish shows the engine's
conflicts and asks for the reason."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from shiftapp.models import Assignment, AuditEvent, Bureau, Employee, Shift
from tests.integration.conftest import bearer, sign_in_here
from tests.integration.test_page_handlers_authorization import _state, _with_reads, app_database  # noqa: F401
from tests.support import DatabaseUnchanged

# Clear of the demo month and the other tests' days; a Monday, so a test's days share one week.
_FAR = date.today() + timedelta(days=240)
FAR = _FAR - timedelta(days=_FAR.weekday())


def _ids(db):
    db.expire_all()
    return (
        {b.name: b.id for b in db.exec(select(Bureau))},
        {e.email.split("@")[0]: e.id for e in db.exec(select(Employee))},
    )


def _shift(client, token, bureau_id, day, start, end, employee_id=None, **extra) -> str:
    def at(hour):
        return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).isoformat().replace("+00:00", "Z")

    body = {"bureau_id": bureau_id, "start_time": at(start), "end_time": at(end), **extra}
    if employee_id:
        body["employee_id"] = employee_id
    response = client.post("/api/shifts", headers=bearer(token), json=body)
    assert response.status_code == 201, response.text
    return response.json()["shift"]["id"]


def _timeline(bureau_id: str, day: date):
    from shiftapp.state.timeline import TimelineState

    state = _state(TimelineState, sign_in_here("leader@example.com"))
    state.anchor, state.zoom, state.selected_bureaus = day.isoformat(), "week", [bureau_id]
    _with_reads(state, TimelineState.open_schedule.fn(state))
    return state


def _item(state, shift_id: str, prefix: str = "a:"):
    return next(i for i in state.items if i.shift_id == shift_id and i.id.startswith(prefix))


def test_a_forced_move_without_a_reason_goes_through_and_is_audited(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    first = _shift(client, leader_token, bureaus["Milan"], FAR, 6, 14, people["giulia.conti"])
    later = _shift(client, leader_token, bureaus["Milan"], FAR + timedelta(days=1), 6, 14, people["giulia.conti"])
    state = _timeline(bureaus["Milan"], FAR)
    onto = _item(state, first)
    moved = _item(state, later)
    with DatabaseUnchanged(db):  # the preview writes nothing
        _with_reads(state, TimelineState.item_moved.fn(state, moved.id, onto.start, moved.group))
    assert state.pending_item == moved.id and len(state.pending_conflicts) == 1
    assert state.pending_conflicts[0].startswith("Double Booking: ")
    assert "Giulia Conti is already scheduled" in state.pending_conflicts[0]
    assert state.pending_text.startswith("Move Giulia Conti's") and state.force_reason == ""
    sent = repr(_with_reads(state, TimelineState.confirm_move.fn(state)))
    assert "Shift changed (forced)" in sent and state.pending_item == ""
    db.expire_all()
    assert db.get(Shift, later).start_at == db.get(Shift, first).start_at
    audit = db.exec(select(AuditEvent).where(AuditEvent.entity_id == later, AuditEvent.action == "move")).one()
    assert audit.reason is None and audit.actor_id == people["leader"] and audit.after["forced"] is True
    assert [c["code"] for c in audit.after["conflicts_overridden"]] == ["double_booking"]


def test_a_resize_changes_the_hours_only_after_confirming_and_keeps_the_reason_of_a_forced_one(
    app_database, client, leader_token, db
):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=2)
    second = _shift(client, leader_token, bureaus["Milan"], day, 12, 16, people["alessia.pe"])
    state = _timeline(bureaus["Milan"], day)
    item = _item(state, second)
    start_wall = item.start
    # Ten hours earlier: fourteen hours in all, past the longest shift the rules allow.
    earlier = (datetime.fromisoformat(item.start) - timedelta(hours=10)).strftime("%Y-%m-%dT%H:%M")
    with DatabaseUnchanged(db):
        _with_reads(state, TimelineState.item_resized.fn(state, item.id, earlier, "left"))
    assert state.pending_conflicts and state.pending_conflicts[0].startswith("Invalid Time Window")
    TimelineState.set_force_reason.fn(state, "Desk agreed the overlap")
    _with_reads(state, TimelineState.confirm_move.fn(state))
    db.expire_all()
    shift = db.get(Shift, second)
    assert (shift.start_at.hour, shift.end_at.hour) == (2, 16)
    audit = db.exec(select(AuditEvent).where(AuditEvent.entity_id == second, AuditEvent.action == "move")).one()
    assert audit.reason == "Desk agreed the overlap"
    assert start_wall != earlier


def test_dragging_an_open_shift_onto_a_person_assigns_them_after_the_preview(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=3)
    open_shift = _shift(client, leader_token, bureaus["Milan"], day, 7, 15, capacity=1)
    state = _timeline(bureaus["Milan"], day)
    item = _item(state, open_shift, "o:")
    assert item.group == f"open:{bureaus['Milan']}"
    with DatabaseUnchanged(db):
        _with_reads(state, TimelineState.item_moved.fn(state, item.id, item.start, f"p:{people['elena.greco']}"))
    assert state.pending_text.startswith("Assign Elena Greco to the open")
    assert state.pending_conflicts == []
    _with_reads(state, TimelineState.confirm_move.fn(state))
    db.expire_all()
    placed = db.exec(select(Assignment).where(Assignment.shift_id == open_shift)).all()
    assert [a.employee_id for a in placed] == [people["elena.greco"]]
    assert not any(i.id == item.id for i in state.items)  # the open place is gone from the view


def test_the_move_dialog_assigns_an_open_shift_as_a_drop_on_a_person_would(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=3)
    open_shift = _shift(client, leader_token, bureaus["Milan"], day, 16, 22, capacity=1)
    state = _timeline(bureaus["Milan"], day)
    item = _item(state, open_shift, "o:")
    TimelineState.open_move.fn(state, item.id)
    assert state.move_person == f"open:{bureaus['Milan']}"
    assert {"id": f"p:{people['admin']}", "name": "Ada Ferri"} in state.person_choices
    TimelineState.set_move_person.fn(state, f"p:{people['admin']}")
    with DatabaseUnchanged(db):
        _with_reads(state, TimelineState.preview_dialog_move.fn(state))
    assert state.pending_text.startswith("Assign Ada Ferri to the open")
    _with_reads(state, TimelineState.confirm_move.fn(state))
    db.expire_all()
    assert [a.employee_id for a in db.exec(select(Assignment).where(Assignment.shift_id == open_shift))] == [
        people["admin"]
    ]


def test_a_drop_on_a_heading_or_another_bureaus_open_row_is_refused_with_its_reason(
    app_database, client, leader_token, db
):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=4)
    shift_id = _shift(client, leader_token, bureaus["Milan"], day, 16, 22, people["elena.greco"])
    state = _timeline(bureaus["Milan"], day)
    item = _item(state, shift_id)
    with DatabaseUnchanged(db):
        heading = repr(
            _with_reads(
                state, TimelineState.item_moved.fn(state, item.id, item.start, f"heading:{bureaus['Milan']}:editor")
            )
        )
        elsewhere = repr(
            _with_reads(state, TimelineState.item_moved.fn(state, item.id, item.start, f"open:{bureaus['Rome']}"))
        )
    assert "not on a heading" in heading and "stays in its bureau" in elsewhere
    assert state.pending_item == ""


def test_dropping_a_persons_shift_on_someone_else_gives_them_the_place(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=4)
    shift_id = _shift(client, leader_token, bureaus["Milan"], day, 7, 15, people["giulia.conti"])
    state = _timeline(bureaus["Milan"], day)
    item = _item(state, shift_id)
    _with_reads(state, TimelineState.item_moved.fn(state, item.id, item.start, f"p:{people['alessia.pe']}"))
    assert state.pending_text.startswith("Give Giulia Conti's place on the Morning shift")
    assert state.pending_text.endswith("to Alessia Pe")
    _with_reads(state, TimelineState.confirm_move.fn(state))
    db.expire_all()
    placed = db.exec(select(Assignment).where(Assignment.shift_id == shift_id)).all()
    assert [a.employee_id for a in placed] == [people["alessia.pe"]]


def test_the_move_dialog_reaches_the_same_preview_as_a_drag(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=5)
    shift_id = _shift(client, leader_token, bureaus["Milan"], day, 7, 15, people["gianluca.semeraro"])
    state = _timeline(bureaus["Milan"], day)
    item = _item(state, shift_id)
    TimelineState.open_move.fn(state, item.id)
    assert state.move_open and state.move_date == day.isoformat() and state.move_person == item.group
    TimelineState.set_move_start.fn(state, "22:00")
    TimelineState.set_move_end.fn(state, "06:00")
    TimelineState.set_move_person.fn(state, f"p:{people['marco.rossi']}")
    with DatabaseUnchanged(db):
        _with_reads(state, TimelineState.preview_dialog_move.fn(state))
    assert not state.move_open and state.pending_item == item.id
    assert state.pending_end.startswith((day + timedelta(days=1)).isoformat())  # ends after midnight
    dragged = _timeline(bureaus["Milan"], day)
    _with_reads(
        dragged, TimelineState.item_moved.fn(dragged, item.id, state.pending_start, f"p:{people['marco.rossi']}")
    )
    assert (dragged.pending_text, dragged.pending_conflicts) == (state.pending_text, state.pending_conflicts)


def test_a_change_made_meanwhile_stops_the_confirmation(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=6)
    shift_id = _shift(client, leader_token, bureaus["Milan"], day, 7, 15, people["elena.greco"])
    state = _timeline(bureaus["Milan"], day)
    item = _item(state, shift_id)
    _with_reads(state, TimelineState.nudge.fn(state, item.id, -1))
    assert state.pending_item == item.id
    response = client.put(f"/api/shifts/{shift_id}", headers=bearer(leader_token), json={"notes": "Changed meanwhile"})
    assert response.status_code == 200, response.text
    with DatabaseUnchanged(db):
        sent = repr(_with_reads(state, TimelineState.confirm_move.fn(state)))
    assert "changed by someone else" in sent


def test_publish_shows_the_engines_conflicts_and_the_service_asks_for_the_reason(
    app_database,
    client,
    leader_token,
    db,
):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=12)
    first = _shift(client, leader_token, bureaus["Rome"], day, 8, 16, people["paolo.ricci"])
    clash = client.post(
        "/api/shifts",
        headers=bearer(leader_token),
        json={
            "bureau_id": bureaus["Rome"],
            "start_time": f"{day}T12:00:00Z",
            "end_time": f"{day}T20:00:00Z",
            "employee_id": people["paolo.ricci"],
            "force": True,
        },
    )
    assert clash.status_code == 201, clash.text
    state = _state(TimelineState, sign_in_here("leader@example.com"))
    state.anchor, state.zoom, state.selected_bureaus = day.isoformat(), "day", [bureaus["Rome"]]
    _with_reads(state, TimelineState.publish.fn(state))
    assert state.publish_open and any("Paolo Ricci" in line for line in state.publish_conflicts)
    refused = repr(_with_reads(state, TimelineState.publish.fn(state)))
    assert "needs a reason" in refused
    db.expire_all()
    assert db.get(Shift, first).status != "published"
    state.publish_reason = "Desk agreed"
    _with_reads(state, TimelineState.publish.fn(state))
    db.expire_all()
    assert db.get(Shift, first).status == "published" and not state.publish_open
    # On the axis the shift now reads as published, and as changed once it is moved.
    view = _timeline(bureaus["Rome"], day)
    assert _item(view, first).status == "published"
