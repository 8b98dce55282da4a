"""The app's schedule generation on organisation-sized rosters: `python -m tests.bench.roster_scale`.

    python -m tests.bench.roster_scale [--people 100,300,1000] [--time-limit 60] [--quick]
                                       [--baselines plain,whole] [--workers 2] [--seed 0]

For each size, a fresh SQLite database gets the scale data of one bureau with that many people
(`shiftapp.seed_scale`: shift templates, roles, preferences, a quarter of rota around the seeding day),
and the generation is asked for the quarter after that rota (91 days, so no stored shift blocks anyone)
with the bureau's three shift templates every day, as many staff on each as the people can give (five
shifts a week each: people x 5 / 21), one senior on each, preferences respected and back-to-back
avoided. The roster problem is built by the app's own `prepare_generation` (fairness on, as always) and
solved as the app's `solve_generation` does, with the time limit of a generation job.

Printed per size, each on the same problem in the same process:
- `app`: the app's solver, `solve_roster`;
- `plain`: the same model given to CP-SAT whole, default portfolio, no start (--baselines plain);
- `whole`: what the app did for rosters with a fairness term before they went through column
  generation: a first roster built person by person, then CP-SAT's LP-heavy worker on the whole model
  from it until the limit (--baselines whole).
Each row: status, objective, best bound, gap (objective less bound, and that as a share of the
objective), seconds to the first roster, wall-clock seconds (building the model included), shifts left
unstaffed, the spread of shifts per person (busiest less least busy), and the load average before and
after. Figures, not assertions: the machine's load changes them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a file or from elsewhere: the repository's packages still import
    sys.path.insert(0, str(ROOT))

# The seeding day of the scale data (fixed, so every run builds the same rosters); the generated quarter
# starts on the Monday after its rota ends.
SEEDED_ON = date(2027, 1, 11)
QUARTER_DAYS = 91


def build_generation(people: int) -> Any:  # shiftapp.services.ai_scheduling.Generation
    """One bureau of `people` from the scale data, and the app's generation request for the next quarter."""
    from sqlmodel import Session, create_engine, select

    from shiftapp.models import Bureau, Employee, ShiftTemplate, metadata
    from shiftapp.seed_scale import ScaleCounts, seed_scale
    from shiftapp.services.ai_scheduling import prepare_generation
    from shiftapp.services.generation_contracts import GenerationConstraints, GenerationRequest, ShiftPattern

    folder = tempfile.mkdtemp(prefix=f"shiftapp-roster-scale-{people}-")
    engine = create_engine(f"sqlite:///{folder}/scale.db")
    metadata.create_all(engine)
    counts = ScaleCounts(bureaus=1, employees=people, branches=1, orders=10, customers=5, plan_units=2)
    seed_scale(engine, counts, today=SEEDED_ON)
    rota_end = SEEDED_ON + timedelta(days=counts.days - counts.days // 2 - 1)
    start = rota_end + timedelta(days=7 - rota_end.weekday())
    with Session(engine) as session:
        bureau = session.exec(select(Bureau)).one()
        admin = session.exec(select(Employee).where(Employee.email == "admin@example.com")).one()
        templates = session.exec(select(ShiftTemplate).where(ShiftTemplate.bureau_id == bureau.id)).all()
        staff = max(1, people * 5 // (7 * len(templates)))
        request = GenerationRequest(
            bureau_id=bureau.id,
            start_date=start,
            end_date=start + timedelta(days=QUARTER_DAYS - 1),
            shift_patterns=tuple(
                ShiftPattern(name=t.name, start_time=t.start_time, end_time=t.end_time, days=tuple(t.days), staff=staff)
                for t in sorted(templates, key=lambda t: t.start_time)
            ),
            constraints=GenerationConstraints(min_senior_per_shift=1),
        )
        generation = prepare_generation(session=session, actor=admin, request=request)
    engine.dispose()
    return generation


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


HEADER = (
    f"  {'solver':7} {'status':>8} {'objective':>9} {'bound':>10} {'gap':>9} {'gap %':>7} {'first s':>7} "
    f"{'seconds':>7} {'unstaffed':>9} {'spread':>6}  load before/after"
)


def _row(
    label: str,
    status: str,
    objective: int | None,
    bound: float | None,
    first: float | None,
    seconds: float,
    roster: dict[str, list[str | None]] | None,
    problem: Any,
    load_before: str,
) -> None:
    load = f"{load_before}/{_load()}"
    if objective is None or not roster:
        dashes = f"{'-':>9} {'-':>10} {'-':>9} {'-':>7} {'-':>7}"
        print(f"  {label:7} {status:>8} {dashes} {seconds:7.1f} {'-':>9} {'-':>6}  {load}", flush=True)
        return
    from shiftapp.scheduling.roster_penalties import soft_violations

    unstaffed = sum(v.amount for v in soft_violations(problem, roster) if v.rule == "cover_under" and v.role is None)
    totals = [sum(1 for shift in row if shift) for row in roster.values()]
    bound = bound or 0.0
    gap = objective - bound
    share = 100.0 * gap / objective if objective else 0.0
    first_text = f"{first:7.1f}" if first is not None else f"{'-':>7}"
    print(
        f"  {label:7} {status:>8} {objective:9} {bound:10.1f} {gap:9.1f} {share:6.2f}% {first_text} {seconds:7.1f} "
        f"{unstaffed:9} {max(totals) - min(totals):6}  {load}",
        flush=True,
    )


def run_app(problem: Any, time_limit_s: float, workers: int, seed: int) -> None:
    from shiftapp.scheduling.roster import solve_roster

    load, began = _load(), time.perf_counter()
    # solve_generation's own call; it would raise where no roster was found, which is a figure here.
    solution = solve_roster(problem, time_limit_s=time_limit_s, workers=workers, seed=seed)
    _row(
        "app",
        solution.status,
        solution.objective,
        solution.best_bound,
        solution.first_solution_seconds,
        time.perf_counter() - began,
        solution.assignment,
        problem,
        load,
    )


def run_plain(problem: Any, time_limit_s: float, workers: int, seed: int) -> None:
    from shiftapp.scheduling.cpsat_run import run_cpsat
    from shiftapp.scheduling.roster_model import build_roster_model

    load, began = _load(), time.perf_counter()
    rm = build_roster_model(problem)
    found = run_cpsat(
        rm.model,
        time_limit_s=max(0.1, time_limit_s - (time.perf_counter() - began)),
        subsolvers=None,
        workers=workers,
        seed=seed,
    )
    roster = rm.assignment(found.values) if found.values is not None else None
    status = "OPTIMAL" if found.optimal else ("FEASIBLE" if roster else "UNKNOWN")
    _row("plain", status, found.objective, found.bound, None, time.perf_counter() - began, roster, problem, load)


def run_whole(problem: Any, time_limit_s: float, workers: int, seed: int) -> None:
    from shiftapp.scheduling.cpsat_run import PROOF_WORKERS, Clock, run_cpsat, set_hint
    from shiftapp.scheduling.roster_construct import roster_person_by_person
    from shiftapp.scheduling.roster_model import build_roster_model
    from shiftapp.scheduling.roster_penalties import roster_cost

    load, began = _load(), time.perf_counter()
    clock = Clock(time_limit_s)
    rm = build_roster_model(problem, deadline=clock)
    first = roster_person_by_person(problem, clock, workers=workers)
    first_seconds = clock.elapsed() if first is not None else None
    roster, objective, bound, status = first, None, None, "UNKNOWN"
    if first is not None:
        objective, status = roster_cost(problem, first), "FEASIBLE"
        pairs = rm.hint_pairs(first)
        set_hint(rm.model.Proto(), [value for _var, value in pairs], [var.Index() for var, _value in pairs])
        run = run_cpsat(rm.model, time_limit_s=clock.left(), subsolvers=PROOF_WORKERS, workers=workers, seed=seed)
        bound = run.bound
        if run.values is not None and run.objective is not None and run.objective <= objective:
            roster = rm.assignment(run.values)
            objective = roster_cost(problem, roster)
            status = "OPTIMAL" if run.optimal else "FEASIBLE"
    _row("whole", status, objective, bound, first_seconds, time.perf_counter() - began, roster, problem, load)


RUNNERS = {"plain": run_plain, "whole": run_whole}


def run(sizes: list[int], time_limit_s: float, baselines: list[str], workers: int, seed: int) -> None:
    print(f"{os.cpu_count()} cores shared with other work; {time_limit_s:g} s a solve, {workers} workers", flush=True)
    print(HEADER, flush=True)
    for people in sizes:
        began = time.perf_counter()
        problem = build_generation(people).problem
        cells = sum(
            1 for person in problem.staff for d in range(problem.horizon) for s in problem.shifts
            if problem.may_work(person, d, s)
        )  # fmt: skip
        wanted = sum(c.requirement for c in problem.cover if c.role is None)
        print(
            f"{people} people x {problem.horizon} days, {len(problem.shifts)} shift types, {wanted} shifts wanted, "
            f"{cells} cells that may be worked, fairness weight {problem.fairness_weight} (data and problem built "
            f"in {time.perf_counter() - began:.1f} s)",
            flush=True,
        )
        run_app(problem, time_limit_s, workers, seed)
        for name in baselines:
            RUNNERS[name](problem, time_limit_s, workers, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", default="100,300,1000", help="roster sizes, e.g. 100,300,1000")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds a solve")
    parser.add_argument("--quick", action="store_true", help="30 and 100 people, 20 s a solve")
    parser.add_argument("--baselines", default="plain,whole", help="any of plain, whole (comma-separated), or none")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    # The app's settings read DATABASE_URL: a database of the benchmark's own, never the developer's.
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='shiftapp-roster-scale-')}/app.db"
    sizes, limit = [int(part) for part in args.people.split(",") if part.strip()], args.time_limit
    if args.quick:
        sizes, limit = [30, 100], 20.0
    baselines = [name.strip() for name in args.baselines.split(",") if name.strip() and name.strip() != "none"]
    unknown = [name for name in baselines if name not in RUNNERS]
    if unknown:
        parser.error(f"unknown baseline {unknown[0]!r}: choose from {', '.join(RUNNERS)}")
    run(sizes, limit, baselines, args.workers, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
