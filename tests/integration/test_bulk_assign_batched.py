"""Bulk-assign reads what it checks in a fixed number of statements however many orders a request
lists (the orders, their lines and their assignments each in one query), and refuses a bad request
with the same first refusal as when it read them order by order: the first bad order in request
order, with units checked where the request names them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from sqlmodel import Session, select

from shiftapp.models import (
    Customer,
    DeliveryOrder,
    Employee,
    OrderAssignment,
    OrderLine,
    Plan,
    PlannedUnit,
    Route,
    Suburb,
    Vehicle,
    VehicleAssignment,
)
from shiftapp.services import logistics
from shiftapp.services.errors import Conflict, DomainError, NotFound, ValidationFailed
from tests.integration.test_service_reads import StatementCounter

DEMO_PLAN = "Next week's deliveries"


@dataclass
class LightOrders:
    """A plan with one active truck and `count` one-line, one-kilogram orders of one new route and
    customer on the plan's first day: as many as asked fit the truck under every load rule."""

    actor: Employee
    plan: Plan
    unit: PlannedUnit
    order_ids: list[str]


def make_light_orders(session: Session, count: int) -> LightOrders:
    demo = session.exec(select(Plan).where(Plan.plan_name == DEMO_PLAN)).one()
    actor = session.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
    truck = session.exec(
        select(VehicleAssignment)
        .join(Vehicle, Vehicle.id == VehicleAssignment.vehicle_id)
        .where(VehicleAssignment.active, Vehicle.vehicle_type == "truck")
        .order_by(VehicleAssignment.id)
    ).first()
    assert truck is not None
    route = Route(branch_id=truck.branch_id, name="Bulk-assign route", code="BULK")
    session.add(route)
    session.flush()
    suburb = Suburb(route_id=route.id, name="Bulk-assign suburb")
    session.add(suburb)
    session.flush()
    customer = Customer(name="Bulk-assign customer", bp_code="BULK", suburb_id=suburb.id)
    session.add(customer)
    session.flush()
    orders = [
        DeliveryOrder(
            sales_order_number=f"BULK-{number:05d}",
            customer_id=customer.id,
            branch_id=truck.branch_id,
            route_id=route.id,
            suburb_id=suburb.id,
            delivery_date=demo.delivery_start,
        )
        for number in range(count)
    ]
    session.add_all(orders)
    session.flush()
    session.add_all(OrderLine(order_id=o.id, description="Bulk-assign line", weight_kg=1.0) for o in orders)
    session.flush()
    plan = logistics.add_plan(
        session=session,
        actor=actor,
        new=logistics.NewPlan(plan_name="Bulk-assign plan", delivery_start=demo.delivery_start),
    )
    logistics.add_unit(session=session, actor=actor, plan_id=plan.id, vehicle_assignment_id=truck.id)
    unit = session.exec(select(PlannedUnit).where(PlannedUnit.plan_id == plan.id)).one()
    return LightOrders(actor=actor, plan=plan, unit=unit, order_ids=[o.id for o in orders])


@contextmanager
def light_orders(db: Session, count: int) -> Iterator[LightOrders]:
    """`make_light_orders` in the test's session, rolled back after: nothing is kept for other tests."""
    db.expire_all()
    try:
        yield make_light_orders(db, count)
    finally:
        db.rollback()


def _assign(db: Session, made: LightOrders, *entries: tuple[str, list[str]]) -> Plan:
    return logistics.bulk_assign(
        session=db,
        actor=made.actor,
        plan_id=made.plan.id,
        assignments=[
            logistics.UnitLoad(planned_unit_id=unit_id, orders=[logistics.OrderToLoad(order_id=o) for o in order_ids])
            for unit_id, order_ids in entries
        ],
    )


def _statements_to_assign(db: Session, made: LightOrders, order_ids: list[str]) -> int:
    with StatementCounter(db) as counted:
        _assign(db, made, (made.unit.id, order_ids))
    assigned = db.exec(select(OrderAssignment.order_id).where(OrderAssignment.planned_unit_id == made.unit.id))
    assert set(assigned) == set(order_ids)
    return counted.count


def test_bulk_assign_runs_as_many_statements_for_sixty_orders_as_for_three(db):
    with light_orders(db, 3) as made:
        few = _statements_to_assign(db, made, made.order_ids)
    with light_orders(db, 60) as made:
        many = _statements_to_assign(db, made, made.order_ids)
    assert few == many


def _first_refusal(db: Session, made: LightOrders, *entries: tuple[str, list[str]]) -> DomainError:
    with pytest.raises(DomainError) as refused:
        _assign(db, made, *entries)
    assert not db.exec(select(OrderAssignment).where(OrderAssignment.plan_id == made.plan.id)).all()
    return refused.value


def test_the_first_bad_order_in_request_order_is_the_one_refused(db):
    with light_orders(db, 4) as made:
        good, lineless, _spare, taken = made.order_ids
        for line in db.exec(select(OrderLine).where(OrderLine.order_id == lineless)):
            db.delete(line)
        demo_unit = db.exec(
            select(PlannedUnit).join(Plan, Plan.id == PlannedUnit.plan_id).where(Plan.plan_name == DEMO_PLAN)
        ).first()
        assert demo_unit is not None
        db.add(
            OrderAssignment(
                plan_id=demo_unit.plan_id,
                planned_unit_id=demo_unit.id,
                order_id=taken,
                order_line_id=db.exec(select(OrderLine.id).where(OrderLine.order_id == taken)).one(),
                weight_kg=1.0,
            )
        )
        db.flush()
        number = {o.id: o.sales_order_number for o in db.exec(select(DeliveryOrder))}
        unit = made.unit.id

        missing = _first_refusal(db, made, (unit, [good, "no-such-order", taken, good, lineless]))
        assert isinstance(missing, NotFound) and missing.details == {"order_id": "no-such-order"}

        elsewhere = _first_refusal(db, made, (unit, [good, taken, "no-such-order", good, lineless]))
        assert isinstance(elsewhere, Conflict)
        assert elsewhere.details == {"order_id": taken, "planned_unit_id": unit, "rule": "order_exclusivity"}
        assert number[taken] in elsewhere.text("en") and DEMO_PLAN in elsewhere.text("en")

        twice = _first_refusal(db, made, (unit, [good, lineless, good, taken]))
        assert isinstance(twice, ValidationFailed) and twice.details == {"order_id": lineless}
        assert f"Order {number[lineless]} has no lines to load" == twice.text("en")

        repeated = _first_refusal(db, made, (unit, [good, good, lineless]))
        assert isinstance(repeated, ValidationFailed)
        assert repeated.text("en") == f"Order {number[good]} appears twice in this request"

        # Units are checked where the request names them: an order of the first entry before the second's unit.
        order_first = _first_refusal(db, made, (unit, ["no-such-order"]), ("no-such-unit", [good]))
        assert isinstance(order_first, NotFound) and order_first.details == {"order_id": "no-such-order"}
        unit_first = _first_refusal(db, made, (unit, [good]), ("no-such-unit", ["no-such-order"]))
        assert isinstance(unit_first, NotFound) and unit_first.details == {"planned_unit_id": "no-such-unit"}
        # An order twice across two entries is named twice as in one.
        across = _first_refusal(db, made, (unit, [good]), (unit, [good]))
        assert isinstance(across, ValidationFailed) and across.details == {"order_id": good}
