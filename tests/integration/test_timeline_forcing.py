"""The timeline page forces as the APIs do: the service decides what forcing needs, the page
neither adds a check of its own nor reads a wire body (it gets the rule engine's conflicts)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from shiftapp.models import AuditEvent, Bureau, Employee, Shift
from tests.integration.conftest import bearer, sign_in_here
from tests.integration.test_page_handlers_authorization import _state, app_database  # noqa: F401

FAR = date.today() + timedelta(days=240)  # clear of the demo month and the other tests' days


def _ids(db):
    db.expire_all()
    return (
        {b.name: b.id for b in db.exec(select(Bureau))},
        {e.email.split("@")[0]: e.id for e in db.exec(select(Employee))},
    )


def _shift(client, token, bureau_id, day, start, end, employee_id) -> str:
    def at(hour):
        return datetime(day.year, day.month, day.day, hour, tzinfo=UTC).isoformat().replace("+00:00", "Z")

    response = client.post(
        "/api/shifts",
        headers=bearer(token),
        json={"bureau_id": bureau_id, "start_time": at(start), "end_time": at(end), "employee_id": employee_id},
    )
    assert response.status_code == 201, response.text
    return response.json()["shift"]["id"]


def test_a_forced_move_without_a_reason_goes_through_and_is_audited(app_database, client, leader_token, db):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    _shift(client, leader_token, bureaus["Milan"], FAR, 6, 14, people["giulia.conti"])
    later = _shift(client, leader_token, bureaus["Milan"], FAR + timedelta(days=1), 6, 14, people["giulia.conti"])
    state = _state(TimelineState, sign_in_here("leader@example.com"))
    TimelineState.drop.fn(state, f"shift:{later}", f"cell:{people['giulia.conti']}:{FAR.isoformat()}")
    assert state.pending_shift == later and len(state.pending_conflicts) == 1
    assert "Giulia Conti is already scheduled" in state.pending_conflicts[0]
    assert state.force_reason == ""
    sent = repr(TimelineState.confirm_move.fn(state))
    assert "Shift moved (forced)" in sent and state.pending_shift == ""
    db.expire_all()
    assert db.get(Shift, later).start_at.date() == FAR
    audit = db.exec(select(AuditEvent).where(AuditEvent.entity_id == later, AuditEvent.action == "move")).one()
    assert audit.reason is None and audit.actor_id == people["leader"] and audit.after["forced"] is True
    assert [c["code"] for c in audit.after["conflicts_overridden"]] == ["double_booking"]


def test_publish_shows_the_engines_conflicts_and_the_service_asks_for_the_reason(
    app_database,
    client,
    leader_token,
    db,
):
    from shiftapp.state.timeline import TimelineState

    bureaus, people = _ids(db)
    day = FAR + timedelta(days=5)
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
    state.start, state.days, state.bureau_id = day.isoformat(), 1, bureaus["Rome"]
    TimelineState.publish.fn(state)
    assert state.publish_open and any("Paolo Ricci" in line for line in state.publish_conflicts)
    refused = repr(TimelineState.publish.fn(state))
    assert "needs a reason" in refused
    db.expire_all()
    assert db.get(Shift, first).status != "published"
    state.publish_reason = "Desk agreed"
    TimelineState.publish.fn(state)
    db.expire_all()
    assert db.get(Shift, first).status == "published" and not state.publish_open
