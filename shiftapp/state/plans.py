"""Delivery plans: the list, the plan board and the loads tree."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import reflex as rx

from shiftapp.i18n import format_day, translate
from shiftapp.loads.tree import page_slices
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
# Orders the loads page lists at once (the routes' heading rows aside).
LOADS_PAGE = 100
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
    unit_id: str = ""  # the unit whose column draws the card ("" in the unassigned list)


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
    unit: str = ""
    plan: str = ""


@dataclasses.dataclass
class LoadsSection:
    """A route of the loads table as one page shows it: its heading row and its rows on this page."""

    route_id: str = ""
    title: str = ""  # branch · route
    count: int = 0
    weight: float = 0.0
    collapsed: bool = False
    note: str = ""  # which of the route's orders this page shows, when not all of them
    orders: list[LoadsOrder] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class LoadsFilters:
    """What the loads table was asked for, taken from the state so that it can be read off the event loop."""

    day: str
    customer: str
    branch: str
    route: str
    status: str
    collapsed: list[str]
    page: int

    def read(self, token: str) -> logistics.LoadsTable:
        on = date.fromisoformat(self.day) if self.day else None

        def read(s, u):
            return logistics.loads_table(
                session=s,
                actor=u,
                on=on,
                branch_id=self.branch or None,
                route_id=self.route or None,
                status=self.status or None,
                customer_name=self.customer or None,
                collapsed_route_ids=list(self.collapsed),
                limit=LOADS_PAGE,
                offset=self.page * LOADS_PAGE,
            )

        return run_as_user(token, read)


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
                "status": translate(p.status, self.lang),
                "delivery_start": _day(p.delivery_start, self.lang),
                "delivery_end": _day(p.delivery_end, self.lang),
            }
            for p in data.plans
        ]

    @page_event(public=True)
    def open_plans(self):
        """on_load of Delivery plans: who is signed in and the plans, in one event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_plans)

    def _load_plans(self):
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
        return rx.redirect(f"/plans/{created.id}")

    @page_event
    def delete_plan(self, plan_id: str):
        if not isinstance(plan_id, str):
            return rx.toast.error(self._t("Pick a plan"))
        try:
            run_as_user(self.token, lambda s, u: logistics.delete_plan(session=s, actor=u, plan_id=plan_id))
            self._reload()
        except DomainError as error:
            return error_toast(error)
        return rx.toast.success(self._t("Plan deleted; its orders are unassigned again"))

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
    """The loads tree as a table: a heading row per route (collapsible) over its orders, each with the
    unit and plan that carry it; filtered and paged by the database."""

    sections: list[LoadsSection] = []
    totals: dict[str, float] = {}
    day: str = ""
    customer: str = ""
    branch: str = ""
    route: str = ""
    status: str = ""
    collapsed: list[str] = []
    page: int = 0
    rows_total: int = 0
    branch_options: list[dict[str, str]] = []
    route_options: list[dict[str, str]] = []

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.rows_total // LOADS_PAGE))

    @rx.var
    def shown_range(self) -> str:
        if not self.rows_total:
            return translate("No orders to show", self.lang)
        first = self.shown_page * LOADS_PAGE + 1
        return translate(
            "Orders {first}–{last} of {total}",
            self.lang,
            first=first,
            last=min(self.rows_total, first + LOADS_PAGE - 1),
            total=self.rows_total,
        )

    # Bumped by every change of filter or page: a read that a newer one overtook is not shown.
    _asked: int = 0
    # The page the rows on screen are (`page` is the one asked for) and whether a read is under way:
    # the range says what is shown, never the page still being read.
    shown_page: int = 0
    reading: bool = False

    def _show(self, data: logistics.LoadsTable) -> None:
        collapsed = set(self.collapsed)
        self.rows_total = data.rows_total
        self.totals = dataclasses.asdict(data.totals)
        self.branch_options = [{"id": b.id, "label": b.label} for b in data.branches]
        self.route_options = [{"id": r.id, "label": r.label} for r in data.routes]
        groups = {g.route_id: g for g in data.groups}
        sections = []
        for piece in page_slices(
            [(g.route_id, g.orders) for g in data.groups], collapsed, offset=data.offset, limit=data.limit
        ):
            group = groups[piece.route_id]
            rows = data.rows[piece.page_start : piece.page_start + piece.count]
            whole = piece.collapsed or piece.count == group.orders
            sections.append(
                LoadsSection(
                    route_id=group.route_id,
                    title=f"{group.branch_name} · {group.route_name}",
                    count=group.orders,
                    weight=group.weight,
                    collapsed=piece.collapsed,
                    note=""
                    if whole
                    else self._t("orders {first}–{last} here", first=piece.first + 1, last=piece.first + piece.count),
                    orders=[
                        LoadsOrder(
                            number=r.sales_order_number,
                            customer=r.customer_name,
                            suburb=r.suburb_name,
                            date=_day(r.delivery_date, self.lang),
                            weight=r.weight,
                            items=r.items,
                            assigned=r.assigned,
                            split=r.is_split,
                            unit=", ".join(r.units) or "—",
                            plan=", ".join(r.plans) or "—",
                        )
                        for r in rows
                    ],
                )
            )
        self.sections = sections

    def _refresh(self) -> Any:
        self._asked += 1
        self.reading = True
        return LoadsState.read_table

    @page_event(background=True)
    async def read_table(self):
        """Read the page for the filters and show it, unless a newer filter or page was asked meanwhile."""
        async with self:
            asked, token, wanted = self._asked, self.token, self._filters()
        try:
            data = await asyncio.to_thread(wanted.read, token)
            if wanted.page and not data.rows and data.rows_total:
                # The filters shrank the list under this page: show its last page instead.
                wanted.page = max(0, -(-data.rows_total // LOADS_PAGE) - 1)
                data = await asyncio.to_thread(wanted.read, token)
        except DomainError as error:
            async with self:
                self.reading = asked != self._asked  # busy still while a newer read runs
            yield error_toast(error, self.lang)
            return
        except ValueError:
            async with self:
                self.reading = asked != self._asked
            yield rx.toast.error(self._t("Pick a valid date"))
            return
        async with self:
            if asked == self._asked:
                self.page = self.shown_page = wanted.page
                self.reading = False
                self._show(data)

    def _filters(self) -> LoadsFilters:
        return LoadsFilters(
            day=self.day,
            customer=self.customer,
            branch=self.branch,
            route=self.route,
            status=self.status,
            collapsed=list(self.collapsed),
            page=self.page,
        )

    @page_event(public=True)
    def open_loads(self):
        """on_load of Loads: who is signed in, and the table's read asked for,
        in one event (AuthState._open_signed_in)."""
        return self._open_signed_in(self._load_loads)

    def _load_loads(self):
        return self._refresh()

    @page_event
    def set_day(self, value: str):
        self.day, self.page = value if isinstance(value, str) else "", 0
        return self._refresh()

    @page_event
    def set_customer(self, value: str):
        self.customer, self.page = value if isinstance(value, str) else "", 0
        return self._refresh()

    @page_event
    def set_branch(self, value: str):
        self.branch, self.page = value, 0
        # A route belongs to one branch: a route picked under another branch no longer applies.
        self.route = ""
        return self._refresh()

    @page_event
    def set_route(self, value: str):
        self.route, self.page = value, 0
        return self._refresh()

    @page_event
    def set_status(self, value: str):
        if value not in ("", *logistics.LOAD_STATUSES):
            return rx.toast.error(self._t("Pick assigned, unassigned or all orders"))
        self.status, self.page = value, 0
        return self._refresh()

    @page_event
    def toggle_route(self, route_id: str):
        """Collapse or expand one route's orders (the heading row's button)."""
        if route_id not in {s.route_id for s in self.sections}:
            return None
        self.collapsed = (
            [r for r in self.collapsed if r != route_id] if route_id in self.collapsed else [*self.collapsed, route_id]
        )
        return self._refresh()

    @page_event
    def next_page(self):
        if self.page + 1 < self.page_count:
            self.page += 1
            return self._refresh()
        return None

    @page_event
    def previous_page(self):
        if self.page > 0:
            self.page -= 1
            return self._refresh()
        return None


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
    # What the last change did, in words, for the board's live region (role=status).
    last_done: str = ""
    # The unit the remove dialog asks about: its id, title and how many orders it carries.
    removing: dict[str, str] = {}
    # The order the move dialog is for: its id, number, and the unit (id and title) it is on.
    moving: dict[str, str] = {}
    move_target: str = ""
    preview: dict[str, Any] = {}
    preview_verdict: str = ""
    preview_rows: list[dict[str, str]] = []
    preview_unassigned: list[dict[str, str]] = []
    previewing: bool = False
    auto_running: bool = False
    # The board is read in worker threads (`_reload_off_loop`), off the event loop that carries every
    # user's websocket. Each read takes the next number when it takes what to read (`_asked`); `_shown`
    # is the newest read shown, so a read that a newer one overtook (an older search, the board before a
    # move) is never shown over it, whatever order the threads finish in.
    _asked: int = 0
    _shown: int = 0
    # A read asked for is not shown yet (the board is aria-busy meanwhile).
    reading: bool = False

    @rx.var
    def removing_open(self) -> bool:
        return bool(self.removing)

    @rx.var
    def moving_open(self) -> bool:
        return bool(self.moving)

    def _plan_id(self) -> str:
        return self.router.url.path.rstrip("/").rsplit("/", 1)[-1]

    def _show(self, board: logistics.BoardView, can_edit: bool) -> None:
        self.plan = dataclasses.asdict(board.plan)
        self.plan["status"] = translate(str(self.plan.get("status", "")), self.lang)
        for key in ("delivery_start", "delivery_end"):
            self.plan[key] = _day(self.plan.get(key), self.lang)
        self.can_edit = can_edit
        self.idle_vehicles = [dataclasses.asdict(vehicle) for vehicle in board.idle_vehicles]
        self.units = [
            _board_unit(
                u, expanded=u.planned_unit_id in self.expanded_units, lang=self.lang, route_names=board.route_names
            )
            for u in board.units
        ]
        titles = {unit.id: unit.title for unit in self.units}
        self._carried_by = {o: titles[u] for o, u in board.carried_by.items() if u in titles}
        self.unassigned_groups = order_groups(board.unassigned.orders, self.lang)
        self.unassigned_count = board.unassigned.total
        self.unassigned_matching = board.unassigned.matching
        self.unassigned_shown = len(board.unassigned.orders)

    async def _reload_off_loop(self, *, asked_by_opening: bool = False, then: Callable[[], None] | None = None) -> None:
        """The board read again in a worker thread (hundreds of ms on a big plan): the state is locked
        only to take what to read (and the read's number) and to show it, so every other websocket goes
        on meanwhile. `asked_by_opening`: the read the page's opener numbered, if no newer one was shown.
        `then` runs in the same update as the board (a change's message beside the board it changed)."""
        async with self:
            if asked_by_opening:
                if self._asked <= self._shown:
                    return
            else:
                self._asked += 1
            asked, self.reading = self._asked, True
            wanted = (self.token, self._plan_id(), self.unassigned_limit, self.unassigned_search)
            expanded = list(self.expanded_units)
        try:
            board = await asyncio.to_thread(_load_board, *wanted, expanded)
        except DomainError:
            async with self:
                self._read_ended(asked, None)
                if then is not None:
                    then()
            raise
        async with self:
            self._read_ended(asked, board)
            if then is not None:
                then()

    def _read_ended(self, asked: int, board: tuple[logistics.BoardView, bool] | None) -> None:
        """Show the read numbered `asked` unless a newer one was shown (or it failed); busy while a newer
        one is under way."""
        if board is not None and asked > self._shown:
            self._show(*board)
        self._shown = max(self._shown, asked)
        self.reading = self._asked > self._shown

    def _start_board(self) -> Any:
        """The board as the page opens (no dialog, search or expanded unit left from before), and its
        read asked for."""
        self.last_refusal, self.last_done, self.removing, self.moving = "", "", {}, {}
        self.preview, self.previewing = {}, False
        self.unassigned_limit, self.unassigned_search = UNASSIGNED_STEP, ""
        self.expanded_units = []
        self._asked += 1
        self.reading = True
        return PlanBoardState.read_board

    @page_event(public=True)
    def open_board(self):
        """on_load of the plan board: who is signed in, and the board's read asked for, in one event
        (AuthState._open_signed_in)."""
        return self._open_signed_in(self._start_board)

    @page_event(background=True)
    async def read_board(self):
        """The read the opener asked for, in a worker thread (the service checks role and plan)."""
        try:
            await self._reload_off_loop(asked_by_opening=True)
        except DomainError as error:
            yield error_toast(error, self.lang)

    @page_event
    def download_load_sheet(self, export_format: str):
        """The plan's load sheet per unit, as CSV or a printable page (the service checks the role)."""
        plan_id = self._plan_id()
        file = run_as_user(
            self.token,
            lambda s, u: exports.load_sheet_export(session=s, actor=u, plan_id=plan_id, export_format=export_format),
        )
        return rx.download(data=file.content, filename=file.filename, mime_type=file.media_type.split(";")[0])

    @page_event(background=True)
    async def show_more_unassigned(self):
        """The next orders of the unassigned list, below the ones shown (at most UNASSIGNED_PAGE_MAX)."""
        async with self:
            if self.unassigned_shown >= self.unassigned_matching:
                return
            self.unassigned_limit = min(self.unassigned_limit + UNASSIGNED_STEP, UNASSIGNED_MAX)
        try:
            await self._reload_off_loop()
        except DomainError as error:
            yield error_toast(error, self.lang)

    @page_event(background=True)
    async def expand_unit(self, unit_id: str):
        """Draw every order a unit carries, not only its first cards."""
        async with self:
            if unit_id not in {u.id for u in self.units} or unit_id in self.expanded_units:
                return
            self.expanded_units = [*self.expanded_units, unit_id]
        try:
            await self._reload_off_loop()
        except DomainError as error:
            yield error_toast(error, self.lang)

    @page_event(background=True)
    async def search_unassigned(self, value: str):
        """Narrow the unassigned list to orders whose number, customer or route contains the text."""
        if not isinstance(value, str):
            yield rx.toast.error(self._t("Type an order number, customer or route"))
            return
        try:
            check_search(value)
        except DomainError as error:
            yield error_toast(error, self.lang)
            return
        async with self:
            self.unassigned_search, self.unassigned_limit = value, UNASSIGNED_STEP
        try:
            await self._reload_off_loop()
        except DomainError as error:
            yield error_toast(error, self.lang)

    def _order_number(self, order_id: str) -> str:
        for unit in self.units:
            for order in unit.orders:
                if order.id == order_id:
                    return order.number
        for group in self.unassigned_groups:
            for order in group.orders:
                if order.id == order_id:
                    return order.number
        return self._t("The order")

    def _unit_title(self, unit_id: str) -> str:
        return next((u.title for u in self.units if u.id == unit_id), self._t("the unit"))

    @page_event(background=True)
    async def move(self, item_id: str, target_id: str):
        """A drop on the board, or a pick from an order's own list: an order onto a unit (assign), from
        one unit onto another (one move), or back onto the unassigned panel. A card on a unit says which
        one (`order:<id>@<unit id>`), so that a move someone else overtook is refused, not misapplied.
        The change, its rule check and the board's new read run in a worker thread: the event loop
        (every user's websocket) never waits on them; the state is locked only to read and to show."""
        if not (isinstance(item_id, str) and isinstance(target_id, str) and item_id.startswith("order:")):
            yield rx.toast.error(translate("Drag an order onto a unit", self.lang))
            return
        order_id, _, from_unit = item_id.removeprefix("order:").partition("@")
        to_unit = target_id.removeprefix("unit:") if target_id.startswith("unit:") else ""
        if (to_unit and to_unit == from_unit) or not (to_unit or target_id == "unassigned"):
            return
        async with self:
            token, plan_id, lang = self.token, self._plan_id(), self.lang
            number, to_title = self._order_number(order_id), self._unit_title(to_unit)
        try:
            done = await run_as_user_in_thread(
                token, lambda s, u: _apply_move(s, u, plan_id, order_id, from_unit, to_unit, number, to_title, lang)
            )
        except DomainError as error:
            refusal = error.text(lang)

            def refused() -> None:
                self.last_refusal, self.last_done = refusal, ""

            # A refusal is often because the board was out of date: show the plan as it is now.
            with contextlib.suppress(DomainError):
                await self._reload_off_loop(then=refused)
            yield error_toast(error, lang)
            return

        def moved() -> None:
            self.last_refusal, self.last_done = "", done

        await self._reload_off_loop(then=moved)

    @page_event(background=True)
    async def preview_auto_assign(self):
        """Runs the planner as a job (in a job worker), follows it off the event loop, then shows the diff."""
        async with self:
            if self.auto_running:
                return
            self.auto_running = True
            token, plan_id = self.token, self._plan_id()
            before = dict(self._carried_by)
            lang = self.lang
        try:
            data = await _auto_assign_in_worker(token, plan_id, commit=False)
        except DomainError as error:
            async with self:
                self.auto_running = False
            yield error_toast(error)
            return
        rows = []
        for unit in data.units:
            title = _board_unit(unit, lang=lang).title
            for order in unit.orders:
                if before.get(order.order_id) != title:
                    rows.append(
                        {
                            "order": order.sales_order_number,
                            "customer": order.customer_name,
                            "date": _day(order.delivery_date, lang),
                            "unit": title,
                            "weight": f"{sum(line.weight for line in order.lines):g}",
                        }
                    )
        async with self:
            self.auto_running = False
            self.preview = {k: ("" if v is None else str(v)) for k, v in dataclasses.asdict(data.meta).items()}
            self.preview_verdict = self._t(
                solver_verdict(proven=data.meta.proven_optimal, time_limit_reached=data.meta.time_limit_reached)
            )
            self.preview_rows = sorted(rows, key=lambda r: (r["date"], r["unit"], r["order"]))[:300]
            self.preview_unassigned = [
                {"order": o.sales_order_number, "reason": translate(o.reason, lang)} for o in data.unassigned_orders
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
            lang = self.lang
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
        await self._reload_off_loop()
        yield rx.toast.success(
            translate(
                "Assigned {created} orders onto {units} units",
                lang,
                created=data.meta.assignments_created,
                units=data.meta.units_used,
            )
        )

    @page_event
    def unassign_order(self, order_id: str):
        return PlanBoardState.move(f"order:{order_id}", "unassigned")

    @page_event(background=True)
    async def add_unit(self, vehicle_assignment_id: str):
        async with self:
            token, plan_id = self.token, self._plan_id()
        try:
            await run_as_user_in_thread(
                token,
                lambda s, u: logistics.add_unit(
                    session=s, actor=u, plan_id=plan_id, vehicle_assignment_id=vehicle_assignment_id
                ),
            )
            await self._reload_off_loop()
        except DomainError as error:
            yield error_toast(error, self.lang)

    def _refusal_unless_planner(self):
        """The toast refusing a dialog that leads to a change of the plan, for someone who may not plan
        (the change itself is checked again when it is written); None for a planner."""
        try:
            run_as_user(
                self.token,
                lambda s, u: access.require_planner(
                    u, "Only admins, managers and schedulers can change delivery plans"
                ),
            )
        except DomainError as error:
            return error_toast(error)
        return None

    @page_event
    def ask_move(self, order_id: str, unit_id: str):
        """Open the move dialog for an order on a unit (planners only: the dialog leads to a change)."""
        unit = next((u for u in self.units if u.id == unit_id), None)
        order = next((o for o in unit.orders if o.id == order_id), None) if unit else None
        if unit is None or order is None:
            return rx.toast.error(self._t("That order is no longer on that unit"))
        refusal = self._refusal_unless_planner()
        if refusal is not None:
            return refusal
        self.moving = {"order_id": order.id, "number": order.number, "unit_id": unit.id, "unit": unit.title}
        self.move_target = ""
        return None

    @page_event
    def ask_assign(self, order_id: str):
        """Open the same dialog for a waiting order: pick the unit it goes on, then confirm (a list that
        assigned as soon as a unit was picked would change the plan on a mere choice, WCAG 3.2.2)."""
        order = next((o for g in self.unassigned_groups for o in g.orders if o.id == order_id), None)
        if order is None:
            return rx.toast.error(self._t("That order is no longer waiting for a unit"))
        refusal = self._refusal_unless_planner()
        if refusal is not None:
            return refusal
        self.moving = {"order_id": order.id, "number": order.number, "unit_id": "", "unit": ""}
        self.move_target = ""
        return None

    @page_event
    def cancel_move(self):
        self.moving, self.move_target = {}, ""

    @page_event
    def set_move_target(self, target_id: str):
        """The unit picked in the move dialog's list; nothing moves until its Move button."""
        if self.moving and (target_id.startswith("unit:") or target_id == ""):
            self.move_target = target_id

    @page_event
    def confirm_move(self):
        """The dialog's Move or Assign: the same change as a drop of the card on the unit picked."""
        moving, target, self.moving, self.move_target = self.moving, self.move_target, {}, ""
        if not moving or not target:
            return rx.toast.error(self._t("Pick the unit to move the order to")) if moving else None
        on_unit = f"@{moving['unit_id']}" if moving.get("unit_id") else ""
        return PlanBoardState.move(f"order:{moving['order_id']}{on_unit}", target)

    @page_event
    def ask_remove_unit(self, unit_id: str):
        """Open the confirmation for removing a unit (planners only: the dialog leads to a change)."""
        unit = next((u for u in self.units if u.id == unit_id), None)
        if unit is None:
            return rx.toast.error(self._t("That unit is no longer on this plan"))
        refusal = self._refusal_unless_planner()
        if refusal is not None:
            return refusal
        self.removing = {"id": unit.id, "title": unit.title, "orders": str(unit.order_count)}
        return None

    @page_event
    def cancel_remove_unit(self):
        self.removing = {}

    @page_event(background=True)
    async def confirm_remove_unit(self):
        """Remove the unit the dialog asked about; its orders go back to unassigned in the same transaction."""
        async with self:
            unit_id, title = self.removing.get("id", ""), self.removing.get("title", self._t("the unit"))
            self.removing = {}
            token, plan_id = self.token, self._plan_id()
        if not unit_id:
            return
        try:
            removed = await run_as_user_in_thread(
                token,
                lambda s, u: logistics.remove_unit(
                    session=s, actor=u, plan_id=plan_id, unit_id=unit_id, release_orders=True
                ),
            )
        except DomainError as error:
            async with self:
                self.last_refusal, self.last_done = error.text(self.lang), ""
            # A refusal is often because the board was out of date: show the plan as it is now.
            with contextlib.suppress(DomainError):
                await self._reload_off_loop()
            yield error_toast(error, self.lang)
            return
        released = len(removed.released_order_numbers)
        async with self:
            self.expanded_units = [u for u in self.expanded_units if u != unit_id]
            self.last_refusal = ""
            self.last_done = (
                self._t("{unit} removed; its order is unassigned again", unit=title)
                if released == 1
                else self._t("{unit} removed; its {count} orders are unassigned again", unit=title, count=released)
                if released
                else self._t("{unit} removed", unit=title)
            )
        try:
            await self._reload_off_loop()
        except DomainError as error:
            yield error_toast(error, self.lang)

    @page_event(background=True)
    async def save_note(self, unit_id: str, note: str):
        async with self:
            token, plan_id = self.token, self._plan_id()
        try:
            await run_as_user_in_thread(
                token,
                lambda s, u: logistics.set_unit_note(
                    session=s, actor=u, plan_id=plan_id, unit_id=unit_id, note=note if isinstance(note, str) else None
                ),
            )
            await self._reload_off_loop()
        except DomainError as error:
            yield error_toast(error, self.lang)
            return
        yield rx.toast.success(self._t("Note saved"))


def _apply_move(
    session: Any,
    user: Any,
    plan_id: str,
    order_id: str,
    from_unit: str,
    to_unit: str,
    number: str,
    to_title: str,
    lang: str,
) -> str:
    """The board's move as one use case: onto a unit from another (a move), from the waiting list (an
    assign), or back to waiting (`to_unit` empty); what it did, in words for the live region."""
    if to_unit and from_unit:
        moved = logistics.move_order(
            session=session, actor=user, plan_id=plan_id, order_id=order_id, from_unit_id=from_unit, to_unit_id=to_unit
        )
        return translate("Order {number} moved to {unit}", lang, number=moved.order_number, unit=to_title)
    if to_unit:
        logistics.bulk_assign(
            session=session,
            actor=user,
            plan_id=plan_id,
            assignments=[
                logistics.UnitLoad(planned_unit_id=to_unit, orders=[logistics.OrderToLoad(order_id=order_id)])
            ],
        )
        return translate("Order {number} assigned to {unit}", lang, number=number, unit=to_title)
    logistics.unassign_orders(session=session, actor=user, plan_id=plan_id, order_ids=[order_id])
    return translate("Order {number} is unassigned again", lang, number=number)


def _load_board(
    token: str, plan_id: str, limit: int, search: str, expanded: list[str]
) -> tuple[logistics.BoardView, bool]:
    def load(session, user):
        board = logistics.board_view(
            session=session,
            actor=user,
            plan_id=plan_id,
            unassigned_limit=limit,
            search=search or None,
            cards_per_unit=UNIT_CARDS,
            whole_unit_ids=set(expanded),
        )
        return board, access.is_planner(user)

    return run_as_user(token, load)


def order_groups(orders: list[logistics.OrderView], lang: str = "en") -> list[OrderGroup]:
    """Orders under a heading per route and delivery date, in the order the headings first appear
    (the service lists them by route, date and number)."""
    groups: dict[str, OrderGroup] = {}
    for order in orders:
        key = f"{order.route_name} · {_day(order.delivery_date, lang)}"
        groups.setdefault(key, OrderGroup(title=key)).orders.append(_board_order(order, lang=lang))
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


def _board_unit(
    unit: logistics.UnitView, *, expanded: bool = False, lang: str = "en", route_names: dict[str, str] | None = None
) -> BoardUnit:
    """A unit's column. `unit.orders` may be only its first orders (the board reads UNIT_CARDS of a unit
    not expanded); its count and routes come from every order it carries."""
    capacity = unit.capacity_kg or 1.0
    days = [
        CapacityDay(
            date=_day(d, lang), used=round(w), percent=min(100, round(100 * w / capacity)), over=w > capacity + 1e-6
        )
        for d, w in unit.load_by_date.items()
    ]
    trailer = unit.trailer.license_plate if unit.trailer else ""
    return BoardUnit(
        id=unit.planned_unit_id,
        title=f"{unit.vehicle.license_plate} · {translate(unit.vehicle_type, lang)}"
        + (f" + {trailer}" if trailer else ""),
        driver=f"{unit.driver.name} {unit.driver.last_name}",
        capacity=round(unit.capacity_kg),
        status=unit.status,
        notes=unit.notes or "",
        days=days,
        routes=", ".join(
            sorted(
                {route_names.get(r, r) for r in unit.routes_served}
                if route_names is not None
                else {o.route_name for o in unit.orders}
            )
        )
        or "—",
        orders=[
            _board_order(o, unit_id=unit.planned_unit_id, lang=lang)
            for o in (unit.orders if expanded else unit.orders[:UNIT_CARDS])
        ],
        order_count=unit.orders_total,
        hidden=0 if expanded else max(0, unit.orders_total - UNIT_CARDS),
    )


def _board_order(order: logistics.OrderView, unit_id: str = "", lang: str = "en") -> BoardOrder:
    # On a unit, only the lines that unit carries count towards its weight.
    weight = sum(line.weight for line in order.lines)
    return BoardOrder(
        id=order.order_id,
        number=order.sales_order_number,
        customer=order.customer_name,
        date=_day(order.delivery_date, lang),
        route=order.route_name,
        weight=round(weight, 1),
        split=order.is_split,
        unit_id=unit_id,
    )


def _day(value: Any, lang: str) -> Any:
    """A delivery day as the pages always showed it in English (ISO); "lun 7 dic" in Italian."""
    if lang != "it" or not value:
        return value
    try:
        return format_day(value, lang)
    except ValueError:
        return value
