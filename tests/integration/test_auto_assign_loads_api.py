"""POST /api/plans/auto-assign over real HTTP: preview writes nothing, commit writes everything
the preview showed, and what it writes breaks no hard rule by the rule engine."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import func, select

from shiftapp.models import OrderAssignment, Plan
from shiftapp.rules import evaluate
from shiftapp.services.load_checks import load_plan
from tests.integration.conftest import bearer
from tests.support import DatabaseUnchanged, server_today


def _count(db, plan_id) -> int:
    db.expire_all()
    return db.exec(select(func.count()).select_from(OrderAssignment).where(OrderAssignment.plan_id == plan_id)).one()


def test_preview_then_commit(client, leader_token, db):
    start = server_today(client) + timedelta(days=1)  # the demo's orders are for the days after it was loaded
    plan_id = client.post(
        "/api/plans/add-plan",
        headers=bearer(leader_token),
        json={
            "plan_name": "Auto",
            "delivery_start": start.isoformat(),
            "delivery_end": (start + timedelta(days=6)).isoformat(),
        },
    ).json()["data"]["plan"]["id"]
    preview = client.post(
        "/api/plans/auto-assign",
        headers=bearer(leader_token),
        json={"plan_id": plan_id, "commit": False, "max_units_per_customer_per_day": 2},
    )
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert body["message"] == "Auto-assignment preview generated successfully"
    meta = body["data"]["meta"]
    assert meta["committed"] is False and meta["assignments_created"] > 0
    assert meta["units_used"] <= meta["greedy_units_used"] or meta["unassigned"] < meta["greedy_unassigned"]
    assert _count(db, plan_id) == 0
    for unit in body["data"]["units"]:
        assert unit["used_weight_kg"] <= unit["capacity_kg"] + 1e-9
    committed = client.post(
        "/api/plans/auto-assign", headers=bearer(leader_token), json={"plan_id": plan_id, "commit": True}
    ).json()
    assert committed["data"]["meta"]["committed"] is True
    assert committed["data"]["meta"]["assignments_created"] == meta["assignments_created"]
    assert _count(db, plan_id) == committed["data"]["meta"]["lines_assigned"]
    plan = db.get(Plan, plan_id)
    hard = [c for c in evaluate(load_plan(db, plan)) if c.severity == "hard"]
    assert hard == []
    again = client.post(
        "/api/plans/auto-assign", headers=bearer(leader_token), json={"plan_id": plan_id, "commit": False}
    ).json()
    assert again["data"]["meta"]["assignments_created"] == 0  # nothing left that fits
    # Hand the orders back for the other tests: deleting a plan unassigns its orders.
    assert client.delete(f"/api/plans/{plan_id}", headers=bearer(leader_token)).status_code == 200
    assert _count(db, plan_id) == 0


def test_auto_assign_needs_a_planner_and_a_plan(client, staff_token, leader_token, db):
    with DatabaseUnchanged(db):
        assert (
            client.post("/api/plans/auto-assign", headers=bearer(staff_token), json={"plan_id": "x"}).status_code == 403
        )
    missing = client.post("/api/plans/auto-assign", headers=bearer(leader_token), json={"plan_id": "nope"})
    assert missing.status_code == 404 and missing.json()["success"] is False
    bad = client.post("/api/plans/auto-assign", headers=bearer(leader_token), json={"commit": True})
    assert bad.status_code == 400
