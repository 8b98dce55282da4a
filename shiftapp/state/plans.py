"""Delivery plans: the list, the plan board and the loads tree."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date, timedelta
from typing import Any

import reflex as rx

from shiftapp.services import access, exports, logistics
from shiftapp.services.auto_assign_loads import AutoAssignResult, plan_auto_assign_job, start_plan_auto_assign
from shiftapp.services.errors import DomainError, ValidationFailed
from shiftapp.services.shift_views import planning_today
from shiftapp.services.text_limits import check_search
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user, run_as_user_in_thread
from shiftapp.state.solver_verdict import solver_verdict

POLL_S = 0.3
AUTO_ASSIGN_WAIT_S = 120.0

PAGE_SIZE = 20
# Unassigned orders on the board at first, and how many more each "Show more" adds.
UNASSIGNED_STEP = 100
UNASSIGNED_MAX = logistics.UNASSIGNED_PAGE_MAX
# Order cards a unit's column draws until it is expanded: 200 full columns would be thousands of cards.
UNIT_CARDS = 10


@dataclasses.dataclass
class BoardOrder:
    id: str = ""
    number: str = ""
    customer: str = ""
    date: str = ""
    route: str = ""
    weight: float = 0.0
    split: bool = False


@dataclasses.dataclass
class CapacityDay:
    date: str = ""
    used: int = 0
    percent: int = 0
    over: bool = False


@dataclasses.dataclass
class BoardUnit:
    id: str = ""
    title: str = ""
    driver: str = ""
    capacity: int = 0
    status: str = ""
    notes: str = ""
    routes: str = ""
    days: list[CapacityDay] = dataclasses.field(default_factory=list)
    orders: list[BoardOrder] = dataclasses.field(default_factory=list)  # the first UNIT_CARDS unless expanded
    order_count: int = 0
    hidden: int = 0  # orders on the unit not drawn as cards


@dataclasses.dataclass
class OrderGroup:
    title: str = ""
    orders: list[BoardOrder] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class LoadsOrder:
    number: str = ""
    customer: str = ""
    suburb: str = ""
    date: str = ""
    weight: float = 0.0
    items: int = 0
    assigned: bool = False
    split: bool = False


@dataclasses.dataclass
class LoadsRoute:
    route_name: str = ""
    count: int = 0
    weight: float = 0.0
    orders: list[LoadsOrder] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class LoadsBranch:
    branch_name: str = ""
    routes: list[LoadsRoute] = dataclasses.field(default_factory=list)


class PlansState(AuthState):
    plans: list[dict[str, Any]] = []
    total: int = 0
    page: int = 0
    can_edit: bool = False
    new_name: str = ""
    new_start: str = ""
    new_end: str = ""

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    def _reload(self) -> None:
        def load(session, user):
            data = logistics.list_plans(
                session=session,
                actor=user,
                limit=PAGE_SIZE,
                offset=self.page * PAGE_SIZE,
                include_counts=True,
                include_unassigned=True,
            )
            return data, access.is_planner(user)

        data, self.can_edit = run_as_user(self.token, load)
        self.total = data.total
        self.plans = [
            {
                **dataclasses.asdict(p),
                "units_count": p.summary.units_count if p.summary else 0,
                "orders_count": p.summary.orders_count if p.summary else 0,
                "total_weight": p.summary.total_weight if p.summary else 0.0,
                "notes": p.notes or "",
            }
            for p in data.plans
        ]

    @page_event
    def load_plans(self):
        if not self.new_start:
            start = planning_today() + timedelta(days=1)
            self.new_start, self.new_end = start.isoformat(), (start + timedelta(days=6)).isoformat()
        try:
            self._reload()
        except DomainError as error:
            return error_toast(error)

    @page_event
    def set_new_name(self, value: str):
        self.new_name = value if isinstance(value, str) else ""

    @page_event
    def set_new_start(self, value: str):
        self.new_start = value if isinstance(value, str) else ""

    @page_event
    def set_new_end(self, value: str):
        self.new_end = value if isinstance(value, str) else ""

    @page_event
    def create_plan(self):
        try:
            # The date inputs give ISO dates or nothing; the service checks the rest (name, range, order).
            new = logistics.NewPlan(
                plan_name=self.new_name,
                delivery_start=logistics.parse_date(self.new_start, "delivery_start") if self.new_start else None,
                delivery_end=logistics.parse_date(self.new_end, "delivery_end") if self.new_end else None,
            )
            created = run_as_user(self.token, lambda s, u: logistics.add_plan(session=s, actor=u, new=new))
            self._reload()
        except DomainError as error:
            return error_toast(error)
        self.new_name = ""
        return rx.redirect(f"/plans/{created.plan.id}")

    @page_event
    def delete_plan(self, plan_id: str):
        if not isinstance(plan_id, str):
            return rx.toast.error("Pick a plan")
        try:
            run_as_user(self.token, lambda s, u: logistics.delete_plan(session=s, actor=u, plan_id=plan_id))
            self._reload()
        except DomainError as error:
            return error_toast(error)
        return rx.toast.success("Plan deleted; its orders are unassigned again")

    @page_event
    def next_page(self):
        if self.page + 1 < self.page_count:
            self.page += 1
            self._reload()

    @page_event
    def previous_page(self):
        if self.page > 0:
            self.page -= 1
            self._reload()


class LoadsState(AuthState):
    branches: list[LoadsBranch] = []
    totals: dict[str, float] = {}
    day: str = ""
    customer: str = ""

    def _reload(self) -> None:
        on = date.fromisoformat(self.day) if self.day else None
        data = run_as_user(
            self.token,
            lambda s, u: logistics.loads_tree(session=s, actor=u, on=on, customer_name=self.customer or None),
        )
        self.totals = dataclasses.asdict(data.totals)
        # Flatten to what the page shows: a row per route with its customers' orders.
        rows = []
        for branch in data.branches:
            routes = []
            for route in branch.routes:
                orders = [
                    LoadsOrder(
                        number=o.sales_order_number,
                        customer=c.customer_name,
                        suburb=s.suburb_name,
                        date=o.delivery_date,
                        weight=o.totals.weight,
                        items=o.totals.items,
                        assigned=o.assignment_plan_id is not None,
                        split=o.is_split,
                    )
                    for s in route.suburbs
                    for c in s.customers
                    for o in c.orders
                ]
                # A route shows at most 200 orders at once; the filters narrow it down.
                routes.append(
                    LoadsRoute(
                        route_name=route.route_name,
                        orders=orders[:200],
                        count=len(orders),
                        weight=round(sum(o.weight for o in orders), 1),
                    )
                )
            rows.append(LoadsBranch(branch_name=branch.branch_name, routes=routes))
        self.branches = rows

    @page_event
    def load_loads(self):
        try:
            self._reload()
        except (DomainError, ValueError) as error:
            return rx.toast.error(getattr(error, "message", "Pick a valid date"))

    @page_event
    def set_day(self, value: str):
        self.day = value if isinstance(value, str) else ""
        return LoadsState.load_loads

    @page_event
    def set_customer(self, value: str):
        self.customer = value if isinstance(value, str) else ""
        return LoadsState.load_loads


class PlanBoardState(AuthState):
    plan: dict[str, Any] = {}
    units: list[BoardUnit] = []
    unassigned_groups: list[OrderGroup] = []
    unassigned_count: int = 0  # every unassigned order of the plan
    unassigned_matching: int = 0  # those the search finds (all of them without one)
    unassigned_shown: int = 0
    unassigned_limit: int = UNASSIGNED_STEP
    unassigned_search: str = ""
    expanded_units: list[str] = []
    # Which unit carries each order (its title), for the auto-assign preview's diff: the columns draw
    # only their first cards, so the drawn cards are not the whole picture.
    _carried_by: dict[str, str] = {}
    idle_vehicles: list[dict[str, str]] = []
    can_edit: bool = False
    last_refusal: str = ""
    preview: dict[str, Any] = {}
    preview_verdict: str = ""
    preview_rows: list[dict[str, str]] = []
    preview_unassigned: list[dict[str, str]] = []
    previewing: bool = False
    auto_running: bool = False

    def _plan_id(self) -> str:
        return self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

    def _show(self, board: logistics.BoardView, can_edit: bool) -> None:
        self.plan = dataclasses.asdict(board.plan)
        self.can_edit = can_edit
        self.idle_vehicles = [dataclasses.asdict(vehicle) for vehicle in board.idle_vehicles]
        self.units = [_board_unit(u, expanded=u.planned_unit_id in self.expanded_units) for u in board.units]
        self._carried_by = {
            o.order_id: unit.title for u, unit in zip(board.units, self.units, strict=True) for o in u.orders
        }
        self.unassigned_groups = order_groups(board.unassigned.orders)
        self.unassigned_count = board.unassigned.total
        self.unassigned_matching = board.unassigned.matching
        self.unassigned_shown = len(board.unassigned.orders)

    def _reload(self) -> None:
        self._show(*_load_board(self.token, self._plan_id(), self.unassigned_limit, self.unassigned_search))

    @page_event
    def download_load_sheet(self, export_format: str):
        """The plan's load sheet per unit, as CSV or a printable page (the service checks the role)."""
        plan_id = self._plan_id()
        file = run_as_user(
            self.token,
            lambda s, u: exports.load_sheet_export(session=s, actor=u, plan_id=plan_id, export_format=export_format),
        )
        return rx.download(data=file.content, filename=file.filename, mime_type=file.media_type.split(";")[0])

    @page_event
    def load_board(self):
        self.last_refusal = ""
        self.preview, self.previewing = {}, False
        self.unassigned_limit, self.unassigned_search = UNASSIGNED_STEP, ""
        self.expanded_units = []
        try:
            self._reload()
        except DomainError as error:
            return error_toast(error)

    @page_event
    def show_more_unassigned(self):
        """The next orders of the unassigned list, below the ones shown (at most UNASSIGNED_PAGE_MAX)."""
        if self.unassigned_shown < self.unassigned_matching:
            self.unassigned_limit = min(self.unassigned_limit + UNASSIGNED_STEP, UNASSIGNED_MAX)
            try:
                self._reload()
            except DomainError as error:
                return error_toast(error)

    @page_event
    def expand_unit(self, unit_id: str):
        """Draw every order a unit carries, not only its first cards."""
        if unit_id in {u.id for u in self.units} and unit_id not in self.expanded_units:
            self.expanded_units = [*self.expanded_units, unit_id]
            try:
                self._reload()
            except DomainError as error:
                return error_toast(error)

    @page_event
    def search_unassigned(self, value: str):
        """Narrow the unassigned list to orders whose number, customer or route contains the text."""
        if not isinstance(value, str):
            return rx.toast.error("Type an order number, customer or route")
        try:
            check_search(value)
        except DomainError as error:
            return error_toast(error)
        self.unassigned_search, self.unassigned_limit = value, UNASSIGNED_STEP
        try:
            self._reload()
        except DomainError as error:
            return error_toast(error)

    @page_event
    def move(self, item_id: str, target_id: str):
        """A drop on the board: an order onto a unit (assign) or back onto the unassigned panel."""
        if not (isinstance(item_id, str) and isinstance(target_id, str) and item_id.startswith("order:")):
            return rx.toast.error("Drag an order onto a unit")
        order_id = item_id.removeprefix("order:")
        plan_id = self._plan_id()
        try:
            if target_id.startswith("unit:"):
                unit_id = target_id.removeprefix("unit:")
                run_as_user(
                    self.token,
                    lambda s, u: logistics.bulk_assign(
                        session=s,
                        actor=u,
                        plan_id=plan_id,
                        assignments=[
                            logistics.UnitLoad(
                                planned_unit_id=unit_id, orders=[logistics.OrderToLoad(order_id=order_id)]
                            )
                        ],
                    ),
                )
            elif target_id == "unassigned":
                run_as_user(
                    self.token,
                    lambda s, u: logistics.unassign_orders(session=s, actor=u, plan_id=plan_id, order_ids=[order_id]),
                )
            else:
                return
            self.last_refusal = ""
            self._reload()
        except DomainError as error:
            self.last_refusal = error.message
            return error_toast(error)

    @page_event(background=True)
    async def preview_auto_assign(self):
        """Runs the planner as a job (in a job worker), follows it off the event loop, then shows the diff."""
        async with self:
            if self.auto_running:
                return
            self.auto_running = True
            token, plan_id = self.token, self._plan_id()
            before = dict(self._carried_by)
        try:
            data = await _auto_assign_in_worker(token, plan_id, commit=False)
        except DomainError as error:
            async with self:
                self.auto_running = False
            yield error_toast(error)
            return
        rows = []
        for unit in data.units:
            title = _board_unit(unit).title
            for order in unit.orders:
                if before.get(order.order_id) != title:
                    rows.append(
                        {
                            "order": order.sales_order_number,
                            "customer": order.customer_name,
                            "date": order.delivery_date,
                            "unit": title,
                            "weight": f"{sum(line.weight for line in order.lines):g}",
                        }
                    )
        async with self:
            self.auto_running = False
            self.preview = {k: ("" if v is None else str(v)) for k, v in dataclasses.asdict(data.meta).items()}
            self.preview_verdict = solver_verdict(
                proven=data.meta.proven_optimal, time_limit_reached=data.meta.time_limit_reached
            )
            self.preview_rows = sorted(rows, key=lambda r: (r["date"], r["unit"], r["order"]))[:300]
            self.preview_unassigned = [
                {"order": o.sales_order_number, "reason": o.reason} for o in data.unassigned_orders
            ][:100]
            self.previewing = True

    @page_event
    def close_preview(self):
        self.previewing = False

    @page_event(background=True)
    async def commit_auto_assign(self):
        """Writes the auto-assign as a job (in a job worker) and reloads the board when it is done."""
        async with self:
            if self.auto_running:
                return
            self.auto_running = True
            token, plan_id = self.token, self._plan_id()
            limit, search = self.unassigned_limit, self.unassigned_search
        try:
            data = await _auto_assign_in_worker(token, plan_id, commit=True)
        except DomainError as error:
            async with self:
                self.auto_running = False
            yield error_toast(error)
            return
        async with self:
            self.auto_running = False
            self.previewing = False
        # The board is read again off the event loop; the state is locked only to show it.
        board = await asyncio.to_thread(_load_board, token, plan_id, limit, search)
        async with self:
            self._show(*board)
        yield rx.toast.success(f"Assigned {data.meta.assignments_created} orders onto {data.meta.units_used} units")

    @page_event
    def unassign_order(self, order_id: str):
        return PlanBoardState.move(f"order:{order_id}", "unassigned")

    @page_event
    def add_unit(self, vehicle_assignment_id: str):
        plan_id = self._plan_id()
        try:
            run_as_user(
                self.token,
                lambda s, u: logistics.add_unit(
                    session=s, actor=u, plan_id=plan_id, vehicle_assignment_id=vehicle_assignment_id
                ),
            )
            self._reload()
        except DomainError as error:
            return error_toast(error)

    @page_event
    def remove_unit(self, unit_id: str):
        plan_id = self._plan_id()
        try:
            run_as_user(
                self.token, lambda s, u: logistics.remove_unit(session=s, actor=u, plan_id=plan_id, unit_id=unit_id)
            )
            self._reload()
        except DomainError as error:
            return error_toast(error)

    @page_event
    def save_note(self, unit_id: str, note: str):
        plan_id = self._plan_id()
        try:
            run_as_user(
                self.token,
                lambda s, u: logistics.set_unit_note(
                    session=s, actor=u, plan_id=plan_id, unit_id=unit_id, note=note if isinstance(note, str) else None
                ),
            )
            self._reload()
        except DomainError as error:
            return error_toast(error)
        return rx.toast.success("Note saved")


def _load_board(token: str, plan_id: str, limit: int, search: str) -> tuple[logistics.BoardView, bool]:
    def load(session, user):
        board = logistics.board_view(
            session=session, actor=user, plan_id=plan_id, unassigned_limit=limit, search=search or None
        )
        return board, access.is_planner(user)

    return run_as_user(token, load)


def order_groups(orders: list[logistics.OrderView]) -> list[OrderGroup]:
    """Orders under a heading per route and delivery date, in the order the headings first appear
    (the service lists them by route, date and number)."""
    groups: dict[str, OrderGroup] = {}
    for order in orders:
        key = f"{order.route_name} · {order.delivery_date}"
        groups.setdefault(key, OrderGroup(title=key)).orders.append(_board_order(order))
    return list(groups.values())


async def _auto_assign_in_worker(token: str, plan_id: str, *, commit: bool) -> AutoAssignResult:
    """Start the plan's auto-assign job and wait for it without holding the event loop; raises the
    job's error as a domain error the page shows."""
    job, _started = await run_as_user_in_thread(
        token, lambda s, u: start_plan_auto_assign(session=s, actor=u, plan_id=plan_id, commit=commit)
    )
    job_id = job.id
    for _ in range(int(AUTO_ASSIGN_WAIT_S / POLL_S)):
        followed = await run_as_user_in_thread(
            token, lambda s, u: plan_auto_assign_job(session=s, actor=u, job_id=job_id)
        )
        if followed.job.finished:
            if followed.result is None:
                raise ValidationFailed(followed.job.error or "Auto-assign stopped before it finished; try again")
            return followed.result
        await asyncio.sleep(POLL_S)
    raise ValidationFailed("Auto-assign is still waiting for a job worker; try again in a minute")


def _board_unit(unit: logistics.UnitView, *, expanded: bool = False) -> BoardUnit:
    capacity = unit.capacity_kg or 1.0
    days = [
        CapacityDay(date=d, used=round(w), percent=min(100, round(100 * w / capacity)), over=w > capacity + 1e-6)
        for d, w in unit.load_by_date.items()
    ]
    trailer = unit.trailer.license_plate if unit.trailer else ""
    return BoardUnit(
        id=unit.planned_unit_id,
        title=f"{unit.vehicle.license_plate} · {unit.vehicle_type}" + (f" + {trailer}" if trailer else ""),
        driver=f"{unit.driver.name} {unit.driver.last_name}",
        capacity=round(unit.capacity_kg),
        status=unit.status,
        notes=unit.notes or "",
        days=days,
        routes=", ".join(sorted({o.route_name for o in unit.orders})) or "—",
        orders=[_board_order(o) for o in (unit.orders if expanded else unit.orders[:UNIT_CARDS])],
        order_count=len(unit.orders),
        hidden=0 if expanded else max(0, len(unit.orders) - UNIT_CARDS),
    )


def _board_order(order: logistics.OrderView) -> BoardOrder:
    # On a unit, only the lines that unit carries count towards its weight.
    weight = sum(line.weight for line in order.lines)
    return BoardOrder(
        id=order.order_id,
        number=order.sales_order_number,
        customer=order.customer_name,
        date=order.delivery_date,
        route=order.route_name,
        weight=round(weight, 1),
        split=order.is_split,
    )
