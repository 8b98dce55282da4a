"""Rule engine speed: `python -m tests.bench.rules`.

Builds a plan of 10,000 shifts, 20,000 assignments and 500 employees (fixed seed) and times
`evaluate` and `evaluate_change` (one shift moved), beside a naive all-pairs version of the same
sweep rules run in the same process. All-pairs over 20,000 assignments is 200 million pairs, so
the naive version runs on the same plan cut to a tenth and is also shown scaled by 100 (it is
quadratic); both figures are labelled.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from shiftapp.rules import (
    AssignmentSnapshot,
    EmployeeSnapshot,
    MoveShift,
    RuleSettings,
    ShiftSnapshot,
    StaffPlan,
    evaluate,
    evaluate_change,
)

START = datetime(2026, 1, 5, tzinfo=UTC)
SETTINGS = RuleSettings(timezone="Europe/Rome")


def generate(n_shifts: int, n_employees: int, seed: int = 7, days: int = 90) -> StaffPlan:
    """Shifts spread over `days`; every shift holds two of the employees, drawn at random."""
    rng = random.Random(seed)
    shifts = []
    for i in range(n_shifts):
        start = START + timedelta(days=rng.randrange(days), hours=rng.choice([6, 8, 14, 16, 22]))
        shifts.append(
            ShiftSnapshot(
                id=f"s{i}",
                bureau_id=f"b{i % 5}",
                bureau_name=f"Bureau {i % 5}",
                start=start,
                end=start + timedelta(hours=8),
                capacity=2,
                status="confirmed",
                shift_type=rng.choice(["Morning", "Afternoon", "Evening"]),
            )
        )
    people = [
        EmployeeSnapshot(
            id=f"e{i}", full_name=f"Employee {i}", shift_role=rng.choice(["editor", "senior", "correspondent"])
        )
        for i in range(n_employees)
    ]
    assignments = []
    for shift in shifts:
        for employee in rng.sample(people, 2):
            assignments.append(
                AssignmentSnapshot(id=f"a-{shift.id}-{employee.id}", shift_id=shift.id, employee_id=employee.id)
            )
    return StaffPlan.build(shifts=shifts, assignments=assignments, employees=people)


def naive_sweep_rules(plan: StaffPlan, settings: RuleSettings) -> int:
    """double_booking, min_rest and back_to_back by comparing every pair of assignments (it only counts
    the pairs it finds; the engine also writes each conflict's message)."""
    rest = timedelta(hours=settings.min_rest_hours)
    tight = rest + timedelta(hours=settings.back_to_back_margin_hours)
    rows = [(a.employee_id, plan.shifts[a.shift_id]) for a in plan.assignments.values()]
    found = 0
    for i, (employee_i, shift_i) in enumerate(rows):
        for employee_j, shift_j in rows[i + 1 :]:
            if employee_i != employee_j:
                continue
            first, second = sorted((shift_i, shift_j), key=lambda s: s.start)
            # An overlap (double_booking) or too little rest between them (min_rest, back_to_back).
            if second.start < first.end or second.start - first.end < tight:
                found += 1
    return found


def time_it(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shifts", type=int, default=10_000)
    parser.add_argument("--employees", type=int, default=500)
    parser.add_argument("--moves", type=int, default=300)
    args = parser.parse_args(argv)

    build_started = time.perf_counter()
    plan = generate(args.shifts, args.employees)
    build = time.perf_counter() - build_started
    full = time_it(lambda: evaluate(generate_cached(plan), SETTINGS), repeat=3)
    conflicts = evaluate(plan, SETTINGS)

    rng = random.Random(11)
    timings = []
    for _ in range(args.moves):
        shift = plan.shifts[f"s{rng.randrange(args.shifts)}"]
        delta = timedelta(hours=rng.choice([-24, -8, 8, 24, 48]))
        change = MoveShift(shift.id, shift.start + delta, shift.end + delta)
        started = time.perf_counter()
        evaluate_change(plan, change, SETTINGS)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p50, p95 = statistics.median(timings), timings[int(0.95 * len(timings)) - 1]

    small = generate(args.shifts // 10, args.employees // 10)
    engine_small = time_it(lambda: evaluate(generate_cached(small), SETTINGS), repeat=3)
    naive_small = time_it(lambda: naive_sweep_rules(small, SETTINGS))
    later = timedelta(hours=8)
    move_small = MoveShift("s1", small.shifts["s1"].start + later, small.shifts["s1"].end + later)
    naive_change_small = time_it(lambda: (naive_sweep_rules(small, SETTINGS), naive_sweep_rules(small, SETTINGS)))

    print(
        f"plan: {len(plan.shifts):,} shifts, {len(plan.assignments):,} assignments, {len(plan.employees)} employees "
        f"(built and validated in {build:.2f} s); {len(conflicts):,} conflicts found"
    )
    print(f"{'measure':44} {'engine':>12} {'naive all-pairs':>18}")
    print(f"{'evaluate, full plan (s)':44} {full:12.3f} {naive_small * 100:>15.1f} s*")
    print(f"{'evaluate_change, one move p50 (ms)':44} {p50:12.2f} {naive_change_small * 100 * 1000:>15.0f} ms*")
    print(f"{'evaluate_change, one move p95 (ms)':44} {p95:12.2f}")
    print(f"{'evaluate, 1/10 plan (s), both measured':44} {engine_small:12.3f} {naive_small:>16.2f} s")
    print(
        f"{'evaluate_change, 1/10 plan (ms), both measured':44} "
        f"{time_it(lambda: evaluate_change(small, move_small, SETTINGS)) * 1000:12.2f} "
        f"{naive_change_small * 1000:>15.0f} ms"
    )
    print("* naive figure on the full plan = its 1/10-plan time x 100 (all pairs grow with the square)")


def generate_cached(plan: StaffPlan) -> StaffPlan:
    """A fresh plan object over the same data, so each timing builds its indexes from scratch."""
    return StaffPlan(
        shifts=plan.shifts,
        assignments=plan.assignments,
        employees=plan.employees,
        leaves=plan.leaves,
        preferences=plan.preferences,
        missions=plan.missions,
    )


if __name__ == "__main__":
    main()
