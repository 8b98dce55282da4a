"""Moving an order between units (POST /api/plans/{id}/move) and removing a unit with its orders, over
real HTTP: one transaction and one audit entry each, checked by the load rules, refused in words that
name the unit (never its id), 409 when the caller's view is out of date; and the loads table's filters
and pages, read from the database."""

from __future__ import annotations

import threading

import httpx
from sqlmodel import Session, select

from shiftapp.models import AuditEvent, Employee, OrderAssignment, Plan, PlannedUnit, Vehicle, VehicleAssignment
from shiftapp.services import logistics
from tests.integration.conftest import bearer
from tests.integration.test_bulk_assign_api import _assign, _free_orders, _light, _plan, _unit, _vas, _weight
from tests.support import DatabaseUnchanged


def _move(client, token, plan_id, order_id, from_unit, to_unit):
    return client.post(
        f"/api/plans/{plan_id}/move",
        headers=bearer(token),
        json={"order_id": order_id, "from_unit_id": from_unit, "to_unit_id": to_unit},
    )


def _plate(db, unit_id) -> str:
    unit = db.get(PlannedUnit, unit_id)
    return db.get(Vehicle, db.get(VehicleAssignment, unit.vehicle_assignment_id).vehicle_id).license_plate


def _set_up(client, token, db, units=2, kind="truck"):
    """A plan on a light free order's day, `units` trucks of its branch, the order on the first."""
    order = _light(db, _free_orders(db), limit=1500.0)[0]
    plan_id = _plan(client, token, order.delivery_date)
    ids = [_unit(client, token, plan_id, va.id) for va in _vas(db, kind, order.branch_id)[:units]]
    assert _assign(client, token, plan_id, ids[0], [order.id]).status_code == 200
    return order, plan_id, ids


def _carriers(db, order_id) -> set[str]:
    db.expire_all()
    return {a.planned_unit_id for a in db.exec(select(OrderAssignment).where(OrderAssignment.order_id == order_id))}


def test_a_move_is_one_change_with_one_audit_entry(client, leader_token, db):
    order, plan_id, (first, second) = _set_up(client, leader_token, db)
    moved = _move(client, leader_token, plan_id, order.id, first, second)
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["message"] == (
        f"Order {order.sales_order_number} moved from {_plate(db, first)} (truck) to {_plate(db, second)} (truck)"
    )
    units = {u["planned_unit_id"]: u for u in body["data"]["units"]}
    assert [o["order_id"] for o in units[second]["orders"]] == [order.id]
    assert units[first]["orders"] == [] and units[second]["used_weight_kg"] == round(_weight(db, order.id), 3)
    assert _carriers(db, order.id) == {second}
    entries = db.exec(
        select(AuditEvent).where(AuditEvent.entity_id == plan_id, AuditEvent.action == "move_order")
    ).all()
    assert len(entries) == 1
    assert entries[0].before == {"order_id": order.id, "planned_unit_id": first}
    assert entries[0].after == {"order_id": order.id, "planned_unit_id": second}


def _heavy_on_a_truck(client, token, db):
    """A heavy free order on a truck of its branch with room for it that day (other tests load some
    branches' trucks on some days), in a new plan."""
    for heavy in [o for o in _free_orders(db) if _weight(db, o.id) > 1500][:8]:
        plan_id = _plan(client, token, heavy.delivery_date)
        for va in _vas(db, "truck", heavy.branch_id):
            truck = _unit(client, token, plan_id, va.id)
            if _assign(client, token, plan_id, truck, [heavy.id]).status_code == 200:
                return heavy, plan_id, truck
    raise AssertionError("no heavy order fits on a truck of its branch")


def test_a_move_the_rules_refuse_names_the_unit_and_changes_nothing(client, leader_token, db):
    heavy, plan_id, truck = _heavy_on_a_truck(client, leader_token, db)
    bakkie = _unit(client, leader_token, plan_id, _vas(db, "bakkie", heavy.branch_id)[0].id)
    with DatabaseUnchanged(db):
        refused = _move(client, leader_token, plan_id, heavy.id, truck, bakkie)
    assert refused.status_code == 409
    body = refused.json()
    assert body["details"]["rule"] == "unit_capacity"
    assert heavy.sales_order_number in body["message"] and _plate(db, bakkie) in body["message"]
    assert bakkie not in body["message"] and truck not in body["message"]
    assert _carriers(db, heavy.id) == {truck}


def test_a_move_from_a_unit_the_order_has_left_is_409(client, leader_token, db):
    order, plan_id, (first, second, third) = _set_up(client, leader_token, db, units=3)
    assert _move(client, leader_token, plan_id, order.id, first, second).status_code == 200
    with DatabaseUnchanged(db):
        stale = _move(client, leader_token, plan_id, order.id, first, third)  # the caller still sees it on `first`
    assert stale.status_code == 409 and "no longer where you saw it" in stale.json()["message"]
    assert order.sales_order_number in stale.json()["message"] and first not in stale.json()["message"]
    assert _carriers(db, order.id) == {second}


def test_two_racing_moves_of_one_order_have_one_winner(client, leader_token, db, base_url):
    order, plan_id, (first, second, third) = _set_up(client, leader_token, db, units=3)
    barrier, statuses = threading.Barrier(2), []

    def race(target):
        with httpx.Client(base_url=base_url, timeout=30) as own:
            barrier.wait()
            statuses.append(_move(own, leader_token, plan_id, order.id, first, target).status_code)

    threads = [threading.Thread(target=race, args=(t,)) for t in (second, third)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(statuses) == [200, 409]
    assert len(_carriers(db, order.id)) == 1 and _carriers(db, order.id) <= {second, third}


def test_bad_moves_are_kind_refusals_and_staff_may_not_move(client, leader_token, staff_token, db):
    order, plan_id, (first, second) = _set_up(client, leader_token, db)
    with DatabaseUnchanged(db):
        same = _move(client, leader_token, plan_id, order.id, first, first)
        assert same.status_code == 400 and "already on" in same.json()["message"]
        gone = _move(client, leader_token, plan_id, order.id, first, "no-such-unit")
        assert gone.status_code == 404 and "no-such-unit" not in gone.json()["message"]
        assert _move(client, leader_token, plan_id, "no-such-order", first, second).status_code == 404
        assert _move(client, staff_token, plan_id, order.id, first, second).status_code == 403
        elsewhere = client.post(
            f"/api/plans/{plan_id}/move",
            headers=bearer(leader_token),
            json={"plan_id": "another", "order_id": order.id, "from_unit_id": first, "to_unit_id": second},
        )
        assert elsewhere.status_code == 400


def test_a_closed_plan_refuses_moves_and_removing_a_loaded_unit(client, leader_token, db):
    order, plan_id, (first, second) = _set_up(client, leader_token, db)
    plan = db.get(Plan, plan_id)
    plan.status = "completed"
    db.add(plan)
    db.commit()
    with DatabaseUnchanged(db):
        moved = _move(client, leader_token, plan_id, order.id, first, second)
        assert moved.status_code == 409 and moved.json()["details"]["rule"] == "plan_status"
        removed = client.post(
            "/api/plans/units/remove",
            headers=bearer(leader_token),
            json={"plan_id": plan_id, "planned_unit_id": first, "unassign_orders": True},
        )
        assert removed.status_code == 409 and "completed" in removed.json()["message"]


def test_removing_a_unit_sends_its_orders_back_in_one_transaction(client, leader_token, db):
    order, plan_id, (first, _second) = _set_up(client, leader_token, db)
    with DatabaseUnchanged(db):
        # Seed 004's way: a loaded unit is not removed, and the refusal names it by its plate.
        kept = client.post(
            "/api/plans/units/remove", headers=bearer(leader_token), json={"plan_id": plan_id, "planned_unit_id": first}
        )
        assert kept.status_code == 409 and _plate(db, first) in kept.json()["message"]
    removed = client.post(
        "/api/plans/units/remove",
        headers=bearer(leader_token),
        json={"plan_id": plan_id, "planned_unit_id": first, "unassign_orders": True},
    )
    assert removed.status_code == 200, removed.text
    data = removed.json()["data"]
    assert first not in [u["planned_unit_id"] for u in data["units"]]
    assert order.id in [o["order_id"] for o in data["unassigned_orders"]]
    assert _carriers(db, order.id) == set()
    entry = db.exec(select(AuditEvent).where(AuditEvent.entity_id == first, AuditEvent.action == "delete")).one()
    assert entry.before["released_order_ids"] == [order.id]


# ------------------------------------------------------------------ the loads table
def _leader(db) -> Employee:
    return db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()


def test_the_loads_table_filters_pages_and_collapses_in_the_database(client, leader_token, db):
    order, _plan_id, (first, _second) = _set_up(client, leader_token, db)
    db.expire_all()
    with Session(db.get_bind()) as session:
        leader = session.get(Employee, _leader(db).id)
        day = order.delivery_date
        whole = logistics.loads_table(session=session, actor=leader, on=day, limit=200)
        assert whole.totals.orders == sum(g.orders for g in whole.groups) == whole.rows_total
        mine = logistics.loads_table(session=session, actor=leader, on=day, branch_id=order.branch_id, limit=200)
        assert {g.branch_id for g in mine.groups} == {order.branch_id}
        assert all(r.label.count("·") == 0 for r in mine.routes)  # one branch: routes by their own names
        route = logistics.loads_table(session=session, actor=leader, on=day, route_id=order.route_id, limit=200)
        assert [g.route_id for g in route.groups] == [order.route_id]
        row = next(r for r in route.rows if r.order_id == order.id)
        assert row.units == [f"{_plate(db, first)} (truck)"] and row.plans == ["Bulk test"] and row.assigned
        assigned = logistics.loads_table(session=session, actor=leader, on=day, status="assigned", limit=200)
        unassigned = logistics.loads_table(session=session, actor=leader, on=day, status="unassigned", limit=200)
        assert all(r.assigned for r in assigned.rows) and not any(r.assigned for r in unassigned.rows)
        assert assigned.totals.orders + unassigned.totals.orders == whole.totals.orders
        assert unassigned.totals.unassigned == unassigned.totals.orders == whole.totals.unassigned
        # Pages of 2 go through every row once, in branch, route, date and number order.
        seen = []
        for offset in range(0, whole.rows_total, 2):
            seen += [
                r.order_id
                for r in logistics.loads_table(session=session, actor=leader, on=day, limit=2, offset=offset).rows
            ]
        assert seen == [r.order_id for r in whole.rows]
        # A collapsed route gives no rows, keeps its heading and count, and the pages skip it.
        folded = logistics.loads_table(
            session=session, actor=leader, on=day, collapsed_route_ids=[order.route_id], limit=200
        )
        assert order.route_id not in {r.route_id for r in folded.rows}
        assert folded.groups == whole.groups
        assert folded.rows_total == whole.rows_total - next(
            g.orders for g in whole.groups if g.route_id == order.route_id
        )
