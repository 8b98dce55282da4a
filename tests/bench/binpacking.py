"""Load planner on the Falkenauer bin-packing instances: `python -m tests.bench.binpacking`.

Each instance becomes a delivery plan — one branch, one route, one day, identical units of
capacity 150, no vehicle or customer limits — solved through the planner API the app uses
(`shiftapp.loads.plan_loads`), once with the seed's greedy and once optimizing. Units used are
compared with the optimum from bounds.tsv (BPPLIB), never with the files' stale headers.

Seconds are wall-clock around the planner call. `--busy` runs the same with a CPU burner (another
process spinning on one core) for the whole run, as on a machine shared with other work; the last line
says whether any instance went over the time limit + 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import time
from datetime import date
from pathlib import Path

from shiftapp.loads import LoadOrder, LoadProblem, LoadUnit, plan_loads
from tests.support import shared_benchmarks

DATA = shared_benchmarks() / "binpacking"
DAY = date(2026, 1, 5)


def read_instances(path: Path) -> list[tuple[str, int, list[int]]]:
    lines = [line.strip() for line in path.read_text().splitlines() if line.strip()]
    count, i, instances = int(lines[0]), 1, []
    for _ in range(count):
        name = lines[i]
        capacity, n_items, _stale = (int(float(x)) for x in lines[i + 1].split())
        items = [int(float(x)) for x in lines[i + 2 : i + 2 + n_items]]
        instances.append((name, capacity, items))
        i += 2 + n_items
    return instances


def read_bounds(path: Path) -> dict[str, int]:
    rows = [line.split("\t") for line in path.read_text().splitlines()[1:] if line.strip()]
    return {name.replace("Falkenauer_", ""): int(upper) for name, _lower, upper in rows}


def as_problem(capacity: int, items: list[int]) -> LoadProblem:
    orders = tuple(
        LoadOrder(id=str(i), branch_id="b", route_id="r", customer_id=f"c{i}", delivery_date=DAY, weight_kg=float(w))
        for i, w in enumerate(items)
    )
    units = tuple(LoadUnit(id=f"u{k:04d}", branch_id="b", capacity_kg=float(capacity)) for k in range(len(items)))
    return LoadProblem(
        orders=orders,
        units=units,
        max_vehicles_per_route_per_day=None,
        max_units_per_customer_per_day=None,
        allow_split=False,
    )


OVER_LIMIT_MARGIN_S = 0.5


def _burn(core: int) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})
    while True:
        pass


def start_burner() -> multiprocessing.Process:
    """A process spinning on one core (the last one) until stopped."""
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else [0]
    burner = multiprocessing.Process(target=_burn, args=(cores[-1],), daemon=True)
    burner.start()
    return burner


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instances", default="", help="name filter, e.g. u120 or u1000_07")
    parser.add_argument("--time-limit", type=float, default=3.0)
    parser.add_argument("--out", type=Path, default=None, help="write <instance>.json plans here")
    parser.add_argument("--busy", action="store_true", help="run with a CPU burner on one core")
    args = parser.parse_args(argv)
    burner = start_burner() if args.busy else None
    try:
        return _run(args)
    finally:
        if burner is not None:
            burner.terminate()
            burner.join()


def _run(args: argparse.Namespace) -> int:
    bounds = read_bounds(DATA / "bounds.tsv")
    rows = []
    print(f"{'instance':10} {'optimum':>7} {'greedy':>7} {'optimizing':>10} {'proven':>6} {'seconds':>8}")
    for file in sorted(DATA.glob("binpack*.txt")):
        for name, capacity, items in read_instances(file):
            if args.instances not in name:
                continue
            problem = as_problem(capacity, items)
            greedy = plan_loads(problem, method="greedy")
            began = time.perf_counter()
            best = plan_loads(problem, method="optimal", time_limit_s=args.time_limit)
            best.seconds = time.perf_counter() - began
            assert not best.unassigned and len(best.placements) == len(items)
            loads: dict[str, int] = {}
            for p in best.placements:
                loads[p.unit_id] = loads.get(p.unit_id, 0) + items[int(p.order_id)]
            assert max(loads.values()) <= capacity, "a unit is over capacity"
            optimum = bounds[name]
            rows.append((name, optimum, greedy.units_used, best.units_used, best.proven_optimal, best.seconds))
            print(
                f"{name:10} {optimum:7} {greedy.units_used:7} {best.units_used:10} "
                f"{'yes' if best.proven_optimal else 'no':>6} {best.seconds:8.2f}"
            )
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                plan: dict[str, list[int]] = {}
                for p in best.placements:
                    plan.setdefault(p.unit_id, []).append(int(p.order_id))
                (args.out / f"{name}.json").write_text(json.dumps([sorted(v) for _k, v in sorted(plan.items())]))
    print()
    print(f"{'class':6} {'n':>3} {'greedy at opt':>14} {'opt at opt':>11} {'proven':>7} {'median s':>9} {'max s':>6}")
    for cls in sorted({r[0].split("_")[0] for r in rows}, key=lambda c: int(c[1:])):
        sub = [r for r in rows if r[0].startswith(cls + "_")]
        print(
            f"{cls:6} {len(sub):3} {sum(r[2] == r[1] for r in sub):14} {sum(r[3] == r[1] for r in sub):11} "
            f"{sum(r[4] for r in sub):7} {statistics.median(r[5] for r in sub):9.2f} {max(r[5] for r in sub):6.2f}"
        )
    if rows:
        print(
            f"{'all':6} {len(rows):3} {sum(r[2] == r[1] for r in rows):14} "
            f"{sum(r[3] == r[1] for r in rows):11} {sum(r[4] for r in rows):7} "
            f"{statistics.median(r[5] for r in rows):9.2f} {max(r[5] for r in rows):6.2f}"
        )
        print(
            f"greedy: {sum(r[2] - r[1] for r in rows)} units over the optima in total "
            f"(worst +{max(r[2] - r[1] for r in rows)}); optimizing: {sum(r[3] - r[1] for r in rows)} over"
        )
        over = [r[0] for r in rows if r[5] > args.time_limit + OVER_LIMIT_MARGIN_S]
        print(
            f"{'busy (a CPU burner on one core)' if args.busy else 'quiet'}: "
            f"{len(over)} instance(s) over the {args.time_limit:g} s limit + {OVER_LIMIT_MARGIN_S} s"
            + (f": {', '.join(over)}" if over else "")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
