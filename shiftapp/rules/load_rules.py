"""Delivery load rules (seed 004). Weights are compared in whole grams so that decimal kilograms
never round a plan over a real capacity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from shiftapp.i18n import translate
from shiftapp.i18n.values import Day, Localized, Number
from shiftapp.rules.catalog import CATALOG, RuleSettings
from shiftapp.rules.conflict import Conflict
from shiftapp.rules.errors import SnapshotError


def grams(kg: float) -> int:
    return round(kg * 1000)


@dataclass(frozen=True)
class UnitSnapshot:
    id: str
    branch_id: str
    capacity_kg: float
    label: str = ""
    status: str = "active"
    # The label as a value that reads per language (the vehicle type in it), when the caller has one.
    name: Localized | None = None


@dataclass(frozen=True)
class OrderSnapshot:
    id: str
    branch_id: str
    route_id: str
    customer_id: str
    delivery_date: date
    weight_kg: float
    number: str = ""
    customer_name: str = ""
    route_name: str = ""


@dataclass(frozen=True)
class LoadAssignment:
    """Part (or all) of an order on a unit. `line_ids` empty means the whole order."""

    order_id: str
    unit_id: str
    plan_id: str
    weight_kg: float
    line_ids: tuple[str, ...] = ()


@dataclass
class LoadPlan:
    plan_id: str
    start: date
    end: date
    branch_ids: frozenset[str] | None  # None: all branches
    units: dict[str, UnitSnapshot]
    orders: dict[str, OrderSnapshot]
    assignments: list[LoadAssignment] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        *,
        plan_id: str,
        start: date,
        end: date,
        branch_ids: Iterable[str] | None = None,
        units: Iterable[UnitSnapshot] = (),
        orders: Iterable[OrderSnapshot] = (),
        assignments: Iterable[LoadAssignment] = (),
    ) -> LoadPlan:
        plan = cls(
            plan_id=plan_id,
            start=start,
            end=end,
            branch_ids=frozenset(branch_ids) if branch_ids else None,
            units={u.id: u for u in units},
            orders={o.id: o for o in orders},
            assignments=list(assignments),
        )
        problems = []
        if end < start:
            problems.append("plan end is before its start")
        for a in plan.assignments:
            if a.order_id not in plan.orders:
                problems.append(f"assignment of unknown order {a.order_id}")
            if a.plan_id == plan_id and a.unit_id not in plan.units:
                problems.append(f"assignment to unknown unit {a.unit_id}")
            if a.weight_kg < 0:
                problems.append(f"assignment of order {a.order_id} has a negative weight")
        if problems:
            raise SnapshotError(problems)
        return plan


def _conflict(code: str, say: tuple[str, dict[str, Any]], **fields: Any) -> Conflict:
    """`say` is the message's English template (in the i18n catalogue) and its parameters."""
    spec = CATALOG[code]
    template, params = say
    return Conflict(
        code=code,
        message=translate(template, "en", **params),
        severity=spec.severity,
        level=spec.level,
        template=template,
        params=params,
        **fields,
    )


def _say(template: str, **params: Any) -> tuple[str, dict[str, Any]]:
    return template, params


def evaluate_loads(plan: LoadPlan, settings: RuleSettings) -> list[Conflict]:
    index = LoadIndex.of(plan)
    found: dict[str, Conflict] = {}
    for rule in LOAD_RULES:
        if rule.__name__ not in settings.disabled:
            for conflict in rule(plan, index, settings):
                found.setdefault(conflict.key, conflict)
    return list(found.values())


@dataclass
class LoadIndex:
    """The plan's own assignments grouped the ways the rules count them, built once per check."""

    mine: list[LoadAssignment]
    units_on_route: dict[tuple[str, date], set[str]]
    routes_of_unit: dict[tuple[str, date], set[str]]
    units_of_customer: dict[tuple[str, date], set[str]]
    grams_on_unit: dict[tuple[str, date], int]
    orders_on_unit: dict[tuple[str, date], set[str]]
    route_names: dict[str, str]
    customer_names: dict[str, str]

    @classmethod
    def of(cls, plan: LoadPlan) -> LoadIndex:
        index = cls(
            [a for a in plan.assignments if a.plan_id == plan.plan_id],
            defaultdict(set),
            defaultdict(set),
            defaultdict(set),
            defaultdict(int),
            defaultdict(set),
            {o.route_id: o.route_name for o in plan.orders.values()},
            {o.customer_id: o.customer_name for o in plan.orders.values()},
        )
        for a in index.mine:
            order = plan.orders[a.order_id]
            day = order.delivery_date
            index.units_on_route[(order.route_id, day)].add(a.unit_id)
            index.routes_of_unit[(a.unit_id, day)].add(order.route_id)
            index.units_of_customer[(order.customer_id, day)].add(a.unit_id)
            index.grams_on_unit[(a.unit_id, day)] += grams(a.weight_kg)
            index.orders_on_unit[(a.unit_id, day)].add(order.id)
        return index


def branch_match(plan: LoadPlan, index: LoadIndex, s: RuleSettings) -> Iterator[Conflict]:
    for a in index.mine:
        order, unit = plan.orders[a.order_id], plan.units[a.unit_id]
        where = dict(order_ids=(order.id,), unit_ids=(unit.id,), date=order.delivery_date.isoformat())
        if order.branch_id != unit.branch_id:
            yield _conflict(
                "branch_match",
                _say(
                    "Order {order} belongs to another branch than unit {unit}",
                    order=order.number or order.id,
                    unit=unit.name or unit.label or unit.id,
                ),
                **where,
            )
        if plan.branch_ids is not None and order.branch_id not in plan.branch_ids:
            yield _conflict(
                "branch_match",
                _say("Order {order} is from a branch outside the plan", order=order.number or order.id),
                **where,
            )


def plan_date_range(plan: LoadPlan, index: LoadIndex, s: RuleSettings) -> Iterator[Conflict]:
    for a in index.mine:
        order, day = plan.orders[a.order_id], plan.orders[a.order_id].delivery_date
        if not plan.start <= day <= plan.end:
            yield _conflict(
                "plan_date_range",
                _say(
                    "Order {order} is for {day}, outside the plan's {first} – {last}",
                    order=order.number or order.id,
                    day=Day(day),
                    first=Day(plan.start),
                    last=Day(plan.end),
                ),
                order_ids=(order.id,),
                unit_ids=(a.unit_id,),
                date=day.isoformat(),
            )


def route_vehicle_limit(plan: LoadPlan, index: LoadIndex, s: RuleSettings) -> Iterator[Conflict]:
    limit = s.max_vehicles_per_route_per_day
    if limit is None:
        return
    for (route_id, day), units in index.units_on_route.items():
        if len(units) > limit:
            yield _conflict(
                "route_vehicle_limit",
                _say(
                    "Route {route} has {count} vehicles on {day}; at most {most}",
                    route=index.route_names.get(route_id) or route_id,
                    count=len(units),
                    day=Day(day),
                    most=limit,
                ),
                unit_ids=tuple(sorted(units)),
                date=day.isoformat(),
                details={"route_id": route_id, "limit": limit},
            )


def vehicle_single_route(plan: LoadPlan, index: LoadIndex, s: RuleSettings) -> Iterator[Conflict]:
    for (unit_id, day), routes in index.routes_of_unit.items():
        if len(routes) > 1:
            unit = plan.units[unit_id]
            names = ", ".join(sorted(index.route_names.get(r) or r for r in routes))
            yield _conflict(
                "vehicle_single_route",
                _say(
                    "Unit {unit} would serve {count} routes on {day} ({names}); one route per day",
                    unit=unit.name or unit.label or unit_id,
                    count=len(routes),
                    day=Day(day),
                    names=names,
                ),
                unit_ids=(unit_id,),
                order_ids=tuple(sorted(index.orders_on_unit[(unit_id, day)])),
                date=day.isoformat(),
                details={"route_ids": sorted(routes)},
            )


def customer_unit_limit(plan: LoadPlan, index: LoadIndex, s: RuleSettings) -> Iterator[Conflict]:
    limit = s.max_units_per_customer_per_day
    if limit is None:
        return
    for (customer_id, day), units in index.units_of_customer.items():
        if len(units) > limit:
            yield _conflict(
                "customer_unit_limit",
                _say(
                    "Customer {customer} would receive {count} units on {day}; at most {most}",
                    customer=index.customer_names.get(customer_id) or customer_id,
                    count=len(units),
                    day=Day(day),
                    most=limit,
                ),
                unit_ids=tuple(sorted(units)),
                date=day.isoformat(),
                details={"customer_id": customer_id, "limit": limit},
            )


def unit_capacity(plan: LoadPlan, index: LoadIndex, s: RuleSettings) -> Iterator[Conflict]:
    for (unit_id, day), load in index.grams_on_unit.items():
        unit = plan.units[unit_id]
        if load > grams(unit.capacity_kg):
            yield _conflict(
                "unit_capacity",
                _say(
                    "Unit {unit} would carry {load} kg on {day}; capacity {capacity} kg",
                    unit=unit.name or unit.label or unit_id,
                    load=Number(load / 1000),
                    day=Day(day),
                    capacity=Number(unit.capacity_kg),
                ),
                unit_ids=(unit_id,),
                order_ids=tuple(sorted(index.orders_on_unit[(unit_id, day)])),
                date=day.isoformat(),
                details={"load_kg": load / 1000, "capacity_kg": unit.capacity_kg},
            )


def order_exclusivity(plan: LoadPlan, index: LoadIndex, s: RuleSettings) -> Iterator[Conflict]:
    """A line (or a whole order) taken twice, across every plan the snapshot knows."""
    whole: dict[str, list[LoadAssignment]] = defaultdict(list)
    lines: dict[tuple[str, str], list[LoadAssignment]] = defaultdict(list)
    for a in plan.assignments:
        if a.line_ids:
            for line_id in a.line_ids:
                lines[(a.order_id, line_id)].append(a)
        else:
            whole[a.order_id].append(a)
    for order_id, takers in whole.items():
        clashing = takers + [t for (o, _l), ts in lines.items() if o == order_id for t in ts]
        if len(clashing) > 1:
            yield _exclusive(plan, order_id, clashing)
    for (order_id, _line), takers in lines.items():
        if len(takers) > 1:
            yield _exclusive(plan, order_id, takers)


def _exclusive(plan: LoadPlan, order_id: str, takers: list[LoadAssignment]) -> Conflict:
    order = plan.orders[order_id]
    plans = sorted({t.plan_id for t in takers})
    say = (
        _say("Order {order} is assigned in plans {plans}", order=order.number or order_id, plans=", ".join(plans))
        if len(plans) > 1
        else _say("Order {order} is assigned in two units", order=order.number or order_id)
    )
    return _conflict(
        "order_exclusivity",
        say,
        order_ids=(order_id,),
        unit_ids=tuple(sorted({t.unit_id for t in takers})),
        date=order.delivery_date.isoformat(),
        details={"plan_ids": plans},
    )


LOAD_RULES = (
    branch_match,
    plan_date_range,
    route_vehicle_limit,
    vehicle_single_route,
    customer_unit_limit,
    unit_capacity,
    order_exclusivity,
)
