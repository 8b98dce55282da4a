"""Auto-assign for delivery plans (seed 004): the optimizing planner proposes, the rule engine
checks, and a commit writes every assignment (and any new planned units) in one transaction.
A preview runs the same writes inside a savepoint and rolls them back, so it shows exactly what
a commit would produce."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from pydantic import TypeAdapter
from sqlmodel import Session, col, select

from shiftapp.config import get_settings
from shiftapp.db import session_scope
from shiftapp.loads import LoadOrder, LoadProblem, LoadUnit, plan_loads
from shiftapp.models import (
    DeliveryOrder,
    Employee,
    Job,
    JobStatus,
    OrderAssignment,
    OrderLine,
    Plan,
    PlannedUnit,
    Trailer,
    Vehicle,
    VehicleAssignment,
)
from shiftapp.services import access, jobs
from shiftapp.services.audit import record
from shiftapp.services.errors import ValidationFailed
from shiftapp.services.load_checks import check_proposed_assignments
from shiftapp.services.locks import lock_plan
from shiftapp.services.logistics import (
    OrderView,
    PlanView,
    UnitView,
    plan_view,
    require_plan,
    unassigned_order_rows,
    unit_details,
)


@dataclass(frozen=True)
class AutoAssignMeta:
    """What the run did or would do: assignments, units added and used, the method and how the search ended."""

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


@dataclass(frozen=True)
class OrderLeftOpen(OrderView):
    # Why the run left the order unassigned (no room, a load rule, or outside this run).
    reason: str


@dataclass(frozen=True)
class AutoAssignResult:
    """The plan as the run leaves it (or would leave it, for a preview), with the run's meta."""

    plan: PlanView
    units: list[UnitView]
    assigned_orders: list[OrderView]
    unassigned_orders: list[OrderLeftOpen]
    unassigned_units: list[UnitView]
    meta: AutoAssignMeta


@dataclass
class CarriedDay:
    """What a planned unit already carries on one day (the rules need its weight, a route and the customers)."""

    route_id: str
    weight_kg: float = 0.0
    customer_ids: set[str] = field(default_factory=set)


def _capacity(session: Session, va: VehicleAssignment) -> float:
    vehicle = session.get_one(Vehicle, va.vehicle_id)
    if vehicle.vehicle_type == "horse":
        trailer = session.get(Trailer, va.trailer_id) if va.trailer_id else None
        return trailer.capacity_kg if trailer else 0.0
    return vehicle.capacity_kg


def build_problem(
    session: Session,
    plan: Plan,
    *,
    branch_id: str | None,
    max_units_per_customer_per_day: int,
    max_vehicles_per_route_per_day: int,
) -> tuple[LoadProblem, dict[str, str]]:
    """Orders of the plan's dates still free anywhere; units = the plan's active units plus the
    vehicle assignments that could join it. Returns the problem and unit id -> vehicle assignment id."""
    branches = None if plan.scope_all_branches else set(plan.branch_ids)
    if branch_id:
        branches = {branch_id} if branches is None else branches & {branch_id}
    taken_lines = set(session.exec(select(OrderAssignment.order_line_id)))
    query = select(DeliveryOrder).where(
        DeliveryOrder.delivery_date >= plan.delivery_start, DeliveryOrder.delivery_date <= plan.delivery_end
    )
    if branches is not None:
        query = query.where(col(DeliveryOrder.branch_id).in_(branches))
    orders = list(session.exec(query))
    lines: dict[str, list[OrderLine]] = defaultdict(list)
    if orders:
        for line in session.exec(select(OrderLine).where(col(OrderLine.order_id).in_([o.id for o in orders]))):
            lines[line.order_id].append(line)
    free_orders: list[LoadOrder] = []
    for order in orders:
        order_lines = lines[order.id]
        if not order_lines or any(line.id in taken_lines for line in order_lines):
            continue  # partly assigned orders stay as they are; the board handles them by hand
        free_orders.append(
            LoadOrder(
                order.id,
                order.branch_id,
                order.route_id,
                order.customer_id,
                order.delivery_date,
                sum(line.weight_kg for line in order_lines),
                tuple((line.id, line.weight_kg) for line in sorted(order_lines, key=lambda line: line.id)),
            )
        )
    units: list[LoadUnit] = []
    unit_to_va: dict[str, str] = {}
    planned = list(session.exec(select(PlannedUnit).where(PlannedUnit.plan_id == plan.id)))
    # Per unit and day, what the plan already has on it: the weight, a route and the customers.
    existing: dict[str, dict[date, CarriedDay]] = defaultdict(dict)
    for a in session.exec(select(OrderAssignment).where(OrderAssignment.plan_id == plan.id)):
        assigned = session.get_one(DeliveryOrder, a.order_id)
        day = existing[a.planned_unit_id].setdefault(assigned.delivery_date, CarriedDay(assigned.route_id))
        day.weight_kg += a.weight_kg
        day.route_id = assigned.route_id
        day.customer_ids.add(assigned.customer_id)
    in_plan = set()
    for unit in planned:
        va = session.get_one(VehicleAssignment, unit.vehicle_assignment_id)
        in_plan.add(va.id)
        if unit.status != "active" or (branches is not None and va.branch_id not in branches):
            continue
        units.append(
            LoadUnit(
                unit.id,
                va.branch_id,
                _capacity(session, va),
                True,
                tuple(
                    (day, carried.weight_kg, carried.route_id, frozenset(carried.customer_ids))
                    for day, carried in existing[unit.id].items()
                ),
            )
        )
        unit_to_va[unit.id] = va.id
    for va in session.exec(select(VehicleAssignment).where(col(VehicleAssignment.active).is_(True))):
        if va.id in in_plan or (branches is not None and va.branch_id not in branches):
            continue
        units.append(LoadUnit(f"new:{va.id}", va.branch_id, _capacity(session, va), False))
        unit_to_va[f"new:{va.id}"] = va.id
    return LoadProblem(
        orders=tuple(free_orders),
        units=tuple(units),
        max_vehicles_per_route_per_day=max_vehicles_per_route_per_day,
        max_units_per_customer_per_day=max_units_per_customer_per_day,
    ), unit_to_va


def auto_assign(
    *,
    session: Session,
    actor: Employee,
    plan_id: str,
    branch_id: str | None = None,
    commit: bool = False,
    max_units_per_customer_per_day: int | None = None,
    max_vehicles_per_route_per_day: int | None = None,
    method: str = "optimal",
    time_limit_s: float = 3.0,
) -> AutoAssignResult:
    access.require_planner(actor, "Only admins, managers and schedulers can auto-assign delivery plans")
    plan = require_plan(session, plan_id)
    if method not in ("optimal", "greedy"):
        raise ValidationFailed("method must be optimal or greedy", details={"field": "method"})
    settings = get_settings()
    customer_limit = max_units_per_customer_per_day or settings.max_units_per_customer_per_day
    route_limit = max_vehicles_per_route_per_day or settings.max_vehicles_per_route_per_day
    problem, unit_to_va = build_problem(
        session,
        plan,
        branch_id=None if branch_id in (None, "", "all") else branch_id,
        max_units_per_customer_per_day=customer_limit,
        max_vehicles_per_route_per_day=route_limit,
    )
    result = plan_loads(problem, method=method, time_limit_s=time_limit_s)
    greedy_units = result.greedy_units_used
    if commit:
        # Locked after the solver, so the plan is not held while it searches; the checks below
        # (the load rules, one assignment per order line) then see every change made meanwhile.
        lock_plan(session, plan.id)
    savepoint = session.begin_nested()
    created_units: dict[str, str] = {}
    for unit_id in sorted({p.unit_id for p in result.placements if p.unit_id.startswith("new:")}):
        unit = PlannedUnit(plan_id=plan.id, vehicle_assignment_id=unit_to_va[unit_id], notes="Added by auto-assign")
        session.add(unit)
        session.flush()
        created_units[unit_id] = unit.id
    whole = [(created_units.get(p.unit_id, p.unit_id), p.order_id) for p in result.placements if not p.line_ids]
    # Every proposal passes the rule engine before it is written, preview or commit alike.
    if whole:
        check_proposed_assignments(
            session=session,
            plan=plan,
            proposed=whole,
            limits={"max_units_per_customer_per_day": customer_limit, "max_vehicles_per_route_per_day": route_limit},
        )
    line_weight = {line_id: kg for o in problem.orders for line_id, kg in o.lines}
    created = 0
    for p in result.placements:
        unit_id = created_units.get(p.unit_id, p.unit_id)
        order = next(o for o in problem.orders if o.id == p.order_id)
        line_ids = p.line_ids or tuple(line_id for line_id, _kg in order.lines)
        for line_id in line_ids:
            session.add(
                OrderAssignment(
                    plan_id=plan.id,
                    planned_unit_id=unit_id,
                    order_id=p.order_id,
                    order_line_id=line_id,
                    weight_kg=line_weight[line_id],
                    is_split=p.is_split,
                )
            )
            created += 1
    session.flush()
    # The run's whole answer: every order it placed and every order it left open, with why. Its job keeps
    # it whole, since a preview's placements exist nowhere else and the board's preview lists them all;
    # the REST route answers a bounded part of it and names the job for the rest.
    units = unit_details(session, plan)
    left_open = unassigned_order_rows(session, plan)
    meta = AutoAssignMeta(
        committed=commit,
        assignments_created=len(result.placements),
        lines_assigned=created,
        units_added=len(created_units),
        max_units_per_customer_per_day=customer_limit,
        max_vehicles_per_route_per_day=route_limit,
        method=result.method,
        units_used=result.units_used,
        greedy_units_used=greedy_units,
        greedy_unassigned=result.greedy_unassigned,
        unassigned=len(result.unassigned),
        lower_bound=result.lower_bound,
        proven_optimal=result.proven_optimal,
        time_limit_reached=result.time_limit_reached,
        seconds=round(result.seconds, 3),
    )
    if commit:
        savepoint.commit()
        record(
            session=session,
            actor=actor,
            entity_type="plan",
            entity_id=plan.id,
            action="auto_assign",
            after={
                "assignments_created": meta.assignments_created,
                "units_added": meta.units_added,
                "method": meta.method,
                "units_used": meta.units_used,
            },
            kind="load_change",
        )
    else:
        savepoint.rollback()
    return AutoAssignResult(
        plan=plan_view(plan),
        units=units,
        assigned_orders=[o for u in units for o in u.orders],
        unassigned_orders=[_left_open(order, result.unassigned) for order in left_open],
        unassigned_units=[u for u in units if not u.orders],
        meta=meta,
    )


def _left_open(order: OrderView, reasons: dict[str, str]) -> OrderLeftOpen:
    reason = reasons.get(order.order_id, "outside this auto-assign (partly assigned or filtered)")
    return OrderLeftOpen(**{f.name: getattr(order, f.name) for f in fields(OrderView)}, reason=reason)


# ------------------------------------------------------------------ as a job (the plan board's path)
KIND = "plan_auto_assign"
# The planner's search time for the plan board and the REST route.
TIME_LIMIT_S = 3.0
_RESULT = TypeAdapter(AutoAssignResult)


def start_plan_auto_assign(
    *,
    session: Session,
    actor: Employee,
    plan_id: str,
    commit: bool,
    time_limit_s: float = 3.0,
    branch_id: str | None = None,
    max_units_per_customer_per_day: int | None = None,
    max_vehicles_per_route_per_day: int | None = None,
    method: str = "optimal",
) -> tuple[Job, bool]:
    """The same auto-assign as a job run by a job worker, so the planner never runs in the web process:
    (job, started). A bad request is refused here, before a job exists; a preview on unchanged data
    returns the preview already made."""
    access.require_planner(actor, "Only admins, managers and schedulers can auto-assign delivery plans")
    plan = require_plan(session, plan_id)
    if method not in ("optimal", "greedy"):
        raise ValidationFailed("method must be optimal or greedy", details={"field": "method"})
    settings = get_settings()
    customer_limit = max_units_per_customer_per_day or settings.max_units_per_customer_per_day
    route_limit = max_vehicles_per_route_per_day or settings.max_vehicles_per_route_per_day
    branch = None if branch_id in (None, "", "all") else branch_id
    problem, _units = build_problem(
        session,
        plan,
        branch_id=branch,
        max_units_per_customer_per_day=customer_limit,
        max_vehicles_per_route_per_day=route_limit,
    )
    return jobs.start_job(
        session=session,
        actor=actor,
        kind=KIND,
        request={
            "plan_id": plan.id,
            "commit": bool(commit),
            "time_limit_s": time_limit_s,
            "branch_id": branch,
            "max_units_per_customer_per_day": customer_limit,
            "max_vehicles_per_route_per_day": route_limit,
            "method": method,
        },
        data_fingerprint=jobs.fingerprint([plan.version, dataclasses.asdict(problem)]),
    )


@jobs.runner(KIND)
def _run_plan_auto_assign(ticket: jobs.JobTicket, progress: jobs.Progress) -> dict[str, Any]:
    params = ticket.params
    with session_scope() as session:
        actor = session.get(Employee, ticket.created_by) if ticket.created_by else None
        if actor is None:
            raise ValidationFailed("The job's owner is no longer known; start it again")
        progress(0.1, "Placing the open orders on vehicles", force=True)
        result = auto_assign(
            session=session,
            actor=actor,
            plan_id=params["plan_id"],
            commit=bool(params["commit"]),
            time_limit_s=float(params.get("time_limit_s", 3.0)),
            branch_id=params.get("branch_id"),
            max_units_per_customer_per_day=params.get("max_units_per_customer_per_day"),
            max_vehicles_per_route_per_day=params.get("max_vehicles_per_route_per_day"),
            method=str(params.get("method") or "optimal"),
        )
        progress.hold(session)  # a commit is written only while this run still holds the job
        return dict(_RESULT.dump_python(result, mode="json"))


@dataclass(frozen=True)
class PlanAutoAssignJob:
    """A plan auto-assign job and, once it succeeded, its result."""

    job: jobs.JobView
    result: AutoAssignResult | None


def plan_auto_assign_job(*, session: Session, actor: Employee, job_id: str) -> PlanAutoAssignJob:
    access.require_planner(actor, "Only admins, managers and schedulers can auto-assign delivery plans")
    job = jobs.get_job(session=session, job_id=job_id, kind=KIND)
    done = job.status == JobStatus.succeeded.value and job.result is not None
    return PlanAutoAssignJob(jobs.job_view(job), _RESULT.validate_python(job.result) if done else None)


def auto_assign_result(job: Job) -> AutoAssignResult:
    """A finished auto-assign job's result; its refusal raised as the same error the planner raised."""
    return _RESULT.validate_python(jobs.finished_result(job))
