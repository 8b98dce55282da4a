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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instances", default="1-7")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--out", type=Path, default=None)
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
