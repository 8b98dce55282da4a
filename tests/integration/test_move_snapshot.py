"""A move is judged on the part of the plan it can change (`move_snapshot`): on random plans and random
moves, the conflicts it introduces and resolves are exactly those the whole plan's check finds, with the
rules' own limits and with tight ones. The plan is written in a transaction that is rolled back."""

from __future__ import annotations

import random
from collections import defaultdict

from sqlmodel import select

from shiftapp.models import DeliveryOrder, OrderAssignment, OrderLine, Plan, PlannedUnit, VehicleAssignment
from shiftapp.rules import LoadAssignment, MoveOrders, evaluate_change
from shiftapp.services.load_checks import load_plan, move_snapshot
from shiftapp.services.snapshots import rule_settings


def _described(conflicts) -> list[tuple]:
    return [(c.code, c.key, c.message, c.severity, c.unit_ids, c.order_ids) for c in conflicts]


def test_a_moves_narrow_check_finds_what_the_whole_plans_check_finds(db):
    generator = random.Random(19)
    taken = select(OrderAssignment.order_id)
    free = list(db.exec(select(DeliveryOrder).where(DeliveryOrder.id.not_in(taken)).order_by(DeliveryOrder.id)))
    # The busiest days, so that routes and customers meet on them.
    by_day = defaultdict(list)
    for order in free:
        by_day[order.delivery_date].append(order)
    days = sorted(by_day, key=lambda d: -len(by_day[d]))[:3]
    orders = [o for d in days for o in by_day[d]]
    assert len(orders) >= 20
    lines = defaultdict(list)
    for line in db.exec(select(OrderLine).where(OrderLine.order_id.in_([o.id for o in orders]))):
        lines[line.order_id].append(line)
    orders = [o for o in orders if lines[o.id]]
    plan = Plan(plan_name="Move snapshot test", delivery_start=min(days), delivery_end=max(days))
    db.add(plan)
    db.flush()
    vehicle_assignments = list(db.exec(select(VehicleAssignment).order_by(VehicleAssignment.id)))
    units = []
    for va in generator.sample(vehicle_assignments, min(8, len(vehicle_assignments))):
        unit = PlannedUnit(plan_id=plan.id, vehicle_assignment_id=va.id)
        db.add(unit)
        units.append(unit)
    db.flush()
    try:
        # Most orders on one unit, some split over two: conflicts of every rule, before and after.
        for order in generator.sample(orders, min(len(orders), 80)):
            first, second = generator.sample(units, 2)
            split = generator.random() < 0.2
            for index, line in enumerate(lines[order.id]):
                unit = second if split and index % 2 else first
                db.add(
                    OrderAssignment(
                        plan_id=plan.id,
                        planned_unit_id=unit.id,
                        order_id=order.id,
                        order_line_id=line.id,
                        weight_kg=line.weight_kg,
                    )
                )
        db.flush()
        carried = defaultdict(list)
        for a in db.exec(select(OrderAssignment).where(OrderAssignment.plan_id == plan.id)):
            carried[(a.order_id, a.planned_unit_id)].append(a)
        whole = load_plan(db, plan)
        narrower = 0
        for order_id, from_unit in generator.sample(sorted(carried), min(40, len(carried))):
            to_unit = generator.choice([u.id for u in units if u.id != from_unit])
            rows = carried[(order_id, from_unit)]
            change = MoveOrders(
                order_ids=(order_id,),
                from_unit_id=from_unit,
                assignments=(
                    LoadAssignment(
                        order_id=order_id,
                        unit_id=to_unit,
                        plan_id=plan.id,
                        weight_kg=sum(a.weight_kg for a in rows),
                        line_ids=tuple(sorted(a.order_line_id for a in rows)),
                    ),
                ),
            )
            narrow = move_snapshot(db, plan, order_id, {from_unit, to_unit})
            narrower += len(narrow.assignments) < len(whole.assignments)
            for settings in (
                rule_settings(),
                rule_settings(max_units_per_customer_per_day=1, max_vehicles_per_route_per_day=1),
            ):
                expected = evaluate_change(whole, change, settings)
                found = evaluate_change(narrow, change, settings)
                assert _described(found.hard) == _described(expected.hard), (order_id, from_unit, to_unit)
                assert _described(found.introduced) == _described(expected.introduced)
                assert _described(found.removed) == _described(expected.removed)
        # The narrow check read less than the whole plan for most moves (not the whole plan each time).
        assert narrower > 20
    finally:
        db.rollback()
