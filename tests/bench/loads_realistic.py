"""A realistic delivery week through the planner API: `python -m tests.bench.loads_realistic`.

5,000 orders (decimal kg) over 7 days, 2 branches, 60 routes, 1,200 customers, and 200 vehicle
assignments (trucks 8,000 kg, horses whose trailers carry 30,000 kg, bakkies 1,000 kg), with at
most 2 vehicles per route per day and 2 units per customer per day. Prints the seed's greedy and
the optimizing planner side by side, run in the same process.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta

from shiftapp.loads import LoadOrder, LoadProblem, LoadUnit, plan_loads
from shiftapp.loads.planner import breaks_limits


def generate(n_orders: int = 5000, n_units: int = 200, seed: int = 5) -> LoadProblem:
    rng = random.Random(seed)
    start = date(2026, 1, 5)
    branches = ["north", "south"]
    routes = {b: [f"{b}-r{i}" for i in range(30)] for b in branches}
    customers = [(f"c{i}", branches[i % 2], routes[branches[i % 2]][(i // 2) % 30]) for i in range(1200)]
    orders = []
    for i in range(n_orders):
        customer, branch, route = rng.choice(customers)
        lines = tuple((f"o{i}-l{k}", round(rng.uniform(5.0, 400.0), 3)) for k in range(rng.randint(1, 4)))
        orders.append(
            LoadOrder(
                f"o{i}",
                branch,
                route,
                customer,
                start + timedelta(days=rng.randrange(7)),
                round(sum(w for _l, w in lines), 3),
                lines,
            )
        )
    kinds = [("truck", 8000.0)] * 6 + [("horse", 30000.0)] * 3 + [("bakkie", 1000.0)]
    units = []
    for k in range(n_units):
        kind, capacity = kinds[k % len(kinds)]
        units.append(LoadUnit(f"{kind}-{k}", branches[k % 2], capacity, planned=k < 40))
    return LoadProblem(
        orders=tuple(orders), units=tuple(units), max_vehicles_per_route_per_day=2, max_units_per_customer_per_day=2
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--time-limit", type=float, default=3.0)
    args = parser.parse_args(argv)
    problem = generate(args.orders, args.units)
    greedy = plan_loads(problem, method="greedy")
    best = plan_loads(problem, method="optimal", time_limit_s=args.time_limit)
    for result in (greedy, best):
        assert not breaks_limits(problem, result.placements)
    kg = sum(o.weight_kg for o in problem.orders)
    print(
        f"{len(problem.orders):,} orders ({kg:,.0f} kg), {len(problem.units)} vehicle assignments, 7 days, "
        "route limit 2, customer limit 2"
    )
    print(f"{'planner':22} {'units used':>10} {'unassigned':>11} {'split':>6} {'seconds':>8}")
    for name, result in (("seed greedy", greedy), (f"optimizing ({best.method})", best)):
        split = len({p.order_id for p in result.placements if p.is_split})
        print(f"{name:22} {result.units_used:10} {len(result.unassigned):11} {split:6} {result.seconds:8.2f}")
    reasons: dict[str, int] = {}
    for reason in best.unassigned.values():
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items(), key=lambda r: -r[1]):
        print(f"  unassigned: {count:4} — {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
