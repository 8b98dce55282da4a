"""Auto-assign that beats the seed's greedy: greedy first, then each (branch, route, day) group
re-packed exactly onto alike units, kept only where it assigns more orders or uses fewer units."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from functools import reduce
from math import gcd

from shiftapp.deadline import Deadline
from shiftapp.loads.binpacking import pack
from shiftapp.loads.greedy import greedy_plan
from shiftapp.loads.model import LoadOrder, LoadProblem, LoadUnit, Placement, PlanResult, grams_down, grams_up

# Above this many orders in one group the exact model is skipped: the greedy answer stands.
MAX_EXACT_GROUP = 2000
# Positions in the arc-flow graph (capacity over the weight unit); beyond this weights are coarsened.
MAX_GRID_POSITIONS = 2000


def plan_loads(
    problem: LoadProblem, *, method: str = "optimal", time_limit_s: float = 3.0, deadline: Deadline | None = None
) -> PlanResult:
    """The plan by `method`, within `time_limit_s` (or by `deadline`, cut to `time_limit_s` from now).
    The greedy plan is always made; the exact re-packs stop when time is up, and the plan then says it
    is unproven and that the time limit cut it (`time_limit_reached`)."""
    deadline = Deadline(time_limit_s) if deadline is None else deadline.within(time_limit_s)
    greedy = greedy_plan(problem)
    greedy.greedy_units_used, greedy.greedy_unassigned = greedy.units_used, len(greedy.unassigned)
    if method == "greedy":
        greedy.seconds = deadline.elapsed()
        return greedy
    result = _improve(problem, greedy, deadline)
    result.greedy_units_used, result.greedy_unassigned = greedy.units_used, len(greedy.unassigned)
    result.seconds = deadline.elapsed()
    return result


def _improve(problem: LoadProblem, greedy: PlanResult, deadline: Deadline) -> PlanResult:
    orders = {o.id: o for o in problem.orders}
    busy_existing = {(u.id, d) for u in problem.units for d, *_ in u.existing}
    existing_routes = {(u.branch_id, route, d) for u in problem.units for d, _kg, route, _c in u.existing}
    groups: dict[tuple[str, str, date], list[LoadOrder]] = defaultdict(list)
    for order in problem.orders:
        groups[(order.branch_id, order.route_id, order.delivery_date)].append(order)
    placements_by_group: dict[tuple[str, str, date], list[Placement]] = defaultdict(list)
    for p in greedy.placements:
        o = orders[p.order_id]
        placements_by_group[(o.branch_id, o.route_id, o.delivery_date)].append(p)
    used_by_day: dict[tuple[str, date], set[str]] = defaultdict(set)  # (branch, day) -> units busy that day
    for p in greedy.placements:
        o = orders[p.order_id]
        used_by_day[(o.branch_id, o.delivery_date)].add(p.unit_id)

    final = PlanResult(method="optimal", proven_optimal=True)
    lower_total = 0
    replaced_any = False
    time_limit_reached = False
    for key in sorted(groups, key=lambda k: (k[2], k[0], k[1])):
        branch, route, day = key
        members = groups[key]
        old = placements_by_group.get(key, [])
        old_units = {p.unit_id for p in old}
        old_unassigned = {o.id for o in members if o.id in greedy.unassigned}
        replaced = None
        if key not in existing_routes and len(members) <= MAX_EXACT_GROUP:
            if deadline.begin(f"re-pack {route} on {day}", needs_s=0.05):
                free = [
                    u
                    for u in problem.units
                    if u.branch_id == branch
                    and (u.id, day) not in busy_existing
                    and (u.id in old_units or u.id not in used_by_day[(branch, day)])
                ]
                replaced, timed_out = _exact_group(problem, members, free, deadline)
                time_limit_reached |= timed_out
            else:
                time_limit_reached = True
        if replaced is not None:
            new_placements, new_unassigned, lower, proven = replaced
            new_units = {p.unit_id for p in new_placements}
            if (len(new_unassigned), len(new_units)) < (len(old_unassigned), len(old_units)):
                used_by_day[(branch, day)] -= old_units
                used_by_day[(branch, day)] |= new_units
                final.placements += new_placements
                final.unassigned.update(new_unassigned)
                lower_total += lower
                final.proven_optimal &= proven and not new_unassigned
                replaced_any = True
                continue
            lower_total += lower
            final.proven_optimal &= proven and len(old_units) <= lower and not old_unassigned
        else:
            final.proven_optimal = False
            lower_total += len(old_units)
        final.placements += old
        final.unassigned.update({o: greedy.unassigned[o] for o in old_unassigned})
    final.units_used = len({p.unit_id for p in final.placements})
    final.time_limit_reached = time_limit_reached and not final.proven_optimal
    if not replaced_any:
        # Nothing beat the greedy answer (or time ran out first): say so instead of "optimal".
        final.method = "greedy (proven optimal)" if final.proven_optimal else "greedy (fallback)"
    # Group bounds count units per route-day; they bound the whole plan only when every group is proven.
    final.lower_bound = lower_total if final.proven_optimal else None
    if (len(final.unassigned), final.units_used) > (len(greedy.unassigned), greedy.units_used) or breaks_limits(
        problem, final.placements
    ):
        # Groups are re-packed one at a time; limits that span groups (a customer on two routes) are
        # checked here on the whole plan, and the greedy answer stands if the re-pack broke one.
        greedy.method = "greedy (fallback)"
        greedy.proven_optimal = False
        greedy.time_limit_reached = final.time_limit_reached
        return greedy
    return final


def breaks_limits(problem: LoadProblem, placements: list[Placement]) -> bool:
    orders = {o.id: o for o in problem.orders}
    on_route: dict[tuple[str, date], set[str]] = defaultdict(set)  # (route, day) -> units
    of_customer: dict[tuple[str, date], set[str]] = defaultdict(set)  # (customer, day) -> units
    routes_of_unit: dict[tuple[str, date], set[str]] = defaultdict(set)  # (unit, day) -> routes
    for unit in problem.units:
        for day, _kg, route, customers in unit.existing:
            on_route[(route, day)].add(unit.id)
            routes_of_unit[(unit.id, day)].add(route)
            for customer in customers:
                of_customer[(customer, day)].add(unit.id)
    for p in placements:
        o = orders[p.order_id]
        on_route[(o.route_id, o.delivery_date)].add(p.unit_id)
        of_customer[(o.customer_id, o.delivery_date)].add(p.unit_id)
        routes_of_unit[(p.unit_id, o.delivery_date)].add(o.route_id)
    route_limit, customer_limit = problem.max_vehicles_per_route_per_day, problem.max_units_per_customer_per_day
    return (
        any(len(r) > 1 for r in routes_of_unit.values())
        or (route_limit is not None and any(len(u) > route_limit for u in on_route.values()))
        or (customer_limit is not None and any(len(u) > customer_limit for u in of_customer.values()))
    )


# One route-day packed exactly: (placements, unassigned order id -> reason, lower bound on units, proven).
GroupPacking = tuple[list[Placement], dict[str, str], int, bool]


def _exact_group(
    problem: LoadProblem, members: list[LoadOrder], free: list[LoadUnit], deadline: Deadline
) -> tuple[GroupPacking | None, bool]:
    """Pack one route-day exactly onto one kind of free unit, trying each kind (largest first) and
    keeping the packing with the fewest orders left over, then the fewest units: (that packing or None
    when no kind can take the group within the route's vehicle limit, whether the time limit cut it)."""
    if not free:
        return None, False
    limit = problem.max_vehicles_per_route_per_day
    best: GroupPacking | None = None
    timed_out = False
    for capacity, count in sorted(Counter(grams_down(u.capacity_kg) for u in free).items(), reverse=True):
        if not deadline.begin(f"pack onto {capacity} g units", needs_s=0.02):
            timed_out = True
            break
        sizes = [grams_up(o.weight_kg) for o in members]
        if capacity <= 0 or any(s > capacity for s in sizes):
            continue
        # Work in the coarsest unit that divides every weight (whole kg, usually). If the graph would
        # still be large, coarsen to a grid: sizes round up, capacity down, so a plan never overloads.
        grid = reduce(gcd, sizes, capacity)
        if capacity // grid > MAX_GRID_POSITIONS:
            grid = -(-capacity // MAX_GRID_POSITIONS)
        coarse = [-(-s // grid) for s in sizes]
        packing = pack(coarse, capacity // grid, time_limit_s=deadline.left(), deadline=deadline)
        timed_out |= packing.timed_out
        allowed = min(count, limit) if limit is not None else count
        if len(packing.bins) > allowed:
            continue
        bins = _balance([list(b) for b in packing.bins], coarse, capacity // grid)
        chosen = sorted((u for u in free if grams_down(u.capacity_kg) == capacity), key=lambda u: (not u.planned, u.id))
        placements = [Placement(members[i].id, chosen[b].id) for b, items in enumerate(bins) for i in items]
        if _customer_limit_broken(problem, members, placements):
            continue
        candidate: GroupPacking = (
            placements,
            {},
            packing.lower_bound,
            packing.proven_optimal and len(packing.bins) <= allowed,
        )
        # Equal unit counts: the smaller vehicles win, keeping the big ones for the heavy routes.
        if best is None or len(bins) <= len({p.unit_id for p in best[0]}):
            best = candidate
    return best, timed_out


def _customer_limit_broken(problem: LoadProblem, members: list[LoadOrder], placements: list[Placement]) -> bool:
    customer_limit = problem.max_units_per_customer_per_day
    if customer_limit is None:
        return False
    customer_of = {o.id: o.customer_id for o in members}
    per_customer: dict[str, set[str]] = defaultdict(set)
    for p in placements:
        per_customer[customer_of[p.order_id]].add(p.unit_id)
    return any(len(units) > customer_limit for units in per_customer.values())


def _balance(bins: list[list[int]], sizes: list[int], capacity: int) -> list[list[int]]:
    for _ in range(200):
        loads = [sum(sizes[i] for i in b) for b in bins]
        if len(bins) < 2:
            break
        full, empty = max(range(len(bins)), key=loads.__getitem__), min(range(len(bins)), key=loads.__getitem__)
        item = min(bins[full], key=lambda i: sizes[i], default=None)
        if item is None or loads[empty] + sizes[item] >= loads[full] or loads[empty] + sizes[item] > capacity:
            break
        bins[full].remove(item)
        bins[empty].append(item)
    return bins
