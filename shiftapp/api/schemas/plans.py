"""Delivery load plan schemas (seed 004): the request bodies per resource and the envelopes the routes answer with.

Every answer is the seed's envelope `{"statusCode", "message", "data"}`; `data` is typed per route. Plans,
units and orders are documented field by field where their shape is fixed (the plan) and as JSON objects
where it is the seed's nested Order/Unit object (lines, geography, customer, vehicle), which
services.logistics builds.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from shiftapp.api.text_fields import REQUEST_TEXT_BACKSTOP, IdText, LabelText, NotesText


class Body(BaseModel):
    # Seed 004 ignores fields it does not know (unlike Planning PRO's strict bodies).
    model_config = ConfigDict(extra="ignore", str_max_length=REQUEST_TEXT_BACKSTOP)


# ------------------------------------------------------------------ requests
class PlanCreate(Body):
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


class OrderRef(Body):
    order_id: IdText


class UnitOrders(Body):
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
class PlanPublic(BaseModel):
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


class PlanSummaryPublic(BaseModel):
    units_count: int
    orders_count: int
    total_weight: float


class PlanListItem(PlanPublic):
    # Present when the list was asked for them (include_units, include_counts, include_unassigned).
    plan_unit_ids: list[str] | None = None
    summary: PlanSummaryPublic | None = None
    unassigned_count: int | None = None


class PlanListPublic(BaseModel):
    total: int
    limit: int
    offset: int
    plans: list[PlanListItem]


class PlanDetailPublic(BaseModel):
    plan: PlanPublic
    units: list[dict[str, Any]]
    unassigned_orders: list[dict[str, Any]]


class PlanBoardPublic(PlanDetailPublic):
    """A plan after a change: its units (each with its orders), the orders on them and those still open."""

    assigned_orders: list[dict[str, Any]]
    unassigned_units: list[dict[str, Any]]


class AutoAssignLoadsPublic(PlanBoardPublic):
    # What the run did or would do: assignments, units added and used, the method, the rule checks.
    meta: dict[str, Any]


class LoadsTreePublic(BaseModel):
    branches: list[dict[str, Any]]
    totals: dict[str, Any]


# ------------------------------------------------------------------ envelopes
class Envelope(BaseModel):
    statusCode: int
    message: str


class PlanBoardEnvelope(Envelope):
    data: PlanBoardPublic


class PlanDetailEnvelope(Envelope):
    data: PlanDetailPublic


class PlanListEnvelope(Envelope):
    data: PlanListPublic


class AutoAssignLoadsEnvelope(Envelope):
    data: AutoAssignLoadsPublic


class LoadsTreeEnvelope(Envelope):
    data: LoadsTreePublic
