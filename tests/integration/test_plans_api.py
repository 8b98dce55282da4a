"""Seed 004 plans and loads over real HTTP: envelopes, errors, units, notes, deletion."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from shiftapp.models import AuditEvent, Plan, PlannedUnit, VehicleAssignment
from tests.integration.conftest import bearer
from tests.support import DatabaseUnchanged, server_today


def _new_plan(client, token, **overrides) -> dict:
    start = server_today(client) + timedelta(days=1)
    body = {
        "plan_name": "Test plan",
        "delivery_start": start.isoformat(),
        "delivery_end": (start + timedelta(days=6)).isoformat(),
        **overrides,
    }
    response = client.post("/api/plans/add-plan", headers=bearer(token), json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_add_plan_envelope_and_defaults(client, leader_token):
    start = server_today(client) + timedelta(days=3)
    body = client.post(
        "/api/plans/add-plan",
        headers=bearer(leader_token),
        json={"plan_name": "One day", "delivery_start": start.isoformat()},
    ).json()
    assert body["statusCode"] == 201 and body["message"] == "Plan created"
    plan = body["data"]["plan"]
    assert plan["delivery_end"] == start.isoformat() and plan["status"] == "planning"
    assert body["data"]["units"] == [] and body["data"]["unassigned_units"] == []


def test_add_plan_errors_use_the_seed_004_error_body(client, leader_token, staff_token, db):
    missing = client.post("/api/plans/add-plan", headers=bearer(leader_token), json={"plan_name": "x"})
    assert missing.status_code == 400
    assert set(missing.json()) >= {"statusCode", "httpStatus", "message", "timeStamp", "success"}
    assert missing.json()["success"] is False and missing.json()["httpStatus"] == "Bad Request"
    backwards = client.post(
        "/api/plans/add-plan",
        headers=bearer(leader_token),
        json={"plan_name": "x", "delivery_start": "2030-01-07", "delivery_end": "2030-01-01"},
    )
    assert backwards.status_code == 400 and "delivery_end" in backwards.json()["message"]
    with DatabaseUnchanged(db):
        refused = client.post(
            "/api/plans/add-plan", headers=bearer(staff_token), json={"plan_name": "x", "delivery_start": "2030-01-07"}
        )
    assert refused.status_code == 403


def test_list_plans_with_counts_units_and_unassigned(client, leader_token):
    _new_plan(client, leader_token, plan_name="Listed plan")
    body = client.get(
        "/api/plans?include_units=true&include_counts=true&include_unassigned=true&limit=5",
        headers=bearer(leader_token),
    ).json()
    assert body["message"] == "Plans fetched"
    data = body["data"]
    assert data["limit"] == 5 and data["offset"] == 0 and data["total"] >= 2
    plan = data["plans"][0]
    assert "plan_unit_ids" in plan and "summary" in plan and "unassigned_count" in plan
    assert set(plan["summary"]) == {"units_count", "orders_count", "total_weight"}


def test_get_plan_has_units_with_capacity_and_unassigned_orders(client, leader_token, db):
    demo = db.exec(select(Plan).where(Plan.plan_name == "Next week's deliveries")).one()
    data = client.get(f"/api/plans/{demo.id}", headers=bearer(leader_token)).json()["data"]
    assert len(data["units"]) == 4
    unit = data["units"][0]
    for key in (
        "planned_unit_id",
        "vehicle_assignment_id",
        "vehicle_type",
        "driver",
        "vehicle",
        "capacity_kg",
        "used_weight_kg",
        "remaining_capacity_kg",
        "routes_served",
        "summary",
        "orders",
    ):
        assert key in unit
    # Other tests may have assigned a few demo orders already.
    assert len(data["unassigned_orders"]) > 100
    order = data["unassigned_orders"][0]
    assert any(line["assignment"] == "unassigned" for line in order["lines"])
    assert order["total_weight"] == round(sum(line["weight"] for line in order["lines"]), 3)


def test_horse_unit_capacity_is_its_trailers(client, leader_token, db):
    plan = _new_plan(client, leader_token)["data"]["plan"]
    horses = [va for va in db.exec(select(VehicleAssignment)) if va.trailer_id]
    data = client.post(
        f"/api/plans/{plan['id']}/units", headers=bearer(leader_token), json={"vehicle_assignment_id": horses[0].id}
    ).json()["data"]
    unit = data["units"][0]
    assert unit["vehicle_type"] == "horse" and unit["capacity_kg"] == 30000.0 and unit["trailer"]


def test_units_add_note_remove_and_duplicates(client, leader_token, db):
    plan = _new_plan(client, leader_token)["data"]["plan"]
    va = db.exec(select(VehicleAssignment)).first()
    added = client.post(
        f"/api/plans/{plan['id']}/units",
        headers=bearer(leader_token),
        json={"plan_id": plan["id"], "vehicle_assignment_id": va.id, "notes": "Early start"},
    )
    assert added.status_code == 201 and added.json()["message"] == "Planned unit added"
    unit_id = added.json()["data"]["units"][0]["planned_unit_id"]
    again = client.post(
        f"/api/plans/{plan['id']}/units", headers=bearer(leader_token), json={"vehicle_assignment_id": va.id}
    )
    assert again.status_code == 409
    noted = client.post(
        "/api/plans/units/note",
        headers=bearer(leader_token),
        json={"plan_id": plan["id"], "planned_unit_id": unit_id, "note": "Gate code 1234"},
    )
    assert noted.json()["data"]["units"][0]["notes"] == "Gate code 1234"
    removed = client.post(
        "/api/plans/units/remove",
        headers=bearer(leader_token),
        json={"plan_id": plan["id"], "planned_unit_id": unit_id},
    )
    assert removed.status_code == 200 and removed.json()["data"]["units"] == []
    db.expire_all()
    assert [
        e.action
        for e in db.exec(select(AuditEvent).where(AuditEvent.entity_id == unit_id).order_by(AuditEvent.at)).all()
    ] == ["create", "note", "delete"]


def test_unknown_plan_unit_and_vehicle_are_404(client, leader_token):
    plan = _new_plan(client, leader_token)["data"]["plan"]
    assert client.get("/api/plans/nope", headers=bearer(leader_token)).status_code == 404
    assert (
        client.post(
            f"/api/plans/{plan['id']}/units", headers=bearer(leader_token), json={"vehicle_assignment_id": "nope"}
        ).status_code
        == 404
    )
    response = client.post(
        "/api/plans/units/note",
        headers=bearer(leader_token),
        json={"plan_id": plan["id"], "planned_unit_id": "nope", "note": "x"},
    )
    assert response.status_code == 404 and response.json()["success"] is False


def test_delete_plan_removes_units(client, leader_token, db):
    plan = _new_plan(client, leader_token)["data"]["plan"]
    va = db.exec(select(VehicleAssignment)).first()
    client.post(f"/api/plans/{plan['id']}/units", headers=bearer(leader_token), json={"vehicle_assignment_id": va.id})
    response = client.delete(f"/api/plans/{plan['id']}", headers=bearer(leader_token))
    assert response.json() == {"statusCode": 200, "message": "Plan deleted"}
    db.expire_all()
    assert db.get(Plan, plan["id"]) is None
    assert db.exec(select(PlannedUnit).where(PlannedUnit.plan_id == plan["id"])).first() is None


def test_loads_tree_and_filters(client, staff_token):
    data = client.get("/api/loads", headers=bearer(staff_token)).json()["data"]
    assert len(data["branches"]) == 2 and data["totals"]["orders"] == 200
    branch = data["branches"][0]
    route = branch["routes"][0]
    customer = route["suburbs"][0]["customers"][0]
    order = customer["orders"][0]
    assert set(order["totals"]) == {"items", "quantity", "weight"}
    assert order["order_lines"][0]["assignment"] in ("assigned", "unassigned")
    one_branch = client.get(f"/api/loads?branch_id={branch['branch_id']}", headers=bearer(staff_token)).json()
    assert [b["branch_id"] for b in one_branch["data"]["branches"]] == [branch["branch_id"]]
    day = order["delivery_date"]
    on_day = client.get(f"/api/loads?date={day}", headers=bearer(staff_token)).json()["data"]
    dates = {
        o["delivery_date"]
        for b in on_day["branches"]
        for r in b["routes"]
        for s in r["suburbs"]
        for c in s["customers"]
        for o in c["orders"]
    }
    assert dates == {day}
    named = client.get("/api/loads?customer_name=acme", headers=bearer(staff_token)).json()["data"]
    names = {
        c["customer_name"] for b in named["branches"] for r in b["routes"] for s in r["suburbs"] for c in s["customers"]
    }
    assert names and all("acme" in n.lower() for n in names)
    bad = client.get("/api/loads?date=yesterday", headers=bearer(staff_token))
    assert bad.status_code == 400 and bad.json()["success"] is False
