"""The rostering solver on the Curtois & Qu benchmark, and on app-sized generated rosters.

    python -m tests.bench.curtois [--instances 1-7 | 1,3,5] [--time-limit 60] [--out DIR] [--bureau]
                                  [--mark-gap 10] [--stop-at-gap 10]

Each instance file (../shared/benchmarks/curtois beside the repository) is read by
`shiftapp.scheduling.curtois.parse_curtois`, solved by the same `solve_roster` the app uses, and
scored by the independent checker in tests/unit/scheduling/curtois_checker.py, which reads the file
itself. Printed: the checker's objective, best known (bounds.tsv), gap, seconds, whether the solver
proved optimality, whether the checker found the roster feasible; seconds are wall clock around the
call, and the last line names any instance that ran past the time limit + 0.5 s. `--out DIR` writes each roster as
InstanceN.json ({"staff id": [shift id or null per day]}). `--bureau` solves a generated
bureau-month (15 people, 3 shift patterns a day, 30 days) and 100 people x 3 months instead.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a file or from elsewhere: the repository's packages still import
    sys.path.insert(0, str(ROOT))

from shiftapp.scheduling.curtois import parse_curtois  # noqa: E402
from shiftapp.scheduling.roster import Cover, Request, RosterProblem, ShiftType, StaffMember, solve_roster  # noqa: E402
from tests.support import shared_benchmarks  # noqa: E402
from tests.unit.scheduling.curtois_checker import check, read_instance  # noqa: E402

DATA = shared_benchmarks() / "curtois"


def parse_range(text: str) -> list[int]:
    numbers: list[int] = []
    for part in text.split(","):
        if "-" in part:
            lo, hi = part.split("-")
            numbers += list(range(int(lo), int(hi) + 1))
        elif part.strip():
            numbers.append(int(part))
    return numbers


# A solve may end this long after its time limit (returning its answer, freeing its model) and still count
# as within it.
OVER_LIMIT_MARGIN_S = 0.5


def best_known() -> dict[str, int]:
    rows = (DATA / "bounds.tsv").read_text().splitlines()[1:]
    return {cells[0]: int(cells[2]) for cells in (row.split("\t") for row in rows if row.strip())}


def run_curtois(
    instances: list[int],
    time_limit_s: float,
    out: Path | None,
    workers: int,
    seed: int,
    mark_gap: float = 10.0,
    stop_at_gap: float | None = None,
) -> None:
    """`mark_gap`: also print when the roster first came within that % of the best known cost (from
    the solver's progress; the final roster is scored by the checker). `stop_at_gap`: end an instance
    as soon as it is within that % — for the "within X % in S seconds" goals, measured as time to
    reach it."""
    best = best_known()
    over: list[str] = []
    print(
        f"{'instance':10} {'objective':>9} {'best':>7} {'gap %':>7} {'seconds':>8} {'proven':>6} {'feasible':>8} "
        f"{f'to {mark_gap:g} %':>8}",
        flush=True,
    )
    for n in instances:
        name = f"Instance{n}"
        path = DATA / f"{name}.txt"
        reached: list[float] = []
        stop = threading.Event()

        def progress(event: dict, target=best[name], reached=reached, stop=stop) -> None:
            if event["objective"] <= target * (1 + mark_gap / 100) and not reached:
                reached.append(event["seconds"])
            if stop_at_gap is not None and event["objective"] <= target * (1 + stop_at_gap / 100):
                stop.set()

        problem = parse_curtois(path)
        began = time.perf_counter()
        result = solve_roster(
            problem, time_limit_s=time_limit_s, workers=workers, seed=seed, on_progress=progress, stop_event=stop
        )
        result.seconds = time.perf_counter() - began  # wall clock around the call, model building included
        if result.seconds > time_limit_s + OVER_LIMIT_MARGIN_S:
            over.append(name)
        to_mark = f"{reached[0]:8.1f}" if reached else f"{'-':>8}"
        if not result.assignment:
            print(
                f"{name:10} {'-':>9} {best[name]:7} {'-':>7} {result.seconds:8.1f} {'no':>6} {result.status:>8} "
                f"{to_mark}",
                flush=True,
            )
            continue
        problems, cost = check(read_instance(path), result.assignment)
        gap = 100.0 * (cost - best[name]) / best[name]
        print(
            f"{name:10} {cost:9} {best[name]:7} {gap:7.1f} {result.seconds:8.1f} "
            f"{'yes' if result.proven_optimal else 'no':>6} {'yes' if not problems else 'NO':>8} {to_mark}",
            flush=True,
        )
        if problems:
            print("   " + "; ".join(problems[:5]), flush=True)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{name}.json").write_text(json.dumps(result.assignment))
    print(
        f"{len(over)} instance(s) over the {time_limit_s:g} s limit + {OVER_LIMIT_MARGIN_S} s"
        + (f": {', '.join(over)}" if over else ""),
        flush=True,
    )


def generated_bureau(employees: int, days: int, seed: int = 3) -> RosterProblem:
    """A newsroom-like roster through the app's API: morning, afternoon and night patterns of 8 h,
    each wanting two people of whom one senior; 5 shifts a week at most, 6 in a row at most, 11 h
    rest, two days of leave each and six dislikes (off-requests) each; back-to-back and fairness on."""
    rng = random.Random(seed)
    shifts = [
        ShiftType("M", 480, 6 * 60, name="Morning"),
        ShiftType("A", 480, 14 * 60, name="Afternoon"),
        ShiftType("N", 480, 22 * 60, name="Night"),
    ]
    staff = []
    for e in range(employees):
        dislikes = tuple(Request(d, rng.choice("MAN"), 5) for d in rng.sample(range(days), k=min(days, 6)))
        staff.append(
            StaffMember(
                id=f"e{e}",
                role="senior" if e % 3 == 0 else "correspondent",
                days_off=frozenset(rng.sample(range(days), k=2)),
                off_requests=dislikes,
                shifts_per_week=5,
                max_consecutive=6,
                min_days_off=1,
            )
        )
    cover = [Cover(d, s.id, 2, 100, 20) for d in range(days) for s in shifts]
    cover += [Cover(d, s.id, 1, 80, 0, role="senior") for d in range(days) for s in shifts]
    return RosterProblem(
        horizon=days,
        shifts=shifts,
        staff=staff,
        cover=cover,
        min_rest_minutes=11 * 60,
        back_to_back_weight=10,
        back_to_back_minutes=13 * 60,
        fairness_weight=3,
    )


def run_bureau(workers: int, seed: int) -> None:
    print(
        f"{'generated roster':34} {'objective':>9} {'bound':>9} {'gap %':>7} {'first s':>8} {'seconds':>8} "
        f"{'status':>9}",
        flush=True,
    )
    for label, employees, days, limit in (
        ("bureau-month: 15 people x 30 days", 15, 30, 10.0),
        ("100 people x 90 days", 100, 90, 60.0),
    ):
        result = solve_roster(generated_bureau(employees, days), time_limit_s=limit, workers=workers, seed=seed)
        if result.objective is None:
            print(f"{label:34} {'-':>9} {'-':>9} {'-':>7} {'-':>8} {result.seconds:8.1f} {result.status:>9}")
            continue
        bound = result.best_bound or 0.0
        gap = 100.0 * (result.objective - bound) / max(1, result.objective)
        print(
            f"{label:34} {result.objective:9} {bound:9.0f} {gap:7.2f} {result.first_solution_seconds or 0:8.1f} "
            f"{result.seconds:8.1f} {result.status:>9}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instances", default="1-7", help="e.g. 1-7 or 1,3,5")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance")
    parser.add_argument("--out", type=Path, default=None, help="write each roster as InstanceN.json here")
    parser.add_argument("--bureau", action="store_true", help="solve the generated app-sized rosters instead")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--mark-gap", type=float, default=10.0, help="print the seconds to come within this %% of the best known cost"
    )
    parser.add_argument(
        "--stop-at-gap", type=float, default=None, help="end an instance once within this %% of the best known cost"
    )
    args = parser.parse_args(argv)
    if args.bureau:
        run_bureau(args.workers, args.seed)
    else:
        run_curtois(
            parse_range(args.instances),
            args.time_limit,
            args.out,
            args.workers,
            args.seed,
            args.mark_gap,
            args.stop_at_gap,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
