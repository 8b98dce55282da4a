"""Load-plan snapshots for the rule engine, and the check every order assignment passes."""

from __future__ import annotations

from collections.abc import Collection, Set

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from shiftapp.i18n.messages import Message, VehicleName
from shiftapp.models import (
    Customer,
    DeliveryOrder,
    OrderAssignment,
    OrderLine,
    Plan,
    PlannedUnit,
    Route,
    Trailer,
    Vehicle,
    VehicleAssignment,
)
from shiftapp.rules import (
    AssignOrders,
    ChangeResult,
    LoadAssignment,
    LoadPlan,
    MoveOrders,
    OrderSnapshot,
    UnitSnapshot,
    evaluate_change,
)
from shiftapp.services.errors import HardConflicts
from shiftapp.services.snapshots import rule_settings


def unit_snapshots(session: Session, plan: Plan, unit_ids: Collection[str] | None = None) -> list[UnitSnapshot]:
    """The plan's units (those of `unit_ids` only, when given) as the load rules see them, in two queries
    however many there are (the foreign keys guarantee each unit's vehicle assignment and vehicle)."""
    query = (
        select(PlannedUnit, VehicleAssignment, Vehicle)
        .join(VehicleAssignment, col(VehicleAssignment.id) == col(PlannedUnit.vehicle_assignment_id))
        .join(Vehicle, col(Vehicle.id) == col(VehicleAssignment.vehicle_id))
        .where(PlannedUnit.plan_id == plan.id)
    )
    if unit_ids is not None:
        query = query.where(col(PlannedUnit.id).in_(unit_ids))
    rows = session.exec(query).all()
    trailer_ids = {va.trailer_id for _, va, _ in rows if va.trailer_id}
    trailers = (
        {t.id: t for t in session.exec(select(Trailer).where(col(Trailer.id).in_(trailer_ids)))} if trailer_ids else {}
    )
    units = []
    for unit, va, vehicle in rows:
        trailer = trailers.get(va.trailer_id) if va.trailer_id else None
        capacity = (trailer.capacity_kg if trailer else 0.0) if vehicle.vehicle_type == "horse" else vehicle.capacity_kg
        units.append(
            UnitSnapshot(
                id=unit.id,
                branch_id=va.branch_id,
                capacity_kg=capacity,
                label=f"{vehicle.license_plate} ({vehicle.vehicle_type})",
                status=unit.status,
                name=VehicleName(vehicle.license_plate, vehicle.vehicle_type),
            )
        )
    return units


def order_snapshots(session: Session, order_ids: set[str]) -> list[OrderSnapshot]:
    if not order_ids:
        return []
    weights: dict[str, float] = {}
    for line in session.exec(select(OrderLine).where(col(OrderLine.order_id).in_(order_ids))):
        weights[line.order_id] = weights.get(line.order_id, 0.0) + line.weight_kg
    rows = session.exec(
        select(DeliveryOrder, Customer.name, Route.name)
        .join(Customer, col(Customer.id) == col(DeliveryOrder.customer_id))
        .join(Route, col(Route.id) == col(DeliveryOrder.route_id))
        .where(col(DeliveryOrder.id).in_(order_ids))
    ).all()
    return [
        OrderSnapshot(
            id=o.id,
            branch_id=o.branch_id,
            route_id=o.route_id,
            customer_id=o.customer_id,
            delivery_date=o.delivery_date,
            weight_kg=weights.get(o.id, 0.0),
            number=o.sales_order_number,
            customer_name=customer,
            route_name=route,
        )
        for o, customer, route in rows
    ]


def load_plan(
    session: Session,
    plan: Plan,
    extra_order_ids: Set[str] = frozenset(),
    *,
    only: ColumnElement[bool] | None = None,
    unit_ids: Set[str] = frozenset(),
) -> LoadPlan:
    """The plan's units and assignments, plus the orders a check is about. With `only`, just the plan's
    assignments it matches, the units they are on and `unit_ids`: the part of the plan a change can
    alter the rules' verdict on (`move_snapshot`)."""
    query = select(OrderAssignment).where(OrderAssignment.plan_id == plan.id)
    if only is not None:
        query = query.where(only)
    assignments = list(session.exec(query))
    order_ids = {a.order_id for a in assignments} | set(extra_order_ids)
    # Assignments of these orders in other plans matter for exclusivity.
    others = (
        list(
            session.exec(
                select(OrderAssignment).where(
                    col(OrderAssignment.order_id).in_(order_ids), OrderAssignment.plan_id != plan.id
                )
            )
        )
        if order_ids
        else []
    )
    grouped: dict[tuple[str, str, str], list[OrderAssignment]] = {}
    for a in assignments + others:
        grouped.setdefault((a.plan_id, a.planned_unit_id, a.order_id), []).append(a)
    snapshot_assignments = [
        LoadAssignment(
            order_id=order_id,
            unit_id=unit_id,
            plan_id=plan_id,
            weight_kg=sum(r.weight_kg for r in rows),
            line_ids=tuple(sorted(r.order_line_id for r in rows)),
        )
        for (plan_id, unit_id, order_id), rows in grouped.items()
    ]
    return LoadPlan.build(
        plan_id=plan.id,
        start=plan.delivery_start,
        end=plan.delivery_end,
        branch_ids=None if plan.scope_all_branches else plan.branch_ids,
        units=unit_snapshots(
            session, plan, None if only is None else {a.planned_unit_id for a in assignments} | set(unit_ids)
        ),
        orders=order_snapshots(session, order_ids),
        assignments=snapshot_assignments,
    )


def move_snapshot(session: Session, plan: Plan, order_id: str, unit_ids: Set[str]) -> LoadPlan:
    """What a move of one order between `unit_ids` can change the load rules' verdict on, and nothing
    else of the plan: everything those units carry (capacity, one route a day, branch and dates are
    judged per unit), every assignment of orders on the order's route and day (vehicles per route) and
    of its customer's orders that day (units per customer), and the order's assignments in any plan
    (exclusivity). A conflict elsewhere in the plan is the same before and after the move, so the
    change's new conflicts are those the whole plan would show, read from a few rows instead of all."""
    order = session.get(DeliveryOrder, order_id)
    if order is None:
        return load_plan(session, plan, {order_id})
    peers = select(DeliveryOrder.id).where(
        DeliveryOrder.delivery_date == order.delivery_date,
        or_(col(DeliveryOrder.route_id) == order.route_id, col(DeliveryOrder.customer_id) == order.customer_id),
    )
    only = or_(col(OrderAssignment.planned_unit_id).in_(unit_ids), col(OrderAssignment.order_id).in_(peers))
    return load_plan(session, plan, {order_id}, only=only, unit_ids=unit_ids)


def check_proposed_assignments(
    *, session: Session, plan: Plan, proposed: list[tuple[str, str]], limits: dict[str, int] | None = None
) -> None:
    """Raise a 409 naming the order, the unit and the rule if assigning these whole orders breaks a hard rule."""
    snapshot = load_plan(session, plan, {order_id for _unit, order_id in proposed})
    lines: dict[str, list[OrderLine]] = {}
    for line in session.exec(select(OrderLine).where(col(OrderLine.order_id).in_({o for _u, o in proposed}))):
        lines.setdefault(line.order_id, []).append(line)
    change = AssignOrders(
        tuple(
            LoadAssignment(
                order_id=order_id,
                unit_id=unit_id,
                plan_id=plan.id,
                weight_kg=sum(line.weight_kg for line in lines.get(order_id, [])),
                line_ids=tuple(sorted(line.id for line in lines.get(order_id, []))),
            )
            for unit_id, order_id in proposed
        )
    )
    _refuse_hard(snapshot, evaluate_change(snapshot, change, rule_settings(**(limits or {}))), proposed)


def check_proposed_move(
    *,
    session: Session,
    plan: Plan,
    order_id: str,
    from_unit_id: str,
    to_unit_id: str,
    line_ids: list[str],
    weight_kg: float,
    limits: dict[str, int] | None = None,
) -> None:
    """Raise a 409 naming the order, the unit by its name and the rule if moving what `from_unit_id`
    carries of the order onto `to_unit_id` breaks a hard rule (judged on the plan after the move; read
    from the part of the plan the move can change, `move_snapshot`)."""
    snapshot = move_snapshot(session, plan, order_id, {from_unit_id, to_unit_id})
    change = MoveOrders(
        order_ids=(order_id,),
        from_unit_id=from_unit_id,
        assignments=(
            LoadAssignment(
                order_id=order_id,
                unit_id=to_unit_id,
                plan_id=plan.id,
                weight_kg=weight_kg,
                line_ids=tuple(sorted(line_ids)),
            ),
        ),
    )
    _refuse_hard(snapshot, evaluate_change(snapshot, change, rule_settings(**(limits or {}))), [(to_unit_id, order_id)])


def _refuse_hard(snapshot: LoadPlan, result: ChangeResult, proposed: list[tuple[str, str]]) -> None:
    """A hard conflict the change introduces, as a 409 that names the order and the unit in words."""
    if result.hard:
        first = result.hard[0]
        # Name the proposed order that tips the plan over, on the unit that would take it.
        culprit = next(((u, o) for u, o in proposed if o in first.order_ids), None) or next(
            ((u, o) for u, o in proposed if u in first.unit_ids), proposed[0]
        )
        order = snapshot.orders.get(culprit[1])
        unit = snapshot.units.get(culprit[0])
        order_name = order.number if order and order.number else culprit[1]
        unit_name = (unit.name or unit.label) if unit and unit.label else culprit[0]
        raise HardConflicts(
            "Order {order} cannot go on unit {unit}: {problem} (rule {code})",
            params={
                "order": order_name,
                "unit": unit_name,
                "problem": Message(first.template, **first.params) if first.template else first.message,
                "code": first.code,
            },
            conflicts=result.hard,
            details={
                "rule": first.code,
                "order_id": culprit[1],
                "planned_unit_id": culprit[0],
                "order_ids": list(first.order_ids),
                "unit_ids": list(first.unit_ids),
            },
        )
