"""The rostering solver on the Curtois & Qu benchmark: `python -m tests.bench.curtois [--instances 1-7]
[--time-limit 60] [--out DIR]`.

Each instance is read by `shiftapp.scheduling.curtois.parse_curtois`, solved by the same
`solve_roster` the app uses, and scored by the independent checker in the tests (which reads the
file itself). Prints objective (the checker's), best known (bounds.tsv), gap, seconds, whether the
solver proved optimality and whether the checker found the roster feasible.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from shiftapp.scheduling.curtois import parse_curtois
from shiftapp.scheduling.roster import solve_roster
from tests.unit.scheduling.curtois_checker import check, read_instance

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "curtois"


def parse_range(text: str) -> list[int]:
    numbers = []
    for part in text.split(","):
        if "-" in part:
            lo, hi = part.split("-")
            numbers += list(range(int(lo), int(hi) + 1))
        elif part:
            numbers.append(int(part))
    return numbers


def app_sized(employees: int, days: int, seed: int = 3):
    """A generated bureau roster through the same API: 3 shift patterns a day, 2 people each (one a
    senior), weekly limits, leave, preferences as off-requests."""
    import random

    from shiftapp.scheduling.roster import Cover, Request, RosterProblem, ShiftType, StaffMember

    rng = random.Random(seed)
    shifts = [ShiftType("M", 480, 6 * 60), ShiftType("A", 480, 14 * 60), ShiftType("N", 480, 22 * 60)]
    staff = []
    for e in range(employees):
        off = tuple(Request(d, rng.choice("MAN"), 5) for d in rng.sample(range(days), k=min(days, 6)))
        leave = frozenset(rng.sample(range(days), k=2))
        staff.append(StaffMember(id=f"e{e}", role="senior" if e % 3 == 0 else "correspondent", days_off=leave,
                                 off_requests=off, shifts_per_week=5, max_consecutive=6))
    cover = [Cover(d, s.id, 2, 100, 20) for d in range(days) for s in shifts]
    cover += [Cover(d, s.id, 1, 80, 0, role="senior") for d in range(days) for s in shifts]
    return RosterProblem(horizon=days, shifts=shifts, staff=staff, cover=cover, min_rest_minutes=11 * 60,
                         back_to_back_weight=10, back_to_back_minutes=13 * 60, fairness_weight=3)


def app_scale(time_limits: tuple[float, float]) -> None:
    print()
    print(f"{'app-sized problem':34} {'objective':>9} {'bound':>9} {'gap %':>7} {'first s':>8} {'seconds':>8} "
          f"{'status':>9}")
    for label, employees, days, limit in (("bureau-month: 15 people x 30 days", 15, 30, time_limits[0]),
                                          ("100 people x 90 days", 100, 90, time_limits[1])):
        result = solve_roster(app_sized(employees, days), time_limit_s=limit)
        gap = (100.0 * (result.objective - result.best_bound) / max(1, result.objective)
               if result.objective is not None else float("nan"))
        print(f"{label:34} {result.objective if result.objective is not None else '-':>9} "
              f"{result.best_bound if result.best_bound is not None else float('nan'):9.0f} {gap:7.2f} "
              f"{result.first_solution_seconds or float('nan'):8.1f} {result.seconds:8.1f} {result.status:>9}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instances", default="1-7")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=None, help="default: chosen by problem size")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--app", action="store_true", help="also solve the app-sized generated rosters")
    args = parser.parse_args(argv)
    best = {row.split("\t")[0]: int(row.split("\t")[2]) for row in (DATA / "bounds.tsv").read_text().splitlines()[1:]
            if row.strip()}
    print(f"{'instance':10} {'objective':>9} {'best':>7} {'gap %':>7} {'seconds':>8} {'proven':>6} {'feasible':>8}")
    for n in parse_range(args.instances):
        name = f"Instance{n}"
        path = DATA / f"{name}.txt"
        result = solve_roster(parse_curtois(path), time_limit_s=args.time_limit, workers=args.workers)
        if not result.assignment:
            print(f"{name:10} {'-':>9} {best[name]:7} {'-':>7} {result.seconds:8.1f} {'no':>6} {'no solution':>8}")
            continue
        problems, cost = check(read_instance(path), result.assignment)
        gap = 100.0 * (cost - best[name]) / best[name]
        print(f"{name:10} {cost:9} {best[name]:7} {gap:7.1f} {result.seconds:8.1f} "
              f"{'yes' if result.proven_optimal else 'no':>6} {'yes' if not problems else 'NO':>8}")
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{name}.json").write_text(json.dumps(result.assignment))
    if args.app:
        app_scale((10.0, 60.0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
