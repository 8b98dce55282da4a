"""The seed's auto-assign: orders sorted by route, date and weight (heaviest first), each put on the
best-fitting unit that keeps every rule, opening a new unit when none fits. Kept as the baseline."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from shiftapp.loads.model import LoadOrder, LoadProblem, LoadUnit, Placement, PlanResult, grams_down, grams_up


@dataclass
class DayState:
    """Per (unit, day): load in grams, the route served and the customers delivered."""

    load: dict[tuple[str, date], int] = field(default_factory=lambda: defaultdict(int))
    route: dict[tuple[str, date], str] = field(default_factory=dict)
    customers: dict[tuple[str, date], set[str]] = field(default_factory=lambda: defaultdict(set))
    units_on_route: dict[tuple[str, date], set[str]] = field(default_factory=lambda: defaultdict(set))
    units_of_customer: dict[tuple[str, date], set[str]] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def from_problem(cls, problem: LoadProblem) -> DayState:
        state = cls()
        for unit in problem.units:
            for day, kg, route, customers in unit.existing:
                state.add(unit.id, day, route, customers, grams_up(kg))
        return state

    def add(self, unit_id: str, day: date, route: str, customers: Iterable[str], grams: int) -> None:
        self.load[(unit_id, day)] += grams
        self.route[(unit_id, day)] = route
        self.units_on_route[(route, day)].add(unit_id)
        for customer in customers:
            self.customers[(unit_id, day)].add(customer)
            self.units_of_customer[(customer, day)].add(unit_id)

    def blocked(self, unit: LoadUnit, order: LoadOrder, problem: LoadProblem) -> str | None:
        """Why this unit cannot take (part of) this order today, or None."""
        key = (unit.id, order.delivery_date)
        if unit.branch_id != order.branch_id:
            return "branch"
        route = self.route.get(key)
        if route is not None and route != order.route_id:
            return "route_mixing"
        limit = problem.max_vehicles_per_route_per_day
        on_route = self.units_on_route[(order.route_id, order.delivery_date)]
        if route is None and limit is not None and unit.id not in on_route and len(on_route) >= limit:
            return "route_limit"
        customer_limit = problem.max_units_per_customer_per_day
        serving = self.units_of_customer[(order.customer_id, order.delivery_date)]
        if customer_limit is not None and unit.id not in serving and len(serving) >= customer_limit:
            return "customer_limit"
        return None

    def room(self, unit: LoadUnit, day: date) -> int:
        return grams_down(unit.capacity_kg) - self.load[(unit.id, day)]


REASONS = {
    "branch": "no unit of the order's branch",
    "route_mixing": "every unit is on another route that day",
    "route_limit": "the route already has its maximum of vehicles that day",
    "customer_limit": "the customer already gets its maximum of units that day",
    "capacity": "no unit has room for it (even split by lines)",
}


def greedy_plan(problem: LoadProblem) -> PlanResult:
    state = DayState.from_problem(problem)
    result = PlanResult(method="greedy")
    # Units already planned are opened before new vehicle assignments are brought in.
    units = sorted(problem.units, key=lambda u: (not u.planned, u.capacity_kg, u.id))
    used_days: set[tuple[str, date]] = {(u.id, d) for u in problem.units for d, *_ in u.existing}
    orders = sorted(problem.orders, key=lambda o: (o.route_id, o.delivery_date, -o.weight_kg, o.id))
    for order in orders:
        need = grams_up(order.weight_kg)
        best: LoadUnit | None = None
        best_room: tuple[bool, int] | None = None
        reasons: set[str] = set()
        idle_classes_seen: set[tuple[str, float, bool]] = set()
        for unit in units:
            if (unit.id, order.delivery_date) not in used_days:
                # Idle units of one kind are interchangeable: trying the first of each kind is enough.
                kind = (unit.branch_id, unit.capacity_kg, unit.planned)
                if kind in idle_classes_seen:
                    continue
                idle_classes_seen.add(kind)
            why = state.blocked(unit, order, problem)
            if why:
                reasons.add(why)
                continue
            room = state.room(unit, order.delivery_date) - need
            if room < 0:
                reasons.add("capacity")
                continue
            # Best fit: least room left; a unit already working that day beats opening another.
            opened = (unit.id, order.delivery_date) in used_days
            rank = (not opened, room)
            if best_room is None or rank < best_room:  # best and best_room are set together
                best, best_room = unit, rank
        if best is not None:
            state.add(best.id, order.delivery_date, order.route_id, {order.customer_id}, need)
            used_days.add((best.id, order.delivery_date))
            result.placements.append(Placement(order.id, best.id))
            continue
        if problem.allow_split and len(order.lines) > 1 and _split(order, units, state, problem, result, used_days):
            continue
        # A limit that stopped a fresh unit explains more than a full one does.
        reason = next(
            (
                REASONS[r]
                for r in ("route_limit", "customer_limit", "capacity", "route_mixing", "branch")
                if r in reasons
            ),
            REASONS["branch"],
        )
        result.unassigned[order.id] = reason
    result.units_used = len({p.unit_id for p in result.placements})
    return result


def _split(
    order: LoadOrder,
    units: list[LoadUnit],
    state: DayState,
    problem: LoadProblem,
    result: PlanResult,
    used_days: set[tuple[str, date]],
) -> bool:
    """Put the order's lines, heaviest first, on the best-fitting units; all lines or none."""
    trial: list[tuple[LoadUnit, str, int]] = []
    extra: dict[str, int] = defaultdict(int)
    for line_id, kg in sorted(order.lines, key=lambda line: -line[1]):
        need = grams_up(kg)
        best: LoadUnit | None = None
        best_rank: tuple[bool, bool, int] | None = None
        for unit in units:
            if unit.id not in extra and (
                state.blocked(unit, order, problem) or not _limits_allow(state, problem, order, set(extra) | {unit.id})
            ):
                continue
            room = state.room(unit, order.delivery_date) - extra[unit.id] - need
            if room < 0:
                continue
            rank = (unit.id not in extra, (unit.id, order.delivery_date) not in used_days, room)
            if best_rank is None or rank < best_rank:  # best and best_rank are set together
                best, best_rank = unit, rank
        if best is None:
            return False
        extra[best.id] += need
        trial.append((best, line_id, need))
    by_unit: dict[str, list[str]] = defaultdict(list)
    for unit, line_id, need in trial:
        state.add(unit.id, order.delivery_date, order.route_id, {order.customer_id}, need)
        used_days.add((unit.id, order.delivery_date))
        by_unit[unit.id].append(line_id)
    split = len(by_unit) > 1
    for unit_id, line_ids in by_unit.items():
        result.placements.append(Placement(order.id, unit_id, tuple(sorted(line_ids)), is_split=split))
    return True


def _limits_allow(state: DayState, problem: LoadProblem, order: LoadOrder, units: set[str]) -> bool:
    """Would the order on all of `units` keep the route and customer limits?"""
    day = order.delivery_date
    customer_limit = problem.max_units_per_customer_per_day
    if customer_limit is not None and len(state.units_of_customer[(order.customer_id, day)] | units) > customer_limit:
        return False
    route_limit = problem.max_vehicles_per_route_per_day
    return route_limit is None or len(state.units_on_route[(order.route_id, day)] | units) <= route_limit
