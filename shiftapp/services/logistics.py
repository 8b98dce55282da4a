"""Delivery plans, planned units and the loads tree (seed 004), read and written through one
place so that the API and the plan board see the same figures."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

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
from shiftapp.services.text_limits import check_date_range, check_label, check_notes

PLAN_STATUSES = ("planning", "active", "completed", "cancelled")
UNIT_STATUSES = ("active", "paused", "oos")


def parse_date(value: Any, field: str) -> date:
    if isinstance(value, date):
        return check_date_range(value, field)
    try:
        parsed = date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ValidationFailed(f"{field} must be a date like 2024-01-01", details={"field": field}) from None
    return check_date_range(parsed, field)


def require_plan(session: Session, plan_id: str) -> Plan:
    plan = session.get(Plan, plan_id) if isinstance(plan_id, str) else None
    if plan is None:
        raise NotFound(f"Plan {plan_id} not found")
    return plan


def require_unit(session: Session, plan: Plan, unit_id: str) -> PlannedUnit:
    unit = session.get(PlannedUnit, unit_id) if isinstance(unit_id, str) else None
    if unit is None or unit.plan_id != plan.id:
        raise NotFound(f"Planned unit {unit_id} not found in plan {plan.id}")
    return unit


def plan_view(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "plan_name": plan.plan_name,
        "delivery_start": plan.delivery_start.isoformat(),
        "delivery_end": plan.delivery_end.isoformat(),
        "scope_all_branches": plan.scope_all_branches,
        "branch_ids": plan.branch_ids,
        "notes": plan.notes,
        "status": plan.status,
        "created_at": plan.created_at.isoformat(),
        "version": plan.version,
    }


# ---------------------------------------------------------------- orders
def order_rows(session: Session, order_ids: list[str] | None = None, *, where=None) -> list[dict[str, Any]]:
    """Orders with their lines, geography, customer and assignment, in the seed's Order object shape."""
    query = (
        select(DeliveryOrder, Customer, Suburb, Route, Branch)
        .join(Customer, Customer.id == DeliveryOrder.customer_id)
        .join(Suburb, Suburb.id == DeliveryOrder.suburb_id)
        .join(Route, Route.id == DeliveryOrder.route_id)
        .join(Branch, Branch.id == DeliveryOrder.branch_id)
    )
    if order_ids is not None:
        if not order_ids:
            return []
        query = query.where(DeliveryOrder.id.in_(order_ids))
    if where is not None:
        query = query.where(*where)
    rows = session.exec(query.order_by(DeliveryOrder.delivery_date, DeliveryOrder.sales_order_number)).all()
    ids = [r[0].id for r in rows]
    lines_by_order: dict[str, list[OrderLine]] = defaultdict(list)
    assignments_by_line: dict[str, OrderAssignment] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for line in session.exec(select(OrderLine).where(OrderLine.order_id.in_(chunk))):
            lines_by_order[line.order_id].append(line)
        for assignment in session.exec(select(OrderAssignment).where(OrderAssignment.order_id.in_(chunk))):
            assignments_by_line[assignment.order_line_id] = assignment
    result = []
    for order, customer, suburb, route, branch in rows:
        lines = sorted(lines_by_order[order.id], key=lambda line: line.id)
        assigned = [assignments_by_line[line.id] for line in lines if line.id in assignments_by_line]
        units = sorted({a.planned_unit_id for a in assigned})
        result.append(
            {
                "order_id": order.id,
                "sales_order_id": order.sales_order_id,
                "sales_order_number": order.sales_order_number,
                "delivery_date": order.delivery_date.isoformat(),
                "branch_id": branch.id,
                "branch_name": branch.name,
                "route_id": route.id,
                "route_name": route.name,
                "suburb_route_id": suburb.id,
                "suburb_name": suburb.name,
                "suburb_city": suburb.city,
                "suburb_province": suburb.province,
                "suburb_postal_code": suburb.postal_code,
                "customer_id": customer.id,
                "customer_name": customer.name,
                "customer_bp_code": customer.bp_code,
                "total_line_items": len(lines),
                "total_quantity": sum(line.quantity for line in lines),
                "total_weight": round(sum(line.weight_kg for line in lines), 3),
                "status": order.status,
                "sales_person_name": order.sales_person_name,
                "address": customer.address,
                "assignment_plan_id": assigned[0].plan_id if assigned else None,
                "assigned_unit_id": units[0] if len(units) == 1 else (units[0] if units else None),
                "assigned_unit_ids": units,
                "is_split": len(units) > 1 or (bool(assigned) and len(assigned) < len(lines)),
                "lines": [
                    {
                        "order_line_id": line.id,
                        "description": line.description,
                        "lip_channel_quantity": line.lip_channel_quantity,
                        "quantity": line.quantity,
                        "weight": line.weight_kg,
                        "length": line.length_m,
                        "ur_prod": line.ur_prod,
                        "send_to_production": line.send_to_production,
                        "assignment": "assigned" if line.id in assignments_by_line else "unassigned",
                        "assigned_unit_id": assignments_by_line[line.id].planned_unit_id
                        if line.id in assignments_by_line
                        else None,
                    }
                    for line in lines
                ],
            }
        )
    return result


def unassigned_order_rows(session: Session, plan: Plan) -> list[dict[str, Any]]:
    """Orders in the plan's dates and branches that are not (fully) assigned anywhere."""
    where = [DeliveryOrder.delivery_date >= plan.delivery_start, DeliveryOrder.delivery_date <= plan.delivery_end]
    if not plan.scope_all_branches and plan.branch_ids:
        where.append(DeliveryOrder.branch_id.in_(plan.branch_ids))
    rows = order_rows(session, where=where)
    return [r for r in rows if any(line["assignment"] == "unassigned" for line in r["lines"])]


# ---------------------------------------------------------------- units
def unit_details(session: Session, plan: Plan) -> list[dict[str, Any]]:
    units = list(
        session.exec(select(PlannedUnit).where(PlannedUnit.plan_id == plan.id).order_by(PlannedUnit.created_at))
    )
    assignments = list(session.exec(select(OrderAssignment).where(OrderAssignment.plan_id == plan.id)))
    orders = {o["order_id"]: o for o in order_rows(session, sorted({a.order_id for a in assignments}))}
    by_unit: dict[str, list[OrderAssignment]] = defaultdict(list)
    for a in assignments:
        by_unit[a.planned_unit_id].append(a)
    result = []
    for unit in units:
        va, vehicle, trailer, driver = _fleet(session, unit.vehicle_assignment_id)
        capacity = unit_capacity_kg(vehicle, trailer)
        carried = by_unit[unit.id]
        per_date: dict[str, float] = defaultdict(float)
        routes_by_date: dict[str, set[str]] = defaultdict(set)
        unit_orders: dict[str, dict[str, Any]] = {}
        for a in carried:
            order = orders[a.order_id]
            per_date[order["delivery_date"]] += a.weight_kg
            routes_by_date[order["delivery_date"]].add(order["route_id"])
            unit_orders.setdefault(
                a.order_id, {**order, "lines": [line for line in order["lines"] if line["assigned_unit_id"] == unit.id]}
            )
        used = max(per_date.values(), default=0.0)
        lines = [line for o in unit_orders.values() for line in o["lines"]]
        result.append(
            {
                "planned_unit_id": unit.id,
                "plan_id": plan.id,
                "vehicle_assignment_id": va.id,
                "branch_id": va.branch_id,
                "vehicle_type": vehicle.vehicle_type,
                "vehicle_id": vehicle.id,
                "trailer_id": trailer.id if trailer else None,
                "driver_id": driver.id,
                "driver": {
                    "id": driver.id,
                    "name": driver.name,
                    "last_name": driver.last_name,
                    "phone": driver.phone,
                    "license": driver.license,
                },
                "vehicle": {
                    "id": vehicle.id,
                    "reg_number": vehicle.reg_number,
                    "license_plate": vehicle.license_plate,
                    "model": vehicle.model,
                    "capacity": f"{vehicle.capacity_kg:g}kg",
                },
                "trailer": {
                    "id": trailer.id,
                    "reg_number": trailer.reg_number,
                    "license_plate": trailer.license_plate,
                    "capacity": f"{trailer.capacity_kg:g}kg",
                }
                if trailer
                else None,
                "capacity_kg": capacity,
                "used_weight_kg": round(used, 3),
                "remaining_capacity_kg": round(capacity - used, 3),
                "load_by_date": {d: round(w, 3) for d, w in sorted(per_date.items())},
                "routes_served": sorted({r for routes in routes_by_date.values() for r in routes}),
                "routes_by_date": {d: sorted(r) for d, r in sorted(routes_by_date.items())},
                "status": unit.status,
                "notes": unit.notes,
                "summary": {
                    "total_orders": len(unit_orders),
                    "total_line_items": len(lines),
                    "total_quantity": sum(line["quantity"] for line in lines),
                    "total_weight": round(sum(a.weight_kg for a in carried), 3),
                },
                "orders": list(unit_orders.values()),
            }
        )
    return result


def unit_capacity_kg(vehicle: Vehicle, trailer: Trailer | None) -> float:
    # Seed 004: a horse carries what its trailer carries; every other vehicle its own capacity.
    if vehicle.vehicle_type == "horse":
        return trailer.capacity_kg if trailer else 0.0
    return vehicle.capacity_kg


def _fleet(session: Session, vehicle_assignment_id: str):
    va = session.get(VehicleAssignment, vehicle_assignment_id)
    vehicle = session.get(Vehicle, va.vehicle_id)
    trailer = session.get(Trailer, va.trailer_id) if va.trailer_id else None
    driver = session.get(Driver, va.driver_id)
    return va, vehicle, trailer, driver


def plan_payload(session: Session, plan: Plan) -> dict[str, Any]:
    units = unit_details(session, plan)
    assigned = [o for u in units for o in u["orders"]]
    return {
        "plan": plan_view(plan),
        "units": units,
        "assigned_orders": assigned,
        "unassigned_orders": unassigned_order_rows(session, plan),
        "unassigned_units": [u for u in units if not u["orders"]],
    }


# ---------------------------------------------------------------- use cases
def add_plan(*, session: Session, actor: Employee, fields: dict[str, Any]) -> dict[str, Any]:
    access.require_planner(actor, "Only admins, managers and schedulers can create delivery plans")
    name = (fields.get("plan_name") or "").strip() if isinstance(fields.get("plan_name"), str) else ""
    if not name:
        raise ValidationFailed("plan_name is required", details={"field": "plan_name"})
    check_label(name, "plan_name")
    check_notes(fields.get("notes"))
    if fields.get("delivery_start") in (None, ""):
        raise ValidationFailed("delivery_start is required (YYYY-MM-DD)", details={"field": "delivery_start"})
    start = parse_date(fields["delivery_start"], "delivery_start")
    end = parse_date(fields.get("delivery_end") or start, "delivery_end")
    if end < start:
        raise ValidationFailed("delivery_end must be on or after delivery_start", details={"field": "delivery_end"})
    status = fields.get("status") or "planning"
    if status not in PLAN_STATUSES:
        raise ValidationFailed(f"status must be one of {', '.join(PLAN_STATUSES)}", details={"field": "status"})
    scope_all = fields.get("scope_all_branches", True)
    branch_ids = fields.get("branch_ids") or []
    if not scope_all:
        known = {b.id for b in session.exec(select(Branch))}
        if not branch_ids or any(b not in known for b in branch_ids):
            raise ValidationFailed(
                "branch_ids must list known branches when scope_all_branches is false", details={"field": "branch_ids"}
            )
    plan = Plan(
        plan_name=name,
        delivery_start=start,
        delivery_end=end,
        scope_all_branches=bool(scope_all),
        branch_ids=list(branch_ids),
        notes=fields.get("notes"),
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
        after=plan_view(plan),
        kind="load_change",
    )
    return {
        "plan": plan_view(plan),
        "units": [],
        "assigned_orders": [],
        "unassigned_orders": [],
        "unassigned_units": [],
    }


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
) -> dict[str, Any]:
    query = select(Plan)
    if date_from:
        query = query.where(Plan.delivery_start >= date_from)
    if date_to:
        query = query.where(Plan.delivery_end <= date_to)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordering = Plan.delivery_start.asc() if order == "asc" else Plan.delivery_start.desc()
    plans = list(session.exec(query.order_by(ordering, Plan.created_at).offset(offset).limit(limit)))
    rows = []
    for plan in plans:
        row = plan_view(plan)
        if include_units or include_counts:
            unit_ids = list(session.exec(select(PlannedUnit.id).where(PlannedUnit.plan_id == plan.id)))
            if include_units:
                row["plan_unit_ids"] = unit_ids
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
                row["summary"] = {
                    "units_count": len(unit_ids),
                    "orders_count": orders_count,
                    "total_weight": round(float(weight), 3),
                }
        if include_unassigned:
            row["unassigned_count"] = len(unassigned_order_rows(session, plan))
        rows.append(row)
    return {"total": total, "limit": limit, "offset": offset, "plans": rows}


def get_plan(*, session: Session, actor: Employee, plan_id: str) -> dict[str, Any]:
    plan = require_plan(session, plan_id)
    payload = plan_payload(session, plan)
    return {"plan": payload["plan"], "units": payload["units"], "unassigned_orders": payload["unassigned_orders"]}


def add_unit(
    *,
    session: Session,
    actor: Employee,
    plan_id: str,
    vehicle_assignment_id: str,
    status: str | None = None,
    notes: str | None = None,
) -> dict[str, Any]:
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
    return plan_payload(session, plan)


def set_unit_note(*, session: Session, actor: Employee, plan_id: str, unit_id: str, note: str | None) -> dict:
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
    return plan_payload(session, plan)


def remove_unit(*, session: Session, actor: Employee, plan_id: str, unit_id: str) -> dict[str, Any]:
    access.require_planner(actor, "Only admins, managers and schedulers can change delivery plans")
    lock_plan(session, plan_id)
    plan = require_plan(session, plan_id)
    unit = require_unit(session, plan, unit_id)
    carried = session.exec(
        select(func.count()).select_from(OrderAssignment).where(OrderAssignment.planned_unit_id == unit.id)
    ).one()
    if carried:
        raise Conflict(
            f"Unassign this unit's {carried} order line(s) before removing it", details={"planned_unit_id": unit.id}
        )
    session.delete(unit)
    record(
        session=session,
        actor=actor,
        entity_type="planned_unit",
        entity_id=unit.id,
        action="delete",
        before={"plan_id": plan.id, "vehicle_assignment_id": unit.vehicle_assignment_id},
        kind="load_change",
    )
    session.flush()
    return plan_payload(session, plan)


def unassign(
    *, session: Session, actor: Employee, plan_id: str, unit_id: str, order_ids: list[str] | None
) -> dict[str, Any]:
    access.require_planner(actor, "Only admins, managers and schedulers can change delivery plans")
    lock_plan(session, plan_id)
    plan = require_plan(session, plan_id)
    unit = require_unit(session, plan, unit_id)
    query = select(OrderAssignment).where(OrderAssignment.planned_unit_id == unit.id)
    if order_ids is not None:
        if not isinstance(order_ids, list) or not all(isinstance(o, str) for o in order_ids):
            raise ValidationFailed("order_ids must be a list of order ids", details={"field": "order_ids"})
        query = query.where(OrderAssignment.order_id.in_(order_ids))
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
    return plan_payload(session, plan)


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
        before=plan_view(plan),
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
) -> dict[str, Any]:
    where = []
    if on:
        where.append(DeliveryOrder.delivery_date == on)
    if date_from:
        where.append(DeliveryOrder.delivery_date >= date_from)
    if date_to:
        where.append(DeliveryOrder.delivery_date <= date_to)
    if branch_id:
        where.append(DeliveryOrder.branch_id == branch_id)
    if route_id:
        where.append(DeliveryOrder.route_id == route_id)
    if customer_name:
        where.append(func.lower(Customer.name).like(f"%{customer_name.strip().lower()}%"))
    orders = order_rows(session, where=where or None)
    branches: dict[str, dict] = {}
    for o in orders:
        branch = branches.setdefault(
            o["branch_id"], {"branch_id": o["branch_id"], "branch_name": o["branch_name"], "routes": {}}
        )
        route = branch["routes"].setdefault(
            o["route_id"], {"route_id": o["route_id"], "route_name": o["route_name"], "suburbs": {}}
        )
        suburb = route["suburbs"].setdefault(
            o["suburb_route_id"],
            {
                "suburb_route_id": o["suburb_route_id"],
                "suburb_name": o["suburb_name"],
                "address": o["address"],
                "customers": {},
            },
        )
        customer = suburb["customers"].setdefault(
            o["customer_id"], {"customer_id": o["customer_id"], "customer_name": o["customer_name"], "orders": []}
        )
        customer["orders"].append(
            {
                "order_id": o["order_id"],
                "sales_order_id": o["sales_order_id"],
                "sales_order_number": o["sales_order_number"],
                "delivery_date": o["delivery_date"],
                "totals": {
                    "items": o["total_line_items"],
                    "quantity": o["total_quantity"],
                    "weight": o["total_weight"],
                },
                "status": o["status"],
                "sales_person_name": o["sales_person_name"],
                "assignment_plan_id": o["assignment_plan_id"],
                "assigned_unit_id": o["assigned_unit_id"],
                "is_split": o["is_split"],
                "order_lines": [
                    {
                        k: line[k]
                        for k in (
                            "order_line_id",
                            "description",
                            "lip_channel_quantity",
                            "quantity",
                            "weight",
                            "length",
                            "ur_prod",
                            "send_to_production",
                            "assignment",
                        )
                    }
                    for line in o["lines"]
                ],
            }
        )

    def listify(branch):
        return {
            **branch,
            "routes": [
                {
                    **route,
                    "suburbs": [
                        {**suburb, "customers": list(suburb["customers"].values())}
                        for suburb in route["suburbs"].values()
                    ],
                }
                for route in branch["routes"].values()
            ],
        }

    tree = [listify(b) for b in sorted(branches.values(), key=lambda b: b["branch_name"])]
    totals = {
        "orders": len(orders),
        "weight": round(sum(o["total_weight"] for o in orders), 3),
        "unassigned": sum(1 for o in orders if o["assignment_plan_id"] is None),
    }
    return {"branches": tree, "totals": totals}


def idle_vehicle_assignments(session: Session, plan: Plan) -> list[dict[str, str]]:
    """Active vehicle assignments not yet in the plan (and in its branches), for "add idle unit"."""
    used = set(session.exec(select(PlannedUnit.vehicle_assignment_id).where(PlannedUnit.plan_id == plan.id)))
    rows = []
    for va in session.exec(select(VehicleAssignment).where(VehicleAssignment.active.is_(True))):
        if va.id in used or (not plan.scope_all_branches and va.branch_id not in plan.branch_ids):
            continue
        _, vehicle, trailer, driver = _fleet(session, va.id)
        rows.append(
            {
                "id": va.id,
                "label": f"{vehicle.license_plate} ({vehicle.vehicle_type}, "
                f"{unit_capacity_kg(vehicle, trailer):g} kg) · {driver.name} {driver.last_name}",
            }
        )
    return sorted(rows, key=lambda r: r["label"])


def unassign_orders(*, session: Session, actor: Employee, plan_id: str, order_ids: list[str]) -> dict[str, Any]:
    """Take orders off whatever units of this plan carry them (used by the board's drag back)."""
    access.require_planner(actor, "Only admins, managers and schedulers can change delivery plans")
    lock_plan(session, plan_id)
    plan = require_plan(session, plan_id)
    removed = list(
        session.exec(
            select(OrderAssignment).where(OrderAssignment.plan_id == plan.id, OrderAssignment.order_id.in_(order_ids))
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
    return plan_payload(session, plan)


def bulk_assign(
    *,
    session: Session,
    actor: Employee,
    plan_id: str,
    assignments: list[dict[str, Any]],
    rule_limits: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Assign whole orders to units: everything is validated first (units in the plan, orders
    unassigned, in the plan's dates and branches, not in another plan, and the load rules), then
    written all together or not at all. A refusal names the order, the unit and the rule."""
    from shiftapp.services.load_checks import check_proposed_assignments

    access.require_planner(actor, "Only admins, managers and schedulers can change delivery plans")
    lock_plan(session, plan_id)
    plan = require_plan(session, plan_id)
    if not isinstance(assignments, list) or not assignments:
        raise ValidationFailed("assignments must list at least one unit with orders", details={"field": "assignments"})
    proposed: list[tuple[PlannedUnit, DeliveryOrder, list[OrderLine]]] = []
    seen_orders: set[str] = set()
    for entry in assignments:
        unit = require_unit(session, plan, entry.get("planned_unit_id"))
        if unit.status != "active":
            raise Conflict(
                f"Unit {unit.id} is {unit.status}; only active units take orders",
                details={"planned_unit_id": unit.id, "rule": "status"},
            )
        for item in entry.get("orders") or []:
            order_id = item.get("order_id") if isinstance(item, dict) else None
            order = session.get(DeliveryOrder, order_id) if isinstance(order_id, str) else None
            if order is None:
                raise NotFound(f"Order {order_id} not found", details={"order_id": order_id})
            if order.id in seen_orders:
                raise ValidationFailed(
                    f"Order {order.sales_order_number} appears twice in this request", details={"order_id": order.id}
                )
            seen_orders.add(order.id)
            lines = list(session.exec(select(OrderLine).where(OrderLine.order_id == order.id)))
            taken = list(session.exec(select(OrderAssignment).where(OrderAssignment.order_id == order.id)))
            if taken:
                other_plan = next((a.plan_id for a in taken if a.plan_id != plan.id), None)
                rule = "order_exclusivity"
                where = f"plan {other_plan}" if other_plan else f"unit {taken[0].planned_unit_id}"
                raise Conflict(
                    f"Order {order.sales_order_number} is already assigned ({where}); unassign it first",
                    details={"order_id": order.id, "planned_unit_id": unit.id, "rule": rule},
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
    return plan_payload(session, plan)
