"""Open shifts over real HTTP: staff see only the open places the rule engine lets them take, claim
them (granted at once, or waiting for their team leader per bureau), a claim that breaks a hard rule
is refused with the rule's message and writes nothing, and racing claims for the last place let
exactly one through.

Each test signs in fresh people of its own (no demo shifts, preferences or leave), so what the rule
engine finds is only what the test set up."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlmodel import select

from shiftapp.models import Assignment, AuditEvent, Availability, Bureau
from tests.integration.conftest import bearer, login, new_bureau, new_shift, new_staff, utc_at
from tests.support import DatabaseUnchanged


def _set_approval(db, bureau: Bureau, needed: bool) -> None:
    db.expire_all()
    row = db.get(Bureau, bureau.id)
    row.open_shift_claims_need_approval = needed
    db.add(row)
    db.commit()


def _listed(client, token) -> dict[str, dict]:
    answer = client.get("/api/v1/open-shifts", headers=bearer(token))
    assert answer.status_code == 200, answer.text
    return {s["shift_id"]: s for s in answer.json()["shifts"]}


def _claim(client, token, shift_id: str, **body):
    return client.post(f"/api/v1/open-shifts/{shift_id}/claim", headers=bearer(token), json=body)


def test_the_list_leaves_out_what_would_break_rest_overlap_or_leave_and_a_claim_is_granted(
    client, admin_token, db, rome, today
):
    person, token = new_staff(client, db, rome, "Claire Claimant")
    day = today + timedelta(days=20)
    new_shift(client, admin_token, rome, day, 6, 14, employee_ids=[person.id])  # already working
    too_little_rest = new_shift(client, admin_token, rome, day, 19, 23)
    overlapping = new_shift(client, admin_token, rome, day, 10, 16)
    db.add(
        Availability(
            employee_id=person.id,
            start_at=datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=2),
            end_at=datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=3),
            kind="leave",
        )
    )
    db.commit()
    on_leave = new_shift(client, admin_token, rome, day + timedelta(days=2), 8, 14)
    editors_only = new_shift(client, admin_token, rome, day + timedelta(days=4), 8, 14, required_role="editor")
    fine = new_shift(client, admin_token, rome, day + timedelta(days=4), 8, 14, capacity=2)
    draft = new_shift(client, admin_token, rome, day + timedelta(days=5), 8, 14, status="draft")

    listed = _listed(client, token)
    for refused in (too_little_rest, overlapping, on_leave, editors_only, draft):
        assert refused not in listed
    offer = listed[fine]
    assert offer["bureau_name"] == "Rome" and offer["free_places"] == 2 and offer["needs_approval"] is False
    assert offer["date"] == (day + timedelta(days=4)).isoformat() and offer["start_time"] == "09:00"  # Rome, winter
    # Someone else (no shift that day) may take the rest-breaking one.
    _other, other_token = new_staff(client, db, rome, "Olga Other")
    assert too_little_rest in _listed(client, other_token)

    granted = _claim(client, token, fine, version=offer["version"])
    assert granted.status_code == 201, granted.text
    body = granted.json()
    assert body["granted"] is True and body["status"] == "confirmed" and body["free_places"] == 1
    db.expire_all()
    row = db.get(Assignment, body["claim_id"])
    assert row.employee_id == person.id and row.status == "confirmed" and row.source == "claim"
    assert db.exec(select(AuditEvent).where(AuditEvent.entity_id == row.id, AuditEvent.action == "claim")).one()
    assert fine not in _listed(client, token)  # on it now
    again = _claim(client, token, fine)
    assert again.status_code == 409 and "already" in again.json()["error"]


def test_a_claim_that_breaks_a_hard_rule_is_refused_with_the_rules_message_and_writes_nothing(
    client, admin_token, db, rome, today
):
    person, token = new_staff(client, db, rome, "Claire Claimant")
    day = today + timedelta(days=22)
    new_shift(client, admin_token, rome, day, 6, 14, employee_ids=[person.id])
    late = new_shift(client, admin_token, rome, day, 19, 23)
    with DatabaseUnchanged(db):
        refused = _claim(client, token, late)
    assert refused.status_code == 409, refused.text
    body = refused.json()
    assert [c["code"] for c in body["conflicts"]] == ["min_rest"]
    assert body["error"] == body["conflicts"][0]["message"] and "rest" in body["error"].lower()


def test_a_claim_waits_for_the_team_leader_who_approves_it_and_staff_cannot(
    client, admin_token, staff_token, db, rome, today
):
    _set_approval(db, rome, True)
    _person, token = new_staff(client, db, rome, "Paola Pending")
    day = today + timedelta(days=24)
    shift_id = new_shift(client, admin_token, rome, day, 8, 14)
    offer = _listed(client, token)[shift_id]
    assert offer["needs_approval"] is True

    claimed = _claim(client, token, shift_id)
    assert claimed.status_code == 201, claimed.text
    claim = claimed.json()
    assert claim["granted"] is False and claim["status"] == "proposed" and claim["free_places"] == 0
    mine = client.get("/api/v1/open-shifts", headers=bearer(token)).json()["my_pending_claims"]
    assert [c["claim_id"] for c in mine] == [claim["claim_id"]]

    teamlead = login(client, "teamlead@example.com")["token"]
    pending = client.get("/api/v1/open-shifts/claims/pending", headers=bearer(teamlead))
    assert pending.status_code == 200
    waiting = next(c for c in pending.json()["claims"] if c["claim_id"] == claim["claim_id"])
    assert waiting["employee_name"] == "Paola Pending" and waiting["conflicts_if_approved"] == []

    decision = {"version": waiting["claim_version"]}
    with DatabaseUnchanged(db):
        by_staff = client.post(
            f"/api/v1/open-shifts/claims/{claim['claim_id']}/approve", headers=bearer(staff_token), json=decision
        )
        pending_for_staff = client.get("/api/v1/open-shifts/claims/pending", headers=bearer(staff_token))
    assert by_staff.status_code == 403 and pending_for_staff.status_code == 403

    approved = client.post(
        f"/api/v1/open-shifts/claims/{claim['claim_id']}/approve", headers=bearer(teamlead), json=decision
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved" and approved.json()["decided_by_name"] == "Teresa Lombardi"
    db.expire_all()
    assert db.get(Assignment, claim["claim_id"]).status == "confirmed"
    actions = {e.action for e in db.exec(select(AuditEvent).where(AuditEvent.entity_id == claim["claim_id"]))}
    assert {"claim", "approve_claim"} <= actions
    with DatabaseUnchanged(db):
        twice = client.post(
            f"/api/v1/open-shifts/claims/{claim['claim_id']}/decline", headers=bearer(teamlead), json=decision
        )
    assert twice.status_code == 409 and "already approved" in twice.json()["error"]


def test_approval_asks_the_rule_engine_again_and_decline_frees_the_place(client, admin_token, db, rome, today):
    _set_approval(db, rome, True)
    person, token = new_staff(client, db, rome, "Rita Recheck")
    day = today + timedelta(days=26)
    shift_id = new_shift(client, admin_token, rome, day, 8, 14)
    claim = _claim(client, token, shift_id).json()
    assert claim["status"] == "proposed"
    # Meanwhile a planner books her on an overlapping shift (forced past the claim's place).
    overlapping = client.post(
        "/api/v1/planning/shifts",
        headers=bearer(admin_token),
        json={
            "bureau_id": rome.id,
            "start_time": utc_at(day, 10),
            "end_time": utc_at(day, 16),
            "status": "published",
            "employee_ids": [person.id],
            "force": True,
            "reason": "test: plan changed after the claim",
        },
    )
    assert overlapping.status_code == 201, overlapping.text
    teamlead = login(client, "teamlead@example.com")["token"]
    waiting = next(
        c
        for c in client.get("/api/v1/open-shifts/claims/pending", headers=bearer(teamlead)).json()["claims"]
        if c["claim_id"] == claim["claim_id"]
    )
    assert waiting["conflicts_if_approved"]
    decision = {"version": waiting["claim_version"]}
    with DatabaseUnchanged(db):
        refused = client.post(
            f"/api/v1/open-shifts/claims/{claim['claim_id']}/approve", headers=bearer(teamlead), json=decision
        )
    assert refused.status_code == 409 and refused.json()["conflicts"][0]["code"] == "double_booking"
    declined = client.post(
        f"/api/v1/open-shifts/claims/{claim['claim_id']}/decline",
        headers=bearer(teamlead),
        json={**decision, "note": "You are on the desk that morning"},
    )
    assert declined.status_code == 200, declined.text
    assert declined.json()["status"] == "declined" and declined.json()["free_places"] == 1
    db.expire_all()
    assert db.get(Assignment, claim["claim_id"]) is None
    assert db.exec(
        select(AuditEvent).where(AuditEvent.entity_id == claim["claim_id"], AuditEvent.action == "decline_claim")
    ).one()


@pytest.mark.parametrize("racers", [2, 8])
def test_racing_claims_for_the_last_place_let_exactly_one_through(base_url, client, admin_token, db, today, racers):
    bureau = new_bureau(db, "Open", "OPN")
    day = today + timedelta(days=30)
    shift_id = new_shift(client, admin_token, bureau, day, 8, 14, capacity=1)
    tokens = [new_staff(client, db, bureau, f"Racer {i}")[1] for i in range(racers)]
    start = threading.Barrier(racers)
    answers: list[httpx.Response | BaseException | None] = [None] * racers

    def racer(i: int) -> None:
        with httpx.Client(base_url=base_url, timeout=60) as own:
            own.get("/openapi.json")  # open the connection before the start
            start.wait()
            try:
                answers[i] = _claim(own, tokens[i], shift_id)
            except BaseException as error:
                answers[i] = error

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(a, httpx.Response) for a in answers), answers
    statuses = sorted(a.status_code for a in answers)  # type: ignore[union-attr]
    assert statuses == [201] + [409] * (racers - 1), [a.text for a in answers]  # type: ignore[union-attr]
    for lost in (a for a in answers if a.status_code == 409):  # type: ignore[union-attr]
        assert lost.json()["error"] == "This shift has just been filled"  # type: ignore[union-attr]
    db.expire_all()
    rows = db.exec(select(Assignment).where(Assignment.shift_id == shift_id)).all()
    assert len(rows) == 1 and rows[0].source == "claim"
    winner = next(a for a in answers if a.status_code == 201)  # type: ignore[union-attr]
    assert rows[0].id == winner.json()["claim_id"]  # type: ignore[union-attr]


def _setting(client, token, bureau_id: str, body: object):
    return client.put(f"/api/v1/open-shifts/settings/{bureau_id}", headers=bearer(token), json=body)


def test_a_leader_turns_on_approval_for_their_bureau_and_a_claim_then_waits(client, admin_token, db, rome, today):
    leader_token = login(client, "teamlead@example.com")["token"]  # leads Rome, not a planner
    shown = client.get(f"/api/v1/open-shifts/settings/{rome.id}", headers=bearer(leader_token))
    assert shown.status_code == 200, shown.text
    assert shown.json() == {"bureau_id": rome.id, "name": "Rome", "claims_need_approval": False}

    turned_on = _setting(client, leader_token, rome.id, {"claims_need_approval": True})
    assert turned_on.status_code == 200, turned_on.text
    assert turned_on.json() == {"bureau_id": rome.id, "name": "Rome", "claims_need_approval": True}
    db.expire_all()
    assert db.get(Bureau, rome.id).open_shift_claims_need_approval is True
    audit = db.exec(select(AuditEvent).where(AuditEvent.entity_type == "bureau", AuditEvent.entity_id == rome.id)).all()
    assert any(
        e.action == "update"
        and e.before == {"open_shift_claims_need_approval": False}
        and e.after == {"open_shift_claims_need_approval": True}
        for e in audit
    )

    _person, token = new_staff(client, db, rome, "Wanda Waiting")
    shift_id = new_shift(client, admin_token, rome, today + timedelta(days=26), 8, 14)
    claimed = _claim(client, token, shift_id)
    assert claimed.status_code == 201, claimed.text
    assert claimed.json()["status"] == "proposed" and claimed.json()["granted"] is False


def test_only_leaders_of_the_bureau_and_planners_change_the_claim_rule(client, admin_token, staff_token, db, rome):
    leader_token = login(client, "teamlead@example.com")["token"]  # leads Rome, not a planner
    milan = db.exec(select(Bureau).where(Bureau.name == "Milan")).one()
    with DatabaseUnchanged(db):
        by_staff = _setting(client, staff_token, rome.id, {"claims_need_approval": True})
        other_leader = _setting(client, leader_token, milan.id, {"claims_need_approval": True})
        other_read = client.get(f"/api/v1/open-shifts/settings/{milan.id}", headers=bearer(leader_token))
        unknown = _setting(client, admin_token, "no-such-bureau", {"claims_need_approval": True})
        not_a_bool = _setting(client, leader_token, rome.id, {"claims_need_approval": "maybe"})
        unknown_field = _setting(client, leader_token, rome.id, {"claims_need_approval": True, "x": 1})
    assert by_staff.status_code == 403 and other_leader.status_code == 403 and other_read.status_code == 403
    assert unknown.status_code == 404
    assert not_a_bool.status_code == 400 and "claims_need_approval" in not_a_bool.text
    assert unknown_field.status_code == 400
    db.expire_all()
    assert db.get(Bureau, rome.id).open_shift_claims_need_approval is False
    assert db.get(Bureau, milan.id).open_shift_claims_need_approval is False


def _withdraw(client, token, claim_id: str, version: int | None = None):
    headers = bearer(token) | ({"If-Match": str(version)} if version is not None else {})
    return client.delete(f"/api/v1/open-shifts/claims/{claim_id}", headers=headers)


def test_staff_withdraw_their_own_waiting_claim_and_the_place_is_open_again(client, admin_token, db, rome, today):
    _set_approval(db, rome, True)
    person, token = new_staff(client, db, rome, "Walter Withdraw")
    _other, other_token = new_staff(client, db, rome, "Olga Other")
    shift_id = new_shift(client, admin_token, rome, today + timedelta(days=27), 8, 14)
    claim = _claim(client, token, shift_id).json()
    assert claim["status"] == "proposed"

    with DatabaseUnchanged(db):
        by_someone_else = _withdraw(client, other_token, claim["claim_id"])
        stale = _withdraw(client, token, claim["claim_id"], version=claim["claim_version"] + 1)
        unknown = _withdraw(client, token, "no-such-claim")
    assert by_someone_else.status_code == 403 and by_someone_else.json()["code"] == "FORBIDDEN"
    assert stale.status_code == 409 and unknown.status_code == 404

    withdrawn = _withdraw(client, token, claim["claim_id"], version=claim["claim_version"])
    assert withdrawn.status_code == 200, withdrawn.text
    body = withdrawn.json()
    assert body["status"] == "withdrawn" and body["free_places"] == 1 and body["decided_by_name"] == "Walter Withdraw"
    db.expire_all()
    assert db.get(Assignment, claim["claim_id"]) is None
    audit = db.exec(
        select(AuditEvent).where(AuditEvent.entity_id == claim["claim_id"], AuditEvent.action == "withdraw_claim")
    ).one()
    assert audit.actor_id == person.id and audit.after["status"] == "withdrawn"
    assert shift_id in _listed(client, token) and shift_id in _listed(client, other_token)
    mine = client.get("/api/v1/open-shifts", headers=bearer(token)).json()["my_pending_claims"]
    assert all(c["claim_id"] != claim["claim_id"] for c in mine)
    with DatabaseUnchanged(db):
        again = _withdraw(client, token, claim["claim_id"])
        gone_for_others = _withdraw(client, other_token, claim["claim_id"])
    assert again.status_code == 409 and "already withdrawn" in again.json()["error"]
    assert gone_for_others.status_code == 404  # how someone else's claim ended is not told


def test_a_decided_claim_cannot_be_withdrawn(client, admin_token, db, rome, today):
    _set_approval(db, rome, True)
    _person, token = new_staff(client, db, rome, "Dora Decided")
    teamlead = login(client, "teamlead@example.com")["token"]
    approved_shift = new_shift(client, admin_token, rome, today + timedelta(days=28), 8, 14)
    declined_shift = new_shift(client, admin_token, rome, today + timedelta(days=29), 8, 14)
    approved = _claim(client, token, approved_shift).json()
    declined = _claim(client, token, declined_shift).json()
    decision = client.post(
        f"/api/v1/open-shifts/claims/{approved['claim_id']}/approve",
        headers=bearer(teamlead),
        json={"version": approved["claim_version"]},
    )
    assert decision.status_code == 200, decision.text
    decision = client.post(
        f"/api/v1/open-shifts/claims/{declined['claim_id']}/decline",
        headers=bearer(teamlead),
        json={"version": declined["claim_version"]},
    )
    assert decision.status_code == 200, decision.text
    _set_approval(db, rome, False)
    granted = _claim(client, token, new_shift(client, admin_token, rome, today + timedelta(days=31), 8, 14)).json()
    assert granted["granted"] is True
    with DatabaseUnchanged(db):
        answers = [_withdraw(client, token, c["claim_id"]) for c in (approved, declined, granted)]
    assert [a.status_code for a in answers] == [409, 409, 409], [a.text for a in answers]
    assert "already approved" in answers[0].json()["error"] and "already declined" in answers[1].json()["error"]
    db.expire_all()
    assert db.get(Assignment, approved["claim_id"]).status == "confirmed"
    assert db.get(Assignment, granted["claim_id"]).status == "confirmed"
