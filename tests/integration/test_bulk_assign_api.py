"""Bulk assign: validate everything first, then all or nothing; each rule refused with its name;
two racing commits for one order end with exactly one winner."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import httpx
from sqlmodel import func, select

from shiftapp.models import (
    Customer,
    DeliveryOrder,
    OrderAssignment,
    OrderLine,
    Plan,
    PlannedUnit,
    Vehicle,
    VehicleAssignment,
)
from tests.integration.conftest import bearer
from tests.support import DatabaseUnchanged


def _plan(client, token, start, days=6) -> str:
    body = {
        "plan_name": "Bulk test",
        "delivery_start": start.isoformat(),
        "delivery_end": (start + timedelta(days=days)).isoformat(),
    }
    return client.post("/api/plans/add-plan", headers=bearer(token), json=body).json()["data"]["plan"]["id"]


def _unit(client, token, plan_id, va_id) -> str:
    data = client.post(
        f"/api/plans/{plan_id}/units", headers=bearer(token), json={"vehicle_assignment_id": va_id}
    ).json()["data"]
    return next(u["planned_unit_id"] for u in data["units"] if u["vehicle_assignment_id"] == va_id)


def _free_orders(db, **where):
    db.expire_all()
    taken = select(OrderAssignment.order_id)
    query = select(DeliveryOrder).where(DeliveryOrder.id.not_in(taken))
    for key, value in where.items():
        query = query.where(getattr(DeliveryOrder, key) == value)
    return list(db.exec(query.order_by(DeliveryOrder.sales_order_number)))


def _weight(db, order_id) -> float:
    return db.exec(select(func.sum(OrderLine.weight_kg)).where(OrderLine.order_id == order_id)).one()


def _vas(db, kind, branch_id):
    return [
        va
        for va, v in db.exec(
            select(VehicleAssignment, Vehicle)
            .join(Vehicle, Vehicle.id == VehicleAssignment.vehicle_id)
            .where(Vehicle.vehicle_type == kind, VehicleAssignment.branch_id == branch_id)
        )
    ]


def _assign(client, token, plan_id, unit_id, order_ids, **extra):
    return client.post(
        f"/api/plans/{plan_id}/bulk-assign",
        headers=bearer(token),
        json={
            "plan_id": plan_id,
            "assignments": [{"planned_unit_id": unit_id, "orders": [{"order_id": o} for o in order_ids]}],
            **extra,
        },
    )


def _light(db, orders, limit=3000.0):
    return [o for o in orders if _weight(db, o.id) <= limit]


def test_assign_then_capacity_refusal_names_order_unit_and_rule(client, leader_token, db):
    order = _free_orders(db)[0]
    plan_id = _plan(client, leader_token, order.delivery_date)
    bakkie = _unit(client, leader_token, plan_id, _vas(db, "bakkie", order.branch_id)[0].id)
    # Too heavy for the bakkie, light enough for a truck (8,000 kg): other tests take free orders too.
    heavy = [o for o in _free_orders(db, branch_id=order.branch_id) if 1000 < _weight(db, o.id) <= 8000]
    refused = _assign(client, leader_token, plan_id, bakkie, [heavy[0].id])
    assert refused.status_code == 409
    body = refused.json()
    assert (
        body["success"] is False
        and "unit_capacity" in body["message"]
        and heavy[0].sales_order_number in body["message"]
    )
    assert body["details"]["rule"] == "unit_capacity" and body["details"]["unit_ids"] == [bakkie]
    # Load plans list the conflicts in the normalized shape (rule code and entities), as Planning PRO does.
    assert body["conflicts"][0]["code"] == "unit_capacity" and body["conflicts"][0]["entities"]["unit_ids"] == [bakkie]
    truck = _unit(client, leader_token, plan_id, _vas(db, "truck", order.branch_id)[0].id)
    ok = _assign(client, leader_token, plan_id, truck, [heavy[0].id])
    assert ok.status_code == 200, ok.text
    unit = next(u for u in ok.json()["data"]["units"] if u["planned_unit_id"] == truck)
    assert unit["summary"]["total_orders"] == 1 and unit["used_weight_kg"] == round(_weight(db, heavy[0].id), 3)


def test_all_or_nothing_when_one_order_breaks_a_rule(client, leader_token, db):
    order = _light(db, _free_orders(db))[0]
    plan_id = _plan(client, leader_token, order.delivery_date)
    truck = _unit(client, leader_token, plan_id, _vas(db, "truck", order.branch_id)[0].id)
    same_day = _light(db, _free_orders(db, branch_id=order.branch_id, delivery_date=order.delivery_date))
    other_route = next(o for o in same_day if o.route_id != order.route_id)
    response = _assign(client, leader_token, plan_id, truck, [order.id, other_route.id])
    assert response.status_code == 409 and response.json()["details"]["rule"] == "vehicle_single_route"
    db.expire_all()
    assert db.exec(select(OrderAssignment).where(OrderAssignment.plan_id == plan_id)).first() is None


def test_route_vehicle_limit_and_per_request_override(client, leader_token, db):
    # A route and day with at least three light orders for three different customers.
    candidates = {}
    for o in _light(db, _free_orders(db)):
        candidates.setdefault((o.route_id, o.delivery_date), {}).setdefault(o.customer_id, o)
    orders = next(list(by_customer.values())[:3] for by_customer in candidates.values() if len(by_customer) >= 3)
    plan_id = _plan(client, leader_token, orders[0].delivery_date)
    trucks = [_unit(client, leader_token, plan_id, va.id) for va in _vas(db, "truck", orders[0].branch_id)[:3]]
    for truck, o in zip(trucks[:2], orders[:2], strict=False):
        assert _assign(client, leader_token, plan_id, truck, [o.id]).status_code == 200
    third = orders[2]
    refused = _assign(client, leader_token, plan_id, trucks[2], [third.id])
    assert refused.status_code == 409 and refused.json()["details"]["rule"] == "route_vehicle_limit"
    allowed = _assign(client, leader_token, plan_id, trucks[2], [third.id], max_vehicles_per_route_per_day=3)
    assert allowed.status_code == 200


def test_order_outside_plan_dates_and_other_branch_are_refused(client, leader_token, db):
    order = _light(db, _free_orders(db))[0]
    plan_id = _plan(client, leader_token, order.delivery_date + timedelta(days=30), days=1)
    truck = _unit(client, leader_token, plan_id, _vas(db, "truck", order.branch_id)[0].id)
    outside = _assign(client, leader_token, plan_id, truck, [order.id])
    assert outside.status_code == 409 and outside.json()["details"]["rule"] == "plan_date_range"
    plan2 = _plan(client, leader_token, order.delivery_date)
    other_branch = next(va for va in db.exec(select(VehicleAssignment)) if va.branch_id != order.branch_id)
    unit = _unit(client, leader_token, plan2, other_branch.id)
    wrong = _assign(client, leader_token, plan2, unit, [order.id])
    assert wrong.status_code == 409 and wrong.json()["details"]["rule"] == "branch_match"


def test_order_in_another_plan_is_refused_and_unknowns_are_404(client, leader_token, db):
    order = _light(db, _free_orders(db))[0]
    first, second = _plan(client, leader_token, order.delivery_date), _plan(client, leader_token, order.delivery_date)
    vas = _vas(db, "truck", order.branch_id)
    assert (
        _assign(client, leader_token, first, _unit(client, leader_token, first, vas[0].id), [order.id]).status_code
        == 200
    )
    unit2 = _unit(client, leader_token, second, vas[1].id)
    again = _assign(client, leader_token, second, unit2, [order.id])
    assert again.status_code == 409 and again.json()["details"]["rule"] == "order_exclusivity"
    assert _assign(client, leader_token, second, unit2, ["nope"]).status_code == 404
    assert _assign(client, leader_token, second, "nope", [order.id]).status_code == 404


def test_unassign_frees_the_order(client, leader_token, db):
    order = _light(db, _free_orders(db))[0]
    plan_id = _plan(client, leader_token, order.delivery_date)
    truck = _unit(client, leader_token, plan_id, _vas(db, "truck", order.branch_id)[0].id)
    _assign(client, leader_token, plan_id, truck, [order.id])
    response = client.post(
        f"/api/plans/{plan_id}/unassign",
        headers=bearer(leader_token),
        json={"plan_id": plan_id, "planned_unit_id": truck, "order_ids": [order.id]},
    )
    assert response.status_code == 200
    assert response.json()["data"]["units"][0]["orders"] == []
    assert order.id in [o["order_id"] for o in response.json()["data"]["unassigned_orders"]]


def test_two_racing_commits_for_one_order_have_one_winner(client, leader_token, db, base_url):
    order = _light(db, _free_orders(db))[0]
    vas = _vas(db, "truck", order.branch_id)
    plans = [_plan(client, leader_token, order.delivery_date) for _ in range(2)]
    units = [_unit(client, leader_token, p, vas[i].id) for i, p in enumerate(plans)]
    barrier, statuses = threading.Barrier(2), []

    def race(i):
        with httpx.Client(base_url=base_url, timeout=30) as own:
            barrier.wait()
            statuses.append(_assign(own, leader_token, plans[i], units[i], [order.id]).status_code)

    threads = [threading.Thread(target=race, args=(i,)) for i in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(statuses) == [200, 409]
    db.expire_all()
    assert len({a.plan_id for a in db.exec(select(OrderAssignment).where(OrderAssignment.order_id == order.id))}) == 1


def test_staff_cannot_assign(client, staff_token, leader_token, db):
    order = _free_orders(db)[0]
    plan_id = _plan(client, leader_token, order.delivery_date)
    truck = _unit(client, leader_token, plan_id, _vas(db, "truck", order.branch_id)[0].id)
    with DatabaseUnchanged(db):
        assert _assign(client, staff_token, plan_id, truck, [order.id]).status_code == 403


__all__ = ["Customer", "Plan", "PlannedUnit", "date"]
