"""Seed 004 — Assignment Planner (plans, units, assignments) and Loads, with the seed's envelope
`{"statusCode", "message", "data"}`."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from shiftapp.api.answers_off_loop import answer_off_loop
from shiftapp.api.authorisation import AuthoriseFirstRoute, planner
from shiftapp.api.deps import CurrentUser, DbSession, reading_unit
from shiftapp.api.feeds_routes import file_response
from shiftapp.api.job_routes import accepted, accepted_response, job_location
from shiftapp.api.paging_headers import PAGE_HEADERS, set_page_headers
from shiftapp.api.schemas.plans import (
    AutoAssignLoadsEnvelope,
    AutoAssignLoadsPublic,
    AutoAssignLoadsRequest,
    AutoAssignMetaPublic,
    AutoAssignUnitPublic,
    Envelope,
    JobAcceptedEnvelope,
    LoadsTreeEnvelope,
    OrderLeftOpenPublic,
    OrderMove,
    OrdersAssign,
    OrdersUnassign,
    PlanBoardEnvelope,
    PlanBoardPublic,
    PlanCreate,
    PlanDetailEnvelope,
    PlanDetailPublic,
    PlanListEnvelope,
    PlanPublic,
    UnitCreate,
    UnitNoteUpdate,
    UnitOrdersEnvelope,
    UnitRemove,
)
from shiftapp.config import get_settings
from shiftapp.models import Plan
from shiftapp.services import exports, logistics
from shiftapp.services.paging import next_offset
from shiftapp.services.text_limits import MAX_OFFSET

if TYPE_CHECKING:
    # The planner (and OR-Tools with it) is imported by the route that runs it, not with the API.
    from shiftapp.services.auto_assign_loads import AutoAssignResult

router = APIRouter(tags=["delivery plans"], route_class=AuthoriseFirstRoute)
CHANGE_PLANS = planner("change delivery plans")

PLAN_DETAIL_DESCRIPTION = f"""Read a delivery plan: the plan, its units with the orders each carries, and the
orders still open (`unassigned_orders`).

The open orders come in pages, by route, delivery date and order number: `limit` of them (default
{logistics.PLAN_ORDERS_PAGE_DEFAULT:,}, at most {logistics.UNASSIGNED_PAGE_MAX:,}) from `offset` (default 0).
`data.unassigned_total` and the `X-Total-Count` header say how many there are in all; while more follow,
`data.unassigned_next` and a `Link` header name the next page (`rel="next"`). The plan and its units come on
every page.

Each unit lists its first `unit_orders_limit` orders (default {logistics.UNIT_ORDERS_DEFAULT:,}, at most
{logistics.UNIT_ORDERS_MAX:,}) by delivery date and order number; its `summary` and `orders_total` count all
of them. A unit that carries more names the rest in `orders_next`: `GET
/api/plans/{{plan_id}}/units/{{unit_id}}/orders` from the first order not listed."""

UNIT_ORDERS_DESCRIPTION = f"""The orders one planned unit carries, each with only the lines that unit
carries, by delivery date and order number: `limit` of them (default {logistics.UNIT_ORDERS_DEFAULT:,}, at most
{logistics.UNIT_ORDERS_MAX:,}) from `offset`. `data.total` and `X-Total-Count` say how many there are in all;
while more follow, a `Link` header names the next page (`rel="next"`)."""


CHANGE_ANSWER_DESCRIPTION = f"""It answers with the plan as it is after the change, bounded as `GET
/api/plans/{{plan_id}}` bounds its first page, in seed 004's body (`plan`, `units`, `assigned_orders`,
`unassigned_orders`, `unassigned_units`) with the same counts and links as the read:

- each unit lists its first `unit_orders_limit` orders (default {logistics.UNIT_ORDERS_DEFAULT:,}, at most
  {logistics.UNIT_ORDERS_MAX:,}) by delivery date and order number; its `summary` and `orders_total` count all of
  them, and a unit that carries more names the rest in `orders_next`: `GET
  /api/plans/{{plan_id}}/units/{{unit_id}}/orders` from the first order not listed;
- `assigned_orders` are the orders the units list, unit by unit; `unassigned_units` the units carrying nothing;
- `unassigned_orders` are the first `limit` (default {logistics.PLAN_ORDERS_PAGE_DEFAULT:,}, at most
  {logistics.UNASSIGNED_PAGE_MAX:,}) of the orders still open, by route, delivery date and order number;
  `unassigned_total` counts them all, and while more follow `unassigned_next` names the next page: `GET
  /api/plans/{{plan_id}}?limit=…&offset=…`.

A plan whose units and open orders fit these limits answers whole, as seed 004 describes."""


def change_description(what: str) -> str:
    """A plan change's OpenAPI description: what it does, then how its answer is bounded."""
    return f"{what}\n\n{CHANGE_ANSWER_DESCRIPTION}"


UnassignedLimit = Annotated[
    int,
    Query(
        ge=1,
        le=logistics.UNASSIGNED_PAGE_MAX,
        description=f"Unassigned orders in this page (default {logistics.PLAN_ORDERS_PAGE_DEFAULT:,}, "
        f"at most {logistics.UNASSIGNED_PAGE_MAX:,}).",
    ),
]
UnitOrdersLimit = Annotated[
    int,
    Query(
        ge=1,
        le=logistics.UNIT_ORDERS_MAX,
        description=f"Orders listed per unit (default {logistics.UNIT_ORDERS_DEFAULT:,}, "
        f"at most {logistics.UNIT_ORDERS_MAX:,}).",
    ),
]


PlanAnswer = TypeVar("PlanAnswer", PlanDetailPublic, PlanBoardPublic)


def unit_orders_path(plan_id: str, unit_id: str, *, limit: int, offset: int) -> str:
    return f"/api/plans/{quote(plan_id, safe='')}/units/{quote(unit_id, safe='')}/orders?" + urlencode(
        {"limit": limit, "offset": offset}
    )


def plan_page_path(plan_id: str, *, limit: int, offset: int, unit_orders_limit: int) -> str:
    return f"/api/plans/{quote(plan_id, safe='')}?" + urlencode(
        {"limit": limit, "offset": offset, "unit_orders_limit": unit_orders_limit}
    )


def with_the_rest_named(body: PlanAnswer) -> PlanAnswer:
    """A plan's answer with the routes to what its bounded lists leave out: each unit's orders past the
    ones it lists (`orders_next`), and the open orders past this page (`unassigned_next`)."""
    for unit in body.units:
        if len(unit.orders) < unit.orders_total:
            unit.orders_next = unit_orders_path(
                body.plan.id, unit.planned_unit_id, limit=body.unit_orders_limit, offset=len(unit.orders)
            )
    following = next_offset(body.unassigned_total, limit=body.limit, offset=body.offset)
    if following is not None:
        body.unassigned_next = plan_page_path(
            body.plan.id, limit=body.limit, offset=following, unit_orders_limit=body.unit_orders_limit
        )
    return body


class ChangeAnswerPage:
    """How much of the plan a change answers with: its `limit` and `unit_orders_limit` query parameters.
    Read as a dependency, they are checked against their bounds before the route runs, so a bad `limit`
    is refused before anything is written; `answer` builds the plan's page once the change is made."""

    def __init__(
        self,
        limit: UnassignedLimit = logistics.PLAN_ORDERS_PAGE_DEFAULT,
        unit_orders_limit: UnitOrdersLimit = logistics.UNIT_ORDERS_DEFAULT,
    ) -> None:
        self.limit = limit
        self.unit_orders_limit = unit_orders_limit

    def answer(self, session: Session, plan: Plan) -> PlanBoardPublic:
        """The plan after a change, bounded as its read's first page, with the routes to the rest."""
        payload = logistics.plan_payload(session, plan, unit_orders_limit=self.unit_orders_limit, limit=self.limit)
        return with_the_rest_named(PlanBoardPublic.model_validate(payload))


AnswerPage = Annotated[ChangeAnswerPage, Depends()]


def envelope(status: int, message: str, data: object = None) -> dict[str, Any]:
    # The seed's envelope around what the service returned; each route's response_model renders `data`.
    body: dict[str, Any] = {"statusCode": status, "message": message}
    if data is not None:
        body["data"] = data
    return body


def _rule_limits(body: OrdersAssign | OrderMove) -> dict[str, int]:
    """The load rules' limits a change's body sets (an absent one leaves the rule's own setting)."""
    asked = {
        "max_units_per_customer_per_day": body.max_units_per_customer_per_day,
        "max_vehicles_per_route_per_day": body.max_vehicles_per_route_per_day,
    }
    return {name: value for name, value in asked.items() if value}


def _same_plan(path_id: str, body_id: str | None) -> None:
    if body_id is not None and body_id != path_id:
        from shiftapp.services.errors import ValidationFailed

        raise ValidationFailed("plan_id in the body differs from the plan in the URL", details={"field": "plan_id"})


AUTO_ASSIGN_DESCRIPTION = f"""Place a plan's open orders on vehicles under the load rules: a preview, or
written with `commit`. The planner runs in a job worker while the request waits.

It answers with the plan as the run leaves it (or would), bounded as a change's answer is, in seed 004's
body (`plan`, `units`, `assigned_orders`, `unassigned_orders`, `unassigned_units`, `meta`):

- each unit lists its first `unit_orders_limit` orders (default {logistics.UNIT_ORDERS_DEFAULT:,}, at most
  {logistics.UNIT_ORDERS_MAX:,}) by delivery date and order number; its `summary` and `orders_total` count all
  of them;
- `unassigned_orders` are the first `limit` (default {logistics.PLAN_ORDERS_PAGE_DEFAULT:,}, at most
  {logistics.UNASSIGNED_PAGE_MAX:,}) of the orders the run leaves open, each with why (`reason`);
  `unassigned_total` counts them all;
- where a list leaves something out, `orders_next` (on the unit) and `unassigned_next` name the run's job,
  `GET /api/jobs/{{job_id}}`, whose `result` is the run's whole answer.

A run whose units and open orders fit these limits answers whole, as seed 004 describes."""


def auto_assign_answer(result: AutoAssignResult, page: ChangeAnswerPage, *, whole_at: str) -> AutoAssignLoadsPublic:
    """An auto-assign's answer within the page's limits; `whole_at` is where its whole result is read."""
    units = []
    for unit in result.units:
        public = AutoAssignUnitPublic.model_validate(
            dataclasses.replace(unit, orders=unit.orders[: page.unit_orders_limit])
        )
        if len(public.orders) < public.orders_total:
            public.orders_next = whole_at
        units.append(public)
    left_open = result.unassigned_orders
    return AutoAssignLoadsPublic(
        plan=PlanPublic.model_validate(result.plan),
        units=units,
        assigned_orders=[order for unit in units for order in unit.orders],
        unassigned_orders=[OrderLeftOpenPublic.model_validate(order) for order in left_open[: page.limit]],
        unassigned_units=[unit for unit in units if not unit.orders_total],
        unassigned_total=len(left_open),
        unassigned_next=whole_at if len(left_open) > page.limit else None,
        limit=page.limit,
        unit_orders_limit=page.unit_orders_limit,
        meta=AutoAssignMetaPublic.model_validate(result.meta),
    )


@router.post(
    "/api/plans/auto-assign",
    response_model=AutoAssignLoadsEnvelope,
    dependencies=[planner("auto-assign delivery plans")],
    responses=accepted_response(JobAcceptedEnvelope),
    description=AUTO_ASSIGN_DESCRIPTION,
)
@reading_unit
async def auto_assign(
    body: AutoAssignLoadsRequest, session: DbSession, user: CurrentUser, page: AnswerPage
) -> dict[str, Any] | JSONResponse:
    from shiftapp.services import auto_assign_loads
    from shiftapp.services.jobs import wait_for_commit, wait_for_job

    # The planner runs in a job worker; this request waits for it without holding a thread.
    job, _started = await run_in_threadpool(
        auto_assign_loads.start_plan_auto_assign,
        session=session,
        actor=user,
        plan_id=body.plan_id,
        commit=body.commit,
        time_limit_s=auto_assign_loads.TIME_LIMIT_S,
        branch_id=body.branch_id,
        max_units_per_customer_per_day=body.max_units_per_customer_per_day,
        max_vehicles_per_route_per_day=body.max_vehicles_per_route_per_day,
        method=body.method,
    )
    timeout = auto_assign_loads.TIME_LIMIT_S + get_settings().job_wait_margin_seconds
    if body.commit:
        # A commit past the wait is left to land and followed at /api/jobs/{id}, never stopped.
        finished = await wait_for_commit(job.id, timeout_s=timeout)
        if finished is None:
            return accepted(job, body=envelope(202, "Auto-assignment still running: follow the job"))
    else:
        finished = await wait_for_job(job.id, timeout_s=timeout)
    message = (
        "Auto-assignment committed successfully" if body.commit else "Auto-assignment preview generated successfully"
    )

    def answer() -> AutoAssignLoadsEnvelope:
        result = auto_assign_loads.auto_assign_result(finished)
        data = auto_assign_answer(result, page, whole_at=job_location(finished.id))
        return AutoAssignLoadsEnvelope(statusCode=200, message=message, data=data)

    return await answer_off_loop(answer)


@router.post(
    "/api/plans/add-plan",
    response_model=PlanBoardEnvelope,
    status_code=201,
    dependencies=[planner("create delivery plans")],
    description=change_description(
        "Create a delivery plan for a date range, over all branches or the ones listed. A new plan has no "
        "units: its answer lists the orders in its dates and branches that wait for one."
    ),
)
def add_plan(
    body: PlanCreate,
    session: DbSession,
    user: CurrentUser,
    page: AnswerPage,
) -> dict[str, Any]:
    plan = logistics.add_plan(session=session, actor=user, new=body)
    return envelope(201, "Plan created", page.answer(session, plan))


@router.get("/api/plans", response_model=PlanListEnvelope)
def list_plans(
    session: DbSession,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    order: Literal["asc", "desc"] = "desc",
    date_from: date | None = None,
    date_to: date | None = None,
    include_units: bool = False,
    include_counts: bool = False,
    include_unassigned: bool = False,
) -> dict[str, Any]:
    """List one page of the delivery plans by delivery date, optionally with unit ids, counts and open orders."""
    data = logistics.list_plans(
        session=session,
        actor=user,
        limit=limit,
        offset=offset,
        order=order,
        date_from=date_from,
        date_to=date_to,
        include_units=include_units,
        include_counts=include_counts,
        include_unassigned=include_unassigned,
    )
    return envelope(200, "Plans fetched", data)


@router.get(
    "/api/plans/{plan_id}",
    response_model=PlanDetailEnvelope,
    description=PLAN_DETAIL_DESCRIPTION,
    responses={200: {"headers": PAGE_HEADERS}},
)
def get_plan(
    plan_id: str,
    request: Request,
    response: Response,
    session: DbSession,
    user: CurrentUser,
    limit: UnassignedLimit = logistics.PLAN_ORDERS_PAGE_DEFAULT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Unassigned orders to skip.")] = 0,
    unit_orders_limit: UnitOrdersLimit = logistics.UNIT_ORDERS_DEFAULT,
) -> dict[str, Any]:
    """Read a delivery plan with its units (and their first orders) and a page of the orders still open."""
    data = logistics.get_plan(
        session=session, actor=user, plan_id=plan_id, limit=limit, offset=offset, unit_orders_limit=unit_orders_limit
    )
    set_page_headers(request, response, total=data.unassigned_total, limit=limit, offset=offset)
    return envelope(200, "Plan fetched", with_the_rest_named(PlanDetailPublic.model_validate(data)))


@router.get(
    "/api/plans/{plan_id}/units/{unit_id}/orders",
    response_model=UnitOrdersEnvelope,
    description=UNIT_ORDERS_DESCRIPTION,
    responses={200: {"headers": PAGE_HEADERS}},
)
def get_unit_orders(
    plan_id: str,
    unit_id: str,
    request: Request,
    response: Response,
    session: DbSession,
    user: CurrentUser,
    limit: Annotated[
        int,
        Query(ge=1, le=logistics.UNIT_ORDERS_MAX, description="Orders in this page."),
    ] = logistics.UNIT_ORDERS_DEFAULT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Orders to skip.")] = 0,
) -> dict[str, Any]:
    """Read a page of the orders one planned unit carries."""
    data = logistics.unit_orders_page(
        session=session, actor=user, plan_id=plan_id, unit_id=unit_id, limit=limit, offset=offset
    )
    set_page_headers(request, response, total=data.total, limit=limit, offset=offset)
    return envelope(200, "Unit orders fetched", data)


@router.post(
    "/api/plans/units/note",
    response_model=PlanBoardEnvelope,
    dependencies=[CHANGE_PLANS],
    description=change_description("Set or clear the note on a planned unit."),
)
def set_unit_note(
    body: UnitNoteUpdate,
    session: DbSession,
    user: CurrentUser,
    page: AnswerPage,
) -> dict[str, Any]:
    plan = logistics.set_unit_note(
        session=session, actor=user, plan_id=body.plan_id, unit_id=body.planned_unit_id, note=body.note
    )
    return envelope(200, "Unit note updated", page.answer(session, plan))


@router.post(
    "/api/plans/units/remove",
    response_model=PlanBoardEnvelope,
    dependencies=[CHANGE_PLANS],
    description=change_description(
        "Take a planned unit off a plan (with `unassign_orders`, its orders go back to unassigned first)."
    ),
)
def remove_unit(
    body: UnitRemove,
    session: DbSession,
    user: CurrentUser,
    page: AnswerPage,
) -> dict[str, Any]:
    removed = logistics.remove_unit(
        session=session,
        actor=user,
        plan_id=body.plan_id,
        unit_id=body.planned_unit_id,
        release_orders=body.unassign_orders,
    )
    return envelope(200, "Planned unit removed", page.answer(session, removed.plan))


@router.post(
    "/api/plans/{plan_id}/units",
    response_model=PlanBoardEnvelope,
    status_code=201,
    dependencies=[CHANGE_PLANS],
    description=change_description("Add a vehicle assignment (vehicle, trailer, driver) to a plan as a planned unit."),
)
def add_unit(
    plan_id: str,
    body: UnitCreate,
    session: DbSession,
    user: CurrentUser,
    page: AnswerPage,
) -> dict[str, Any]:
    _same_plan(plan_id, body.plan_id)
    plan = logistics.add_unit(
        session=session,
        actor=user,
        plan_id=plan_id,
        vehicle_assignment_id=body.vehicle_assignment_id,
        status=body.status,
        notes=body.notes,
    )
    return envelope(201, "Planned unit added", page.answer(session, plan))


@router.post(
    "/api/plans/{plan_id}/bulk-assign",
    response_model=PlanBoardEnvelope,
    dependencies=[CHANGE_PLANS],
    description=change_description(
        "Put orders on planned units in one go, checked against capacity and the load rules."
    ),
)
def bulk_assign(
    plan_id: str,
    body: OrdersAssign,
    session: DbSession,
    user: CurrentUser,
    page: AnswerPage,
) -> dict[str, Any]:
    _same_plan(plan_id, body.plan_id)
    plan = logistics.bulk_assign(
        session=session, actor=user, plan_id=plan_id, assignments=body.assignments, rule_limits=_rule_limits(body)
    )
    return envelope(200, "Orders assigned", page.answer(session, plan))


@router.post(
    "/api/plans/{plan_id}/move",
    response_model=PlanBoardEnvelope,
    dependencies=[CHANGE_PLANS],
    description=change_description(
        "Move an order from one planned unit to another in one transaction, checked against the load rules "
        "on the plan after the move; 409 if the order is no longer on `from_unit_id`."
    ),
)
def move_order(
    plan_id: str,
    body: OrderMove,
    session: DbSession,
    user: CurrentUser,
    page: AnswerPage,
) -> dict[str, Any]:
    _same_plan(plan_id, body.plan_id)
    moved = logistics.move_order(
        session=session,
        actor=user,
        plan_id=plan_id,
        order_id=body.order_id,
        from_unit_id=body.from_unit_id,
        to_unit_id=body.to_unit_id,
        rule_limits=_rule_limits(body),
    )
    message = f"Order {moved.order_number} moved from {moved.from_unit} to {moved.to_unit}"
    return envelope(200, message, page.answer(session, logistics.require_plan(session, plan_id)))


@router.post(
    "/api/plans/{plan_id}/unassign",
    response_model=PlanBoardEnvelope,
    dependencies=[CHANGE_PLANS],
    description=change_description("Take orders (the listed ones, or all) off a planned unit."),
)
def unassign(
    plan_id: str,
    body: OrdersUnassign,
    session: DbSession,
    user: CurrentUser,
    page: AnswerPage,
) -> dict[str, Any]:
    _same_plan(plan_id, body.plan_id)
    plan = logistics.unassign_from_unit(
        session=session, actor=user, plan_id=plan_id, unit_id=body.planned_unit_id, order_ids=body.order_ids
    )
    return envelope(200, "Orders unassigned", page.answer(session, plan))


@router.delete("/api/plans/{plan_id}", response_model=Envelope, dependencies=[planner("delete delivery plans")])
def delete_plan(plan_id: str, session: DbSession, user: CurrentUser) -> dict[str, Any]:
    """Delete a delivery plan."""
    logistics.delete_plan(session=session, actor=user, plan_id=plan_id)
    return envelope(200, "Plan deleted")


@router.get("/api/loads", response_model=LoadsTreeEnvelope, tags=["loads"])
def get_loads(
    session: DbSession,
    user: CurrentUser,
    date_: Annotated[date | None, Query(alias="date")] = None,
    from_: Annotated[date | None, Query(alias="from")] = None,
    to: date | None = None,
    branch_id: str | None = None,
    route_id: str | None = None,
    customer_name: str | None = None,
) -> dict[str, Any]:
    """Read the orders of a day or date range as a tree: branch, route, suburb, customer, with totals."""
    data = logistics.loads_tree(
        session=session,
        actor=user,
        on=date_,
        date_from=from_,
        date_to=to,
        branch_id=branch_id,
        route_id=route_id,
        customer_name=customer_name,
    )
    return envelope(200, "Loads fetched", data)


@router.get(
    "/api/plans/{plan_id}/load-sheet",
    response_model=None,
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}}}
    },
    dependencies=[planner("print load sheets")],
    tags=["exports"],
)
def load_sheet(plan_id: str, session: DbSession, user: CurrentUser, format: Literal["csv", "html"] = "csv") -> Response:
    """A plan's load sheet per unit (orders, lines, weights, stops by route) as CSV or printable HTML."""
    export = exports.load_sheet_export(session=session, actor=user, plan_id=plan_id, export_format=format)
    return file_response(export, inline=format == "html")
