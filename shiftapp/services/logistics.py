"""Delivery plans, planned units and the loads tree (seed 004), read and written through one
place so that the API and the plan board see the same figures.

The reads are dataclasses in the seed's shapes (the fields in the order its bodies list them); the API's
Public schemas in api/schemas/plans.py render them field by field."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

import sqlalchemy
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from shiftapp.i18n import reading_language, translate
from shiftapp.i18n.messages import Message, VehicleName
from shiftapp.i18n.values import Term
from shiftapp.loads.tree import page_slices
from shiftapp.models import (
    Branch,
    Customer,
    DeliveryOrder,
    Driver,
    Employee,
    OrderAssignment,
    OrderLine,
    Plan,
    PlannedUnit,
    Route,
    Suburb,
    Trailer,
    Vehicle,
    VehicleAssignment,
)
from shiftapp.services import access
from shiftapp.services.audit import record
from shiftapp.services.errors import Conflict, NotFound, ValidationFailed
from shiftapp.services.locks import lock_plan
from shiftapp.services.paging import check_page
from shiftapp.services.text_limits import check_date_range, check_label, check_notes, check_search

PLAN_STATUSES = ("planning", "active", "completed", "cancelled")
UNIT_STATUSES = ("active", "paused", "oos")


# ---------------------------------------------------------------- inputs
class NewPlan(BaseModel):
    """A new delivery plan as a client describes it (the service checks names, dates, status and branches)."""

    plan_name: str
    delivery_start: date | None = None
    delivery_end: date | None = None
    scope_all_branches: bool = True
    branch_ids: list[str] = Field(default_factory=list)
    notes: str | None = None
    status: str = "planning"


class OrderToLoad(BaseModel):
    order_id: str


class UnitLoad(BaseModel):
    """Whole orders to put on one planned unit."""

    planned_unit_id: str
    orders: Sequence[OrderToLoad]


# ---------------------------------------------------------------- views
@dataclass(frozen=True)
class PlanView:
    id: str
    plan_name: str
    delivery_start: str
    delivery_end: str
    scope_all_branches: bool
    branch_ids: list[str]
    notes: str | None
    status: str
    created_at: str
    version: int


@dataclass(frozen=True)
class PlanTotals:
    units_count: int
    orders_count: int
    total_weight: float


@dataclass(frozen=True)
class PlanListItem(PlanView):
    # Set only when the list was asked for them (include_units, include_counts, include_unassigned).
    plan_unit_ids: list[str] | None = None
    summary: PlanTotals | None = None
    unassigned_count: int | None = None


@dataclass(frozen=True)
class PlanListing:
    total: int
    limit: int
    offset: int
    plans: list[PlanListItem]


@dataclass(frozen=True)
class TreeOrderLine:
    order_line_id: str
    description: str
    lip_channel_quantity: int
    quantity: int
    weight: float
    length: float | None
    ur_prod: str | None
    send_to_production: bool
    assignment: str


@dataclass(frozen=True)
class OrderLineView(TreeOrderLine):
    """A line as the plan shows it: the loads tree's fields and the unit it is on."""

    assigned_unit_id: str | None


@dataclass(frozen=True)
class OrderView:
    """An order with its lines, geography, customer and assignment: the seed's Order object."""

    order_id: str
    sales_order_id: str
    sales_order_number: str
    delivery_date: str
    branch_id: str
    branch_name: str
    route_id: str
    route_name: str
    suburb_route_id: str
    suburb_name: str
    suburb_city: str | None
    suburb_province: str | None
    suburb_postal_code: str | None
    customer_id: str
    customer_name: str
    customer_bp_code: str
    total_line_items: int
    total_quantity: int
    # An order without lines weighs the integer 0 (the seed writes `0`, not `0.0`).
    total_weight: float
    status: str
    sales_person_name: str | None
    address: str | None
    assignment_plan_id: str | None
    assigned_unit_id: str | None
    assigned_unit_ids: list[str]
    is_split: bool
    lines: list[OrderLineView]


@dataclass(frozen=True)
class DriverView:
    id: str
    name: str
    last_name: str
    phone: str | None
    license: str | None


@dataclass(frozen=True)
class VehicleView:
    id: str
    reg_number: str
    license_plate: str
    model: str | None
    capacity: str


@dataclass(frozen=True)
class TrailerView:
    id: str
    reg_number: str
    license_plate: str
    capacity: str


@dataclass(frozen=True)
class UnitSummary:
    total_orders: int
    total_line_items: int
    total_quantity: int
    # The integer 0 for a unit that carries nothing, as the seed writes it.
    total_weight: float


@dataclass(frozen=True)
class UnitView:
    """A planned unit (vehicle, trailer, driver) with its load per day and the orders it carries."""

    planned_unit_id: str
    plan_id: str
    vehicle_assignment_id: str
    branch_id: str
    vehicle_type: str
    vehicle_id: str
    trailer_id: str | None
    driver_id: str
    driver: DriverView
    vehicle: VehicleView
    trailer: TrailerView | None
    capacity_kg: float
    used_weight_kg: float
    remaining_capacity_kg: float
    load_by_date: dict[str, float]
    routes_served: list[str]
    routes_by_date: dict[str, list[str]]
    status: str
    notes: str | None
    summary: UnitSummary
    # Each with only the lines this unit carries; by delivery date and order number, perhaps only the first.
    orders: list[OrderView]
    orders_total: int  # every order the unit carries, listed in `orders` or not


@dataclass(frozen=True)
class PlanPayload:
    """A plan as every change answers it (seed 004's body), bounded as its read is: its units each with
    their first orders, the orders those lists show, the first page of the orders still open, the units
    carrying nothing, and the counts and page sizes that say what the lists leave out."""

    plan: PlanView
    units: list[UnitView]
    assigned_orders: list[OrderView]  # the orders `units` list, unit by unit
    unassigned_orders: list[OrderView]
    unassigned_units: list[UnitView]
    unassigned_total: int  # every unassigned order of the plan
    limit: int  # the most unassigned orders listed
    offset: int  # unassigned orders skipped (a change answers with the first page)
    unit_orders_limit: int  # the most orders each unit lists; `unit_orders_page` reads the rest


@dataclass(frozen=True)
class PlanDetail:
    """A plan with its units (each with its first orders) and one page of the orders still open."""

    plan: PlanView
    units: list[UnitView]
    unassigned_orders: list[OrderView]
    unassigned_total: int  # every unassigned order of the plan, on every page
    limit: int
    offset: int
    unit_orders_limit: int  # the most orders each unit lists; `unit_orders_page` reads the rest


@dataclass(frozen=True)
class UnitOrdersPage:
    """A page of the orders one unit carries (each with only the lines that unit carries)."""

    plan_id: str
    planned_unit_id: str
    orders: list[OrderView]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class TreeOrderTotals:
    items: int
    quantity: int
    weight: float


@dataclass(frozen=True)
class TreeOrder:
    order_id: str
    sales_order_id: str
    sales_order_number: str
    delivery_date: str
    totals: TreeOrderTotals
    status: str
    sales_person_name: str | None
    assignment_plan_id: str | None
    assigned_unit_id: str | None
    is_split: bool
    order_lines: list[TreeOrderLine]


# The tree's nodes are filled in as the orders are read, so their lists grow after they are made.
@dataclass
class TreeCustomer:
    customer_id: str
    customer_name: str
    orders: list[TreeOrder] = field(default_factory=list)


@dataclass
class TreeSuburb:
    suburb_route_id: str
    suburb_name: str
    address: str | None
    customers: list[TreeCustomer] = field(default_factory=list)


@dataclass
class TreeRoute:
    route_id: str
    route_name: str
    suburbs: list[TreeSuburb] = field(default_factory=list)


@dataclass
class TreeBranch:
    branch_id: str
    branch_name: str
    routes: list[TreeRoute] = field(default_factory=list)


@dataclass(frozen=True)
class LoadsTotals:
    orders: int
    # The integer 0 when no order matched, as the seed writes it.
    weight: float
    unassigned: int


@dataclass(frozen=True)
class LoadsTree:
    branches: list[TreeBranch]
    totals: LoadsTotals


@dataclass(frozen=True)
class IdleVehicle:
    """An active vehicle assignment that could join a plan, labelled for the board's picker."""

    id: str
    label: str


def parse_date(value: object, field: str) -> date:
    if isinstance(value, date):
        return check_date_range(value, field)
    try:
        parsed = date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ValidationFailed(f"{field} must be a date like 2024-01-01", details={"field": field}) from None
    return check_date_range(parsed, field)


def require_plan(session: Session, plan_id: object) -> Plan:
    plan = session.get(Plan, plan_id) if isinstance(plan_id, str) else None
    if plan is None:
        raise NotFound(f"Plan {plan_id} not found")
    return plan


def require_unit(session: Session, plan: Plan, unit_id: object) -> PlannedUnit:
    unit = session.get(PlannedUnit, unit_id) if isinstance(unit_id, str) else None
    if unit is None or unit.plan_id != plan.id:
        raise NotFound(
            "That unit is not on plan {plan} (someone may have removed it)",
            details={"planned_unit_id": unit_id if isinstance(unit_id, str) else None},
            params={"plan": plan.plan_name},
        )
    return unit


# A plan whose deliveries are done or called off keeps its loads as they were.
CLOSED_PLAN_STATUSES = ("completed", "cancelled")


def require_open_plan(plan: Plan) -> None:
    if plan.status in CLOSED_PLAN_STATUSES:
        raise Conflict(
            "Plan {plan} is {status}: its loads can no longer change",
            details={"rule": "plan_status", "status": plan.status},
            params={"plan": plan.plan_name, "status": Term(plan.status)},
        )


def unit_name(session: Session, unit: PlannedUnit) -> str:
    """A unit as people call it: its vehicle's plate and type (the load rules' refusals say the same)."""
    return unit_label(session, unit).render("en")


def unit_label(session: Session, unit: PlannedUnit) -> VehicleName:
    """`unit_name` as a value that reads per language (the vehicle type in it), for refusals."""
    va = session.get_one(VehicleAssignment, unit.vehicle_assignment_id)
    vehicle = session.get_one(Vehicle, va.vehicle_id)
    return VehicleName(vehicle.license_plate, vehicle.vehicle_type)


def plan_view(plan: Plan) -> PlanView:
    return PlanView(
        id=plan.id,
        plan_name=plan.plan_name,
        delivery_start=plan.delivery_start.isoformat(),
        delivery_end=plan.delivery_end.isoformat(),
        scope_all_branches=plan.scope_all_branches,
        branch_ids=plan.branch_ids,
        notes=plan.notes,
        status=plan.status,
        created_at=plan.created_at.isoformat(),
        version=plan.version,
    )


# ---------------------------------------------------------------- orders
@dataclass(frozen=True)
class _OrderHead:
    """An order's own fields with its customer, suburb and route, read as plain columns: building ORM
    objects for every order, customer, suburb, route, line and assignment was most of a plan's read."""

    order_id: str
    sales_order_id: str
    sales_order_number: str
    delivery_date: date
    branch_id: str
    status: str
    sales_person_name: str | None
    route_id: str
    route_name: str
    suburb_id: str
    suburb_name: str
    suburb_city: str | None
    suburb_province: str | None
    suburb_postal_code: str | None
    customer_id: str
    customer_name: str
    customer_bp_code: str
    customer_address: str | None


def _order_heads(
    session: Session, order_ids: list[str] | None, where: Sequence[ColumnElement[bool]] | None
) -> list[_OrderHead]:
    # SQLAlchemy's select: sqlmodel's is typed for at most four columns.
    query = (
        sqlalchemy.select(
            col(DeliveryOrder.id),
            col(DeliveryOrder.sales_order_id),
            col(DeliveryOrder.sales_order_number),
            col(DeliveryOrder.delivery_date),
            col(DeliveryOrder.branch_id),
            col(DeliveryOrder.status),
            col(DeliveryOrder.sales_person_name),
            col(Route.id),
            col(Route.name),
            col(Suburb.id),
            col(Suburb.name),
            col(Suburb.city),
            col(Suburb.province),
            col(Suburb.postal_code),
            col(Customer.id),
            col(Customer.name),
            col(Customer.bp_code),
            col(Customer.address),
        )
        .join(Customer, col(Customer.id) == col(DeliveryOrder.customer_id))
        .join(Suburb, col(Suburb.id) == col(DeliveryOrder.suburb_id))
        .join(Route, col(Route.id) == col(DeliveryOrder.route_id))
        .join(Branch, col(Branch.id) == col(DeliveryOrder.branch_id))
    )
    if order_ids is not None:
        query = query.where(col(DeliveryOrder.id).in_(order_ids))
    if where is not None:
        query = query.where(*where)
    ordered = query.order_by(col(DeliveryOrder.delivery_date), col(DeliveryOrder.sales_order_number))
    return [_OrderHead(*row) for row in session.execute(ordered).all()]


@dataclass(frozen=True)
class _LineRow:
    """An order line with the unit and plan that carry it (none while it waits), as plain columns."""

    order_id: str
    line_id: str
    description: str
    lip_channel_quantity: int
    quantity: int
    weight_kg: float
    length_m: float | None
    ur_prod: str | None
    send_to_production: bool
    unit_id: str | None
    plan_id: str | None


# Order ids per IN list: well under SQLite's and PostgreSQL's limits on bound parameters.
_ORDER_IDS_PER_QUERY = 500


def _order_id_chunks(order_ids: Sequence[str]) -> Iterator[Sequence[str]]:
    """`order_ids` in slices short enough for one IN list each."""
    for chunk_start in range(0, len(order_ids), _ORDER_IDS_PER_QUERY):
        yield order_ids[chunk_start : chunk_start + _ORDER_IDS_PER_QUERY]


def _lines_of(session: Session, order_ids: list[str]) -> dict[str, list[_LineRow]]:
    """The lines of these orders with their assignments, by order, each order's lines by id: one query
    per chunk of orders (a line is on at most one unit, so the outer join gives one row a line)."""
    lines: dict[str, list[_LineRow]] = defaultdict(list)
    for chunk in _order_id_chunks(order_ids):
        rows = session.execute(
            sqlalchemy.select(
                col(OrderLine.order_id),
                col(OrderLine.id),
                col(OrderLine.description),
                col(OrderLine.lip_channel_quantity),
                col(OrderLine.quantity),
                col(OrderLine.weight_kg),
                col(OrderLine.length_m),
                col(OrderLine.ur_prod),
                col(OrderLine.send_to_production),
                col(OrderAssignment.planned_unit_id),
                col(OrderAssignment.plan_id),
            )
            .outerjoin(OrderAssignment, col(OrderAssignment.order_line_id) == col(OrderLine.id))
            .where(col(OrderLine.order_id).in_(chunk))
        ).all()
        for row in rows:
            lines[row[0]].append(_LineRow(*row))
    for order_lines in lines.values():
        order_lines.sort(key=lambda line: line.line_id)
    return lines


def order_rows(
    session: Session, order_ids: list[str] | None = None, *, where: Sequence[ColumnElement[bool]] | None = None
) -> list[OrderView]:
    """Orders with their lines, geography, customer and assignment, in the seed's Order object shape."""
    if order_ids is not None and not order_ids:
        return []
    # Branches are few: named from one read.
    branch_names = dict(session.exec(select(Branch.id, Branch.name)).all())
    heads = _order_heads(session, order_ids, where)
    lines_by_order = _lines_of(session, [head.order_id for head in heads])
    result = []
    for head in heads:
        lines = lines_by_order.get(head.order_id, [])
        assigned = [line for line in lines if line.unit_id is not None]
        units = sorted({line.unit_id for line in assigned if line.unit_id is not None})
        result.append(
            OrderView(
                order_id=head.order_id,
                sales_order_id=head.sales_order_id,
                sales_order_number=head.sales_order_number,
                delivery_date=head.delivery_date.isoformat(),
                branch_id=head.branch_id,
                branch_name=branch_names[head.branch_id],
                route_id=head.route_id,
                route_name=head.route_name,
                suburb_route_id=head.suburb_id,
                suburb_name=head.suburb_name,
                suburb_city=head.suburb_city,
                suburb_province=head.suburb_province,
                suburb_postal_code=head.suburb_postal_code,
                customer_id=head.customer_id,
                customer_name=head.customer_name,
                customer_bp_code=head.customer_bp_code,
                total_line_items=len(lines),
                total_quantity=sum(line.quantity for line in lines),
                total_weight=round(sum(line.weight_kg for line in lines), 3),
                status=head.status,
                sales_person_name=head.sales_person_name,
                address=head.customer_address,
                assignment_plan_id=assigned[0].plan_id if assigned else None,
                assigned_unit_id=units[0] if units else None,
                assigned_unit_ids=units,
                is_split=len(units) > 1 or (bool(assigned) and len(assigned) < len(lines)),
                lines=[
                    OrderLineView(
                        order_line_id=line.line_id,
                        description=line.description,
                        lip_channel_quantity=line.lip_channel_quantity,
                        quantity=line.quantity,
                        weight=line.weight_kg,
                        length=line.length_m,
                        ur_prod=line.ur_prod,
                        send_to_production=line.send_to_production,
                        assignment="assigned" if line.unit_id is not None else "unassigned",
                        assigned_unit_id=line.unit_id,
                    )
                    for line in lines
                ],
            )
        )
    return result


def _unassigned_where(plan: Plan) -> list[ColumnElement[bool]]:
    """Orders in the plan's dates and branches with a line no unit carries (an order without lines has
    nothing to load, so it is not waiting for a unit)."""
    open_line = (
        select(OrderLine.id)
        .where(col(OrderLine.order_id) == col(DeliveryOrder.id))
        .where(~select(OrderAssignment.id).where(col(OrderAssignment.order_line_id) == col(OrderLine.id)).exists())
    )
    where = [
        col(DeliveryOrder.delivery_date) >= plan.delivery_start,
        col(DeliveryOrder.delivery_date) <= plan.delivery_end,
        open_line.exists(),
    ]
    if not plan.scope_all_branches and plan.branch_ids:
        where.append(col(DeliveryOrder.branch_id).in_(plan.branch_ids))
    return where


def unassigned_order_rows(session: Session, plan: Plan) -> list[OrderView]:
    """Orders in the plan's dates and branches that are not (fully) assigned anywhere."""
    return order_rows(session, where=_unassigned_where(plan))


def unassigned_count(session: Session, plan: Plan) -> int:
    """How many orders `unassigned_order_rows` lists, counted by the database."""
    return session.exec(select(func.count()).select_from(DeliveryOrder).where(*_unassigned_where(plan))).one()


@dataclass(frozen=True)
class UnassignedPage:
    """The first orders waiting for a unit that match a search, and how many there are."""

    orders: list[OrderView]
    matching: int  # orders that match the search (all of them without one)
    total: int  # every unassigned order of the plan
    limit: int
    search: str


UNASSIGNED_PAGE_MAX = 1000
# The open orders a plan's answer (its read, and every change's) carries unless asked for another page.
PLAN_ORDERS_PAGE_DEFAULT = 500
# A unit's orders in a plan's answer: a week's run of a vehicle fits (the realistic week puts about 55
# on a unit); a plan over months is read a unit at a time, in pages, from its own route.
UNIT_ORDERS_DEFAULT = 100
UNIT_ORDERS_MAX = 1000


def unassigned_orders_page(
    session: Session, plan: Plan, *, limit: int, offset: int = 0, search: str | None = None
) -> UnassignedPage:
    """The plan's unassigned orders by route, date and number, `limit` of them from `offset`, narrowed by
    a search of the order number, customer or route; the database pages and counts them, so a week of
    thousands of orders builds only the rows shown."""
    check_page(limit, offset, max_limit=UNASSIGNED_PAGE_MAX)
    term = (check_search(search) or "").strip()
    where = _unassigned_where(plan)
    query = (
        sqlalchemy.select(col(DeliveryOrder.id), func.count().over())
        .join(Route, col(Route.id) == col(DeliveryOrder.route_id))
        .join(Customer, col(Customer.id) == col(DeliveryOrder.customer_id))
        .where(*where)
    )
    if term:
        lowered = term.lower()
        query = query.where(
            func.lower(DeliveryOrder.sales_order_number).contains(lowered, autoescape=True)
            | func.lower(Customer.name).contains(lowered, autoescape=True)
            | func.lower(Route.name).contains(lowered, autoescape=True)
        )
    # Each row carries how many match (a window over the whole match), so the page and its count take
    # one pass of the check for an open line instead of two; a page past the end counts on its own.
    rows = session.execute(
        query.order_by(col(Route.name), col(DeliveryOrder.delivery_date), col(DeliveryOrder.sales_order_number))
        .offset(offset)
        .limit(limit)
    ).all()
    ids = [order_id for order_id, _matching in rows]
    if rows:
        matching = int(rows[0][1])
    elif offset:
        matching = session.exec(select(func.count()).select_from(query.subquery())).one()
    else:
        matching = 0
    # Without a search the orders that match are all the plan's open orders.
    total = session.exec(select(func.count()).select_from(DeliveryOrder).where(*where)).one() if term else matching
    position = {order_id: index for index, order_id in enumerate(ids)}
    orders = sorted(order_rows(session, ids), key=lambda o: position[o.order_id])
    return UnassignedPage(orders=orders, matching=matching, total=total, limit=limit, search=term)


# ---------------------------------------------------------------- units
def _unit_order_key(row: _CarriedLine) -> tuple[date, str, str]:
    return (row.delivery_date, row.order_number, row.order_id)


@dataclass(frozen=True)
class _CarriedLine:
    """One assigned line with what a unit's totals need of its order: read as plain columns, so that a
    plan carrying tens of thousands of lines builds no order objects for the orders nobody is shown."""

    unit_id: str
    order_id: str
    line_id: str
    weight_kg: float
    quantity: int
    delivery_date: date
    route_id: str
    order_number: str


def _carried_lines(session: Session, *where: ColumnElement[bool]) -> list[_CarriedLine]:
    # SQLAlchemy's select: sqlmodel's is typed for at most four columns.
    rows = session.execute(
        sqlalchemy.select(
            col(OrderAssignment.planned_unit_id),
            col(OrderAssignment.order_id),
            col(OrderAssignment.order_line_id),
            col(OrderAssignment.weight_kg),
            col(OrderLine.quantity),
            col(DeliveryOrder.delivery_date),
            col(DeliveryOrder.route_id),
            col(DeliveryOrder.sales_order_number),
        )
        .join(OrderLine, col(OrderLine.id) == col(OrderAssignment.order_line_id))
        .join(DeliveryOrder, col(DeliveryOrder.id) == col(OrderAssignment.order_id))
        .where(*where)
    ).all()
    return [_CarriedLine(*row) for row in rows]


def _unit_order_ids(carried: list[_CarriedLine]) -> list[str]:
    """The orders a unit carries, by delivery date and order number (the order its pages follow)."""
    first: dict[str, _CarriedLine] = {}
    for row in carried:
        first.setdefault(row.order_id, row)
    return [row.order_id for row in sorted(first.values(), key=_unit_order_key)]


def _as_carried_by(order: OrderView, unit_id: str) -> OrderView:
    """The order as one unit lists it: with only the lines that unit carries (the order itself when the
    unit carries all of them, as it mostly does: no copy then)."""
    carried = [line for line in order.lines if line.assigned_unit_id == unit_id]
    return order if len(carried) == len(order.lines) else replace(order, lines=carried)


def unit_details(
    session: Session, plan: Plan, *, orders_per_unit: int | None = None, whole_unit_ids: Collection[str] = ()
) -> list[UnitView]:
    """The plan's units with their loads; each lists its first `orders_per_unit` orders (by date and
    number; all of them without a cap, and for `whole_unit_ids`), while its totals and `orders_total`
    count every order it carries."""
    units = list(
        session.exec(select(PlannedUnit).where(PlannedUnit.plan_id == plan.id).order_by(col(PlannedUnit.created_at)))
    )
    by_unit: dict[str, list[_CarriedLine]] = defaultdict(list)
    for row in _carried_lines(session, col(OrderAssignment.plan_id) == plan.id):
        by_unit[row.unit_id].append(row)
    every_order = {unit.id: _unit_order_ids(by_unit[unit.id]) for unit in units}
    shown = {
        unit_id: ids if orders_per_unit is None or unit_id in whole_unit_ids else ids[:orders_per_unit]
        for unit_id, ids in every_order.items()
    }
    orders = {o.order_id: o for o in order_rows(session, sorted({o for ids in shown.values() for o in ids}))}
    fleets = _fleets(session, col(VehicleAssignment.id).in_({u.vehicle_assignment_id for u in units})) if units else {}
    result = []
    for unit in units:
        va, vehicle, trailer, driver = fleets[unit.vehicle_assignment_id]
        capacity = unit_capacity_kg(vehicle, trailer)
        carried = by_unit[unit.id]
        per_date: dict[str, float] = defaultdict(float)
        routes_by_date: dict[str, set[str]] = defaultdict(set)
        for row in carried:
            day = row.delivery_date.isoformat()
            per_date[day] += row.weight_kg
            routes_by_date[day].add(row.route_id)
        unit_orders = [_as_carried_by(orders[o], unit.id) for o in shown[unit.id]]
        used = max(per_date.values(), default=0.0)
        result.append(
            UnitView(
                planned_unit_id=unit.id,
                plan_id=plan.id,
                vehicle_assignment_id=va.id,
                branch_id=va.branch_id,
                vehicle_type=vehicle.vehicle_type,
                vehicle_id=vehicle.id,
                trailer_id=trailer.id if trailer else None,
                driver_id=driver.id,
                driver=DriverView(
                    id=driver.id,
                    name=driver.name,
                    last_name=driver.last_name,
                    phone=driver.phone,
                    license=driver.license,
                ),
                vehicle=VehicleView(
                    id=vehicle.id,
                    reg_number=vehicle.reg_number,
                    license_plate=vehicle.license_plate,
                    model=vehicle.model,
                    capacity=f"{vehicle.capacity_kg:g}kg",
                ),
                trailer=TrailerView(
                    id=trailer.id,
                    reg_number=trailer.reg_number,
                    license_plate=trailer.license_plate,
                    capacity=f"{trailer.capacity_kg:g}kg",
                )
                if trailer
                else None,
                capacity_kg=capacity,
                used_weight_kg=round(used, 3),
                remaining_capacity_kg=round(capacity - used, 3),
                load_by_date={d: round(w, 3) for d, w in sorted(per_date.items())},
                routes_served=sorted({r for routes in routes_by_date.values() for r in routes}),
                routes_by_date={d: sorted(r) for d, r in sorted(routes_by_date.items())},
                status=unit.status,
                notes=unit.notes,
                summary=UnitSummary(
                    total_orders=len(every_order[unit.id]),
                    total_line_items=len(carried),
                    total_quantity=sum(row.quantity for row in carried),
                    total_weight=round(sum(row.weight_kg for row in carried), 3),
                ),
                orders=unit_orders,
                orders_total=len(every_order[unit.id]),
            )
        )
    return result


def unit_capacity_kg(vehicle: Vehicle, trailer: Trailer | None) -> float:
    # Seed 004: a horse carries what its trailer carries; every other vehicle its own capacity.
    if vehicle.vehicle_type == "horse":
        return trailer.capacity_kg if trailer else 0.0
    return vehicle.capacity_kg


Fleet = tuple[VehicleAssignment, Vehicle, Trailer | None, Driver]


def _fleets(session: Session, *where: ColumnElement[bool]) -> dict[str, Fleet]:
    """The vehicle assignments matching `where` with their vehicles, trailers and drivers, by id: two
    queries however many there are (the foreign keys guarantee the vehicle and the driver)."""
    rows = session.exec(
        select(VehicleAssignment, Vehicle, Driver)
        .join(Vehicle, col(Vehicle.id) == col(VehicleAssignment.vehicle_id))
        .join(Driver, col(Driver.id) == col(VehicleAssignment.driver_id))
        .where(*where)
    ).all()
    trailer_ids = {va.trailer_id for va, _, _ in rows if va.trailer_id}
    trailers = (
        {t.id: t for t in session.exec(select(Trailer).where(col(Trailer.id).in_(trailer_ids)))} if trailer_ids else {}
    )
    return {
        va.id: (va, vehicle, trailers.get(va.trailer_id) if va.trailer_id else None, driver)
        for va, vehicle, driver in rows
    }


def check_plan_page(*, unit_orders_limit: int, limit: int, offset: int = 0) -> None:
    """The page sizes of a plan's answer within bounds (checked before a change is made)."""
    check_page(unit_orders_limit, 0, max_limit=UNIT_ORDERS_MAX, limit_field="unit_orders_limit")
    check_page(limit, offset, max_limit=UNASSIGNED_PAGE_MAX)


def plan_payload(
    session: Session,
    plan: Plan,
    *,
    unit_orders_limit: int = UNIT_ORDERS_DEFAULT,
    limit: int = PLAN_ORDERS_PAGE_DEFAULT,
) -> PlanPayload:
    """The plan as a change answers it, bounded like `get_plan`'s first page: each unit lists its first
    `unit_orders_limit` orders and the open orders come `limit` at a time, so that a change to a plan of
    tens of thousands of orders answers in the size and time of its read."""
    check_plan_page(unit_orders_limit=unit_orders_limit, limit=limit)
    units = unit_details(session, plan, orders_per_unit=unit_orders_limit)
    page = unassigned_orders_page(session, plan, limit=limit)
    return PlanPayload(
        plan=plan_view(plan),
        units=units,
        assigned_orders=[o for u in units for o in u.orders],
        unassigned_orders=page.orders,
        unassigned_units=[u for u in units if not u.orders_total],
        unassigned_total=page.total,
        limit=limit,
        offset=0,
        unit_orders_limit=unit_orders_limit,
    )


@dataclass(frozen=True)
class BoardView:
    """What the plan board draws: the plan, its units each with its first orders (all of them for the
    units it shows whole), the first unassigned orders (with how many there are), the vehicles that
    could join, which unit carries each order and the routes' names."""

    plan: PlanView
    units: list[UnitView]
    unassigned: UnassignedPage
    idle_vehicles: list[IdleVehicle]
    carried_by: dict[str, str]  # order id → the id of a unit carrying it
    route_names: dict[str, str]


def board_view(
    *,
    session: Session,
    actor: Employee,
    plan_id: str,
    unassigned_limit: int,
    search: str | None = None,
    cards_per_unit: int | None = None,
    whole_unit_ids: Collection[str] = (),
) -> BoardView:
    """The board as drawn: each unit's first `cards_per_unit` orders (all of them without a cap, and for
    `whole_unit_ids`): a plan's week of thousands of orders on units builds only the cards shown."""
    plan = require_plan(session, plan_id)
    carried_by = dict(
        session.exec(
            select(OrderAssignment.order_id, OrderAssignment.planned_unit_id)
            .where(OrderAssignment.plan_id == plan.id)
            .distinct()
        ).all()
    )
    return BoardView(
        plan=plan_view(plan),
        units=unit_details(session, plan, orders_per_unit=cards_per_unit, whole_unit_ids=whole_unit_ids),
        unassigned=unassigned_orders_page(session, plan, limit=unassigned_limit, search=search),
        idle_vehicles=idle_vehicle_assignments(session, plan),
        carried_by=carried_by,
        route_names={r.id: r.name for r in session.exec(select(Route))},
    )


# ---------------------------------------------------------------- use cases
def add_plan(
    *,
    session: Session,
    actor: Employee,
    new: NewPlan,
) -> Plan:
    """Create a plan for a date range, over all branches or the ones listed; it has no units yet."""
    access.require_planner(actor, "Only admins, managers and schedulers can create delivery plans")
    name = new.plan_name.strip()
    if not name:
        raise ValidationFailed("plan_name is required", details={"field": "plan_name"})
    check_label(name, "plan_name")
    check_notes(new.notes)
    if new.delivery_start is None:
        raise ValidationFailed("delivery_start is required (YYYY-MM-DD)", details={"field": "delivery_start"})
    start = parse_date(new.delivery_start, "delivery_start")
    end = parse_date(new.delivery_end or start, "delivery_end")
    if end < start:
        raise ValidationFailed("delivery_end must be on or after delivery_start", details={"field": "delivery_end"})
    status = new.status or "planning"
    if status not in PLAN_STATUSES:
        raise ValidationFailed(f"status must be one of {', '.join(PLAN_STATUSES)}", details={"field": "status"})
    if not new.scope_all_branches:
        known = {b.id for b in session.exec(select(Branch))}
        if not new.branch_ids or any(b not in known for b in new.branch_ids):
            raise ValidationFailed(
                "branch_ids must list known branches when scope_all_branches is false", details={"field": "branch_ids"}
            )
    plan = Plan(
        plan_name=name,
        delivery_start=start,
        delivery_end=end,
        scope_all_branches=new.scope_all_branches,
        branch_ids=list(new.branch_ids),
        notes=new.notes,
        status=status,
        created_by=actor.id,
    )
    session.add(plan)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="plan",
        entity_id=plan.id,
        action="create",
        after=asdict(plan_view(plan)),
        kind="load_change",
    )
    return plan


def list_plans(
    *,
    session: Session,
    actor: Employee,
    limit: int = 50,
    offset: int = 0,
    order: str = "desc",
    date_from: date | None = None,
    date_to: date | None = None,
    include_units: bool = False,
    include_counts: bool = False,
    include_unassigned: bool = False,
) -> PlanListing:
    query = select(Plan)
    if date_from:
        query = query.where(Plan.delivery_start >= date_from)
    if date_to:
        query = query.where(Plan.delivery_end <= date_to)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordering = col(Plan.delivery_start).asc() if order == "asc" else col(Plan.delivery_start).desc()
    plans = list(session.exec(query.order_by(ordering, col(Plan.created_at)).offset(offset).limit(limit)))
    rows = []
    for plan in plans:
        unit_ids: list[str] | None = None
        summary: PlanTotals | None = None
        if include_units or include_counts:
            unit_ids = list(session.exec(select(PlannedUnit.id).where(PlannedUnit.plan_id == plan.id)))
            if include_counts:
                orders_count = session.exec(
                    select(func.count(func.distinct(OrderAssignment.order_id))).where(
                        OrderAssignment.plan_id == plan.id
                    )
                ).one()
                weight = session.exec(
                    select(func.coalesce(func.sum(OrderAssignment.weight_kg), 0)).where(
                        OrderAssignment.plan_id == plan.id
                    )
                ).one()
                summary = PlanTotals(
                    units_count=len(unit_ids), orders_count=orders_count, total_weight=round(float(weight), 3)
                )
        rows.append(
            PlanListItem(
                **asdict(plan_view(plan)),
                plan_unit_ids=unit_ids if include_units else None,
                summary=summary,
                unassigned_count=unassigned_count(session, plan) if include_unassigned else None,
            )
        )
    return PlanListing(total=total, limit=limit, offset=offset, plans=rows)


def get_plan(
    *,
    session: Session,
    actor: Employee,
    plan_id: str,
    limit: int = PLAN_ORDERS_PAGE_DEFAULT,
    offset: int = 0,
    unit_orders_limit: int = UNIT_ORDERS_DEFAULT,
) -> PlanDetail:
    """The plan, its units each with its first `unit_orders_limit` orders, and `limit` of its unassigned
    orders from `offset`: a plan over an organisation's weeks has tens of thousands of orders, on units
    and open, which no answer should carry whole."""
    check_plan_page(unit_orders_limit=unit_orders_limit, limit=limit, offset=offset)
    plan = require_plan(session, plan_id)
    page = unassigned_orders_page(session, plan, limit=limit, offset=offset)
    return PlanDetail(
        plan=plan_view(plan),
        units=unit_details(session, plan, orders_per_unit=unit_orders_limit),
        unassigned_orders=page.orders,
        unassigned_total=page.total,
        limit=limit,
        offset=offset,
        unit_orders_limit=unit_orders_limit,
    )


def unit_orders_page(
    *,
    session: Session,
    actor: Employee,
    plan_id: str,
    unit_id: str,
    limit: int = UNIT_ORDERS_DEFAULT,
    offset: int = 0,
) -> UnitOrdersPage:
    """`limit` of the orders a planned unit carries from `offset`, by delivery date and order number
    (the order `get_plan` lists a unit's first orders in), and how many it carries in all."""
    check_page(limit, offset, max_limit=UNIT_ORDERS_MAX)
    plan = require_plan(session, plan_id)
    unit = require_unit(session, plan, unit_id)
    every = _unit_order_ids(_carried_lines(session, col(OrderAssignment.planned_unit_id) == unit.id))
    shown = every[offset : offset + limit]
    position = {order_id: index for index, order_id in enumerate(shown)}
    orders = sorted(order_rows(session, shown), key=lambda o: position[o.order_id])
    return UnitOrdersPage(
        plan_id=plan.id,
        planned_unit_id=unit.id,
        orders=[_as_carried_by(o, unit.id) for o in orders],
        total=len(every),
        limit=limit,
        offset=offset,
    )


def add_unit(
    *,
    session: Session,
    actor: Employee,
    plan_id: str,
    vehicle_assignment_id: str,
    status: str | None = None,
    notes: str | None = None,
) -> Plan:
    """Put an active vehicle assignment on a plan as a unit."""
    access.require_planner(actor, "Only admins, managers and schedulers can change delivery plans")
    lock_plan(session, plan_id)
    plan = require_plan(session, plan_id)
    va = session.get(VehicleAssignment, vehicle_assignment_id) if isinstance(vehicle_assignment_id, str) else None
    if va is None or not va.active:
        raise NotFound(f"Vehicle assignment {vehicle_assignment_id} not found or not active")
    if not plan.scope_all_branches and va.branch_id not in plan.branch_ids:
        raise Conflict(
            "This vehicle belongs to a branch outside the plan's scope (branch_match)", details={"rule": "branch_match"}
        )
    status = status or "active"
    if status not in UNIT_STATUSES:
        raise ValidationFailed("status must be one of active, paused, oos", details={"field": "status"})
    exists = session.exec(
        select(PlannedUnit).where(PlannedUnit.plan_id == plan.id, PlannedUnit.vehicle_assignment_id == va.id)
    ).first()
    if exists is not None:
        raise Conflict("This vehicle assignment is already a unit in the plan")
    unit = PlannedUnit(plan_id=plan.id, vehicle_assignment_id=va.id, status=status, notes=notes)
    session.add(unit)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="planned_unit",
        entity_id=unit.id,
        action="create",
        after={"plan_id": plan.id, "vehicle_assignment_id": va.id, "status": status},
        kind="load_change",
    )
    return plan


def set_unit_note(*, session: Session, actor: Employee, plan_id: str, unit_id: str, note: str | None) -> Plan:
    """Set or clear a unit's note."""
    access.require_planner(actor, "Only admins, managers and schedulers can change delivery plans")
    lock_plan(session, plan_id)
    plan = require_plan(session, plan_id)
    unit = require_unit(session, plan, unit_id)
    if note is not None and (not isinstance(note, str) or len(note) > 2000):
        raise ValidationFailed("note must be text of at most 2,000 characters", details={"field": "note"})
    check_notes(note, "note")
    before = {"notes": unit.notes}
    unit.notes = note
    session.add(unit)
    record(
        session=session,
        actor=actor,
        entity_type="planned_unit",
        entity_id=unit.id,
        action="note",
        before=before,
        after={"notes": note},
        kind="load_change",
    )
    return plan


@dataclass(frozen=True)
class RemovedUnit:
    plan: Plan
    unit_name: str
    released_order_numbers: list[str]


def remove_unit(
    *, session: Session, actor: Employee, plan_id: str, unit_id: str, release_orders: bool = False
) -> RemovedUnit:
    """Take a unit off a plan. Seed 004 asks for an empty unit; with `release_orders` the orders it
    carries go back to unassigned in the same transaction, and the one audit entry lists them."""
    access.require_planner(actor, "Only admins, managers and schedulers can change delivery plans")
    lock_plan(session, plan_id)
    plan = require_plan(session, plan_id)
    unit = session.get(PlannedUnit, unit_id) if isinstance(unit_id, str) else None
    if unit is None or unit.plan_id != plan.id:
        raise NotFound("That unit is no longer on this plan (someone may have removed it)")
    name = unit_label(session, unit)
    carried = list(session.exec(select(OrderAssignment).where(OrderAssignment.planned_unit_id == unit.id)))
    if carried and not release_orders:
        raise Conflict(
            "Unassign the {count} order line(s) on {unit} before removing it",
            details={"planned_unit_id": unit.id},
            params={"count": len(carried), "unit": name},
        )
    if carried:
        require_open_plan(plan)
    order_ids = sorted({a.order_id for a in carried})
    numbers = (
        sorted(session.exec(select(DeliveryOrder.sales_order_number).where(col(DeliveryOrder.id).in_(order_ids))))
        if order_ids
        else []
    )
    for assignment in carried:
        session.delete(assignment)
    session.flush()
    session.delete(unit)
    record(
        session=session,
        actor=actor,
        entity_type="planned_unit",
        entity_id=unit.id,
        action="delete",
        before={
            "plan_id": plan.id,
            "vehicle_assignment_id": unit.vehicle_assignment_id,
            **({"released_order_ids": order_ids} if order_ids else {}),
        },
        kind="load_change",
    )
    session.flush()
    return RemovedUnit(plan=plan, unit_name=name.render("en"), released_order_numbers=list(numbers))


def unassign_from_unit(
    *, session: Session, actor: Employee, plan_id: str, unit_id: str, order_ids: list[str] | None
) -> Plan:
    """Take the listed orders (all of them without a list) off one unit."""
    access.require_planner(actor, "Only admins, managers and schedulers can change delivery plans")
    lock_plan(session, plan_id)
    plan = require_plan(session, plan_id)
    unit = require_unit(session, plan, unit_id)
    query = select(OrderAssignment).where(OrderAssignment.planned_unit_id == unit.id)
    if order_ids is not None:
        if not isinstance(order_ids, list) or not all(isinstance(o, str) for o in order_ids):
            raise ValidationFailed("order_ids must be a list of order ids", details={"field": "order_ids"})
        query = query.where(col(OrderAssignment.order_id).in_(order_ids))
    removed = list(session.exec(query))
    if order_ids:
        missing = sorted(set(order_ids) - {a.order_id for a in removed})
        if missing:
            raise NotFound(f"Order {missing[0]} is not assigned to unit {unit.id}", details={"order_ids": missing})
    for assignment in removed:
        session.delete(assignment)
    record(
        session=session,
        actor=actor,
        entity_type="planned_unit",
        entity_id=unit.id,
        action="unassign",
        before={"order_ids": sorted({a.order_id for a in removed})},
        kind="load_change",
    )
    session.flush()
    return plan


def delete_plan(*, session: Session, actor: Employee, plan_id: str) -> None:
    access.require_planner(actor, "Only admins, managers and schedulers can delete delivery plans")
    lock_plan(session, plan_id)
    plan = require_plan(session, plan_id)
    for assignment in session.exec(select(OrderAssignment).where(OrderAssignment.plan_id == plan.id)):
        session.delete(assignment)
    session.flush()
    for unit in session.exec(select(PlannedUnit).where(PlannedUnit.plan_id == plan.id)):
        session.delete(unit)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="plan",
        entity_id=plan.id,
        action="delete",
        before=asdict(plan_view(plan)),
        kind="load_change",
    )
    session.delete(plan)


def loads_tree(
    *,
    session: Session,
    actor: Employee,
    on: date | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    branch_id: str | None = None,
    route_id: str | None = None,
    customer_name: str | None = None,
) -> LoadsTree:
    where: list[ColumnElement[bool]] = []
    if on:
        where.append(col(DeliveryOrder.delivery_date) == on)
    if date_from:
        where.append(col(DeliveryOrder.delivery_date) >= date_from)
    if date_to:
        where.append(col(DeliveryOrder.delivery_date) <= date_to)
    if branch_id:
        where.append(col(DeliveryOrder.branch_id) == branch_id)
    if route_id:
        where.append(col(DeliveryOrder.route_id) == route_id)
    if customer_name:
        where.append(func.lower(Customer.name).like(f"%{customer_name.strip().lower()}%"))
    orders = order_rows(session, where=where or None)
    # Each node is listed under its parent in the order the orders first reach it.
    branches: dict[str, TreeBranch] = {}
    routes: dict[tuple[str, str], TreeRoute] = {}
    suburbs: dict[tuple[str, str, str], TreeSuburb] = {}
    customers: dict[tuple[str, str, str, str], TreeCustomer] = {}
    for o in orders:
        branch = branches.get(o.branch_id)
        if branch is None:
            branch = branches[o.branch_id] = TreeBranch(o.branch_id, o.branch_name)
        route_key = (o.branch_id, o.route_id)
        route = routes.get(route_key)
        if route is None:
            route = routes[route_key] = TreeRoute(o.route_id, o.route_name)
            branch.routes.append(route)
        suburb_key = (*route_key, o.suburb_route_id)
        suburb = suburbs.get(suburb_key)
        if suburb is None:
            suburb = suburbs[suburb_key] = TreeSuburb(o.suburb_route_id, o.suburb_name, o.address)
            route.suburbs.append(suburb)
        customer_key = (*suburb_key, o.customer_id)
        customer = customers.get(customer_key)
        if customer is None:
            customer = customers[customer_key] = TreeCustomer(o.customer_id, o.customer_name)
            suburb.customers.append(customer)
        customer.orders.append(
            TreeOrder(
                order_id=o.order_id,
                sales_order_id=o.sales_order_id,
                sales_order_number=o.sales_order_number,
                delivery_date=o.delivery_date,
                totals=TreeOrderTotals(items=o.total_line_items, quantity=o.total_quantity, weight=o.total_weight),
                status=o.status,
                sales_person_name=o.sales_person_name,
                assignment_plan_id=o.assignment_plan_id,
                assigned_unit_id=o.assigned_unit_id,
                is_split=o.is_split,
                order_lines=[
                    TreeOrderLine(
                        order_line_id=line.order_line_id,
                        description=line.description,
                        lip_channel_quantity=line.lip_channel_quantity,
                        quantity=line.quantity,
                        weight=line.weight,
                        length=line.length,
                        ur_prod=line.ur_prod,
                        send_to_production=line.send_to_production,
                        assignment=line.assignment,
                    )
                    for line in o.lines
                ],
            )
        )
    totals = LoadsTotals(
        orders=len(orders),
        weight=round(sum(o.total_weight for o in orders), 3),
        unassigned=sum(1 for o in orders if o.assignment_plan_id is None),
    )
    return LoadsTree(branches=sorted(branches.values(), key=lambda b: b.branch_name), totals=totals)


def idle_vehicle_assignments(session: Session, plan: Plan) -> list[IdleVehicle]:
    """Active vehicle assignments not yet in the plan (and in its branches), for "add idle unit"."""
    used = select(PlannedUnit.vehicle_assignment_id).where(PlannedUnit.plan_id == plan.id)
    rows = []
    fleets = _fleets(session, col(VehicleAssignment.active).is_(True), col(VehicleAssignment.id).not_in(used))
    for va, vehicle, trailer, driver in fleets.values():
        if not plan.scope_all_branches and va.branch_id not in plan.branch_ids:
            continue
        rows.append(
            IdleVehicle(
                id=va.id,
                label=f"{vehicle.license_plate} ({translate(vehicle.vehicle_type, reading_language())}, "
                f"{unit_capacity_kg(vehicle, trailer):g} kg) · {driver.name} {driver.last_name}",
            )
        )
    return sorted(rows, key=lambda r: r.label)


def unassign_orders(*, session: Session, actor: Employee, plan_id: str, order_ids: list[str]) -> Plan:
    """Take orders off whatever units of this plan carry them (the board's drag back to waiting)."""
    access.require_planner(actor, "Only admins, managers and schedulers can change delivery plans")
    lock_plan(session, plan_id)
    plan = require_plan(session, plan_id)
    removed = list(
        session.exec(
            select(OrderAssignment).where(
                OrderAssignment.plan_id == plan.id, col(OrderAssignment.order_id).in_(order_ids)
            )
        )
    )
    if not removed:
        raise NotFound("Those orders are not assigned in this plan")
    for assignment in removed:
        session.delete(assignment)
    record(
        session=session,
        actor=actor,
        entity_type="plan",
        entity_id=plan.id,
        action="unassign",
        before={"order_ids": sorted({a.order_id for a in removed})},
        kind="load_change",
    )
    session.flush()
    return plan


@dataclass(frozen=True)
class _AskedOrders:
    """The orders a bulk-assign names, with their lines and the assignments they already have, by order
    id: read in one query each (per chunk of ids) rather than three per order."""

    orders: dict[str, DeliveryOrder]
    lines: dict[str, list[OrderLine]]
    assignments: dict[str, list[OrderAssignment]]

    @classmethod
    def read(cls, session: Session, order_ids: Sequence[str]) -> _AskedOrders:
        unique = list(dict.fromkeys(order_ids))
        orders: dict[str, DeliveryOrder] = {}
        lines: dict[str, list[OrderLine]] = defaultdict(list)
        assignments: dict[str, list[OrderAssignment]] = defaultdict(list)
        for chunk in _order_id_chunks(unique):
            orders.update(
                (o.id, o) for o in session.exec(select(DeliveryOrder).where(col(DeliveryOrder.id).in_(chunk)))
            )
        known = list(orders)
        for chunk in _order_id_chunks(known):
            for line in session.exec(select(OrderLine).where(col(OrderLine.order_id).in_(chunk))):
                lines[line.order_id].append(line)
            for taken in session.exec(select(OrderAssignment).where(col(OrderAssignment.order_id).in_(chunk))):
                assignments[taken.order_id].append(taken)
        return cls(orders=orders, lines=dict(lines), assignments=dict(assignments))


def bulk_assign(
    *,
    session: Session,
    actor: Employee,
    plan_id: str,
    assignments: Sequence[UnitLoad],
    rule_limits: dict[str, int] | None = None,
) -> Plan:
    """Assign whole orders to units: everything is validated first (units in the plan, orders
    unassigned, in the plan's dates and branches, not in another plan, and the load rules), then
    written all together or not at all. A refusal names the order, the unit and the rule."""
    from shiftapp.services.load_checks import check_proposed_assignments

    access.require_planner(actor, "Only admins, managers and schedulers can change delivery plans")
    lock_plan(session, plan_id)
    plan = require_plan(session, plan_id)
    if not assignments:
        raise ValidationFailed("assignments must list at least one unit with orders", details={"field": "assignments"})
    asked = _AskedOrders.read(session, [item.order_id for entry in assignments for item in entry.orders])
    proposed: list[tuple[PlannedUnit, DeliveryOrder, list[OrderLine]]] = []
    seen_orders: set[str] = set()
    for entry in assignments:
        unit = require_unit(session, plan, entry.planned_unit_id)
        if unit.status != "active":
            raise Conflict(
                "{unit} is {status}; only active units take orders",
                details={"planned_unit_id": unit.id, "rule": "status"},
                params={"unit": unit_label(session, unit), "status": Term(unit.status)},
            )
        for item in entry.orders:
            order_id = item.order_id
            order = asked.orders.get(order_id)
            if order is None:
                raise NotFound(f"Order {order_id} not found", details={"order_id": order_id})
            if order.id in seen_orders:
                raise ValidationFailed(
                    f"Order {order.sales_order_number} appears twice in this request", details={"order_id": order.id}
                )
            seen_orders.add(order.id)
            lines = asked.lines.get(order.id, [])
            taken = asked.assignments.get(order.id, [])
            if taken:
                other_plan = next((a.plan_id for a in taken if a.plan_id != plan.id), None)
                rule = "order_exclusivity"
                where: Message | VehicleName
                if other_plan:
                    where = Message("plan {plan}", plan=session.get_one(Plan, other_plan).plan_name)
                else:
                    where = unit_label(session, session.get_one(PlannedUnit, taken[0].planned_unit_id))
                raise Conflict(
                    "Order {order} is already assigned ({where}); unassign it first",
                    details={"order_id": order.id, "planned_unit_id": unit.id, "rule": rule},
                    params={"order": order.sales_order_number, "where": where},
                )
            if not lines:
                raise ValidationFailed(
                    f"Order {order.sales_order_number} has no lines to load", details={"order_id": order.id}
                )
            proposed.append((unit, order, lines))
    check_proposed_assignments(
        session=session, plan=plan, proposed=[(u.id, o.id) for u, o, _ in proposed], limits=rule_limits
    )
    for unit, order, lines in proposed:
        for line in lines:
            session.add(
                OrderAssignment(
                    plan_id=plan.id,
                    planned_unit_id=unit.id,
                    order_id=order.id,
                    order_line_id=line.id,
                    weight_kg=line.weight_kg,
                )
            )
    # The unique line constraint turns a concurrent commit of the same order into a clean 409 here.
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="plan",
        entity_id=plan.id,
        action="bulk_assign",
        after={"assignments": [{"planned_unit_id": u.id, "order_id": o.id} for u, o, _ in proposed]},
        kind="load_change",
    )
    return plan


@dataclass(frozen=True)
class MovedOrder:
    """What a move did, in words the board can say back."""

    order_id: str
    order_number: str
    from_unit: str
    to_unit: str


def move_order(
    *,
    session: Session,
    actor: Employee,
    plan_id: str,
    order_id: str,
    from_unit_id: str,
    to_unit_id: str,
    rule_limits: dict[str, int] | None = None,
) -> MovedOrder:
    """Move what one unit carries of an order onto another unit of the same plan: the unassign and the
    assign are one change, judged by the load rules on the plan after both, written in one
    transaction with one audit entry. `from_unit_id` is the unit the caller saw the order on: if
    someone has moved or unassigned it since, the move is refused (409) rather than applied to a
    plan the caller has not seen."""
    from shiftapp.services.load_checks import check_proposed_move

    access.require_planner(actor, "Only admins, managers and schedulers can change delivery plans")
    for value, field_name in ((order_id, "order_id"), (from_unit_id, "from_unit_id"), (to_unit_id, "to_unit_id")):
        if not isinstance(value, str) or not value:
            raise ValidationFailed(f"{field_name} is required", details={"field": field_name})
    lock_plan(session, plan_id)
    plan = require_plan(session, plan_id)
    require_open_plan(plan)
    order = session.get(DeliveryOrder, order_id)
    if order is None:
        raise NotFound("That order no longer exists", details={"order_id": order_id})
    number = order.sales_order_number
    target = session.get(PlannedUnit, to_unit_id)
    if target is None or target.plan_id != plan.id:
        raise NotFound(
            "The unit you dropped {order} on is no longer on this plan (someone may have removed it)",
            details={"planned_unit_id": to_unit_id},
            params={"order": number},
        )
    to_label = unit_label(session, target)
    to_name = to_label.render("en")
    source = session.get(PlannedUnit, from_unit_id)
    carried = list(
        session.exec(
            select(OrderAssignment).where(
                OrderAssignment.order_id == order.id,
                OrderAssignment.plan_id == plan.id,
                OrderAssignment.planned_unit_id == from_unit_id,
            )
        )
    )
    if source is None or source.plan_id != plan.id or not carried:
        raise Conflict(
            "Order {order} is no longer where you saw it: someone changed this plan meanwhile. "
            "The board now shows where it is; try again from there",
            details={"order_id": order.id, "rule": "stale"},
            params={"order": number},
        )
    from_name = unit_name(session, source)
    if source.id == target.id:
        raise ValidationFailed(
            "Order {order} is already on {unit}",
            details={"order_id": order.id},
            params={"order": number, "unit": to_label},
        )
    if target.status != "active":
        raise Conflict(
            "{unit} is {status}; only active units take orders",
            details={"planned_unit_id": target.id, "rule": "status"},
            params={"unit": to_label, "status": Term(target.status)},
        )
    check_proposed_move(
        session=session,
        plan=plan,
        order_id=order.id,
        from_unit_id=source.id,
        to_unit_id=target.id,
        line_ids=[a.order_line_id for a in carried],
        weight_kg=sum(a.weight_kg for a in carried),
        limits=rule_limits,
    )
    for assignment in carried:
        assignment.planned_unit_id = target.id
        session.add(assignment)
    session.flush()
    record(
        session=session,
        actor=actor,
        entity_type="plan",
        entity_id=plan.id,
        action="move_order",
        before={"order_id": order.id, "planned_unit_id": source.id},
        after={"order_id": order.id, "planned_unit_id": target.id},
        kind="load_change",
    )
    return MovedOrder(order_id=order.id, order_number=number, from_unit=from_name, to_unit=to_name)


# ---------------------------------------------------------------- the loads table (the page's tree)
LOAD_STATUSES = ("assigned", "unassigned")
LOADS_PAGE_MAX = 200


@dataclass(frozen=True)
class LoadsRow:
    """One order of the loads page, with the units that carry it and their plans, by name."""

    order_id: str
    sales_order_number: str
    delivery_date: str
    branch_id: str
    route_id: str
    customer_name: str
    suburb_name: str
    weight: float
    items: int
    assigned: bool
    is_split: bool
    units: list[str]
    plans: list[str]


@dataclass(frozen=True)
class LoadsGroup:
    """A branch's route with how many of the matching orders it holds and what they weigh."""

    branch_id: str
    branch_name: str
    route_id: str
    route_name: str
    orders: int
    weight: float


@dataclass(frozen=True)
class LoadsOption:
    id: str
    label: str


@dataclass(frozen=True)
class LoadsTable:
    """A page of the matching orders by branch, route, date and number; every matching route (with its
    count, collapsed or not); the totals of everything that matches; the choices for the filters."""

    rows: list[LoadsRow]
    groups: list[LoadsGroup]
    rows_total: int  # matching orders outside the collapsed routes: what the pages go through
    totals: LoadsTotals
    limit: int
    offset: int
    branches: list[LoadsOption]
    routes: list[LoadsOption]


def loads_table(
    *,
    session: Session,
    actor: Employee,
    on: date | None = None,
    branch_id: str | None = None,
    route_id: str | None = None,
    status: str | None = None,
    customer_name: str | None = None,
    collapsed_route_ids: Sequence[str] = (),
    limit: int = 100,
    offset: int = 0,
) -> LoadsTable:
    """The loads tree as a paged table, filtered and counted by the database."""
    check_page(limit, offset, max_limit=LOADS_PAGE_MAX)
    if status is not None and status not in LOAD_STATUSES:
        raise ValidationFailed("status must be assigned or unassigned", details={"field": "status"})
    term = (check_search(customer_name) or "").strip().lower()
    carried = select(OrderAssignment.id).where(col(OrderAssignment.order_id) == col(DeliveryOrder.id)).exists()
    where: list[ColumnElement[bool]] = []
    if on:
        where.append(col(DeliveryOrder.delivery_date) == on)
    if branch_id:
        where.append(col(DeliveryOrder.branch_id) == branch_id)
    if route_id:
        where.append(col(DeliveryOrder.route_id) == route_id)
    if status == "assigned":
        where.append(carried)
    elif status == "unassigned":
        where.append(~carried)
    if term:
        where.append(func.lower(Customer.name).contains(term, autoescape=True))
    # Routes and branches are few: named from one read of each, and the routes put in the database's
    # order (branch, then route, by name): the page's slices follow from the counts only if the pages
    # go through the routes in the order the heading rows list them, whatever the database's collation.
    branch_rows = session.exec(select(Branch).order_by(col(Branch.name))).all()
    names = {b.id: b.name for b in branch_rows}
    route_rows = {r.id: r for r in session.exec(select(Route))}
    route_order = session.exec(
        select(Route.id)
        .join(Branch, col(Branch.id) == col(Route.branch_id))
        .order_by(col(Branch.name), col(Route.name), col(Route.id))
    ).all()

    def matching(query: Any) -> Any:
        # The customer is joined only for a search by its name: every other filter is on the order.
        if term:
            query = query.join(Customer, col(Customer.id) == col(DeliveryOrder.customer_id))
        return query.where(*where)

    counts: dict[str, int]
    weights: dict[str, float]
    if status is None:
        # Counted on the orders alone (an index on the route), weighed on their lines in a second query
        # (one join of orders and lines counted distinct cost several times both); the check for a unit
        # carrying an order runs once, for the count of open orders.
        counts = dict(
            session.exec(
                matching(select(DeliveryOrder.route_id, func.count()).select_from(DeliveryOrder)).group_by(
                    col(DeliveryOrder.route_id)
                )
            ).all()
        )
        weights = dict(
            session.exec(
                matching(
                    select(DeliveryOrder.route_id, func.sum(OrderLine.weight_kg))
                    .select_from(DeliveryOrder)
                    .join(OrderLine, col(OrderLine.order_id) == col(DeliveryOrder.id))
                ).group_by(col(DeliveryOrder.route_id))
            ).all()
        )
        unassigned = session.exec(matching(select(func.count()).select_from(DeliveryOrder)).where(~carried)).one()
    else:
        # Filtered by status, every query's WHERE checks each order for a carrying unit: one pass counts
        # and weighs the matching orders (each from the (order, weight) index of its lines), so the check
        # runs once an order, and the open orders are all of them or none.
        order_weight = (
            select(func.sum(OrderLine.weight_kg))
            .where(col(OrderLine.order_id) == col(DeliveryOrder.id))
            .scalar_subquery()
        )
        per_route = session.exec(
            matching(
                select(DeliveryOrder.route_id, func.count(), func.sum(order_weight)).select_from(DeliveryOrder)
            ).group_by(col(DeliveryOrder.route_id))
        ).all()
        counts = {route: count for route, count, _weight in per_route}
        weights = {route: weight for route, _count, weight in per_route}
        unassigned = sum(counts.values()) if status == "unassigned" else 0
    groups = [
        LoadsGroup(
            branch_id=route_rows[r].branch_id,
            branch_name=names[route_rows[r].branch_id],
            route_id=r,
            route_name=route_rows[r].name,
            orders=counts[r],
            weight=round(float(weights.get(r) or 0), 1),
        )
        for r in route_order
        if counts.get(r)
    ]
    collapsed = {g.route_id for g in groups} & set(collapsed_route_ids)
    # Only the page's rows are read: each route on the page from where the page meets it, in its own
    # order (by date and number), instead of sorting every matching order to skip to the page.
    ids: list[str] = []
    for piece in page_slices([(g.route_id, g.orders) for g in groups], collapsed, offset=offset, limit=limit):
        if not piece.collapsed:
            ids += session.exec(
                matching(select(DeliveryOrder.id))
                .where(col(DeliveryOrder.route_id) == piece.route_id)
                .order_by(col(DeliveryOrder.delivery_date), col(DeliveryOrder.sales_order_number))
                .offset(piece.first)
                .limit(piece.count)
            ).all()
    position = {order_id: index for index, order_id in enumerate(ids)}
    orders = sorted(order_rows(session, ids), key=lambda o: position[o.order_id])
    carriers: dict[str, list[tuple[str, str]]] = defaultdict(list)
    if ids:
        for order_id, plate, kind, plan_name in session.exec(
            select(OrderAssignment.order_id, Vehicle.license_plate, Vehicle.vehicle_type, Plan.plan_name)
            .join(PlannedUnit, col(PlannedUnit.id) == col(OrderAssignment.planned_unit_id))
            .join(VehicleAssignment, col(VehicleAssignment.id) == col(PlannedUnit.vehicle_assignment_id))
            .join(Vehicle, col(Vehicle.id) == col(VehicleAssignment.vehicle_id))
            .join(Plan, col(Plan.id) == col(OrderAssignment.plan_id))
            .where(col(OrderAssignment.order_id).in_(ids))
            .distinct()
        ):
            carriers[order_id].append((f"{plate} ({kind})", plan_name))
    rows = [
        LoadsRow(
            order_id=o.order_id,
            sales_order_number=o.sales_order_number,
            delivery_date=o.delivery_date,
            branch_id=o.branch_id,
            route_id=o.route_id,
            customer_name=o.customer_name,
            suburb_name=o.suburb_name,
            weight=round(o.total_weight, 1),
            items=o.total_line_items,
            assigned=o.assignment_plan_id is not None,
            is_split=o.is_split,
            units=sorted({unit for unit, _ in carriers[o.order_id]}),
            plans=sorted({plan for _, plan in carriers[o.order_id]}),
        )
        for o in orders
    ]
    routes = [
        LoadsOption(id=r.id, label=r.name if branch_id else f"{names.get(r.branch_id, '')} · {r.name}")
        for r in route_rows.values()
        if not branch_id or r.branch_id == branch_id
    ]
    return LoadsTable(
        rows=rows,
        groups=groups,
        rows_total=sum(g.orders for g in groups if g.route_id not in collapsed),
        totals=LoadsTotals(
            orders=sum(g.orders for g in groups), weight=round(sum(g.weight for g in groups), 1), unassigned=unassigned
        ),
        limit=limit,
        offset=offset,
        branches=[LoadsOption(id=b.id, label=b.name) for b in branch_rows],
        routes=sorted(routes, key=lambda r: r.label),
    )
