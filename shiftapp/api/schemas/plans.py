"""Delivery load plan schemas (seed 004): the request bodies per resource and the envelopes the routes answer with.

Every answer is the seed's envelope `{"statusCode", "message", "data"}`; `data` is typed per route, field by
field down to the order lines. The plan-create body is the service's own input (`NewPlan`), and the
assignment bodies are `UnitLoad` / `OrderToLoad`, with the documented limits added, so a route hands the
parsed body straight to its service. The Public bodies read the services' dataclasses, so a route returns
what the service returned and `response_model` renders the seed's body from it.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from shiftapp.api.schemas.planning import JobAccepted
from shiftapp.api.text_fields import REQUEST_TEXT_BACKSTOP, IdText, LabelText, NotesText
from shiftapp.services.logistics import NewPlan, OrderToLoad, UnitLoad


class Body(BaseModel):
    # Seed 004 ignores fields it does not know (unlike Planning PRO's strict bodies).
    model_config = ConfigDict(extra="ignore", str_max_length=REQUEST_TEXT_BACKSTOP)


# ------------------------------------------------------------------ requests
class PlanCreate(Body, NewPlan):
    plan_name: LabelText
    delivery_start: date
    delivery_end: date | None = None
    scope_all_branches: bool = True
    branch_ids: list[IdText] = Field(default_factory=list)
    notes: NotesText | None = None
    status: Literal["planning", "active", "completed", "cancelled"] = "planning"


class UnitCreate(Body):
    plan_id: IdText | None = None
    vehicle_assignment_id: IdText
    status: Literal["active", "paused", "oos"] = "active"
    notes: NotesText | None = None


class UnitNoteUpdate(Body):
    plan_id: IdText
    planned_unit_id: IdText
    note: NotesText | None = None


class UnitRemove(Body):
    plan_id: IdText
    planned_unit_id: IdText
    # Seed 004 removes only an empty unit; true sends the unit's orders back to unassigned first, in the
    # same transaction.
    unassign_orders: bool = False


class OrderMove(Body):
    """One order from the unit it is on to another unit of the same plan."""

    plan_id: IdText | None = None
    order_id: IdText
    # The unit the caller saw the order on: the move is refused (409) if it is no longer there.
    from_unit_id: IdText
    to_unit_id: IdText
    max_units_per_customer_per_day: int | None = Field(default=None, ge=1, le=50)
    max_vehicles_per_route_per_day: int | None = Field(default=None, ge=1, le=50)


class OrderRef(Body, OrderToLoad):
    order_id: IdText


class UnitOrders(Body, UnitLoad):
    planned_unit_id: IdText
    orders: list[OrderRef]


class OrdersAssign(Body):
    plan_id: IdText | None = None
    assignments: list[UnitOrders]
    max_units_per_customer_per_day: int | None = Field(default=None, ge=1, le=50)
    max_vehicles_per_route_per_day: int | None = Field(default=None, ge=1, le=50)


class OrdersUnassign(Body):
    plan_id: IdText | None = None
    planned_unit_id: IdText
    order_ids: list[IdText] | None = None


class AutoAssignLoadsRequest(Body):
    plan_id: IdText
    branch_id: IdText | None = None
    commit: bool = False
    max_units_per_customer_per_day: int | None = Field(default=None, ge=1, le=50)
    max_vehicles_per_route_per_day: int | None = Field(default=None, ge=1, le=50)
    method: Literal["optimal", "greedy"] = "optimal"


# ------------------------------------------------------------------ public views
class Public(BaseModel):
    # Responses are read from the services' dataclasses.
    model_config = ConfigDict(from_attributes=True)


# A sum of weights as the service rounded it: an empty sum is the integer 0, which the seed writes as `0`
# (a plain float field would turn it into `0.0`), any other sum a float.
SummedKg = int | float


class PlanPublic(Public):
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


class PlanSummaryPublic(Public):
    units_count: int
    orders_count: int
    total_weight: float


def _not_asked(value: object) -> bool:
    return value is None


class PlanListItem(PlanPublic):
    # Present only when the list was asked for them (include_units, include_counts, include_unassigned).
    plan_unit_ids: list[str] | None = Field(default=None, exclude_if=_not_asked)
    summary: PlanSummaryPublic | None = Field(default=None, exclude_if=_not_asked)
    unassigned_count: int | None = Field(default=None, exclude_if=_not_asked)


class PlanListPublic(Public):
    total: int
    limit: int
    offset: int
    plans: list[PlanListItem]


class OrderLinePublic(Public):
    order_line_id: str
    description: str
    lip_channel_quantity: int
    quantity: int
    weight: float
    length: float | None
    ur_prod: str | None
    send_to_production: bool
    assignment: str
    assigned_unit_id: str | None


class OrderPublic(Public):
    """The seed's Order object: the order with its lines, geography, customer and assignment."""

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
    total_weight: SummedKg
    status: str
    sales_person_name: str | None
    address: str | None
    assignment_plan_id: str | None
    assigned_unit_id: str | None
    assigned_unit_ids: list[str]
    is_split: bool
    lines: list[OrderLinePublic]


class OrderLeftOpenPublic(OrderPublic):
    # Why auto-assign left the order unassigned.
    reason: str


class DriverPublic(Public):
    id: str
    name: str
    last_name: str
    phone: str | None
    license: str | None


class VehiclePublic(Public):
    id: str
    reg_number: str
    license_plate: str
    model: str | None
    capacity: str


class TrailerPublic(Public):
    id: str
    reg_number: str
    license_plate: str
    capacity: str


class UnitSummaryPublic(Public):
    total_orders: int
    total_line_items: int
    total_quantity: int
    total_weight: SummedKg


class UnitPublic(Public):
    """A planned unit (vehicle, trailer, driver) with its load per day and the orders (lines) it carries."""

    planned_unit_id: str
    plan_id: str
    vehicle_assignment_id: str
    branch_id: str
    vehicle_type: str
    vehicle_id: str
    trailer_id: str | None
    driver_id: str
    driver: DriverPublic
    vehicle: VehiclePublic
    trailer: TrailerPublic | None
    capacity_kg: float
    used_weight_kg: float
    remaining_capacity_kg: float
    load_by_date: dict[str, float]
    routes_served: list[str]
    routes_by_date: dict[str, list[str]]
    status: str
    notes: str | None
    summary: UnitSummaryPublic
    orders: list[OrderPublic]


class PlanDetailUnitPublic(UnitPublic):
    """A unit as a plan's read lists it: seed 004's unit with its first orders, and where the rest are."""

    orders_total: int = Field(description="Orders the unit carries in all; `orders` lists the first of them")
    orders_next: str | None = Field(
        default=None,
        description="While `orders` is not all of them: the unit's orders route at the first order not listed",
    )


class UnitOrdersPublic(Public):
    """A page of the orders one planned unit carries, each with only the lines that unit carries."""

    plan_id: str
    planned_unit_id: str
    orders: list[OrderPublic]
    total: int = Field(description="Orders the unit carries in all, on every page")
    limit: int
    offset: int


# What a plan's answer says about the lists it bounds, the same in its read and in every change's answer.
_UNASSIGNED_TOTAL = "The plan's unassigned orders in all, on every page"
_UNASSIGNED_NEXT = "While open orders follow `unassigned_orders`: the plan's read at the next page of them"
_LIMIT = "The page size of `unassigned_orders` asked for"
_OFFSET = "Unassigned orders skipped before this page"
_UNIT_ORDERS_LIMIT = "The most orders each unit lists in `units[].orders`"


class PlanDetailPublic(Public):
    """A plan, its units with their first orders, and one page of the orders still open."""

    plan: PlanPublic
    units: list[PlanDetailUnitPublic]
    unassigned_orders: list[OrderPublic]
    unassigned_total: int = Field(description=_UNASSIGNED_TOTAL)
    unassigned_next: str | None = Field(default=None, description=_UNASSIGNED_NEXT)
    limit: int = Field(description=_LIMIT)
    offset: int = Field(description=_OFFSET)
    unit_orders_limit: int = Field(description=_UNIT_ORDERS_LIMIT)


class PlanBoardPublic(Public):
    """A plan after a change, bounded as its read is: seed 004's body (its units each with their first
    orders, the orders those list, the first page of the orders still open, the units carrying nothing)
    and the counts and links that say where the rest is."""

    plan: PlanPublic
    units: list[PlanDetailUnitPublic]
    assigned_orders: list[OrderPublic] = Field(description="The orders `units[].orders` list, unit by unit")
    unassigned_orders: list[OrderPublic]
    unassigned_units: list[PlanDetailUnitPublic]
    unassigned_total: int = Field(description=_UNASSIGNED_TOTAL)
    unassigned_next: str | None = Field(default=None, description=_UNASSIGNED_NEXT)
    limit: int = Field(description=_LIMIT)
    offset: int = Field(description=_OFFSET)
    unit_orders_limit: int = Field(description=_UNIT_ORDERS_LIMIT)


class AutoAssignMetaPublic(Public):
    """What the run did or would do: assignments, units added and used, the method, how the search ended."""

    committed: bool
    assignments_created: int
    lines_assigned: int
    units_added: int
    max_units_per_customer_per_day: int
    max_vehicles_per_route_per_day: int
    method: str
    units_used: int
    greedy_units_used: int | None
    greedy_unassigned: int | None
    unassigned: int
    lower_bound: int | None
    proven_optimal: bool
    time_limit_reached: bool
    seconds: float


# Where an auto-assign's answer leaves something out, the rest is in its job's result.
_RUN_WHOLE = "the run's job (`GET /api/jobs/{job_id}`), whose `result` is the run's whole answer"


class AutoAssignUnitPublic(UnitPublic):
    """A unit as an auto-assign answers it: seed 004's unit with its first orders, and where the rest are."""

    orders_total: int = Field(description="Orders the unit carries (or would) in all; `orders` lists the first")
    orders_next: str | None = Field(default=None, description=f"While `orders` is not all of them: {_RUN_WHOLE}")


class AutoAssignLoadsPublic(Public):
    """The plan as an auto-assign leaves it (or would), bounded as a change's answer is, with the run's meta."""

    plan: PlanPublic
    units: list[AutoAssignUnitPublic]
    assigned_orders: list[OrderPublic] = Field(description="The orders `units[].orders` list, unit by unit")
    unassigned_orders: list[OrderLeftOpenPublic]
    unassigned_units: list[AutoAssignUnitPublic]
    unassigned_total: int = Field(description="The orders the run leaves open in all")
    unassigned_next: str | None = Field(
        default=None, description=f"While open orders follow `unassigned_orders`: {_RUN_WHOLE}"
    )
    limit: int = Field(description="The most open orders `unassigned_orders` lists")
    unit_orders_limit: int = Field(description=_UNIT_ORDERS_LIMIT)
    meta: AutoAssignMetaPublic


class TreeOrderLinePublic(Public):
    order_line_id: str
    description: str
    lip_channel_quantity: int
    quantity: int
    weight: float
    length: float | None
    ur_prod: str | None
    send_to_production: bool
    assignment: str


class TreeOrderTotalsPublic(Public):
    items: int
    quantity: int
    weight: SummedKg


class TreeOrderPublic(Public):
    order_id: str
    sales_order_id: str
    sales_order_number: str
    delivery_date: str
    totals: TreeOrderTotalsPublic
    status: str
    sales_person_name: str | None
    assignment_plan_id: str | None
    assigned_unit_id: str | None
    is_split: bool
    order_lines: list[TreeOrderLinePublic]


class TreeCustomerPublic(Public):
    customer_id: str
    customer_name: str
    orders: list[TreeOrderPublic]


class TreeSuburbPublic(Public):
    suburb_route_id: str
    suburb_name: str
    address: str | None
    customers: list[TreeCustomerPublic]


class TreeRoutePublic(Public):
    route_id: str
    route_name: str
    suburbs: list[TreeSuburbPublic]


class TreeBranchPublic(Public):
    branch_id: str
    branch_name: str
    routes: list[TreeRoutePublic]


class LoadsTotalsPublic(Public):
    orders: int
    weight: SummedKg
    unassigned: int


class LoadsTreePublic(Public):
    branches: list[TreeBranchPublic]
    totals: LoadsTotalsPublic


# ------------------------------------------------------------------ envelopes
class Envelope(BaseModel):
    statusCode: int
    message: str


class JobAcceptedEnvelope(Envelope):
    data: JobAccepted


class PlanBoardEnvelope(Envelope):
    data: PlanBoardPublic


class PlanDetailEnvelope(Envelope):
    data: PlanDetailPublic


class UnitOrdersEnvelope(Envelope):
    data: UnitOrdersPublic


class PlanListEnvelope(Envelope):
    data: PlanListPublic


class AutoAssignLoadsEnvelope(Envelope):
    data: AutoAssignLoadsPublic


class LoadsTreeEnvelope(Envelope):
    data: LoadsTreePublic
