"""The load planner on tiny problems: every rule kept, decimal weights never over capacity,
splitting by lines, exact beats greedy, and a property test with an independent checker."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from shiftapp.loads import LoadOrder, LoadProblem, LoadUnit, plan_loads
from shiftapp.loads.binpacking import best_fit_decreasing, lower_bound_l2, pack

DAY = date(2026, 1, 5)


def order(oid, kg, route="r1", customer=None, day=DAY, branch="b1", lines=()):
    return LoadOrder(oid, branch, route, customer or f"c-{oid}", day, kg, lines)


def unit(uid, kg, branch="b1", planned=True, existing=()):
    return LoadUnit(uid, branch, kg, planned, existing)


def test_exact_packing_beats_best_fit_decreasing_on_a_known_case():
    # BFD: 5+5 | 4+4 | 3+3+3 | 3 — the optimum is 5+5 | 4+3+3 | 4+3+3.
    sizes = [5, 5, 4, 4, 3, 3, 3, 3]
    assert len(best_fit_decreasing(sizes, 10)) == 4
    packing = pack(sizes, 10)
    assert len(packing.bins) == 3 and packing.proven_optimal
    assert all(sum(sizes[i] for i in b) <= 10 for b in packing.bins)


def test_l2_bound_counts_big_items():
    assert lower_bound_l2([6, 6, 6], 10) == 3
    assert lower_bound_l2([2, 2, 2], 10) == 1


def test_route_limit_leaves_the_third_vehicle_out():
    problem = LoadProblem(
        orders=(order("o1", 900), order("o2", 900), order("o3", 900)),
        units=(unit("u1", 1000), unit("u2", 1000), unit("u3", 1000)),
        max_vehicles_per_route_per_day=2,
    )
    result = plan_loads(problem)
    assert len(result.placements) == 2 and "o3" in result.unassigned
    assert "maximum of vehicles" in result.unassigned["o3"]


def test_one_route_per_unit_per_day_and_branch_match():
    problem = LoadProblem(
        orders=(order("o1", 100, route="r1"), order("o2", 100, route="r2"), order("o3", 100, branch="b2")),
        units=(unit("u1", 1000), unit("u2", 1000)),
    )
    result = plan_loads(problem)
    by_unit = defaultdict(set)
    for p in result.placements:
        by_unit[p.unit_id].add(p.order_id)
    assert all(len({"o1", "o2"} & orders) <= 1 for orders in by_unit.values())
    assert result.unassigned == {"o3": "no unit of the order's branch"}


def test_customer_unit_limit():
    orders = tuple(order(f"o{i}", 600, customer="acme") for i in range(3))
    problem = LoadProblem(
        orders=orders,
        units=tuple(unit(f"u{i}", 1000) for i in range(3)),
        max_vehicles_per_route_per_day=None,
        max_units_per_customer_per_day=2,
    )
    result = plan_loads(problem)
    assert len({p.unit_id for p in result.placements}) <= 2 and len(result.unassigned) == 1


def test_horse_capacity_and_existing_load_count():
    problem = LoadProblem(
        orders=(order("o1", 500),), units=(unit("u1", 1000, existing=((DAY, 600.0, "r1", frozenset({"x"})),)),)
    )
    assert plan_loads(problem).unassigned  # 600 + 500 > 1000
    problem = LoadProblem(
        orders=(order("o1", 400),), units=(unit("u1", 1000, existing=((DAY, 600.0, "r1", frozenset({"x"})),)),)
    )
    assert not plan_loads(problem).unassigned


def test_decimal_weights_never_exceed_capacity():
    orders = tuple(order(f"o{i}", 333.3334) for i in range(3))  # 1000.0002 kg together
    result = plan_loads(LoadProblem(orders=orders, units=(unit("u1", 1000.0), unit("u2", 1000.0))))
    per_unit = defaultdict(float)
    for p in result.placements:
        per_unit[p.unit_id] += 333.3334
    assert all(kg <= 1000.0 for kg in per_unit.values()) and not result.unassigned


def test_heavy_order_is_split_by_lines():
    heavy = order("o1", 1500, lines=(("l1", 700.0), ("l2", 500.0), ("l3", 300.0)))
    result = plan_loads(LoadProblem(orders=(heavy,), units=(unit("u1", 1000), unit("u2", 1000))))
    assert not result.unassigned
    assert all(p.is_split for p in result.placements) and len({p.unit_id for p in result.placements}) == 2
    assert sorted(line for p in result.placements for line in p.line_ids) == ["l1", "l2", "l3"]


def test_optimizing_uses_fewer_units_than_greedy_and_never_more():
    sizes = [5, 5, 4, 4, 3, 3, 3, 3]
    problem = LoadProblem(
        orders=tuple(order(f"o{i}", s * 100) for i, s in enumerate(sizes)),
        units=tuple(unit(f"u{i}", 1000) for i in range(8)),
        max_vehicles_per_route_per_day=None,
        max_units_per_customer_per_day=None,
    )
    greedy, best = plan_loads(problem, method="greedy"), plan_loads(problem)
    assert greedy.units_used == 4 and best.units_used == 3 and best.proven_optimal


def check_plan(problem: LoadProblem, result) -> list[str]:
    """An independent checker of every hard rule."""
    problems = []
    orders = {o.id: o for o in problem.orders}
    units = {u.id: u for u in problem.units}
    load, routes, on_route, of_customer = defaultdict(float), defaultdict(set), defaultdict(set), defaultdict(set)
    seen_lines = set()
    for p in result.placements:
        o, u = orders[p.order_id], units[p.unit_id]
        kg = sum(w for lid, w in o.lines if lid in p.line_ids) if p.line_ids else o.weight_kg
        for lid in p.line_ids or ("whole",):
            assert (o.id, lid) not in seen_lines
            seen_lines.add((o.id, lid))
        load[(u.id, o.delivery_date)] += kg
        routes[(u.id, o.delivery_date)].add(o.route_id)
        on_route[(o.route_id, o.delivery_date)].add(u.id)
        of_customer[(o.customer_id, o.delivery_date)].add(u.id)
        if o.branch_id != u.branch_id:
            problems.append("branch")
    for (uid, _d), kg in load.items():
        if kg > units[uid].capacity_kg + 1e-9:
            problems.append("capacity")
    problems += ["route mixing" for r in routes.values() if len(r) > 1]
    if problem.max_vehicles_per_route_per_day:
        problems += ["route limit" for u in on_route.values() if len(u) > problem.max_vehicles_per_route_per_day]
    if problem.max_units_per_customer_per_day:
        problems += ["customer limit" for u in of_customer.values() if len(u) > problem.max_units_per_customer_per_day]
    return problems


@st.composite
def problems(draw):
    n_orders = draw(st.integers(1, 14))
    orders = []
    for i in range(n_orders):
        kg = draw(st.floats(10, 1200, allow_nan=False).map(lambda x: round(x, 3)))
        n_lines = draw(st.integers(1, 3))
        lines = tuple((f"o{i}-l{k}", round(kg / n_lines, 3)) for k in range(n_lines))
        orders.append(
            LoadOrder(
                f"o{i}",
                draw(st.sampled_from(["b1", "b2"])),
                draw(st.sampled_from(["r1", "r2", "r3"])),
                draw(st.sampled_from(["c1", "c2", "c3", "c4"])),
                DAY + timedelta(days=draw(st.integers(0, 1))),
                sum(w for _l, w in lines),
                lines,
            )
        )
    units = tuple(
        LoadUnit(
            f"u{k}", draw(st.sampled_from(["b1", "b2"])), draw(st.sampled_from([1000.0, 2500.0])), draw(st.booleans())
        )
        for k in range(draw(st.integers(1, 6)))
    )
    return LoadProblem(
        orders=tuple(orders),
        units=units,
        max_vehicles_per_route_per_day=draw(st.sampled_from([None, 1, 2])),
        max_units_per_customer_per_day=draw(st.sampled_from([None, 1, 2])),
    )


@settings(max_examples=150, deadline=None)
@given(problems())
def test_no_plan_breaks_a_hard_rule(problem):
    for method in ("greedy", "optimal"):
        result = plan_loads(problem, method=method, time_limit_s=1.0)
        assert check_plan(problem, result) == []
        assert len({p.order_id for p in result.placements} | set(result.unassigned)) == len(problem.orders)


def test_no_time_for_the_exact_model_falls_back_to_greedy_and_says_so():
    sizes = [5, 5, 4, 4, 3, 3, 3, 3]
    problem = LoadProblem(
        orders=tuple(order(f"o{i}", s * 100) for i, s in enumerate(sizes)),
        units=tuple(unit(f"u{i}", 1000) for i in range(8)),
        max_vehicles_per_route_per_day=None,
        max_units_per_customer_per_day=None,
    )
    result = plan_loads(problem, time_limit_s=0)
    assert result.method == "greedy (fallback)" and not result.proven_optimal
    assert result.units_used == plan_loads(problem, method="greedy").units_used == 4
