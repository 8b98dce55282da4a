"""Swaps and give-aways over real HTTP: staff offer their published shifts to a named colleague or to
anyone eligible, a colleague accepts (the rule engine judges both schedules after the exchange), a
team leader approves (the assignments move) or declines (nothing moves), or the bureau approves
conflict-free swaps itself. Refusals write nothing; stale and racing actions get 409; the people
concerned find a message in their inbox.

Each test signs in fresh people of its own (no demo shifts, preferences or leave), so what the rule
engine finds is only what the test set up."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlmodel import select

from shiftapp.models import Assignment, AuditEvent, Employee, Notification, Preference, SwapOffer
from tests.integration.conftest import bearer, new_bureau, new_shift, new_staff
from tests.support import DatabaseUnchanged


def _offer(client, token, **body):
    return client.post("/api/v1/swaps", headers=bearer(token), json=body)


def _act(client, token, offer_id: str, action: str, **body):
    return client.post(f"/api/v1/swaps/{offer_id}/{action}", headers=bearer(token), json=body)


def _board(client, token) -> dict:
    answer = client.get("/api/v1/swaps", headers=bearer(token))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _on(db, shift_id: str) -> set[str]:
    db.expire_all()
    return set(db.exec(select(Assignment.employee_id).where(Assignment.shift_id == shift_id)))


def _inbox(db, person: Employee, kind: str) -> list[Notification]:
    db.expire_all()
    return list(db.exec(select(Notification).where(Notification.recipient_id == person.id, Notification.kind == kind)))


def _actions(db, entity_id: str) -> list[str]:
    db.expire_all()
    events = db.exec(select(AuditEvent).where(AuditEvent.entity_id == entity_id).order_by(AuditEvent.at))
    return [e.action for e in events]


def test_a_give_away_to_a_named_colleague_is_accepted_then_approved_by_the_team_leader(
    client, admin_token, staff_token, teamlead, db, rome, today
):
    anna, anna_token = new_staff(client, db, rome, "Anna Offerer")
    bruno, bruno_token = new_staff(client, db, rome, "Bruno Taker")
    day = today + timedelta(days=20)
    shift_id = new_shift(client, admin_token, rome, day, 8, 14, employee_ids=[anna.id])
    assert shift_id in {s["shift_id"] for s in _board(client, anna_token)["my_shifts"]}

    offered = _offer(client, anna_token, shift_id=shift_id, to_employee_id=bruno.id, note="Family visit")
    assert offered.status_code == 201, offered.text
    offer = offered.json()
    assert offer["status"] == "offered" and offer["kind"] == "give_away" and offer["to_employee_name"] == "Bruno Taker"
    rome_start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC).astimezone(ZoneInfo("Europe/Rome"))
    assert offer["shift"]["date"] == day.isoformat() and offer["shift"]["start_time"] == f"{rome_start:%H:%M}"
    assert [n.title for n in _inbox(db, bruno, "swap_requested")] == ["Anna Offerer offers you a shift"]
    assert shift_id not in {s["shift_id"] for s in _board(client, anna_token)["my_shifts"]}  # already on offer
    listed = _board(client, bruno_token)["offers_to_me"]
    assert [o["offer_id"] for o in listed] == [offer["offer_id"]] and listed[0]["conflicts"] == []

    accepted = _act(client, bruno_token, offer["offer_id"], "accept", version=offer["version"])
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted" and accepted.json()["accepted_by_name"] == "Bruno Taker"
    assert _on(db, shift_id) == {anna.id}  # nothing moves before the decision
    assert _inbox(db, anna, "swap_requested")  # told that Bruno accepted

    pending = client.get("/api/v1/swaps/pending", headers=bearer(teamlead))
    assert pending.status_code == 200, pending.text
    waiting = next(s for s in pending.json()["swaps"] if s["offer_id"] == offer["offer_id"])
    assert waiting["conflicts"] == [] and waiting["status"] == "accepted"

    decision = {"version": waiting["version"]}
    with DatabaseUnchanged(db):
        by_staff = _act(client, staff_token, offer["offer_id"], "approve", **decision)
        pending_for_staff = client.get("/api/v1/swaps/pending", headers=bearer(staff_token))
        by_the_taker = _act(client, bruno_token, offer["offer_id"], "approve", **decision)
    assert by_staff.status_code == 403 and pending_for_staff.status_code == 403 and by_the_taker.status_code == 403

    approved = _act(client, teamlead, offer["offer_id"], "approve", **decision, note="Fine by me")
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "approved" and body["decided_by_name"] == "Teresa Lombardi"
    assert body["auto_approved"] is False and body["decision_note"] == "Fine by me"
    assert _on(db, shift_id) == {bruno.id}
    moved = db.exec(select(Assignment).where(Assignment.shift_id == shift_id)).one()
    assert moved.source == "swap"
    assert _actions(db, offer["offer_id"]) == ["offer", "accept", "approve"]
    assert "swap" in _actions(db, moved.id)
    assert _inbox(db, anna, "swap_decided") and _inbox(db, bruno, "swap_decided")
    mine = _board(client, anna_token)["my_offers"]
    assert next(o for o in mine if o["offer_id"] == offer["offer_id"])["status"] == "approved"

    with DatabaseUnchanged(db):
        twice = _act(client, teamlead, offer["offer_id"], "decline", **decision)
        withdrawn_late = _act(client, anna_token, offer["offer_id"], "withdraw")
    assert twice.status_code == 409 and "already approved" in twice.json()["error"]
    assert withdrawn_late.status_code == 409


def test_a_true_swap_moves_both_shifts_and_a_declined_one_moves_nothing(client, admin_token, teamlead, db, rome, today):
    anna, anna_token = new_staff(client, db, rome, "Anna Swapper")
    bruno, bruno_token = new_staff(client, db, rome, "Bruno Swapper")
    day = today + timedelta(days=21)
    hers = new_shift(client, admin_token, rome, day, 8, 14, employee_ids=[anna.id])
    his = new_shift(client, admin_token, rome, day + timedelta(days=1), 8, 14, employee_ids=[bruno.id])
    his_too = new_shift(client, admin_token, rome, day + timedelta(days=2), 8, 14, employee_ids=[bruno.id])
    theirs = client.get("/api/v1/swaps", headers=bearer(anna_token))
    assert theirs.status_code == 200

    first = _offer(client, anna_token, shift_id=hers, to_employee_id=bruno.id, swap_shift_id=his).json()
    assert first["kind"] == "swap" and first["swap_shift"]["shift_id"] == his
    accepted = _act(client, bruno_token, first["offer_id"], "accept")
    assert accepted.status_code == 200, accepted.text
    declined = _act(client, teamlead, first["offer_id"], "decline", version=accepted.json()["version"])
    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined"
    assert _on(db, hers) == {anna.id} and _on(db, his) == {bruno.id}
    assert _actions(db, first["offer_id"]) == ["offer", "accept", "decline"]
    assert [n.title for n in _inbox(db, anna, "swap_decided")] == ["Swap declined"]

    second = _offer(client, anna_token, shift_id=hers, to_employee_id=bruno.id, swap_shift_id=his_too).json()
    accepted = _act(client, bruno_token, second["offer_id"], "accept", version=second["version"]).json()
    approved = _act(client, teamlead, second["offer_id"], "approve", version=accepted["version"])
    assert approved.status_code == 200, approved.text
    assert _on(db, hers) == {bruno.id} and _on(db, his_too) == {anna.id} and _on(db, his) == {bruno.id}


def test_an_open_offer_is_approved_automatically_where_the_bureau_says_so(
    client, admin_token, teamlead, db, rome, today
):
    turned_on = client.put(
        f"/api/v1/swaps/settings/{rome.id}", headers=bearer(teamlead), json={"swaps_auto_approve": True}
    )
    assert turned_on.status_code == 200, turned_on.text
    assert turned_on.json() == {"bureau_id": rome.id, "name": "Rome", "swaps_auto_approve": True}
    db.expire_all()
    assert any(
        e.before == {"swaps_auto_approve": False} and e.after == {"swaps_auto_approve": True}
        for e in db.exec(select(AuditEvent).where(AuditEvent.entity_type == "bureau", AuditEvent.entity_id == rome.id))
    )
    anna, anna_token = new_staff(client, db, rome, "Anna Auto")
    carla, carla_token = new_staff(client, db, rome, "Carla Anyone")
    shift_id = new_shift(client, admin_token, rome, today + timedelta(days=23), 8, 14, employee_ids=[anna.id])
    offer = _offer(client, anna_token, shift_id=shift_id).json()
    assert offer["to_employee_id"] is None
    assert offer["offer_id"] in {o["offer_id"] for o in _board(client, carla_token)["offers_to_me"]}

    accepted = _act(client, carla_token, offer["offer_id"], "accept", version=offer["version"])
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "approved" and accepted.json()["auto_approved"] is True
    assert _on(db, shift_id) == {carla.id}
    assert _actions(db, offer["offer_id"]) == ["offer", "accept", "auto_approve"]
    assert [n.title for n in _inbox(db, anna, "swap_decided")] == ["Swap approved: Carla Anyone takes your shift"]
    pending = client.get("/api/v1/swaps/pending", headers=bearer(teamlead)).json()["swaps"]
    assert offer["offer_id"] not in {s["offer_id"] for s in pending}

    # A swap that brings a soft conflict (Dario prefers nights) still waits for the team leader.
    dario, dario_token = new_staff(client, db, rome, "Dario Nights")
    db.add(Preference(employee_id=dario.id, preferred_shifts=["Night"], confirmed=True))
    db.commit()
    morning = new_shift(
        client, admin_token, rome, today + timedelta(days=25), 8, 14, employee_ids=[anna.id], shift_type="Morning"
    )
    second = _offer(client, anna_token, shift_id=morning).json()
    waits = _act(client, dario_token, second["offer_id"], "accept")
    assert waits.status_code == 200, waits.text
    assert waits.json()["status"] == "accepted" and waits.json()["auto_approved"] is False
    assert "prefers night shifts" in waits.json()["warnings"][0]
    assert _on(db, morning) == {anna.id}
    pending = client.get("/api/v1/swaps/pending", headers=bearer(teamlead)).json()["swaps"]
    assert second["offer_id"] in {s["offer_id"] for s in pending}


def test_an_acceptance_that_breaks_a_hard_rule_is_refused_with_the_rules_message_and_writes_nothing(
    client, admin_token, db, rome, today
):
    anna, anna_token = new_staff(client, db, rome, "Anna Late")
    bruno, bruno_token = new_staff(client, db, rome, "Bruno Early")
    day = today + timedelta(days=24)
    late = new_shift(client, admin_token, rome, day, 19, 23, employee_ids=[anna.id])
    new_shift(client, admin_token, rome, day, 6, 14, employee_ids=[bruno.id])  # too little rest before the late one
    named = _offer(client, anna_token, shift_id=late, to_employee_id=bruno.id).json()
    shown = next(o for o in _board(client, bruno_token)["offers_to_me"] if o["offer_id"] == named["offer_id"])
    assert shown["conflicts"] and "rest" in shown["conflicts"][0].lower()  # named offers show what they would bring
    with DatabaseUnchanged(db):
        refused = _act(client, bruno_token, named["offer_id"], "accept", version=named["version"])
    assert refused.status_code == 409, refused.text
    body = refused.json()
    assert [c["code"] for c in body["conflicts"]] == ["min_rest"]
    assert body["error"] == body["conflicts"][0]["message"]

    # An open offer of an editors' shift: a correspondent is not eligible, and does not even see it.
    editor, editor_token = new_staff(client, db, rome, "Elena Editor", role="editor")
    desk = new_shift(
        client, admin_token, rome, day + timedelta(days=3), 8, 14, required_role="editor", employee_ids=[editor.id]
    )
    assert _on(db, desk) == {editor.id}
    open_offer = _offer(client, editor_token, shift_id=desk).json()
    assert open_offer["offer_id"] not in {o["offer_id"] for o in _board(client, bruno_token)["offers_to_me"]}
    with DatabaseUnchanged(db):
        not_eligible = _act(client, bruno_token, open_offer["offer_id"], "accept")
    assert not_eligible.status_code == 409 and not_eligible.json()["conflicts"], not_eligible.text


@pytest.mark.parametrize("racers", [2, 6])
def test_racing_acceptances_of_one_offer_let_exactly_one_through(base_url, client, admin_token, db, today, racers):
    bureau = new_bureau(db, "Swap", "SWP")
    anna, anna_token = new_staff(client, db, bureau, "Anna Racer")
    shift_id = new_shift(client, admin_token, bureau, today + timedelta(days=30), 8, 14, employee_ids=[anna.id])
    offer = _offer(client, anna_token, shift_id=shift_id).json()
    tokens = [new_staff(client, db, bureau, f"Racer {i}")[1] for i in range(racers)]
    start = threading.Barrier(racers)
    answers: list[httpx.Response | BaseException | None] = [None] * racers

    def racer(i: int) -> None:
        with httpx.Client(base_url=base_url, timeout=60) as own:
            own.get("/openapi.json")  # open the connection before the start
            start.wait()
            try:
                answers[i] = _act(own, tokens[i], offer["offer_id"], "accept", version=offer["version"])
            except BaseException as error:
                answers[i] = error

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(a, httpx.Response) for a in answers), answers
    statuses = sorted(a.status_code for a in answers)  # type: ignore[union-attr]
    assert statuses == [200] + [409] * (racers - 1), [a.text for a in answers]  # type: ignore[union-attr]
    for lost in (a for a in answers if a.status_code == 409):  # type: ignore[union-attr]
        assert lost.json()["error"].startswith("This swap has already been taken")  # type: ignore[union-attr]
    db.expire_all()
    row = db.get(SwapOffer, offer["offer_id"])
    winner = next(a for a in answers if a.status_code == 200)  # type: ignore[union-attr]
    assert row.status == "accepted" and row.accepted_by == winner.json()["accepted_by"]  # type: ignore[union-attr]
    assert _on(db, shift_id) == {anna.id}


def test_stale_versions_withdrawn_offers_and_bad_input_get_clear_answers_and_write_nothing(
    client, admin_token, teamlead, db, rome, today
):
    anna, anna_token = new_staff(client, db, rome, "Anna Stale")
    bruno, bruno_token = new_staff(client, db, rome, "Bruno Stale")
    day = today + timedelta(days=26)
    shift_id = new_shift(client, admin_token, rome, day, 8, 14, employee_ids=[anna.id])
    draft = new_shift(client, admin_token, rome, day + timedelta(days=1), 8, 14, status="draft", employee_ids=[anna.id])
    not_hers = new_shift(client, admin_token, rome, day + timedelta(days=2), 8, 14, employee_ids=[bruno.id])
    with DatabaseUnchanged(db):
        unknown_field = _offer(client, anna_token, shift_id=shift_id, colour="red")
        swap_without_person = _offer(client, anna_token, shift_id=shift_id, swap_shift_id=not_hers)
        to_herself = _offer(client, anna_token, shift_id=shift_id, to_employee_id=anna.id)
        unknown_colleague = _offer(client, anna_token, shift_id=shift_id, to_employee_id="nobody")
        unpublished = _offer(client, anna_token, shift_id=draft)
        someone_elses = _offer(client, anna_token, shift_id=not_hers)
        missing_shift = _offer(client, anna_token, shift_id="no-such-shift")
    assert unknown_field.status_code == 400 and "colour" in unknown_field.text
    assert swap_without_person.status_code == 400 and swap_without_person.json()["details"]["field"] == "swap_shift_id"
    assert to_herself.status_code == 400
    assert unknown_colleague.status_code == 404 and missing_shift.status_code == 404
    assert unpublished.status_code == 409 and "published" in unpublished.json()["error"]
    assert someone_elses.status_code == 403

    offer = _offer(client, anna_token, shift_id=shift_id, to_employee_id=bruno.id).json()
    with DatabaseUnchanged(db):
        again = _offer(client, anna_token, shift_id=shift_id)
        stale = _act(client, bruno_token, offer["offer_id"], "accept", version=offer["version"] + 1)
        not_accepted = _act(client, teamlead, offer["offer_id"], "approve", version=offer["version"])
        withdraw_by_other = _act(client, bruno_token, offer["offer_id"], "withdraw")
        own = _act(client, anna_token, offer["offer_id"], "accept")
    assert again.status_code == 409 and "already offered" in again.json()["error"]
    assert stale.status_code == 409 and stale.json()["details"]["current_version"] == offer["version"]
    assert not_accepted.status_code == 409 and "not been accepted" in not_accepted.json()["error"]
    assert withdraw_by_other.status_code == 404 and own.status_code == 403

    withdrawn = _act(client, anna_token, offer["offer_id"], "withdraw", version=offer["version"])
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert [n.title for n in _inbox(db, bruno, "swap_decided")] == ["Anna Stale withdrew a shift offer"]
    with DatabaseUnchanged(db):
        too_late = _act(client, bruno_token, offer["offer_id"], "accept")
    assert too_late.status_code == 409 and "withdrawn" in too_late.json()["error"]
    assert _actions(db, offer["offer_id"]) == ["offer", "withdraw"]


def test_only_the_named_colleague_accepts_and_only_leaders_of_the_bureau_decide(
    client, admin_token, teamlead, db, today
):
    elsewhere = new_bureau(db, "Swap", "SWP")
    anna, anna_token = new_staff(client, db, elsewhere, "Anna Elsewhere")
    bruno, bruno_token = new_staff(client, db, elsewhere, "Bruno Elsewhere")
    _carla, carla_token = new_staff(client, db, elsewhere, "Carla Outsider")
    shift_id = new_shift(client, admin_token, elsewhere, today + timedelta(days=27), 8, 14, employee_ids=[anna.id])
    offer = _offer(client, anna_token, shift_id=shift_id, to_employee_id=bruno.id).json()
    assert offer["offer_id"] not in {o["offer_id"] for o in _board(client, carla_token)["offers_to_me"]}
    with DatabaseUnchanged(db):
        by_outsider = _act(client, carla_token, offer["offer_id"], "accept")
    assert by_outsider.status_code == 403
    accepted = _act(client, bruno_token, offer["offer_id"], "accept").json()
    with DatabaseUnchanged(db):
        other_leader = _act(client, teamlead, offer["offer_id"], "approve", version=accepted["version"])
        setting = client.put(
            f"/api/v1/swaps/settings/{elsewhere.id}", headers=bearer(teamlead), json={"swaps_auto_approve": True}
        )
        not_a_bool = client.put(
            f"/api/v1/swaps/settings/{elsewhere.id}", headers=bearer(admin_token), json={"swaps_auto_approve": "yes"}
        )
    assert other_leader.status_code == 403 and setting.status_code == 403
    assert not_a_bool.status_code == 400 and "swaps_auto_approve" in not_a_bool.text
    assert offer["offer_id"] not in {
        s["offer_id"] for s in client.get("/api/v1/swaps/pending", headers=bearer(teamlead)).json()["swaps"]
    }
    by_admin = _act(client, admin_token, offer["offer_id"], "approve", version=accepted["version"])
    assert by_admin.status_code == 200, by_admin.text
    assert _on(db, shift_id) == {bruno.id}
