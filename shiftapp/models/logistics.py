"""Delivery load planning (seed 004): branches, routes, suburbs, customers, orders and their
lines, the fleet, vehicle assignments, plans, planned units and order assignments."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from shiftapp.models import lengths
from shiftapp.models.common import UTCDateTime, new_id, utcnow, version_checked


class Branch(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    name: str = Field(unique=True, max_length=lengths.NAME)
    code: str = Field(max_length=lengths.CODE)


class Route(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    branch_id: str = Field(foreign_key="branch.id", index=True, max_length=lengths.ID)
    name: str = Field(max_length=lengths.NAME)
    code: str = Field(max_length=lengths.CODE)


class Suburb(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    route_id: str = Field(foreign_key="route.id", index=True, max_length=lengths.ID)
    name: str = Field(max_length=lengths.NAME)
    city: str | None = Field(default=None, max_length=lengths.NAME)
    province: str | None = Field(default=None, max_length=lengths.NAME)
    postal_code: str | None = Field(default=None, max_length=lengths.CODE)


class Customer(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    name: str = Field(index=True, max_length=lengths.LABEL)
    bp_code: str = Field(max_length=lengths.PLATE)
    suburb_id: str = Field(foreign_key="suburb.id", index=True, max_length=lengths.ID)
    address: str | None = Field(default=None, max_length=lengths.ADDRESS)


class DeliveryOrder(SQLModel, table=True):
    """An order (the seed's "load") to be delivered on one date."""

    __tablename__ = "delivery_order"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    sales_order_id: str = Field(default_factory=new_id, max_length=lengths.ID)
    sales_order_number: str = Field(unique=True, max_length=lengths.REFERENCE)
    customer_id: str = Field(foreign_key="customer.id", index=True, max_length=lengths.ID)
    branch_id: str = Field(foreign_key="branch.id", index=True, max_length=lengths.ID)
    route_id: str = Field(foreign_key="route.id", index=True, max_length=lengths.ID)
    suburb_id: str = Field(foreign_key="suburb.id", max_length=lengths.ID)
    delivery_date: date = Field(index=True)
    status: str = Field(default="confirmed", max_length=lengths.STATUS)
    sales_person_name: str | None = Field(default=None, max_length=lengths.NAME)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OrderLine(SQLModel, table=True):
    __tablename__ = "order_line"
    # The loads page sums its orders' line weights per route: read from this index alone.
    __table_args__ = (Index("ix_order_line_order_weight", "order_id", "weight_kg"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    order_id: str = Field(foreign_key="delivery_order.id", index=True, ondelete="CASCADE", max_length=lengths.ID)
    description: str = Field(max_length=lengths.ADDRESS)
    lip_channel_quantity: int = 0
    quantity: int = 1
    weight_kg: float = Field(ge=0)
    length_m: float | None = None
    ur_prod: str | None = Field(default=None, max_length=lengths.REFERENCE)
    send_to_production: bool = False


class Vehicle(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    branch_id: str = Field(foreign_key="branch.id", index=True, max_length=lengths.ID)
    vehicle_type: str = Field(max_length=lengths.STATUS)  # truck | horse | bakkie
    reg_number: str = Field(max_length=lengths.PLATE)
    license_plate: str = Field(unique=True, max_length=lengths.PLATE)
    model: str | None = Field(default=None, max_length=lengths.NAME)
    capacity_kg: float = Field(default=0, ge=0)  # a horse carries nothing itself: its trailer does


class Trailer(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    branch_id: str = Field(foreign_key="branch.id", index=True, max_length=lengths.ID)
    reg_number: str = Field(max_length=lengths.PLATE)
    license_plate: str = Field(unique=True, max_length=lengths.PLATE)
    capacity_kg: float = Field(ge=0)


class Driver(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    employee_id: str | None = Field(default=None, foreign_key="employee.id", max_length=lengths.ID)
    branch_id: str = Field(foreign_key="branch.id", index=True, max_length=lengths.ID)
    name: str = Field(max_length=lengths.NAME)
    last_name: str = Field(max_length=lengths.NAME)
    phone: str | None = Field(default=None, max_length=lengths.PHONE)
    license: str | None = Field(default=None, max_length=lengths.REFERENCE)


class VehicleAssignment(SQLModel, table=True):
    """A vehicle with its driver (and trailer, for a horse): what a plan can put to work."""

    __tablename__ = "vehicle_assignment"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    branch_id: str = Field(foreign_key="branch.id", index=True, max_length=lengths.ID)
    vehicle_id: str = Field(foreign_key="vehicle.id", max_length=lengths.ID)
    trailer_id: str | None = Field(default=None, foreign_key="trailer.id", max_length=lengths.ID)
    driver_id: str = Field(foreign_key="driver.id", max_length=lengths.ID)
    active: bool = True


class Plan(SQLModel, table=True):
    __mapper_args__ = version_checked
    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    plan_name: str = Field(max_length=lengths.LABEL)
    delivery_start: date = Field(index=True)
    delivery_end: date
    scope_all_branches: bool = True
    branch_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    notes: str | None = Field(default=None, max_length=lengths.NOTES)
    status: str = Field(default="planning", max_length=lengths.STATUS)  # planning | active | completed | cancelled
    created_by: str | None = Field(default=None, foreign_key="employee.id", max_length=lengths.ID)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = 1


class PlannedUnit(SQLModel, table=True):
    __tablename__ = "planned_unit"
    __table_args__ = (UniqueConstraint("plan_id", "vehicle_assignment_id", name="uq_planned_unit_plan_va"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    plan_id: str = Field(foreign_key="plan.id", index=True, ondelete="CASCADE", max_length=lengths.ID)
    vehicle_assignment_id: str = Field(foreign_key="vehicle_assignment.id", max_length=lengths.ID)
    status: str = Field(default="active", max_length=lengths.STATUS)  # active | paused | oos
    notes: str | None = Field(default=None, max_length=lengths.NOTES)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OrderAssignment(SQLModel, table=True):
    """One order line carried by one planned unit.

    Assignments are kept per line, and a line may be in at most one assignment anywhere:
    the unique constraint is what makes two racing commits for one order end with one winner.
    """

    __tablename__ = "order_assignment"
    __table_args__ = (UniqueConstraint("order_line_id", name="uq_order_assignment_line"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=lengths.ID)
    plan_id: str = Field(foreign_key="plan.id", index=True, ondelete="CASCADE", max_length=lengths.ID)
    planned_unit_id: str = Field(foreign_key="planned_unit.id", index=True, ondelete="CASCADE", max_length=lengths.ID)
    order_id: str = Field(foreign_key="delivery_order.id", index=True, max_length=lengths.ID)
    order_line_id: str = Field(foreign_key="order_line.id", max_length=lengths.ID)
    is_split: bool = False
    weight_kg: float = Field(ge=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
